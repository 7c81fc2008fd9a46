/*
 * test_ocistate.c - container IDs, and state.json written and read back
 */
#include "compat.h"
#include "ocistate.h"
#include "unit.h"

START_TEST(ids)
{
	char longid[OCISTATE_ID_MAX + 2];

	ck_assert_int_eq(ocistate_check_id("xns-a_b+c.1"), 0);
	ck_assert_int_eq(ocistate_check_id(""), -EINVAL);
	ck_assert_int_eq(ocistate_check_id("."), -EINVAL);
	ck_assert_int_eq(ocistate_check_id(".."), -EINVAL);
	ck_assert_int_eq(ocistate_check_id("../x"), -EINVAL);
	ck_assert_int_eq(ocistate_check_id("a/b"), -EINVAL);
	ck_assert_int_eq(ocistate_check_id("a b"), -EINVAL);
	ck_assert_int_eq(ocistate_check_id("a\nb"), -EINVAL);
	memset(longid, 'a', sizeof(longid));
	longid[OCISTATE_ID_MAX] = '\0';
	ck_assert_int_eq(ocistate_check_id(longid), 0);
	longid[OCISTATE_ID_MAX] = 'a';
	longid[OCISTATE_ID_MAX + 1] = '\0';
	ck_assert_int_eq(ocistate_check_id(longid), -ENAMETOOLONG);
}
END_TEST

START_TEST(roundtrip)
{
	struct oci_keyval ann[] = { { "org.k", "v\"q" } };
	struct oci_state st = { .id = "xns-1", .bundle = "/b", .rootfs = "/b/rootfs",
		.created = "2026-01-01T00:00:00.000000000Z", .owner = "root", .pid = 42,
		.starttime = 123456789012ull, .cgroup_path = "/xns-1", .cgroup_ctrls = 0x7f,
		.cgroup_created = true, .annotations = ann, .nannotations = 1 };
	struct oci_state *back = NULL;
	char *dir = unit_tmpdir(), err[256], *text;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);

	ck_assert_int_eq(ocistate_read(dfd, &back, err, sizeof(err)), -ENOENT);
	ck_assert_int_eq(ocistate_write(dfd, &st), 0);
	ck_assert_int_eq(faccessat(dfd, "state.json.new", F_OK, 0), -1);
	ck_assert_int_eq(ocistate_read(dfd, &back, err, sizeof(err)), 0);
	ck_assert_str_eq(back->id, "xns-1");
	ck_assert_int_eq(back->pid, 42);
	ck_assert_uint_eq(back->starttime, 123456789012ull);
	ck_assert_str_eq(back->cgroup_path, "/xns-1");
	ck_assert_uint_eq(back->cgroup_ctrls, 0x7f);
	ck_assert(back->cgroup_created);
	ck_assert_str_eq(back->annotations[0].value, "v\"q");
	ocistate_free(back);

	ck_assert_int_eq(ocistate_format(&st, "created", false, &text), 0);
	ck_assert_ptr_nonnull(strstr(text, "\"status\":\"created\""));
	ck_assert_ptr_nonnull(strstr(text, "\"ociVersion\":"));
	ck_assert_ptr_null(strstr(text, "starttime"));    /* ours, not the spec's */
	free(text);

	/* annotations past 64 KiB come back whole */
	{
		char *big = malloc(200001);

		memset(big, 'v', 200000);
		big[200000] = '\0';
		ann[0].value = big;
		ck_assert_int_eq(ocistate_write(dfd, &st), 0);
		ck_assert_int_eq(ocistate_read(dfd, &back, err, sizeof(err)), 0);
		ck_assert_uint_eq(strlen(back->annotations[0].value), 200000);
		ocistate_free(back);
		free(big);
	}
	unit_write(dir, "state.json", "{\"pid\":1}");
	ck_assert_int_eq(ocistate_read(dfd, &back, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "id: missing");
	unit_write(dir, "state.json", "garbage");
	ck_assert_int_eq(ocistate_read(dfd, &back, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "state.json: not a JSON object");
	close(dfd);
	unit_rmtree(dir);
}
END_TEST

static Suite *ocistate_suite(void)
{
	Suite *s = suite_create("ocistate");
	TCase *tc = tcase_create("ocistate");

	tcase_add_test(tc, ids);
	tcase_add_test(tc, roundtrip);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ocistate_suite)
