#include "compat.h"
#include "cgroup.h"
#include "unit.h"
static Suite *cgroup_suite(void) { Suite *s = suite_create("cgroup"); return s; }
UNIT_MAIN(cgroup_suite)
