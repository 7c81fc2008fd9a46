/*
 * proccgroup.c - /proc/PID/cgroup, read and split once for every tool.
 */
#include "compat.h"
#include "proccgroup.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the two colons of a line of @n bytes, or false when it has no such form */
static bool split(const char *line, size_t n, const char **c1, const char **c2,
		  long *id)
{
	const char *p;
	long v = 0;

	*c1 = memchr(line, ':', n);
	if (!*c1 || *c1 == line || *c1 - line > 10)
		return false;
	for (p = line; p < *c1; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > 0x7fffffff)
		return false;
	*c2 = memchr(*c1 + 1, ':', n - (size_t) (*c1 + 1 - line));
	if (!*c2 || *c2 + 1 >= line + n || (*c2)[1] != '/')
		return false;
	/* cgroup2 is hierarchy 0 and names no controllers; v1 ones always do */
	if ((v == 0) != (*c2 == *c1 + 1))
		return false;
	*id = v;
	return true;
}

int proccgroup_parse_line(char *line, struct proccgroup_entry *e)
{
	size_t n = strcspn(line, "\n");
	const char *c1, *c2;
	long id;

	line[n] = '\0';
	if (!split(line, n, &c1, &c2, &id))
		return -EINVAL;
	line[c1 - line] = line[c2 - line] = '\0';
	e->id = (int) id;
	e->controllers = c1 + 1;
	e->path = c2 + 1;
	return 0;
}

int proccgroup_next(char **pos, struct proccgroup_entry *e)
{
	char *line = *pos, *nl;

	/* empty lines are no hierarchy: the text ends in one */
	while (*line == '\n')
		line++;
	if (!*line) {
		*pos = line;
		return 0;
	}
	nl = strchr(line, '\n');
	*pos = nl ? nl + 1 : line + strlen(line);
	if (nl)
		*nl = '\0';
	return proccgroup_parse_line(line, e) < 0 ? -EINVAL : 1;
}

bool proccgroup_list_has(const char *list, const char *word, size_t len)
{
	const char *p = list;

	if (!len)
		return false;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, word, len) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

/* does the controller list of @n bytes at @list hold @word? */
static bool span_has(const char *list, size_t n, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list, *end = list + n, *c;

	while (p < end) {
		c = memchr(p, ',', (size_t) (end - p));
		if (!c)
			c = end;
		if ((size_t) (c - p) == wl && !strncmp(p, word, wl))
			return true;
		p = c + 1;
	}
	return false;
}

/* walk @text without changing it; @controller "" takes the first line */
static int find(const char *text, const char *controller, const char **path,
		size_t *len)
{
	const char *line, *end, *c1, *c2;
	long id;

	for (line = text; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if (!split(line, (size_t) (end - line), &c1, &c2, &id))
			continue;
		if (controller ? (*controller && !span_has(c1 + 1, (size_t) (c2 - c1 - 1), controller))
			       : id != 0)
			continue;
		*path = c2 + 1;
		*len = (size_t) (end - *path);
		return 0;
	}
	return -ENOENT;
}

int proccgroup_path(const char *text, const char *controller,
		    const char **path, size_t *len)
{
	if (controller && !*controller)
		return -ENOENT;
	return find(text, controller, path, len);
}

int proccgroup_main_path(const char *text, const char **path, size_t *len)
{
	if (find(text, NULL, path, len) == 0)
		return 0;
	return find(text, "", path, len);
}

ssize_t proccgroup_read(int procfd, pid_t pid, char **text)
{
	if (!pid)
		return proc_read_file(procfd, procfd >= 0 ? "self/cgroup" : "/proc/self/cgroup", text);
	return proc_read_pid_file(procfd, pid, "cgroup", text);
}
