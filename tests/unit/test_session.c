#include "compat.h"
#include "session.h"
#include "unit.h"

#include <pty.h>
#include <signal.h>
#include <sys/wait.h>

START_TEST(wanted_by_mode)
{
	/* the suite runs with no terminal on 0, 1 and 2 under make check */
	if (isatty(0) || isatty(1) || isatty(2))
		unit_skip("run on a terminal: the AUTO answers differ");
	ck_assert(session_wanted(SESSION_NEW, false));
	ck_assert(session_wanted(SESSION_NEW, true));
	ck_assert(!session_wanted(SESSION_KEEP, true));
	ck_assert(!session_wanted(SESSION_KEEP, false));
	ck_assert(!session_wanted(SESSION_AUTO, true));    /* no terminal */
	ck_assert(!session_wanted(SESSION_AUTO, false));
}
END_TEST

START_TEST(wanted_on_a_terminal)
{
	int master, slave, status;
	pid_t pid;

	if (openpty(&master, &slave, NULL, NULL, NULL) < 0)
		unit_skip("no pseudo-terminals here");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(slave, 1);
		_exit(session_wanted(SESSION_AUTO, true) && !session_wanted(SESSION_AUTO, false) &&
		      !session_wanted(SESSION_KEEP, true) ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(master);
	close(slave);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* the child leads a new session without a terminal; the parent gets its status */
START_TEST(new_session_child_and_parent)
{
	int status, rc, out = -1;
	pid_t pid, me = getpid();

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* as a tool would: in its own process group, as a shell starts it */
		setpgid(0, 0);
		rc = session_new(&status);
		if (rc == 0) {
			int tty = open("/dev/tty", O_RDWR);

			_exit(getsid(0) == getpid() && tty < 0 ? 42 : 1);
		}
		_exit(rc == 1 && WIFEXITED(status) ? WEXITSTATUS(status) : 2);
	}
	ck_assert_int_eq(waitpid(pid, &out, 0), pid);
	ck_assert(WIFEXITED(out));
	ck_assert_int_eq(WEXITSTATUS(out), 42);
	ck_assert_int_eq(getpid(), me);
}
END_TEST

/* a signal to the waiting parent reaches the child */
static volatile sig_atomic_t got;

static void on_term(int sig)
{
	got = sig;
}

START_TEST(new_session_forwards)
{
	int status, out;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int rc = session_new(&status);

		if (rc == 0) {
			sigset_t term, old;

			/*
			 * Blocked until sigsuspend(): with pause(), a SIGTERM
			 * that came between the test of got and the call was
			 * handled and then waited for for ever (valgrind, which
			 * delivers signals at system calls, hit that).
			 */
			sigemptyset(&term);
			sigaddset(&term, SIGTERM);
			sigprocmask(SIG_BLOCK, &term, &old);
			sigdelset(&old, SIGTERM);
			signal(SIGTERM, on_term);
			kill(getppid(), SIGTERM);
			while (!got)
				sigsuspend(&old);
			_exit(got == SIGTERM ? 7 : 1);
		}
		_exit(rc == 1 && WIFEXITED(status) ? WEXITSTATUS(status) : 2);
	}
	ck_assert_int_eq(waitpid(pid, &out, 0), pid);
	ck_assert(WIFEXITED(out));
	ck_assert_int_eq(WEXITSTATUS(out), 7);
}
END_TEST

static Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, wanted_by_mode);
	tcase_add_test(tc, wanted_on_a_terminal);
	tcase_add_test(tc, new_session_child_and_parent);
	tcase_add_test(tc, new_session_forwards);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(session_suite)
