/*
 * xcgexec-start.c - how xcgexec puts the command into its groups: started
 * beside us and waited for, or (--exec) become by us.
 */
#include "compat.h"
#include "cgroup.h"
#include "child.h"
#include "cli.h"
#include "xcgexec.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

noreturn void fail_remove(struct cgroup *cg, int rc, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	cgroup_remove(cg);
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	cli_errc(EXIT_FAILURE, rc, "%s", what);
}

/* ------------------------------------------------------------------ */
/* --exec                                                               */

/*
 * --exec with a group of our own: we become the command, so no one would
 * be left to remove the group.  A watcher, forked before we join (so it is
 * never in the group) and detached from us, holds the group's lock, waits
 * for our exec (EOF on a close-on-exec pipe), then for the group to empty,
 * and removes it.
 */
static void remove_when_done(struct cgroup *cg)
{
	int pfd[2], status;
	char c;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		fail_remove(cg, errno, "cannot watch %s", cg->path);
	pid = fork();
	if (pid < 0)
		fail_remove(cg, errno, "cannot watch %s", cg->path);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* detached: no child of the command, no holder of its output */
		if (fork() != 0)
			_exit(0);
		setsid();
		close(pfd[1]);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		while (read(pfd[0], &c, 1) < 0 && errno == EINTR)
			;
		while (cgroup_wait_empty(cg, 3600 * 1000) == -ETIMEDOUT)
			;
		cgroup_remove(cg);
		_exit(0);
	}
	close(pfd[0]);
	child_wait(pid, &status);
	/* pfd[1] closes with our exec, or our death */
}

noreturn void exec_in(char **argv, struct cgroup *groups, int ngroups, bool own,
		      const sigset_t *oldmask)
{
	int i, rc;

	if (own)
		remove_when_done(&groups[0]);
	for (i = 0; i < ngroups; i++) {
		rc = cgroup_attach(&groups[i], 0, false);
		if (rc < 0) {
			if (own)
				fail_remove(&groups[0], rc, "cannot join %s", groups[0].path);
			cli_errc(EXIT_FAILURE, rc, "cannot join %s", groups[i].path);
		}
	}
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	exec_or_die(argv);
}

/* ------------------------------------------------------------------ */
/* starting the command inside                                          */

/* what the child says before exec: nothing when the exec happened */
struct start_msg {
	int attach;   /* -errno joining a group */
	int exec;     /* errno of a failed exec */
};

struct start_ctx {
	char **argv;
	struct cgroup *groups;
	int ngroups;
	const sigset_t *oldmask;
	int fd;       /* write end of a close-on-exec pipe */
};

/* in the child, on our memory until exec: syscalls only (child_vfork) */
static int start_child(void *data)
{
	struct start_ctx *c = data;
	struct start_msg m = { 0, 0 };
	int i;

	for (i = 0; i < c->ngroups && m.attach == 0; i++)
		m.attach = cgroup_attach(&c->groups[i], 0, false);
	if (m.attach == 0) {
		sigprocmask(SIG_SETMASK, c->oldmask, NULL);
		execvp(c->argv[0], c->argv);
		m.exec = errno;
	}
	if (write(c->fd, &m, sizeof(m)) < 0)
		return EXIT_FAILURE;
	if (m.attach)
		return EXIT_FAILURE;
	return m.exec == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}

/*
 * The child joins every group, then execs.  It borrows our memory until
 * then (child_vfork): copying page tables for a process that execs at once
 * cost more than anything else we add to the command.  What went wrong
 * comes back over a close-on-exec pipe, EOF meaning the exec happened; a
 * failed exec is told as exec_or_die() would, and the run goes on to reap,
 * report and clean up with the child's 126 or 127.
 */
pid_t start(char **argv, struct cgroup *groups, int ngroups,
		   const sigset_t *oldmask, int *attach_err)
{
	struct start_ctx c = { argv, groups, ngroups, oldmask, -1 };
	struct start_msg m;
	int pfd[2];
	pid_t pid;
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	c.fd = pfd[1];
	pid = child_vfork(start_child, &c);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return pid;
	}
	do
		n = read(pfd[0], &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	*attach_err = 0;
	if (n != sizeof(m))
		return pid;
	if (m.attach < 0)
		*attach_err = m.attach;
	else if (m.exec)
		cli_warnc(m.exec, "failed to execute %s", argv[0]);
	return pid;
}

