/*
 * cgroup-limits.h - the knobs of a group: memory, CPU, cpuset, pids, I/O
 * and huge page limits, written in the form each layout wants.  0 or -errno;
 * -EOPNOTSUPP when the layout has no file for a limit given.
 */
#ifndef XNS_CGROUP_LIMITS_H
#define XNS_CGROUP_LIMITS_H

#include "cgroup-group.h"

/* a limit not given, and a limit lifted ("max") */
#define CGROUP_UNSET (UINT64_MAX - 1)
#define CGROUP_LIMIT_MAX UINT64_MAX

struct cgroup_io_max {
	char dev[64];              /* "MAJ:MIN" or a path to resolve */
	uint64_t rbps, wbps, riops, wiops;   /* CGROUP_UNSET, a number, or CGROUP_LIMIT_MAX */
};

/** cgroup_set - cgroup_write() of a knob; -EOPNOTSUPP when the layout lacks it */
int cgroup_set(const struct cgroup *cg, enum cgroup_knob k, const char *val);

/**
 * cgroup_set_memory - memory.max (@max), memory.high (@high, v2 only) and
 * swap (@swap): memory.swap.max on v2, memory.memsw.limit_in_bytes =
 * @max + @swap on v1, which therefore needs @max.  CGROUP_UNSET leaves a
 * value alone.  -EOPNOTSUPP when the layout has no file for one given.
 */
int cgroup_set_memory(const struct cgroup *cg, uint64_t max, uint64_t high,
		      uint64_t swap);

/**
 * cgroup_set_cpu_quota - cpu.max "QUOTA PERIOD" on v2, cfs_period_us then
 * cfs_quota_us on v1
 */
int cgroup_set_cpu_quota(const struct cgroup *cg, uint64_t quota_us,
			 uint64_t period_us);

/**
 * cgroup_set_weight - a v2-style weight (1-10000, 100 the default) for
 * CGROUP_CPU or CGROUP_IO: cpu.weight / cpu.shares (weight * 1024 / 100),
 * io.weight / blkio.bfq.weight or blkio.weight (scaled into 1-1000 or
 * 10-1000 as systemd does)
 */
int cgroup_set_weight(const struct cgroup *cg, enum cgroup_ctrl c,
		      uint64_t weight);

/**
 * cgroup_set_io_max - io.max "MAJ:MIN rbps=.." on v2; on v1 one
 * blkio.throttle.*_device file per limit given
 */
int cgroup_set_io_max(const struct cgroup *cg, unsigned major, unsigned minor,
		      const struct cgroup_io_max *io);

/**
 * cgroup_set_hugetlb - @limit bytes of huge pages of @pagesize ("2MB"):
 * hugetlb.2MB.max on v2, hugetlb.2MB.limit_in_bytes on v1, then the same
 * limit on reservations (hugetlb.2MB.rsvd.*) where the kernel has them
 * (Linux 5.7), as runc does, so that an mmap beyond it fails at once
 * rather than with SIGBUS at the first touch.  -EINVAL for a @pagesize that
 * is no size; -ENOENT (from the kernel) for one this host lacks.
 */
int cgroup_set_hugetlb(const struct cgroup *cg, const char *pagesize, uint64_t limit);

#endif
