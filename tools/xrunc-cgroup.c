/*
 * xrunc-cgroup.c - linux.cgroupsPath and linux.resources through
 * lib/cgroup, on v1, v2 and hybrid hosts alike.
 *
 * The group has one directory in every hierarchy lib/cgroup knows (on a
 * hybrid host: each v1 controller's, plus cgroup2 for cgroup.kill and
 * cgroup.events), all at the same path, so that delete finds and removes
 * every one of them from the path and controller set in state.json.
 *
 * But one: a v1 cpuset group is made only when linux.resources names CPUs
 * or memory nodes, when a cgroup mount shows the container its groups, or
 * when update first asks for CPUs.  Its mkdir waits for an RCU
 * grace period in the kernel (1.4 to 2 ms here, a fifth of a whole start),
 * and a container without one runs on its parent's CPUs and nodes, which is
 * what a new group would copy.
 */
#include "compat.h"
#include "cgroup.h"
#include "cleanup.h"
#include "cli.h"
#include "devfilter.h"
#include "kfile.h"
#include "parse.h"
#include "xrunc.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
#ifndef CGROUP_SUPER_MAGIC
# define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

/*
 * runc's rules: an absolute cgroupsPath is taken from each hierarchy's
 * root; a relative one is below the cgroup of PID 1 (which is the root on
 * this kind of host: we take the root); none at all is "/ID".
 */
static char *group_path(const struct oci_spec *spec, const char *id)
{
	const char *p = spec->cgroups_path;

	if (!p || !*p)
		return xasprintf("/%s", id);
	if (strchr(p, ':'))
		xrunc_fail(0, "config.json: linux.cgroupsPath: '%s' is a systemd slice:unit path; "
			   "systemd cgroups are not supported", p);
	return xasprintf("%s%s", p[0] == '/' ? "" : "/", p);
}

/* the controllers that linux.resources needs: refused when the host lacks one */
static unsigned needed(const struct oci_resources *r)
{
	unsigned need = 0;

	if (r->mem_limit.has || r->mem_reservation.has || r->mem_swap.has ||
	    r->mem_swappiness.has || r->mem_disable_oom_killer)
		need |= CGROUP_BIT(CGROUP_MEMORY);
	if (r->cpu_shares.has || r->cpu_quota.has || r->cpu_period.has || r->cpu_idle.has)
		need |= CGROUP_BIT(CGROUP_CPU);
	if (r->cpu_cpus || r->cpu_mems)
		need |= CGROUP_BIT(CGROUP_CPUSET);
	if (r->pids_limit.has)
		need |= CGROUP_BIT(CGROUP_PIDS);
	if (r->blkio_weight.has || r->n_blkio_weight_dev || r->n_blkio_throttle[0] ||
	    r->n_blkio_throttle[1] || r->n_blkio_throttle[2] || r->n_blkio_throttle[3])
		need |= CGROUP_BIT(CGROUP_IO);
	if (r->n_hugepages)
		need |= CGROUP_BIT(CGROUP_HUGETLB);
	return need;
}

void xrunc_cgroup_check_or_err(const struct oci_resources *r, const char *where)
{
	char sizes[CGROUP_HUGETLB_MAX_SIZES * 24];
	size_t i;
	int rc, n;

	for (i = 0; i < r->n_hugepages; i++) {
		const char *ps = r->hugepages[i].key;

		rc = cgroup_hugetlb_check("", ps);
		if (rc == 0)
			continue;
		if (rc == -EINVAL)
			xrunc_fail(0, "%s: linux.resources.hugepageLimits[%zu].pageSize: '%s' is not "
				   "a huge page size (a number and KB, MB or GB: 2MB)", where, i, ps);
		n = cgroup_hugetlb_sizes("", sizes, sizeof(sizes));
		if (n > 0)
			xrunc_fail(0, "%s: linux.resources.hugepageLimits[%zu].pageSize: '%s': this "
				   "host's huge page sizes are %s", where, i, ps, sizes);
		xrunc_fail(rc == -ENOENT ? 0 : rc, "%s: linux.resources.hugepageLimits[%zu].pageSize: "
			   "'%s': this host has no huge pages", where, i, ps);
	}
}

