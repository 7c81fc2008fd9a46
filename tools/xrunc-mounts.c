/*
 * xrunc-mounts.c - the container's root, in the child, before and after
 * the pivot: config.json's mounts in order, the cgroup mount, /dev, and
 * the masked and read-only paths.
 *
 * Every destination is resolved inside the new root (lib/mount: openat2
 * RESOLVE_IN_ROOT, or a walk that keeps ".." and symlinks inside), and
 * mount(2) reaches it through /proc/self/fd/N, so that a symlink planted
 * in the image cannot send a mount to the host.
 */
#include "compat.h"
#include "cleanup.h"
#include "mount.h"
#include "xrunc.h"
#include "xrunc-init.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* mount(8)'s flag words; "clear" ones take a flag away */
static const struct mount_flag {
	const char *name;
	bool clear;
	unsigned long flag;
} mount_flags[] = {
	{ "async", true, MS_SYNCHRONOUS }, { "atime", true, MS_NOATIME },
	{ "bind", false, MS_BIND }, { "defaults", false, 0 },
	{ "dev", true, MS_NODEV }, { "diratime", true, MS_NODIRATIME },
	{ "dirsync", false, MS_DIRSYNC }, { "exec", true, MS_NOEXEC },
	{ "iversion", false, MS_I_VERSION }, { "lazytime", false, MS_LAZYTIME },
	{ "loud", true, MS_SILENT }, { "mand", false, MS_MANDLOCK },
	{ "noatime", false, MS_NOATIME }, { "nodev", false, MS_NODEV },
	{ "nodiratime", false, MS_NODIRATIME }, { "noexec", false, MS_NOEXEC },
	{ "noiversion", true, MS_I_VERSION }, { "nolazytime", true, MS_LAZYTIME },
	{ "nomand", true, MS_MANDLOCK }, { "norelatime", true, MS_RELATIME },
	{ "nostrictatime", true, MS_STRICTATIME }, { "nosuid", false, MS_NOSUID },
	{ "rbind", false, MS_BIND | MS_REC }, { "relatime", false, MS_RELATIME },
	{ "remount", false, MS_REMOUNT }, { "ro", false, MS_RDONLY },
	{ "rw", true, MS_RDONLY }, { "silent", false, MS_SILENT },
	{ "strictatime", false, MS_STRICTATIME }, { "suid", true, MS_NOSUID },
	{ "sync", false, MS_SYNCHRONOUS },
};

static const struct mount_flag prop_flags[] = {
	{ "private", false, MS_PRIVATE }, { "rprivate", false, MS_PRIVATE | MS_REC },
	{ "shared", false, MS_SHARED }, { "rshared", false, MS_SHARED | MS_REC },
	{ "slave", false, MS_SLAVE }, { "rslave", false, MS_SLAVE | MS_REC },
	{ "unbindable", false, MS_UNBINDABLE }, { "runbindable", false, MS_UNBINDABLE | MS_REC },
};

int xinit_propagation(const char *name, unsigned long *flags)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prop_flags); i++)
		if (!strcmp(name, prop_flags[i].name)) {
			*flags = prop_flags[i].flag;
			return 0;
		}
	return -EINVAL;
}

struct mopts {
	unsigned long flags, prop;
	bool rro, idmap, tmpcopyup;
	char data[1024];
};

