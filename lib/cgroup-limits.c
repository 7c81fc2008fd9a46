/*
 * cgroup-limits.c - a group's limits, in the form each layout wants: v2's
 * "max" is v1's -1, v1 limits memory and swap together, and v1 takes a CFS
 * quota only below its period.
 */
#include "compat.h"
#include "cgroup-limits.h"

#include <stdio.h>
#include <string.h>

int cgroup_set(const struct cgroup *cg, enum cgroup_knob k, const char *val)
{
	const char *file;

	if ((unsigned) k >= CGK_NKNOBS)
		return -EINVAL;
	file = cgroup_knob_name(cg->lo, k);
	if (!file)
		return -EOPNOTSUPP;
	return cgroup_write(cg, cgroup_knob_ctrl(k), file, val);
}

/* a limit as the file wants it: "max" on v2, "-1" on v1 */
static void limit_str(uint64_t v, bool v2, char *buf, size_t len)
{
	if (v == CGROUP_LIMIT_MAX)
		snprintf(buf, len, "%s", v2 ? "max" : "-1");
	else
		snprintf(buf, len, "%llu", (unsigned long long) v);
}

int cgroup_set_memory(const struct cgroup *cg, uint64_t max, uint64_t high,
		      uint64_t swap)
{
	bool v2 = cgroup_ctrl_v2(cg, CGROUP_MEMORY), swap_first = false;
	char buf[32];
	int rc;

	/*
	 * v1 refuses memory above memory+swap at any moment: raising both (an
	 * update), memory+swap must go first; lowering, last.  Try it first.
	 */
	if (!v2 && max != CGROUP_UNSET && swap != CGROUP_UNSET && max != CGROUP_LIMIT_MAX &&
	    swap != CGROUP_LIMIT_MAX && swap <= UINT64_MAX - 2 - max) {
		limit_str(swap + max, v2, buf, sizeof(buf));
		swap_first = cgroup_set(cg, CGK_MEM_SWAP_MAX, buf) == 0;
	} else if (!v2 && swap != CGROUP_UNSET &&
		   (max == CGROUP_LIMIT_MAX || swap == CGROUP_LIMIT_MAX)) {
		swap_first = cgroup_set(cg, CGK_MEM_SWAP_MAX, "-1") == 0;
	}
	if (max != CGROUP_UNSET) {
		limit_str(max, v2, buf, sizeof(buf));
		rc = cgroup_set(cg, CGK_MEM_MAX, buf);
		if (rc < 0)
			return rc;
	}
	if (high != CGROUP_UNSET) {
		limit_str(high, v2, buf, sizeof(buf));
		rc = cgroup_set(cg, CGK_MEM_HIGH, buf);
		if (rc < 0)
			return rc;
	}
	if (swap == CGROUP_UNSET || swap_first)
		return 0;
	if (!v2) {
		/* v1 limits memory+swap together, and never below memory alone */
		if (max == CGROUP_UNSET)
			return -EINVAL;
		if (max == CGROUP_LIMIT_MAX || swap == CGROUP_LIMIT_MAX)
			swap = CGROUP_LIMIT_MAX;
		else if (swap > UINT64_MAX - 2 - max)
			return -ERANGE;
		else
			swap += max;
	}
	limit_str(swap, v2, buf, sizeof(buf));
	return cgroup_set(cg, CGK_MEM_SWAP_MAX, buf);
}

int cgroup_set_cpu_quota(const struct cgroup *cg, uint64_t quota_us,
			 uint64_t period_us)
{
	char buf[64];
	int rc;

	if (cgroup_ctrl_v2(cg, CGROUP_CPU)) {
		snprintf(buf, sizeof(buf), "%llu %llu", (unsigned long long) quota_us,
			 (unsigned long long) period_us);
		return cgroup_set(cg, CGK_CPU_MAX, buf);
	}
	/* the period first: the kernel checks quota against it */
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long) period_us);
	rc = cgroup_set(cg, CGK_CPU_PERIOD, buf);
	if (rc < 0)
		return rc;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long) quota_us);
	return cgroup_set(cg, CGK_CPU_MAX, buf);
}

