#include "compat.h"
#include "jsonout.h"
#include "unit.h"

/* what jsonout_str() writes for @s */
static char *out(const char *s)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	jsonout_str(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(plain)
{
	ck_assert_str_eq(out(""), "\"\"");
	ck_assert_str_eq(out("/xns-cg-42"), "\"/xns-cg-42\"");
	/* UTF-8 goes out as it is */
	ck_assert_str_eq(out("gr\xc3\xbcn"), "\"gr\xc3\xbcn\"");
}
END_TEST

START_TEST(escaped)
{
	ck_assert_str_eq(out("a\"b"), "\"a\\\"b\"");
	ck_assert_str_eq(out("a\\b"), "\"a\\\\b\"");
	ck_assert_str_eq(out("\n\t\x01\x1f"), "\"\\u000a\\u0009\\u0001\\u001f\"");
	/* DEL and '/' need no escape */
	ck_assert_str_eq(out("\x7f/"), "\"\x7f/\"");
}
END_TEST

static Suite *jsonout_suite(void)
{
	Suite *s = suite_create("jsonout");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, plain);
	tcase_add_test(tc, escaped);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(jsonout_suite)
