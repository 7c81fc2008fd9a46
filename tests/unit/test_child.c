#include "compat.h"
#include "child.h"
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
# include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif
#include <unistd.h>

START_TEST(exit_codes)
{
	int st;
	pid_t p = fork();

	if (p == 0)
		_exit(42);
	ck_assert_int_eq(child_wait(p, &st), 0);
	ck_assert_int_eq(child_exit_code(st), 42);

	p = fork();
	if (p == 0) {
		signal(SIGTERM, SIG_DFL);
		raise(SIGTERM);
		_exit(0);
	}
	ck_assert_int_eq(child_wait(p, &st), 0);
	ck_assert_int_eq(child_exit_code(st), 128 + SIGTERM);
	ck_assert_int_eq(child_wait(p, &st), -ECHILD);
}
END_TEST

static int forwarded;
static void note(int sig, void *data)
{
	(void) data;
	forwarded = sig;
}

START_TEST(forward)
{
	sigset_t fwd, old, all;
	int st;
	pid_t p;

	child_forward_set(&fwd);
	all = fwd;
	sigaddset(&all, SIGCHLD);
	sigprocmask(SIG_BLOCK, &all, &old);
	p = fork();
	if (p == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		signal(SIGUSR1, SIG_DFL);
		pause();
		_exit(0);
	}
	kill(getpid(), SIGUSR1);     /* to us: must reach the child */
	ck_assert_int_eq(child_wait_forward(p, &fwd, &st, note, NULL), 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(WTERMSIG(st), SIGUSR1);
	ck_assert_int_eq(forwarded, SIGUSR1);
}
END_TEST

START_TEST(pdeathsig_dead_parent)
{
	int st, pidfd;
	pid_t mid;

	pidfd = (int) xns_pidfd_open(getpid(), 0);
	if (pidfd < 0 && errno == ENOSYS) {
		unit_skip("no pidfd_open here (valgrind 3.19?)");
	}
	close(pidfd);
	mid = fork();
	if (mid == 0) {
		/* a pidfd of a process that is already gone */
		pid_t gone = fork();

		if (gone == 0)
			_exit(0);
		pidfd = (int) xns_pidfd_open(gone, 0);
		waitpid(gone, NULL, 0);
		_exit(child_set_pdeathsig(SIGKILL, pidfd) == -ESRCH ? 0 : 1);
	}
	ck_assert_int_eq(child_wait(mid, &st), 0);
	ck_assert_int_eq(WEXITSTATUS(st), 0);

	pidfd = (int) xns_pidfd_open(getpid(), 0);
	mid = fork();
	if (mid == 0)
		_exit(child_set_pdeathsig(SIGKILL, pidfd) == 0 ? 0 : 1);
	ck_assert_int_eq(child_wait(mid, &st), 0);
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	close(pidfd);
}
END_TEST

struct vf {
	int fd;
	char **argv;
};

/* says its PID over the pipe, then execs argv or returns 42 */
static int vf_child(void *data)
{
	struct vf *v = data;
	pid_t me = getpid();

	if (write(v->fd, &me, sizeof(me)) != sizeof(me))
		return 1;
	if (v->argv)
		execv(v->argv[0], v->argv);
	return 42;
}

/* child_vfork(vf_child) with @argv; the child's exit code */
static int vf_run(int pfd[2], char **argv)
{
	struct vf v = { pfd[1], argv };
	pid_t p, said;
	int st;

	p = child_vfork(vf_child, &v);
	ck_assert_int_gt(p, 0);
	/* by now the child is done with our memory: returned or exec'd */
	ck_assert_int_eq(read(pfd[0], &said, sizeof(said)), sizeof(said));
	ck_assert_int_eq(said, p);
	ck_assert_int_eq(child_wait(p, &st), 0);
	return child_exit_code(st);
}

START_TEST(vfork_runs_and_returns)
{
	char *argv[] = { "/bin/sh", "-c", "exit 7", NULL };
	int pfd[2];

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	ck_assert_int_eq(vf_run(pfd, NULL), 42);
	/* an exec ends the loan just as well; the exit code is the command's */
	ck_assert_int_eq(vf_run(pfd, argv), 7);
	close(pfd[0]);
	close(pfd[1]);
}
END_TEST

/* the child of child_clone_vm(): its write is ours, its exit() is quiet */
static volatile int cv_seen;

static void cv_atexit(void)
{
	/* ours alone: run in the child it would say so on stdout */
	fputs("atexit ran\n", stdout);
}

static int cv_child(void *arg)
{
	cv_seen = *(int *) arg;
	if (cv_seen == 2)
		exit(5);    /* as err() would, without running cv_atexit */
	return 3;
}

START_TEST(clone_vm_shares_and_exits_quietly)
{
	int v = 1, st;
	pid_t p;

	if (RUNNING_ON_VALGRIND)
		unit_skip("child_clone_vm() is a fork under valgrind");
#ifdef CHILD_ASAN
	unit_skip("child_clone_vm() is a fork under AddressSanitizer");
#endif

	/* a child of the suite's, so that atexit and dumpable stay there */
	p = fork();
	ck_assert_int_ge(p, 0);
	if (p == 0) {
		pid_t c;

		atexit(cv_atexit);
		c = child_clone_vm(cv_child, &v);
		if (c < 0 || child_wait(c, &st) < 0 || child_exit_code(st) != 3)
			_exit(10);
#ifndef CHILD_ASAN
		if (cv_seen != 1)
			_exit(11);   /* the child wrote our memory */
#endif
		if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
			_exit(12);
		/* one at a time: the same stack and guard again, once it ended */
		_exit(0);
	}
	ck_assert_int_eq(child_wait(p, &st), 0);
	ck_assert_int_eq(child_exit_code(st), 0);

	v = 2;
	p = fork();
	ck_assert_int_ge(p, 0);
	if (p == 0) {
		int fds[2];
		char buf[32];
		pid_t c;
		ssize_t n;

		/* the child's exit(5) must not print "atexit ran" */
		if (pipe(fds) < 0 || dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(20);
		close(fds[1]);
		atexit(cv_atexit);
		c = child_clone_vm(cv_child, &v);
		if (c < 0 || child_wait(c, &st) < 0 || child_exit_code(st) != 5)
			_exit(21);
		fflush(stdout);
		close(STDOUT_FILENO);
		n = read(fds[0], buf, sizeof(buf));
		_exit(n == 0 ? 0 : 22);
	}
	ck_assert_int_eq(child_wait(p, &st), 0);
	ck_assert_int_eq(child_exit_code(st), 0);
}
END_TEST

extern char **environ;

/* in a child of ours: clearing the environment must not touch the suite's */
START_TEST(env_keep)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int n = 0;

		setenv("XNS_A", "1", 1);
		setenv("XNS_B", "2", 1);
		if (child_env_keep("XNS_B,XNS_NOPE,,XNS_B") != 0)
			_exit(1);
		for (char **e = environ; *e; e++)
			n++;
		if (n != 1 || getenv("XNS_A") || !getenv("XNS_B") || strcmp(getenv("XNS_B"), "2"))
			_exit(2);
		if (child_env_keep(NULL) != 0 || (environ && environ[0]))
			_exit(3);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static void exit_seven(void *arg)
{
	(void) arg;
	_exit(7);
}

static void die_of_term(void *arg)
{
	(void) arg;
	signal(SIGTERM, SIG_DFL);
	raise(SIGTERM);
}

START_TEST(run_init)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int a = child_run_init(exit_seven, NULL), b = child_run_init(die_of_term, NULL);

		_exit(a == 7 && b == 128 + SIGTERM ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* a gated child runs only once let go, and knows when we gave up on it */
START_TEST(fork_gated)
{
	struct child_fork cf = { .gated = true };
	int status;
	pid_t pid;

	pid = child_fork_start(&cf);
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(child_fork_enter(&cf) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, WNOHANG), 0);   /* still held */
	ck_assert_int_eq(child_fork_release(&cf), 0);
	ck_assert_int_eq(child_fork_wait(&cf, pid, &status), 0);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	sigprocmask(SIG_SETMASK, &cf.oldmask, NULL);

	/* the parent closes the gate without a word: -EPIPE */
	cf = (struct child_fork) { .gated = true, .kill_sig = SIGKILL };
	pid = child_fork_start(&cf);
	if (pid == -ENOSYS) {
		sigprocmask(SIG_SETMASK, &cf.oldmask, NULL);
		unit_skip("no pidfd_open here (valgrind 3.19?)");
	}
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(child_fork_enter(&cf) == -EPIPE ? 0 : 1);
	close(cf.gate[1]);
	ck_assert_int_eq(child_fork_wait(&cf, pid, &status), 0);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	sigprocmask(SIG_SETMASK, &cf.oldmask, NULL);
}
END_TEST

/* children that end are reaped, and with none left it returns at once */
START_TEST(reap_orphans)
{
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			_exit(0);
	}
	ck_assert_int_eq(child_reap_orphans(1000), 3);
	ck_assert_int_eq(child_reap_orphans(1000), 0);
}
END_TEST

/* what has ended is reaped at once; a child still running is left */
START_TEST(reap_ready)
{
	int pipefd[2], status;
	pid_t done, running;

	ck_assert_int_eq(child_reap_ready(), -ECHILD);
	ck_assert_int_eq(pipe(pipefd), 0);
	running = fork();
	ck_assert_int_ge(running, 0);
	if (running == 0) {
		char c;

		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 0 ? 0 : 1);
	}
	close(pipefd[0]);
	done = fork();
	ck_assert_int_ge(done, 0);
	if (done == 0)
		_exit(0);
	/* the ended one is a zombie once waitid() sees it, unreaped */
	ck_assert_int_eq(waitid(P_PID, (id_t) done, &(siginfo_t) { 0 }, WEXITED | WNOWAIT), 0);
	ck_assert_int_eq(child_reap_ready(), 1);
	ck_assert_int_eq(child_reap_ready(), 0);
	close(pipefd[1]);
	ck_assert_int_eq(waitpid(running, &status, 0), running);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *child_suite(void)
{
	Suite *s = suite_create("child");
	TCase *tc = tcase_create("child");

	tcase_add_test(tc, exit_codes);
	tcase_add_test(tc, reap_orphans);
	tcase_add_test(tc, reap_ready);
	tcase_add_test(tc, forward);
	tcase_add_test(tc, pdeathsig_dead_parent);
	tcase_add_test(tc, vfork_runs_and_returns);
	tcase_add_test(tc, clone_vm_shares_and_exits_quietly);
	tcase_add_test(tc, env_keep);
	tcase_add_test(tc, run_init);
	tcase_add_test(tc, fork_gated);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(child_suite)