/*
 * the groups above a nested cgroupsPath, one level at a time through
 * cgroup_create, so that each new v1 cpuset level gets its parent's CPUs
 * and memory nodes (an empty one would refuse every process below it);
 * they are left in place on delete, as runc leaves them
 */
static int make_parents(const struct cgroup_layout *lo, const char *parent, unsigned ctrls)
{
	_cleanup_free_ char *walk = xstrdup(parent);
	char *s = walk;
	int rc;

	while ((s = strchr(s + 1, '/')) || s == NULL) {
		_cleanup_free_ char *up = NULL;
		struct cgroup cg;
		char *last;

		if (s)
			*s = '\0';
		last = strrchr(walk, '/');
		up = last == walk ? xstrdup("/") : xasprintf("%.*s", (int) (last - walk), walk);
		rc = cgroup_create(&cg, lo, up, last + 1, ctrls, 0);
		if (rc == 0)
			cg.created = false;     /* keep it: it is a parent now */
		cgroup_close(&cg);
		free(cg.path);
		if (rc < 0 && rc != -EEXIST)
			return rc;
		if (!s)
			return 0;
		*s = '/';
	}
	return 0;
}

/*
 * every cgroup v1 hierarchy mounted under /sys/fs/cgroup, named ones
 * ("systemd") and those lib/cgroup serves from cgroup2 on a hybrid host
 * (cpuacct, freezer) or does not know (devices) included: the container
 * gets a group in each, as runc gives it, so that every hierarchy shows it
 * in its own group and delete finds it everywhere.  NULL-terminated.
 */
char **xrunc_cgroup_v1_mounts(void)
{
	char **list = xcalloc(CGROUP_MAX_HIER * 2 + 1, sizeof(char *));
	struct dirent *de;
	DIR *d = opendir(CGROUP_ROOT);
	int n = 0;

	while (d && (de = readdir(d)) && n < CGROUP_MAX_HIER * 2) {
		_cleanup_free_ char *path = NULL;
		struct statfs sf;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf(CGROUP_ROOT "/%s", de->d_name);
		/* "cpu,cpuacct" style links name a hierarchy listed already */
		if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || statfs(path, &sf) < 0 ||
		    sf.f_type != CGROUP_SUPER_MAGIC)
			continue;
		list[n++] = steal_pointer(&path);
	}
	if (d)
		closedir(d);
	return list;
}

void xrunc_free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* runc's defaults, allowed after the config's own device rules */
static const char *const default_dev_rules[] = {
	"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm",
	"c 1:5 rwm", "c 1:9 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm",
};

/* linux.resources.devices on the v1 devices hierarchy, in order */
static int device_rules(const struct oci_spec *spec, const char *dir)
{
	const struct oci_resources *r = &spec->resources;
	_cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char rule[96], maj[24], min[24];
	size_t i;
	int rc;

	if (fd < 0)
		return -errno;
	for (i = 0; i < r->n_devices; i++) {
		const struct oci_devrule *d = &r->devices[i];

		snprintf(maj, sizeof(maj), "%lld", (long long) d->major.v);
		snprintf(min, sizeof(min), "%lld", (long long) d->minor.v);
		if (d->type == 'a')
			snprintf(rule, sizeof(rule), "a");
		else
			snprintf(rule, sizeof(rule), "%c %s:%s %s", d->type,
				 d->major.has && d->major.v >= 0 ? maj : "*",
				 d->minor.has && d->minor.v >= 0 ? min : "*",
				 d->access[0] ? d->access : "rwm");
		rc = kfile_write_str(fd, d->allow ? "devices.allow" : "devices.deny", rule);
		if (rc < 0)
			return rc;
	}
	if (!r->n_devices)
		return 0;
	for (i = 0; i < ARRAY_SIZE(default_dev_rules); i++)
		if ((rc = kfile_write_str(fd, "devices.allow", default_dev_rules[i])) < 0)
			return rc;
	return 0;
}

/* a cgroup mount shows the container its own group in every hierarchy */
static bool sees_cgroups(const struct oci_spec *spec)
{
	size_t i;

	for (i = 0; i < spec->nmounts; i++)
		if (spec->mounts[i].type && (!strcmp(spec->mounts[i].type, "cgroup") ||
					     !strcmp(spec->mounts[i].type, "cgroup2")))
			return true;
	return false;
}

