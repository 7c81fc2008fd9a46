/*
 * child.c - waiting for, and signalling, the command a tool started.
 */
#include "compat.h"
#include "child.h"

#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

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

int child_wait_forward(pid_t pid, const sigset_t *fwd, int *status,
		       void (*on_signal)(int sig, void *data), void *data)
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
	 * execvp() may build a new argv on this stack (a script without a
	 * shebang line), so room for the longest argv the kernel takes; the
	 * pages are only reserved, and the few the child touches are faulted in.
	 */
	long argmax = sysconf(_SC_ARG_MAX);
	size_t size = 64 * 1024 + (size_t) (argmax > 0 ? argmax : 2 * 1024 * 1024);
	void *stack;
	pid_t pid;
	int e;

	stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -errno;
	pid = clone(fn, (char *) stack + size, CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
	e = errno;
	/* the child has exec'd or exited: its stack is ours again */
	munmap(stack, size);
	return pid < 0 ? -e : pid;
#endif
}
