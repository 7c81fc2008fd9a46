/*
 * child.h - waiting for a command we started: signal forwarding, job
 * control mirroring, a minimal init for PID namespaces, and a parent-death
 * signal that cannot miss its parent.
 */
#ifndef XNS_CHILD_H
#define XNS_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* CHILD_ASAN: built with AddressSanitizer, the one probe for it */
#if defined(__SANITIZE_ADDRESS__)
# define CHILD_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define CHILD_ASAN 1
# endif
#endif

/** child_wait - waitpid() that retries EINTR; returns 0 or -errno */
int child_wait(pid_t pid, int *status);

/** the signals a waiting tool hands to its child: HUP INT QUIT TERM USR1 USR2 WINCH */
void child_forward_set(sigset_t *set);

/**
 * child_wait_forward - wait for @pid while passing the signals in @fwd on
 * to it, and mirror job control: when the child stops, stop ourselves, and
 * wake it again when we are continued (as a shell expects of su or nsenter).
 *
 * The caller must have blocked @fwd and SIGCHLD *before* forking, so no
 * signal can slip in between.  @fwd may be NULL to forward nothing.
 * @on_signal, if not NULL, is called for each signal forwarded.
 * Returns 0 with the wait status in @status, or -errno.
 */
int child_wait_forward(pid_t pid, const sigset_t *fwd, int *status,
		       void (*on_signal)(int sig, void *data), void *data);

/**
 * child_set_pdeathsig - in a freshly forked child: ask for @sig when the
 * parent dies, then make sure the parent did not die already in the window
 * before the request (@parent_pidfd is a pidfd of the parent, taken before
 * the fork: getppid() says nothing useful in a new PID namespace).
 * Returns 0, -ESRCH if the parent is gone, or -errno.
 */
int child_set_pdeathsig(int sig, int parent_pidfd);

/**
 * child_init - run as PID 1 of a new PID namespace: reap every child, pass
 * the signals in @fwd on to @cmd, and return when @cmd exits, with its
 * status.  Orphans re-parented to us are reaped and never become zombies.
 */
int child_init(pid_t cmd, const sigset_t *fwd, int *status);

/** child_exit_code - a wait status as a shell shows it: N, or 128+signal */
int child_exit_code(int status);

/**
 * child_vfork - run @fn(@arg) in a child that borrows our memory until it
 * execs or returns, as posix_spawn() does (CLONE_VM | CLONE_VFORK): we
 * resume only then, and skip copying page tables that an exec throws away
 * at once (here that is most of what starting a command costs).  @fn must
 * keep to system calls, never allocate or touch stdio, report back through
 * a file descriptor (under AddressSanitizer this is a plain fork), and end
 * in exec or a return, whose value is the exit code.
 * Returns the child's PID or -errno.
 */
pid_t child_vfork(int (*fn)(void *arg), void *arg);

#endif