/* the v1 cpuset hierarchy's index, or -1 (none, or cpuset is on cgroup2) */
static int v1_cpuset_hier(const struct cgroup_layout *lo)
{
	int h = lo->by_ctrl[CGROUP_CPUSET];

	return h >= 0 && !lo->hier[h].v2 ? h : -1;
}

/* the group in every v1 hierarchy lib/cgroup left out; device rules there */
static int v1_extra(const struct oci_spec *spec, const struct cgroup_layout *lo,
		    unsigned ctrls, const char *path, bool created)
{
	char **mounts = xrunc_cgroup_v1_mounts();
	int cs = v1_cpuset_hier(lo);
	size_t i;
	int rc = 0;

	for (i = 0; mounts[i] && rc == 0; i++) {
		_cleanup_free_ char *dir = xasprintf("%s%s", mounts[i], path);
		char *s;

		if (cs >= 0 && !(ctrls & CGROUP_BIT(CGROUP_CPUSET)) &&
		    !strcmp(mounts[i], lo->hier[cs].path))
			continue;
		if (created)
			for (s = dir + strlen(mounts[i]) + 1; (s = strchr(s, '/')); s++) {
				*s = '\0';
				mkdir(dir, 0755);
				*s = '/';
			}
		if (created && mkdir(dir, 0755) < 0 && errno != EEXIST)
			rc = -errno;
		if (rc == 0 && !strcmp(strrchr(mounts[i], '/'), "/devices"))
			rc = device_rules(spec, dir);
	}
	xrunc_free_strv(mounts);
	return rc;
}

int xrunc_cgroup_attach_v1(const struct oci_state *st, pid_t pid)
{
	char **mounts = xrunc_cgroup_v1_mounts(), buf[16];
	size_t i;
	int rc = 0;

	snprintf(buf, sizeof(buf), "%d", (int) pid);
	for (i = 0; st->cgroup_path && mounts[i] && rc == 0; i++) {
		_cleanup_free_ char *procs = xasprintf("%s%s/cgroup.procs", mounts[i], st->cgroup_path);

		if (access(procs, F_OK) == 0)
			rc = kfile_write_str(AT_FDCWD, procs, buf);
	}
	xrunc_free_strv(mounts);
	return rc;
}

int xrunc_cgroup_setup(const struct oci_spec *spec, const char *id,
		       struct cgroup *cg, struct cgroup_layout *lo, struct oci_state *st)
{
	_cleanup_free_ char *path = group_path(spec, id);
	unsigned need = needed(&spec->resources), ctrls;
	char *slash, *parent, *leaf;
	int rc, c;

	rc = cgroup_layout_detect("", lo);
	if (rc < 0)
		return rc;
	if (lo->kind == CGROUP_LAYOUT_NONE)
		return need ? -ENODEV : 1;
	for (c = 0; c < CGROUP_NCTRL; c++)
		if ((need & CGROUP_BIT(c)) && !cgroup_ctrl_hier(lo, c))
			xrunc_fail(0, "linux.resources: this host has no %s controller",
				   cgroup_ctrl_name(c, lo->kind == CGROUP_LAYOUT_V2));
	ctrls = 0;
	for (c = 0; c < CGROUP_NCTRL; c++)
		if (cgroup_ctrl_hier(lo, c))
			ctrls |= CGROUP_BIT(c);
	if (v1_cpuset_hier(lo) >= 0 && !(need & CGROUP_BIT(CGROUP_CPUSET)) && !sees_cgroups(spec))
		ctrls &= ~CGROUP_BIT(CGROUP_CPUSET);
	/*
	 * on a hybrid host cgroup2 serves what no v1 hierarchy took (hugetlb
	 * here): enabling it writes the root's subtree_control, a host-wide
	 * change made only for a container that asks for a limit of it
	 */
	if (lo->kind == CGROUP_LAYOUT_HYBRID)
		for (c = 0; c < CGROUP_NCTRL; c++)
			if (cgroup_ctrl_hier(lo, c) && cgroup_ctrl_hier(lo, c)->v2 &&
			    c != CGROUP_CPUACCT && c != CGROUP_FREEZER && !(need & CGROUP_BIT(c)))
				ctrls &= ~CGROUP_BIT(c);
	if (!cgroup_valid_path(path))
		xrunc_fail(0, "config.json: linux.cgroupsPath: '%s' is not a valid cgroup path", path);
	/* recorded before the directories exist: a kill from here on leaves
	 * a state that delete --force can clean */
	st->cgroup_path = xstrdup(path);
	st->cgroup_ctrls = ctrls;
	st->cgroup_created = true;
	rc = ocistate_write(AT_FDCWD, st);
	if (rc < 0)
		return rc;
	slash = strrchr(path, '/');
	leaf = slash + 1;
	parent = slash == path ? xstrdup("/") : xasprintf("%.*s", (int) (slash - path), path);
	if (strcmp(parent, "/") && (rc = make_parents(lo, parent, ctrls)) < 0) {
		free(parent);
		return rc;
	}
	rc = cgroup_create(cg, lo, parent, leaf, ctrls, need);
	if (rc == -EEXIST) {
		/* a group made beforehand (by an engine): join it, leave it on delete */
		st->cgroup_created = false;
		rc = cgroup_open(cg, lo, ctrls, path);
	}
	free(parent);
	if (rc < 0 || (rc = v1_extra(spec, lo, ctrls, path, st->cgroup_created)) < 0)
		return rc;
	return ocistate_write(AT_FDCWD, st);
}

