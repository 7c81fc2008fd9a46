/*
 * cgroup-stats.c - what a group used: v2's cpu.stat and memory.events, or
 * v1's cpuacct counters (in nanoseconds) and memory.oom_control.
 */
#include "compat.h"
#include "cgroup-stats.h"
#include "parse.h"

#include <string.h>

/* flat-keyed files stay well below this (cpu.stat has some ten lines) */
#define STAT_FILE_MAX 4096

static uint64_t read_u64_file(const struct cgroup *cg, enum cgroup_knob k)
{
	const char *file = cgroup_knob_name(cg->lo, k);
	char buf[64];
	uint64_t v;
	char *nl;

	if (!file || cgroup_read(cg, cgroup_knob_ctrl(k), file, buf, sizeof(buf)) < 0)
		return UINT64_MAX;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return parse_u64(buf, &v) == 0 ? v : UINT64_MAX;
}

static uint64_t read_keyed(const struct cgroup *cg, enum cgroup_knob k,
			   const char *key)
{
	const char *file = cgroup_knob_name(cg->lo, k);
	char text[STAT_FILE_MAX];
	uint64_t v;

	if (!file || cgroup_read(cg, cgroup_knob_ctrl(k), file, text, sizeof(text)) < 0 ||
	    cgroup_parse_keyed(text, key, &v) < 0)
		return UINT64_MAX;
	return v;
}

int cgroup_read_stats(const struct cgroup *cg, struct cgroup_stats *st)
{
	uint64_t memsw;

	memset(st, 0xff, sizeof(*st));
	if (cgroup_ctrl_v2(cg, CGROUP_CPUACCT)) {
		st->user_usec = read_keyed(cg, CGK_CPU_USER, "user_usec");
		st->system_usec = read_keyed(cg, CGK_CPU_SYSTEM, "system_usec");
	} else {
		/* cpuacct counts nanoseconds */
		st->user_usec = read_u64_file(cg, CGK_CPU_USER);
		st->system_usec = read_u64_file(cg, CGK_CPU_SYSTEM);
		if (st->user_usec != UINT64_MAX)
			st->user_usec /= 1000;
		if (st->system_usec != UINT64_MAX)
			st->system_usec /= 1000;
	}
	st->memory_peak = read_u64_file(cg, CGK_MEM_PEAK);
	if (cgroup_ctrl_v2(cg, CGROUP_MEMORY)) {
		st->swap_peak = read_u64_file(cg, CGK_MEM_SWAP_PEAK);
		st->oom_kills = cgroup_read_oom_kills(cg);
	} else {
		/* v1 keeps only the peak of memory+swap: the excess is the best bound */
		memsw = read_u64_file(cg, CGK_MEM_SWAP_PEAK);
		if (memsw != UINT64_MAX && st->memory_peak != UINT64_MAX)
			st->swap_peak = memsw > st->memory_peak ? memsw - st->memory_peak : 0;
		st->oom_kills = cgroup_read_oom_kills(cg);
	}
	st->tasks_peak = read_u64_file(cg, CGK_PIDS_PEAK);
	return 0;
}

uint64_t cgroup_read_oom_kills(const struct cgroup *cg)
{
	return read_keyed(cg, CGK_MEM_OOM, "oom_kill");
}

