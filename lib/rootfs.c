/*
 * rootfs.c - the plan of mounts for a new root, and carrying it out.
 */
#include "compat.h"
#include "mount.h"
#include "rootfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

bool rootfs_is_root(const char *path)
{
	size_t depth = 0;
	const char *p = path;

	while (*p) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 0)
			break;
		if (len == 2 && p[0] == '.' && p[1] == '.')
			depth = depth ? depth - 1 : 0;
		else if (!(len == 1 && p[0] == '.'))
			depth++;
		p += len;
	}
	return depth == 0;
}

static bool is_bind(enum rootfs_op op)
{
	return op == ROOTFS_BIND || op == ROOTFS_RO_BIND || op == ROOTFS_DEV_BIND;
}

static int add_step(struct rootfs_plan *p, enum rootfs_op op, const char *opt,
		    const char *src, const char *dst, unsigned long flags,
		    const char *data)
{
	struct rootfs_step *grown, *s;

	if (!dst || !*dst || rootfs_is_root(dst))
		return -EINVAL;
	if ((is_bind(op) || op == ROOTFS_SYMLINK) && (!src || !*src))
		return -EINVAL;
	grown = realloc(p->steps, (p->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	p->steps = grown;
	s = &p->steps[p->n];
	*s = (struct rootfs_step) {
		.op = op, .opt = opt, .flags = flags, .data = data, .src_fd = -1,
	};
	s->dst = strdup(dst);
	s->src = src ? strdup(src) : NULL;
	if (!s->dst || (src && !s->src)) {
		free(s->dst);
		free(s->src);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

int rootfs_add(struct rootfs_plan *p, enum rootfs_op op, const char *opt,
	       const char *src, const char *dst)
{
	switch (op) {
	case ROOTFS_PROC:
	case ROOTFS_SYS:
		return add_step(p, op, opt, NULL, dst, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	case ROOTFS_TMPFS:
		return add_step(p, op, opt, NULL, dst, MS_NOSUID | MS_NODEV, "mode=0755");
	case ROOTFS_DEVPTS:
		return add_step(p, op, opt, NULL, dst, MS_NOSUID | MS_NOEXEC,
				"newinstance,ptmxmode=0666,mode=0620");
	case ROOTFS_BIND:
	case ROOTFS_RO_BIND:
	case ROOTFS_DEV_BIND:
	case ROOTFS_SYMLINK:
		return add_step(p, op, opt, src, dst, 0, NULL);
	}
	return -EINVAL;
}

int rootfs_add_dev(struct rootfs_plan *p, const char *opt)
{
	static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *const links[][2] = {
		{ "pts/ptmx", "/dev/ptmx" },
		{ "/proc/self/fd", "/dev/fd" },
		{ "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" },
		{ "/proc/self/fd/2", "/dev/stderr" },
	};
	int rc;

	/* not nodev: the device nodes live here (bound, but still) */
	rc = add_step(p, ROOTFS_TMPFS, opt, NULL, "/dev", MS_NOSUID | MS_NOEXEC, "mode=0755");
	for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(nodes); i++) {
		char path[32];

		snprintf(path, sizeof(path), "/dev/%s", nodes[i]);
		rc = add_step(p, ROOTFS_DEV_BIND, opt, path, path, 0, NULL);
	}
	if (rc == 0)
		rc = rootfs_add(p, ROOTFS_DEVPTS, opt, NULL, "/dev/pts");
	if (rc == 0)
		rc = add_step(p, ROOTFS_TMPFS, opt, NULL, "/dev/shm",
			      MS_NOSUID | MS_NODEV, "mode=1777");
	for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(links); i++)
		rc = add_step(p, ROOTFS_SYMLINK, opt, links[i][0], links[i][1], 0, NULL);
	return rc;
}

int rootfs_open_sources(struct rootfs_plan *p, size_t *failed)
{
	for (size_t i = 0; i < p->n; i++) {
		struct rootfs_step *s = &p->steps[i];
		struct stat st;

		if (!is_bind(s->op))
			continue;
		if (s->src_fd >= 0)
			close(s->src_fd);
		s->src_tree = false;
		s->src_fd = open(s->src, O_PATH | O_CLOEXEC);
		if (s->src_fd < 0 || fstat(s->src_fd, &st) < 0) {
			*failed = i;
			return -errno;
		}
		s->src_dir = S_ISDIR(st.st_mode);
	}
	return 0;
}

int rootfs_clone_sources(struct rootfs_plan *p, size_t *failed)
{
	for (size_t i = 0; i < p->n; i++) {
		struct rootfs_step *s = &p->steps[i];
		int tree;

		if (!is_bind(s->op) || s->src_fd < 0 || s->src_tree)
			continue;
		tree = mount_clone(s->src_fd);
		if (tree == -ENOSYS)
			return 0;
		if (tree < 0) {
			*failed = i;
			return tree;
		}
		close(s->src_fd);
		s->src_fd = tree;
		s->src_tree = true;
	}
	return 0;
}

/* the one filesystem a user namespace may not mount anew: bind the host's */
static int mount_or_bind(const struct rootfs_step *s, const char *fstype,
			 const char *host, int fd, unsigned long flags)
{
	int rc = mount_fs(fstype, fstype, fd, flags, s->data);
	int hfd;

	if (rc != -EPERM)
		return rc;
	hfd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (hfd < 0)
		return rc;
	rc = mount_bind(hfd, fd, (flags & MS_RDONLY) != 0);
	close(hfd);
	return rc;
}

/* proc's files that reach the whole kernel, each bound read-only on itself */
static int protect_proc(int proc_fd)
{
	static const char *const knobs[] = { "sys", "sysrq-trigger", "irq", "bus", "fs" };

	for (size_t i = 0; i < ARRAY_SIZE(knobs); i++) {
		int fd = openat(proc_fd, knobs[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
		int rc;

		if (fd < 0 && errno == ENOENT)
			continue;   /* not built into this kernel */
		if (fd < 0)
			return -errno;
		rc = mount_bind_attr(fd, fd, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				     MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
		close(fd);
		if (rc < 0)
			return rc;
		close(rc);
	}
	return 0;
}

static int apply_bind(const struct rootfs_step *s, int fd, bool contain)
{
	unsigned int attr = 0;

	if (s->src_fd < 0)
		return -EBADF;
	if (s->op == ROOTFS_RO_BIND)
		attr |= MOUNT_ATTR_RDONLY;
	if (contain && s->op != ROOTFS_DEV_BIND)
		attr |= MOUNT_ATTR_NODEV;
	if (s->src_tree)
		return mount_place(s->src_fd, fd, attr);
	fd = mount_bind_attr(s->src_fd, fd, attr);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int apply_step(const struct rootfs_step *s, int root_fd, bool contain)
{
	struct stat root_st, st;
	bool dir = true;
	int fd, rc;

	if (s->op == ROOTFS_SYMLINK)
		return mount_symlink(root_fd, s->src, s->dst);
	if (is_bind(s->op))
		dir = s->src_dir;
	fd = mount_open_target(root_fd, s->dst, dir, true);
	if (fd < 0)
		return fd;
	/* a symlink inside may still lead back to "/" itself */
	if (fstat(fd, &st) == 0 && fstat(root_fd, &root_st) == 0 &&
	    st.st_dev == root_st.st_dev && st.st_ino == root_st.st_ino) {
		close(fd);
		return -EBUSY;
	}
	switch (s->op) {
	case ROOTFS_PROC:
		rc = mount_or_bind(s, "proc", "/proc", fd, s->flags);
		if (rc == 0 && contain) {
			/* the descriptor names the directory under the new mount */
			int proc = mount_open_target(root_fd, s->dst, true, false);

			rc = proc < 0 ? proc : protect_proc(proc);
			if (proc >= 0)
				close(proc);
		}
		break;
	case ROOTFS_SYS:
		rc = mount_or_bind(s, "sysfs", "/sys", fd,
				   s->flags | (contain ? MS_RDONLY : 0));
		break;
	case ROOTFS_TMPFS:
		rc = mount_fs("tmpfs", "tmpfs", fd, s->flags, s->data);
		break;
	case ROOTFS_DEVPTS:
		rc = mount_fs("devpts", "devpts", fd, s->flags, s->data);
		break;
	case ROOTFS_BIND:
	case ROOTFS_RO_BIND:
	case ROOTFS_DEV_BIND:
		rc = apply_bind(s, fd, contain);
		break;
	default:
		rc = -EINVAL;
	}
	close(fd);
	return rc;
}

int rootfs_apply(struct rootfs_plan *p, int root_fd, size_t *failed)
{
	for (size_t i = 0; i < p->n; i++) {
		int rc = apply_step(&p->steps[i], root_fd, p->contain);

		if (rc < 0) {
			*failed = i;
			return rc;
		}
	}
	return 0;
}

void rootfs_free(struct rootfs_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->steps[i].src);
		free(p->steps[i].dst);
		if (p->steps[i].src_fd >= 0)
			close(p->steps[i].src_fd);
	}
	free(p->steps);
	p->steps = NULL;
	p->n = 0;
}
