#include "compat.h"
#include "mount.h"
#include "unit.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

START_TEST(open_target_creates_inside)
{
	char *dir = unit_tmpdir();
	char path[512];
	int root, fd;

	root = open(dir, O_PATH | O_DIRECTORY);
	ck_assert_int_ge(root, 0);
	/* parents made as folders, the last as asked */
	fd = mount_open_target(root, "/a/b/c", true, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = mount_open_target(root, "a/b/file", false, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/a/b/file", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
	/* ".." does not climb above the root: this lands in it */
	fd = mount_open_target(root, "../../../escaped", true, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/escaped", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
	/* without @create a missing path is an error, and nothing is made */
	ck_assert_int_eq(mount_open_target(root, "/no/such", true, false), -ENOENT);
	snprintf(path, sizeof(path), "%s/no", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	close(root);
	unit_rmtree(dir);
}
END_TEST

START_TEST(malformed)
{
	char *dir = unit_tmpdir();
	int root = open(dir, O_PATH | O_DIRECTORY);

	ck_assert_int_ge(root, 0);
	ck_assert_int_eq(mount_symlink(root, "t", "noslash"), -EINVAL);
	ck_assert_int_eq(mount_symlink(root, "t", "/dir/"), -EINVAL);
	/* -EBADF, or -EPERM first for a caller without CAP_SYS_ADMIN */
	ck_assert_int_lt(mount_set_attr(-1, false, MOUNT_ATTR_RDONLY), 0);
	ck_assert_int_lt(mount_clone(-1), 0);
	ck_assert_int_lt(mount_bind_attr(-1, root, 0), 0);
	/* a file where a folder is needed */
	unit_write(dir, "f", "x");
	ck_assert_int_eq(mount_open_target(root, "f/sub", true, true), -ENOTDIR);
	close(root);
	unit_rmtree(dir);
}
END_TEST

/* in a child with its own mount namespace: the flags and the copy */
static int bind_checks(const char *dir)
{
	char src[512], dst[512], copy[512];
	struct statvfs sv;
	int s, d, c, tree;

	if (unshare(CLONE_NEWNS) < 0 || mount_make_rslave("/") < 0)
		return 77;
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(dst, sizeof(dst), "%s/dst", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	s = open(src, O_PATH | O_DIRECTORY);
	d = open(dst, O_PATH | O_DIRECTORY);
	c = open(copy, O_PATH | O_DIRECTORY);
	if (s < 0 || d < 0 || c < 0)
		return 10;
	/* nodev and read-only on the new tree, before it is seen */
	tree = mount_bind_attr(s, d, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV);
	if (tree < 0)
		return 11;
	close(tree);
	if (statvfs(dst, &sv) < 0 || !(sv.f_flag & ST_RDONLY) || !(sv.f_flag & ST_NODEV))
		return 12;
	/* a copy taken now does not see what is mounted on the source later */
	tree = mount_clone(s);
	if (tree == -ENOSYS)
		return 78;      /* half the test not run: a skip, not a pass */
	if (tree < 0)
		return 13;
	if (mount("tmpfs", src, "tmpfs", 0, NULL) < 0)
		return 14;
	if (mount_place(tree, c, MOUNT_ATTR_NODEV) < 0)
		return 15;
	snprintf(copy, sizeof(copy), "%s/copy/in-src", dir);
	if (access(copy, F_OK) < 0)
		return 16;
	snprintf(src, sizeof(src), "%s/src/in-src", dir);
	if (access(src, F_OK) == 0)
		return 17;   /* the tmpfs hides it at the source */
	return 0;
}

START_TEST(bind_flags_and_copy)
{
	char *dir = unit_tmpdir();
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		unit_rmtree(dir);
		unit_skip("not root");
	}
	unit_write(dir, "src/in-src", "s");
	unit_write(dir, "dst/.keep", "");
	unit_write(dir, "copy/.keep", "");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(bind_checks(dir));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	unit_rmtree(dir);
	if (WEXITSTATUS(status) == 77)
		unit_skip("no mount namespace here");
	if (WEXITSTATUS(status) == 78)
		unit_skip("no open_tree(OPEN_TREE_CLONE) here (Linux 5.2)");
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *mount_suite(void)
{
	Suite *s = suite_create("mount");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, open_target_creates_inside);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, bind_flags_and_copy);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mount_suite)
