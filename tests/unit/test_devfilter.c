/*
 * test_devfilter.c - device programs for cgroup v2: built from rules, and
 * (as root, where cgroup2 is mounted) attached to a group whose process
 * then opens what the rules allow and is refused the rest.
 */
#include "compat.h"
#include "devfilter.h"
#include "unit.h"

#include <linux/bpf.h>
#include <sys/stat.h>
#include <sys/wait.h>

START_TEST(build)
{
	const struct devfilter_rule deny_all[] = { { false, 'a', -1, -1, 0 } };
	const struct devfilter_rule some[] = {
		{ true, 'c', 1, 3, 0 },            /* wiped by the catch-all after it */
		{ false, 'a', -1, -1, 0 },
		{ true, 'c', 1, 3, DEVFILTER_READ | DEVFILTER_WRITE },
		{ true, 'b', -1, -1, DEVFILTER_MKNOD },
	};
	const struct devfilter_rule bad[] = { { true, 'x', 1, 1, 0 } };
	const struct devfilter_rule bad_acc[] = { { true, 'c', 1, 1, 8 } };
	struct devfilter_prog p;
	struct bpf_insn last;

	ck_assert_int_eq(devfilter_build(deny_all, 1, &p), 0);
	ck_assert_uint_eq(p.n, 8);           /* the context, then "return 0" */
	memcpy(&last, &p.insns[p.n - 2], sizeof(last));
	ck_assert_int_eq(last.imm, 0);
	devfilter_free(&p);
	ck_assert_int_eq(devfilter_build(some, 4, &p), 0);
	/* 6 + (type, 3 access, major, minor, ret, exit) + (type, 3 access, ret, exit) + 2 */
	ck_assert_uint_eq(p.n, 6 + 8 + 6 + 2);
	devfilter_free(&p);
	ck_assert_int_eq(devfilter_build(NULL, 0, &p), 0);
	memcpy(&last, &p.insns[p.n - 2], sizeof(last));
	ck_assert_int_eq(last.imm, 1);       /* no rule: allowed, as v1 inherits */
	devfilter_free(&p);
	ck_assert_int_eq(devfilter_build(bad, 1, &p), -EINVAL);
	ck_assert_int_eq(devfilter_build(bad_acc, 1, &p), -EINVAL);
}
END_TEST

/* in a child moved into @dir: open @path, 0 or the errno */
static int open_in(const char *dir, const char *path, int flags)
{
	char procs[512];
	int st;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *f;
		int fd;

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
		f = fopen(procs, "w");
		if (!f || fprintf(f, "%d", (int) getpid()) < 0 || fclose(f) != 0)
			_exit(100);
		fd = open(path, flags);
		_exit(fd < 0 ? errno : 0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WEXITSTATUS(st);
}

START_TEST(attach)
{
	const struct devfilter_rule rules[] = {
		{ false, 'a', -1, -1, 0 },
		{ true, 'c', 1, 3, 0 },                 /* /dev/null */
		{ true, 'c', 1, 5, DEVFILTER_READ },    /* /dev/zero, read only */
	};
	struct devfilter_prog p;
	char dir[256] = "";
	int fd, prog;

	if (geteuid() != 0)
		unit_skip("needs root");
	/* hybrid: the cgroup2 mount beside v1; v2: the root itself */
	if (access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) == 0)
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup/unified/xns-unit-devfilter-%d", (int) getpid());
	else if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0)
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup/xns-unit-devfilter-%d", (int) getpid());
	if (!dir[0])
		unit_skip("no cgroup2 mount");
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(devfilter_build(rules, 3, &p), 0);
	prog = devfilter_attach(&p, fd);
	devfilter_free(&p);
	if (prog == -EPERM || prog == -ENOSYS || prog == -EINVAL) {
		close(fd);
		rmdir(dir);
		unit_skip("BPF device programs are not allowed here");
	}
	ck_assert_int_ge(prog, 0);
	ck_assert_int_eq(open_in(dir, "/dev/null", O_RDWR), 0);
	ck_assert_int_eq(open_in(dir, "/dev/zero", O_RDONLY), 0);
	ck_assert_int_eq(open_in(dir, "/dev/zero", O_RDWR), EPERM);
	ck_assert_int_eq(open_in(dir, "/dev/full", O_RDONLY), EPERM);
	close(prog);
	close(fd);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *devfilter_suite(void)
{
	Suite *s = suite_create("devfilter");
	TCase *tc = tcase_create("devfilter");

	tcase_add_test(tc, build);
	tcase_add_test(tc, attach);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(devfilter_suite)
