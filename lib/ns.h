/*
 * ns.h - the namespace types, and opening, identifying and persisting
 * namespace files (nsfs).
 */
#ifndef XNS_NS_H
#define XNS_NS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

enum ns_kind {
	NS_MNT, NS_UTS, NS_IPC, NS_NET, NS_PID, NS_USER, NS_CGROUP, NS_TIME,
	NS_NKINDS
};

struct ns_type {
	enum ns_kind kind;
	const char *name;          /* "net": lsns -t, the long option, the error text */
	const char *file;          /* "net": the file in /proc/PID/ns */
	const char *children_file; /* "pid_for_children", or NULL */
	int flag;                  /* CLONE_NEWNET */
	char opt;                  /* 'n': the short option unshare and nsenter use */
	unsigned long pidfd_ioctl; /* PIDFD_GET_NET_NAMESPACE */
	unsigned long pidfd_children_ioctl; /* ..._FOR_CHILDREN_..., or 0 */
};

/* In the order nsenter enters them: user first, then the others, mnt last. */
extern const struct ns_type ns_types[NS_NKINDS];

const struct ns_type *ns_type_by_name(const char *name);
const struct ns_type *ns_type_by_flag(int flag);
const struct ns_type *ns_type_by_opt(char opt);
/* All CLONE_NEW* flags of the table or'ed together. */
int ns_all_flags(void);

/**
 * ns_pidfd_open - a pidfd for @pid, so that a recycled PID cannot fool us
 *
 * Returns the fd or -errno (-ESRCH: no such process; -ENOSYS: old kernel).
 */
int ns_pidfd_open(pid_t pid);

/**
 * ns_pidfd_alive - 0 while the process behind @pidfd still runs, -ESRCH after
 */
int ns_pidfd_alive(int pidfd);

/**
 * ns_pid_path - the file of @type in /proc/PID/ns, into @buf: "PID/ns/FILE"
 * under a proc root @procfd, "/proc/PID/ns/FILE" for the real one (-1);
 * @pid 0 is ourselves ("self")
 * @children: pid_for_children/time_for_children instead (-EINVAL for the
 *            types that have none)
 *
 * The one place the tools and lib/ get these paths from.  Returns 0 or
 * -errno (-EINVAL, -ENAMETOOLONG: @buf is too short).
 */
int ns_pid_path(char *buf, size_t len, int procfd, pid_t pid,
		const struct ns_type *type, bool children);

/**
 * ns_open_pid - open the namespace of @type that process @pid is in
 * @procfd: a dirfd of a /proc, or -1 for /proc
 * @pidfd: a pidfd of @pid (or -1): with one, the namespace is taken through
 *         the pidfd (Linux 6.11) or, failing that, checked to belong to the
 *         very process the pidfd names
 * @children: open pid_for_children/time_for_children instead
 *
 * Returns an O_RDONLY|O_CLOEXEC fd or -errno.
 */
int ns_open_pid(int procfd, pid_t pid, int pidfd, const struct ns_type *type,
		bool children);

/**
 * ns_open_path - open @path and check it is a namespace file of @want
 * @want: the type required, or NULL for any
 * @found: if not NULL, set to the type the file turned out to be (or NULL)
 *
 * Returns the fd, or -errno from open(2), or:
 *  -EINVAL       the file is not a namespace file at all
 *  -EMEDIUMTYPE  a namespace, but not of type @want (*found says which)
 */
int ns_open_path(const char *path, const struct ns_type *want,
		 const struct ns_type **found);

/**
 * ns_fd_type - the type of the namespace behind @fd, into *@type
 *
 * Returns 0, -errno of ioctl(NS_GET_NSTYPE) (-ENOTTY: not a namespace
 * file), or -EOPNOTSUPP for a namespace of a kind the table lacks.
 */
int ns_fd_type(int fd, const struct ns_type **type);

/** ns_fd_is_nsfs - 1 if @fd is an nsfs file, 0 if not, -errno on error */
int ns_fd_is_nsfs(int fd);

/** ns_fd_inode - the inode that names the namespace behind @fd */
int ns_fd_inode(int fd, ino_t *ino);

/** ns_path_inode - the same for a path (stat follows /proc/PID/ns links) */
int ns_path_inode(const char *path, ino_t *ino);

enum ns_persist_result {
	NS_PERSIST_OK = 0,
	NS_PERSIST_CREATE,        /* the target could not be created; errno */
	NS_PERSIST_MOUNT,         /* mount(2) refused; errno */
	NS_PERSIST_SHARED_TARGET, /* refused: the target sits on a shared mount */
	NS_PERSIST_BUSY,          /* the target holds a namespace already */
};

/**
 * ns_persist - bind-mount namespace file @src onto @target
 *
 * @target is created as an empty file when missing.  A mount namespace cannot
 * be bound onto a mount that propagates into itself: the kernel answers EINVAL,
 * and that case is told apart as NS_PERSIST_SHARED_TARGET so the caller can
 * say what to do.  A target that is a namespace file already is refused
 * (NS_PERSIST_BUSY) rather than stacked over, also when another process
 * persists onto the same file at the same time: the check and the mount
 * happen under a lock on the file, so exactly one of them wins.  errno is
 * left set for the other failures.
 */
enum ns_persist_result ns_persist(const char *src, const char *target);

/** ns_unpersist - undo ns_persist(): unmount @target and remove the file */
int ns_unpersist(const char *target);

/**
 * ns_time_offset - set the offset of @clock (CLOCK_MONOTONIC or
 * CLOCK_BOOTTIME) of the time namespace our next child enters; the kernel
 * takes it only before a process has entered it.  Returns 0 or -errno.
 */
int ns_time_offset(clockid_t clock, int64_t secs);

#endif
