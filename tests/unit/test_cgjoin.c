#include "compat.h"
#include "cgjoin.h"
#include "unit.h"

/* a hybrid host: v1 controllers, a named hierarchy, and cgroup2 */
static const char mountinfo[] =
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	"41 22 0:31 /a /mnt/mem\\040a rw,relatime - cgroup cgroup rw,memory\n";

/* the lines themselves: tests/unit/test_proccgroup.c */

START_TEST(mount_holds)
{
	struct proccgroup_entry v2 = { 0, "", "/" }, cpu = { 2, "cpu,cpuacct", "/" },
			    sd = { 9, "name=systemd", "/" }, mem = { 4, "memory", "/" };

	ck_assert_int_eq(cgjoin_mount_holds("cgroup2", "rw", &v2), 1);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,memory", &v2), 0);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,cpu,cpuacct", &cpu), 1);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,cpu", &cpu), 0);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,cpuacct", &cpu), 0);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,xattr,name=systemd", &sd), 1);
	/* "memory" is no prefix match for "memory_x", nor the other way */
	ck_assert_int_eq(cgjoin_mount_holds("cgroup", "rw,memory_x", &mem), 0);
	ck_assert_int_eq(cgjoin_mount_holds("cgroup2", "rw,memory", &mem), 0);
	ck_assert_int_eq(cgjoin_mount_holds("tmpfs", "rw,memory", &mem), 0);
}
END_TEST

START_TEST(dirs_hybrid)
{
	char **dirs = NULL;
	int n = cgjoin_dirs("9:name=systemd:/\n4:memory:/a/b\n2:cpu,cpuacct:/c\n"
			    "7:pids:/p\n0::/xns\n", mountinfo, &dirs);

	/* pids is mounted nowhere here: left out */
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(dirs[0], "/sys/fs/cgroup/systemd");
	ck_assert_str_eq(dirs[1], "/sys/fs/cgroup/memory/a/b");
	ck_assert_str_eq(dirs[2], "/sys/fs/cgroup/cpu,cpuacct/c");
	ck_assert_str_eq(dirs[3], "/sys/fs/cgroup/unified/xns");
	ck_assert_ptr_null(dirs[4]);
	cgjoin_free(dirs);
}
END_TEST

START_TEST(dirs_bind_root)
{
	/* only the mount whose root is above the group can show it */
	static const char mi[] =
		"41 22 0:31 /a /mnt/mem\\040a rw,relatime - cgroup cgroup rw,memory\n";
	char **dirs = NULL;

	ck_assert_int_eq(cgjoin_dirs("4:memory:/a/b\n", mi, &dirs), 1);
	ck_assert_str_eq(dirs[0], "/mnt/mem a/b");
	cgjoin_free(dirs);
	ck_assert_int_eq(cgjoin_dirs("4:memory:/ab\n", mi, &dirs), 0);
	ck_assert_ptr_null(dirs[0]);
	cgjoin_free(dirs);
	ck_assert_int_eq(cgjoin_dirs("4:memory:/a\n", mi, &dirs), 1);
	ck_assert_str_eq(dirs[0], "/mnt/mem a");
	cgjoin_free(dirs);
}
END_TEST

START_TEST(dirs_bad)
{
	char **dirs = NULL;

	ck_assert_int_eq(cgjoin_dirs("garbage\n", mountinfo, &dirs), -EINVAL);
	ck_assert_int_eq(cgjoin_dirs("0::/ok\n4:memory\n", mountinfo, &dirs), -EINVAL);
	/* outside our cgroup namespace: nothing we could write to */
	ck_assert_int_eq(cgjoin_dirs("0::/../x\n4:memory:/..\n", mountinfo, &dirs), 0);
	cgjoin_free(dirs);
	/* an empty or broken mountinfo finds nothing, and does not crash */
	ck_assert_int_eq(cgjoin_dirs("0::/\n", "", &dirs), 0);
	cgjoin_free(dirs);
	ck_assert_int_eq(cgjoin_dirs("0::/\n", "x y\n\n- - -", &dirs), 0);
	cgjoin_free(dirs);
	ck_assert_int_eq(cgjoin_dirs("", mountinfo, &dirs), 0);
	cgjoin_free(dirs);
}
END_TEST

START_TEST(read_fixture)
{
	char *root = unit_tmpdir(), **dirs = NULL;
	char path[4096];
	int procfd, piddir;

	unit_write(root, "42/cgroup", "4:memory:/a/b\n0::/xns\n");
	unit_write(root, "self/mountinfo", mountinfo);
	procfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/42", root);
	piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	ck_assert_int_ge(piddir, 0);
	ck_assert_int_eq(cgjoin_read(piddir, procfd, &dirs), 2);
	ck_assert_str_eq(dirs[0], "/sys/fs/cgroup/memory/a/b");
	ck_assert_str_eq(dirs[1], "/sys/fs/cgroup/unified/xns");
	cgjoin_free(dirs);
	/* a process whose directory lacks the file: gone */
	ck_assert_int_eq(cgjoin_read(procfd, procfd, &dirs), -ESRCH);
	close(piddir);
	close(procfd);
	unit_rmtree(root);
}
END_TEST

START_TEST(read_self)
{
	char **dirs = NULL;
	int piddir = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int n = cgjoin_read(piddir, -1, &dirs);

	/* every machine with cgroups shows ours somewhere under a mount */
	ck_assert_int_ge(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(dirs[i][0], '/');
	cgjoin_free(dirs);
	close(piddir);
}
END_TEST

static Suite *cgjoin_suite(void)
{
	Suite *s = suite_create("cgjoin");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, mount_holds);
	tcase_add_test(tc, dirs_hybrid);
	tcase_add_test(tc, dirs_bind_root);
	tcase_add_test(tc, dirs_bad);
	tcase_add_test(tc, read_fixture);
	tcase_add_test(tc, read_self);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cgjoin_suite)
