/*
 * mountinfo.h - just enough of /proc/PID/mountinfo for the tools that do not
 * link libmount: find the mount a path is on and read its propagation.
 */
#ifndef XNS_MOUNTINFO_H
#define XNS_MOUNTINFO_H

#include <stdbool.h>

struct mountinfo_entry {
	int id;
	int parent_id;
	const char *root;        /* these point into the parsed line */
	const char *target;
	const char *options;
	const char *fstype;
	const char *source;
	int shared;              /* peer group of "shared:N", 0 if none */
	int master;              /* "master:N", 0 if none */
	bool unbindable;
};

/**
 * mountinfo_parse_line - split one mountinfo line in place
 *
 * Octal escapes (\040) in the path fields are decoded in place.  Returns 0,
 * or -EINVAL for a line that is not of mountinfo's form.
 */
int mountinfo_parse_line(char *line, struct mountinfo_entry *e);

/**
 * mountinfo_is_shared - 1 if the mount @path is on is shared, 0 if not
 * @procfd: a /proc dirfd, or -1 for /proc
 *
 * Returns -errno when @path or mountinfo cannot be read.
 */
int mountinfo_is_shared(int procfd, const char *path);

#endif
