/*
 * rootfs.h - what goes into a new root before the command runs: proc, sys,
 * a minimal /dev, tmpfs and bind mounts, kept as a plan of steps in the
 * order the command line gave them, then carried out inside the new root.
 */
#ifndef XNS_ROOTFS_H
#define XNS_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

enum rootfs_op {
	ROOTFS_PROC,      /* proc of the current pid namespace */
	ROOTFS_SYS,       /* sysfs */
	ROOTFS_TMPFS,
	ROOTFS_DEVPTS,    /* a private devpts instance */
	ROOTFS_BIND,      /* src (outside) onto dst (inside) */
	ROOTFS_RO_BIND,
	ROOTFS_SYMLINK,   /* dst -> src */
	ROOTFS_DEV_BIND,  /* as ROOTFS_BIND, device nodes usable when contained */
};

struct rootfs_step {
	enum rootfs_op op;
	const char *opt;      /* the option that asked for it ("--dev") */
	char *src;            /* bind source outside, or symlink target */
	char *dst;            /* the path inside the new root */
	unsigned long flags;  /* MS_* for new filesystems */
	const char *data;     /* their mount options */
	int src_fd;           /* bind source, once rootfs_open_sources() ran */
	bool src_dir;
	bool src_tree;        /* src_fd is a detached copy (rootfs_clone_sources) */
};

struct rootfs_plan {
	struct rootfs_step *steps;
	size_t n;
	/*
	 * For a root that root inside must not leave: binds are nodev (but
	 * ROOTFS_DEV_BIND), sysfs is read-only, and proc's kernel knobs
	 * (sys, sysrq-trigger, irq, bus, fs) are bound read-only over
	 * themselves: /proc/sys/kernel/core_pattern or modprobe, or
	 * /sys/kernel/uevent_helper, name a program the kernel runs as root
	 * on the host.
	 */
	bool contain;
};

/**
 * rootfs_add - append one step for option @opt (a string that outlives
 * the plan).  @src is the bind source or symlink target (NULL otherwise).
 * -EINVAL for an empty @dst or one that names the new root itself (a mount
 * there would hide the root the later steps work in); -ENOMEM.
 */
int rootfs_add(struct rootfs_plan *p, enum rootfs_op op, const char *opt,
	       const char *src, const char *dst);

/**
 * rootfs_add_dev - the steps of a minimal /dev: a tmpfs; null, zero, full,
 * random, urandom and tty bound from the host's /dev (ROOTFS_DEV_BIND) (mknod is refused in
 * a user namespace, a bind is not); a private devpts with ptmx; a tmpfs
 * at shm; and fd, stdin, stdout, stderr links into /proc/self/fd.
 */
int rootfs_add_dev(struct rootfs_plan *p, const char *opt);

/** rootfs_is_root - whether @path, read lexically, names "/" */
bool rootfs_is_root(const char *path);

/**
 * rootfs_open_sources - open every bind source now, before anything is
 * mounted, so that a missing one stops us with nothing to undo.  On
 * failure @failed is the index of the step.  Returns 0 or -errno.
 *
 * A descriptor names a mount of the namespace it was opened in, and the
 * kernel binds only from mounts of the caller's own: after unshare(2) the
 * sources must be opened again (call this once more, it closes the old).
 */
int rootfs_open_sources(struct rootfs_plan *p, size_t *failed);

/**
 * rootfs_clone_sources - replace each bind source by a detached copy of
 * its tree (mount_clone()), taken now: what is mounted later (an image
 * root over /tmp, the new root itself) is not in the copy, whatever the
 * source.  Where the kernel lacks open_tree(2) the sources stay as they
 * are.  On failure @failed is the index of the step.  Returns 0 or -errno.
 */
int rootfs_clone_sources(struct rootfs_plan *p, size_t *failed);

/**
 * rootfs_apply - carry the steps out in order inside the tree at @root_fd,
 * making missing mount points.  proc and sysfs that may not be mounted
 * anew (a user namespace that owns neither the pid nor the network
 * namespace) are bound from the host instead.  On failure @failed is the
 * index of the step.  Returns 0 or -errno.
 */
int rootfs_apply(struct rootfs_plan *p, int root_fd, size_t *failed);

/** rootfs_free - close and free everything of @p */
void rootfs_free(struct rootfs_plan *p);

#endif
