#include "compat.h"
#include "mountinfo.h"
#include "unit.h"

#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>

START_TEST(good_lines)
{
	char l1[] = "36 35 98:0 /mnt1 /mnt/a\\040b rw,noatime master:1 shared:7 - ext3 /dev/r\\134oot rw,errors=continue\n";
	char l2[] = "22 1 0:21 / /run rw,nosuid - tmpfs tmpfs rw\n";
	char l3[] = "40 22 0:4 net:[4026531840] /run/netns/x rw unbindable - nsfs nsfs rw";
	struct mountinfo_entry e;

	ck_assert_int_eq(mountinfo_parse_line(l1, &e), 0);
	ck_assert_int_eq(e.id, 36);
	ck_assert_int_eq(e.parent_id, 35);
	ck_assert_str_eq(e.root, "/mnt1");
	ck_assert_str_eq(e.target, "/mnt/a b");
	ck_assert_int_eq(e.shared, 7);
	ck_assert_int_eq(e.master, 1);
	ck_assert_str_eq(e.fstype, "ext3");
	ck_assert_str_eq(e.source, "/dev/r\\oot");
	ck_assert_str_eq(e.superopts, "rw,errors=continue");

	ck_assert_int_eq(mountinfo_parse_line(l2, &e), 0);
	ck_assert_int_eq(e.shared, 0);
	ck_assert_str_eq(e.target, "/run");
	ck_assert_int_eq(mountinfo_parse_line(l3, &e), 0);
	ck_assert(e.unbindable);
	ck_assert_str_eq(e.fstype, "nsfs");
	ck_assert_str_eq(e.superopts, "rw");

	/* a line cut after the source: no super options, still a mount */
	char l4[] = "41 22 0:5 / /x rw - tmpfs tmpfs";
	ck_assert_int_eq(mountinfo_parse_line(l4, &e), 0);
	ck_assert_str_eq(e.superopts, "");
}
END_TEST

START_TEST(walk_text)
{
	char text[] = "22 1 0:21 / /run rw - tmpfs tmpfs rw,size=10k\n"
		      "garbage line\n"
		      "\n"
		      "35 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		      "36 30 0:32 /sub /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw";
	struct mountinfo_entry e;
	char *pos = text;

	ck_assert_int_eq(mountinfo_next(&pos, &e), 1);
	ck_assert_str_eq(e.target, "/run");
	ck_assert_str_eq(e.superopts, "rw,size=10k");
	/* the malformed and empty lines are skipped */
	ck_assert_int_eq(mountinfo_next(&pos, &e), 1);
	ck_assert_str_eq(e.superopts, "rw,memory");
	ck_assert_int_eq(mountinfo_next(&pos, &e), 1);
	ck_assert_str_eq(e.root, "/sub");
	ck_assert_str_eq(e.fstype, "cgroup2");
	ck_assert_int_eq(mountinfo_next(&pos, &e), 0);
	ck_assert_int_eq(mountinfo_next(&pos, &e), 0);

	char empty[] = "", *p2 = empty;
	ck_assert_int_eq(mountinfo_next(&p2, &e), 0);
}
END_TEST

START_TEST(bad_lines)
{
	const char *bad[] = {
		"", "\n", "36", "36 35 98:0 /mnt1 /mnt2 rw",
		"x 35 98:0 / / rw - ext4 /dev/sda rw",
		"36 35 980 / / rw - ext4 /dev/sda rw",
		"36 35 98:0 / / rw shared:x - ext4 /dev/sda rw",
		"36 35 98:0 / / rw shared:1",
		"36 35 98:0 / / rw - ext4",
		"-1 35 98:0 / / rw - ext4 a b",
		"99999999999 35 98:0 / / rw - ext4 a b",
	};
	struct mountinfo_entry e;
	char buf[256];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		ck_assert_msg(mountinfo_parse_line(buf, &e) == -EINVAL, "accepted: %s", bad[i]);
	}
}
END_TEST

