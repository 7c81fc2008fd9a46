/*
 * xcgexec.h - what xcgexec.c hands to its report (xcgexec-report.c).
 */
#ifndef XNS_XCGEXEC_H
#define XNS_XCGEXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cgroup.h"

/* what the run came to, for the report */
struct outcome {
	const char *group, *layout;
	uint64_t wall_usec;
	struct cgroup_stats st;
	int strays;
	bool timed_out;
	int status;
};

/* the report of -s (text) or -J (one JSON object) */
void report(FILE *f, bool json, const struct outcome *o);

/* xcgexec-start.c */
#include <signal.h>
#include <stdnoreturn.h>

/* say why (as cli_errc() does) after removing the half-made group */
noreturn void fail_remove(struct cgroup *cg, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * start - start @argv in every one of @groups, its signal mask @oldmask;
 * its PID, or -errno (in @attach_err when it could not join, and is dead)
 */
pid_t start(char **argv, struct cgroup *groups, int ngroups,
	    const sigset_t *oldmask, int *attach_err);

/**
 * exec_in - join @groups and become @argv; with @own (the first group is
 * ours), have it removed once the command and its children are done
 */
noreturn void exec_in(char **argv, struct cgroup *groups, int ngroups, bool own,
		      const sigset_t *oldmask);

#endif
