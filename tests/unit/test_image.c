#include "compat.h"
#include "image.h"
#include "unit.h"

static int make_file(const char *dir, const char *name, size_t size)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t) size), 0);
	return fd;
}

START_TEST(no_filesystem)
{
	char *dir = unit_tmpdir();
	char type[32] = "unset";
	int fd = make_file(dir, "zeros", 4 << 20);

	ck_assert_int_eq(image_probe(fd, type, sizeof(type)), IMAGE_NONE);
	ck_assert_str_eq(type, "unset");
	close(fd);
	/* too short to hold any superblock */
	fd = make_file(dir, "empty", 0);
	ck_assert_int_eq(image_probe(fd, type, sizeof(type)), IMAGE_NONE);
	close(fd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(garbage)
{
	char *dir = unit_tmpdir();
	char type[32];
	char buf[4096];
	int fd = make_file(dir, "junk", 0);

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char) (i * 7919 % 251);
	for (int i = 0; i < 256; i++)
		ck_assert_int_eq(write(fd, buf, sizeof(buf)), (ssize_t) sizeof(buf));
	ck_assert_int_eq(image_probe(fd, type, sizeof(type)), IMAGE_NONE);
	close(fd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(ext4)
{
	char *dir = unit_tmpdir();
	char cmd[512], path[256], type[32];
	int fd;

	snprintf(path, sizeof(path), "%s/ext4.img", dir);
	snprintf(cmd, sizeof(cmd), "mkfs.ext4 -q -F '%s' 4M >/dev/null 2>&1", path);
	if (system(cmd) != 0) {
		unit_rmtree(dir);
		unit_skip("no mkfs.ext4 (e2fsprogs): nothing to probe");
	}
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(image_probe(fd, type, sizeof(type)), IMAGE_FOUND);
	ck_assert_str_eq(type, "ext4");
	/* a type that does not fit is cut, not overrun */
	ck_assert_int_eq(image_probe(fd, type, 3), IMAGE_FOUND);
	ck_assert_str_eq(type, "ex");
	close(fd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(bad_fd)
{
	char type[32];

	ck_assert_int_lt(image_probe(-1, type, sizeof(type)), 0);
}
END_TEST

static Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, no_filesystem);
	tcase_add_test(tc, garbage);
	tcase_add_test(tc, ext4);
	tcase_add_test(tc, bad_fd);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(image_suite)
