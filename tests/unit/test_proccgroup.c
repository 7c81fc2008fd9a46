#include "compat.h"
#include "proccgroup.h"
#include "unit.h"

/* a hybrid host's /proc/PID/cgroup */
static const char hybrid[] =
	"12:name=systemd:/user.slice/s\n"
	"11:cpu,cpuacct:/a\n"
	"4:memory:/m:x\n"
	"0::/u/v\n";

START_TEST(lines)
{
	char l1[] = "4:memory:/a/b\n", l2[] = "0::/", l3[] = "9:name=systemd:/x:y";
	struct proccgroup_entry e;

	ck_assert_int_eq(proccgroup_parse_line(l1, &e), 0);
	ck_assert_int_eq(e.id, 4);
	ck_assert_str_eq(e.controllers, "memory");
	ck_assert_str_eq(e.path, "/a/b");
	ck_assert_int_eq(proccgroup_parse_line(l2, &e), 0);
	ck_assert_int_eq(e.id, 0);
	ck_assert_str_eq(e.controllers, "");
	ck_assert_str_eq(e.path, "/");
	/* a colon inside the path belongs to the path */
	ck_assert_int_eq(proccgroup_parse_line(l3, &e), 0);
	ck_assert_str_eq(e.controllers, "name=systemd");
	ck_assert_str_eq(e.path, "/x:y");
}
END_TEST

START_TEST(malformed)
{
	const char *bad[] = {
		"", "\n", ":", "::", "0::", "x::/", "4:memory", "4:memory:a",
		"-1:cpu:/", "+1:cpu:/", " 1:cpu:/", "99999999999:cpu:/",
		"2147483648:cpu:/", "0:cpu:/", "4::/", ":cpu:/", "0:/", "4:memory:",
	};
	struct proccgroup_entry e;
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		ck_assert_msg(proccgroup_parse_line(buf, &e) == -EINVAL, "accepted: %s", bad[i]);
	}
}
END_TEST

START_TEST(walk)
{
	char text[] = "\n3:pids:/p\nbogus line\n0::/u\n\n";
	struct proccgroup_entry e;
	char *pos = text;

	ck_assert_int_eq(proccgroup_next(&pos, &e), 1);
	ck_assert_str_eq(e.controllers, "pids");
	ck_assert_str_eq(e.path, "/p");
	/* a malformed line is said, and the walk can go on past it */
	ck_assert_int_eq(proccgroup_next(&pos, &e), -EINVAL);
	ck_assert_int_eq(proccgroup_next(&pos, &e), 1);
	ck_assert_int_eq(e.id, 0);
	ck_assert_str_eq(e.path, "/u");
	ck_assert_int_eq(proccgroup_next(&pos, &e), 0);
	ck_assert_int_eq(proccgroup_next(&pos, &e), 0);
}
END_TEST

START_TEST(paths)
{
	const char *p;
	size_t n;

	ck_assert_int_eq(proccgroup_path(hybrid, NULL, &p, &n), 0);
	ck_assert_int_eq((int) n, 4);
	ck_assert_int_eq(strncmp(p, "/u/v", n), 0);
	ck_assert_int_eq(proccgroup_path(hybrid, "cpuacct", &p, &n), 0);
	ck_assert_int_eq(strncmp(p, "/a\n", n + 1), 0);
	ck_assert_int_eq(proccgroup_path(hybrid, "memory", &p, &n), 0);
	ck_assert_int_eq(strncmp(p, "/m:x", n), 0);
	ck_assert_int_eq(proccgroup_path(hybrid, "name=systemd", &p, &n), 0);
	/* whole words only, and nothing for what is not there */
	ck_assert_int_eq(proccgroup_path(hybrid, "cpuac", &p, &n), -ENOENT);
	ck_assert_int_eq(proccgroup_path(hybrid, "pids", &p, &n), -ENOENT);
	ck_assert_int_eq(proccgroup_path(hybrid, "", &p, &n), -ENOENT);
	ck_assert_int_eq(proccgroup_path("4:memory:/m\n", NULL, &p, &n), -ENOENT);
	/* the text is left as it was */
	ck_assert_int_eq(proccgroup_main_path(hybrid, &p, &n), 0);
	ck_assert_int_eq(strncmp(p, "/u/v", n), 0);
	ck_assert_str_eq(hybrid + strlen(hybrid) - 8, "0::/u/v\n");
	/* v1 only: the first hierarchy; malformed lines are skipped */
	ck_assert_int_eq(proccgroup_main_path("junk\n5:pids:/q\n3:cpu:/r", &p, &n), 0);
	ck_assert_int_eq(strncmp(p, "/q", n), 0);
	ck_assert_int_eq((int) n, 2);
	ck_assert_int_eq(proccgroup_main_path("junk\n0::\n", &p, &n), -ENOENT);
	ck_assert_int_eq(proccgroup_main_path("", &p, &n), -ENOENT);
	/* what xlsns's CGROUP column once refused on its own: still no path */
	const char *bad[] = { "\n", "garbage", "0:/x", "0::", "0::relative\n", "::\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(proccgroup_main_path(bad[i], &p, &n) == -ENOENT, "took '%s'", bad[i]);
	/* a last line without its newline */
	ck_assert_int_eq(proccgroup_path("0::/z", NULL, &p, &n), 0);
	ck_assert_int_eq((int) n, 2);
}
END_TEST

START_TEST(list_has)
{
	ck_assert(proccgroup_list_has("rw,cpu,cpuacct", "cpu", 3));
	ck_assert(proccgroup_list_has("rw,cpu,cpuacct", "cpuacct", 7));
	ck_assert(!proccgroup_list_has("rw,cpuacct", "cpu", 3));
	ck_assert(!proccgroup_list_has("rw,cpu", "cpuacct", 7));
	ck_assert(proccgroup_list_has("rw,xattr,name=systemd", "name=systemd", 12));
	ck_assert(!proccgroup_list_has("", "cpu", 3));
	ck_assert(!proccgroup_list_has("a,,b", "", 0));
	/* @word need not end where @len does */
	ck_assert(proccgroup_list_has("rw,memory", "memory,pids", 6));
}
END_TEST

START_TEST(read_fixture)
{
	char *dir = unit_tmpdir(), *text = NULL;
	int fd;

	unit_write_lit(dir, "42/cgroup", "0::/fixture\n");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(proccgroup_read(fd, 42, &text), 12);
	ck_assert_str_eq(text, "0::/fixture\n");
	free(text);
	ck_assert_int_eq(proccgroup_read(fd, 43, &text), -ESRCH);
	close(fd);
	unit_rmtree(dir);
	/* our own, from the real /proc */
	ck_assert_int_gt(proccgroup_read(-1, 0, &text), 0);
	ck_assert_ptr_nonnull(strstr(text, ":/"));
	free(text);
}
END_TEST

static Suite *proccgroup_suite(void)
{
	Suite *s = suite_create("proccgroup");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, lines);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, walk);
	tcase_add_test(tc, paths);
	tcase_add_test(tc, list_has);
	tcase_add_test(tc, read_fixture);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(proccgroup_suite)
