/*
 * caps.h - capabilities without libcap: keeping what a user namespace
 * granted across execve(), and limiting what a contained root keeps.
 */
#ifndef XNS_CAPS_H
#define XNS_CAPS_H

#include <stdint.h>

/** caps_last_cap - the highest capability this kernel knows, or -errno */
int caps_last_cap(void);

/**
 * caps_permitted_to_ambient - make every permitted capability inheritable
 * and ambient, so that it survives execve() of a non-setuid program
 * (a user namespace grants a full permitted set that execve would drop)
 */
int caps_permitted_to_ambient(void);

/* a set of capabilities: bit N is capability N */
#define CAPS_BIT(cap) (UINT64_C(1) << (cap))
#define CAPS_ALL      UINT64_MAX

/**
 * caps_parse - a capability by name, "CAP_SYS_ADMIN" or "sys_admin" (any
 * case), or by number; "ALL" is every one (returned as 64).  Returns the
 * number or -EINVAL.
 */
int caps_parse(const char *name);

/** caps_name - "CAP_SYS_ADMIN" for 21, NULL for a number we have no name for */
const char *caps_name(int cap);

/**
 * caps_limit - keep only the capabilities in @keep: the others leave the
 * bounding set (so no execve(), of a setuid program or by root, gets them
 * back) and the permitted, effective, inheritable and ambient sets.
 * Dropping from the bounding set needs CAP_SETPCAP: call it while root.
 * Returns 0 or -errno.
 */
int caps_limit(uint64_t keep);

#endif
