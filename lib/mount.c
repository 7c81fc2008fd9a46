/*
 * mount.c - binds, pivots and propagation for xchroot.
 */
#include "compat.h"
#include "mount.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#define FD_PATH_MAX sizeof("/proc/self/fd/") + 12

static void fd_path(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

int mount_make_rslave(const char *path)
{
	/* the type is ignored here, but checkers (valgrind) want a string */
	if (mount("none", path, "none", MS_REC | MS_SLAVE, NULL) < 0)
		return -errno;
	return 0;
}

#define WALK_DEPTH 256   /* folders deep */
#define WALK_LINKS 40    /* symlinks followed, as the kernel's MAXSYMLINKS */

/*
 * openat2(RESOLVE_IN_ROOT) by hand, for kernels before 5.6 and for
 * valgrind, which does not know the call: one component at a time with
 * O_NOFOLLOW, ".." never above @root_fd, and each symlink read and walked
 * on from the root (absolute) or from where it was (relative).
 */
int mount_walk_in_root(int root_fd, const char *path)
{
	int stack[WALK_DEPTH];
	size_t depth = 0;
	int links = 0, rc = 0;
	char *todo = strdup(path), *p;

	if (!todo)
		return -ENOMEM;
	stack[0] = fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
	if (stack[0] < 0) {
		free(todo);
		return -errno;
	}
	p = todo;
	for (;;) {
		char link[PATH_MAX], *comp, *next;
		struct stat st;
		ssize_t n;
		int fd;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		p += strcspn(p, "/");
		if (*p)
			*p++ = '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		fd = openat(stack[depth], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			rc = -errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (depth + 1 >= WALK_DEPTH) {
				close(fd);
				rc = -ENAMETOOLONG;
				break;
			}
			stack[++depth] = fd;
			continue;
		}
		/* a symlink: its target, then what was left, walked on from here */
		n = readlinkat(fd, "", link, sizeof(link) - 1);
		close(fd);
		if (n < 0 || ++links > WALK_LINKS) {
			rc = n < 0 ? -errno : -ELOOP;
			break;
		}
		link[n] = '\0';
		if (link[0] == '/')
			while (depth > 0)
				close(stack[depth--]);
		if (asprintf(&next, "%s/%s", link, p) < 0) {
			rc = -ENOMEM;
			break;
		}
		free(todo);
		todo = p = next;
	}
	free(todo);
	if (rc < 0) {
		while (depth > 0)
			close(stack[depth--]);
		close(stack[0]);
		return rc;
	}
	rc = stack[depth];
	while (depth > 0)
		close(stack[--depth]);
	return rc;
}

static int open_in_root(int root_fd, const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		/* a root we were handed may hold any symlink: none leads out */
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int) syscall(SYS_openat2, root_fd, path, &how, sizeof(how));

	if (fd < 0 && errno == ENOSYS)
		return mount_walk_in_root(root_fd, path);
	return fd < 0 ? -errno : fd;
}

