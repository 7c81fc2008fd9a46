/*
 * cgroup.c - control groups on v1, v2 and hybrid layouts.
 *
 * The rules that shape this file (Documentation/admin-guide/cgroup-v2.rst,
 * cgroup-v1/):
 *  - a controller lives in exactly one hierarchy; a hybrid host binds most
 *    to v1 mounts, yet its cgroup2 mount still has the core files
 *    (cgroup.kill, cgroup.events, cgroup.freeze, cpu.stat);
 *  - on v2 a controller must be enabled in the parent's subtree_control
 *    before a child gets its files;
 *  - a v1 cpuset group starts with no CPUs and no memory nodes, and no task
 *    can join it until both are set.
 */
#include "compat.h"
#include "cgroup.h"
#include "kfile.h"
#include "cleanup.h"
#include "mountinfo.h"
#include "parse.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* ------------------------------------------------------------------ */
/* small file helpers                                                   */

/* the whole of a (small, pseudo) file, NUL-terminated, malloc'd */
static char *read_all_at(int dirfd, const char *file, int *err)
{
	_cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 4096;
	char *buf, *p;
	ssize_t n;

	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	buf = malloc(cap);
	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	for (;;) {
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = -errno;
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t) n;
		if (len + 1 == cap) {
			p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				*err = -ENOMEM;
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	return buf;
}

/* one write(2), as cgroup files want it; usable after fork() */
static int write_at(int dirfd, const char *file, const char *val)
{
	return kfile_write_str(dirfd, file, val);
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

static int read_proc_cgroups(const char *prefix, unsigned *mask)
{
	_cleanup_free_ char *path = join3(prefix, "/proc/cgroups", "");
	char line[256], name[64];
	int hier, num, enabled, c;
	FILE *f;

	if (!path)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	*mask = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %d %d %d", name, &hier, &num, &enabled) != 4 || !enabled)
			continue;
		c = cgroup_ctrl_lookup(name, strlen(name));
		if (c >= 0 && strcmp(name, "io"))
			*mask |= CGROUP_BIT(c);
	}
	fclose(f);
	return 0;
}

static int add_hier(struct cgroup_layout *lo, const char *prefix,
		    const char *target, bool v2, unsigned ctrls)
{
	struct cgroup_hier *h;

	if (lo->nhier == CGROUP_MAX_HIER)
		return 0;
	h = &lo->hier[lo->nhier];
	h->path = join3(prefix, target, "");
	if (!h->path)
		return -ENOMEM;
	h->v2 = v2;
	h->ctrls = ctrls;
	if (v2)
		lo->v2 = lo->nhier;
	lo->nhier++;
	return 0;
}

/* is @word one of the comma-separated @opts? */
static bool has_option(const char *opts, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = opts; (p = strstr(p, word)); p += n)
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || !p[n]))
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
	_cleanup_free_ char *line = NULL;
	struct mountinfo_entry me;
	unsigned seen_v1 = 0;
	int rc = 0, c, i, nv1 = 0;
	size_t cap = 0;
	FILE *f;

	memset(lo, 0, sizeof(*lo));
	lo->v2 = -1;
	for (c = 0; c < CGROUP_NCTRL; c++)
		lo->by_ctrl[c] = -1;
	if (!mi)
		return -ENOMEM;
	/* /proc/cgroups is on its way out of newer kernels: trust the mounts then */
	if (read_proc_cgroups(prefix, &lo->kernel) < 0)
		lo->kernel = CGROUP_ALL;

	f = fopen(mi, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		unsigned ctrls;

		/* a cheap test first: most lines are no cgroup mount */
		if (!strstr(line, " - cgroup"))
			continue;
		if (mountinfo_parse_line(line, &me) < 0)
			continue;
		if (!strcmp(me.fstype, "cgroup2") && lo->v2 < 0) {
			_cleanup_free_ char *cf = join3(prefix, me.target, "/cgroup.controllers");
			_cleanup_free_ char *text = NULL;
			int err = 0;

			if (!cf) {
				rc = -ENOMEM;
				break;
			}
			text = read_all_at(AT_FDCWD, cf, &err);
			ctrls = (text ? ctrls_from_words(text, true) : 0) |
				CGROUP_BIT(CGROUP_CPUACCT) | CGROUP_BIT(CGROUP_FREEZER);
			rc = add_hier(lo, prefix, me.target, true, ctrls);
		} else if (!strcmp(me.fstype, "cgroup")) {
			/* named hierarchies (name=systemd) carry no controller */
			ctrls = 0;
			for (c = 0; c < CGROUP_NCTRL; c++)
				if (has_option(me.superopts, ctrl_names[c].v1))
					ctrls |= CGROUP_BIT(c);
			/* the same hierarchy mounted twice: the first will do */
			if (!ctrls || (ctrls & seen_v1))
				continue;
			seen_v1 |= ctrls;
			nv1++;
			rc = add_hier(lo, prefix, me.target, false, ctrls);
		}
		if (rc < 0)
			break;
	}
	fclose(f);
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
		lo->hier[i].path = NULL;
	}
	lo->nhier = 0;
}

