/*
 * child.c - waiting for, and signalling, the command a tool started.
 */
#include "compat.h"
#include "child.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
# include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

int child_wait(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

void child_forward_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGUSR2);
	sigaddset(set, SIGWINCH);
}

/* reap every ended child but @pid (orphans a subreaper inherited) */
static void reap_others(pid_t pid)
{
	siginfo_t si;

	for (;;) {
		/* look before reaping, so that @pid's status is never taken here */
		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		    si.si_pid == 0 || si.si_pid == pid)
			return;
		waitpid(si.si_pid, NULL, WNOHANG);
	}
}

int child_reap_ready(void)
{
	int n = 0;
	pid_t r;

	while ((r = waitpid(-1, NULL, WNOHANG)) > 0)
		n++;
	return n || r == 0 ? n : -errno;
}

int child_reap_orphans(int max_ms)
{
	int i, n = 0;

	for (i = 0; i < max_ms; i++) {
		int r = child_reap_ready();

		if (r < 0)          /* ECHILD: none left to wait for */
			break;
		if (r > 0) {
			n += r;
			i--;        /* reaped: the budget is for waiting */
			continue;
		}
		nanosleep(&(struct timespec) { 0, 1000000 }, NULL);
	}
	return n;
}

static int wait_forward(pid_t pid, const sigset_t *fwd, int *status,
			void (*on_signal)(int sig, void *data), void *data,
			bool reap)
{
	sigset_t wait_set;
	siginfo_t si;
	int sig, ws;
	pid_t r;

	if (fwd)
		wait_set = *fwd;
	else
		sigemptyset(&wait_set);
	sigaddset(&wait_set, SIGCHLD);

	for (;;) {
		/* the child may already be done: SIGCHLD was blocked */
		if (reap)
			reap_others(pid);
		r = waitpid(pid, &ws, WNOHANG | WUNTRACED);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r == pid) {
			if (WIFSTOPPED(ws)) {
				/* stop as the child did; wake it when we wake */
				raise(SIGSTOP);
				kill(pid, SIGCONT);
				continue;
			}
			*status = ws;
			return 0;
		}
		sig = sigwaitinfo(&wait_set, &si);
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (sig == SIGCHLD)
			continue;
		kill(pid, sig);
		if (on_signal)
			on_signal(sig, data);
	}
}

int child_wait_forward(pid_t pid, const sigset_t *fwd, int *status,
		       void (*on_signal)(int sig, void *data), void *data)
{
	return wait_forward(pid, fwd, status, on_signal, data, false);
}

int child_wait_forward_reap(pid_t pid, const sigset_t *fwd, int *status,
			    void (*on_signal)(int sig, void *data), void *data)
{
	return wait_forward(pid, fwd, status, on_signal, data, true);
}

int child_set_pdeathsig(int sig, int parent_pidfd)
{
	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		return -errno;
	/*
	 * The parent may have died between fork() and prctl(); then no signal
	 * will ever come.  A pidfd polls readable once its process has exited,
	 * zombie or reaped, which kill(pid, 0) would not tell.
	 */
	if (parent_pidfd >= 0) {
		struct pollfd p = { .fd = parent_pidfd, .events = POLLIN };
		int n = poll(&p, 1, 0);

		if (n < 0)
			return -errno;
		if (n > 0)
			return -ESRCH;
	}
	return 0;
}

int child_init(pid_t cmd, const sigset_t *fwd, int *status)
{
	sigset_t wait_set;
	bool cmd_done = false;
	int ws, sig;
	pid_t r;

	if (fwd)
		wait_set = *fwd;
	else
		sigemptyset(&wait_set);
	sigaddset(&wait_set, SIGCHLD);

	for (;;) {
		/* reap everything that is ready: the command and any orphan */
		while ((r = waitpid(-1, &ws, WNOHANG)) > 0)
			if (r == cmd) {
				*status = ws;
				cmd_done = true;
			}
		if (r < 0 && errno != ECHILD && errno != EINTR)
			return -errno;
		if (cmd_done)
			return 0;
		sig = sigwaitinfo(&wait_set, NULL);
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (sig != SIGCHLD)
			kill(cmd, sig);
	}
}

int child_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

pid_t child_vfork(int (*fn)(void *arg), void *arg)
{
#ifdef CHILD_ASAN
	/* ASan's shadow of a borrowed stack would outlive the child */
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return pid < 0 ? -errno : pid;
#else
	/*
	 * vfork() lends the child our own stack, below the frame it runs
	 * from: it never returns through here, only _exit()s or execs.  A
	 * stack of its own (mmap'd room for execvp()'s argv copy of a script
	 * without a shebang line, as posix_spawn() does) cost a map and an
	 * unmap each run, and the unmap a TLB flush on the CPU the child ran
	 * on; our stack grows as far as any argv needs.
	 */
	pid_t pid = vfork();

	if (pid == 0)
		_exit(fn(arg));
	return pid < 0 ? -errno : pid;
#endif
}

#ifndef CHILD_ASAN
/* the child's stack, reserved and faulted in as used, and its guard page */
#define CLONE_VM_STACK (1024 * 1024)
#define CLONE_VM_GUARD 4096

static char *clone_vm_stack;

/*
 * exit() in a child on our memory must not run our atexit handlers (they
 * would close our stdout and stderr under us).  Registered last, this
 * runs first, and only on that child's stack does it leave at once.
 */
static void clone_vm_exit_now(int status, void *arg)
{
	char here;
	uintptr_t sp = (uintptr_t) &here, lo = (uintptr_t) clone_vm_stack;

	(void) arg;
	if (clone_vm_stack && sp > lo && sp < lo + CLONE_VM_STACK)
		_exit(status);
}
#endif

