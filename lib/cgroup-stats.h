/*
 * cgroup-stats.h - what a group used, from whatever files its layout has.
 */
#ifndef XNS_CGROUP_STATS_H
#define XNS_CGROUP_STATS_H

#include "cgroup-group.h"

/* what the group used; UINT64_MAX where the layout cannot tell */
struct cgroup_stats {
	uint64_t user_usec, system_usec;
	uint64_t memory_peak, swap_peak;
	uint64_t tasks_peak;
	uint64_t oom_kills;
};

/** cgroup_read_stats - fill @st from whatever files the layout has; 0 or -errno */
int cgroup_read_stats(const struct cgroup *cg, struct cgroup_stats *st);

/** cgroup_read_oom_kills - only the OOM kill count of @st, UINT64_MAX if unknown */
uint64_t cgroup_read_oom_kills(const struct cgroup *cg);

#endif