static void parse_options(struct xinit *x, const struct oci_mount *m, struct mopts *o)
{
	size_t i, j;

	memset(o, 0, sizeof(*o));
	for (i = 0; m->options && m->options[i]; i++) {
		const char *w = m->options[i];
		bool known = false;

		for (j = 0; j < ARRAY_SIZE(mount_flags) && !known; j++)
			if (!strcmp(w, mount_flags[j].name)) {
				known = true;
				if (mount_flags[j].clear)
					o->flags &= ~mount_flags[j].flag;
				else
					o->flags |= mount_flags[j].flag;
			}
		if (!known && xinit_propagation(w, &o->prop) == 0)
			known = true;
		if (!known && !strcmp(w, "rro")) {
			o->rro = true;
			known = true;
		}
		/* runc's extension, which podman asks for with --read-only */
		if (!known && !strcmp(w, "tmpcopyup")) {
			o->tmpcopyup = true;
			known = true;
		}
		if (!known && (!strcmp(w, "idmap") || !strcmp(w, "ridmap"))) {
			/* the runtime made the tree (see xrunc-create.c) */
			o->idmap = known = true;
			o->flags |= MS_BIND | (w[0] == 'r' ? MS_REC : 0);
		}
		if (!known) {
			/* the filesystem's own options, as mount(8) passes them on */
			size_t len = strlen(o->data);

			if (len + strlen(w) + 2 > sizeof(o->data))
				xinit_fail(x, 0, "mounts[%s]: options too long", m->destination);
			snprintf(o->data + len, sizeof(o->data) - len, "%s%s", len ? "," : "", w);
		}
	}
}

static void fdpath(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

/*
 * remount with @flags; in a user namespace the kernel refuses to clear
 * flags the mount came with (nodev, nosuid, noexec, ro are locked), so the
 * ones it has are kept, as runc does
 */
static int remount(const char *path, unsigned long flags)
{
	struct statvfs sv;

	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags, NULL) == 0)
		return 0;
	if (errno != EPERM || statvfs(path, &sv) < 0)
		return -errno;
	flags |= (sv.f_flag & ST_NODEV ? MS_NODEV : 0) | (sv.f_flag & ST_NOSUID ? MS_NOSUID : 0) |
		 (sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0) | (sv.f_flag & ST_RDONLY ? MS_RDONLY : 0);
	return mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0 ? -errno : 0;
}

/*
 * @path with its first dangling symlink replaced by what it points at
 * ("/a/b" with a -> /x/y that does not exist: "/x/y/b"; a relative target
 * is joined to the link's folder), or NULL when no symlink is in the way.
 * The result is resolved inside the root again, so ".." and absolute
 * targets still cannot leave it.
 */
static char *follow_dangling(int root_fd, const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	char *end;

	if (!copy)
		return NULL;
	for (end = copy + 1; ; end++) {
		_cleanup_close_ int fd = -1, pfd = -1;
		char save = *end, target[4096], *slash, *out = NULL;
		ssize_t n;

		if (*end && *end != '/')
			continue;
		*end = '\0';
		fd = mount_open_target(root_fd, copy, true, false);
		if (fd != -ENOENT) {
			*end = save;
			if (!save)
				return NULL;
			continue;
		}
		slash = strrchr(copy, '/');
		*slash = '\0';
		pfd = mount_open_target(root_fd, *copy ? copy : "/", true, false);
		n = pfd < 0 ? -1 : readlinkat(pfd, slash + 1, target, sizeof(target) - 1);
		if (n < 0)
			return NULL;
		target[n] = '\0';
		*end = save;
		if (target[0] == '/')
			out = save ? (asprintf(&out, "%s%s", target, end) < 0 ? NULL : out) : strdup(target);
		else if (asprintf(&out, "%s/%s%s", copy, target, save ? end : "") < 0)
			out = NULL;
		return out;
	}
}

/*
 * mount_open_target with the missing parts made, also where the image has
 * a symlink to a folder that does not exist yet: it is made inside the
 * root, where the link points as the container will see it (runc does
 * the same); never on the host
 */
static int open_target(int root_fd, const char *path, bool dir)
{
	_cleanup_free_ char *cur = strdup(path);
	int hops, fd;

	for (hops = 0; cur && hops < 40; hops++) {
		char *next;

		fd = mount_open_target(root_fd, cur, dir, true);
		if (fd != -ENOENT)
			return fd;
		next = follow_dangling(root_fd, cur);
		if (!next)
			return -ENOENT;
		free(cur);
		cur = next;
	}
	return cur ? -ELOOP : -ENOMEM;
}

