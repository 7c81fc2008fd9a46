#include "compat.h"
#include "kfile.h"
#include "unit.h"

START_TEST(writes_whole)
{
	char *dir = unit_tmpdir(), path[128], buf[64] = { 0 };
	int dfd;
	FILE *f;

	snprintf(path, sizeof(path), "%s/v", dir);
	unit_write(dir, "v", "old value that is longer\n");
	ck_assert_int_eq(kfile_write_str(AT_FDCWD, path, "42\n"), 0);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, sizeof(buf) - 1, f), 3);   /* truncated first */
	fclose(f);
	ck_assert_str_eq(buf, "42\n");

	/* relative to a folder fd, and with a length (NUL bytes and all) */
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(kfile_write(dfd, "v", "a\0b", 3), 0);
	close(dfd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(errors)
{
	ck_assert_int_eq(kfile_write_str(AT_FDCWD, "/nonexistent/xns/v", "1"), -ENOENT);
	ck_assert_int_eq(kfile_write_str(AT_FDCWD, "/proc", "1"), -EISDIR);
	/* the kernel refuses a value it does not take: the errno comes back */
	ck_assert_int_lt(kfile_write_str(AT_FDCWD, "/proc/self/setgroups", "bogus"), 0);
}
END_TEST

static Suite *kfile_suite(void)
{
	Suite *s = suite_create("kfile");
	TCase *tc = tcase_create("kfile");

	tcase_add_test(tc, writes_whole);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(kfile_suite)
