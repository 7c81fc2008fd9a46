/*
 * cli.c - printing and exiting on behalf of the tools.
 */
#include "compat.h"
#include "cli.h"
#include "parse.h"

#include <stdarg.h>
#include <stdio_ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

int cli_fail_code = 1;

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		err(cli_fail_code, "cannot allocate %zu bytes", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		err(cli_fail_code, "cannot allocate %zu bytes", n * size);
	return p;
}

void *xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (!p)
		err(cli_fail_code, "cannot allocate %zu bytes", n);
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		err(cli_fail_code, "cannot allocate %zu bytes", strlen(s) + 1);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (rc < 0)
		err(cli_fail_code, "cannot allocate memory");
	return p;
}

noreturn void cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(cli_fail_code);
}

noreturn void cli_print_version(void)
{
	printf("%s from %s %s\n", program_invocation_short_name,
	       PACKAGE_NAME, PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

static noreturn void bad_value(const char *what, const char *s, int rc)
{
	const char *why = rc == -ERANGE ? "out of range" :
			  rc == -ENOENT ? "no such user or group" :
			  rc == -EINVAL ? "invalid value" : strerror(-rc);

	errx(cli_fail_code, "%s: '%s': %s", what, s, why);
}

#define OR_ERR(name, type, parser)                                 \
	type name(const char *s, const char *what)                 \
	{                                                          \
		type v = 0;                                        \
		int rc = parser(s, &v);                            \
		if (rc < 0)                                        \
			bad_value(what, s, rc);                    \
		return v;                                          \
	}

OR_ERR(parse_pid_or_err, pid_t, parse_pid)
OR_ERR(parse_uid_or_err, uid_t, parse_uid)
OR_ERR(parse_gid_or_err, gid_t, parse_gid)
OR_ERR(parse_u64_or_err, uint64_t, parse_u64)
OR_ERR(parse_u32_or_err, uint32_t, parse_u32)
OR_ERR(parse_size_or_err, uint64_t, parse_size)
OR_ERR(parse_duration_or_err, uint64_t, parse_duration)
OR_ERR(parse_signal_or_err, int, parse_signal)

int ns_open_path_or_err(const char *path, const struct ns_type *want)
{
	const struct ns_type *found;
	int fd = ns_open_path(path, want, &found);

	if (fd >= 0)
		return fd;
	if (fd == -EMEDIUMTYPE && found)
		errx(cli_fail_code, "%s: is a %s namespace, not %s", path,
		     found->name, want->name);
	if (fd == -EINVAL)
		errx(cli_fail_code, "%s: not a namespace file", path);
	cli_errc(cli_fail_code, fd, "cannot open %s", path);
}

noreturn void exec_or_die(char **argv)
{
	int code;

	execvp(argv[0], argv);
	code = errno == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
	err(code, "failed to execute %s", argv[0]);
}

noreturn void exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit nocore = { 0, 0 };
		sigset_t set;

		/* the child dumped core already; one core is enough */
		setrlimit(RLIMIT_CORE, &nocore);
		signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		/* a signal whose default is to be ignored lands here */
		exit(128 + sig);
	}
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : cli_fail_code);
}

void cli_session_or_exit(enum session_mode mode, bool other_user)
{
	int status, rc;

	if (!session_wanted(mode, other_user))
		return;
	rc = session_new(&status);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "cannot start a new session");
	if (rc > 0)
		exit_like(status);
}

noreturn void exec_shell_or_die(void)
{
	const char *shell = getenv("SHELL");
	const char *base;
	char *argv[2];

	if (!shell || !*shell)
		shell = "/bin/sh";
	base = strrchr(shell, '/');
	argv[0] = xasprintf("-%s", base ? base + 1 : shell);
	argv[1] = NULL;
	execv(shell, argv);
	err(errno == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE,
	    "failed to execute %s", shell);
}

static void vwarnc(int rc, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(rc < 0 ? -rc : rc));
}

noreturn void cli_errc(int eval, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(rc, fmt, ap);
	va_end(ap);
	exit(eval);
}

void cli_warnc(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(rc, fmt, ap);
	va_end(ap);
}

/* 0, or the errno of what went wrong with @f since it was opened */
static int close_stream(FILE *f)
{
	bool some_pending = __fpending(f) != 0;
	bool prev_fail = ferror(f) != 0;
	bool fclose_fail = fclose(f) != 0;

	/* a write that failed before sets no errno we can trust: EIO */
	if (prev_fail || (fclose_fail && (some_pending || errno != EBADF)))
		return fclose_fail ? errno : EIO;
	return 0;
}

/*
 * 0, or EOF if what was written to @f did not get through: flushed and
 * checked, but left open.  A close of a dup tells what close() would (NFS
 * reports a failed write only there), as util-linux's closestream does.
 */
static int flush_stream(FILE *f)
{
	int fd;

	if (ferror(f) || fflush(f) != 0)
		return EOF;
	fd = fileno(f);
	if (fd < 0 || (fd = dup(fd)) < 0)
		return errno == EBADF ? 0 : EOF;
	return close(fd) == 0 ? 0 : EOF;
}

static void close_stdout(void)
{
	int e = close_stream(stdout);

	/* a reader that went away (a pager quit) is no error of ours */
	if (e && e != EPIPE) {
		errno = e;
		warn("write error");
		_exit(cli_fail_code);
	}
	/*
	 * stderr stays open: what is written after the atexit handlers, a
	 * sanitizer's report above all, must reach the caller.  Closed, the
	 * report is lost and an exit status of 1 is all that is left.
	 */
	if (flush_stream(stderr))
		_exit(cli_fail_code);
}

void cli_close_stdout_atexit(void)
{
	atexit(close_stdout);
}

static const char *option_name(int opt, const struct option *longopts,
			       char *buf, size_t len)
{
	for (const struct option *o = longopts; o && o->name; o++)
		if (o->val == opt && !o->flag) {
			snprintf(buf, len, "--%s", o->name);
			return buf;
		}
	snprintf(buf, len, "-%c", opt);
	return buf;
}

void cli_exclusive_or_err(int opt, const struct option *longopts,
			  const cli_excl_t *excl, size_t nexcl, int *seen)
{
	for (size_t row = 0; row < nexcl; row++) {
		for (const int *o = excl[row]; *o && *o <= opt; o++) {
			char a[64], b[64];

			if (*o != opt)
				continue;
			if (seen[row] && seen[row] != opt)
				errx(cli_fail_code, "mutually exclusive arguments: %s %s",
				     option_name(seen[row], longopts, a, sizeof(a)),
				     option_name(opt, longopts, b, sizeof(b)));
			seen[row] = opt;
			break;
		}
	}
}

void cli_check_rules_or_err(const struct cli_rule *rules, size_t n, const void *plan)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i].broken(plan))
			errx(cli_fail_code, "%s", rules[i].msg);
}