/*
 * tmpcopyup: what the image has at a tmpfs's place, copied into it, so the
 * tmpfs starts with the image's files.  Both descriptors are inside the
 * root; every entry is opened without following links.
 */
static int copy_tree(int from, int to, int depth)
{
	_cleanup_close_ int dfd = dup(from);
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if (depth > 64)
		return -ELOOP;
	d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d)
		return -errno;
	dfd = -1;
	while (rc == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		struct stat st;

		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			_cleanup_close_ int sub = -1, dsub = -1;

			if (mkdirat(to, n, st.st_mode & 07777) < 0 && errno != EEXIST)
				rc = -errno;
			sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			dsub = openat(to, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (!rc && (sub < 0 || dsub < 0))
				rc = -errno;
			if (!rc)
				rc = copy_tree(sub, dsub, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			_cleanup_close_ int in = openat(dirfd(d), n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			_cleanup_close_ int out = openat(to, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
							 O_CLOEXEC, st.st_mode & 07777);
			char buf[65536];
			ssize_t r;

			if (in < 0 || out < 0)
				rc = -errno;
			while (!rc && (r = read(in, buf, sizeof(buf))) > 0)
				if (write(out, buf, (size_t) r) != r)
					rc = -errno;
		} else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t r = readlinkat(dirfd(d), n, target, sizeof(target) - 1);

			if (r < 0)
				rc = -errno;
			else if (target[r] = '\0', symlinkat(target, to, n) < 0)
				rc = -errno;
		} else if (mknodat(to, n, st.st_mode, st.st_rdev) < 0) {
			rc = -errno;
		}
		if (!rc && (fchownat(to, n, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0 ||
			    (!S_ISLNK(st.st_mode) && fchmodat(to, n, st.st_mode & 07777, 0) < 0)))
			rc = -errno;
	}
	closedir(d);
	return rc;
}

/* the cgroup mount: a tmpfs with the container's own group of each hierarchy */
static void mount_cgroup(struct xinit *x, int dst, const struct mopts *o, const char *dest)
{
	char p[64], sub[4096];
	size_t i;

	fdpath(p, sizeof(p), dst);
	/* a v2 host: the group itself is the mount, as a cgroup namespace shows it */
	if (x->a->cg_host && x->a->cg_host[0] && !x->a->cg_names[0][0]) {
		_cleanup_close_ int src = open(x->a->cg_host[0], O_PATH | O_DIRECTORY | O_CLOEXEC);
		char sp[64];

		fdpath(sp, sizeof(sp), src);
		if (src < 0 || mount(sp, p, NULL, MS_BIND, NULL) < 0)
			xinit_fail(x, -errno, "mounts[%s]: the cgroup", dest);
		return;
	}
	if (mount("tmpfs", p, "tmpfs", (o->flags & ~MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=755") < 0)
		xinit_fail(x, -errno, "mounts[%s]: tmpfs for the cgroups", dest);
	for (i = 0; x->a->cg_host && x->a->cg_host[i]; i++) {
		_cleanup_close_ int src = -1, d = -1;
		const char *name = x->a->cg_names[i];
		char sp[64], dp[64];

		snprintf(sub, sizeof(sub), "%s/%s", dest, name);
		src = open(x->a->cg_host[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
		d = open_target(x->root_fd, sub, true);
		if (src < 0 || d < 0)
			xinit_fail(x, src < 0 ? -errno : d, "mounts[%s]: cgroup %s", dest, name);
		fdpath(sp, sizeof(sp), src);
		fdpath(dp, sizeof(dp), d);
		if (mount(sp, dp, NULL, MS_BIND, NULL) < 0)
			xinit_fail(x, -errno, "mounts[%s]: cgroup %s", dest, name);
		close(d);
		d = mount_open_target(x->root_fd, sub, true, false);
		fdpath(dp, sizeof(dp), d);
		if (d < 0 || remount(dp, (o->flags & MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC) < 0)
			xinit_fail(x, d < 0 ? d : -errno, "mounts[%s]: cgroup %s read-only", dest, name);
	}
	/* the tmpfs itself stays writable, as runc leaves it: only the groups are read-only */
}

static void apply_mount(struct xinit *x, const struct oci_mount *m, size_t idx)
{
	_cleanup_close_ int src = -1, dst = -1, top = -1;
	const char *type = m->type ? m->type : "";
	char dp[64], sp[64];
	struct mopts o;
	bool dir = true;
	int rc;

	parse_options(x, m, &o);
	if (!strcmp(type, "bind"))
		o.flags |= MS_BIND;
	if (o.flags & MS_BIND) {
		_cleanup_free_ char *path = NULL;
		struct stat st;

		if (!m->source)
			xinit_fail(x, 0, "mounts[%s]: a bind mount needs a source", m->destination);
		path = m->source[0] == '/' ? strdup(m->source) :
		       (asprintf(&path, "%s/%s", x->a->bundle, m->source) < 0 ? NULL : path);
		src = path ? open(path, O_PATH | O_CLOEXEC) : -1;
		if (src < 0 || fstat(src, &st) < 0)
			xinit_fail(x, -errno, "mounts[%s]: source %s", m->destination, m->source);
		dir = S_ISDIR(st.st_mode);
	}
	dst = open_target(x->root_fd, m->destination, dir);
	if (dst < 0)
		xinit_fail(x, dst, "mounts[%s]: destination", m->destination);
	fdpath(dp, sizeof(dp), dst);
	if (!strcmp(type, "cgroup") || !strcmp(type, "cgroup2")) {
		mount_cgroup(x, dst, &o, m->destination);
		return;
	}
	if (o.idmap) {
		if (!x->idmap_fd || x->idmap_fd[idx] < 0)
			xinit_fail(x, 0, "mounts[%s]: no idmapped mount from the runtime", m->destination);
		if (move_mount(x->idmap_fd[idx], "", dst, "",
			       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			xinit_fail(x, -errno, "mounts[%s]: idmapped bind %s", m->destination, m->source);
		close(x->idmap_fd[idx]);
	} else if (o.flags & MS_BIND) {
		fdpath(sp, sizeof(sp), src);
		if (mount(sp, dp, NULL, MS_BIND | (o.flags & MS_REC), NULL) < 0)
			xinit_fail(x, -errno, "mounts[%s]: bind %s", m->destination, m->source);
	} else {
		/* sysfs belongs to the network namespace: one we do not own is bound */
		if (!strcmp(type, "sysfs") && x->in_userns && !x->new_netns) {
			src = open("/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
			fdpath(sp, sizeof(sp), src);
			if (src < 0 || mount(sp, dp, NULL, MS_BIND | MS_REC, NULL) < 0)
				xinit_fail(x, -errno, "mounts[%s]: bind of /sys", m->destination);
			o.flags |= MS_BIND | MS_REC;
		} else {
			/* tmpcopyup: the image's folder, read after the tmpfs covers it */
			_cleanup_close_ int under = o.tmpcopyup ? open(dp, O_RDONLY | O_DIRECTORY |
								      O_CLOEXEC) : -1;

			if (o.tmpcopyup && (strcmp(type, "tmpfs") || under < 0))
				xinit_fail(x, under < 0 ? -errno : 0, "mounts[%s]: tmpcopyup needs a "
					   "tmpfs on a folder", m->destination);
			/* a read-only one is filled first, then made read-only */
			if (mount(m->source ? m->source : type, dp, type, o.flags & ~(MS_REMOUNT | MS_REC |
				  (o.tmpcopyup ? MS_RDONLY : 0)), o.data[0] ? o.data : NULL) < 0)
				xinit_fail(x, -errno, "mounts[%s]: mount %s", m->destination, type);
			if (o.tmpcopyup) {
				_cleanup_close_ int top_path = mount_open_target(x->root_fd, m->destination,
										 true, false);
				_cleanup_close_ int topd = -1;
				char tp[64];

				fdpath(tp, sizeof(tp), top_path);
				topd = top_path < 0 ? -1 : open(tp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (topd < 0 || (rc = copy_tree(under, topd, 0)) < 0)
					xinit_fail(x, topd < 0 ? -errno : rc, "mounts[%s]: tmpcopyup",
						   m->destination);
				if ((o.flags & MS_RDONLY) && mount(NULL, tp, NULL, MS_REMOUNT |
				    (o.flags & ~(MS_REMOUNT | MS_REC | MS_BIND)), o.data[0] ? o.data : NULL) < 0)
					xinit_fail(x, -errno, "mounts[%s]: read-only", m->destination);
			}
		}
	}
	/* the new mount's own root: the old descriptor names what is beneath */
	top = mount_open_target(x->root_fd, m->destination, dir, false);
	if (top < 0)
		xinit_fail(x, top, "mounts[%s]", m->destination);
	fdpath(dp, sizeof(dp), top);
	if ((o.flags & MS_BIND) && (o.flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) &&
	    (rc = remount(dp, o.flags & ~(MS_BIND | MS_REC | MS_REMOUNT))) < 0)
		xinit_fail(x, rc, "mounts[%s]: flags of the bind mount", m->destination);
	if (o.rro && (rc = mount_set_readonly(top, true)) < 0)
		xinit_fail(x, rc, "mounts[%s]: rro", m->destination);
	if (o.prop && mount(NULL, dp, NULL, o.prop, NULL) < 0)
		xinit_fail(x, -errno, "mounts[%s]: propagation", m->destination);
}

static const struct { const char *name; unsigned maj, min; } default_devs[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

/*
 * a device node at @path: mknod where we may, else (in a user namespace,
 * where the kernel refuses mknod) a bind of the host's node
 */
static void make_device(struct xinit *x, const char *path, char type, unsigned maj,
			unsigned min, mode_t perm, uid_t uid, gid_t gid)
{
	_cleanup_close_ int parent = -1, dst = -1, src = -1;
	_cleanup_free_ char *dir = strdup(path);
	char *base = strrchr(dir, '/');
	mode_t kind = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
	char dp[64], sp[64], host[64];

	*base++ = '\0';
	parent = open_target(x->root_fd, *dir ? dir : "/", true);
	if (parent < 0)
		xinit_fail(x, parent, "device %s", path);
	if (!x->in_userns) {
		_cleanup_close_ int pd = -1;

		/* O_PATH cannot mknodat: reopen the directory for real */
		fdpath(dp, sizeof(dp), parent);
		pd = open(dp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		unlinkat(pd, base, 0);
		if (pd < 0 || mknodat(pd, base, kind | perm, makedev(maj, min)) < 0 ||
		    fchownat(pd, base, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 ||
		    fchmodat(pd, base, perm, 0) < 0)
			xinit_fail(x, -errno, "device %s", path);
		return;
	}
	snprintf(host, sizeof(host), "/dev/%s", base);
	src = open(path, O_PATH | O_CLOEXEC);
	if (src < 0)
		src = open(host, O_PATH | O_CLOEXEC);
	dst = open_target(x->root_fd, path, false);
	if (src < 0 || dst < 0)
		xinit_fail(x, src < 0 ? -errno : dst, "device %s: bind from the host", path);
	fdpath(sp, sizeof(sp), src);
	fdpath(dp, sizeof(dp), dst);
	if (mount(sp, dp, NULL, MS_BIND, NULL) < 0)
		xinit_fail(x, -errno, "device %s: bind from the host", path);
}

void xinit_rootfs(struct xinit *x)
{
	const struct oci_spec *s = x->a->spec;
	unsigned long prop = MS_SLAVE | MS_REC;
	bool dev_mount = false;
	size_t i;

	/* nothing we mount may propagate back to the host */
	if (s->rootfs_propagation && xinit_propagation(s->rootfs_propagation, &prop) < 0)
		xinit_fail(x, 0, "config.json: linux.rootfsPropagation: unknown %s",
			   s->rootfs_propagation);
	if (mount(NULL, "/", NULL, (prop & MS_SHARED) ? MS_SLAVE | MS_REC : prop, NULL) < 0)
		xinit_fail(x, -errno, "making / %s", s->rootfs_propagation ? s->rootfs_propagation : "rslave");
	/* the root must be a mount of its own for pivot_root */
	if (mount(x->a->rootfs, x->a->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		xinit_fail(x, -errno, "root.path %s", x->a->rootfs);
	x->root_fd = open(x->a->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (x->root_fd < 0)
		xinit_fail(x, -errno, "root.path %s", x->a->rootfs);
	for (i = 0; i < s->nmounts; i++) {
		apply_mount(x, &s->mounts[i], i);
		if (!strcmp(s->mounts[i].destination, "/dev") &&
		    !(s->mounts[i].type && !strcmp(s->mounts[i].type, "bind")))
			dev_mount = true;
	}
	if (dev_mount) {
		static const char *const links[][2] = {
			{ "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
			{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
			{ "pts/ptmx", "/dev/ptmx" },
		};

		for (i = 0; i < ARRAY_SIZE(default_devs); i++) {
			char path[32];

			snprintf(path, sizeof(path), "/dev/%s", default_devs[i].name);
			make_device(x, path, 'c', default_devs[i].maj, default_devs[i].min, 0666, 0, 0);
		}
		for (i = 0; i < ARRAY_SIZE(links); i++) {
			int rc = mount_symlink(x->root_fd, links[i][0], links[i][1]);

			if (rc < 0 && rc != -EEXIST)
				xinit_fail(x, rc, "%s", links[i][1]);
		}
	}
	for (i = 0; i < s->ndevices; i++) {
		const struct oci_device *d = &s->devices[i];

		make_device(x, d->path, d->type == 'u' ? 'c' : d->type, (unsigned) d->major,
			    (unsigned) d->minor, d->file_mode.has ? (mode_t) d->file_mode.v : 0666,
			    d->uid.has ? (uid_t) d->uid.v : 0, d->gid.has ? (gid_t) d->gid.v : 0);
	}
}

/* after the pivot: paths are the container's own now */
void xinit_paths(struct xinit *x)
{
	const struct oci_spec *s = x->a->spec;
	size_t i;
	int rc;

	for (i = 0; s->masked_paths && s->masked_paths[i]; i++) {
		const char *p = s->masked_paths[i];
		struct stat st;

		if (lstat(p, &st) < 0)
			continue;     /* nothing there to hide */
		if (S_ISDIR(st.st_mode))
			rc = mount("tmpfs", p, "tmpfs", MS_RDONLY, NULL) < 0 ? -errno : 0;
		else
			rc = mount("/dev/null", p, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
		if (rc < 0)
			xinit_fail(x, rc, "linux.maskedPaths: %s", p);
	}
	for (i = 0; s->readonly_paths && s->readonly_paths[i]; i++) {
		const char *p = s->readonly_paths[i];

		if (access(p, F_OK) < 0)
			continue;
		if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0 ||
		    (rc = remount(p, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)) < 0)
			xinit_fail(x, -errno, "linux.readonlyPaths: %s", p);
	}
	if (s->rootfs_propagation) {
		unsigned long prop = 0;

		xinit_propagation(s->rootfs_propagation, &prop);
		if (mount(NULL, "/", NULL, prop, NULL) < 0)
			xinit_fail(x, -errno, "linux.rootfsPropagation %s", s->rootfs_propagation);
	}
}

void xinit_root_readonly(struct xinit *x)
{
	int rc;

	if (x->a->spec->root_readonly && (rc = remount("/", MS_RDONLY)) < 0)
		xinit_fail(x, rc, "root.readonly");
}