START_TEST(path_in)
{
	char l1[] = "36 30 0:32 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw";
	char l2[] = "37 30 0:32 /sub /mnt/sub rw - cgroup2 cgroup2 rw";
	struct mountinfo_entry whole, sub;
	char *d;

	ck_assert_int_eq(mountinfo_parse_line(l1, &whole), 0);
	ck_assert_int_eq(mountinfo_parse_line(l2, &sub), 0);
	ck_assert_int_eq(mountinfo_path_in(&whole, "/a/vrf", &d), 0);
	ck_assert_str_eq(d, "/sys/fs/cgroup/unified/a/vrf");
	free(d);
	/* the root itself, without a trailing slash */
	ck_assert_int_eq(mountinfo_path_in(&whole, "/", &d), 0);
	ck_assert_str_eq(d, "/sys/fs/cgroup/unified");
	free(d);
	ck_assert_int_eq(mountinfo_path_in(&sub, "/sub/x", &d), 0);
	ck_assert_str_eq(d, "/mnt/sub/x");
	free(d);
	ck_assert_int_eq(mountinfo_path_in(&sub, "/sub", &d), 0);
	ck_assert_str_eq(d, "/mnt/sub");
	free(d);
	/* not below the root, a mere prefix of a name, or climbing out */
	ck_assert_int_eq(mountinfo_path_in(&sub, "/other", &d), -ENOENT);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(mountinfo_path_in(&sub, "/subway", &d), -ENOENT);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(mountinfo_path_in(&whole, "/../x", &d), -ENOENT);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(mountinfo_path_in(&whole, "/a/..", &d), -ENOENT);
	ck_assert_ptr_null(d);
}
END_TEST

START_TEST(shared_root)
{
	/* "/" exists on every machine: the answer is 0 or 1, never an error */
	int rc = mountinfo_is_shared(-1, "/");

	ck_assert(rc == 0 || rc == 1);
	ck_assert_int_eq(mountinfo_is_shared(-1, "/nonexistent/xns"), -ENOENT);
}
END_TEST

/*
 * A folder bound onto itself under a shared mount joins its parent's peer
 * group until it is made private and shared afresh: what a first add of
 * xnetns killed between the two steps leaves.  Seen through statmount(2)
 * on this kernel, through mountinfo on older ones.
 */
START_TEST(parents_group)
{
	char dir[] = "/tmp/xns-unit-mnt-XXXXXX", sub[64];

	if (geteuid() != 0)
		unit_skip("needs root for a mount namespace");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/d", dir);
	/* Check forks each test: the namespace dies with this child */
	if (unshare(CLONE_NEWNS) < 0 || mount("", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		rmdir(dir);
		unit_skip("cannot make a private mount namespace");
	}
	ck_assert_int_eq(mount("xns", dir, "tmpfs", 0, NULL), 0);
	ck_assert_int_eq(mount("", dir, NULL, MS_SHARED, NULL), 0);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(mountinfo_in_parents_group(dir), 0);   /* its parent is private */
	ck_assert_int_eq(mount(sub, sub, NULL, MS_BIND, NULL), 0);
	ck_assert_int_eq(mountinfo_in_parents_group(sub), 1);
	ck_assert_int_eq(mountinfo_is_shared(-1, sub), 1);
	ck_assert_int_eq(mount("", sub, NULL, MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(mountinfo_in_parents_group(sub), 0);
	ck_assert_int_eq(mountinfo_is_shared(-1, sub), 0);
	ck_assert_int_eq(mount("", sub, NULL, MS_SHARED, NULL), 0);
	ck_assert_int_eq(mountinfo_in_parents_group(sub), 0);
	ck_assert_int_eq(mountinfo_is_shared(-1, sub), 1);
	ck_assert_int_lt(mountinfo_in_parents_group("/xns-no-such-path"), 0);
	umount2(dir, MNT_DETACH);
	rmdir(dir);
}
END_TEST

static Suite *mountinfo_suite(void)
{
	Suite *s = suite_create("mountinfo");
	TCase *tc = tcase_create("mountinfo");

	tcase_add_test(tc, good_lines);
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, walk_text);
	tcase_add_test(tc, path_in);
	tcase_add_test(tc, shared_root);
	tcase_add_test(tc, parents_group);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mountinfo_suite)
