/*
 * cgjoin.c - where, under this mount namespace's cgroup mounts, a process's
 * groups are.
 */
#include "compat.h"
#include "cgjoin.h"
#include "mountinfo.h"
#include "proc.h"
#include "proccgroup.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cgjoin_mount_holds(const char *fstype, const char *superopts,
		       const struct proccgroup_entry *e)
{
	const char *p = e->controllers;

	if (e->id == 0)
		return strcmp(fstype, "cgroup2") == 0;
	if (strcmp(fstype, "cgroup") != 0)
		return 0;
	/* every controller of the hierarchy is an option of its mount */
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n && !proccgroup_list_has(superopts, p, n))
			return 0;
		p += n;
		if (*p == ',')
			p++;
	}
	return 1;
}

/* the directory of hierarchy @e under the first mount that shows it */
static char *find_dir(const struct proccgroup_entry *e, const char *mountinfo)
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
	char *text = strdup(cgroup), *pos = text, **out = NULL;
	struct proccgroup_entry e;
	int n = 0, rc = 0, more;

	if (!text)
		return -ENOMEM;
	while ((more = proccgroup_next(&pos, &e)) != 0) {
		char **grown, *dir;

		if (more < 0) {
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
	n = mountinfo_read(procfd, &mi);
	if (n < 0) {
		free(cg);
		return (int) n;
	}
	rc = cgjoin_dirs(cg, mi, dirs);
	free(cg);
	free(mi);
	return rc;
}
