/*
 * parse.h - strict parsers for command-line values.  Each returns 0 or
 * -EINVAL (not of the form) / -ERANGE (of the form, but too large), and
 * leaves its output alone on failure.
 */
#ifndef XNS_PARSE_H
#define XNS_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/** parse_u64 - a decimal number with no sign, no space, nothing after */
int parse_u64(const char *s, uint64_t *out);

/** parse_u32 - the same, at most UINT32_MAX */
int parse_u32(const char *s, uint32_t *out);

/** parse_s64 - a decimal number with an optional leading '-' or '+' */
int parse_s64(const char *s, int64_t *out);

/** parse_pid - a PID: 1 .. 2^22 (PID_MAX_LIMIT); 0 and negatives are refused */
int parse_pid(const char *s, pid_t *out);

/**
 * parse_uid - a user name or a numeric UID (-1, 4294967295, is refused)
 * A name is looked up with getpwnam(); -ENOENT when there is no such user.
 */
int parse_uid(const char *s, uid_t *out);

/** parse_gid - a group name or a numeric GID; -ENOENT for no such group */
int parse_gid(const char *s, gid_t *out);

/**
 * parse_size - a byte count: "100", "100K", "1.5M", "2G", "1T", "4KiB",
 * "10MB" (all binary: K = 1024, as cgroup tools and util-linux read them);
 * "max" is refused here (callers that accept it check it first).
 */
int parse_size(const char *s, uint64_t *out);

/**
 * parse_duration - a time span in nanoseconds: "10" (seconds), "1.5s",
 * "250ms", "100us", "10ns", "2m", "1h", "1d"
 */
int parse_duration(const char *s, uint64_t *ns);

/**
 * parse_signal - a signal by number ("9"), name ("KILL", "SIGKILL", any
 * case) or real-time offset ("RTMIN+2", "SIGRTMAX-1")
 */
int parse_signal(const char *s, int *sig);

/** signal_name - "KILL" for 9, "RTMIN+2", or NULL for no such signal */
const char *signal_name(int sig, char *buf, size_t len);

/**
 * parse_fraction - a decimal like "0.2" or "1.5" as parts per million
 * (0.2 -> 200000); used for fractional CPU counts
 */
int parse_fraction(const char *s, uint64_t *ppm);

#endif
