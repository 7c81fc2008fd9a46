/*
 * nshandle.h - namespaces named by their 64-bit kernel ID (NS_GET_ID, Linux
 * 6.18) rather than by a file: nsenter's "--net=:NSID" form.
 */
#ifndef XNS_NSHANDLE_H
#define XNS_NSHANDLE_H

#include <stdint.h>

#include "ns.h"

/**
 * nshandle_id - the ID the kernel gives the namespace behind @fd
 *
 * Returns 0, or -ENOTTY when the kernel has no namespace IDs (before 6.18)
 * or @fd is no namespace, or another -errno.
 */
int nshandle_id(int fd, uint64_t *id);

/**
 * nshandle_open - open the namespace of @type whose ID is @id
 * @procfd: a /proc dirfd, or -1 for /proc
 *
 * First through an nsfs file handle built from the ID: kernels that decode
 * a handle from the ID alone open any live namespace that way.  Linux 6.18
 * also wants the namespace's inode in the handle, which the ID does not
 * give, so the namespace is then looked for where a file of it can be
 * opened: the processes in it and the nsfs bind mounts of this mount
 * namespace.
 *
 * Returns an O_RDONLY|O_CLOEXEC fd, or -ENOTTY (no namespace IDs on this
 * kernel), -ENOENT (no such namespace found), or another -errno.
 */
int nshandle_open(int procfd, const struct ns_type *type, uint64_t id);

/**
 * nshandle_from_socket - the network namespace of socket @fd of the process
 * behind @pidfd (pidfd_getfd(2), Linux 5.6, then SIOCGSKNS)
 *
 * Returns the namespace fd, or -errno: from pidfd_getfd() (-EBADF: no such
 * fd, -EPERM: no ptrace access), or -ENOTSOCK when @fd is no socket.
 */
int nshandle_from_socket(int pidfd, int fd);

/**
 * nshandle_pidfd_is - 1 if the process behind @pidfd is the one @ino names,
 * the inode of its pidfd (pidfs: unique for the life of the system since
 * Linux 6.9), 0 if not
 *
 * Returns -EOPNOTSUPP when this kernel's pidfds have no inode of their own
 * (before pidfs), or another -errno.
 */
int nshandle_pidfd_is(int pidfd, uint64_t ino);

#endif
