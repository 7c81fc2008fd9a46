/*
 * nslist.c - find the namespaces of the system and the processes in them
 * (nsholder.c finds what else holds them).
 *
 * One pass over /proc reads, per process, only what was asked for (the
 * inodes of its ns links, PID/stat for the parent, the links of PID/fd).
 * Namespaces are then indexed by inode in a hash, processes by PID in a
 * sorted array: nothing walks the whole list per process, so the cost grows
 * with the number of processes and no faster.
 */
#include "compat.h"
#include "nsholder.h"
#include "nslist.h"
#include "proc.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- parsers ---------------------------------------------------------------- */

static int parse_bracket_ino(const char *s, ino_t *ino)
{
	uint64_t v = 0;

	if (*s++ != '[')
		return -EINVAL;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t) (*s - '0');
	}
	if (s[0] != ']' || s[1] || !v)
		return -EINVAL;
	*ino = (ino_t) v;
	return 0;
}

enum nslist_fdlink nslist_parse_fdlink(const char *link, const struct ns_type **kind,
				       ino_t *ino)
{
	const char *colon;
	char name[16];
	size_t len;

	*kind = NULL;
	if (!link || !(colon = strchr(link, ':')))
		return NSLIST_FDLINK_OTHER;
	len = (size_t) (colon - link);
	if (len == 0 || len >= sizeof(name))
		return NSLIST_FDLINK_OTHER;
	memcpy(name, link, len);
	name[len] = '\0';
	if (parse_bracket_ino(colon + 1, ino) < 0)
		return NSLIST_FDLINK_OTHER;
	if (strcmp(name, "socket") == 0)
		return NSLIST_FDLINK_SOCKET;
	*kind = ns_type_by_name(name);
	return *kind ? NSLIST_FDLINK_NS : NSLIST_FDLINK_OTHER;
}

/* ---- the list ------------------------------------------------------------------ */

/* below this many processes a second thread costs more than it saves */
#define NSLIST_THREAD_MIN 512
#define NSLIST_MAX_THREADS 4

void nslist_init(struct nslist *l, int procfd, unsigned int kinds,
		 unsigned int want)
{
	memset(l, 0, sizeof(*l));
	l->procfd = procfd;
	l->kinds = kinds;
	l->want = want;
	l->thread_min = NSLIST_THREAD_MIN;
	if (want & NSLIST_WANT_ANCESTORS)
		l->want |= NSLIST_WANT_RELATIONS;
}

struct nslist_ns *nslist_find(const struct nslist *l, ino_t ino)
{
	return inomap_get(&l->byino, ino);
}