pid_t child_clone_vm(int (*fn)(void *arg), void *arg)
{
	pid_t pid;

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -errno;
#ifdef CHILD_ASAN
	/* ASan's shadow of a second stack on one memory: a plain fork */
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	return pid < 0 ? -errno : pid;
#else
	/* valgrind runs CLONE_VM only for threads or with CLONE_VFORK, and
	 * exits on anything else */
	if (RUNNING_ON_VALGRIND) {
		pid = fork();
		if (pid == 0)
			_exit(fn(arg));
		return pid < 0 ? -errno : pid;
	}
	if (clone_vm_stack)
		return -EBUSY;   /* one at a time: the guard knows one stack */
	clone_vm_stack = mmap(NULL, CLONE_VM_STACK, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (clone_vm_stack == MAP_FAILED) {
		clone_vm_stack = NULL;
		return -errno;
	}
	/* an overflow faults instead of writing on into another mapping */
	if (mprotect(clone_vm_stack, CLONE_VM_GUARD, PROT_NONE) < 0 ||
	    on_exit(clone_vm_exit_now, NULL) != 0) {
		int e = errno ? errno : ENOMEM;

		munmap(clone_vm_stack, CLONE_VM_STACK);
		clone_vm_stack = NULL;
		return -e;
	}
	pid = clone(fn, clone_vm_stack + CLONE_VM_STACK, CLONE_VM | SIGCHLD, arg);
	return pid < 0 ? -errno : pid;
#endif
}

int child_env_keep(const char *list)
{
	char *copy = NULL, *name, *save = NULL, **keep = NULL, **grown;
	size_t n = 0;
	int rc = 0;

	if (list && !(copy = strdup(list)))
		return -ENOMEM;
	/* name, value pairs first: clearenv() frees what getenv() points into */
	for (name = copy ? strtok_r(copy, ",", &save) : NULL; name;
	     name = strtok_r(NULL, ",", &save)) {
		const char *v = getenv(name);

		if (!v)
			continue;
		grown = realloc(keep, (n + 2) * sizeof(*keep));
		if (!grown) {
			rc = -ENOMEM;
			goto out;
		}
		keep = grown;
		keep[n] = name;
		if (!(keep[n + 1] = strdup(v))) {
			rc = -ENOMEM;
			goto out;
		}
		n += 2;
	}
	clearenv();
	/* setenv() copies, where putenv() would keep our strings for good */
	for (size_t i = 0; i < n && rc == 0; i += 2)
		if (setenv(keep[i], keep[i + 1], 1) < 0)
			rc = -errno;
out:
	for (size_t i = 1; i < n; i += 2)
		free(keep[i]);
	free(keep);
	free(copy);
	return rc;
}

int child_run_init(void (*start)(void *arg), void *arg)
{
	sigset_t fwd, all, old;
	int status, rc;
	pid_t cmd;

	/* blocked before the fork, so no signal for the command slips by */
	child_forward_set(&fwd);
	all = fwd;
	sigaddset(&all, SIGCHLD);
	sigprocmask(SIG_BLOCK, &all, &old);
	cmd = fork();
	if (cmd < 0) {
		rc = -errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		return rc;
	}
	if (cmd == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		start(arg);
		_exit(EXIT_FAILURE);
	}
	rc = child_init(cmd, &fwd, &status);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc < 0)
		return rc;
	/* PID 1 ignores its own fatal signals: say it with the exit code */
	return child_exit_code(status);
}

pid_t child_fork_start(struct child_fork *cf)
{
	sigset_t fwd, blocked;
	pid_t pid;
	int saved;

	cf->parent_pidfd = -1;
	cf->gate[0] = cf->gate[1] = -1;
	child_forward_set(&fwd);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGCHLD);
	if (cf->forward)
		sigorset(&blocked, &blocked, &fwd);
	sigprocmask(SIG_BLOCK, &blocked, &cf->oldmask);
	/* getppid() says nothing in a new PID namespace: a pidfd does */
	if (cf->kill_sig && (cf->parent_pidfd = (int) xns_pidfd_open(getpid(), 0)) < 0)
		return -errno;
	if (cf->gated && pipe2(cf->gate, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0 && cf->gated)
		close(cf->gate[0]);
	if (pid == 0 && cf->gated)
		close(cf->gate[1]);
	if (pid > 0 && cf->parent_pidfd >= 0) {
		saved = errno;
		close(cf->parent_pidfd);
		errno = saved;
	}
	return pid;
}

int child_fork_release(struct child_fork *cf)
{
	int rc = 0;

	if (!cf->gated || cf->gate[1] < 0)
		return 0;
	if (write(cf->gate[1], "g", 1) != 1)
		rc = -errno;
	close(cf->gate[1]);
	cf->gate[1] = -1;
	return rc;
}

int child_fork_enter(struct child_fork *cf)
{
	char g;
	int rc;

	sigprocmask(SIG_SETMASK, &cf->oldmask, NULL);
	if (cf->gated) {
		if (read(cf->gate[0], &g, 1) != 1)
			return -EPIPE;
		close(cf->gate[0]);
	}
	if (cf->kill_sig) {
		rc = child_set_pdeathsig(cf->kill_sig, cf->parent_pidfd);
		close(cf->parent_pidfd);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int child_fork_wait(struct child_fork *cf, pid_t pid, int *status)
{
	sigset_t pass;

	sigemptyset(&pass);
	sigaddset(&pass, SIGINT);
	sigaddset(&pass, SIGTERM);
	return child_wait_forward(pid, cf->forward ? &pass : NULL, status, NULL, NULL);
}