int cgroup_set_weight(const struct cgroup *cg, enum cgroup_ctrl c,
		      uint64_t weight)
{
	bool v2 = cgroup_ctrl_v2(cg, c);
	char buf[64];
	uint64_t v;
	int rc;

	if (weight < 1 || weight > 10000)
		return -ERANGE;
	if (c == CGROUP_CPU) {
		/* cpu.shares: 1024 is the default as 100 is cpu.weight's */
		v = v2 ? weight : weight * 1024 / 100;
		if (!v2 && v < 2)
			v = 2;
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long) v);
		return cgroup_set(cg, CGK_CPU_WEIGHT, buf);
	}
	if (c != CGROUP_IO)
		return -EINVAL;
	if (v2) {
		snprintf(buf, sizeof(buf), "default %llu", (unsigned long long) weight);
		return cgroup_set(cg, CGK_IO_WEIGHT, buf);
	}
	/* BFQ's weight runs 1-1000 with 100 the default, like io.weight's start */
	v = weight > 1000 ? 1000 : weight;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long) v);
	rc = cgroup_write(cg, CGROUP_IO, "blkio.bfq.weight", buf);
	if (rc != -ENOENT)
		return rc;
	/* CFQ's blkio.weight: 10-1000, 500 the default */
	v = weight * 500 / 100;
	v = v < 10 ? 10 : v > 1000 ? 1000 : v;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long) v);
	return cgroup_write(cg, CGROUP_IO, "blkio.weight", buf);
}

int cgroup_set_io_max(const struct cgroup *cg, unsigned major, unsigned minor,
		      const struct cgroup_io_max *io)
{
	static const char *const keys[] = { "rbps", "wbps", "riops", "wiops" };
	static const char *const v1files[] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
	};
	const uint64_t vals[] = { io->rbps, io->wbps, io->riops, io->wiops };
	bool v2 = cgroup_ctrl_v2(cg, CGROUP_IO);
	char buf[256], num[32];
	size_t i, off;
	int rc;

	if (v2) {
		off = (size_t) snprintf(buf, sizeof(buf), "%u:%u", major, minor);
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			if (vals[i] == CGROUP_UNSET)
				continue;
			limit_str(vals[i], true, num, sizeof(num));
			off += (size_t) snprintf(buf + off, sizeof(buf) - off, " %s=%s", keys[i], num);
		}
		return cgroup_set(cg, CGK_IO_MAX, buf);
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (vals[i] == CGROUP_UNSET)
			continue;
		/* v1 lifts a throttle by writing 0 */
		snprintf(buf, sizeof(buf), "%u:%u %llu", major, minor,
			 vals[i] == CGROUP_LIMIT_MAX ? 0ULL : (unsigned long long) vals[i]);
		rc = cgroup_write(cg, CGROUP_IO, v1files[i], buf);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cgroup_set_hugetlb(const struct cgroup *cg, const char *pagesize, uint64_t limit)
{
	bool v2 = cgroup_ctrl_v2(cg, CGROUP_HUGETLB);
	char file[64], val[32];
	int rc;

	snprintf(val, sizeof(val), "%llu", (unsigned long long) limit);
	rc = cgroup_hugetlb_file(pagesize, v2, false, file, sizeof(file));
	if (rc == 0)
		rc = cgroup_write(cg, CGROUP_HUGETLB, file, val);
	if (rc < 0)
		return rc;
	rc = cgroup_hugetlb_file(pagesize, v2, true, file, sizeof(file));
	if (rc == 0)
		rc = cgroup_write(cg, CGROUP_HUGETLB, file, val);
	/* no reservation accounting before Linux 5.7: the limit alone then */
	return rc == -ENOENT ? 0 : rc;
}