static const char *i64_or_max(int64_t v, char *buf, size_t len)
{
	if (v < 0)
		return "max";
	snprintf(buf, len, "%lld", (long long) v);
	return buf;
}

static int set_v1_or_v2(const struct cgroup *cg, enum cgroup_ctrl c,
			const char *v1file, const char *v2file, const char *val)
{
	const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, c);

	if (!h)
		return -EOPNOTSUPP;
	if ((h->v2 && !v2file) || (!h->v2 && !v1file))
		return -EOPNOTSUPP;
	return cgroup_write(cg, c, h->v2 ? v2file : v1file, val);
}

/*
 * cgroup v2 has no devices.allow: the same rules (the config's, then
 * runc's defaults) become a BPF device program on the group's cgroup2
 * directory.  On a hybrid host as well, beside the v1 devices group: the
 * kernel asks both (devcgroup_check_permission() runs the program, then
 * the v1 list), so the same rules twice refuse nothing more, and they
 * still hold where no v1 devices hierarchy is mounted or its group was
 * opened up from outside.  It costs one PROG_LOAD and one PROG_ATTACH.
 * Where v1 holds the rules, a kernel or sandbox that refuses the program
 * leaves them to v1 alone, as before.
 */
static int v2_device_rules(const struct oci_spec *spec, const struct cgroup *cg)
{
	static const struct devfilter_rule defaults[] = {
		{ true, 'c', -1, -1, DEVFILTER_MKNOD }, { true, 'b', -1, -1, DEVFILTER_MKNOD },
		{ true, 'c', 1, 3, 0 }, { true, 'c', 1, 8, 0 }, { true, 'c', 1, 7, 0 },
		{ true, 'c', 5, 0, 0 }, { true, 'c', 1, 5, 0 }, { true, 'c', 1, 9, 0 },
		{ true, 'c', 136, -1, 0 }, { true, 'c', 5, 2, 0 }, { true, 'c', 10, 200, 0 },
	};
	const struct oci_resources *r = &spec->resources;
	_cleanup_free_ struct devfilter_rule *rules = NULL;
	struct devfilter_prog prog;
	size_t i, n = 0;
	int rc, h;
	bool v1_holds;

	if (!r->n_devices || cgroup_v2_fd(cg) < 0)
		return 0;
	h = cgroup_hier_by_name(cg->lo, "devices", 7);
	v1_holds = h >= 0 && !cg->lo->hier[h].v2;
	rules = xcalloc(r->n_devices + ARRAY_SIZE(defaults), sizeof(*rules));
	for (i = 0; i < r->n_devices; i++, n++) {
		const struct oci_devrule *d = &r->devices[i];
		const char *a;

		rules[n].allow = d->allow;
		rules[n].type = d->type;
		rules[n].major = d->major.has ? d->major.v : -1;
		rules[n].minor = d->minor.has ? d->minor.v : -1;
		for (a = d->access; *a; a++)
			rules[n].access |= *a == 'r' ? DEVFILTER_READ : *a == 'w' ? DEVFILTER_WRITE :
					   DEVFILTER_MKNOD;
	}
	for (i = 0; i < ARRAY_SIZE(defaults); i++)
		rules[n++] = defaults[i];
	rc = devfilter_build(rules, n, &prog);
	if (rc < 0)
		return rc;
	rc = devfilter_attach(&prog, cgroup_v2_fd(cg));
	devfilter_free(&prog);
	if (rc >= 0)
		close(rc);     /* the group keeps the program attached */
	if (rc < 0 && v1_holds) {
		xrunc_debug("devices: no BPF program on the cgroup2 group (%s): the v1 rules alone",
			    strerror(-rc));
		return 0;
	}
	return rc < 0 ? rc : 0;
}

