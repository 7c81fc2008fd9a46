/*
 * cgroup-layout.c - which hierarchies this host has, and the file of each
 * knob on each version.
 *
 * The rules that shape this file (Documentation/admin-guide/cgroup-v2.rst,
 * cgroup-v1/):
 *  - a controller lives in exactly one hierarchy; a hybrid host binds most
 *    to v1 mounts, yet its cgroup2 mount still has the core files
 *    (cgroup.kill, cgroup.events, cgroup.freeze, cpu.stat);
 *  - the same v1 hierarchy may be mounted more than once: the first will do.
 */
#include "compat.h"
#include "cgroup-layout.h"
#include "cleanup.h"
#include "mountinfo.h"
#include "parse.h"
#include "proc.h"
#include "proccgroup.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *v1, *v2;
} ctrl_names[CGROUP_NCTRL] = {
	[CGROUP_CPU]     = { "cpu",     "cpu" },
	[CGROUP_CPUACCT] = { "cpuacct", "cpu" },
	[CGROUP_CPUSET]  = { "cpuset",  "cpuset" },
	[CGROUP_MEMORY]  = { "memory",  "memory" },
	[CGROUP_PIDS]    = { "pids",    "pids" },
	[CGROUP_IO]      = { "blkio",   "io" },
	[CGROUP_FREEZER] = { "freezer", "freezer" },
	[CGROUP_HUGETLB] = { "hugetlb", "hugetlb" },
};

/* the per-layout file names: the table of xcgexec(1) */
static const struct {
	enum cgroup_ctrl ctrl;
	const char *v2, *v1;
} knobs[CGK_NKNOBS] = {
	[CGK_MEM_MAX]        = { CGROUP_MEMORY,  "memory.max",       "memory.limit_in_bytes" },
	[CGK_MEM_HIGH]       = { CGROUP_MEMORY,  "memory.high",      NULL },
	[CGK_MEM_SWAP_MAX]   = { CGROUP_MEMORY,  "memory.swap.max",  "memory.memsw.limit_in_bytes" },
	[CGK_MEM_SWAPPINESS] = { CGROUP_MEMORY,  NULL,               "memory.swappiness" },
	[CGK_MEM_PEAK]       = { CGROUP_MEMORY,  "memory.peak",      "memory.max_usage_in_bytes" },
	[CGK_MEM_SWAP_PEAK]  = { CGROUP_MEMORY,  "memory.swap.peak", "memory.memsw.max_usage_in_bytes" },
	[CGK_MEM_OOM]        = { CGROUP_MEMORY,  "memory.events",    "memory.oom_control" },
	[CGK_CPU_MAX]        = { CGROUP_CPU,     "cpu.max",          "cpu.cfs_quota_us" },
	[CGK_CPU_PERIOD]     = { CGROUP_CPU,     "cpu.max",          "cpu.cfs_period_us" },
	[CGK_CPU_WEIGHT]     = { CGROUP_CPU,     "cpu.weight",       "cpu.shares" },
	[CGK_CPU_USER]       = { CGROUP_CPUACCT, "cpu.stat",         "cpuacct.usage_user" },
	[CGK_CPU_SYSTEM]     = { CGROUP_CPUACCT, "cpu.stat",         "cpuacct.usage_sys" },
	[CGK_CPUSET_CPUS]    = { CGROUP_CPUSET,  "cpuset.cpus",      "cpuset.cpus" },
	[CGK_CPUSET_MEMS]    = { CGROUP_CPUSET,  "cpuset.mems",      "cpuset.mems" },
	[CGK_PIDS_MAX]       = { CGROUP_PIDS,    "pids.max",         "pids.max" },
	[CGK_PIDS_PEAK]      = { CGROUP_PIDS,    "pids.peak",        "pids.peak" },
	[CGK_IO_WEIGHT]      = { CGROUP_IO,      "io.weight",        "blkio.bfq.weight" },
	[CGK_IO_MAX]         = { CGROUP_IO,      "io.max",           "blkio.throttle.read_bps_device" },
	[CGK_FREEZE]         = { CGROUP_FREEZER, "cgroup.freeze",    "freezer.state" },
};

const char *cgroup_ctrl_name(enum cgroup_ctrl c, bool v2)
{
	if ((unsigned) c >= CGROUP_NCTRL)
		return NULL;
	return v2 ? ctrl_names[c].v2 : ctrl_names[c].v1;
}

int cgroup_ctrl_lookup(const char *name, size_t len)
{
	int c;

	for (c = 0; c < CGROUP_NCTRL; c++) {
		if (strlen(ctrl_names[c].v1) == len && !strncmp(name, ctrl_names[c].v1, len))
			return c;
		if (strlen(ctrl_names[c].v2) == len && !strncmp(name, ctrl_names[c].v2, len))
			return c;
	}
	return -EINVAL;
}

