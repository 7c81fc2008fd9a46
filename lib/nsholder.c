/*
 * nsholder.c - namespaces held by nsfs bind mounts, fds and sockets.
 */
#include "compat.h"
#include "nsholder.h"
#include "proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <linux/sockios.h>

static int add_cand(struct nsholder_scan *s, pid_t pid, int fd, ino_t ino, bool socket)
{
	if (s->ncands == s->capcands) {
		size_t cap = s->capcands ? s->capcands * 2 : 64;
		struct nsholder_cand *v = realloc(s->cands, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->cands = v;
		s->capcands = cap;
	}
	s->cands[s->ncands++] = (struct nsholder_cand) { pid, fd, ino, socket };
	return 0;
}

/* one fd link: a namespace or a socket no one asked about yet is noted */
static int note_fd(const struct nslist *l, struct nsholder_scan *s, int dirfd_,
		   const char *name, pid_t pid)
{
	const struct ns_type *kind;
	char link[64];
	ssize_t n;
	ino_t ino;
	enum nslist_fdlink r;
	int rc;

	n = readlinkat(dirfd_, name, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	r = nslist_parse_fdlink(link, &kind, &ino);
	if (r == NSLIST_FDLINK_NS && (l->kinds & (1U << kind->kind)))
		return add_cand(s, pid, atoi(name), ino, false);
	if (r == NSLIST_FDLINK_SOCKET && (l->kinds & (1U << NS_NET)) &&
	    !inomap_get(&s->sockets, ino)) {
		/* a socket shared by many processes is asked about once */
		rc = inomap_put(&s->sockets, ino, s);
		return rc < 0 ? rc : add_cand(s, pid, atoi(name), ino, true);
	}
	/*
	 * An nsfs file opened through a bind mount (ip netns's /run/netns/N)
	 * has the mount's path as its link, and "/" once the mount is gone:
	 * the root of a detached mount.  Such an fd may be all that holds the
	 * namespace; its inode is asked for later, as for nothing else with a
	 * path (that would be a stat per open file of the system).
	 */
	if (link[0] == '/' && link[1] == '\0')
		return add_cand(s, pid, atoi(name), 0, false);
	return 0;
}

/*
 * The links of PID/fd, read with readlink rather than stat: the text names
 * type and inode without a lookup.  getdents64 is called directly: procfs
 * fills the buffer with every fd that fits, so a buffer returned with room
 * for another entry to spare is the whole directory, and the usual
 * second, empty call is saved (system calls are most of our cost).
 */
int nsholder_scan_fds(const struct nslist *l, struct nsholder_scan *s,
		      const char *pidname, pid_t pid)
{
	char path[48], buf[8192];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/fd", pidname);
	fd = openat(l->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;       /* not ours to read, or gone */
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		for (long off = 0; off < n && rc == 0; ) {
			struct dirent64 *d = (struct dirent64 *) (buf + off);

			off += d->d_reclen;
			if (d->d_name[0] >= '0' && d->d_name[0] <= '9')
				rc = note_fd(l, s, fd, d->d_name, pid);
		}
		if (rc < 0 || (size_t) n + sizeof(struct dirent64) < sizeof(buf))
			break;
	}
	close(fd);
	return rc;
}

int nsholder_merge(struct nsholder_scan *into, struct nsholder_scan *from)
{
	int rc = 0;

	for (size_t j = 0; j < from->ncands && rc == 0; j++) {
		struct nsholder_cand *c = &from->cands[j];

		rc = add_cand(into, c->pid, c->fd, c->ino, c->socket);
	}
	nsholder_scan_free(from);
	return rc;
}

void nsholder_scan_free(struct nsholder_scan *s)
{
	free(s->cands);
	inomap_clear(&s->sockets);
	*s = (struct nsholder_scan) { 0 };
}

static int cmp_cand(const void *a, const void *b)
{
	const struct nsholder_cand *x = a, *y = b;

	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->fd > y->fd) - (x->fd < y->fd);
}


static int append_nsfs(struct nslist_ns *ns, const char *target)
{
	size_t old, len = strlen(target);
	char *v;

	if (ns->nsfs) {
		/* the same target twice (over-mounted, propagated) counts once */
		for (const char *p = ns->nsfs; p; p = strchr(p, '\n')) {
			if (*p == '\n')
				p++;
			if (strncmp(p, target, len) == 0 && (p[len] == '\n' || !p[len]))
				return 0;
		}
	}
	old = ns->nsfs ? strlen(ns->nsfs) : 0;
	v = realloc(ns->nsfs, old + len + 2);
	if (!v)
		return -ENOMEM;
	if (old)
		v[old++] = '\n';
	memcpy(v + old, target, len + 1);
	ns->nsfs = v;
	return 0;
}

/*
 * Bind mounts of nsfs files: /run/netns/NAME, persisted namespaces.
 * libmount reads mountinfo as lsns does, unescaping the paths (a name may
 * hold spaces) and matching the filesystem type.
 */
void nsholder_add_mounts(struct nslist *l)
{
	struct libmnt_table *tab = mnt_new_table_from_file("/proc/self/mountinfo");
	struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;

	while (tab && itr && mnt_table_next_fs(tab, itr, &fs) == 0) {
		const char *root = mnt_fs_get_root(fs), *target = mnt_fs_get_target(fs);
		const struct ns_type *kind;
		struct nslist_ns *ns;
		ino_t ino;
		int rc;

		if (!root || !target || !mnt_fs_match_fstype(fs, "nsfs"))
			continue;
		if (nslist_parse_fdlink(root, &kind, &ino) != NSLIST_FDLINK_NS ||
		    !(l->kinds & (1U << kind->kind)))
			continue;
		ns = nslist_find(l, ino);
		if (!ns) {
			int fd = open(target, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

			if (fd < 0)
				continue;
			rc = nslist_add_fd(l, fd, NSLIST_BY_NSFS, target, &ns);
			close(fd);
			if (rc < 0)
				continue;
		}
		ns->holders |= NSLIST_BY_NSFS;
		append_nsfs(ns, target);
	}
	mnt_free_iter(itr);
	mnt_free_table(tab);
}

/* the inode of the nsfs file behind fd link @path that reads "/" */
static int detached_nsfs_ino(const char *path, ino_t *ino)
{
	struct statfs sfs;
	struct stat st;

	/* both follow the link to the file itself; the real / is no nsfs */
	if (statfs(path, &sfs) < 0 || stat(path, &st) < 0)
		return -errno;
	if (sfs.f_type != NSFS_MAGIC)
		return -ENOENT;
	*ino = st.st_ino;
	return 0;
}

void nsholder_add_fds(struct nslist *l, struct nsholder_scan *s)
{
	char path[64];

	/* the first fd of the lowest PID names a namespace, however the
	 * scan's threads shared the work */
	if (s->ncands)
		qsort(s->cands, s->ncands, sizeof(*s->cands), cmp_cand);
	for (size_t i = 0; i < s->ncands; i++) {
		struct nsholder_cand *c = &s->cands[i];
		int fd, pidfd, sk;

		if (!c->socket) {
			struct nslist_ns *ns;

			snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int) c->pid, c->fd);
			if (!c->ino && detached_nsfs_ino(path, &c->ino) < 0)
				continue;
			ns = nslist_find(l, c->ino);
			if (ns) {
				ns->holders |= NSLIST_BY_FD;
				continue;
			}
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
			if (fd < 0)
				continue;
			nslist_add_fd(l, fd, NSLIST_BY_FD, path, NULL);
			close(fd);
			continue;
		}
		/* SIOCGSKNS needs the socket itself: borrow it from its process */
		pidfd = xns_pidfd_open(c->pid, 0);
		if (pidfd < 0)
			continue;
		sk = (int) syscall(__NR_pidfd_getfd, pidfd, c->fd, 0);
		close(pidfd);
		if (sk < 0)
			continue;
		fd = ioctl(sk, SIOCGSKNS);
		close(sk);
		if (fd < 0)
			continue;
		nslist_add_fd(l, fd, NSLIST_BY_SOCKET, NULL, NULL);
		close(fd);
	}
}