/* ------------------------------------------------------------------ */
/* groups                                                               */

void cgroup_init(struct cgroup *cg, const struct cgroup_layout *lo)
{
	int i;

	memset(cg, 0, sizeof(*cg));
	cg->lo = lo;
	for (i = 0; i < CGROUP_MAX_HIER; i++)
		cg->fd[i] = -1;
}

bool cgroup_valid_path(const char *path)
{
	const char *p = path, *e;
	size_t n;

	if (!path || !*path || strlen(path) >= 4096)
		return false;
	for (e = path; *e; e++)
		if ((unsigned char) *e < 0x20 || *e == 0x7f)
			return false;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = p + strcspn(p, "/");
		n = (size_t) (e - p);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (n > 255)
			return false;
		p = e;
	}
	return true;
}

/* @parent and @name as one clean path below a root: "/a/b" */
static char *group_path(const char *parent, const char *name)
{
	size_t pl = strlen(parent);

	while (pl && parent[pl - 1] == '/')
		pl--;
	while (*parent == '/' && pl) {
		parent++;
		pl--;
	}
	if (!name) {
		char *s = malloc(pl + 2);

		if (s) {
			s[0] = '/';
			memcpy(s + 1, parent, pl);
			s[pl + 1] = '\0';
		}
		return s;
	} else {
		char *s;

		if (asprintf(&s, "/%.*s%s%s", (int) pl, parent, pl ? "/" : "", name) < 0)
			return NULL;
		return s;
	}
}

static char *hier_dir(const struct cgroup_layout *lo, int h, const char *path)
{
	return join3(lo->hier[h].path, strcmp(path, "/") ? path : "", "");
}

static unsigned hiers_for(const struct cgroup_layout *lo, unsigned ctrls)
{
	unsigned set = 0;
	int c;

	for (c = 0; c < CGROUP_NCTRL; c++)
		if ((ctrls & CGROUP_BIT(c)) && lo->by_ctrl[c] >= 0)
			set |= 1u << lo->by_ctrl[c];
	return set;
}

/* v1 cpuset: copy what the parent has, or no task may join */
static int cpuset_inherit(int parentfd, int fd)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *v = read_all_at(parentfd, files[i], &rc);

		if (!v)
			return rc;
		rc = write_at(fd, files[i], v[0] && v[0] != '\n' ? v : "\n");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* +ctrl in the v2 parent's subtree_control, for each of @ctrls */
static int enable_v2(const struct cgroup_layout *lo, int parentfd,
		     unsigned ctrls, unsigned need)
{
	char word[32];
	int c, rc;

	for (c = 0; c < CGROUP_NCTRL; c++) {
		if (!(ctrls & CGROUP_BIT(c)) || lo->by_ctrl[c] != lo->v2 ||
		    c == CGROUP_CPUACCT || c == CGROUP_FREEZER)
			continue;
		snprintf(word, sizeof(word), "+%s", ctrl_names[c].v2);
		rc = write_at(parentfd, "cgroup.subtree_control", word);
		if (rc < 0 && (need & CGROUP_BIT(c)))
			return rc;
	}
	return 0;
}

