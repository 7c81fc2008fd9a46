#include "compat.h"
#include "binfmt.h"
#include "unit.h"

START_TEST(fixed_flag)
{
	ck_assert(binfmt_is_fixed(":xns:E::xns::/bin/true:F"));
	ck_assert(binfmt_is_fixed(":xns:M::\\x7fELF::/usr/bin/qemu:OCF"));
	ck_assert(!binfmt_is_fixed(":xns:E::xns::/bin/true:"));
	ck_assert(!binfmt_is_fixed(":xns:E::xns::/bin/true:OC"));
	ck_assert(!binfmt_is_fixed("no colon at all F"));
}
END_TEST

START_TEST(register_errors)
{
	char *dir = unit_tmpdir(), mnt[128];

	/* a folder that is not a binfmt_misc: its register cannot be written */
	ck_assert_int_eq(binfmt_register("/nonexistent/xns", ":a:E::a::/bin/true:"), -ENOENT);
	snprintf(mnt, sizeof(mnt), "%s", dir);
	unit_write(dir, "register", "");
	ck_assert_int_eq(binfmt_register(mnt, ":a:E::a::/bin/true:"), 0);
	ck_assert_int_lt(binfmt_mount("/nonexistent/xns"), 0);
	unit_rmtree(dir);
}
END_TEST

static Suite *binfmt_suite(void)
{
	Suite *s = suite_create("binfmt");
	TCase *tc = tcase_create("binfmt");

	tcase_add_test(tc, fixed_flag);
	tcase_add_test(tc, register_errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(binfmt_suite)
