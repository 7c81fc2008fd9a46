/*
 * xcgexec-report.c - the report of xcgexec -s and -J: the same fields as
 * aligned text or as one JSON object; values the layout cannot tell are
 * "-" or null.
 */
#include "compat.h"
#include "child.h"
#include "jsonout.h"
#include "parse.h"
#include "xcgexec.h"

#include <sys/wait.h>

static void json_u64(FILE *f, const char *key, uint64_t v)
{
	if (v == UINT64_MAX)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%llu", key, (unsigned long long) v);
}

static void text_usec(FILE *f, const char *label, uint64_t v)
{
	if (v == UINT64_MAX)
		fprintf(f, "%-14s -\n", label);
	else
		fprintf(f, "%-14s %llu.%06llu s\n", label, (unsigned long long) (v / 1000000),
			(unsigned long long) (v % 1000000));
}

static void text_bytes(FILE *f, const char *label, uint64_t v)
{
	if (v == UINT64_MAX)
		fprintf(f, "%-14s -\n", label);
	else
		fprintf(f, "%-14s %llu bytes (%.1f MiB)\n", label, (unsigned long long) v,
			(double) v / (1024.0 * 1024.0));
}

void report(FILE *f, bool json, const struct outcome *o)
{
	const struct cgroup_stats *st = &o->st;
	int sig = WIFSIGNALED(o->status) ? WTERMSIG(o->status) : 0;
	char name[32];

	if (json) {
		fputs("{\"cgroup\":", f);
		jsonout_str(f, o->group);
		fprintf(f, ",\"layout\":\"%s\"", o->layout);
		json_u64(f, "wall_usec", o->wall_usec);
		json_u64(f, "user_usec", st->user_usec);
		json_u64(f, "system_usec", st->system_usec);
		json_u64(f, "memory_peak", st->memory_peak);
		json_u64(f, "swap_peak", st->swap_peak);
		json_u64(f, "tasks_peak", st->tasks_peak);
		json_u64(f, "oom_kills", st->oom_kills);
		fprintf(f, ",\"strays_killed\":%d,\"timed_out\":%s,\"exit_code\":%d,\"signal\":",
			o->strays, o->timed_out ? "true" : "false", child_exit_code(o->status));
		if (sig)
			fprintf(f, "\"%s\"}\n", signal_name(sig, name, sizeof(name)) ?: "?");
		else
			fputs("null}\n", f);
		return;
	}
	fprintf(f, "%-14s %s (%s)\n", "cgroup", o->group, o->layout);
	text_usec(f, "wall time", o->wall_usec);
	text_usec(f, "user CPU", st->user_usec);
	text_usec(f, "system CPU", st->system_usec);
	text_bytes(f, "peak memory", st->memory_peak);
	text_bytes(f, "peak swap", st->swap_peak);
	if (st->tasks_peak == UINT64_MAX)
		fprintf(f, "%-14s -\n", "peak tasks");
	else
		fprintf(f, "%-14s %llu\n", "peak tasks", (unsigned long long) st->tasks_peak);
	if (st->oom_kills == UINT64_MAX)
		fprintf(f, "%-14s -\n", "OOM kills");
	else
		fprintf(f, "%-14s %llu\n", "OOM kills", (unsigned long long) st->oom_kills);
	fprintf(f, "%-14s %d\n", "strays killed", o->strays);
	fprintf(f, "%-14s %s\n", "timed out", o->timed_out ? "yes" : "no");
	if (sig)
		fprintf(f, "%-14s killed by signal %d (%s)\n", "exit status", sig,
			signal_name(sig, name, sizeof(name)) ?: "?");
	else
		fprintf(f, "%-14s %d\n", "exit status", child_exit_code(o->status));
}

