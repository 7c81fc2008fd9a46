#include "compat.h"
#include "filter.h"
#include "unit.h"

enum { C_NS, C_TYPE, C_NPROCS, C_USER, C_NSFS };

static int resolve(const char *name, size_t len, enum filter_type *type, void *data)
{
	static const char *names[] = { "NS", "TYPE", "NPROCS", "USER", "NSFS" };

	(void) data;
	for (int i = 0; i < (int) ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0) {
			*type = (i == C_NS || i == C_NPROCS) ? FILTER_NUMBER : FILTER_STRING;
			return i;
		}
	return -1;
}

/* one row: ns 4026531840, net, 12 processes, root, no NSFS */
static const char *row[] = { "4026531840", "net", "12", "root", NULL };

static const char *value(int id, void *data)
{
	const char **r = data;

	return r[id];
}

static int match(const char *expr)
{
	struct filter_error e;
	struct filter *f = NULL;
	int rc = filter_parse(expr, resolve, NULL, &f, &e);

	ck_assert_msg(rc == 0, "'%s' refused: %zu: %s", expr, e.pos, e.msg);
	rc = filter_eval(f, value, row);
	filter_free(f);
	return rc;
}

START_TEST(good)
{
	ck_assert_int_eq(match("TYPE == \"net\""), 1);
	ck_assert_int_eq(match("TYPE == 'mnt'"), 0);
	ck_assert_int_eq(match("TYPE != 'mnt'"), 1);
	ck_assert_int_eq(match("type eq 'net'"), 1);
	ck_assert_int_eq(match("NPROCS > 2"), 1);
	ck_assert_int_eq(match("NPROCS > 100"), 0);
	/* numbers compare as numbers, not as text: "12" < "9" as strings */
	ck_assert_int_eq(match("NPROCS > 9"), 1);
	ck_assert_int_eq(match("NPROCS >= 12 && NPROCS <= 12"), 1);
	ck_assert_int_eq(match("NPROCS lt 12"), 0);
	ck_assert_int_eq(match("NPROCS == 12.0"), 1);
	ck_assert_int_eq(match("NS == 4026531840"), 1);
	ck_assert_int_eq(match("TYPE =~ '^n.t$'"), 1);
	ck_assert_int_eq(match("TYPE !~ '^n'"), 0);
	/* repetition inside brackets, escaped, or one per atom is fine */
	ck_assert_int_eq(match("TYPE =~ '^[+*]*n[a-z]{1,2}t+$'"), 1);
	ck_assert_int_eq(match("TYPE =~ 'n(e)+t|x{2}'"), 1);
	ck_assert_int_eq(match("USER =~ \"ro+t\" and not TYPE == 'pid'"), 1);
	ck_assert_int_eq(match("!(TYPE == 'net')"), 0);
	ck_assert_int_eq(match("TYPE == 'pid' || TYPE == 'net'"), 1);
	/* && binds tighter than || */
	ck_assert_int_eq(match("TYPE == 'net' || TYPE == 'pid' && NPROCS > 100"), 1);
	ck_assert_int_eq(match("(TYPE == 'net' || TYPE == 'pid') && NPROCS > 100"), 0);
	ck_assert_int_eq(match("NSFS"), 0);
	ck_assert_int_eq(match("USER"), 1);
	ck_assert_int_eq(match("!NSFS"), 1);
	ck_assert_int_eq(match("NSFS == ''"), 1);
	ck_assert_int_eq(match("NSFS > 3"), 0);         /* empty: no number */
	ck_assert_int_eq(match("true"), 1);
	ck_assert_int_eq(match("false || TRUE"), 1);
	ck_assert_int_eq(match("  ( ( NPROCS ) )  "), 1);
	ck_assert_int_eq(match("TYPE == \"n\\\"et\""), 0);
	ck_assert_int_eq(match("USER=='root'&&NPROCS>1"), 1);
}
END_TEST