const char *cgroup_layout_kind_name(enum cgroup_layout_kind k)
{
	switch (k) {
	case CGROUP_LAYOUT_V1:     return "v1";
	case CGROUP_LAYOUT_V2:     return "v2";
	case CGROUP_LAYOUT_HYBRID: return "hybrid";
	default:                   return "none";
	}
}

enum cgroup_ctrl cgroup_knob_ctrl(enum cgroup_knob k)
{
	return knobs[k].ctrl;
}

const char *cgroup_knob_file(enum cgroup_knob k, bool v2)
{
	if ((unsigned) k >= CGK_NKNOBS)
		return NULL;
	return v2 ? knobs[k].v2 : knobs[k].v1;
}

const struct cgroup_hier *cgroup_ctrl_hier(const struct cgroup_layout *lo,
					   enum cgroup_ctrl c)
{
	if ((unsigned) c >= CGROUP_NCTRL || lo->by_ctrl[c] < 0)
		return NULL;
	return &lo->hier[lo->by_ctrl[c]];
}

const char *cgroup_knob_name(const struct cgroup_layout *lo, enum cgroup_knob k)
{
	const struct cgroup_hier *h;

	if ((unsigned) k >= CGK_NKNOBS)
		return NULL;
	h = cgroup_ctrl_hier(lo, knobs[k].ctrl);
	return h ? cgroup_knob_file(k, h->v2) : NULL;
}

static char *join3(const char *a, const char *b, const char *c)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, b, c) < 0)
		return NULL;
	return s;
}

/* ------------------------------------------------------------------ */
/* layout                                                               */

static unsigned ctrls_from_words(const char *text, bool v2)
{
	unsigned mask = 0;
	const char *p = text, *e;
	int c;

	while (*p) {
		p += strspn(p, " \t\n,");
		e = p + strcspn(p, " \t\n,");
		if (e == p)
			break;
		for (c = 0; c < CGROUP_NCTRL; c++) {
			const char *n = cgroup_ctrl_name(c, v2);

			/* on v2, "cpu" is the cpu controller, never cpuacct */
			if (v2 && (c == CGROUP_CPUACCT || c == CGROUP_FREEZER))
				continue;
			if (strlen(n) == (size_t) (e - p) && !strncmp(p, n, e - p))
				mask |= CGROUP_BIT(c);
		}
		p = e;
	}
	return mask;
}

int cgroup_kernel_ctrls(const char *prefix, unsigned *mask)
{
	_cleanup_free_ char *path = join3(prefix, "/proc/cgroups", "");
	_cleanup_free_ char *text = NULL;
	char name[64];
	int hier, num, enabled, c;
	const char *line, *end;
	ssize_t n;

	if (!path)
		return -ENOMEM;
	n = proc_read_file(-1, path, &text);
	if (n < 0)
		return (int) n;
	*mask = 0;
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %d %d %d", name, &hier, &num, &enabled) != 4 || !enabled)
			continue;
		c = cgroup_ctrl_lookup(name, strlen(name));
		if (c >= 0 && strcmp(name, "io"))
			*mask |= CGROUP_BIT(c);
	}
	return 0;
}

