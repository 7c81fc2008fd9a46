#include "compat.h"
#include "ns.h"
#include "unit.h"

#include <stdbool.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/wait.h>

START_TEST(table)
{
	int flags = 0;

	for (int i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];

		ck_assert_ptr_eq(ns_type_by_name(t->name), t);
		ck_assert_ptr_eq(ns_type_by_flag(t->flag), t);
		ck_assert_ptr_eq(ns_type_by_opt(t->opt), t);
		ck_assert_int_eq(flags & t->flag, 0);
		flags |= t->flag;
	}
	ck_assert_int_eq(flags, ns_all_flags());
	ck_assert_ptr_eq(ns_types[0].kind == NS_USER ? &ns_types[0] : NULL, &ns_types[0]);
	ck_assert_ptr_null(ns_type_by_name("bogus"));
	ck_assert_ptr_null(ns_type_by_name(NULL));
	ck_assert_ptr_null(ns_type_by_flag(0));
	ck_assert_ptr_null(ns_type_by_opt('x'));
	ck_assert_str_eq(ns_type_by_name("pid")->children_file, "pid_for_children");
	ck_assert_str_eq(ns_type_by_name("time")->children_file, "time_for_children");
	ck_assert_ptr_null(ns_type_by_name("net")->children_file);
}
END_TEST

START_TEST(open_self)
{
	const struct ns_type *net = ns_type_by_name("net"), *t;
	int pidfd = ns_pidfd_open(getpid());
	ino_t a, b;
	int fd;

	/* no pidfd_open (valgrind 3.19, Linux < 5.3): the by-PID path only */
	if (pidfd != -ENOSYS) {
		ck_assert_int_ge(pidfd, 0);
		ck_assert_int_eq(ns_pidfd_alive(pidfd), 0);
	}
	fd = ns_open_pid(-1, getpid(), pidfd, net, false);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_fd_is_nsfs(fd), 1);
	ck_assert_int_eq(ns_fd_type(fd, &t), 0);
	ck_assert_ptr_eq(t, net);
	ck_assert_int_eq(ns_fd_inode(fd, &a), 0);
	ck_assert_int_eq(ns_path_inode("/proc/self/ns/net", &b), 0);
	ck_assert_uint_eq(a, b);
	close(fd);

	/* without a pidfd, and for the *_for_children files */
	fd = ns_open_pid(-1, getpid(), -1, ns_type_by_name("pid"), true);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_fd_type(fd, &t), 0);
	ck_assert_ptr_eq(t, ns_type_by_name("pid"));
	close(fd);
	/* not a namespace file: the ioctl's own answer, and no type */
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_fd_type(fd, &t), -ENOTTY);
	ck_assert_ptr_null(t);
	close(fd);
	ck_assert_int_eq(ns_open_pid(-1, getpid(), -1, net, true), -EINVAL);
	ck_assert_int_eq(ns_open_pid(-1, 0, -1, net, false), -EINVAL);
	if (pidfd >= 0)
		close(pidfd);
}
END_TEST

START_TEST(open_dead_pid)
{
	const struct ns_type *uts = ns_type_by_name("uts");
	pid_t child;
	int pidfd, status;

	pidfd = ns_pidfd_open(getpid());
	if (pidfd == -ENOSYS) {
		unit_skip("no pidfd_open here (valgrind 3.19?)");
	}
	close(pidfd);
	child = fork();
	if (child == 0)
		_exit(0);
	pidfd = ns_pidfd_open(child);
	ck_assert_int_ge(pidfd, 0);
	waitpid(child, &status, 0);
	/* the process is gone: whatever holds its PID now, we refuse */
	ck_assert_int_eq(ns_pidfd_alive(pidfd), -ESRCH);
	ck_assert_int_lt(ns_open_pid(-1, child, pidfd, uts, false), 0);
	close(pidfd);
	ck_assert_int_eq(ns_pidfd_open(0), -ESRCH);
	ck_assert_int_eq(ns_pidfd_open(4194304), -ESRCH);
}
END_TEST

START_TEST(open_path)
{
	const struct ns_type *found = NULL;
	int fd;

	fd = ns_open_path("/proc/self/ns/mnt", ns_type_by_name("mnt"), &found);
	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_eq(found, ns_type_by_name("mnt"));
	close(fd);

	/* a namespace of the wrong type says which type it is */
	fd = ns_open_path("/proc/self/ns/mnt", ns_type_by_name("net"), &found);
	ck_assert_int_eq(fd, -EMEDIUMTYPE);
	ck_assert_ptr_eq(found, ns_type_by_name("mnt"));

	/* not a namespace at all */
	fd = ns_open_path("/etc/passwd", NULL, &found);
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_ptr_null(found);
	ck_assert_int_eq(ns_open_path("/nonexistent/xns", NULL, NULL), -ENOENT);

	/* any type */
	fd = ns_open_path("/proc/self/ns/uts", NULL, &found);
	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_eq(found, ns_type_by_name("uts"));
	close(fd);
}
END_TEST

