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
 * child_reap_ready - reap every child that has ended, without waiting:
 * how many, or -errno of waitpid(2) when there were none (-ECHILD: no
 * children at all)
 */
int child_reap_ready(void);

/**
 * child_reap_orphans - reap the children that end within about @max_ms ms
 * of waiting (orphans a subreaper inherits, which exit a moment after their
 * cgroup empties), and stop at once when there are none left.  Returns how
 * many were reaped.
 */
int child_reap_orphans(int max_ms);

/**
 * child_wait_forward_reap - child_wait_forward() for a subreaper
 * (PR_SET_CHILD_SUBREAPER): every other child that ends meanwhile (an
 * orphan of @pid's, re-parented to us) is reaped at once, so that no
 * zombie of ours holds a PID (pids.max counts a task until it is reaped).
 */
int child_wait_forward_reap(pid_t pid, const sigset_t *fwd, int *status,
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
 * execs or returns, as posix_spawn() does (vfork(): CLONE_VM | CLONE_VFORK): we
 * resume only then, and skip copying page tables that an exec throws away
 * at once (here that is most of what starting a command costs).  @fn must
 * keep to system calls, never allocate or touch stdio, report back through
 * a file descriptor (under AddressSanitizer this is a plain fork), and end
 * in exec or a return, whose value is the exit code.
 * Returns the child's PID or -errno.
 */
pid_t child_vfork(int (*fn)(void *arg), void *arg);

/**
 * child_clone_vm - run @fn(@arg) in a child that shares our memory for its
 * whole life (CLONE_VM, no CLONE_VFORK: we go on at once), on a stack of
 * its own with a guard page: no page tables copied, for a child that
 * outlives no exec of ours and does real work (an init, a helper).
 *
 * The rules: while it lives we only wait for it (no allocation, no stdio,
 * as if it were a thread glibc does not know of); its exit(), from err()
 * and the like, leaves at once without our atexit handlers; and our
 * memory is made non-dumpable first, so that what the child later runs
 * (its own children, after exec) cannot ptrace(2) it, nor open its
 * /proc/PID/mem, without CAP_SYS_PTRACE.  A value the child hands back
 * belongs in MAP_SHARED memory: under AddressSanitizer, and where the
 * clone is refused (valgrind), this is a fork().
 * Returns the child's PID or -errno.
 */
pid_t child_clone_vm(int (*fn)(void *arg), void *arg);

/**
 * child_env_keep - clear the environment but for the variables named in
 * the comma-separated @list (NULL: keep none), for the command we start.
 * Returns 0 or -ENOMEM.
 */
int child_env_keep(const char *list);

/**
 * child_run_init - be the init of a new PID namespace: fork a child that
 * calls @start(@arg) (which should exec), pass it the forwarded signals,
 * reap every orphan, and return its exit code as a shell shows it (a death
 * by signal as 128+N: PID 1 cannot re-raise its own), or -errno.
 */
int child_run_init(void (*start)(void *arg), void *arg);

/*
 * A child forked to run the command while we wait for it (unshare --fork):
 * the signals are blocked before the fork so none slips by, the child can
 * be held until we say go, and can ask for a signal when we die.
 */
struct child_fork {
	int kill_sig;       /* the child's parent-death signal; 0: none */
	bool forward;       /* pass SIGINT and SIGTERM on to the child */
	bool gated;         /* the child waits for child_fork_release() */
	/* private */
	sigset_t oldmask;
	int parent_pidfd, gate[2];
};

/** child_fork_start - fork; the PID in the parent, 0 in the child, or -errno */
pid_t child_fork_start(struct child_fork *cf);

/** child_fork_release - in the parent: let a gated child go; 0 or -errno */
int child_fork_release(struct child_fork *cf);

/**
 * child_fork_enter - in the child: restore the signal mask, wait to be let
 * go, ask for the parent-death signal.  0, -EPIPE when the parent gave up
 * (it said why), -ESRCH when it died before we could ask, or -errno.
 */
int child_fork_enter(struct child_fork *cf);

/** child_fork_wait - in the parent: child_wait_forward() as asked; 0 or -errno */
int child_fork_wait(struct child_fork *cf, pid_t pid, int *status);

#endif
