/*
 * test_cli - the one lib/ module that prints and exits.  What it prints is
 * part of every tool's contract ("xtool: what: why", the exit codes, the
 * write error on a full stdout), so each helper runs in a child of ours with
 * its stdout and stderr caught, and the test reads both and the status.
 * Plain exits are also Check exit tests (tcase_add_exit_test), which need
 * Check's fork mode: under CK_FORK=no (make check-valgrind) those skip.
 */
#include "compat.h"
#include "cli.h"
#include "ns.h"
#include "unit.h"

#include <limits.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* ---- a child with its output caught ------------------------------------ */

enum out_to { OUT_FILE, OUT_FULL, OUT_GONE };

struct caught {
	int status;
	char out[4096];
	char err[4096];
};

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/*
 * Run @fn(@arg) in a child named "xtool" whose stdout goes to a file, to
 * /dev/full, or to a pipe nobody reads; the child exits 0 when @fn returns,
 * through exit() so that atexit hooks run as in a tool.
 */
static void run_caught(void (*fn)(const void *), const void *arg,
		       enum out_to to, struct caught *c)
{
	FILE *out = tmpfile(), *err = tmpfile();
	int gone[2] = { -1, -1 };
	pid_t pid;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(err);
	if (to == OUT_GONE) {
		ck_assert_int_eq(pipe(gone), 0);
		close(gone[0]);
	}
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = to == OUT_FILE ? fileno(out) :
			 to == OUT_GONE ? gone[1] : open("/dev/full", O_WRONLY);

		signal(SIGPIPE, SIG_IGN);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
		    dup2(fileno(err), STDERR_FILENO) < 0)
			_exit(99);
		program_invocation_short_name = (char *) "xtool";
		fn(arg);
		exit(0);
	}
	if (to == OUT_GONE)
		close(gone[1]);
	ck_assert_int_eq(waitpid(pid, &c->status, 0), pid);
	slurp(out, c->out, sizeof(c->out));
	slurp(err, c->err, sizeof(c->err));
}

#define ck_assert_exited(c, code)                                         \
	do {                                                              \
		ck_assert_msg(WIFEXITED((c)->status),                     \
			      "child did not exit (status %#x)", (c)->status); \
		ck_assert_int_eq(WEXITSTATUS((c)->status), (code));       \
	} while (0)

/* Check's exit tests exit the whole runner when it does not fork */
static int no_fork(void)
{
	const char *f = getenv("CK_FORK");

	return f && strcmp(f, "no") == 0;
}

#define need_fork() \
	do { if (no_fork()) unit_skip("an exit test needs Check's fork mode (CK_FORK=no)"); } while (0)

/* ---- parse_*_or_err ------------------------------------------------------ */

START_TEST(parse_good)
{
	ck_assert_int_eq(parse_pid_or_err("42", "pid"), 42);
	ck_assert_uint_eq(parse_uid_or_err("0", "uid"), 0);
	ck_assert_uint_eq(parse_uid_or_err("root", "uid"), 0);
	ck_assert_uint_eq(parse_gid_or_err("1000", "gid"), 1000);
	ck_assert_uint_eq(parse_u64_or_err("18446744073709551615", "n"), UINT64_MAX);
	ck_assert_uint_eq(parse_u32_or_err("4294967295", "n"), UINT32_MAX);
	ck_assert_uint_eq(parse_size_or_err("2K", "size"), 2048);
	ck_assert_uint_eq(parse_duration_or_err("250ms", "time"), 250000000ULL);
	ck_assert_int_eq(parse_signal_or_err("SIGTERM", "signal"), SIGTERM);
	ck_assert_int_eq(parse_signal_or_err("kill", "signal"), SIGKILL);
}
END_TEST

/* one bad value per parser: each is an exit test expecting 1 */
static const char *const bad_values[] = {
	"pid:0", "pid:abc", "uid:-1", "gid:xns-no-such-group", "u64:18446744073709551616",
	"u32:4294967296", "size:1Q", "duration:5 parsecs", "signal:SIGNOPE",
};

