#include "compat.h"
#include "mount.h"
#include "rootfs.h"
#include "unit.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

START_TEST(is_root)
{
	ck_assert(rootfs_is_root("/"));
	ck_assert(rootfs_is_root("//"));
	ck_assert(rootfs_is_root("/./."));
	ck_assert(rootfs_is_root("."));
	ck_assert(rootfs_is_root("/.."));
	ck_assert(rootfs_is_root("/a/.."));
	ck_assert(rootfs_is_root("a/b/../../.."));
	ck_assert(!rootfs_is_root("/a"));
	ck_assert(!rootfs_is_root("a"));
	ck_assert(!rootfs_is_root("/../a"));
	ck_assert(!rootfs_is_root("/a/b/.."));
	ck_assert(!rootfs_is_root("..."));
}
END_TEST

START_TEST(order_kept)
{
	struct rootfs_plan p = { NULL, 0 };

	ck_assert_int_eq(rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, "/tmp"), 0);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", "/etc", "/tmp/etc"), 0);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_PROC, "--proc", NULL, "/proc"), 0);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_RO_BIND, "--ro-bind", "/usr", "usr"), 0);
	ck_assert_uint_eq(p.n, 4);
	ck_assert_int_eq(p.steps[0].op, ROOTFS_TMPFS);
	ck_assert_str_eq(p.steps[0].dst, "/tmp");
	ck_assert_int_eq(p.steps[1].op, ROOTFS_BIND);
	ck_assert_str_eq(p.steps[1].src, "/etc");
	ck_assert_str_eq(p.steps[1].dst, "/tmp/etc");
	ck_assert_int_eq(p.steps[2].op, ROOTFS_PROC);
	ck_assert_uint_eq(p.steps[2].flags, MS_NOSUID | MS_NODEV | MS_NOEXEC);
	ck_assert_int_eq(p.steps[3].op, ROOTFS_RO_BIND);
	ck_assert_str_eq(p.steps[3].opt, "--ro-bind");
	ck_assert_int_eq(p.steps[3].src_fd, -1);
	rootfs_free(&p);
	ck_assert_uint_eq(p.n, 0);
}
END_TEST

START_TEST(refused)
{
	struct rootfs_plan p = { NULL, 0 };

	ck_assert_int_eq(rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, ""), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, NULL), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, "/"), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", "/x", "/a/.."), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", "", "/a"), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", NULL, "/a"), -EINVAL);
	ck_assert_int_eq(rootfs_add(&p, (enum rootfs_op) 99, "--x", NULL, "/a"), -EINVAL);
	ck_assert_uint_eq(p.n, 0);
	rootfs_free(&p);
}
END_TEST

START_TEST(dev_expansion)
{
	struct rootfs_plan p = { NULL, 0 };
	const char *binds[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random",
				"/dev/urandom", "/dev/tty" };
	size_t i;

	ck_assert_int_eq(rootfs_add(&p, ROOTFS_PROC, "--proc", NULL, "/proc"), 0);
	ck_assert_int_eq(rootfs_add_dev(&p, "--dev"), 0);
	ck_assert_int_eq(p.steps[1].op, ROOTFS_TMPFS);
	ck_assert_str_eq(p.steps[1].dst, "/dev");
	ck_assert(!(p.steps[1].flags & MS_NODEV));
	for (i = 0; i < ARRAY_SIZE(binds); i++) {
		ck_assert_int_eq(p.steps[2 + i].op, ROOTFS_DEV_BIND);
		ck_assert_str_eq(p.steps[2 + i].src, binds[i]);
		ck_assert_str_eq(p.steps[2 + i].dst, binds[i]);
		ck_assert_str_eq(p.steps[2 + i].opt, "--dev");
	}
	i += 2;
	ck_assert_int_eq(p.steps[i].op, ROOTFS_DEVPTS);
	ck_assert_str_eq(p.steps[i].dst, "/dev/pts");
	ck_assert_int_eq(p.steps[i + 1].op, ROOTFS_TMPFS);
	ck_assert_str_eq(p.steps[i + 1].dst, "/dev/shm");
	ck_assert_str_eq(p.steps[i + 1].data, "mode=1777");
	ck_assert_int_eq(p.steps[i + 2].op, ROOTFS_SYMLINK);
	ck_assert_str_eq(p.steps[i + 2].dst, "/dev/ptmx");
	ck_assert_str_eq(p.steps[i + 2].src, "pts/ptmx");
	ck_assert_str_eq(p.steps[p.n - 1].dst, "/dev/stderr");
	ck_assert_str_eq(p.steps[p.n - 1].src, "/proc/self/fd/2");
	ck_assert_uint_eq(p.n, i + 7);
	rootfs_free(&p);
}
END_TEST