int mount_open_target(int root_fd, const char *path, bool dir, bool create)
{
	char *copy, *slash, *base;
	int fd, parent, rc;

	fd = open_in_root(root_fd, path);
	if (fd != -ENOENT || !create)
		return fd;

	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	/* "a/b//" names "a/b": trailing slashes are no component */
	for (size_t n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--)
		copy[n - 1] = '\0';
	slash = strrchr(copy, '/');
	if (slash) {
		*slash = '\0';
		base = slash + 1;
		parent = mount_open_target(root_fd, *copy ? copy : "/", true, true);
	} else {
		base = copy;
		parent = open_in_root(root_fd, ".");
	}
	if (parent < 0) {
		free(copy);
		return parent;
	}
	if (dir) {
		rc = mkdirat(parent, base, 0755) < 0 && errno != EEXIST ? -errno : 0;
	} else {
		int f = openat(parent, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

		rc = f < 0 && errno != EEXIST ? -errno : 0;
		if (f >= 0)
			close(f);
	}
	close(parent);
	free(copy);
	return rc < 0 ? rc : open_in_root(root_fd, path);
}

/*
 * Before mount_setattr (Linux 5.12), and under valgrind: a bind remount of
 * the one mount.  The flags a user namespace inherited locked (nosuid,
 * nodev, ...) must be asked for again, or the kernel refuses the remount.
 */
static int remount_attr(int fd, unsigned int attr)
{
	static const struct { unsigned long st, ms; } keep[] = {
		{ ST_RDONLY, MS_RDONLY },
		{ ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	static const struct { unsigned int attr; unsigned long ms; } want[] = {
		{ MOUNT_ATTR_RDONLY, MS_RDONLY }, { MOUNT_ATTR_NOSUID, MS_NOSUID },
		{ MOUNT_ATTR_NODEV, MS_NODEV }, { MOUNT_ATTR_NOEXEC, MS_NOEXEC },
	};
	unsigned long flags = MS_REMOUNT | MS_BIND;
	char path[FD_PATH_MAX];
	struct statvfs sv;

	fd_path(path, sizeof(path), fd);
	if (statvfs(path, &sv) < 0)
		return -errno;
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
		if (sv.f_flag & keep[i].st)
			flags |= keep[i].ms;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (attr & want[i].attr)
			flags |= want[i].ms;
	if (mount("none", path, "none", flags, NULL) < 0)
		return -errno;
	return 0;
}

int mount_set_attr(int fd, bool recursive, unsigned int attr)
{
	struct mount_attr ma = { .attr_set = attr };

	if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
			  &ma, sizeof(ma)) == 0)
		return 0;
	if (errno != ENOSYS)
		return -errno;
	return remount_attr(fd, attr);
}

int mount_set_readonly(int fd, bool recursive)
{
	return mount_set_attr(fd, recursive, MOUNT_ATTR_RDONLY);
}

/*
 * Before open_tree (Linux 5.2), and under valgrind: mount(2) by the
 * descriptors' /proc paths, then the new mount by its path name (the
 * descriptor itself names what lies under it).
 */
static int bind_by_path(int src_fd, int dst_fd, unsigned int attr)
{
	char src[FD_PATH_MAX], dst[FD_PATH_MAX], where[PATH_MAX];
	ssize_t n;
	int fd, rc;

	fd_path(src, sizeof(src), src_fd);
	fd_path(dst, sizeof(dst), dst_fd);
	n = readlink(dst, where, sizeof(where) - 1);
	if (n < 0)
		return -errno;
	where[n] = '\0';
	if (mount(src, dst, "none", MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	fd = open(where, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (attr && (rc = mount_set_attr(fd, true, attr)) < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int mount_clone(int src_fd)
{
	/*
	 * Recursive, as bubblewrap binds: a plain bind of a tree with locked
	 * submounts is refused in a user namespace.
	 */
	int tree = open_tree(src_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			     AT_RECURSIVE | AT_EMPTY_PATH);

	return tree < 0 ? -errno : tree;
}

int mount_place(int tree, int dst_fd, unsigned int attr)
{
	int rc;

	/* the flags first, before anyone can see the tree */
	if (attr && (rc = mount_set_attr(tree, true, attr)) < 0)
		return rc;
	if (move_mount(tree, "", dst_fd, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

int mount_bind_attr(int src_fd, int dst_fd, unsigned int attr)
{
	int tree, rc;

	/* a detached copy, its flags set, then moved into place */
	tree = mount_clone(src_fd);
	if (tree == -ENOSYS)
		return bind_by_path(src_fd, dst_fd, attr);
	if (tree < 0)
		return tree;
	if ((rc = mount_place(tree, dst_fd, attr)) < 0) {
		close(tree);
		return rc;
	}
	/* after the move, @tree names the root of the mount now in place */
	return tree;
}

int mount_bind_keep(int src_fd, int dst_fd, bool readonly)
{
	return mount_bind_attr(src_fd, dst_fd, readonly ? MOUNT_ATTR_RDONLY : 0);
}

int mount_bind(int src_fd, int dst_fd, bool readonly)
{
	int fd = mount_bind_keep(src_fd, dst_fd, readonly);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int mount_fs(const char *fstype, const char *source, int dst_fd,
	     unsigned long flags, const char *data)
{
	char dst[FD_PATH_MAX];

	fd_path(dst, sizeof(dst), dst_fd);
	if (mount(source, dst, fstype, flags, data) < 0)
		return -errno;
	return 0;
}

int mount_symlink(int root_fd, const char *target, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int parent, rc = 0;

	if (!slash || !slash[1])
		return -EINVAL;
	dir = strndup(path, (size_t) (slash - path));
	if (!dir)
		return -ENOMEM;
	parent = mount_open_target(root_fd, *dir ? dir : "/", true, true);
	free(dir);
	if (parent < 0)
		return parent;
	if (symlinkat(target, parent, slash + 1) < 0)
		rc = -errno;
	close(parent);
	return rc;
}

int mount_pivot(int root_fd)
{
	if (fchdir(root_fd) < 0)
		return -errno;
	/*
	 * pivot_root(".", ".") stacks the old root on top of the new one
	 * (pivot_root(2)); unmounting "." then takes the old root away and
	 * leaves the new one as "/", with nothing above it to climb to.
	 */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -errno;
	if (umount2(".", MNT_DETACH) < 0)
		return -errno;
	if (chdir("/") < 0)
		return -errno;
	return 0;
}

int mount_chroot(int root_fd)
{
	if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
		return -errno;
	return 0;
}

int mount_exec_self_readonly(char **argv, char **envp)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	struct statvfs sv;
	int tree, rc;

	/* already on a read-only mount: run from here (this also ends the re-exec) */
	if (statvfs("/proc/self/exe", &sv) < 0)
		return -errno;
	if (sv.f_flag & ST_RDONLY)
		return 0;
	/*
	 * a detached bind of our own file, read-only before anyone sees it:
	 * once we run from it, /proc/PID/exe of us and of every process we
	 * clone names that mount, and opening it for writing fails (EROFS)
	 */
	tree = open_tree(AT_FDCWD, "/proc/self/exe", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0)
		return -errno;
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) == 0)
		execveat(tree, "", argv, envp, AT_EMPTY_PATH);
	rc = -errno;
	close(tree);
	return rc;
}