static int try_create(struct cgroup *cg, unsigned hset, unsigned ctrls,
		      unsigned need, const char *parent)
{
	const struct cgroup_layout *lo = cg->lo;
	int h, rc = 0;

	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *pdir = NULL, *dir = NULL;
		_cleanup_close_ int pfd = -1;

		if (!(hset & (1u << h)))
			continue;
		pdir = hier_dir(lo, h, parent);
		dir = hier_dir(lo, h, cg->path);
		if (!pdir || !dir) {
			rc = -ENOMEM;
			break;
		}
		pfd = open(pdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd < 0) {
			rc = -errno;
			break;
		}
		if (lo->hier[h].v2) {
			rc = enable_v2(lo, pfd, ctrls, need);
			if (rc < 0)
				break;
		}
		if (mkdir(dir, 0755) < 0) {
			rc = -errno;
			break;
		}
		cg->fd[h] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->fd[h] < 0) {
			rc = -errno;
			rmdir(dir);
			break;
		}
		if (!lo->hier[h].v2 && (lo->hier[h].ctrls & CGROUP_BIT(CGROUP_CPUSET))) {
			rc = cpuset_inherit(pfd, cg->fd[h]);
			if (rc < 0)
				break;
		}
	}
	if (rc < 0) {
		int saved = rc;

		cgroup_remove(cg);
		rc = saved;
	}
	return rc;
}

int cgroup_create(struct cgroup *cg, const struct cgroup_layout *lo,
		  const char *parent, const char *name, unsigned ctrls,
		  unsigned need)
{
	unsigned hset = hiers_for(lo, ctrls | need);
	char auto_name[64];
	int attempt, rc;

	cgroup_init(cg, lo);
	if (!cgroup_valid_path(parent) || (name && (!*name || strchr(name, '/') ||
	    !strcmp(name, ".") || !strcmp(name, ".."))))
		return -EINVAL;
	if (lo->v2 >= 0)
		hset |= 1u << lo->v2;
	if (!hset)
		return -ENODEV;
	for (attempt = 0; attempt < 100; attempt++) {
		if (!name && attempt)
			snprintf(auto_name, sizeof(auto_name), "xns-cg-%d-%d", (int) getpid(), attempt);
		else if (!name)
			snprintf(auto_name, sizeof(auto_name), "xns-cg-%d", (int) getpid());
		cg->path = group_path(parent, name ? name : auto_name);
		if (!cg->path)
			return -ENOMEM;
		cg->created = true;
		rc = try_create(cg, hset, ctrls | need, need, parent);
		if (rc != -EEXIST || name)
			return rc;
	}
	return -EEXIST;
}

int cgroup_open(struct cgroup *cg, const struct cgroup_layout *lo,
		unsigned ctrls, const char *path)
{
	unsigned hset = 0;
	int c, h, rc;

	cgroup_init(cg, lo);
	if (!cgroup_valid_path(path))
		return -EINVAL;
	if (ctrls == CGROUP_ALL) {
		hset = (1u << lo->nhier) - 1;
	} else {
		for (c = 0; c < CGROUP_NCTRL; c++)
			if (ctrls & CGROUP_BIT(c)) {
				if (lo->by_ctrl[c] < 0)
					return -ENODEV;
				hset |= 1u << lo->by_ctrl[c];
			}
	}
	cg->path = group_path(path, NULL);
	if (!cg->path)
		return -ENOMEM;
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = NULL;

		if (!(hset & (1u << h)))
			continue;
		dir = hier_dir(lo, h, cg->path);
		if (!dir) {
			rc = -ENOMEM;
			goto fail;
		}
		cg->fd[h] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->fd[h] < 0) {
			rc = -errno;
			goto fail;
		}
	}
	return 0;
fail:
	cgroup_close(cg);
	return rc;
}

