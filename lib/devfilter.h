/*
 * devfilter.h - device access rules of a cgroup v2 group, which has no
 * devices.allow file: a BPF_PROG_TYPE_CGROUP_DEVICE program built from
 * the rules and attached to the group's directory.
 */
#ifndef XNS_DEVFILTER_H
#define XNS_DEVFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct devfilter_rule {
	bool allow;
	char type;          /* 'a' (all), 'c', 'b' */
	int64_t major, minor;   /* -1: any */
	unsigned access;    /* DEVFILTER_* bits; 0 means all three */
};

#define DEVFILTER_MKNOD 1u
#define DEVFILTER_READ  2u
#define DEVFILTER_WRITE 4u

/* a program's instructions: 8 bytes each, as the kernel takes them */
struct devfilter_prog {
	uint64_t *insns;
	size_t n;
};

/**
 * devfilter_build - the program for @rules, with the semantics of v1's
 * devices.allow/deny written in order: a rule of type 'a' with any major
 * and minor replaces everything before it (and sets what is not matched
 * later), and of two rules that match, the later one decides.  Nothing
 * matched: allowed, as a new v1 group inherits.  0, -EINVAL or -ENOMEM.
 */
int devfilter_build(const struct devfilter_rule *rules, size_t n, struct devfilter_prog *p);

void devfilter_free(struct devfilter_prog *p);

/**
 * devfilter_attach - load @p and attach it to the cgroup2 directory
 * @cgroup_fd (with BPF_F_ALLOW_MULTI, beside what a parent has).  Returns
 * the program's fd (closing it does not detach it) or -errno.
 */
int devfilter_attach(const struct devfilter_prog *p, int cgroup_fd);

#endif
