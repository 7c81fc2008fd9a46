/*
 * cgjoin.c - where, under this mount namespace's cgroup mounts, a process's
 * groups are.
 */
#include "compat.h"
#include "cgjoin.h"
#include "mountinfo.h"
#include "proc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cgjoin_parse_line(char *line, struct cgjoin_entry *e)
{
	char *c1, *c2, *end, *nl;
	long id;

	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	c1 = strchr(line, ':');
	if (!c1 || c1 == line)
		return -EINVAL;
	c2 = strchr(c1 + 1, ':');
	if (!c2 || c2[1] != '/')
		return -EINVAL;
	*c1 = *c2 = '\0';
	errno = 0;
	id = strtol(line, &end, 10);
	if (errno || *end || id < 0 || id > 0x7fffffff)
		return -EINVAL;
	/* cgroup2 is hierarchy 0 and names no controllers; v1 ones always do */
	if ((id == 0) != (c1[1] == '\0'))
		return -EINVAL;
	e->id = (int) id;
	e->controllers = c1 + 1;
	e->path = c2 + 1;
	return 0;
}

/* is @word one of the comma-separated items of @list? */
static bool has_item(const char *list, const char *word, size_t len)
{
	const char *p = list;

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

int cgjoin_mount_holds(const char *fstype, const char *superopts,
		       const struct cgjoin_entry *e)
{
	const char *p = e->controllers;

	if (e->id == 0)
		return strcmp(fstype, "cgroup2") == 0;
	if (strcmp(fstype, "cgroup") != 0)
		return 0;
	/* every controller of the hierarchy is an option of its mount */
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n && !has_item(superopts, p, n))
			return 0;
		p += n;
		if (*p == ',')
			p++;
	}
	return 1;
}

/* the directory of hierarchy @e under the first mount that shows it */
static char *find_dir(const struct cgjoin_entry *e, const char *mountinfo)
{
	char *text = strdup(mountinfo), *pos = text, *dir = NULL;
	struct mountinfo_entry m;

	while (text && !dir && mountinfo_next(&pos, &m))
		if (cgjoin_mount_holds(m.fstype, m.superopts, e))
			mountinfo_path_in(&m, e->path, &dir);
	free(text);
	return dir;
}

void cgjoin_free(char **dirs)
{
	if (!dirs)
		return;
	for (char **d = dirs; *d; d++)
		free(*d);
	free(dirs);
}

int cgjoin_dirs(const char *cgroup, const char *mountinfo, char ***dirs)
{
	char *text = strdup(cgroup), *line, *save = NULL, **out = NULL;
	struct cgjoin_entry e;
	int n = 0, rc = 0;

	if (!text)
		return -ENOMEM;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char **grown, *dir;

		if (cgjoin_parse_line(line, &e) < 0) {
			rc = -EINVAL;
			break;
		}
		dir = find_dir(&e, mountinfo);
		if (!dir)
			continue;
		grown = realloc(out, (size_t) (n + 2) * sizeof(*out));
		if (!grown) {
			free(dir);
			rc = -ENOMEM;
			break;
		}
		out = grown;
		out[n++] = dir;
		out[n] = NULL;
	}
	free(text);
	if (rc < 0) {
		cgjoin_free(out);
		return rc;
	}
	if (!out) {
		out = calloc(1, sizeof(*out));
		if (!out)
			return -ENOMEM;
	}
	*dirs = out;
	return n;
}

int cgjoin_read(int piddir, int procfd, char ***dirs)
{
	char *cg = NULL, *mi = NULL;
	ssize_t n;
	int rc;

	n = proc_read_pid_file(piddir, 0, "cgroup", &cg);
	if (n < 0)
		return (int) n;
	n = proc_read_file(procfd, procfd >= 0 ? "self/mountinfo" : "/proc/self/mountinfo", &mi);
	if (n < 0) {
		free(cg);
		return (int) n;
	}
	rc = cgjoin_dirs(cg, mi, dirs);
	free(cg);
	free(mi);
	return rc;
}
