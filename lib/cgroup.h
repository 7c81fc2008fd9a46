/*
 * cgroup.h - control groups on every layout the kernel offers, split by
 * job as crun splits its cgroup code: the layout (cgroup-layout.h), a
 * group's life (cgroup-group.h), its limits (cgroup-limits.h), what it
 * used (cgroup-stats.h), and the command-line forms (cgroup-parse.h).
 * Include the part you need, or this for all of them.
 */
#ifndef XNS_CGROUP_H
#define XNS_CGROUP_H

#include "cgroup-layout.h"
#include "cgroup-group.h"
#include "cgroup-limits.h"
#include "cgroup-stats.h"
#include "cgroup-parse.h"

#endif