void cgroup_close(struct cgroup *cg)
{
	int h;

	for (h = 0; h < CGROUP_MAX_HIER; h++)
		if (cg->fd[h] >= 0) {
			close(cg->fd[h]);
			cg->fd[h] = -1;
		}
	free(cg->path);
	cg->path = NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int cgroup_remove(struct cgroup *cg)
{
	const struct cgroup_layout *lo = cg->lo;
	int h, tries, rc = 0;

	if (!cg->created || !cg->path) {
		cgroup_close(cg);
		return 0;
	}
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = NULL;

		if (cg->fd[h] < 0)
			continue;
		close(cg->fd[h]);
		cg->fd[h] = -1;
		dir = hier_dir(lo, h, cg->path);
		if (!dir) {
			rc = -ENOMEM;
			continue;
		}
		/* tasks just killed may still be counted for a moment */
		for (tries = 0; rmdir(dir) < 0; tries++) {
			if (errno != EBUSY || tries == 2000) {
				if (errno != ENOENT && !rc)
					rc = -errno;
				break;
			}
			sleep_ms(1);
		}
	}
	cgroup_close(cg);
	return rc;
}

bool cgroup_has(const struct cgroup *cg, enum cgroup_ctrl c)
{
	int h = (unsigned) c < CGROUP_NCTRL ? cg->lo->by_ctrl[c] : -1;

	return h >= 0 && cg->fd[h] >= 0;
}

int cgroup_v2_fd(const struct cgroup *cg)
{
	return cg->lo->v2 >= 0 ? cg->fd[cg->lo->v2] : -1;
}

static int ctrl_fd(const struct cgroup *cg, enum cgroup_ctrl c)
{
	if (!cgroup_has(cg, c))
		return -ENODEV;
	return cg->fd[cg->lo->by_ctrl[c]];
}

int cgroup_write(const struct cgroup *cg, enum cgroup_ctrl c,
		 const char *file, const char *val)
{
	int fd = ctrl_fd(cg, c);

	return fd < 0 ? fd : write_at(fd, file, val);
}

int cgroup_set(const struct cgroup *cg, enum cgroup_knob k, const char *val)
{
	const char *file;

	if ((unsigned) k >= CGK_NKNOBS)
		return -EINVAL;
	file = cgroup_knob_name(cg->lo, k);
	if (!file)
		return -EOPNOTSUPP;
	return cgroup_write(cg, knobs[k].ctrl, file, val);
}

