#include "compat.h"
#include "caps.h"
#include "unit.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/wait.h>

START_TEST(parse_names)
{
	ck_assert_int_eq(caps_parse("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
	ck_assert_int_eq(caps_parse("sys_admin"), CAP_SYS_ADMIN);
	ck_assert_int_eq(caps_parse("Cap_Mknod"), CAP_MKNOD);
	ck_assert_int_eq(caps_parse("chown"), CAP_CHOWN);
	ck_assert_int_eq(caps_parse("CAP_CHECKPOINT_RESTORE"), 40);
	ck_assert_int_eq(caps_parse("21"), 21);
	ck_assert_int_eq(caps_parse("0"), 0);
	ck_assert_int_eq(caps_parse("63"), 63);
	ck_assert_int_eq(caps_parse("ALL"), 64);
	ck_assert_int_eq(caps_parse("all"), 64);
	ck_assert_str_eq(caps_name(CAP_DAC_READ_SEARCH), "CAP_DAC_READ_SEARCH");
	ck_assert_str_eq(caps_name(0), "CAP_CHOWN");
	/* every name reads back as its number */
	for (int cap = 0; caps_name(cap); cap++)
		ck_assert_int_eq(caps_parse(caps_name(cap)), cap);
}
END_TEST

START_TEST(parse_malformed)
{
	ck_assert_int_eq(caps_parse(NULL), -EINVAL);
	ck_assert_int_eq(caps_parse(""), -EINVAL);
	ck_assert_int_eq(caps_parse("CAP_"), -EINVAL);
	ck_assert_int_eq(caps_parse("CAP_NO_SUCH"), -EINVAL);
	ck_assert_int_eq(caps_parse("SYS_ADMIN "), -EINVAL);
	ck_assert_int_eq(caps_parse("64"), -EINVAL);
	ck_assert_int_eq(caps_parse("-1"), -EINVAL);
	ck_assert_int_eq(caps_parse("2x"), -EINVAL);
	ck_assert_int_eq(caps_parse("99999999999999999999"), -EINVAL);
	ck_assert_ptr_null(caps_name(-1));
	ck_assert_ptr_null(caps_name(64));
}
END_TEST

/* CapBnd and CapEff of /proc/self/status */
static void read_caps(uint64_t *bnd, uint64_t *eff)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	*bnd = *eff = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (sscanf(line, "CapBnd: %llx", &v) == 1)
			*bnd = v;
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			*eff = v;
	}
	if (f)
		fclose(f);
}

START_TEST(limit_drops_everywhere)
{
	uint64_t keep = CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_KILL) | CAPS_BIT(CAP_SETPCAP);
	int status;
	pid_t pid;

	if (geteuid() != 0)
		unit_skip("not root: nothing to drop that we hold");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		uint64_t bnd, eff;

		if (caps_limit(keep) < 0)
			_exit(1);
		read_caps(&bnd, &eff);
		if (bnd != keep || eff != keep)
			_exit(2);
		/* gone from the bounding set: not even root gets it back */
		if (prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0) != 0)
			_exit(3);
		/* a second, smaller limit still works (CAP_SETPCAP kept) */
		if (caps_limit(CAPS_BIT(CAP_CHOWN)) < 0)
			_exit(4);
		read_caps(&bnd, &eff);
		_exit(bnd == CAPS_BIT(CAP_CHOWN) ? 0 : 5);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(limit_without_setpcap)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* nothing kept, then asked to drop more: no CAP_SETPCAP left */
		if (caps_limit(0) < 0)
			_exit(geteuid() == 0 ? 1 : 0);
		_exit(caps_limit(0) == 0 ? 0 : 2);   /* dropping nothing more is fine */
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *caps_suite(void)
{
	Suite *s = suite_create("caps");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_names);
	tcase_add_test(tc, parse_malformed);
	tcase_add_test(tc, limit_drops_everywhere);
	tcase_add_test(tc, limit_without_setpcap);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(caps_suite)
