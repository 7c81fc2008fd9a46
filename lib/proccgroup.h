/*
 * proccgroup.h - the one reader of /proc/PID/cgroup: "ID:CONTROLLERS:PATH"
 * per hierarchy the process is in, "0::PATH" for cgroup2 (cgroups(7)).
 * Libc only, so every tool may use it.
 */
#ifndef XNS_PROCCGROUP_H
#define XNS_PROCCGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct proccgroup_entry {
	int id;                   /* hierarchy ID: 0 for cgroup2 */
	const char *controllers;  /* "cpu,cpuacct", "name=systemd", "" for v2 */
	const char *path;         /* "/a/b", as the reader's cgroup ns sees it */
};

/**
 * proccgroup_parse_line - split one line ("4:memory:/a") in place; the
 * pointers point into @line and a trailing newline is dropped.  A colon
 * inside the path belongs to the path.  Returns 0 or -EINVAL.
 */
int proccgroup_parse_line(char *line, struct proccgroup_entry *e);

/**
 * proccgroup_next - the next line of a whole /proc/PID/cgroup text at
 * *@pos (set it to the text first), split in place
 *
 * Returns 1 with @e filled, 0 at the end, or -EINVAL for a malformed line
 * (*@pos is then past it, so a caller may skip it and go on).
 */
int proccgroup_next(char **pos, struct proccgroup_entry *e);

/**
 * proccgroup_path - the path of one hierarchy in the text, left unchanged
 * @controller: NULL for the cgroup2 line ("0::"), or a controller name
 *              ("memory", "name=systemd") for the v1 line that lists it
 * @path, @len: set to the path inside @text (not NUL-terminated)
 *
 * Malformed lines are skipped.  Returns 0, or -ENOENT when no line matches.
 */
int proccgroup_path(const char *text, const char *controller,
		    const char **path, size_t *len);

/**
 * proccgroup_main_path - the path a listing shows for a process: the
 * cgroup2 one when it has one, else the first hierarchy's (v1 only).
 * Returns 0, or -ENOENT when the text has no well-formed line.
 */
int proccgroup_main_path(const char *text, const char **path, size_t *len);

/**
 * proccgroup_read - PID/cgroup under the proc root @procfd (-1: /proc),
 * @pid 0 for "self", whole, NUL-terminated, malloc'ed.  The length or
 * -errno (-ESRCH: the process is gone).
 */
ssize_t proccgroup_read(int procfd, pid_t pid, char **text);

/**
 * proccgroup_list_has - whether the comma-separated @list ("rw,cpu,cpuacct")
 * holds the word @word of @len bytes as one of its items
 */
bool proccgroup_list_has(const char *list, const char *word, size_t len);

#endif