#define TRY(what, expr) do { int _rc = (expr); if (_rc < 0) \
	xrunc_fail(_rc, "linux.resources.%s", what); } while (0)

int xrunc_cgroup_apply(const struct oci_spec *spec, struct cgroup *cg)
{
	const struct oci_resources *r = &spec->resources;
	char buf[64], buf2[32];
	size_t i;

	if (r->mem_limit.has || r->mem_swap.has) {
		uint64_t max = !r->mem_limit.has ? CGROUP_UNSET :
			       r->mem_limit.v < 0 ? CGROUP_LIMIT_MAX : (uint64_t) r->mem_limit.v;
		uint64_t swap = CGROUP_UNSET;

		/* the spec's swap is memory+swap; lib/cgroup's is swap alone */
		if (r->mem_swap.has && r->mem_swap.v < 0)
			swap = CGROUP_LIMIT_MAX;
		else if (r->mem_swap.has && r->mem_limit.has && r->mem_limit.v >= 0) {
			if (r->mem_swap.v < r->mem_limit.v)
				xrunc_fail(0, "linux.resources.memory.swap: smaller than the limit");
			swap = (uint64_t) (r->mem_swap.v - r->mem_limit.v);
		}
		TRY("memory", cgroup_set_memory(cg, max, CGROUP_UNSET, swap));
	}
	if (r->mem_reservation.has)
		TRY("memory.reservation", set_v1_or_v2(cg, CGROUP_MEMORY,
		    "memory.soft_limit_in_bytes", "memory.low",
		    i64_or_max(r->mem_reservation.v, buf, sizeof(buf))));
	if (r->mem_swappiness.has) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long) r->mem_swappiness.v);
		TRY("memory.swappiness", set_v1_or_v2(cg, CGROUP_MEMORY, "memory.swappiness", NULL, buf));
	}
	if (r->mem_disable_oom_killer)
		TRY("memory.disableOOMKiller", set_v1_or_v2(cg, CGROUP_MEMORY,
		    "memory.oom_control", NULL, "1"));
	if (r->pids_limit.has)
		TRY("pids.limit", cgroup_set(cg, CGK_PIDS_MAX,
		    i64_or_max(r->pids_limit.v > 0 ? r->pids_limit.v : -1, buf, sizeof(buf))));
	if (r->cpu_shares.has) {
		const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, CGROUP_CPU);
		uint64_t s = r->cpu_shares.v;

		if (h && h->v2)    /* runc's conversion of shares to a weight */
			snprintf(buf, sizeof(buf), "%llu", s < 2 ? 1ull :
				 (unsigned long long) (1 + ((s - 2) * 9999) / 262142));
		else
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long) s);
		TRY("cpu.shares", set_v1_or_v2(cg, CGROUP_CPU, "cpu.shares", "cpu.weight", buf));
	}
	if (r->cpu_quota.has || r->cpu_period.has) {
		const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, CGROUP_CPU);
		uint64_t period = r->cpu_period.has ? r->cpu_period.v : 100000;

		if (h && h->v2) {
			snprintf(buf, sizeof(buf), "%s %llu", r->cpu_quota.has && r->cpu_quota.v > 0 ?
				 i64_or_max(r->cpu_quota.v, buf2, sizeof(buf2)) : "max",
				 (unsigned long long) period);
			TRY("cpu.quota", cgroup_write(cg, CGROUP_CPU, "cpu.max", buf));
		} else {
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long) period);
			TRY("cpu.period", cgroup_write(cg, CGROUP_CPU, "cpu.cfs_period_us", buf));
			if (r->cpu_quota.has)
				TRY("cpu.quota", cgroup_write(cg, CGROUP_CPU, "cpu.cfs_quota_us",
					r->cpu_quota.v > 0 ? i64_or_max(r->cpu_quota.v, buf, sizeof(buf)) : "-1"));
		}
	}
	if (r->cpu_idle.has)
		TRY("cpu.idle", set_v1_or_v2(cg, CGROUP_CPU, NULL, "cpu.idle",
					     r->cpu_idle.v ? "1" : "0"));
	if (r->cpu_cpus)
		TRY("cpu.cpus", cgroup_set(cg, CGK_CPUSET_CPUS, r->cpu_cpus));
	if (r->cpu_mems)
		TRY("cpu.mems", cgroup_set(cg, CGK_CPUSET_MEMS, r->cpu_mems));
	if (r->blkio_weight.has) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long) r->blkio_weight.v);
		TRY("blockIO.weight", set_v1_or_v2(cg, CGROUP_IO, "blkio.weight", "io.weight", buf));
	}
	for (i = 0; i < r->n_blkio_weight_dev; i++) {
		const struct oci_blkio_dev *d = &r->blkio_weight_dev[i];
		const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, CGROUP_IO);

		if (!d->weight.has)
			continue;
		snprintf(buf, sizeof(buf), "%lld:%lld %llu", (long long) d->major,
			 (long long) d->minor, (unsigned long long) d->weight.v);
		TRY("blockIO.weightDevice", cgroup_write(cg, CGROUP_IO, h && h->v2 ? "io.weight" :
							 "blkio.weight_device", buf));
	}
	for (i = 0; i < 4; i++) {
		size_t j;

		for (j = 0; j < r->n_blkio_throttle[i]; j++) {
			const struct oci_blkio_dev *d = &r->blkio_throttle[i][j];
			struct cgroup_io_max io = { .rbps = CGROUP_UNSET, .wbps = CGROUP_UNSET,
						    .riops = CGROUP_UNSET, .wiops = CGROUP_UNSET };
			uint64_t *slot[4] = { &io.rbps, &io.wbps, &io.riops, &io.wiops };

			if (!d->rate.has)
				xrunc_fail(0, "linux.resources.blockIO: a throttle without rate");
			*slot[i] = d->rate.v;
			snprintf(io.dev, sizeof(io.dev), "%lld:%lld", (long long) d->major,
				 (long long) d->minor);
			TRY("blockIO", cgroup_set_io_max(cg, (unsigned) d->major,
							 (unsigned) d->minor, &io));
		}
	}
	for (i = 0; i < r->n_hugepages; i++) {
		uint64_t limit;

		if (parse_u64(r->hugepages[i].value, &limit) < 0)
			xrunc_fail(0, "linux.resources.hugepageLimits[%zu].limit: not a number", i);
		TRY("hugepageLimits", cgroup_set_hugetlb(cg, r->hugepages[i].key, limit));
	}
	TRY("devices", v2_device_rules(spec, cg));
	for (i = 0; i < r->n_unified; i++) {
		int fd = cgroup_v2_fd(cg);

		if (fd < 0)
			xrunc_fail(0, "linux.resources.unified: this host has no cgroup2 hierarchy");
		if (strchr(r->unified[i].key, '/') || r->unified[i].key[0] == '.')
			xrunc_fail(0, "linux.resources.unified: '%s' is not a cgroup file", r->unified[i].key);
		TRY("unified", kfile_write_str(fd, r->unified[i].key, r->unified[i].value));
	}
	return 0;
}

