#include "compat.h"
#include "nshandle.h"
#include "unit.h"

#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>

static bool have_ids(void)
{
	uint64_t id;
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int rc = nshandle_id(fd, &id);

	close(fd);
	return rc == 0;
}

START_TEST(id_of_non_ns)
{
	uint64_t id = 42;
	int fd = open("/", O_RDONLY | O_CLOEXEC);

	ck_assert_int_lt(nshandle_id(fd, &id), 0);
	ck_assert_int_eq(id, 42);
	close(fd);
	ck_assert_int_eq(nshandle_id(-1, &id), -EBADF);
}
END_TEST

START_TEST(open_own)
{
	const struct ns_type *net = ns_type_by_name("net");
	struct stat a, b;
	uint64_t id;
	int fd, own;

	if (!have_ids()) {
		/* this kernel has no namespace IDs: the lookup says so */
		ck_assert_int_eq(nshandle_open(-1, net, 1), -ENOTTY);
		unit_skip("no namespace IDs (NS_GET_ID, Linux 6.18): only the refusal is checked");
	}
	own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(nshandle_id(own, &id), 0);
	fd = nshandle_open(-1, net, id);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(own, &a), 0);
	ck_assert_int_eq(fstat(fd, &b), 0);
	ck_assert_int_eq(a.st_ino, b.st_ino);
	close(fd);
	close(own);
}
END_TEST

START_TEST(open_other)
{
	const struct ns_type *uts = ns_type_by_name("uts");
	int pipefd[2], fd, nsfd;
	struct stat a, b;
	uint64_t id;
	pid_t child;
	char c;

	if (!have_ids())
		unit_skip("no namespace IDs (NS_GET_ID, Linux 6.18)");
	if (geteuid() != 0)
		unit_skip("needs root to unshare a UTS namespace");
	/* a child in a UTS namespace of its own, found by ID alone */
	ck_assert_int_eq(pipe(pipefd), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		close(pipefd[1]);
		if (unshare(CLONE_NEWUTS) < 0)
			_exit(1);
		(void) !read(pipefd[0], &c, 1);
		_exit(0);
	}
	close(pipefd[0]);
	for (int i = 0; i < 1000; i++) {
		char path[64];
		struct stat me;

		snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int) child);
		if (stat(path, &a) == 0 && stat("/proc/self/ns/uts", &me) == 0 && a.st_ino != me.st_ino)
			break;
		usleep(1000);
	}
	{
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int) child);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
	}
	ck_assert_int_ge(nsfd, 0);
	ck_assert_int_eq(nshandle_id(nsfd, &id), 0);
	fd = nshandle_open(-1, uts, id);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(nsfd, &a), 0);
	ck_assert_int_eq(fstat(fd, &b), 0);
	ck_assert_int_eq(a.st_ino, b.st_ino);
	close(fd);
	close(nsfd);
	close(pipefd[1]);
	waitpid(child, NULL, 0);
}
END_TEST

START_TEST(open_missing)
{
	if (!have_ids())
		unit_skip("no namespace IDs (NS_GET_ID, Linux 6.18)");
	/* no namespace has this ID; the wrong type for a real one finds nothing */
	ck_assert_int_eq(nshandle_open(-1, ns_type_by_name("net"), UINT64_MAX - 7), -ENOENT);
	ck_assert_int_eq(nshandle_open(-1, NULL, 1), -EINVAL);
}
END_TEST

START_TEST(open_wrong_type)
{
	uint64_t id;
	int own;

	if (!have_ids())
		unit_skip("no namespace IDs (NS_GET_ID, Linux 6.18)");
	own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(nshandle_id(own, &id), 0);
	close(own);
	ck_assert_int_eq(nshandle_open(-1, ns_type_by_name("ipc"), id), -ENOENT);
}
END_TEST

START_TEST(from_socket)
{
	int pidfd = ns_pidfd_open(getpid());
	int sk = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int file = open("/", O_RDONLY | O_CLOEXEC);
	struct stat a, b;
	int fd;

	if (pidfd < 0)
		unit_skip("no pidfds (valgrind, an old kernel)");
	ck_assert_int_ge(sk, 0);
	fd = nshandle_from_socket(pidfd, sk);
	if (fd == -ENOSYS)
		unit_skip("no pidfd_getfd (Linux 5.6)");
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &a), 0);
	ck_assert_int_eq(stat("/proc/self/ns/net", &b), 0);
	ck_assert_int_eq(a.st_ino, b.st_ino);
	close(fd);
	ck_assert_int_eq(nshandle_from_socket(pidfd, file), -ENOTSOCK);
	ck_assert_int_eq(nshandle_from_socket(pidfd, 987654), -EBADF);
	ck_assert_int_eq(nshandle_from_socket(-1, sk), -EBADF);
	close(file);
	close(sk);
	close(pidfd);
}
END_TEST

START_TEST(pidfd_is)
{
	int pidfd = ns_pidfd_open(getpid());
	struct stat sb, ns;
	struct statfs sfs;

	if (pidfd < 0)
		unit_skip("no pidfds (valgrind, an old kernel)");
	ck_assert_int_eq(fstat(pidfd, &sb), 0);
	ck_assert_int_eq(fstatfs(pidfd, &sfs), 0);
	if (sfs.f_type != PID_FS_MAGIC) {
		ck_assert_int_eq(nshandle_pidfd_is(pidfd, sb.st_ino), -EOPNOTSUPP);
		close(pidfd);
		unit_skip("pidfds have no inode of their own before pidfs (Linux 6.9)");
	}
	ck_assert_int_eq(nshandle_pidfd_is(pidfd, sb.st_ino), 1);
	/* the PID namespace's inode names every process in it: it pins none */
	ck_assert_int_eq(stat("/proc/self/ns/pid", &ns), 0);
	ck_assert_int_eq(nshandle_pidfd_is(pidfd, ns.st_ino), 0);
	ck_assert_int_eq(nshandle_pidfd_is(pidfd, 0), 0);
	ck_assert_int_eq(nshandle_pidfd_is(pidfd, UINT64_MAX), 0);
	ck_assert_int_eq(nshandle_pidfd_is(-1, sb.st_ino), -EBADF);
	close(pidfd);
}
END_TEST

static Suite *nshandle_suite(void)
{
	Suite *s = suite_create("nshandle");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, id_of_non_ns);
	tcase_add_test(tc, open_own);
	tcase_add_test(tc, open_other);
	tcase_add_test(tc, open_missing);
	tcase_add_test(tc, open_wrong_type);
	tcase_add_test(tc, from_socket);
	tcase_add_test(tc, pidfd_is);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(nshandle_suite)
