/*
 * denyfilter.h - a seccomp filter for the few system calls a contained
 * root must not make, because what they reach is not divided by any
 * namespace: the terminal's input queue and the kernel's keyrings.  (Not
 * "seccomp.h": that is libseccomp's header, which xrunc includes.)
 */
#ifndef XNS_DENYFILTER_H
#define XNS_DENYFILTER_H

/**
 * denyfilter_load - install a filter, inherited by every child and kept
 * across execve(), that fails with EPERM:
 *   ioctl(TIOCSTI) and ioctl(TIOCLINUX): typing into the terminal, which
 *     the caller's shell reads once the command is done (CVE-2017-5226);
 *   keyctl(2), add_key(2), request_key(2): uid 0's user keyring is the
 *     host root's, whatever the root directory.
 * The filter needs no_new_privs (or CAP_SYS_ADMIN).  It knows the system
 * call numbers of x86-64 (with its i386 and x32 entries); elsewhere it
 * returns -ENOSYS and installs nothing.  Returns 0 or -errno.
 */
int denyfilter_load(void);

#endif
