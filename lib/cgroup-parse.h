/*
 * cgroup-parse.h - the command-line forms of cgroup settings: cgexec's -g
 * specs, --io-max, CPU lists, CPU fractions.  Pure functions on text: 0,
 * -EINVAL (not of the form) or -ERANGE.  They stay beside the cgroup code,
 * not in lib/parse.c, because they read its controller table: lib/parse.c
 * is linked by every tool, and would then pull the cgroup code into all.
 */
#ifndef XNS_CGROUP_PARSE_H
#define XNS_CGROUP_PARSE_H

#include "cgroup-limits.h"

/**
 * cgroup_parse_spec - cgexec's "-g CONTROLLERS:PATH": controllers split by
 * ',' ("*" for all), then a path.  @path points into @s.  0 or -EINVAL.
 */
int cgroup_parse_spec(const char *s, unsigned *ctrls, const char **path);

/**
 * cgroup_split_spec - "-g CONTROLLERS:PATH" as cgexec(1) of libcgroup 3
 * takes it: @ctrls (not NUL-terminated, @len bytes) is "*", a comma list
 * of names of any controller ("cpuacct", "net_cls", "name=systemd"), or
 * empty (":PATH", the cgroup2 hierarchy).  The words are not looked up
 * here (see cgroup_hier_by_name()); empty ones are refused.  0 or -EINVAL.
 */
int cgroup_split_spec(const char *s, const char **ctrls, size_t *len,
		      const char **path);

/**
 * cgroup_parse_io_max - "DEV:rbps=1M,wiops=100" (DEV is MAJ:MIN or a path;
 * bps take sizes, "max" lifts a limit).  0, -EINVAL or -ERANGE.
 */
int cgroup_parse_io_max(const char *s, struct cgroup_io_max *io);

/**
 * cgroup_parse_cpuset - check a CPU or memory-node list ("0-3,6") and write
 * it back normalised (no spaces); 0, -EINVAL, -ERANGE (number > 8191 or the
 * result too long for @len)
 */
int cgroup_parse_cpuset(const char *s, char *out, size_t len);

/**
 * cgroup_cpu_quota - @ppm millionths of a CPU as a CFS quota over a
 * 100 ms period (µs); -ERANGE below 1 ms per period (the kernel's floor) or
 * above what the kernel takes
 */
int cgroup_cpu_quota(uint64_t ppm, uint64_t *quota_us, uint64_t *period_us);

/** cgroup_format_size - "100M" when exact in a binary unit, else bytes */
const char *cgroup_format_size(uint64_t v, char *buf, size_t len);

#endif
