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

#endif
