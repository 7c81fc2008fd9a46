#include "compat.h"
#include "userspec.h"
#include "unit.h"

START_TEST(split_forms)
{
	struct userspec s;

	ck_assert_int_eq(userspec_split("root", &s), 0);
	ck_assert_str_eq(s.user, "root");
	ck_assert_ptr_null(s.group);
	ck_assert(!s.login_group);
	userspec_free(&s);

	ck_assert_int_eq(userspec_split("1000:100", &s), 0);
	ck_assert_str_eq(s.user, "1000");
	ck_assert_str_eq(s.group, "100");
	userspec_free(&s);

	ck_assert_int_eq(userspec_split(":adm", &s), 0);
	ck_assert_ptr_null(s.user);
	ck_assert_str_eq(s.group, "adm");
	userspec_free(&s);

	ck_assert_int_eq(userspec_split("root:", &s), 0);
	ck_assert_str_eq(s.user, "root");
	ck_assert_ptr_null(s.group);
	ck_assert(s.login_group);
	userspec_free(&s);
}
END_TEST

START_TEST(split_malformed)
{
	struct userspec s = { NULL, NULL, false };

	ck_assert_int_eq(userspec_split("", &s), -EINVAL);
	ck_assert_int_eq(userspec_split(NULL, &s), -EINVAL);
	ck_assert_int_eq(userspec_split(":", &s), -EINVAL);
	ck_assert_int_eq(userspec_split("a:b:c", &s), -EINVAL);
	ck_assert_int_eq(userspec_split("::", &s), -EINVAL);
	ck_assert_ptr_null(s.user);
}
END_TEST

static enum userspec_result resolve(const char *spec, struct userspec_ids *ids)
{
	struct userspec s;
	enum userspec_result rc;

	ck_assert_int_eq(userspec_split(spec, &s), 0);
	rc = userspec_resolve(&s, ids);
	userspec_free(&s);
	return rc;
}

START_TEST(resolve_ids)
{
	struct userspec_ids ids;

	ck_assert_int_eq(resolve("root", &ids), USERSPEC_OK);
	ck_assert(ids.has_uid && ids.has_gid);
	ck_assert_uint_eq(ids.uid, 0);
	ck_assert_uint_eq(ids.gid, 0);     /* the login group */
	ck_assert_str_eq(ids.login, "root");
	userspec_ids_free(&ids);

	ck_assert_int_eq(resolve("0:12345", &ids), USERSPEC_OK);
	ck_assert_uint_eq(ids.gid, 12345);
	userspec_ids_free(&ids);

	ck_assert_int_eq(resolve(":0", &ids), USERSPEC_OK);
	ck_assert(!ids.has_uid && ids.has_gid);
	userspec_ids_free(&ids);

	/* a bare number with a group needs no passwd entry */
	ck_assert_int_eq(resolve("4000000:4000000", &ids), USERSPEC_OK);
	ck_assert_ptr_null(ids.login);
	userspec_ids_free(&ids);
}
END_TEST

START_TEST(resolve_bad)
{
	struct userspec_ids ids;

	ck_assert_int_eq(resolve("xns-no-such-user", &ids), USERSPEC_NO_USER);
	ck_assert_int_eq(resolve("root:xns-no-such-group", &ids), USERSPEC_NO_GROUP);
	ck_assert_int_eq(resolve("4294967295", &ids), USERSPEC_BAD_USER);
	ck_assert_int_eq(resolve("99999999999", &ids), USERSPEC_BAD_USER);
	ck_assert_int_eq(resolve("0:4294967295", &ids), USERSPEC_BAD_GROUP);
	/* chroot(1): "no group specified for unknown uid" */
	ck_assert_int_eq(resolve("4000000", &ids), USERSPEC_NO_LOGIN_GROUP);
	ck_assert_int_eq(resolve("4000000:", &ids), USERSPEC_NO_LOGIN_GROUP);
}
END_TEST

