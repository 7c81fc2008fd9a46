/*
 * mountinfo.c - a small mountinfo reader (see proc(5)), for the propagation
 * questions of tools that need no libmount.
 */
#include "compat.h"
#include "cleanup.h"
#include "mountinfo.h"
#include "proc.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Decode the \ooo escapes the kernel writes for space, tab, \n and \\. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; ) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' &&
		    r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char) (((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static char *next_field(char **p)
{
	char *s = *p, *start;

	while (*s == ' ')
		s++;
	if (!*s || *s == '\n')
		return NULL;
	start = s;
	while (*s && *s != ' ' && *s != '\n')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 0x7fffffff)
		return -EINVAL;
	*out = (int) v;
	return 0;
}

int mountinfo_parse_line(char *line, struct mountinfo_entry *e)
{
	char *p = line, *f[6], *opt;
	int i;

	memset(e, 0, sizeof(*e));
	/* id parent major:minor root target options */
	for (i = 0; i < 6; i++)
		if (!(f[i] = next_field(&p)))
			return -EINVAL;
	if (parse_int(f[0], &e->id) < 0 || parse_int(f[1], &e->parent_id) < 0)
		return -EINVAL;
	if (!strchr(f[2], ':'))
		return -EINVAL;
	unescape(f[3]);
	unescape(f[4]);
	e->root = f[3];
	e->target = f[4];
	e->options = f[5];

	/* optional fields, up to the lone "-" */
	for (;;) {
		if (!(opt = next_field(&p)))
			return -EINVAL;
		if (strcmp(opt, "-") == 0)
			break;
		if (strncmp(opt, "shared:", 7) == 0) {
			if (parse_int(opt + 7, &e->shared) < 0)
				return -EINVAL;
		} else if (strncmp(opt, "master:", 7) == 0) {
			if (parse_int(opt + 7, &e->master) < 0)
				return -EINVAL;
		} else if (strcmp(opt, "unbindable") == 0) {
			e->unbindable = true;
		}
	}
	if (!(e->fstype = next_field(&p)) || !(e->source = next_field(&p)))
		return -EINVAL;
	unescape((char *) e->source);
	if (!(e->superopts = next_field(&p)))
		e->superopts = "";
	return 0;
}

ssize_t mountinfo_read(int procfd, char **text)
{
	return proc_read_file(procfd, procfd >= 0 ? "self/mountinfo" : "/proc/self/mountinfo",
			      text);
}

int mountinfo_path_in(const struct mountinfo_entry *m, const char *path, char **out)
{
	size_t rlen = strcmp(m->root, "/") == 0 ? 0 : strlen(m->root), n;
	char *dir;

	*out = NULL;
	if (strncmp(path, m->root, rlen) != 0 || (path[rlen] && path[rlen] != '/'))
		return -ENOENT;
	/* e.g. a cgroup outside our cgroup namespace reads "/../x" */
	n = strlen(path);
	if (strstr(path, "/../") || (n >= 3 && strcmp(path + n - 3, "/..") == 0))
		return -ENOENT;
	if (asprintf(&dir, "%s%s", m->target, path + rlen) < 0)
		return -ENOMEM;
	/* "/sys/fs/cgroup/unified/" for the mount's root itself */
	n = strlen(dir);
	if (n > 1 && dir[n - 1] == '/')
		dir[n - 1] = '\0';
	*out = dir;
	return 0;
}

int mountinfo_next(char **pos, struct mountinfo_entry *e)
{
	char *line, *end;

	while (*pos && **pos) {
		line = *pos;
		end = strchr(line, '\n');
		if (end)
			*end++ = '\0';
		*pos = end;
		if (mountinfo_parse_line(line, e) == 0)
			return 1;
	}
	return 0;
}

/*
 * statmount(2), Linux 6.8: one mount's propagation without reading the
 * whole table, whose size grows with every mount (every persisted
 * namespace adds one).  The layout is the kernel's uapi struct statmount
 * up to the fields we read; glibc 2.36 has no wrapper.
 */
#ifndef __NR_statmount
# define __NR_statmount 457
#endif
#ifndef STATX_MNT_ID_UNIQUE
# define STATX_MNT_ID_UNIQUE 0x00004000U
#endif
#define XNS_STATMOUNT_MNT_BASIC 0x00000002U

struct xns_mnt_id_req {
	uint32_t size, spare;
	uint64_t mnt_id, param;
};

struct xns_statmount {
	uint32_t size, spare1;
	uint64_t mask;
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;
	uint64_t mnt_id, mnt_parent_id;
	uint32_t mnt_id_old, mnt_parent_id_old;
	uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
	uint32_t mnt_root, mnt_point;
	uint64_t spare2[50];
};

/* 0 with @sm filled, or -errno (-ENOSYS and friends: read mountinfo) */
static int statmount_basic(uint64_t id, struct xns_statmount *sm)
{
	struct xns_mnt_id_req req = { .size = sizeof(req), .mnt_id = id,
				      .param = XNS_STATMOUNT_MNT_BASIC };

	memset(sm, 0, sizeof(*sm));
	if (syscall(__NR_statmount, &req, sm, sizeof(*sm), 0) < 0)
		return -errno;
	return sm->mask & XNS_STATMOUNT_MNT_BASIC ? 0 : -ENOSYS;
}

/* the unique id of the mount @path is on (0: this kernel has none) */
static uint64_t unique_mnt_id(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID_UNIQUE, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID_UNIQUE))
		return 0;
	return stx.stx_mnt_id;
}

int mountinfo_in_parents_group(const char *path)
{
	_cleanup_free_ char *text = NULL, *copy = NULL;
	struct xns_statmount sm;
	struct mountinfo_entry m;
	uint64_t id = unique_mnt_id(path), group;
	int old_group = 0, parent = -1;
	struct statx stx;
	char *pos;
	ssize_t n;

	if (id && statmount_basic(id, &sm) == 0) {
		group = sm.mnt_peer_group;
		if (!group || statmount_basic(sm.mnt_parent_id, &sm) < 0)
			return 0;
		return sm.mnt_peer_group == group;
	}
	/* before 6.8: the whole table, twice (mountinfo_next splits it) */
	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) < 0)
		return -errno;
	if ((n = mountinfo_read(-1, &text)) < 0)
		return (int) n;
	if (!(copy = strdup(text)))
		return -ENOMEM;
	for (pos = text; mountinfo_next(&pos, &m);)
		if ((uint64_t) m.id == stx.stx_mnt_id) {
			old_group = m.shared, parent = m.parent_id;
			break;
		}
	if (!old_group)
		return 0;
	for (pos = copy; mountinfo_next(&pos, &m);)
		if (m.id == parent)
			return m.shared == old_group;
	return 0;
}

int mountinfo_is_shared(int procfd, const char *path)
{
	struct xns_statmount sm;
	struct statx stx;
	struct mountinfo_entry e;
	char *text, *pos;
	uint64_t id;
	ssize_t n;
	int rc = -ENOENT;

	/* the real /proc only: a fixture tree under @procfd has no statmount */
	if (procfd < 0 && (id = unique_mnt_id(path)) && statmount_basic(id, &sm) == 0)
		return sm.mnt_peer_group != 0;
	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return -ENOSYS;
	n = mountinfo_read(procfd, &text);
	if (n < 0)
		return (int) n;
	pos = text;
	while (mountinfo_next(&pos, &e) > 0)
		if ((unsigned long long) e.id == stx.stx_mnt_id) {
			rc = e.shared != 0;
			break;
		}
	free(text);
	return rc;
}
