/*
 * cgroup-group.c - one group's life on v1, v2 and hybrid layouts, and the
 * collection of those that killed runs left.
 *
 * The rules that shape this file (Documentation/admin-guide/cgroup-v2.rst,
 * cgroup-v1/):
 *  - on v2 a controller must be enabled in the parent's subtree_control
 *    before a child gets its files;
 *  - a v1 cpuset group starts with no CPUs and no memory nodes, and no task
 *    can join it until both are set;
 *  - rmdir fails (EBUSY) while a group holds a task or a child group, so a
 *    group that is removed was empty.
 */
#include "compat.h"
#include "cgroup-group.h"
#include "cleanup.h"
#include "kfile.h"
#include "parse.h"
#include "proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

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
	char *s;

	if (asprintf(&s, "%s%s", lo->hier[h].path, strcmp(path, "/") ? path : "") < 0)
		return NULL;
	return s;
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
		_cleanup_free_ char *v = NULL;
		ssize_t n = proc_read_file(parentfd, files[i], &v);

		if (n < 0)
			return (int) n;
		rc = kfile_write_str(fd, files[i], v[0] && v[0] != '\n' ? v : "\n");
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cgroup_mkdir_path(const struct cgroup_layout *lo, int h, const char *path)
{
	_cleanup_free_ char *walk = NULL;
	_cleanup_close_ int pfd = -1;
	char *s, *next;
	int fd, rc;

	if (h < 0 || h >= lo->nhier || !cgroup_valid_path(path))
		return -EINVAL;
	walk = group_path(path, NULL);
	if (!walk)
		return -ENOMEM;
	pfd = open(lo->hier[h].path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	for (s = walk + 1; *s; s = next) {
		bool made;

		next = strchrnul(s, '/');
		if (*next)
			*next++ = '\0';
		made = mkdirat(pfd, s, 0755) == 0;
		if (!made && errno != EEXIST)
			return -errno;
		fd = openat(pfd, s, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (made && (lo->hier[h].ctrls & CGROUP_BIT(CGROUP_CPUSET)) && !lo->hier[h].v2 &&
		    (rc = cpuset_inherit(pfd, fd)) < 0) {
			close(fd);
			return rc;
		}
		close(pfd);
		pfd = fd;
	}
	fd = pfd;
	pfd = -1;
	return fd;
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
		snprintf(word, sizeof(word), "+%s", cgroup_ctrl_name(c, true));
		rc = kfile_write_str(parentfd, "cgroup.subtree_control", word);
		if (rc < 0 && (need & CGROUP_BIT(c)))
			return rc;
	}
	return 0;
}

/*
 * The hierarchy whose directory tells that a group is in use: cgroup2's,
 * else (v1 only) memory's, else the first with a controller.  A run's
 * group always has a directory there.
 */
static int track_hier(const struct cgroup_layout *lo)
{
	int h;

	if (lo->v2 >= 0)
		return lo->v2;
	if (lo->by_ctrl[CGROUP_MEMORY] >= 0)
		return lo->by_ctrl[CGROUP_MEMORY];
	for (h = 0; h < lo->nhier; h++)
		if (lo->hier[h].ctrls)
			return h;
	return -1;
}

/*
 * Lock a run's new group.  The mark (the sticky bit mkdir gave it) says the
 * directory is a run's, from its first instant, so that a killed run's
 * leftover, with whatever name, is told from a group someone keeps; the
 * lock (on the open directory, so it goes with the last fd of the run, even
 * a SIGKILLed one) says the run is alive.  Between the two a gc may take
 * the group, empty and unlocked as it is: then it is gone (-ESTALE), and
 * the caller makes it again.
 */
static int claim(int fd, const char *dir)
{
	struct stat ours, now;

	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	/* still there, and still ours (not made again by someone else) */
	if (fstat(fd, &ours) < 0)
		return -errno;
	if (stat(dir, &now) < 0)
		return errno == ENOENT ? -ESTALE : -errno;
	return ours.st_ino == now.st_ino && ours.st_dev == now.st_dev ? 0 : -ESTALE;
}

/* does making a group in hierarchy @h for @ctrls write to its parent? */
static bool needs_parent(const struct cgroup_layout *lo, int h, unsigned ctrls)
{
	int c;

	if (!lo->hier[h].v2)
		return lo->hier[h].ctrls & CGROUP_BIT(CGROUP_CPUSET);
	/* as enable_v2() picks them */
	for (c = 0; c < CGROUP_NCTRL; c++)
		if ((ctrls & CGROUP_BIT(c)) && lo->by_ctrl[c] == lo->v2 &&
		    c != CGROUP_CPUACCT && c != CGROUP_FREEZER)
			return true;
	return false;
}

static int try_create(struct cgroup *cg, unsigned hset, unsigned ctrls,
		      unsigned need, const char *parent, bool run)
{
	const struct cgroup_layout *lo = cg->lo;
	int first = run ? track_hier(lo) : -1, i, h, rc = 0;

	/* a run's tracking directory first, claimed before any other is made */
	for (i = first < 0 ? 0 : -1; i < lo->nhier; i++) {
		_cleanup_free_ char *pdir = NULL, *dir = NULL;
		_cleanup_close_ int pfd = -1;

		h = i < 0 ? first : i;
		if (!(hset & (1u << h)) || (i >= 0 && h == first))
			continue;
		pdir = hier_dir(lo, h, parent);
		dir = hier_dir(lo, h, cg->path);
		if (!pdir || !dir) {
			rc = -ENOMEM;
			break;
		}
		/* the parent is only written to for v2 controllers and a v1 cpuset */
		if (needs_parent(lo, h, ctrls)) {
			pfd = open(pdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (pfd < 0) {
				rc = -errno;
				break;
			}
		}
		if (lo->hier[h].v2) {
			rc = enable_v2(lo, pfd, ctrls, need);
			if (rc < 0)
				break;
		}
		if (mkdir(dir, run && h == first ? 0755 | CGROUP_RUN_MARK : 0755) < 0) {
			rc = -errno;
			break;
		}
		cg->fd[h] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->fd[h] < 0) {
			/* a run's new group, gone already: a gc took it (see claim) */
			rc = run && h == first && errno == ENOENT ? -ESTALE : -errno;
			rmdir(dir);
			break;
		}
		if (run && h == first && (rc = claim(cg->fd[h], dir)) < 0)
			break;
		if (!lo->hier[h].v2 && (lo->hier[h].ctrls & CGROUP_BIT(CGROUP_CPUSET))) {
			rc = cpuset_inherit(pfd, cg->fd[h]);
			if (rc < 0)
				break;
		}
	}
	if (rc < 0) {
		int saved = rc;

		/* a gc took our directory: the one there now, if any, is not ours */
		if (rc == -ESTALE && first >= 0 && cg->fd[first] >= 0) {
			close(cg->fd[first]);
			cg->fd[first] = -1;
		}
		cgroup_remove(cg);
		rc = saved;
	}
	return rc;
}

static int gc_one(const struct cgroup_layout *lo, const char *ppath,
		  const char *name);

static int create(struct cgroup *cg, const struct cgroup_layout *lo,
		  const char *parent, const char *name, unsigned ctrls,
		  unsigned need, bool run)
{
	unsigned hset = hiers_for(lo, ctrls | need);
	_cleanup_free_ char *ppath = NULL;
	char auto_name[64];
	int attempt, rc;

	cgroup_init(cg, lo);
	if (!cgroup_valid_path(parent) || (name && (!*name || strchr(name, '/') ||
	    !strcmp(name, ".") || !strcmp(name, ".."))))
		return -EINVAL;
	/* "a/b/" and "/a/b" alike */
	ppath = group_path(parent, NULL);
	if (!ppath)
		return -ENOMEM;
	if (lo->v2 >= 0)
		hset |= 1u << lo->v2;
	if (run && track_hier(lo) >= 0)
		hset |= 1u << track_hier(lo);
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
		rc = try_create(cg, hset, ctrls | need, need, ppath, run);
		if (rc == -ESTALE)
			continue;       /* a gc took it in the instant before our lock */
		if (rc != -EEXIST)
			return rc;
		if (!name)
			continue;
		/* a name a killed run left behind is free again once collected */
		if (run && !attempt && gc_one(lo, ppath, name) > 0)
			continue;
		return rc;
	}
	return -EEXIST;
}

