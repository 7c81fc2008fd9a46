/*
 * mount.h - the mount mechanics of a root that cannot be climbed out of:
 * propagation, bind mounts and filesystems placed on targets resolved
 * inside the new root, read-only flags, pivot_root and its detach.
 *
 * Targets are O_PATH descriptors, not paths: a path is looked up again by
 * mount(2) and a symlink in the new root (say /proc -> /etc) would send the
 * mount to the host.  A descriptor names exactly the directory that was
 * resolved, and mount(2) reaches it through /proc/self/fd/N.
 */
#ifndef XNS_MOUNT_H
#define XNS_MOUNT_H

#include <stdbool.h>

/** mount_make_rslave - @path and every mount below it: receive, never send */
int mount_make_rslave(const char *path);

/**
 * mount_open_target - an O_PATH descriptor of @path inside the tree at
 * @root_fd, resolved as if @root_fd were "/" (absolute symlinks and ".."
 * stay inside: openat2(RESOLVE_IN_ROOT)).  With @create, a missing last
 * component is made (a directory when @dir, else an empty file), and
 * missing parents as directories.  Returns the descriptor or -errno.
 */
int mount_open_target(int root_fd, const char *path, bool dir, bool create);

/**
 * mount_walk_in_root - what mount_open_target() falls back on where the
 * kernel (or valgrind) lacks openat2(2): the same resolution, done one
 * component at a time.  Returns an O_PATH descriptor or -errno.
 */
int mount_walk_in_root(int root_fd, const char *path);

/**
 * mount_bind - bind @src_fd (with everything mounted below it) onto
 * @dst_fd; with @readonly the whole new tree is made read-only.
 */
int mount_bind(int src_fd, int dst_fd, bool readonly);

/**
 * mount_bind_keep - the same, and return a descriptor of the root of the
 * new mount (which a path lookup of @dst_fd would not give: the
 * descriptor names the directory underneath)
 */
int mount_bind_keep(int src_fd, int dst_fd, bool readonly);

/**
 * mount_bind_attr - mount_bind_keep() with the MOUNT_ATTR_* flags in
 * @attr (RDONLY, NOSUID, NODEV, NOEXEC) set on the whole new tree before
 * it is moved into place.  Returns a descriptor of its root or -errno.
 */
int mount_bind_attr(int src_fd, int dst_fd, unsigned int attr);

/**
 * mount_clone - a detached copy of the tree at @src_fd, with everything
 * mounted below it (open_tree(2) OPEN_TREE_CLONE, Linux 5.2).  What is
 * mounted under the source later is not in the copy.  Returns the tree's
 * descriptor, -ENOSYS where the kernel lacks the call, or -errno.
 */
int mount_clone(int src_fd);

/**
 * mount_place - set @attr (MOUNT_ATTR_*) on the whole detached tree @tree,
 * then move it onto @dst_fd.  Returns 0 or -errno.
 */
int mount_place(int tree, int dst_fd, unsigned int attr);

/** mount_fs - mount a new @fstype filesystem on @dst_fd */
int mount_fs(const char *fstype, const char *source, int dst_fd,
	     unsigned long flags, const char *data);

/** mount_symlink - make @path (inside @root_fd) a symlink to @target */
int mount_symlink(int root_fd, const char *target, const char *path);

/**
 * mount_set_attr - set the MOUNT_ATTR_* flags @attr on the mount whose
 * root is @fd, and with @recursive on everything mounted below it too
 * (before Linux 5.12: on that one mount, by a bind remount)
 */
int mount_set_attr(int fd, bool recursive, unsigned int attr);

/**
 * mount_set_readonly - make the mount whose root is @fd read-only, and
 * with @recursive everything mounted below it too
 */
int mount_set_readonly(int fd, bool recursive);

/**
 * mount_pivot - make the mount at @root_fd the root of this mount
 * namespace and detach the old root, so that no directory above the new
 * "/" is reachable any more.  The working directory ends at the new "/".
 * The caller must own the mount namespace and "/" must not be shared.
 */
int mount_pivot(int root_fd);

/** mount_chroot - chroot(2) to @root_fd and chdir("/"): the escapable kind */
int mount_chroot(int root_fd);

/**
 * mount_exec_self_readonly - run this program again (@argv, @envp) from
 * a detached read-only bind mount of its own file, so that no process
 * started from it can write the file through /proc/PID/exe (runc's
 * CVE-2019-5736).  Returns 0 when the file is on a read-only mount
 * already (so also in the program run again); else does not return, or
 * returns -errno (-EPERM without CAP_SYS_ADMIN, -ENOSYS before Linux 5.12).
 */
int mount_exec_self_readonly(char **argv, char **envp);

#endif
