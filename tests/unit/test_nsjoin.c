#include "compat.h"
#include "nsjoin.h"
#include "unit.h"

#include <sched.h>
#include <sys/wait.h>

static const struct ns_type *uts(void)
{
	return ns_type_by_name("uts");
}

static size_t idx(const struct ns_type *t)
{
	return (size_t) (t - ns_types);
}

static void join_init(struct nsjoin *j, pid_t pid, int want)
{
	memset(j, 0, sizeof(*j));
	j->pid = pid;
	j->pidfd = pid ? ns_pidfd_open(pid) : -1;
	j->entered = want;
	for (size_t i = 0; i < NS_NKINDS; i++)
		j->nsfd[i] = -1;
}

/* a child in a UTS namespace of its own, until @hold is closed */
static pid_t uts_child(int hold[2])
{
	char c;
	pid_t child;

	ck_assert_int_eq(pipe(hold), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		close(hold[1]);
		if (unshare(CLONE_NEWUTS) < 0 || sethostname("xns-join", 8) < 0)
			_exit(1);
		(void) !write(hold[0], "", 0);
		(void) !read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	for (int i = 0; i < 2000; i++) {
		char path[64];
		struct stat a, me;

		snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int) child);
		if (stat(path, &a) == 0 && stat("/proc/self/ns/uts", &me) == 0 &&
		    a.st_ino != me.st_ino)
			break;
		usleep(1000);
	}
	return child;
}

START_TEST(enter_target)
{
	struct nsjoin j;
	struct nsjoin_error e;
	char host[64];
	int hold[2];
	pid_t child;

	if (geteuid() != 0)
		unit_skip("needs root to enter a UTS namespace");
	child = uts_child(hold);
	join_init(&j, child, CLONE_NEWUTS);
	nsjoin_choose(&j);
	ck_assert_int_eq(nsjoin_enter(&j, &e), NSJOIN_OK);
	ck_assert_int_eq(j.entered, CLONE_NEWUTS);
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	ck_assert_str_eq(host, "xns-join");
	close(hold[1]);
	waitpid(child, NULL, 0);
}
END_TEST

START_TEST(enter_file)
{
	struct nsjoin j;
	struct nsjoin_error e;
	char host[64], path[64];
	int hold[2];
	pid_t child;

	if (geteuid() != 0)
		unit_skip("needs root to enter a UTS namespace");
	child = uts_child(hold);
	join_init(&j, 0, CLONE_NEWUTS);
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int) child);
	j.nsfd[idx(uts())] = open(path, O_RDONLY | O_CLOEXEC);
	j.named[idx(uts())] = true;
	ck_assert_int_eq(nsjoin_enter(&j, &e), NSJOIN_OK);
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	ck_assert_str_eq(host, "xns-join");
	close(hold[1]);
	waitpid(child, NULL, 0);
}
END_TEST

/* a file of another type: setns() refuses, and the result says which type */
START_TEST(file_refused)
{
	struct nsjoin j;
	struct nsjoin_error e;

	join_init(&j, 0, CLONE_NEWUTS);
	j.nsfd[idx(uts())] = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(j.nsfd[idx(uts())], 0);
	ck_assert_int_eq(nsjoin_enter(&j, &e), NSJOIN_SETNS);
	ck_assert_ptr_eq(e.type, uts());
	ck_assert_int_eq(e.err, EINVAL);
	close(j.nsfd[idx(uts())]);
}
END_TEST

/* our own user namespace is no error, and is not counted as entered */
START_TEST(own_user)
{
	const struct ns_type *user = ns_type_by_name("user");
	struct nsjoin j;
	struct nsjoin_error e;

	join_init(&j, 0, CLONE_NEWUSER);
	j.nsfd[idx(user)] = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(nsjoin_enter(&j, &e), NSJOIN_OK);
	ck_assert_int_eq(j.entered, 0);
	close(j.nsfd[idx(user)]);
	/* --all on a target in our user namespace leaves it out up front */
	join_init(&j, getpid(), CLONE_NEWUSER | CLONE_NEWUTS);
	j.all = true;
	nsjoin_choose(&j);
	ck_assert_int_eq(j.entered, CLONE_NEWUTS);
	if (j.pidfd >= 0)
		close(j.pidfd);
}
END_TEST

/* a target with no pidfd whose namespace will not open: which one, and why */
START_TEST(open_fails)
{
	struct nsjoin j;
	struct nsjoin_error e;
	pid_t gone = fork();

	ck_assert_int_ge(gone, 0);
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	join_init(&j, gone, CLONE_NEWUTS);
	/* without pidfd_open (valgrind 3.19) the open fails as ENOSYS instead */
	if (j.pidfd != -ENOSYS)
		ck_assert_int_eq(j.pidfd, -ESRCH);
	j.pidfd = -1;
	ck_assert_int_eq(nsjoin_enter(&j, &e), NSJOIN_OPEN);
	ck_assert_ptr_eq(e.type, uts());
	ck_assert_int_eq(e.err, ESRCH);
}
END_TEST

static Suite *nsjoin_suite(void)
{
	Suite *s = suite_create("nsjoin");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, enter_target);
	tcase_add_test(tc, enter_file);
	tcase_add_test(tc, file_refused);
	tcase_add_test(tc, own_user);
	tcase_add_test(tc, open_fails);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(nsjoin_suite)