int cgroup_create(struct cgroup *cg, const struct cgroup_layout *lo,
		  const char *parent, const char *name, unsigned ctrls,
		  unsigned need)
{
	return create(cg, lo, parent, name, ctrls, need, false);
}

int cgroup_create_run(struct cgroup *cg, const struct cgroup_layout *lo,
		      const char *parent, const char *name, unsigned ctrls,
		      unsigned need)
{
	return create(cg, lo, parent, name, ctrls, need, true);
}

int cgroup_unmark(const struct cgroup *cg)
{
	struct stat st;
	int h = track_hier(cg->lo);

	if (h < 0 || cg->fd[h] < 0)
		return -EBADF;
	if (fstat(cg->fd[h], &st) < 0 ||
	    fchmod(cg->fd[h], st.st_mode & 07777 & ~(mode_t) CGROUP_RUN_MARK) < 0)
		return -errno;
	return 0;
}

int cgroup_open(struct cgroup *cg, const struct cgroup_layout *lo,
		unsigned ctrls, const char *path)
{
	unsigned hset = 0;
	int c, h;

	if (ctrls == CGROUP_ALL) {
		/* the hierarchies of our controllers, as before named ones were listed */
		for (h = 0; h < lo->nhier; h++)
			if (lo->hier[h].ctrls || lo->hier[h].v2)
				hset |= 1u << h;
	} else {
		for (c = 0; c < CGROUP_NCTRL; c++)
			if (ctrls & CGROUP_BIT(c)) {
				if (lo->by_ctrl[c] < 0) {
					cgroup_init(cg, lo);
					return -ENODEV;
				}
				hset |= 1u << lo->by_ctrl[c];
			}
	}
	return cgroup_open_hiers(cg, lo, hset, path);
}

