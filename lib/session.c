/*
 * session.c - a new session for the command, and a parent that waits.
 */
#include "compat.h"
#include "child.h"
#include "session.h"

#include <signal.h>
#include <unistd.h>

bool session_wanted(enum session_mode mode, bool other_user)
{
	if (mode != SESSION_AUTO)
		return mode == SESSION_NEW;
	/* any of the three may be the terminal the command could type into */
	return other_user && (isatty(STDIN_FILENO) || isatty(STDOUT_FILENO) ||
			      isatty(STDERR_FILENO));
}

int session_new(int *status)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, saved;
	sigset_t fwd, all, old;
	pid_t pid;
	int rc;

	child_forward_set(&fwd);
	all = fwd;
	sigaddset(&all, SIGCHLD);
	/* blocked before the fork, so that no signal slips in before the wait */
	if (sigprocmask(SIG_BLOCK, &all, &old) < 0)
		return -errno;
	/* an ignored SIGCHLD would reap the child before we could wait */
	sigaction(SIGCHLD, &dfl, &saved);
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		sigaction(SIGCHLD, &saved, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return rc;
	}
	if (pid == 0) {
		/* the command gets the caller's disposition, as without us */
		sigaction(SIGCHLD, &saved, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		/* a forked child leads no process group, so setsid() cannot fail
		 * with EPERM; it leaves the controlling terminal behind */
		return setsid() < 0 ? -errno : 0;
	}
	rc = child_wait_forward(pid, &fwd, status, NULL, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc < 0 ? rc : 1;
}
