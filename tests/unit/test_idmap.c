#include "compat.h"
#include "idmap.h"
#include "unit.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

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
	/* an "auto" range: its inner IDs move for a single ID mapped later */
	ck_assert_uint_eq(r.flags, IDMAP_RANGE_AUTO);
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


/* --map-auto -r, as util-linux master maps it: no subordinate ID is lost */
START_TEST(auto_moves_up)
{
	struct idmap m = { .n = 0 };
	char buf[256];

	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 100000, 65536, IDMAP_RANGE_AUTO }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 0, 0), 0);
	ck_assert_int_ge(idmap_format(&m, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "1 100000 65536\n0 0 1\n");

	/* a range of one ID still maps that ID */
	m.n = 0;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 100000, 1, IDMAP_RANGE_AUTO }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 0, 1000), 0);
	ck_assert_int_ge(idmap_format(&m, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "1 100000 1\n0 1000 1\n");

	/* a single ID inside: the rest moves up past it, all 65536 kept */
	m.n = 0;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 100000, 65536, IDMAP_RANGE_AUTO }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 5, 1000), 0);
	ck_assert_int_ge(idmap_format(&m, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0 100000 5\n6 100005 65531\n5 1000 1\n");

	/* moved up onto a range given after it: refused, as the kernel would */
	m.n = 0;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 100000, 10, IDMAP_RANGE_AUTO }), 0);
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 10, 5000, 1, 0 }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 0, 1000), -EEXIST);

	/* the caller's own ID among the subordinate ones: cut out, never doubled */
	m.n = 0;
	ck_assert_int_eq(idmap_add(&m, &(struct idmap_range){ 0, 100000, 10, IDMAP_RANGE_AUTO }), 0);
	ck_assert_int_eq(idmap_add_single(&m, 0, 100000), 0);
	ck_assert_int_ge(idmap_format(&m, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2 100001 9\n0 100000 1\n");
}
END_TEST

START_TEST(read_self)
{
	struct idmap m;

	ck_assert_int_eq(idmap_read(0, IDMAP_UID, &m), 0);
	ck_assert_uint_ge(m.n, 1);
	ck_assert_int_eq(idmap_read(0, IDMAP_GID, &m), 0);
	ck_assert_uint_ge(m.n, 1);
	ck_assert_int_eq(idmap_read(getpid(), IDMAP_UID, &m), 0);
	ck_assert_int_lt(idmap_read(4194304, IDMAP_UID, &m), 0);
}
END_TEST

/* a child in a user namespace of its own, waiting on @go until we are done */
static pid_t child_in_userns(int go[2])
{
	int ready[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(ready), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(go[1]);
		c = unshare(CLONE_NEWUSER) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	if (c != 'y') {
		close(go[1]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static void setgroups_of(pid_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int) pid);
	f = fopen(path, "re");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, (int) len, f));
	fclose(f);
}

/* the one writer settles setgroups before a gid map, as the kernel requires */
START_TEST(write_gid_denies_setgroups)
{
	struct idmap m;
	char sg[16];
	int go[2];
	pid_t pid = child_in_userns(go);

	if (pid < 0)
		unit_skip("cannot make a user namespace here");
	idmap_single(&m, 0, getegid());
	/* unprivileged this works only with setgroups denied first; root keeps it */
	ck_assert_int_eq(idmap_write(pid, IDMAP_GID, &m), 0);
	setgroups_of(pid, sg, sizeof(sg));
	ck_assert_str_eq(sg, geteuid() == 0 ? "allow\n" : "deny\n");
	idmap_single(&m, 0, geteuid());
	ck_assert_int_eq(idmap_write(pid, IDMAP_UID, &m), 0);
	close(go[1]);
	waitpid(pid, NULL, 0);

	/* allow: refused without CAP_SETGID, and taken with it (root) */
	pid = child_in_userns(go);
	ck_assert_int_gt(pid, 0);
	idmap_single(&m, 0, getegid());
	if (geteuid() == 0) {
		ck_assert_int_eq(idmap_apply(pid, IDMAP_GID, &m, IDMAP_SETGROUPS_ALLOW, 0), 0);
		setgroups_of(pid, sg, sizeof(sg));
		ck_assert_str_eq(sg, "allow\n");
	} else {
		ck_assert_int_eq(idmap_apply(pid, IDMAP_GID, &m, IDMAP_SETGROUPS_ALLOW, 0), -EPERM);
	}
	close(go[1]);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(idmap_apply(1, IDMAP_GID, &(struct idmap){ .n = 0 },
				     IDMAP_SETGROUPS_AUTO, 0), -EINVAL);
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
	tcase_add_test(tc, auto_moves_up);
	tcase_add_test(tc, read_self);
	tcase_add_test(tc, write_gid_denies_setgroups);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(idmap_suite)