ssize_t cgroup_read(const struct cgroup *cg, enum cgroup_ctrl c,
		    const char *file, char *buf, size_t len)
{
	int fd = ctrl_fd(cg, c), rfd;
	ssize_t n;

	if (fd < 0)
		return fd;
	if (!len)
		return -EINVAL;
	rfd = openat(fd, file, O_RDONLY | O_CLOEXEC);
	if (rfd < 0)
		return -errno;
	n = read(rfd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(rfd);
	return n;
}

static bool is_v2(const struct cgroup *cg, enum cgroup_ctrl c)
{
	int h = cg->lo->by_ctrl[c];

	return h >= 0 && cg->lo->hier[h].v2;
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
	bool v2 = is_v2(cg, CGROUP_MEMORY), swap_first = false;
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

	if (is_v2(cg, CGROUP_CPU)) {
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
	bool v2 = is_v2(cg, c);
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
	bool v2 = is_v2(cg, CGROUP_IO);
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

int cgroup_attach(const struct cgroup *cg, pid_t pid, bool skip_v2)
{
	char buf[24];
	int h, rc;

	snprintf(buf, sizeof(buf), "%d", (int) pid);
	for (h = 0; h < cg->lo->nhier; h++) {
		if (cg->fd[h] < 0 || (skip_v2 && cg->lo->hier[h].v2))
			continue;
		rc = write_at(cg->fd[h], "cgroup.procs", buf);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* the directory that sees every process of the group: cgroup2's if any */
static int track_fd(const struct cgroup *cg)
{
	int h;

	if (cgroup_v2_fd(cg) >= 0)
		return cgroup_v2_fd(cg);
	for (h = 0; h < cg->lo->nhier; h++)
		if (cg->fd[h] >= 0)
			return cg->fd[h];
	return -ENODEV;
}

/* the group's PIDs, malloc'd; *n their count */
static int read_procs(int dirfd, pid_t **pids, int *n)
{
	_cleanup_free_ char *text = NULL;
	int rc = 0, count;

	*pids = NULL;
	text = read_all_at(dirfd, "cgroup.procs", &rc);
	if (!text)
		return rc;
	count = cgroup_parse_procs(text, NULL, 0);
	if (count < 0)
		return count;
	*pids = calloc((size_t) count + 1, sizeof(pid_t));
	if (!*pids)
		return -ENOMEM;
	*n = cgroup_parse_procs(text, *pids, count);
	return 0;
}

int cgroup_count(const struct cgroup *cg)
{
	_cleanup_free_ pid_t *pids = NULL;
	int fd = track_fd(cg), n = 0, rc;

	if (fd < 0)
		return fd;
	rc = read_procs(fd, &pids, &n);
	return rc < 0 ? rc : n;
}

int cgroup_signal(const struct cgroup *cg, int sig, pid_t skip)
{
	_cleanup_free_ pid_t *pids = NULL;
	int fd = track_fd(cg), n = 0, i, sent = 0, rc;

	if (fd < 0)
		return fd;
	rc = read_procs(fd, &pids, &n);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (pids[i] != skip && kill(pids[i], sig) == 0)
			sent++;
	return sent;
}

static int set_frozen(const struct cgroup *cg, bool frozen)
{
	bool v2 = is_v2(cg, CGROUP_FREEZER);

	return cgroup_set(cg, CGK_FREEZE, v2 ? (frozen ? "1" : "0") :
			  (frozen ? "FROZEN" : "THAWED"));
}

int cgroup_kill(const struct cgroup *cg)
{
	int v2fd = cgroup_v2_fd(cg), n, first, round, rc;
	bool frozen;

	first = cgroup_count(cg);
	if (first <= 0)
		return first;
	if (v2fd >= 0 && write_at(v2fd, "cgroup.kill", "1") == 0)
		return first;
	/*
	 * No cgroup.kill (v1, or v2 before Linux 5.14): a frozen group cannot
	 * fork behind our back while we go through its list.
	 */
	for (round = 0; round < 1000; round++) {
		frozen = cgroup_has(cg, CGROUP_FREEZER) && set_frozen(cg, true) == 0;
		n = cgroup_signal(cg, SIGKILL, 0);
		if (frozen)
			set_frozen(cg, false);
		if (n < 0)
			return n;
		rc = cgroup_wait_empty(cg, 10);
		if (rc == 0)
			return first;
		if (rc != -ETIMEDOUT)
			return rc;
	}
	return -ETIMEDOUT;
}

unsigned cgroup_hiers(const struct cgroup *cg)
{
	unsigned set = 0;
	int h;

	for (h = 0; h < cg->lo->nhier; h++)
		if (cg->fd[h] >= 0)
			set |= 1u << h;
	return set;
}

int cgroup_wait_empty(const struct cgroup *cg, int timeout_ms)
{
	int v2fd = cgroup_v2_fd(cg), waited = 0, n, rc;
	struct timespec start, now;
	uint64_t populated;
	char buf[256];

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (v2fd >= 0) {
		_cleanup_close_ int efd = openat(v2fd, "cgroup.events", O_RDONLY | O_CLOEXEC);

		while (efd >= 0) {
			struct pollfd p = { .fd = efd, .events = POLLPRI };
			ssize_t len = pread(efd, buf, sizeof(buf) - 1, 0);

			if (len < 0)
				break;
			buf[len] = '\0';
			rc = cgroup_parse_keyed(buf, "populated", &populated);
			if (rc < 0)
				break;
			if (!populated)
				return 0;
			clock_gettime(CLOCK_MONOTONIC, &now);
			waited = (int) ((now.tv_sec - start.tv_sec) * 1000 +
					(now.tv_nsec - start.tv_nsec) / 1000000);
			if (waited >= timeout_ms)
				return -ETIMEDOUT;
			/* cgroup.events signals a change with POLLPRI (kernfs_notify) */
			if (poll(&p, 1, timeout_ms - waited) < 0 && errno != EINTR)
				return -errno;
		}
	}
	for (;;) {
		n = cgroup_count(cg);
		if (n <= 0)
			return n;
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (int) ((now.tv_sec - start.tv_sec) * 1000 +
				(now.tv_nsec - start.tv_nsec) / 1000000);
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		sleep_ms(1);
	}
}

static uint64_t read_u64_file(const struct cgroup *cg, enum cgroup_knob k)
{
	const char *file = cgroup_knob_name(cg->lo, k);
	char buf[64];
	uint64_t v;
	char *nl;

	if (!file || cgroup_read(cg, knobs[k].ctrl, file, buf, sizeof(buf)) < 0)
		return UINT64_MAX;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return parse_u64(buf, &v) == 0 ? v : UINT64_MAX;
}

static uint64_t read_keyed(const struct cgroup *cg, enum cgroup_knob k,
			   const char *key)
{
	const char *file = cgroup_knob_name(cg->lo, k);
	int fd = ctrl_fd(cg, knobs[k].ctrl), rc = 0;
	_cleanup_free_ char *text = NULL;
	uint64_t v;

	if (!file || fd < 0)
		return UINT64_MAX;
	text = read_all_at(fd, file, &rc);
	if (!text || cgroup_parse_keyed(text, key, &v) < 0)
		return UINT64_MAX;
	return v;
}

int cgroup_read_stats(const struct cgroup *cg, struct cgroup_stats *st)
{
	uint64_t memsw;

	memset(st, 0xff, sizeof(*st));
	if (is_v2(cg, CGROUP_CPUACCT)) {
		int fd = ctrl_fd(cg, CGROUP_CPUACCT), rc = 0;
		_cleanup_free_ char *text = fd < 0 ? NULL : read_all_at(fd, "cpu.stat", &rc);

		if (text && cgroup_parse_keyed(text, "user_usec", &st->user_usec) < 0)
			st->user_usec = UINT64_MAX;
		if (text && cgroup_parse_keyed(text, "system_usec", &st->system_usec) < 0)
			st->system_usec = UINT64_MAX;
	} else {
		/* cpuacct counts nanoseconds */
		st->user_usec = read_u64_file(cg, CGK_CPU_USER);
		st->system_usec = read_u64_file(cg, CGK_CPU_SYSTEM);
		if (st->user_usec != UINT64_MAX)
			st->user_usec /= 1000;
		if (st->system_usec != UINT64_MAX)
			st->system_usec /= 1000;
	}
	st->memory_peak = read_u64_file(cg, CGK_MEM_PEAK);
	if (is_v2(cg, CGROUP_MEMORY)) {
		st->swap_peak = read_u64_file(cg, CGK_MEM_SWAP_PEAK);
		st->oom_kills = cgroup_read_oom_kills(cg);
	} else {
		/* v1 keeps only the peak of memory+swap: the excess is the best bound */
		memsw = read_u64_file(cg, CGK_MEM_SWAP_PEAK);
		if (memsw != UINT64_MAX && st->memory_peak != UINT64_MAX)
			st->swap_peak = memsw > st->memory_peak ? memsw - st->memory_peak : 0;
		st->oom_kills = cgroup_read_oom_kills(cg);
	}
	st->tasks_peak = read_u64_file(cg, CGK_PIDS_PEAK);
	return 0;
}

uint64_t cgroup_read_oom_kills(const struct cgroup *cg)
{
	return read_keyed(cg, CGK_MEM_OOM, "oom_kill");
}

/* "xns-cg-<pid>" or "xns-cg-<pid>-<n>": the pid, or 0 for other names */
static pid_t gc_name_pid(const char *name)
{
	char digits[16];
	const char *p;
	size_t n;
	pid_t pid;

	if (strncmp(name, "xns-cg-", 7))
		return 0;
	p = name + 7;
	n = strspn(p, "0123456789");
	if (!n || n >= sizeof(digits))
		return 0;
	if (p[n] == '-') {
		size_t m = strspn(p + n + 1, "0123456789");

		if (!m || p[n + 1 + m])
			return 0;
	} else if (p[n]) {
		return 0;
	}
	memcpy(digits, p, n);
	digits[n] = '\0';
	return parse_pid(digits, &pid) == 0 ? pid : 0;
}

int cgroup_gc(const struct cgroup_layout *lo, const char *parent, unsigned hiers)
{
	_cleanup_free_ char *ppath = NULL;
	int h, removed = 0;

	if (!cgroup_valid_path(parent))
		return -EINVAL;
	ppath = group_path(parent, NULL);
	if (!ppath)
		return -ENOMEM;
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = hier_dir(lo, h, ppath);
		struct dirent *de;
		DIR *d;

		if (!(hiers & (1u << h)))
			continue;
		if (!dir)
			return -ENOMEM;
		d = opendir(dir);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			pid_t pid = gc_name_pid(de->d_name);

			if (!pid || de->d_type != DT_DIR)
				continue;
			/* its run is still going: the group is not left behind */
			if (kill(pid, 0) == 0 || errno == EPERM)
				continue;
			/* fails (EBUSY) while it holds tasks or groups */
			if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) == 0)
				removed++;
		}
		closedir(d);
	}
	return removed;
}

/* ------------------------------------------------------------------ */
/* parsers                                                              */

int cgroup_parse_spec(const char *s, unsigned *ctrls, const char **path)
{
	const char *colon, *p, *e;
	unsigned mask = 0;
	int c;

	if (!s || !(colon = strchr(s, ':')))
		return -EINVAL;
	if (colon - s == 1 && s[0] == '*') {
		mask = CGROUP_ALL;
	} else {
		for (p = s;; p = e + 1) {
			e = memchr(p, ',', (size_t) (colon - p));
			if (!e)
				e = colon;
			c = cgroup_ctrl_lookup(p, (size_t) (e - p));
			if (c < 0)
				return -EINVAL;
			mask |= CGROUP_BIT(c);
			if (e == colon)
				break;
		}
	}
	if (!mask || !cgroup_valid_path(colon + 1))
		return -EINVAL;
	*ctrls = mask;
	*path = colon + 1;
	return 0;
}

static int io_value(const char *key, const char *v, uint64_t *out)
{
	int rc;

	if (!strcmp(v, "max")) {
		*out = CGROUP_LIMIT_MAX;
		return 0;
	}
	rc = strstr(key, "bps") ? parse_size(v, out) : parse_u64(v, out);
	if (rc < 0)
		return rc;
	/* 0 would stop all I/O on v2 and lift the limit on v1: refuse it */
	if (*out == 0 || *out >= CGROUP_UNSET)
		return -ERANGE;
	return 0;
}

int cgroup_parse_io_max(const char *s, struct cgroup_io_max *io)
{
	struct cgroup_io_max r;
	const char *eq, *colon = NULL, *p;
	char tok[64], *val;
	size_t n;
	int rc;

	if (!s || !(eq = strchr(s, '=')))
		return -EINVAL;
	for (p = s; p < eq; p++)
		if (*p == ':')
			colon = p;
	if (!colon || colon == s || (size_t) (colon - s) >= sizeof(r.dev))
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	memcpy(r.dev, s, (size_t) (colon - s));
	if (r.dev[0] != '/') {
		unsigned maj, min;
		int used = 0;

		if (strspn(r.dev, "0123456789:") != strlen(r.dev) ||
		    sscanf(r.dev, "%u:%u%n", &maj, &min, &used) != 2 ||
		    (size_t) used != strlen(r.dev) || r.dev[0] == ':')
			return -EINVAL;
	}
	r.rbps = r.wbps = r.riops = r.wiops = CGROUP_UNSET;
	for (p = colon + 1; *p; p += n + 1) {
		n = strcspn(p, ", ");
		if (!n || n >= sizeof(tok))
			return -EINVAL;
		/* a separator must be followed by another limit */
		if (p[n] && !p[n + 1])
			return -EINVAL;
		memcpy(tok, p, n);
		tok[n] = '\0';
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "rbps"))
			rc = io_value(tok, val, &r.rbps);
		else if (!strcmp(tok, "wbps"))
			rc = io_value(tok, val, &r.wbps);
		else if (!strcmp(tok, "riops"))
			rc = io_value(tok, val, &r.riops);
		else if (!strcmp(tok, "wiops"))
			rc = io_value(tok, val, &r.wiops);
		else
			rc = -EINVAL;
		if (rc < 0)
			return rc;
		if (!p[n])
			break;
	}
	if (r.rbps == CGROUP_UNSET && r.wbps == CGROUP_UNSET &&
	    r.riops == CGROUP_UNSET && r.wiops == CGROUP_UNSET)
		return -EINVAL;
	*io = r;
	return 0;
}