START_TEST(persist)
{
	char *dir, target[128];
	ino_t a, b;

	if (geteuid() != 0)
		unit_skip("mount(2) needs root");
	dir = unit_tmpdir();
	snprintf(target, sizeof(target), "%s/xns-net", dir);
	ck_assert_int_eq(ns_persist("/proc/self/ns/net", target), NS_PERSIST_OK);
	ck_assert_int_eq(ns_path_inode(target, &a), 0);
	ck_assert_int_eq(ns_path_inode("/proc/self/ns/net", &b), 0);
	ck_assert_uint_eq(a, b);
	/* a second namespace is not stacked over the first */
	ck_assert_int_eq(ns_persist("/proc/self/ns/uts", target), NS_PERSIST_BUSY);
	ck_assert_int_eq(ns_unpersist(target), 0);
	ck_assert_int_eq(access(target, F_OK), -1);

	/* a source that is not there: the created target is removed again */
	ck_assert_int_eq(ns_persist("/nonexistent/xns", target), NS_PERSIST_MOUNT);
	ck_assert_int_eq(access(target, F_OK), -1);
	ck_assert_int_eq(ns_persist("/proc/self/ns/net", "/nonexistent/xns/x"),
			 NS_PERSIST_CREATE);
	unit_rmtree(dir);
}
END_TEST

START_TEST(proc_path)
{
	char buf[64];

	ck_assert_int_eq(ns_pid_path(buf, sizeof(buf), -1, 42, ns_type_by_name("user"), false), 0);
	ck_assert_str_eq(buf, "/proc/42/ns/user");
	ck_assert_int_eq(ns_pid_path(buf, sizeof(buf), -1, 0, ns_type_by_name("net"), false), 0);
	ck_assert_str_eq(buf, "/proc/self/ns/net");
	ck_assert_int_eq(ns_pid_path(buf, sizeof(buf), -1, 7, ns_type_by_name("pid"), true), 0);
	ck_assert_str_eq(buf, "/proc/7/ns/pid_for_children");
	ck_assert_int_eq(ns_pid_path(buf, sizeof(buf), -1, 7, ns_type_by_name("net"), true), -EINVAL);
	ck_assert_int_eq(ns_pid_path(buf, sizeof(buf), -1, 7, NULL, false), -EINVAL);
	ck_assert_int_eq(ns_pid_path(buf, 8, -1, 7, ns_type_by_name("net"), false), -ENAMETOOLONG);
}
END_TEST

/*
 * Two runs persisting onto one file: the second checked the file while the
 * first had not mounted yet.  Here the first is us, holding the file's lock
 * as ns_persist() does between its check and its mount.
 */
START_TEST(persist_race)
{
	char *dir, target[128];
	int fd, status, mounts = 0;
	pid_t pid;

	if (geteuid() != 0)
		unit_skip("mount(2) needs root");
	dir = unit_tmpdir();
	snprintf(target, sizeof(target), "%s/xns-uts", dir);
	fd = open(target, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* the second run: opens the free file, then waits for the lock */
		close(fd);
		_exit(ns_persist("/proc/self/ns/uts", target));
	}
	/* wait until it blocks in flock: its fd shows up as a lock waiter */
	for (int i = 0; i < 200; i++) {
		char line[256];
		bool waiting = false;
		FILE *f = fopen("/proc/locks", "re");

		while (f && fgets(line, sizeof(line), f))
			if (strstr(line, "->"))
				waiting = true;
		if (f)
			fclose(f);
		if (waiting)
			break;
		usleep(10000);
	}
	ck_assert_int_eq(mount("/proc/self/ns/net", target, NULL, MS_BIND, NULL), 0);
	close(fd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	/* count the mounts on the file while removing them, then judge */
	while (umount2(target, 0) == 0)
		mounts++;
	ck_assert_int_eq(access(target, F_OK), 0);
	unit_rmtree(dir);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), NS_PERSIST_BUSY);
	ck_assert_int_eq(mounts, 1);
}
END_TEST

static Suite *ns_suite(void)
{
	Suite *s = suite_create("ns");
	TCase *tc = tcase_create("ns");

	tcase_add_test(tc, table);
	tcase_add_test(tc, open_self);
	tcase_add_test(tc, open_dead_pid);
	tcase_add_test(tc, open_path);
	tcase_add_test(tc, persist);
	tcase_add_test(tc, proc_path);
	tcase_add_test(tc, persist_race);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ns_suite)