/* "pid:abc" -> parse_pid_or_err("abc", "pid"), and so on */
static void parse_one(const char *spec)
{
	const char *v = strchr(spec, ':') + 1;
	size_t n = (size_t) (v - 1 - spec);

#define IS(name) (n == strlen(name) && strncmp(spec, name, n) == 0)
	if (IS("pid"))
		parse_pid_or_err(v, "pid");
	else if (IS("uid"))
		parse_uid_or_err(v, "uid");
	else if (IS("gid"))
		parse_gid_or_err(v, "gid");
	else if (IS("u64"))
		parse_u64_or_err(v, "n");
	else if (IS("u32"))
		parse_u32_or_err(v, "n");
	else if (IS("size"))
		parse_size_or_err(v, "size");
	else if (IS("duration"))
		parse_duration_or_err(v, "duration");
	else if (IS("signal"))
		parse_signal_or_err(v, "signal");
	else
		ck_abort_msg("no parser %s", spec);
#undef IS
}

START_TEST(parse_bad_exits)
{
	need_fork();
	parse_one(bad_values[_i]);
	ck_abort_msg("%s was accepted", bad_values[_i]);
}
END_TEST

static void parse_child(const void *spec)
{
	parse_one(spec);
}

START_TEST(parse_bad_says)
{
	static const struct {
		const char *spec, *line;
	} cases[] = {
		{ "pid:abc", "xtool: pid: 'abc': invalid value\n" },
		{ "pid:4194305", "xtool: pid: '4194305': out of range\n" },
		{ "uid:xns-no-such-user", "xtool: uid: 'xns-no-such-user': no such user or group\n" },
		{ "u64:99999999999999999999", "xtool: n: '99999999999999999999': out of range\n" },
		{ "size:", "xtool: size: '': invalid value\n" },
		{ "signal:RTMIN+999", "xtool: signal: 'RTMIN+999': out of range\n" },
		{ "signal:SIGNOPE", "xtool: signal: 'SIGNOPE': invalid value\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct caught c;

		run_caught(parse_child, cases[i].spec, OUT_FILE, &c);
		ck_assert_exited(&c, 1);
		ck_assert_str_eq(c.err, cases[i].line);
		ck_assert_str_eq(c.out, "");
	}
}
END_TEST

static void parse_125(const void *spec)
{
	cli_fail_code = 125;
	parse_one(spec);
}

START_TEST(parse_bad_fail_code)
{
	struct caught c;

	run_caught(parse_125, "pid:-5", OUT_FILE, &c);
	ck_assert_exited(&c, 125);
	ck_assert_str_eq(c.err, "xtool: pid: '-5': invalid value\n");
}
END_TEST

/* ---- cli_errc, cli_warnc, try-help, version ------------------------------ */

static void errc_neg(const void *arg)
{
	(void) arg;
	cli_errc(3, -ENOENT, "cannot open %s", "/xns/none");
}

static void errc_pos(const void *arg)
{
	(void) arg;
	cli_errc(4, EACCES, "write %s", "uid_map");
}

static void warnc_goes_on(const void *arg)
{
	(void) arg;
	cli_warnc(-EBUSY, "umount %s", "/xns/m");
	cli_warnc(EPERM, "second");
	printf("still here\n");
}

START_TEST(errc_messages)
{
	struct caught c;

	run_caught(errc_neg, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 3);
	ck_assert_str_eq(c.err, "xtool: cannot open /xns/none: No such file or directory\n");

	run_caught(errc_pos, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 4);
	ck_assert_str_eq(c.err, "xtool: write uid_map: Permission denied\n");

	run_caught(warnc_goes_on, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.err, "xtool: umount /xns/m: Device or resource busy\n"
				"xtool: second: Operation not permitted\n");
	ck_assert_str_eq(c.out, "still here\n");
}
END_TEST

START_TEST(errc_exit_test)
{
	need_fork();
	cli_errc(5, -EINVAL, "x");
}
END_TEST

static void try_help(const void *arg)
{
	(void) arg;
	cli_try_help();
}

static void version(const void *arg)
{
	(void) arg;
	cli_close_stdout_atexit();
	cli_print_version();
}

START_TEST(help_and_version)
{
	struct caught c;

	run_caught(try_help, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "Try 'xtool --help' for more information.\n");
	ck_assert_str_eq(c.out, "");

	run_caught(version, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.out, "xtool from " PACKAGE_NAME " " PACKAGE_VERSION "\n");

	/* version is output too: lost on a full stdout, it fails */
	run_caught(version, NULL, OUT_FULL, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: write error: No space left on device\n");
}
END_TEST

/* ---- cli_close_stdout_atexit ---------------------------------------------- */

static void writes(const void *arg)
{
	cli_close_stdout_atexit();
	if (arg)
		cli_fail_code = *(const int *) arg;
	printf("some output\n");
}

static void writes_nothing(const void *arg)
{
	(void) arg;
	cli_close_stdout_atexit();
}

static void writes_flushed(const void *arg)
{
	(void) arg;
	cli_close_stdout_atexit();
	/* the error happens here, long before exit, and is remembered */
	printf("flushed early\n");
	fflush(stdout);
}

/* registered before the check, so run after it (atexit runs in reverse), as a leak report is */
static void report_after_exit_check(void)
{
	static const char msg[] = "==1==ERROR: LeakSanitizer: detected memory leaks\n";

	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(98);
}

static void writes_then_reports(const void *arg)
{
	(void) arg;
	atexit(report_after_exit_check);
	cli_close_stdout_atexit();
	fprintf(stderr, "xtool: warned\n");
}

START_TEST(stdout_full)
{
	struct caught c;
	int code125 = 125;

	run_caught(writes, NULL, OUT_FULL, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: write error: No space left on device\n");

	run_caught(writes_flushed, NULL, OUT_FULL, &c);
	ck_assert_exited(&c, 1);
	ck_assert_ptr_nonnull(strstr(c.err, "xtool: write error"));

	run_caught(writes, &code125, OUT_FULL, &c);
	ck_assert_exited(&c, 125);
}
END_TEST

START_TEST(stdout_fine)
{
	struct caught c;

	run_caught(writes, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.out, "some output\n");
	ck_assert_str_eq(c.err, "");

	/* nothing written, nothing lost, even to /dev/full */
	run_caught(writes_nothing, NULL, OUT_FULL, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.err, "");

	/* a reader that went away (a pager quit) is no error of ours */
	run_caught(writes, NULL, OUT_GONE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.err, "");
}
END_TEST

/*
 * stderr is checked at exit but not closed: a report written after our
 * atexit handlers (LeakSanitizer's) reaches the caller.  Closed, it was
 * lost, and a tool under conmon failed with an empty message.
 */
START_TEST(stderr_open_at_exit)
{
	struct caught c;

	run_caught(writes_then_reports, NULL, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.err, "xtool: warned\n"
			 "==1==ERROR: LeakSanitizer: detected memory leaks\n");
}
END_TEST

/* ---- cli_exclusive_or_err -------------------------------------------------- */

enum { OPT_KEEP = CHAR_MAX + 1, OPT_GC, OPT_EXEC };

static const struct option longopts[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "bind", required_argument, NULL, 'b' },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "gc", no_argument, NULL, OPT_GC },
	{ "exec", no_argument, NULL, OPT_EXEC },
	{ "flagged", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 }
};

/* ascending in each row, as the kernel-style table asks */
static const cli_excl_t excl[] = {
	{ 'a', 'b', 'c' },
	{ OPT_KEEP, OPT_GC },
	{ 'c', OPT_EXEC },
};

static void given(const void *arg)
{
	const int *opts = arg;
	int seen[sizeof(excl) / sizeof(excl[0])] = { 0 };

	for (; *opts; opts++)
		cli_exclusive_or_err(*opts, longopts, excl, sizeof(excl) / sizeof(excl[0]), seen);
	printf("accepted\n");
}

START_TEST(exclusive)
{
	static const struct {
		int opts[5];
		int code;
		const char *err;
	} cases[] = {
		{ { 'a', 'a', 0 }, 0, "" },                         /* twice the same */
		{ { 'a', OPT_KEEP, 'x', 0 }, 0, "" },               /* different rows */
		{ { 'f', 'x', OPT_EXEC, 0 }, 0, "" },               /* in no row / one */
		{ { 'a', 'b', 0 }, 1, "xtool: mutually exclusive arguments: --all --bind\n" },
		{ { 'b', 'a', 0 }, 1, "xtool: mutually exclusive arguments: --bind --all\n" },
		{ { OPT_GC, 'a', OPT_KEEP, 0 }, 1, "xtool: mutually exclusive arguments: --gc --keep\n" },
		/* 'c' has no long name; it is in two rows and the first says it */
		{ { 'c', 'a', 0 }, 1, "xtool: mutually exclusive arguments: -c --all\n" },
		{ { OPT_EXEC, 'c', 0 }, 1, "xtool: mutually exclusive arguments: --exec -c\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct caught c;

		run_caught(given, cases[i].opts, OUT_FILE, &c);
		ck_assert_exited(&c, cases[i].code);
		ck_assert_str_eq(c.err, cases[i].err);
		ck_assert_str_eq(c.out, cases[i].code ? "" : "accepted\n");
	}
}
END_TEST

START_TEST(exclusive_exit_test)
{
	static const int opts[] = { OPT_KEEP, OPT_GC, 0 };

	need_fork();
	given(opts);
}
END_TEST

/* ---- cli_check_rules_or_err ------------------------------------------------- */

struct plan {
	bool fork, pid, keep, gc;
};

static bool pid_without_fork(const void *p)
{
	const struct plan *plan = p;

	return plan->pid && !plan->fork;
}

static bool keep_and_gc(const void *p)
{
	const struct plan *plan = p;

	return plan->keep && plan->gc;
}

static const struct cli_rule rules[] = {
	{ pid_without_fork, "--pid needs --fork" },
	{ keep_and_gc, "--keep makes no sense with --gc" },
};

static void check_plan(const void *plan)
{
	cli_check_rules_or_err(rules, sizeof(rules) / sizeof(rules[0]), plan);
	printf("plan ok\n");
}

START_TEST(plan_rules)
{
	const struct plan good = { .fork = true, .pid = true };
	const struct plan one = { .keep = true, .gc = true };
	const struct plan both = { .pid = true, .keep = true, .gc = true };
	struct caught c;

	run_caught(check_plan, &good, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.out, "plan ok\n");

	run_caught(check_plan, &one, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: --keep makes no sense with --gc\n");

	/* the first broken rule alone is said */
	run_caught(check_plan, &both, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: --pid needs --fork\n");

	/* no rules, nothing to break */
	cli_check_rules_or_err(rules, 0, &both);
}
END_TEST

/* ---- exec_or_die, exec_shell_or_die ------------------------------------------ */

static void exec_argv(const void *arg)
{
	exec_or_die((char **) arg);
}

START_TEST(exec_codes)
{
	char *missing[] = { (char *) "/nonexistent/xns-no-such-command", NULL };
	char *unknown[] = { (char *) "xns-no-such-command-in-path", NULL };
	char *fine[] = { (char *) "sh", (char *) "-c", (char *) "echo ran; exit 7", NULL };
	char *dir = unit_tmpdir();
	char notexec[4200];
	char *noperm[] = { notexec, NULL };
	char *isdir[] = { dir, NULL };
	struct caught c;

	run_caught(exec_argv, missing, OUT_FILE, &c);
	ck_assert_exited(&c, 127);
	ck_assert_str_eq(c.err, "xtool: failed to execute /nonexistent/xns-no-such-command: "
				"No such file or directory\n");

	run_caught(exec_argv, unknown, OUT_FILE, &c);
	ck_assert_exited(&c, 127);

	/* a file with no x bit: EACCES for root too (it needs one x bit) */
	snprintf(notexec, sizeof(notexec), "%s/script", dir);
	unit_write(dir, "script", "#!/bin/sh\nexit 0\n");
	ck_assert_int_eq(chmod(notexec, 0644), 0);
	run_caught(exec_argv, noperm, OUT_FILE, &c);
	ck_assert_exited(&c, 126);
	ck_assert_ptr_nonnull(strstr(c.err, "Permission denied"));

	run_caught(exec_argv, isdir, OUT_FILE, &c);
	ck_assert_exited(&c, 126);

	/* found and run: its own status, its output */
	run_caught(exec_argv, fine, OUT_FILE, &c);
	ck_assert_exited(&c, 7);
	ck_assert_str_eq(c.out, "ran\n");
	unit_rmtree(dir);
}
END_TEST

START_TEST(exec_exit_test)
{
	char *missing[] = { (char *) "/nonexistent/xns-no-such-command", NULL };

	need_fork();
	exec_or_die(missing);
}
END_TEST

static void shell(const void *arg)
{
	if (arg)
		setenv("SHELL", arg, 1);
	else
		unsetenv("SHELL");
	exec_shell_or_die();
}

START_TEST(exec_shell)
{
	struct caught c;

	run_caught(shell, "/bin/true", OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	run_caught(shell, "/nonexistent/xns-shell", OUT_FILE, &c);
	ck_assert_exited(&c, 127);
	ck_assert_str_eq(c.err, "xtool: failed to execute /nonexistent/xns-shell: "
				"No such file or directory\n");
	run_caught(shell, "/", OUT_FILE, &c);
	ck_assert_exited(&c, 126);
}
END_TEST

/* ---- exit_like ------------------------------------------------------------------ */

static void leave_like(const void *arg)
{
	exit_like(*(const int *) arg);
}

static int status_of(void (*how)(int), int v)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		how(v);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void exit_with(int v)
{
	_exit(v);
}

static void die_of(int sig)
{
	struct rlimit nocore = { 0, 0 };

	setrlimit(RLIMIT_CORE, &nocore);
	signal(sig, SIG_DFL);
	raise(sig);
}

START_TEST(exit_like_status)
{
	int st;
	struct caught c;
	sigset_t set;

	st = status_of(exit_with, 3);
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert_exited(&c, 3);

	st = status_of(exit_with, 0);
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert_exited(&c, 0);

	/* died of a signal: the same signal, so the shell sees 128+N */
	st = status_of(die_of, SIGTERM);
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert(WIFSIGNALED(c.status));
	ck_assert_int_eq(WTERMSIG(c.status), SIGTERM);

	/* a signal the caller blocked is unblocked to be re-raised */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert_int_eq(sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
	ck_assert(WIFSIGNALED(c.status));
	ck_assert_int_eq(WTERMSIG(c.status), SIGTERM);

	/* a core-dumping signal: re-raised, but no second core */
	st = status_of(die_of, SIGQUIT);
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert(WIFSIGNALED(c.status));
	ck_assert_int_eq(WTERMSIG(c.status), SIGQUIT);
	ck_assert(!WCOREDUMP(c.status));
}
END_TEST

/* a status that says a signal whose default is to be ignored: 128+N */
START_TEST(exit_like_ignored_signal)
{
	int st = SIGWINCH; /* as the kernel encodes "killed by SIGWINCH" */
	struct caught c;

	ck_assert(WIFSIGNALED(st));
	run_caught(leave_like, &st, OUT_FILE, &c);
	ck_assert_exited(&c, 128 + SIGWINCH);
}
END_TEST

START_TEST(exit_like_exit_test)
{
	need_fork();
	exit_like(42 << 8);
}
END_TEST

START_TEST(exit_like_signal_test)
{
	need_fork();
	exit_like(SIGUSR1);
}
END_TEST

/* ---- ns_open_path_or_err ------------------------------------------------------ */

static void open_ns(const void *arg)
{
	const char *const *pw = arg;

	close(ns_open_path_or_err(pw[0], ns_type_by_name(pw[1])));
	printf("opened\n");
}

START_TEST(ns_open_messages)
{
	const char *right[] = { "/proc/self/ns/net", "net" };
	const char *wrong[] = { "/proc/self/ns/net", "mnt" };
	const char *notns[] = { "/proc/self/status", "net" };
	const char *missing[] = { "/nonexistent/xns-ns", "net" };
	struct caught c;

	if (access("/proc/self/ns/net", R_OK) < 0)
		unit_skip("no /proc/self/ns/net here");
	run_caught(open_ns, right, OUT_FILE, &c);
	ck_assert_exited(&c, 0);
	ck_assert_str_eq(c.out, "opened\n");

	run_caught(open_ns, wrong, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: /proc/self/ns/net: is a net namespace, not mnt\n");

	run_caught(open_ns, notns, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: /proc/self/status: not a namespace file\n");

	run_caught(open_ns, missing, OUT_FILE, &c);
	ck_assert_exited(&c, 1);
	ck_assert_str_eq(c.err, "xtool: cannot open /nonexistent/xns-ns: No such file or directory\n");
}
END_TEST

/* ---- allocation ------------------------------------------------------------------ */

START_TEST(alloc)
{
	char *s = xasprintf("%s-%d", "xns", 7);
	char *d = xstrdup(s);
	int *z = xcalloc(4, sizeof(int));
	void *p = xmalloc(0);

	ck_assert_str_eq(s, "xns-7");
	ck_assert_str_eq(d, "xns-7");
	ck_assert_int_eq(z[0] | z[1] | z[2] | z[3], 0);
	ck_assert_ptr_nonnull(p);
	p = xrealloc(p, 64);
	ck_assert_ptr_nonnull(p);
	free(p);
	free(z);
	free(d);
	free(s);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("core");
	TCase *ex = tcase_create("exit");

	/* every test forks and execs a few children; valgrind makes that slow */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parse_good);
	tcase_add_test(tc, parse_bad_says);
	tcase_add_test(tc, parse_bad_fail_code);
	tcase_add_test(tc, errc_messages);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, stdout_full);
	tcase_add_test(tc, stdout_fine);
	tcase_add_test(tc, stderr_open_at_exit);
	tcase_add_test(tc, exclusive);
	tcase_add_test(tc, plan_rules);
	tcase_add_test(tc, exec_codes);
	tcase_add_test(tc, exec_shell);
	tcase_add_test(tc, exit_like_status);
	tcase_add_test(tc, exit_like_ignored_signal);
	tcase_add_test(tc, ns_open_messages);
	tcase_add_test(tc, alloc);
	suite_add_tcase(s, tc);

	/* the same contract seen by Check itself: exit codes and a signal */
	tcase_add_loop_exit_test(ex, parse_bad_exits, 1, 0,
				 (int) (sizeof(bad_values) / sizeof(bad_values[0])));
	tcase_add_exit_test(ex, errc_exit_test, 5);
	tcase_add_exit_test(ex, exclusive_exit_test, 1);
	tcase_add_exit_test(ex, exec_exit_test, 127);
	tcase_add_exit_test(ex, exit_like_exit_test, 42);
	tcase_add_test_raise_signal(ex, exit_like_signal_test, SIGUSR1);
	suite_add_tcase(s, ex);
	return s;
}

UNIT_MAIN(cli_suite)