/* NR_CPUS and MAX_NUMNODES stay below this on every architecture */
#define CPUSET_LIMIT 8192

static int cpuset_number(const char **p, unsigned *v)
{
	unsigned long n = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		n = n * 10 + (unsigned long) (*s - '0');
		if (n >= CPUSET_LIMIT)
			return -ERANGE;
		s++;
	}
	*v = (unsigned) n;
	*p = s;
	return 0;
}

int cgroup_parse_cpuset(const char *s, char *out, size_t len)
{
	size_t off = 0;
	unsigned a, b;
	int rc, w;

	if (!s || !*s || !len)
		return -EINVAL;
	while (*s) {
		rc = cpuset_number(&s, &a);
		if (rc < 0)
			return rc;
		b = a;
		if (*s == '-') {
			s++;
			rc = cpuset_number(&s, &b);
			if (rc < 0)
				return rc;
			if (b < a)
				return -EINVAL;
		}
		if (*s == ',') {
			s++;
			if (!*s)
				return -EINVAL;
		} else if (*s) {
			return -EINVAL;
		}
		w = a == b ? snprintf(out + off, len - off, "%s%u", off ? "," : "", a)
			   : snprintf(out + off, len - off, "%s%u-%u", off ? "," : "", a, b);
		if (w < 0 || (size_t) w >= len - off)
			return -ERANGE;
		off += (size_t) w;
	}
	return 0;
}

