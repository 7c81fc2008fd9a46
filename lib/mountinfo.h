/*
 * mountinfo.h - just enough of /proc/PID/mountinfo for the tools that do not
 * link libmount: find the mount a path is on and read its propagation.
 */
#ifndef XNS_MOUNTINFO_H
#define XNS_MOUNTINFO_H

#include <stdbool.h>
#include <sys/types.h>

struct mountinfo_entry {
	int id;
	int parent_id;
	const char *root;        /* these point into the parsed line */
	const char *target;
	const char *options;
	const char *fstype;
	const char *source;
	const char *superopts;   /* "rw,memory": "" when the line has none */
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
 * mountinfo_next - the next line of mountinfo @text at *@pos that parses
 *
 * Walks a whole mountinfo read into memory, splitting it in place (set
 * *@pos to the text first); lines not of mountinfo's form are skipped.
 * Returns 1 with @e filled, its strings in the text, or 0 at the end.
 */
int mountinfo_next(char **pos, struct mountinfo_entry *e);

/**
 * mountinfo_read - the whole of self/mountinfo under the proc root @procfd
 * (-1: /proc/self/mountinfo), NUL terminated, malloc'ed into *@text, for
 * mountinfo_next().  Returns its length or -errno.
 */
ssize_t mountinfo_read(int procfd, char **text);

/**
 * mountinfo_path_in - where @path of the mounted filesystem shows in the
 * tree: under @m's target, less @m's root; malloc'ed into *@out, without a
 * trailing slash
 *
 * Returns 0, -ENOENT when @path is not below the root (a mount of a
 * subtree shows nothing above it) or climbs out with "..", or -ENOMEM;
 * *@out is NULL then.
 */
int mountinfo_path_in(const struct mountinfo_entry *m, const char *path, char **out);

/**
 * mountinfo_is_shared - 1 if the mount @path is on is shared, 0 if not
 * @procfd: a /proc dirfd, or -1 for /proc
 *
 * Returns -errno when @path or mountinfo cannot be read.
 */
int mountinfo_is_shared(int procfd, const char *path);

/**
 * mountinfo_in_parents_group - 1 when the mount @path is on shares its
 * parent mount's peer group (a bind onto itself never made private), 0
 * when not, -errno.  Through statmount(2) where the kernel has it (Linux
 * 6.8: two small calls), else through the whole mountinfo.
 */
int mountinfo_in_parents_group(const char *path);

#endif
