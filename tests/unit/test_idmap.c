#include "compat.h"
#include "idmap.h"
#include "unit.h"

START_TEST(ranges)
{
	struct idmap_range r;

	ck_assert_int_eq(idmap_parse_range("0:1000:1", &r), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 1000);
	ck_assert_uint_eq(r.count, 1);
	/* the older order: outer,inner,count */
	ck_assert_int_eq(idmap_parse_range("100000,0,65536", &r), 0);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, 100000);
	ck_assert_uint_eq(r.count, 65536);

	ck_assert_int_eq(idmap_parse_range("0:1000:0", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("0:1000", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("0:1000:1:2", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("0,1000:1", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("a:b:c", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("-1:0:1", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("", &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range(NULL, &r), -EINVAL);
	ck_assert_int_eq(idmap_parse_range("4294967295:0:2", &r), -ERANGE);
	ck_assert_int_eq(idmap_parse_range("0:4294967290:10", &r), -ERANGE);
	ck_assert_int_eq(idmap_parse_range("0:99999999999:1", &r), -ERANGE);
	ck_assert_int_eq(idmap_parse_range("1:2:3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", &r), -EINVAL);
}
END_TEST

START_TEST(add_overlap)
{
	struct idmap m = { .n = 0 };
	struct idmap_range a = { 0, 1000, 1 }, b = { 1, 100000, 65536 },
			   c = { 5, 2000, 1 }, d = { 70000, 100010, 1 };
	char buf[256];

	ck_assert_int_eq(idmap_add(&m, &a), 0);
	ck_assert_int_eq(idmap_add(&m, &b), 0);
	ck_assert_int_eq(idmap_add(&m, &c), -EEXIST);    /* inner 5 is taken */
	ck_assert_int_eq(idmap_add(&m, &d), -EEXIST);    /* outer 100010 is taken */
	ck_assert_int_eq(idmap_format(&m, buf, sizeof(buf)), 24);
	ck_assert_str_eq(buf, "0 1000 1\n1 100000 65536\n");
	ck_assert_int_eq(idmap_format(&m, buf, 5), -ENOSPC);
	ck_assert(idmap_contains_outer(&m, 1000));
	ck_assert(idmap_contains_outer(&m, 165535));
	ck_assert(!idmap_contains_outer(&m, 165536));

	m.n = IDMAP_MAX;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 4000000000u, 4000000000u, 1 }), -E2BIG);
}
END_TEST

START_TEST(subid)
{
	char *dir = unit_tmpdir(), path[128];
	struct idmap_range r;
	FILE *f;

	unit_write(dir, "subuid",
		   "# comment\n\nalice:100000:65536\n1001:200000:1000\n"
		   "alice:300000:10\nbroken:1\nbad:1:x\n");
	snprintf(path, sizeof(path), "%s/subuid", dir);

	ck_assert_int_eq(idmap_subid_lookup(path, "alice", 1000, &r), 0);
	ck_assert_uint_eq(r.outer, 100000);
	ck_assert_uint_eq(r.count, 65536);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_int_eq(idmap_subid_lookup(path, "bob", 1001, &r), 0);
	ck_assert_uint_eq(r.outer, 200000);
	ck_assert_int_eq(idmap_subid_lookup(path, "carol", 1002, &r), -ENOENT);
	ck_assert_int_eq(idmap_subid_lookup(path, "broken", 5, &r), -EINVAL);
	ck_assert_int_eq(idmap_subid_lookup(path, "bad", 5, &r), -EINVAL);
	ck_assert_int_eq(idmap_subid_lookup("/nonexistent/xns", "a", 1, &r), -ENOENT);

	f = fmemopen((void *) "x:4294967295:2\n", 15, "r");
	ck_assert_int_eq(idmap_subid_find(f, "x", 1, &r), -EINVAL);
	fclose(f);
	unit_rmtree(dir);
}
END_TEST

START_TEST(procmap)
{
	struct idmap m;

	ck_assert_int_eq(idmap_parse_procmap("         0          0 4294967295\n", &m), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_uint_eq(m.r[0].count, 4294967295u);
	ck_assert_int_eq(idmap_parse_procmap("0 1000 1\n1 100000 65536\n", &m), 0);
	ck_assert_uint_eq(m.n, 2);
	ck_assert_uint_eq(m.r[1].outer, 100000);
	ck_assert_int_eq(idmap_parse_procmap("", &m), 0);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_int_eq(idmap_parse_procmap("0 0\n", &m), -EINVAL);
	ck_assert_int_eq(idmap_parse_procmap("0 0 1 1\n", &m), -EINVAL);
	ck_assert_int_eq(idmap_parse_procmap("0 0 0\n", &m), -ERANGE);
	ck_assert_int_eq(idmap_parse_procmap("1 0 4294967296\n", &m), -ERANGE);
	ck_assert_int_eq(idmap_parse_procmap("x 0 1\n", &m), -EINVAL);
}
END_TEST

START_TEST(single_splits)
{
	struct idmap m = { .n = 0 };
	struct idmap_range sub = { 0, 100000, 65536 };
	struct idmap proc;

	/* --map-users=auto then --map-user=0: inner 0 moves to the caller */
	ck_assert_int_eq(idmap_add(&m, &sub), 0);
	ck_assert_int_eq(idmap_add_single(&m, 0, 1000), 0);
	ck_assert_uint_eq(m.n, 2);
	ck_assert_uint_eq(m.r[0].inner, 1);
	ck_assert_uint_eq(m.r[0].outer, 100001);
	ck_assert_uint_eq(m.r[0].count, 65535);
	ck_assert_uint_eq(m.r[1].inner, 0);
	ck_assert_uint_eq(m.r[1].outer, 1000);

	/* a single ID in the middle of both sides: three pieces, no overlap */
	m.n = 0;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 0, 100 }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 10, 50), 0);
	for (size_t i = 0; i + 1 < m.n; i++)
		for (size_t j = i + 1; j < m.n; j++) {
			ck_assert(m.r[i].inner + m.r[i].count <= m.r[j].inner ||
				  m.r[j].inner + m.r[j].count <= m.r[i].inner);
			ck_assert(m.r[i].outer + m.r[i].count <= m.r[j].outer ||
				  m.r[j].outer + m.r[j].count <= m.r[i].outer);
		}
	ck_assert(idmap_contains_outer(&m, 50));
	ck_assert(!idmap_contains_outer(&m, 10));

	/* --map-users=all: identity of the caller's own map */
	ck_assert_int_eq(idmap_parse_procmap("0 0 4294967295\n", &proc), 0);
	m.n = 0;
	ck_assert_int_eq(idmap_add_all(&m, &proc), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_uint_eq(m.r[0].count, 4294967295u);
}
END_TEST

static Suite *idmap_suite(void)
{
	Suite *s = suite_create("idmap");
	TCase *tc = tcase_create("idmap");

	tcase_add_test(tc, ranges);
	tcase_add_test(tc, add_overlap);
	tcase_add_test(tc, subid);
	tcase_add_test(tc, procmap);
	tcase_add_test(tc, single_splits);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(idmap_suite)