/*
 * the group of @st: its directory in every hierarchy where it exists (the
 * recorded controller set may name a hierarchy the group never got, as
 * v1 cpuacct beside cgroup2's accounting); 1 when it has none
 */
int xrunc_cgroup_open(const struct oci_state *st, struct cgroup_layout *lo, struct cgroup *cg)
{
	int rc, h;

	cgroup_init(cg, lo);
	if (!st->cgroup_path)
		return 1;
	if (!cgroup_valid_path(st->cgroup_path))
		return -EINVAL;
	rc = cgroup_layout_detect("", lo);
	if (rc < 0)
		return rc;
	cgroup_init(cg, lo);
	cg->path = xstrdup(st->cgroup_path);
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = xasprintf("%s%s", lo->hier[h].path, st->cgroup_path);

		cg->fd[h] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	return 0;
}

int xrunc_cgroup_signal(const struct oci_state *st, int sig)
{
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	int rc;

	if (!st->cgroup_path)
		return -ENOENT;
	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc < 0)
		return rc;
	rc = sig == SIGKILL ? cgroup_kill(&cg) : cgroup_signal(&cg, sig, 0);
	cgroup_close(&cg);
	free(cg.path);
	cgroup_layout_free(&lo);
	return rc;
}

int xrunc_cgroup_add_cpuset(const struct oci_state *st, struct cgroup *cg)
{
	_cleanup_free_ pid_t *pids = NULL;
	int h = v1_cpuset_hier(cg->lo), fd, n, i, rc = 0;
	char buf[16];

	if (h < 0 || cg->fd[h] >= 0)
		return 0;
	/* the processes first: one that forks meanwhile is seen by the next
	 * read, and the group's own tasks keep their CPUs until moved */
	fd = cgroup_mkdir_path(cg->lo, h, st->cgroup_path);
	if (fd < 0)
		return fd;
	cg->fd[h] = fd;
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		n = xrunc_cgroup_pids(st, &pids);
		for (i = 0; i < n && rc == 0; i++) {
			snprintf(buf, sizeof(buf), "%d", (int) pids[i]);
			rc = kfile_write_str(fd, "cgroup.procs", buf);
			if (rc == -ESRCH)
				rc = 0;
		}
		free(steal_pointer(&pids));
		if (n < 0)
			rc = n;
	}
	return rc;
}