/* the controllers of a v1 mount's super options: all but the mount options */
static char *v1_names(const char *superopts)
{
	static const char *const not_ctrl[] = {
		"rw", "ro", "noprefix", "clone_children", "xattr", "all", "none",
		"cpuset_v2_mode", "favordynmods", "nofavordynmods",
	};
	char *out = malloc(strlen(superopts) + 1), *o = out;
	const char *p = superopts;
	size_t n, i;

	if (!out)
		return NULL;
	for (; *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		for (i = 0; i < ARRAY_SIZE(not_ctrl); i++)
			if (strlen(not_ctrl[i]) == n && !strncmp(p, not_ctrl[i], n))
				break;
		if (!n || i < ARRAY_SIZE(not_ctrl) || !strncmp(p, "release_agent=", 14))
			continue;
		if (o != out)
			*o++ = ',';
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	return out;
}

/* cgroup.controllers' words, comma-separated */
static char *v2_names(const char *text)
{
	char *out = strdup(text), *p;

	if (!out)
		return NULL;
	out[strcspn(out, "\n")] = '\0';
	for (p = out; *p; p++)
		if (*p == ' ')
			*p = ',';
	return out;
}

static int add_hier(struct cgroup_layout *lo, const char *prefix,
		    const char *target, bool v2, unsigned ctrls, char *names)
{
	struct cgroup_hier *h;

	if (!names)
		return -ENOMEM;
	if (lo->nhier == CGROUP_MAX_HIER) {
		free(names);
		return 0;
	}
	h = &lo->hier[lo->nhier];
	h->path = join3(prefix, target, "");
	if (!h->path) {
		free(names);
		return -ENOMEM;
	}
	h->names = names;
	h->v2 = v2;
	h->ctrls = ctrls;
	if (v2)
		lo->v2 = lo->nhier;
	lo->nhier++;
	return 0;
}

/* has a v1 hierarchy with these names been seen (mounted twice)? */
static bool seen_names(const struct cgroup_layout *lo, const char *names)
{
	int i;

	for (i = 0; i < lo->nhier; i++)
		if (!lo->hier[i].v2 && !strcmp(lo->hier[i].names, names))
			return true;
	return false;
}

/*
 * The mount table is read with lib/mountinfo rather than libmount: linking
 * libmount (and with it libblkid, libselinux and libpcre2) costs each run
 * about as much as everything else xcgexec does (see docs/BENCHMARKS.md).
 */
int cgroup_layout_detect(const char *prefix, struct cgroup_layout *lo)
{
	_cleanup_free_ char *mi = join3(prefix, "/proc/self/mountinfo", "");
	_cleanup_free_ char *text = NULL;
	struct mountinfo_entry me;
	unsigned seen_v1 = 0;
	int rc = 0, c, i, nv1 = 0;
	char *pos;
	ssize_t n;

	memset(lo, 0, sizeof(*lo));
	lo->v2 = -1;
	for (c = 0; c < CGROUP_NCTRL; c++)
		lo->by_ctrl[c] = -1;
	if (!mi)
		return -ENOMEM;
	n = proc_read_file(-1, mi, &text);
	if (n < 0)
		return (int) n;
	pos = text;
	while (rc == 0 && mountinfo_next(&pos, &me)) {
		unsigned ctrls = 0;
		char *names;

		if (!strcmp(me.fstype, "cgroup2") && lo->v2 < 0) {
			_cleanup_free_ char *cf = join3(prefix, me.target, "/cgroup.controllers");
			_cleanup_free_ char *words = NULL;

			if (!cf) {
				rc = -ENOMEM;
				break;
			}
			if (proc_read_file(-1, cf, &words) < 0)
				words = NULL;
			ctrls = (words ? ctrls_from_words(words, true) : 0) |
				CGROUP_BIT(CGROUP_CPUACCT) | CGROUP_BIT(CGROUP_FREEZER);
			rc = add_hier(lo, prefix, me.target, true, ctrls,
				      v2_names(words ? words : ""));
		} else if (!strcmp(me.fstype, "cgroup")) {
			for (c = 0; c < CGROUP_NCTRL; c++)
				if (proccgroup_list_has(me.superopts, ctrl_names[c].v1,
							strlen(ctrl_names[c].v1)))
					ctrls |= CGROUP_BIT(c);
			names = v1_names(me.superopts);
			if (!names) {
				rc = -ENOMEM;
				break;
			}
			/* the same hierarchy mounted twice: the first will do */
			if (!*names || (ctrls & seen_v1) || seen_names(lo, names)) {
				free(names);
				continue;
			}
			seen_v1 |= ctrls;
			/* named hierarchies (name=systemd) carry no controller */
			if (ctrls)
				nv1++;
			rc = add_hier(lo, prefix, me.target, false, ctrls, names);
		}
	}
	if (rc < 0) {
		cgroup_layout_free(lo);
		return rc;
	}

	/* a controller bound to v1 cannot be on v2 at the same time */
	for (i = 0; i < lo->nhier; i++)
		if (!lo->hier[i].v2)
			for (c = 0; c < CGROUP_NCTRL; c++)
				if (lo->hier[i].ctrls & CGROUP_BIT(c))
					lo->by_ctrl[c] = i;
	if (lo->v2 >= 0) {
		unsigned v2c = lo->hier[lo->v2].ctrls & ~seen_v1;

		for (c = 0; c < CGROUP_NCTRL; c++)
			if (v2c & CGROUP_BIT(c))
				lo->by_ctrl[c] = lo->v2;
		/* the core's accounting and freezer beat v1's: no extra mkdir */
		lo->by_ctrl[CGROUP_CPUACCT] = lo->v2;
		lo->by_ctrl[CGROUP_FREEZER] = lo->v2;
	}
	if (lo->v2 >= 0)
		lo->kind = nv1 ? CGROUP_LAYOUT_HYBRID : CGROUP_LAYOUT_V2;
	else
		lo->kind = nv1 ? CGROUP_LAYOUT_V1 : CGROUP_LAYOUT_NONE;
	return 0;
}

void cgroup_layout_free(struct cgroup_layout *lo)
{
	int i;

	for (i = 0; i < lo->nhier; i++) {
		free(lo->hier[i].path);
		free(lo->hier[i].names);
		lo->hier[i].names = NULL;
		lo->hier[i].path = NULL;
	}
	lo->nhier = 0;
}

/* does hierarchy @h list controller @name of @len bytes? */
static bool hier_lists(const struct cgroup_hier *h, const char *name, size_t len)
{
	return h->names && proccgroup_list_has(h->names, name, len);
}

int cgroup_hier_by_name(const struct cgroup_layout *lo, const char *name,
			size_t len)
{
	static const char *const v2_core[] = { "cpuacct", "freezer", "blkio" };
	size_t i;
	int h;

	if (!len)
		return -ENODEV;
	for (h = 0; h < lo->nhier; h++)
		if (!lo->hier[h].v2 && hier_lists(&lo->hier[h], name, len))
			return h;
	if (lo->v2 < 0 || (len > 5 && !strncmp(name, "name=", 5)))
		return -ENODEV;
	if (hier_lists(&lo->hier[lo->v2], name, len))
		return lo->v2;
	/* v1's names of what cgroup2 has in its core, or calls "io" */
	for (i = 0; i < ARRAY_SIZE(v2_core); i++)
		if (strlen(v2_core[i]) == len && !strncmp(name, v2_core[i], len))
			return (i < 2 || hier_lists(&lo->hier[lo->v2], "io", 2)) ? lo->v2 : -ENODEV;
	return -ENODEV;
}

/* ------------------------------------------------------------------ */
/* huge page sizes                                                      */

/* a size as mm/hugetlb_cgroup.c's mem_fmt() names it: "2MB", "1GB", "64KB" */
static void hugetlb_size_name(uint64_t kib, char *buf, size_t len)
{
	if (kib >= 1024 * 1024)
		snprintf(buf, len, "%lluGB", (unsigned long long) (kib >> 20));
	else if (kib >= 1024)
		snprintf(buf, len, "%lluMB", (unsigned long long) (kib >> 10));
	else
		snprintf(buf, len, "%lluKB", (unsigned long long) kib);
}

/* a number, then KB, MB or GB: the only names mem_fmt() makes */
static bool hugetlb_size_valid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n && s[0] != '0' && n < 20 && (!strcmp(s + n, "KB") ||
		!strcmp(s + n, "MB") || !strcmp(s + n, "GB"));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

int cgroup_hugetlb_sizes(const char *prefix, char *buf, size_t len)
{
	_cleanup_free_ char *path = join3(prefix, "/sys/kernel/mm/hugepages", "");
	uint64_t kib[CGROUP_HUGETLB_MAX_SIZES];
	struct dirent *de;
	size_t off = 0;
	int n = 0, i;
	DIR *d;

	if (!path)
		return -ENOMEM;
	if (!len)
		return -ENOBUFS;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < CGROUP_HUGETLB_MAX_SIZES) {
		char num[32];
		size_t l;

		/* "hugepages-2048kB": the suffix has been kB since Linux 2.6.27 */
		if (strncmp(de->d_name, "hugepages-", 10))
			continue;
		l = strlen(de->d_name + 10);
		if (l < 3 || l - 2 >= sizeof(num) || strcmp(de->d_name + 10 + l - 2, "kB"))
			continue;
		memcpy(num, de->d_name + 10, l - 2);
		num[l - 2] = '\0';
		if (parse_u64(num, &kib[n]) == 0 && kib[n] && kib[n] < (UINT64_MAX >> 10))
			n++;
	}
	closedir(d);
	qsort(kib, (size_t) n, sizeof(kib[0]), cmp_u64);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		char name[32];
		int w;

		hugetlb_size_name(kib[i], name, sizeof(name));
		w = snprintf(buf + off, len - off, "%s%s", i ? "," : "", name);
		if (w < 0 || (size_t) w >= len - off)
			return -ENOBUFS;
		off += (size_t) w;
	}
	return n;
}

int cgroup_hugetlb_check(const char *prefix, const char *pagesize)
{
	char sizes[CGROUP_HUGETLB_MAX_SIZES * 24];
	int n;

	if (!pagesize || !hugetlb_size_valid(pagesize))
		return -EINVAL;
	n = cgroup_hugetlb_sizes(prefix, sizes, sizeof(sizes));
	if (n < 0)
		return n;
	return proccgroup_list_has(sizes, pagesize, strlen(pagesize)) ? 0 : -ENOENT;
}

int cgroup_hugetlb_file(const char *pagesize, bool v2, bool rsvd, char *buf, size_t len)
{
	int w;

	if (!pagesize || !hugetlb_size_valid(pagesize))
		return -EINVAL;
	w = snprintf(buf, len, "hugetlb.%s%s.%s", pagesize, rsvd ? ".rsvd" : "",
		     v2 ? "max" : "limit_in_bytes");
	return w < 0 || (size_t) w >= len ? -ENOBUFS : 0;
}