int cgroup_parse_keyed(const char *text, const char *key, uint64_t *val)
{
	size_t klen = strlen(key);
	const char *line, *end, *v;
	char num[32];
	size_t n;

	if (!text || !klen)
		return -EINVAL;
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if ((size_t) (end - line) <= klen || strncmp(line, key, klen) || line[klen] != ' ')
			continue;
		v = line + klen + 1;
		n = (size_t) (end - v);
		if (!n || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, v, n);
		num[n] = '\0';
		return parse_u64(num, val);
	}
	return -ENOENT;
}

int cgroup_parse_procs(const char *text, pid_t *pids, int max)
{
	const char *line, *end;
	char num[16];
	int count = 0;
	size_t n;
	pid_t pid;

	if (!text)
		return -EINVAL;
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		n = (size_t) (end - line);
		if (!n) {
			if (*end)
				return -EINVAL;
			break;
		}
		if (n >= sizeof(num))
			return -EINVAL;
		memcpy(num, line, n);
		num[n] = '\0';
		if (parse_pid(num, &pid) < 0)
			return -EINVAL;
		if (count == INT32_MAX)
			return -ERANGE;
		if (pids && count < max)
			pids[count] = pid;
		count++;
	}
	return count;
}

int cgroup_cpu_quota(uint64_t ppm, uint64_t *quota_us, uint64_t *period_us)
{
	const uint64_t period = 100000;
	uint64_t quota;

	/* the kernel takes at most 2^44 ns ~ 17592 s per period (max_cfs_runtime) */
	if (ppm > UINT64_C(1000000) * 100000)
		return -ERANGE;
	quota = ppm * period / 1000000;
	if (quota < 1000 || quota > UINT64_C(17592186044))
		return -ERANGE;
	*quota_us = quota;
	*period_us = period;
	return 0;
}

const char *cgroup_format_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v && !(v & 1023) && u < 5) {
		v >>= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long) v);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long) v, units[u]);
	return buf;
}