static int rm_group(const char *hier, const char *path, int rc)
{
	_cleanup_free_ char *dir = xasprintf("%s%s", hier, path);
	int tries;

	/* the kernel counts an exiting task a little after SIGKILL */
	for (tries = 0; rmdir(dir) < 0 && errno == EBUSY && tries < 100; tries++)
		usleep(10000);
	return access(dir, F_OK) == 0 && rc == 0 ? -EBUSY : rc;
}

int xrunc_cgroup_destroy(const struct oci_state *st)
{
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	int rc, h;

	if (!st->cgroup_path)
		return 0;
	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc < 0)
		return rc;
	rc = cgroup_kill(&cg);
	if (rc > 0)
		cgroup_wait_empty(&cg, 2000);
	cgroup_close(&cg);
	rc = 0;
	if (st->cgroup_created) {
		char **mounts = xrunc_cgroup_v1_mounts();
		int n = 0;

		for (h = 0; h < lo.nhier; h++)
			rc = rm_group(lo.hier[h].path, st->cgroup_path, rc);
		for (n = 0; mounts[n]; n++)
			rc = rm_group(mounts[n], st->cgroup_path, rc);
		xrunc_free_strv(mounts);
	}
	free(cg.path);
	cgroup_layout_free(&lo);
	return rc;
}

int xrunc_cgroup_pids(const struct oci_state *st, pid_t **pids)
{
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	char buf[65536];
	ssize_t n = -ENOENT;
	int rc, c;

	*pids = NULL;
	if (!st->cgroup_path)
		return 0;
	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc < 0)
		return rc;
	/* not from a v1 cpuset group, which may have been made late */
	for (c = 0; c < CGROUP_NCTRL && n < 0; c++)
		if (cgroup_has(&cg, c) && (c != CGROUP_CPUSET || cgroup_ctrl_v2(&cg, c)))
			n = cgroup_read(&cg, c, "cgroup.procs", buf, sizeof(buf));
	cgroup_close(&cg);
	free(cg.path);
	cgroup_layout_free(&lo);
	if (n < 0)
		return (int) n;
	rc = cgroup_parse_procs(buf, NULL, 0);
	if (rc <= 0)
		return rc;
	*pids = xcalloc((size_t) rc, sizeof(pid_t));
	return cgroup_parse_procs(buf, *pids, rc);
}