START_TEST(columns)
{
	struct filter_error e;
	struct filter *f;
	int ids[8];

	ck_assert_int_eq(filter_parse("NPROCS > 1 && TYPE == 'net' || NPROCS < 0",
				      resolve, NULL, &f, &e), 0);
	ck_assert_uint_eq(filter_columns(f, ids, 8), 2);
	ck_assert_int_eq(ids[0], C_NPROCS);
	ck_assert_int_eq(ids[1], C_TYPE);
	filter_free(f);
	filter_free(NULL);
}
END_TEST

static void bad(const char *expr, int want_rc, size_t want_pos)
{
	struct filter_error e;
	struct filter *f = NULL;
	int rc = filter_parse(expr, resolve, NULL, &f, &e);

	ck_assert_msg(rc == want_rc, "'%s': rc %d, want %d", expr, rc, want_rc);
	ck_assert_ptr_null(f);
	ck_assert_msg(e.pos == want_pos, "'%s': at %zu (%s), want %zu",
		      expr, e.pos, e.msg, want_pos);
	ck_assert_msg(e.msg[0], "'%s': no message", expr);
}

START_TEST(malformed)
{
	bad("", -EINVAL, 1);
	bad("   ", -EINVAL, 4);
	bad("TYPE ==", -EINVAL, 8);
	bad("TYPE == )", -EINVAL, 9);
	bad("(TYPE == 'net'", -EINVAL, 1);
	bad("TYPE == 'net')", -EINVAL, 14);
	bad("TYPE == 'net", -EINVAL, 9);
	bad("BOGUS == 1", -ENOENT, 1);
	bad("NPROCS > 1 && bogus", -ENOENT, 15);
	bad("NPROCS > 1.", -EINVAL, 10);
	bad("NPROCS > 12abc", -EINVAL, 10);
	bad("TYPE = 'net'", -EINVAL, 6);
	bad("TYPE & 'net'", -EINVAL, 6);
	bad("TYPE | 'net'", -EINVAL, 6);
	bad("TYPE == 'a' 'b'", -EINVAL, 13);
	bad("NPROCS > 1 > 0", -EINVAL, 12);
	bad("TYPE =~ NS", -EINVAL, 6);
	bad("TYPE =~ '('", -EINVAL, 9);
	/* stacked repetition: undefined in POSIX, exponential in glibc */
	bad("TYPE !~ 'aC++++++++++++++++++++++++++++++++++++++++(ODrN['", -EINVAL, 9);
	bad("TYPE =~ 'a*{2}'", -EINVAL, 9);
	bad("TYPE =~ 'a?*'", -EINVAL, 9);
	bad("&& TYPE", -EINVAL, 1);
	bad("!", -EINVAL, 2);
	bad("()", -EINVAL, 2);
	bad("#", -EINVAL, 1);
	bad("TYPE == 'net' @", -EINVAL, 15);
}
END_TEST

START_TEST(deep)
{
	char *s = malloc(20001);
	struct filter_error e;
	struct filter *f = NULL;

	/* nesting is refused before it can exhaust the stack */
	memset(s, '(', 10000);
	memset(s + 10000, ')', 10000);
	s[20000] = '\0';
	ck_assert_int_eq(filter_parse(s, resolve, NULL, &f, &e), -EINVAL);
	memset(s, '!', 20000);
	ck_assert_int_eq(filter_parse(s, resolve, NULL, &f, &e), -EINVAL);
	ck_assert_int_eq(filter_parse(NULL, resolve, NULL, &f, &e), -EINVAL);
	/* a long flat chain is fine */
	s[0] = '\0';
	for (int i = 0; i < 500; i++)
		strcat(s, i ? " && NPROCS" : "NPROCS");
	ck_assert_int_eq(filter_parse(s, resolve, NULL, &f, &e), 0);
	ck_assert_int_eq(filter_eval(f, value, row), 1);
	filter_free(f);
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("filter");

	tcase_add_test(tc, good);
	tcase_add_test(tc, columns);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, deep);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)