struct nslist_proc *nslist_proc_by_pid(const struct nslist *l, pid_t pid)
{
	size_t lo = 0, hi = l->nprocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->procs[mid].pid == pid)
			return &l->procs[mid];
		if (l->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int nslist_open(const struct nslist *l, const struct nslist_ns *ns)
{
	char path[64];
	int fd;

	if (ns->proc) {
		ns_pid_path(path, sizeof(path), l->procfd, ns->proc->pid, ns->type, false);
		fd = openat(proc_at(l->procfd), path, O_RDONLY | O_CLOEXEC);
	} else if (ns->path) {
		fd = open(ns->path, O_RDONLY | O_CLOEXEC);
	} else {
		return -ENOENT;
	}
	return fd < 0 ? -errno : fd;
}

static struct nslist_ns *ns_new(struct nslist *l, ino_t ino,
				const struct ns_type *type)
{
	struct nslist_ns *ns;

	if (l->nns == l->nscap) {
		size_t cap = l->nscap ? l->nscap * 2 : 64;
		struct nslist_ns **v = realloc(l->ns, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->ns = v;
		l->nscap = cap;
	}
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->ino = ino;
	ns->type = type;
	if (inomap_put(&l->byino, ino, ns) < 0) {
		free(ns);
		return NULL;
	}
	l->ns[l->nns++] = ns;
	return ns;
}

/* the inode of the namespace ioctl @req hands out for @fd; its fd in *@out */
static ino_t related(int fd, unsigned long req, int *out)
{
	struct stat st;
	int rfd = ioctl(fd, req);

	*out = -1;
	if (rfd < 0)
		return 0;       /* EPERM: outside our reach, or the root */
	if (fstat(rfd, &st) < 0) {
		close(rfd);
		return 0;
	}
	*out = rfd;
	return st.st_ino;
}

/* parent and owner of @ns through its open @fd; their fds when asked */
static void read_relations(struct nslist_ns *ns, int fd, int *pfd, int *ofd)
{
	int p = -1, o = -1;

	ns->owner_ino = related(fd, NS_GET_USERNS, &o);
	if (ns->type->kind == NS_USER || ns->type->kind == NS_PID)
		ns->parent_ino = related(fd, NS_GET_PARENT, &p);
	if (pfd)
		*pfd = p;
	else if (p >= 0)
		close(p);
	if (ofd)
		*ofd = o;
	else if (o >= 0)
		close(o);
}

static void read_owner_uid(struct nslist_ns *ns, int fd, int ofd)
{
	uid_t uid = 0;     /* valgrind cannot tell the ioctl fills it */

	/* the ioctl answers for user namespaces: ask the owner for the others */
	if (ioctl(ns->type->kind == NS_USER ? fd : ofd, NS_GET_OWNER_UID, &uid) == 0) {
		ns->owner_uid = uid;
		ns->has_owner_uid = true;
	}
}

int nslist_add_fd(struct nslist *l, int fd, unsigned int holder, const char *path,
		  struct nslist_ns **out)
{
	const struct ns_type *type;
	struct nslist_ns *ns;
	struct stat st;
	int pfd, ofd;

	if (fstat(fd, &st) < 0)
		return -errno;
	ns = nslist_find(l, st.st_ino);
	if (!ns) {
		if (ns_fd_type(fd, &type) < 0)
			return -EINVAL;
		if (!(l->kinds & (1U << type->kind)))
			return -EMEDIUMTYPE;
		ns = ns_new(l, st.st_ino, type);
		if (!ns)
			return -ENOMEM;
		read_relations(ns, fd, &pfd, &ofd);
		read_owner_uid(ns, fd, ofd);
		/* what no process is in is listed with what it hangs from, as
		 * lsns does */
		if (pfd >= 0) {
			if (!nslist_find(l, ns->parent_ino))
				nslist_add_fd(l, pfd, NSLIST_BY_RELATION, NULL, NULL);
			close(pfd);
		}
		if (ofd >= 0) {
			if (!nslist_find(l, ns->owner_ino))
				nslist_add_fd(l, ofd, NSLIST_BY_RELATION, NULL, NULL);
			close(ofd);
		}
	}
	ns->holders |= holder;
	if (!ns->path && path && !(ns->path = strdup(path)))
		return -ENOMEM;
	if (out)
		*out = ns;
	return 0;
}

int nslist_proc_fill(struct nslist *l, struct nslist_proc *p, unsigned int want)
{
	char path[32];
	struct stat st;
	int rc;

	if ((want & NSLIST_WANT_UID) && !p->has_uid) {
		proc_pid_path(path, sizeof(path), l->procfd, p->pid, "");
		if (fstatat(proc_at(l->procfd), path, &st, 0) < 0)
			return errno == ENOENT ? -ESRCH : -errno;
		p->uid = st.st_uid;
		p->has_uid = true;
	}
	if ((want & NSLIST_WANT_PPID) && !p->has_ppid) {
		rc = proc_read_ppid(l->procfd, p->pid, &p->ppid);
		if (rc < 0)
			return rc;
		p->has_ppid = true;
		p->parent = p->ppid ? nslist_proc_by_pid(l, p->ppid) : NULL;
	}
	if ((want & NSLIST_WANT_COMMAND) && !p->has_command) {
		rc = proc_read_command(l->procfd, p->pid, &p->command);
		if (rc < 0)
			return rc;
		p->has_command = true;
	}
	return 0;
}

/*
 * Paths relative to the proc root rather than a dirfd per process: the
 * walk through PID costs less than the open and close it would save.
 * A process that is gone leaves p->pid 0.
 */
static int read_proc(const struct nslist *l, struct nsholder_scan *s, pid_t pid,
		     struct nslist_proc *p)
{
	char name[16], path[48], link[64];
	ssize_t n;
	ino_t ino;

	memset(p, 0, sizeof(*p));
	snprintf(name, sizeof(name), "%d", (int) pid);
	for (size_t i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];

		if (!(l->kinds & (1U << t->kind)))
			continue;
		/*
		 * readlink, not stat: the link text "net:[4026531840]" is
		 * made from the inode alone, where stat must find or make
		 * an nsfs dentry; it is the same inode lsns stats.
		 */
		ns_pid_path(path, sizeof(path), l->procfd, pid, t, false);
		n = readlinkat(proc_at(l->procfd), path, link, sizeof(link) - 1);
		if (n > 0) {
			const struct ns_type *k;

			link[n] = '\0';
			if (nslist_parse_fdlink(link, &k, &ino) == NSLIST_FDLINK_NS && k == t)
				p->ns[t->kind] = ino;
		} else if (errno == ENOENT && faccessat(l->procfd, name, F_OK, 0) < 0) {
			return 0;       /* gone meanwhile */
		}
	}
	p->pid = pid;
	if (l->want & NSLIST_WANT_HOLDERS)
		return nsholder_scan_fds(l, s, name, pid);
	return 0;
}

/*
 * The threads take PIDs (or processes to fill) in small chunks from a
 * shared counter rather than a fixed share each: on a busy machine a
 * thread that is not scheduled leaves its work to the one that is,
 * instead of making every other wait for it at the join.
 */
#define NSLIST_CHUNK 16

struct worker {
	struct nslist *l;
	const pid_t *pids;              /* read: the PIDs, into l->procs */
	struct nslist_proc **fill;      /* or fill: these processes */
	size_t n;
	size_t *next;                   /* the first item no thread took */
	struct nsholder_scan s;         /* what this thread noted */
	int rc;
};

static void *work(void *arg)
{
	struct worker *w = arg;

	while (w->rc == 0) {
		size_t i = __atomic_fetch_add(w->next, NSLIST_CHUNK, __ATOMIC_RELAXED);
		size_t end = i + NSLIST_CHUNK < w->n ? i + NSLIST_CHUNK : w->n;

		for (; i < end && w->rc == 0; i++) {
			if (w->pids)
				w->rc = read_proc(w->l, &w->s, w->pids[i], &w->l->procs[i]);
			else    /* one gone meanwhile keeps its fields unset */
				nslist_proc_fill(w->l, w->fill[i], w->l->want);
		}
		if (end == w->n)
			break;
	}
	return NULL;
}

/*
 * Run the job @w[0] describes on up to one thread per CPU once it has
 * @min items or more (the work is nearly all system calls on independent
 * /proc files: the wall time shrinks with the cores, the CPU time stays).
 * Fills @w[1..] as copies; returns how many workers ran.
 */
static size_t run_workers(struct worker *w, size_t min)
{
	pthread_t tid[NSLIST_MAX_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = 1;

	if (w[0].n >= min && cpus > 1)
		n = cpus < NSLIST_MAX_THREADS ? (size_t) cpus : NSLIST_MAX_THREADS;
	for (size_t i = 1; i < n; i++) {
		w[i] = w[0];
		if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) {
			n = i;  /* no thread: the others take its share */
			break;
		}
	}
	work(&w[0]);
	for (size_t i = 1; i < n; i++)
		pthread_join(tid[i], NULL);
	return n;
}

/* read every PID in @pids into l->procs, and note the fds worth a look */
static int read_procs(struct nslist *l, struct nsholder_scan *s, const pid_t *pids,
		      size_t npids)
{
	struct worker w[NSLIST_MAX_THREADS] = { 0 };
	size_t next = 0, n, keep = 0;
	int rc = 0;

	w[0] = (struct worker) { .l = l, .pids = pids, .n = npids, .next = &next };
	n = run_workers(w, l->thread_min);

	*s = w[0].s;
	for (size_t i = 0; i < n; i++) {
		if (w[i].rc < 0 && rc == 0)
			rc = w[i].rc;
		if (i == 0)
			continue;
		if (rc == 0)
			rc = nsholder_merge(s, &w[i].s);
		nsholder_scan_free(&w[i].s);
	}
	/* close the gaps the processes that exited meanwhile left */
	for (size_t i = 0; i < npids; i++)
		if (l->procs[i].pid)
			l->procs[keep++] = l->procs[i];
	l->nprocs = keep;
	return rc;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) *(void * const *) a, y = (uintptr_t) *(void * const *) b;

	return (x > y) - (x < y);
}