START_TEST(sources_opened_first)
{
	struct rootfs_plan p = { NULL, 0 };
	char *dir = unit_tmpdir();
	char path[256];
	size_t failed = 99;

	unit_write(dir, "f", "x");
	snprintf(path, sizeof(path), "%s/f", dir);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, "/t"), 0);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", dir, "/d"), 0);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_RO_BIND, "--ro-bind", path, "/f"), 0);
	ck_assert_int_eq(rootfs_open_sources(&p, &failed), 0);
	ck_assert_int_ge(p.steps[1].src_fd, 0);
	ck_assert(p.steps[1].src_dir);
	ck_assert(!p.steps[2].src_dir);
	ck_assert_int_eq(p.steps[0].src_fd, -1);
	ck_assert_int_eq(rootfs_add(&p, ROOTFS_BIND, "--bind", "/xns-no-such-path", "/g"), 0);
	ck_assert_int_eq(rootfs_open_sources(&p, &failed), -ENOENT);
	ck_assert_uint_eq(failed, 3);
	rootfs_free(&p);
	unit_rmtree(dir);
}
END_TEST

/* targets resolve inside the root: symlinks and ".." cannot lead out */
START_TEST(targets_stay_inside)
{
	char *dir = unit_tmpdir();
	char path[1024], outside[256];
	struct stat st;
	int root, fd;

	snprintf(path, sizeof(path), "%s/root", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	root = open(path, O_PATH | O_DIRECTORY);
	ck_assert_int_ge(root, 0);
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	/* an absolute link to the host folder and a relative one that climbs */
	ck_assert_int_eq(symlinkat(outside, root, "abs"), 0);
	ck_assert_int_eq(symlinkat("../../../../outside", root, "rel"), 0);

	ck_assert_int_eq(mount_open_target(root, "/abs/made", true, true), -ENOENT);
	snprintf(path, sizeof(path), "mkdir -p '%s/root%s'", dir, outside);
	ck_assert_int_eq(system(path), 0);
	fd = mount_open_target(root, "/abs/made", true, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* dangling inside (no /outside in the root): refused, not followed out */
	ck_assert_int_eq(mount_open_target(root, "rel/x/y", true, true), -ENOENT);
	ck_assert_int_eq(mkdirat(root, "outside", 0755), 0);
	fd = mount_open_target(root, "rel/x/y", true, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/x", outside);
	ck_assert_int_ne(stat(path, &st), 0);
	/* nothing appeared outside; both were made inside the root */
	snprintf(path, sizeof(path), "%s/made", outside);
	ck_assert_int_ne(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/root%s/made", dir, outside);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	snprintf(path, sizeof(path), "%s/root/outside/x/y", dir);
	ck_assert_int_eq(stat(path, &st), 0);

	/* a file target, and no creation when not asked */
	fd = mount_open_target(root, "/etc/hostname", false, true);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	close(fd);
	ck_assert_int_eq(mount_open_target(root, "/nope", true, false), -ENOENT);
	/* a file in the way of a folder */
	ck_assert_int_eq(mount_open_target(root, "/etc/hostname/x", true, true), -ENOTDIR);

	ck_assert_int_eq(mount_symlink(root, "/proc/self/fd", "/dev/fd"), 0);
	snprintf(path, sizeof(path), "%s/root/dev/fd", dir);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(mount_symlink(root, "x", "/dev/fd"), -EEXIST);
	ck_assert_int_eq(mount_symlink(root, "x", "nodir"), -EINVAL);
	close(root);
	unit_rmtree(dir);
}
END_TEST

static void same_file(int a, int b)
{
	struct stat sa, sb;

	ck_assert_int_eq(fstat(a, &sa), 0);
	ck_assert_int_eq(fstat(b, &sb), 0);
	ck_assert_uint_eq(sa.st_dev, sb.st_dev);
	ck_assert_uint_eq(sa.st_ino, sb.st_ino);
}

/* the fallback walk resolves as openat2(RESOLVE_IN_ROOT) does */
START_TEST(walk_like_openat2)
{
	static const char *const paths[] = {
		"a/b", "/a/b", "abs/b", "rel/b", "up/b", "a/../../..", ".", "/",
		"loop2", "a/b/", "a//b/./", "chain",
	};
	char *dir = unit_tmpdir();
	char path[512];
	int root;

	snprintf(path, sizeof(path), "mkdir -p '%s/root/a/b'", dir);
	ck_assert_int_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/root", dir);
	root = open(path, O_PATH | O_DIRECTORY);
	ck_assert_int_ge(root, 0);
	ck_assert_int_eq(symlinkat("/a", root, "abs"), 0);
	ck_assert_int_eq(symlinkat("../../a", root, "rel"), 0);
	ck_assert_int_eq(symlinkat("a/..", root, "up"), 0);
	ck_assert_int_eq(symlinkat("loop2", root, "loop1"), 0);
	ck_assert_int_eq(symlinkat("loop1", root, "loop2"), 0);
	ck_assert_int_eq(symlinkat("abs/b", root, "chain"), 0);
	ck_assert_int_eq(symlinkat("/proc/self/root", root, "magic"), 0);

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		int want = mount_open_target(root, paths[i], true, false);
		int got = mount_walk_in_root(root, paths[i]);

		if (want < 0) {
			ck_assert_msg(got == want, "%s: %d, want %d", paths[i], got, want);
			continue;
		}
		ck_assert_msg(got >= 0, "%s: %d", paths[i], got);
		same_file(want, got);
		close(want);
		close(got);
	}
	/* up/b: "a/.." is the root, so up/b is /b, which is not there */
	ck_assert_int_eq(mount_walk_in_root(root, "up/b"), -ENOENT);
	ck_assert_int_eq(mount_walk_in_root(root, "loop1"), -ELOOP);
	ck_assert_int_eq(mount_walk_in_root(root, "a/b/nope"), -ENOENT);
	/* a magic link is read as text, inside: /proc is not in this root */
	ck_assert_int_eq(mount_walk_in_root(root, "magic"), -ENOENT);
	close(root);
	unit_rmtree(dir);
}
END_TEST

/* in a child: its own mount namespace (and a user namespace without root) */
static bool own_mount_ns(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];
	int fd;

	if (uid == 0)
		return unshare(CLONE_NEWNS) == 0;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return false;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned) uid);
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0)
		return false;
	close(fd);
	fd = open("/proc/self/setgroups", O_WRONLY);
	if (fd < 0 || write(fd, "deny", 4) < 0)
		return false;
	close(fd);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned) gid);
	fd = open("/proc/self/gid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0)
		return false;
	close(fd);
	return true;
}

