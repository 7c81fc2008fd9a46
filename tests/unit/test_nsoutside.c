#include "compat.h"
#include "nsoutside.h"
#include "unit.h"

#include <sys/mount.h>
#include <sys/wait.h>

static int mounts_on(const char *path)
{
	char line[4096], needle[256];
	int n = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	snprintf(needle, sizeof(needle), " %s ", path);
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	if (f)
		fclose(f);
	return n;
}

/* the helper binds every namespace asked for, for a target that is us */
START_TEST(persist_all)
{
	struct nsoutside_plan plan = { .persist = { NULL } };
	struct nsoutside_result res;
	struct nsoutside out;
	char *dir, uts[128], net[128];

	if (geteuid() != 0)
		unit_skip("mount(2) needs root");
	dir = unit_tmpdir();
	snprintf(uts, sizeof(uts), "%s/xns-uts", dir);
	snprintf(net, sizeof(net), "%s/xns-net", dir);
	plan.persist[ns_type_by_name("uts") - ns_types] = uts;
	plan.persist[ns_type_by_name("net") - ns_types] = net;
	ck_assert_int_eq(nsoutside_start(&out, &plan, getpid()), 0);
	ck_assert_int_eq(nsoutside_persist(&out, &res), 0);
	nsoutside_stop(&out);
	ck_assert_int_eq(mounts_on(uts), 1);
	ck_assert_int_eq(mounts_on(net), 1);
	ck_assert_int_eq(umount2(uts, 0), 0);
	ck_assert_int_eq(umount2(net, 0), 0);
	unit_rmtree(dir);
}
END_TEST

/* one target refused: the binds made before it are undone, files removed */
START_TEST(persist_none_on_failure)
{
	struct nsoutside_plan plan = { .persist = { NULL } };
	struct nsoutside_result res;
	struct nsoutside out;
	char *dir, uts[128], bad[128];
	int net = ns_type_by_name("net") - ns_types;

	if (geteuid() != 0)
		unit_skip("mount(2) needs root");
	dir = unit_tmpdir();
	snprintf(uts, sizeof(uts), "%s/xns-uts", dir);
	snprintf(bad, sizeof(bad), "%s/missing/xns-net", dir);
	/* the table's order: uts is bound before net fails */
	ck_assert_int_lt(ns_type_by_name("uts") - ns_types, net);
	plan.persist[ns_type_by_name("uts") - ns_types] = uts;
	plan.persist[net] = bad;
	ck_assert_int_eq(nsoutside_start(&out, &plan, getpid()), 0);
	ck_assert_int_eq(nsoutside_persist(&out, &res), -1);
	nsoutside_stop(&out);
	ck_assert_int_eq(res.step, NSOUTSIDE_PERSIST);
	ck_assert_int_eq(res.index, net);
	ck_assert_int_eq(res.persist, NS_PERSIST_CREATE);
	ck_assert_int_eq(res.err, ENOENT);
	ck_assert_int_eq(mounts_on(uts), 0);
	ck_assert_int_eq(access(uts, F_OK), -1);
	unit_rmtree(dir);
}
END_TEST

/* a helper that is gone: said as such, not taken for success */
START_TEST(helper_gone)
{
	struct nsoutside_plan plan = { .persist = { NULL } };
	struct nsoutside_result res;
	struct nsoutside out;

	ck_assert_int_eq(nsoutside_start(&out, &plan, getpid()), 0);
	kill(out.pid, SIGKILL);
	ck_assert_int_eq(waitpid(out.pid, NULL, 0), out.pid);
	ck_assert_int_eq(nsoutside_maps(&out, &res), -1);
	ck_assert_int_eq(res.step, NSOUTSIDE_LOST);
	nsoutside_stop(&out);
}
END_TEST

static Suite *nsoutside_suite(void)
{
	Suite *s = suite_create("nsoutside");
	TCase *tc = tcase_create("nsoutside");

	tcase_add_test(tc, persist_all);
	tcase_add_test(tc, persist_none_on_failure);
	tcase_add_test(tc, helper_gone);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(nsoutside_suite)
