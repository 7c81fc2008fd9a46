/*
 * denyfilter.h - a seccomp filter for the few system calls a contained
 * root must not make, because what they reach is not divided by any
 * namespace: the terminal's input queue, the kernel's keyrings, and the
 * namespaces a new user namespace would let it make.  (Not
 * "seccomp.h": that is libseccomp's header, which xrunc includes.)
 */
#ifndef XNS_DENYFILTER_H
#define XNS_DENYFILTER_H

/**
 * denyfilter_load - install a filter, inherited by every child and kept
 * across execve(), that fails with EPERM:
 *   ioctl(TIOCSTI) and ioctl(TIOCLINUX): typing into the terminal, which
 *     the caller's shell reads once the command is done (CVE-2017-5226);
 *   ioctl(KDSKBSENT) and ioctl(KDSKBENT): on a Linux console, what a key
 *     types, for the caller's next keystrokes (allowed on one's own
 *     controlling terminal without any capability);
 *   keyctl(2), add_key(2), request_key(2): uid 0's user keyring is the
 *     host root's, whatever the root directory;
 * and with DENYFILTER_USERNS in @flags, a second filter:
 *   unshare(2) and clone(2) with CLONE_NEWUSER (EPERM), clone3(2)
 *     (ENOSYS, so that libc falls back to clone): root of a new user
 *     namespace may mount the host's cgroup hierarchies, and more.
 * The filters need no_new_privs (or CAP_SYS_ADMIN).  They know the system
 * call numbers of x86-64 (with its i386 and x32 entries); elsewhere
 * nothing is installed and -ENOSYS returned.  Returns 0 or -errno.
 */
enum denyfilter_flags { DENYFILTER_USERNS = 1 };

int denyfilter_load(unsigned flags);

#endif