/*
 * PPID, owner and command of each namespace's lowest PID, the only
 * processes a namespace row shows; each process once, however many
 * namespaces it is the first of, and on the threads when there are many.
 */
static int fill_lowest(struct nslist *l)
{
	struct worker w[NSLIST_MAX_THREADS] = { 0 };
	struct nslist_proc **v;
	size_t n = 0, u = 0, next = 0;

	v = malloc((l->nns ? l->nns : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < l->nns; i++)
		if (l->ns[i]->proc)
			v[n++] = l->ns[i]->proc;
	if (n)
		qsort(v, n, sizeof(*v), cmp_ptr);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	w[0] = (struct worker) { .l = l, .fill = v, .n = u, .next = &next };
	/* a fill costs about a quarter of a whole read */
	run_workers(w, l->thread_min / 4);
	free(v);
	return 0;
}

static int cmp_proc(const void *a, const void *b)
{
	const struct nslist_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nslist_ns *x = *(struct nslist_ns * const *) a;
	const struct nslist_ns *y = *(struct nslist_ns * const *) b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* the namespaces of every process, in PID order: the first is the lowest */
static int assign_procs(struct nslist *l)
{
	char path[64];

	for (size_t i = 0; i < l->nprocs; i++) {
		struct nslist_proc *p = &l->procs[i];

		for (size_t k = 0; k < NS_NKINDS; k++) {
			const struct ns_type *t = &ns_types[k];
			struct nslist_ns *ns;
			int fd;

			if (!p->ns[t->kind])
				continue;
			ns = nslist_find(l, p->ns[t->kind]);
			if (ns) {
				ns->nprocs++;
				continue;
			}
			ns = ns_new(l, p->ns[t->kind], t);
			if (!ns)
				return -ENOMEM;
			ns->holders = NSLIST_BY_PROC;
			ns->nprocs = 1;
			ns->proc = p;
			if (!(l->want & NSLIST_WANT_RELATIONS))
				continue;
			ns_pid_path(path, sizeof(path), l->procfd, p->pid, t, false);
			fd = openat(proc_at(l->procfd), path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			read_relations(ns, fd, NULL, NULL);
			close(fd);
		}
	}
	return 0;
}

/* parents and owners no process is in, for the owner and parent trees */
static void add_ancestors(struct nslist *l)
{
	for (size_t i = 0; i < l->nns; i++) {
		struct nslist_ns *ns = l->ns[i];
		int fd, pfd, ofd;

		if ((!ns->parent_ino || nslist_find(l, ns->parent_ino)) &&
		    (!ns->owner_ino || nslist_find(l, ns->owner_ino)))
			continue;
		fd = nslist_open(l, ns);
		if (fd < 0)
			continue;
		/* the namespace reopened: make sure it is still the one we saw */
		{
			struct stat st;

			if (fstat(fd, &st) < 0 || st.st_ino != ns->ino) {
				close(fd);
				continue;
			}
		}
		pfd = ofd = -1;
		if (ns->parent_ino && !nslist_find(l, ns->parent_ino))
			related(fd, NS_GET_PARENT, &pfd);
		if (ns->owner_ino && !nslist_find(l, ns->owner_ino))
			related(fd, NS_GET_USERNS, &ofd);
		close(fd);
		if (pfd >= 0) {
			nslist_add_fd(l, pfd, NSLIST_BY_RELATION, NULL, NULL);
			close(pfd);
		}
		if (ofd >= 0) {
			nslist_add_fd(l, ofd, NSLIST_BY_RELATION, NULL, NULL);
			close(ofd);
		}
	}
}

int nslist_scan(struct nslist *l)
{
	struct nsholder_scan s = { 0 };
	struct proc_iter it;
	size_t npids = 0, cappids = 0;
	pid_t pid, *pids = NULL;
	bool own = false;
	int rc;

	if (l->procfd < 0) {
		l->procfd = proc_open_root(NULL);
		if (l->procfd < 0)
			return l->procfd;
		own = true;
	}
	rc = proc_iter_open(l->procfd, &it);
	if (rc < 0)
		goto out;
	while ((rc = proc_iter_next(&it, &pid)) > 0) {
		if (npids == cappids) {
			pid_t *v = realloc(pids, (cappids = cappids ? cappids * 2 : 1024) * sizeof(*v));

			if (!v) {
				rc = -ENOMEM;
				break;
			}
			pids = v;
		}
		pids[npids++] = pid;
	}
	proc_iter_close(&it);
	if (rc < 0)
		goto out;
	l->procs = calloc(npids ? npids : 1, sizeof(*l->procs));
	if (!l->procs) {
		rc = -ENOMEM;
		goto out;
	}
	rc = read_procs(l, &s, pids, npids);
	if (rc < 0)
		goto out;

	/* readdir of /proc gives PIDs in order; sorting costs nothing then */
	if (l->nprocs)
		qsort(l->procs, l->nprocs, sizeof(*l->procs), cmp_proc);
	rc = assign_procs(l);
	if (rc < 0)
		goto out;
	if (l->want & (NSLIST_WANT_PPID | NSLIST_WANT_UID | NSLIST_WANT_COMMAND)) {
		rc = fill_lowest(l);
		if (rc < 0)
			goto out;
	}
	if (l->want & NSLIST_WANT_HOLDERS) {
		nsholder_add_mounts(l);
		nsholder_add_fds(l, &s);
	}
	if (l->want & NSLIST_WANT_ANCESTORS)
		add_ancestors(l);

	for (size_t i = 0; i < l->nns; i++) {
		struct nslist_ns *ns = l->ns[i];

		if (ns->parent_ino != ns->ino)
			ns->parent = nslist_find(l, ns->parent_ino);
		if (ns->owner_ino != ns->ino)
			ns->owner = nslist_find(l, ns->owner_ino);
	}
	if (l->nns)
		qsort(l->ns, l->nns, sizeof(*l->ns), cmp_ns);
out:
	free(pids);
	nsholder_scan_free(&s);
	if (own) {
		close(l->procfd);
		l->procfd = -1;
	}
	return rc;
}

void nslist_free(struct nslist *l)
{
	for (size_t i = 0; i < l->nns; i++) {
		free(l->ns[i]->path);
		free(l->ns[i]->nsfs);
		free(l->ns[i]);
	}
	free(l->ns);
	for (size_t i = 0; i < l->nprocs; i++)
		free(l->procs[i].command);
	free(l->procs);
	inomap_clear(&l->byino);
	memset(l, 0, sizeof(*l));
	l->procfd = -1;
}