int cgroup_open_hiers(struct cgroup *cg, const struct cgroup_layout *lo,
		      unsigned hiers, const char *path)
{
	int h, rc;

	cgroup_init(cg, lo);
	if (!cgroup_valid_path(path))
		return -EINVAL;
	cg->path = group_path(path, NULL);
	if (!cg->path)
		return -ENOMEM;
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = NULL;

		if (!(hiers & (1u << h)))
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


int cgroup_remove(struct cgroup *cg)
{
	const struct cgroup_layout *lo = cg->lo;
	int t = track_hier(lo), i, h, tries, rc = 0;

	if (!cg->created || !cg->path) {
		cgroup_close(cg);
		return 0;
	}
	/*
	 * The tracking directory last, and only once the others are gone:
	 * while it stays, marked, cgroup_gc() can finish what failed here.
	 */
	for (i = 0; i <= lo->nhier; i++) {
		_cleanup_free_ char *dir = NULL;

		h = i < lo->nhier ? i : t;
		if (h < 0 || (i < lo->nhier && h == t) || cg->fd[h] < 0 ||
		    (i == lo->nhier && rc < 0))
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

bool cgroup_ctrl_v2(const struct cgroup *cg, enum cgroup_ctrl c)
{
	int h = (unsigned) c < CGROUP_NCTRL ? cg->lo->by_ctrl[c] : -1;

	return h >= 0 && cg->lo->hier[h].v2;
}

int cgroup_ctrl_fd(const struct cgroup *cg, enum cgroup_ctrl c)
{
	if (!cgroup_has(cg, c))
		return -ENODEV;
	return cg->fd[cg->lo->by_ctrl[c]];
}

int cgroup_write(const struct cgroup *cg, enum cgroup_ctrl c,
		 const char *file, const char *val)
{
	int fd = cgroup_ctrl_fd(cg, c);

	return fd < 0 ? fd : kfile_write_str(fd, file, val);
}

ssize_t cgroup_read(const struct cgroup *cg, enum cgroup_ctrl c,
		    const char *file, char *buf, size_t len)
{
	int fd = cgroup_ctrl_fd(cg, c), rfd;
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

int cgroup_attach(const struct cgroup *cg, pid_t pid, bool skip_v2)
{
	char buf[24];
	int h, rc;

	snprintf(buf, sizeof(buf), "%d", (int) pid);
	for (h = 0; h < cg->lo->nhier; h++) {
		if (cg->fd[h] < 0 || (skip_v2 && cg->lo->hier[h].v2))
			continue;
		rc = kfile_write_str(cg->fd[h], "cgroup.procs", buf);
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
	rc = (int) proc_read_file(dirfd, "cgroup.procs", &text);
	if (rc < 0)
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
	bool v2 = cgroup_ctrl_v2(cg, CGROUP_FREEZER);
	const char *file = cgroup_knob_name(cg->lo, CGK_FREEZE);

	if (!file)
		return -EOPNOTSUPP;
	return cgroup_write(cg, CGROUP_FREEZER, file, v2 ? (frozen ? "1" : "0") :
			    (frozen ? "FROZEN" : "THAWED"));
}

int cgroup_kill(const struct cgroup *cg)
{
	int v2fd = cgroup_v2_fd(cg), n, first, round, rc;
	bool frozen;

	first = cgroup_count(cg);
	if (first <= 0)
		return first;
	if (v2fd >= 0 && kfile_write_str(v2fd, "cgroup.kill", "1") == 0)
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
	for (int nap = 1;; nap = nap < 64 ? nap * 2 : nap) {
		n = cgroup_count(cg);
		if (n <= 0)
			return n;
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (int) ((now.tv_sec - start.tv_sec) * 1000 +
				(now.tv_nsec - start.tv_nsec) / 1000000);
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		/* no cgroup.events to poll (v1 only): look again, less often */
		sleep_ms(nap < timeout_ms - waited ? nap : timeout_ms - waited);
	}
}

/* ------------------------------------------------------------------ */
/* what killed runs left                                                */

/* nothing in the group: no task now, no child group (rmdir would say so too) */
static bool empty(int fd, bool v2)
{
	_cleanup_free_ char *text = NULL;
	uint64_t populated;

	if (v2) {
		if (proc_read_file(fd, "cgroup.events", &text) < 0 ||
		    cgroup_parse_keyed(text, "populated", &populated) < 0)
			return false;
		return populated == 0;
	}
	if (proc_read_file(fd, "cgroup.procs", &text) < 0)
		return false;
	return text[0] == '\0';
}

/*
 * Collect @name below @ppath if a killed run left it: marked (or, with no
 * marks, of a run's name), locked by no one, empty.  The lock is held
 * while the directories go, so no run can start using it meanwhile.
 * 1 when removed, 0 when not a leftover, or -errno.
 */
static int gc_one(const struct cgroup_layout *lo, const char *ppath,
		  const char *name)
{
	_cleanup_free_ char *path = group_path(ppath, name), *tdir = NULL;
	_cleanup_close_ int fd = -1;
	int t = track_hier(lo), h, rc = 1;
	struct stat st;

	if (!path || t < 0 || !(tdir = hier_dir(lo, t, path)))
		return t < 0 ? -ENODEV : -ENOMEM;
	fd = open(tdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(fd, &st) < 0 || !(st.st_mode & CGROUP_RUN_MARK))
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? 0 : -errno;
	if (!empty(fd, lo->hier[t].v2))
		return 0;
	/* the other hierarchies first: the marked directory goes last */
	for (h = 0; h < lo->nhier; h++) {
		_cleanup_free_ char *dir = NULL;

		if (h == t)
			continue;
		dir = hier_dir(lo, h, path);
		if (!dir)
			return -ENOMEM;
		if (rmdir(dir) < 0 && errno != ENOENT)
			rc = 0;
	}
	if (rc && rmdir(tdir) < 0)
		rc = errno == ENOENT ? 0 : -errno;
	return rc;
}

int cgroup_gc(const struct cgroup_layout *lo, const char *parent, unsigned hiers)
{
	(void) hiers;
	_cleanup_free_ char *ppath = NULL, *dir = NULL;
	int t = track_hier(lo), removed = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (!cgroup_valid_path(parent))
		return -EINVAL;
	if (t < 0)
		return 0;
	ppath = group_path(parent, NULL);
	dir = ppath ? hier_dir(lo, t, ppath) : NULL;
	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		/* one stat passes over the many groups that are no run's */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !(st.st_mode & CGROUP_RUN_MARK))
			continue;
		if (gc_one(lo, ppath, de->d_name) > 0)
			removed++;
	}
	closedir(d);
	return removed;
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
