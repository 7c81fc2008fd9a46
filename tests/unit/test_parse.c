#include "compat.h"
#include "parse.h"
#include "unit.h"

#include <signal.h>

START_TEST(u64)
{
	uint64_t v;

	ck_assert_int_eq(parse_u64("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_u64("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse_u64("18446744073709551616", &v), -ERANGE);
	ck_assert_int_eq(parse_u64("99999999999999999999999", &v), -ERANGE);
	ck_assert_int_eq(parse_u64("", &v), -EINVAL);
	ck_assert_int_eq(parse_u64(NULL, &v), -EINVAL);
	ck_assert_int_eq(parse_u64("-1", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("+1", &v), -EINVAL);
	ck_assert_int_eq(parse_u64(" 1", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("1 ", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("12abc", &v), -EINVAL);
	ck_assert_int_eq(parse_u64("0x10", &v), -EINVAL);
}
END_TEST

START_TEST(pid)
{
	pid_t p = 7;

	ck_assert_int_eq(parse_pid("1", &p), 0);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(parse_pid("4194304", &p), 0);
	ck_assert_int_eq(parse_pid("4194305", &p), -ERANGE);
	ck_assert_int_eq(parse_pid("0", &p), -EINVAL);
	ck_assert_int_eq(parse_pid("-1", &p), -EINVAL);
	ck_assert_int_eq(parse_pid("abc", &p), -EINVAL);
	ck_assert_int_eq(parse_pid("99999999999999999999", &p), -ERANGE);
	ck_assert_int_eq(p, 4194304);
}
END_TEST

START_TEST(ids)
{
	uid_t u;
	gid_t g;

	ck_assert_int_eq(parse_uid("root", &u), 0);
	ck_assert_uint_eq(u, 0);
	ck_assert_int_eq(parse_uid("1000", &u), 0);
	ck_assert_uint_eq(u, 1000);
	ck_assert_int_eq(parse_uid("4294967295", &u), -ERANGE);
	ck_assert_int_eq(parse_uid("4294967296", &u), -ERANGE);
	ck_assert_int_eq(parse_uid("xns-no-such-user", &u), -ENOENT);
	ck_assert_int_eq(parse_uid("", &u), -EINVAL);
	ck_assert_int_eq(parse_gid("root", &g), 0);
	ck_assert_uint_eq(g, 0);
	ck_assert_int_eq(parse_gid("xns-no-such-group", &g), -ENOENT);
}
END_TEST

START_TEST(size)
{
	uint64_t v;

	ck_assert_int_eq(parse_size("100", &v), 0);
	ck_assert_uint_eq(v, 100);
	ck_assert_int_eq(parse_size("100M", &v), 0);
	ck_assert_uint_eq(v, 100ULL << 20);
	ck_assert_int_eq(parse_size("100m", &v), 0);
	ck_assert_uint_eq(v, 100ULL << 20);
	ck_assert_int_eq(parse_size("4KiB", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(parse_size("10MB", &v), 0);
	ck_assert_uint_eq(v, 10ULL << 20);
	ck_assert_int_eq(parse_size("1.5G", &v), 0);
	ck_assert_uint_eq(v, 3ULL << 29);
	ck_assert_int_eq(parse_size("2T", &v), 0);
	ck_assert_uint_eq(v, 2ULL << 40);
	ck_assert_int_eq(parse_size("15E", &v), 0);
	ck_assert_int_eq(parse_size("16E", &v), -ERANGE);
	ck_assert_int_eq(parse_size("99999999999999999999G", &v), -ERANGE);
	ck_assert_int_eq(parse_size("100Q", &v), -EINVAL);
	ck_assert_int_eq(parse_size("-1", &v), -EINVAL);
	ck_assert_int_eq(parse_size("1.5", &v), -EINVAL);
	ck_assert_int_eq(parse_size("1.", &v), -EINVAL);
	ck_assert_int_eq(parse_size("M", &v), -EINVAL);
	ck_assert_int_eq(parse_size("10Mx", &v), -EINVAL);
	ck_assert_int_eq(parse_size("", &v), -EINVAL);
}
END_TEST

START_TEST(duration)
{
	uint64_t ns;

	ck_assert_int_eq(parse_duration("10", &ns), 0);
	ck_assert_uint_eq(ns, 10000000000ULL);
	ck_assert_int_eq(parse_duration("1.5s", &ns), 0);
	ck_assert_uint_eq(ns, 1500000000ULL);
	ck_assert_int_eq(parse_duration("250ms", &ns), 0);
	ck_assert_uint_eq(ns, 250000000ULL);
	ck_assert_int_eq(parse_duration("2m", &ns), 0);
	ck_assert_uint_eq(ns, 120000000000ULL);
	ck_assert_int_eq(parse_duration("1h", &ns), 0);
	ck_assert_int_eq(parse_duration("7ns", &ns), 0);
	ck_assert_uint_eq(ns, 7);
	ck_assert_int_eq(parse_duration("abc", &ns), -EINVAL);
	ck_assert_int_eq(parse_duration("10x", &ns), -EINVAL);
	ck_assert_int_eq(parse_duration("-1", &ns), -EINVAL);
	ck_assert_int_eq(parse_duration("99999999999999d", &ns), -ERANGE);
}
END_TEST

START_TEST(fraction)
{
	uint64_t ppm;

	ck_assert_int_eq(parse_fraction("0.2", &ppm), 0);
	ck_assert_uint_eq(ppm, 200000);
	ck_assert_int_eq(parse_fraction("2", &ppm), 0);
	ck_assert_uint_eq(ppm, 2000000);
	ck_assert_int_eq(parse_fraction(".5", &ppm), -EINVAL);
	ck_assert_int_eq(parse_fraction("1,5", &ppm), -EINVAL);
}
END_TEST

START_TEST(signals)
{
	char buf[16];
	int s;

	ck_assert_int_eq(parse_signal("9", &s), 0);
	ck_assert_int_eq(s, SIGKILL);
	ck_assert_int_eq(parse_signal("TERM", &s), 0);
	ck_assert_int_eq(s, SIGTERM);
	ck_assert_int_eq(parse_signal("sigusr1", &s), 0);
	ck_assert_int_eq(s, SIGUSR1);
	ck_assert_int_eq(parse_signal("RTMIN+2", &s), 0);
	ck_assert_int_eq(s, SIGRTMIN + 2);
	ck_assert_int_eq(parse_signal("SIGRTMAX-1", &s), 0);
	ck_assert_int_eq(s, SIGRTMAX - 1);
	ck_assert_int_eq(parse_signal("RTMIN-1", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("RTMIN+999", &s), -ERANGE);
	ck_assert_int_eq(parse_signal("0", &s), -ERANGE);
	ck_assert_int_eq(parse_signal("65", &s), -ERANGE);
	ck_assert_int_eq(parse_signal("BOGUS", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("", &s), -EINVAL);
	ck_assert_str_eq(signal_name(SIGKILL, buf, sizeof(buf)), "KILL");
	ck_assert_str_eq(signal_name(SIGCHLD, buf, sizeof(buf)), "CHLD");
	ck_assert_str_eq(signal_name(SIGRTMIN + 3, buf, sizeof(buf)), "RTMIN+3");
	ck_assert_ptr_null(signal_name(0, buf, sizeof(buf)));
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, u64);
	tcase_add_test(tc, pid);
	tcase_add_test(tc, ids);
	tcase_add_test(tc, size);
	tcase_add_test(tc, duration);
	tcase_add_test(tc, fraction);
	tcase_add_test(tc, signals);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(parse_suite)