START_TEST(groups)
{
	gid_t *g = NULL;
	size_t n = 99;
	char *bad = NULL;

	ck_assert_int_eq(userspec_parse_groups("0,5,root", &g, &n, &bad), USERSPEC_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(g[0], 0);
	ck_assert_uint_eq(g[1], 5);
	ck_assert_uint_eq(g[2], 0);
	free(g);

	ck_assert_int_eq(userspec_parse_groups("", &g, &n, &bad), USERSPEC_OK);
	ck_assert_uint_eq(n, 0);
	free(g);

	ck_assert_int_eq(userspec_parse_groups("0,xns-no-such-group", &g, &n, &bad), USERSPEC_NO_GROUP);
	ck_assert_str_eq(bad, "xns-no-such-group");
	free(bad);
	ck_assert_int_eq(userspec_parse_groups("0,,1", &g, &n, &bad), USERSPEC_BAD_GROUP);
	ck_assert_str_eq(bad, "");
	free(bad);
	ck_assert_int_eq(userspec_parse_groups("0,", &g, &n, &bad), USERSPEC_BAD_GROUP);
	free(bad);
	ck_assert_int_eq(userspec_parse_groups(",0", &g, &n, NULL), USERSPEC_BAD_GROUP);
	ck_assert_int_eq(userspec_parse_groups("4294967295", &g, &n, NULL), USERSPEC_BAD_GROUP);
	ck_assert_int_eq(userspec_parse_groups(NULL, &g, &n, NULL), USERSPEC_BAD_GROUP);
}
END_TEST

START_TEST(login_groups)
{
	gid_t *g = NULL;
	size_t n = 0;
	bool has = false;

	ck_assert_int_eq(userspec_login_groups("root", 0, &g, &n), 0);
	ck_assert_uint_ge(n, 1);
	for (size_t i = 0; i < n; i++)
		has |= g[i] == 0;
	ck_assert(has);
	free(g);
}
END_TEST

/* a root's own files: names from them, no NSS, and what is not there */
static void open_db(const char *dir, struct userspec_db *db)
{
	int fd = open(dir, O_PATH | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(userspec_db_open(db, fd), 0);
	close(fd);
}

static enum userspec_result resolve_in(const struct userspec_db *db, const char *spec,
				       struct userspec_ids *ids)
{
	struct userspec s;
	enum userspec_result rc;

	ck_assert_int_eq(userspec_split(spec, &s), 0);
	rc = userspec_resolve_in(&s, db, ids);
	userspec_free(&s);
	return rc;
}

START_TEST(db_names)
{
	char *dir = unit_tmpdir();
	struct userspec_db db;
	struct userspec_ids ids;
	gid_t *g = NULL;
	size_t n = 0;

	unit_write(dir, "etc/passwd", "root:x:0:0:root:/:/bin/sh\n"
		   "xnsuser:x:4242:4243::/:/bin/sh\n"
		   "broken line without colons\n"
		   "other:x:5000:5000::/:/bin/sh\n");
	unit_write(dir, "etc/group", "root:x:0:\nxnsgroup:x:4243:\n"
		   "xnsextra:x:4244:other,xnsuser\nxnsmore:x:4245:xnsuser\n"
		   "dup:x:4243:xnsuser\n");
	open_db(dir, &db);
	ck_assert_int_eq(resolve_in(&db, "xnsuser", &ids), USERSPEC_OK);
	ck_assert_uint_eq(ids.uid, 4242);
	ck_assert_uint_eq(ids.gid, 4243);
	ck_assert_str_eq(ids.login, "xnsuser");
	userspec_ids_free(&ids);
	/* a line it cannot read is skipped, the next is still found */
	ck_assert_int_eq(resolve_in(&db, "other:xnsmore", &ids), USERSPEC_OK);
	ck_assert_uint_eq(ids.uid, 5000);
	ck_assert_uint_eq(ids.gid, 4245);
	userspec_ids_free(&ids);
	/* a number needs no entry; its login name is found by ID */
	ck_assert_int_eq(resolve_in(&db, "4242", &ids), USERSPEC_OK);
	ck_assert_str_eq(ids.login, "xnsuser");
	userspec_ids_free(&ids);
	/* names only the host knows are not found here */
	ck_assert_int_eq(resolve_in(&db, "xns-no-such-user", &ids), USERSPEC_NO_USER);
	ck_assert_int_eq(resolve_in(&db, "0:xns-no-such-group", &ids), USERSPEC_NO_GROUP);
	ck_assert_int_eq(resolve_in(&db, "4000000", &ids), USERSPEC_NO_LOGIN_GROUP);
	ck_assert_int_eq(resolve_in(&db, "4294967295", &ids), USERSPEC_BAD_USER);
	/* --groups and the login groups, each once, the login group first */
	ck_assert_int_eq(userspec_parse_groups_in("xnsextra,0,xnsgroup", &db, &g, &n, NULL),
			 USERSPEC_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(g[0], 4244);
	ck_assert_uint_eq(g[2], 4243);
	free(g);
	ck_assert_int_eq(userspec_login_groups_in("xnsuser", 4243, &db, &g, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(g[0], 4243);
	ck_assert_uint_eq(g[1], 4244);
	ck_assert_uint_eq(g[2], 4245);
	free(g);
	userspec_db_close(&db);
	unit_rmtree(dir);
}
END_TEST

START_TEST(db_missing_or_odd)
{
	char *dir = unit_tmpdir();
	char path[512];
	struct userspec_db db;
	struct userspec_ids ids;
	gid_t *g = NULL;
	size_t n = 0;
	char *bad = NULL;

	/* no etc at all: no names, but IDs still work */
	open_db(dir, &db);
	ck_assert_ptr_null(db.passwd);
	ck_assert_int_eq(resolve_in(&db, "root", &ids), USERSPEC_NO_USER);
	ck_assert_int_eq(resolve_in(&db, "0:0", &ids), USERSPEC_OK);
	userspec_ids_free(&ids);
	ck_assert_int_eq(userspec_login_groups_in("root", 7, &db, &g, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(g[0], 7);
	free(g);
	ck_assert_int_eq(userspec_parse_groups_in("0,root", &db, &g, &n, &bad), USERSPEC_NO_GROUP);
	ck_assert_str_eq(bad, "root");
	free(bad);
	userspec_db_close(&db);
	/* a FIFO as etc/passwd is not read (it would block us) */
	unit_write(dir, "etc/group", "");
	snprintf(path, sizeof(path), "%s/etc/passwd", dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	open_db(dir, &db);
	ck_assert_ptr_null(db.passwd);
	ck_assert_ptr_nonnull(db.group);
	ck_assert_int_eq(resolve_in(&db, "root", &ids), USERSPEC_NO_USER);
	userspec_db_close(&db);
	userspec_db_close(&db);   /* twice is harmless */
	unit_rmtree(dir);
}
END_TEST

static Suite *userspec_suite(void)
{
	Suite *s = suite_create("userspec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, split_forms);
	tcase_add_test(tc, split_malformed);
	tcase_add_test(tc, resolve_ids);
	tcase_add_test(tc, resolve_bad);
	tcase_add_test(tc, groups);
	tcase_add_test(tc, login_groups);
	tcase_add_test(tc, db_names);
	tcase_add_test(tc, db_missing_or_odd);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(userspec_suite)