/* the child's checks: a number per step, so a failure says which */
static int apply_and_pivot(const char *dir)
{
	struct rootfs_plan p = { NULL, 0 };
	char path[512], src[512];
	struct statvfs sv;
	struct stat st;
	size_t failed;
	int fd, root;

	if (mount_make_rslave("/") < 0)
		return 10;
	snprintf(path, sizeof(path), "%s/root", dir);
	snprintf(src, sizeof(src), "%s/src", dir);
	if (rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, "/t") < 0 ||
	    rootfs_add(&p, ROOTFS_RO_BIND, "--ro-bind", src, "/t/ro") < 0 ||
	    rootfs_add(&p, ROOTFS_BIND, "--bind", src, "/rw") < 0 ||
	    rootfs_add(&p, ROOTFS_SYMLINK, "--x", "t/ro", "/link") < 0)
		return 11;
	if (rootfs_open_sources(&p, &failed) < 0)
		return 12;
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	root = mount_bind_keep(fd, fd, false);
	if (fd < 0 || root < 0)
		return 13;
	close(fd);
	if (rootfs_apply(&p, root, &failed) < 0)
		return 14;
	rootfs_free(&p);
	if (mount_set_readonly(root, false) < 0)
		return 15;
	if (mount_pivot(root) < 0)
		return 16;
	close(root);
	/* inside: the plan's effects, and nothing above "/" */
	if (access("/rw/in-src", F_OK) < 0 || access("/link/in-src", F_OK) < 0)
		return 17;
	if (statvfs("/t/ro", &sv) < 0 || !(sv.f_flag & ST_RDONLY))
		return 18;
	if (statvfs("/", &sv) < 0 || !(sv.f_flag & ST_RDONLY))
		return 19;
	if (statvfs("/t", &sv) < 0 || (sv.f_flag & ST_RDONLY))
		return 20;
	if (chdir("../../..") < 0 || stat(".", &st) < 0 || access("root-marker", F_OK) < 0)
		return 21;
	if (access("/outside-marker", F_OK) == 0)
		return 22;
	return 0;
}

