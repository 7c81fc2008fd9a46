/*
 * cli.h - the tools' side of the house: the one lib/ module that prints and
 * exits.  Allocation that dies, *_or_err parsers, exec with the 126/127
 * convention, and leaving with a child's status.  Library modules never
 * include this.
 */
#ifndef XNS_CLI_H
#define XNS_CLI_H

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "ns.h"
#include "session.h"

#define EXIT_CANNOT_INVOKE 126
#define EXIT_ENOENT        127

/* the tool's own failure code: 1, or 125 for xchroot as for chroot(1) */
extern int cli_fail_code;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "Try 'xtool --help'." and exit with cli_fail_code */
noreturn void cli_try_help(void);
/* "xtool from xns-utils 0.1.0" and exit 0 */
noreturn void cli_print_version(void);

/* these print "xtool: <what>: <why>" and exit(cli_fail_code) */
pid_t parse_pid_or_err(const char *s, const char *what);
uid_t parse_uid_or_err(const char *s, const char *what);
gid_t parse_gid_or_err(const char *s, const char *what);
uint64_t parse_u64_or_err(const char *s, const char *what);
uint32_t parse_u32_or_err(const char *s, const char *what);
uint64_t parse_size_or_err(const char *s, const char *what);
uint64_t parse_duration_or_err(const char *s, const char *what);
int parse_signal_or_err(const char *s, const char *what);

/**
 * ns_open_path_or_err - open a namespace file of @want, or say exactly what
 * is wrong with it ("is a mnt namespace, not net") and exit
 */
int ns_open_path_or_err(const char *path, const struct ns_type *want);

/**
 * exec_or_die - execvp(@argv); on failure print "xtool: failed to execute
 * CMD: why" and exit 127 when it was not found, 126 otherwise
 */
noreturn void exec_or_die(char **argv);

/**
 * exit_like - leave as the child did: its exit code, or the same signal
 * re-raised with the default action so the shell sees 128+N
 */
noreturn void exit_like(int status);

/**
 * cli_session_or_exit - where session_wanted(@mode, @other_user) says so,
 * run the rest in a new session (session_new()): this returns in the
 * child, and the parent, once the child has ended, leaves as it did
 */
void cli_session_or_exit(enum session_mode mode, bool other_user);

/**
 * exec_shell_or_die - run "$SHELL" (/bin/sh when unset) as a login shell,
 * as unshare(1) and nsenter(1) do when no command is given
 */
noreturn void exec_shell_or_die(void);

/**
 * cli_errc - "xtool: <fmt>: <strerror(rc)>" and exit(@eval); @rc is an
 * errno, as lib/ returns it (-errno) or as libc sets it (errno)
 */
noreturn void cli_errc(int eval, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* the same as a warning: print and go on */
void cli_warnc(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * cli_close_stdout_atexit - check at exit that everything written to stdout
 * reached it: "xtool: write error: why" and exit(cli_fail_code) otherwise, as
 * util-linux's tools do (xtool >/dev/full fails, --help included).  stderr
 * is flushed and checked but left open, for what is written after the
 * atexit handlers (a sanitizer's report).  Call it first thing in main().
 */
void cli_close_stdout_atexit(void);

/*
 * Options that may not be given together.  Each row lists option values as
 * getopt_long returns them, in ascending order, ended by 0; @seen holds one
 * int per row, zeroed by the caller.  Call for every option parsed: the
 * second option of a row seen says "mutually exclusive arguments: --a --b"
 * and exits, as util-linux's err_exclusive_options() does.
 */
#define CLI_EXCL_MAX 8
typedef int cli_excl_t[CLI_EXCL_MAX];
void cli_exclusive_or_err(int opt, const struct option *longopts,
			  const cli_excl_t *excl, size_t nexcl, int *seen);

/*
 * Rules on a whole plan that no single option breaks: each says when it is
 * broken, and the first broken one is said (its message alone) and exits.
 */
struct cli_rule {
	bool (*broken)(const void *plan);
	const char *msg;
};
void cli_check_rules_or_err(const struct cli_rule *rules, size_t n, const void *plan);

#endif