START_TEST(apply_in_namespace)
{
	char *dir = unit_tmpdir();
	int status;
	pid_t pid;

	unit_write(dir, "root/root-marker", "r");
	unit_write(dir, "src/in-src", "s");
	unit_write(dir, "outside-marker", "o");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(own_mount_ns() ? apply_and_pivot(dir) : 77);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	unit_rmtree(dir);
	if (WEXITSTATUS(status) == 77)
		unit_skip("no mount namespace here");
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/*
 * Contained: a bind is nodev, a dev-bind is not, sysfs is read-only; and a
 * source copied before a mount is made over it does not show that mount.
 */
static int apply_contained(const char *dir)
{
	struct rootfs_plan p = { NULL, 0, true };
	char path[512], src[512];
	struct statvfs sv;
	size_t failed;
	int fd, root;

	if (mount_make_rslave("/") < 0)
		return 10;
	snprintf(path, sizeof(path), "%s/root", dir);
	snprintf(src, sizeof(src), "%s/src", dir);
	if (rootfs_add(&p, ROOTFS_BIND, "--bind", src, "/nodev") < 0 ||
	    rootfs_add(&p, ROOTFS_DEV_BIND, "--dev-bind", src, "/dev") < 0 ||
	    rootfs_add(&p, ROOTFS_SYS, "--sys", NULL, "/sys") < 0)
		return 11;
	if (rootfs_open_sources(&p, &failed) < 0 || rootfs_clone_sources(&p, &failed) < 0)
		return 12;
	/* mounted over the source after the copy: not in the binds (where the
	 * kernel, or valgrind, has no open_tree(2), there is no copy) */
	if (p.steps[0].src_tree && mount("tmpfs", src, "tmpfs", 0, NULL) < 0)
		return 13;
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	root = mount_bind_keep(fd, fd, false);
	if (fd < 0 || root < 0)
		return 14;
	close(fd);
	if (rootfs_apply(&p, root, &failed) < 0)
		return 15;
	rootfs_free(&p);
	if (fchdir(root) < 0)
		return 16;
	if (statvfs("nodev", &sv) < 0 || !(sv.f_flag & ST_NODEV))
		return 17;
	if (statvfs("dev", &sv) < 0 || (sv.f_flag & ST_NODEV))
		return 18;
	if (statvfs("sys", &sv) < 0 || !(sv.f_flag & ST_RDONLY))
		return 19;
	if (access("nodev/in-src", F_OK) < 0 || access("dev/in-src", F_OK) < 0)
		return 20;
	return 0;
}

START_TEST(apply_contained_plan)
{
	char *dir = unit_tmpdir();
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		unit_rmtree(dir);
		unit_skip("not root: a user namespace mounts no new sysfs");
	}
	unit_write(dir, "root/root-marker", "r");
	unit_write(dir, "src/in-src", "s");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(own_mount_ns() ? apply_contained(dir) : 77);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	unit_rmtree(dir);
	if (WEXITSTATUS(status) == 77)
		unit_skip("no mount namespace here");
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/*
 * the suite run again by mount_exec_self_readonly(): before main, report
 * whether our own file is now on a read-only mount (42, as meant).  Not an
 * open for writing: while we run that fails with ETXTBSY first.
 */
__attribute__((constructor)) static void exe_probe(void)
{
	struct statvfs sv;

	if (!getenv("XNS_UNIT_EXE_PROBE"))
		return;
	_exit(statvfs("/proc/self/exe", &sv) == 0 && (sv.f_flag & ST_RDONLY) ? 42 : 43);
}

START_TEST(exec_self_readonly)
{
	char *argv[] = { "test_rootfs", NULL }, *envp[] = { "XNS_UNIT_EXE_PROBE=1", NULL };
	int status;
	pid_t pid;

	if (geteuid() != 0)
		unit_skip("needs root: open_tree of our own file");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int rc = mount_exec_self_readonly(argv, envp);

		/* returns only when it could not, or when already read-only */
		_exit(rc == -ENOSYS || rc == -EPERM ? 77 : rc == 0 ? 44 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		unit_skip("no open_tree or mount_setattr here");
	if (WEXITSTATUS(status) == 44)
		unit_skip("this build's file is on a read-only mount already");
	ck_assert_int_eq(WEXITSTATUS(status), 42);
}
END_TEST

static Suite *rootfs_suite(void)
{
	Suite *s = suite_create("rootfs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, is_root);
	tcase_add_test(tc, order_kept);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, dev_expansion);
	tcase_add_test(tc, sources_opened_first);
	tcase_add_test(tc, targets_stay_inside);
	tcase_add_test(tc, walk_like_openat2);
	tcase_add_test(tc, apply_in_namespace);
	tcase_add_test(tc, apply_contained_plan);
	tcase_add_test(tc, exec_self_readonly);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(rootfs_suite)
