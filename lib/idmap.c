/*
 * idmap.c - user namespace ID maps (user_namespaces(7)).
 */
#include "compat.h"
#include "idmap.h"
#include "kfile.h"
#include "parse.h"
#include "proc.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

/* split "a<sep>b<sep>c" into three u32s */
static int three(const char *s, char sep, uint32_t v[3])
{
	char buf[96], *f[3], *p;
	int i;

	if (!s || strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	p = buf;
	for (i = 0; i < 3; i++) {
		f[i] = p;
		p = strchr(p, sep);
		if (i < 2) {
			if (!p)
				return -EINVAL;
			*p++ = '\0';
		} else if (p) {
			return -EINVAL;
		}
	}
	for (i = 0; i < 3; i++) {
		int rc = parse_u32(f[i], &v[i]);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int range_check(const struct idmap_range *r)
{
	if (r->count == 0)
		return -EINVAL;
	if ((uint64_t) r->inner + r->count - 1 > UINT32_MAX - 1 ||
	    (uint64_t) r->outer + r->count - 1 > UINT32_MAX - 1)
		return -ERANGE;
	return 0;
}

int idmap_parse_range(const char *s, struct idmap_range *r)
{
	struct idmap_range t = { 0 };
	uint32_t v[3];
	int rc;

	if (s && strchr(s, ':')) {
		rc = three(s, ':', v);
		t.inner = v[0], t.outer = v[1], t.count = v[2];
	} else {
		rc = three(s, ',', v);
		t.outer = v[0], t.inner = v[1], t.count = v[2];
	}
	if (rc < 0)
		return rc;
	rc = range_check(&t);
	if (rc < 0)
		return rc;
	*r = t;
	return 0;
}

static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return (uint64_t) a < (uint64_t) b + blen && (uint64_t) b < (uint64_t) a + alen;
}

int idmap_add(struct idmap *map, const struct idmap_range *r)
{
	int rc = range_check(r);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < map->n; i++)
		if (overlap(map->r[i].inner, map->r[i].count, r->inner, r->count) ||
		    overlap(map->r[i].outer, map->r[i].count, r->outer, r->count))
			return -EEXIST;
	if (map->n == IDMAP_MAX)
		return -E2BIG;
	map->r[map->n++] = *r;
	return 0;
}

void idmap_single(struct idmap *map, uint32_t inner, uint32_t outer)
{
	map->n = 1;
	map->r[0] = (struct idmap_range) { inner, outer, 1, 0 };
}

bool idmap_contains_outer(const struct idmap *map, uint32_t id)
{
	for (size_t i = 0; i < map->n; i++)
		if (id >= map->r[i].outer && id - map->r[i].outer < map->r[i].count)
			return true;
	return false;
}

int idmap_subid_find(FILE *f, const char *name, uint32_t id,
		     struct idmap_range *out)
{
	char *line = NULL, idbuf[16];
	size_t cap = 0;
	ssize_t len;
	int rc = -ENOENT;

	snprintf(idbuf, sizeof(idbuf), "%u", id);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *user, *start, *count, *save = NULL;
		uint32_t s, c;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		user = strtok_r(line, ":", &save);
		if (!user)
			continue;
		if (!((name && strcmp(user, name) == 0) || strcmp(user, idbuf) == 0))
			continue;
		start = strtok_r(NULL, ":", &save);
		count = strtok_r(NULL, ":", &save);
		if (!start || !count || strtok_r(NULL, ":", &save) ||
		    parse_u32(start, &s) < 0 || parse_u32(count, &c) < 0 ||
		    c == 0 || (uint64_t) s + c - 1 > UINT32_MAX - 1) {
			rc = -EINVAL;
			break;
		}
		out->inner = 0;
		out->outer = s;
		out->count = c;
		out->flags = IDMAP_RANGE_AUTO;
		rc = 0;
		break;
	}
	free(line);
	return rc;
}

int idmap_subid_lookup(const char *path, const char *name, uint32_t id,
		       struct idmap_range *out)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return -errno;
	rc = idmap_subid_find(f, name, id, out);
	fclose(f);
	return rc;
}

int idmap_parse_procmap(const char *text, struct idmap *map)
{
	const char *p = text;

	map->n = 0;
	while (*p) {
		struct idmap_range r = { 0 };
		unsigned long long v[3];
		char *end;

		for (int i = 0; i < 3; i++) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p < '0' || *p > '9')
				return -EINVAL;
			errno = 0;
			v[i] = strtoull(p, &end, 10);
			if (errno || v[i] > UINT32_MAX)
				return -ERANGE;
			p = end;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n')
			p++;
		else if (*p)
			return -EINVAL;
		r.inner = (uint32_t) v[0];
		r.outer = (uint32_t) v[1];
		r.count = (uint32_t) v[2];
		/* the kernel's own map of everything: 0 0 4294967295 */
		if (r.count == 0 || (uint64_t) r.inner + r.count > (uint64_t) UINT32_MAX + 1 ||
		    (uint64_t) r.outer + r.count > (uint64_t) UINT32_MAX + 1)
			return -ERANGE;
		if (map->n == IDMAP_MAX)
			return -E2BIG;
		map->r[map->n++] = r;
	}
	return 0;
}

int idmap_format(const struct idmap *map, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (size_t i = 0; i < map->n; i++) {
		int n = snprintf(buf + off, len - off, "%u %u %u\n",
				 map->r[i].inner, map->r[i].outer, map->r[i].count);

		if (n < 0 || (size_t) n >= len - off)
			return -ENOSPC;
		off += (size_t) n;
	}
	return (int) off;
}

static int write_proc(pid_t pid, const char *file, const char *data, size_t len)
{
	char path[64];

	/* "self" for ourselves: right even when /proc is another PID namespace's */
	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	else
		snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, file);
	return kfile_write(AT_FDCWD, path, data, len);
}

/* the map itself, in the one write(2) the kernel takes */
static int write_direct(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	char buf[IDMAP_MAX * 36];
	int len = idmap_format(map, buf, sizeof(buf));

	if (len < 0)
		return len;
	return write_proc(pid, kind == IDMAP_UID ? "uid_map" : "gid_map",
			  buf, (size_t) len);
}

static int write_helper(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	const char *helper = kind == IDMAP_UID ? "newuidmap" : "newgidmap";
	char **argv, *nums;
	size_t argc = 0;
	pid_t child;
	int status, rc;

	argv = calloc(3 + 3 * map->n, sizeof(char *));
	nums = malloc((1 + 3 * map->n) * 12);
	if (!argv || !nums) {
		free(argv);
		free(nums);
		return -ENOMEM;
	}
	argv[argc++] = (char *) helper;
#define NUM(i, v) (snprintf(nums + 12 * (i), 12, "%u", (unsigned) (v)), nums + 12 * (i))
	argv[argc++] = NUM(0, pid ? pid : getpid());
	for (size_t i = 0; i < map->n; i++) {
		argv[argc++] = NUM(1 + 3 * i, map->r[i].inner);
		argv[argc++] = NUM(2 + 3 * i, map->r[i].outer);
		argv[argc++] = NUM(3 + 3 * i, map->r[i].count);
	}
#undef NUM
	argv[argc] = NULL;

	rc = posix_spawnp(&child, helper, NULL, NULL, argv, environ);
	free(argv);
	free(nums);
	if (rc != 0)
		return -rc;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return -EPERM;
}

/*
 * Whether we hold CAP_SETGID over the parent namespace of @pid's: never for
 * our own map (we write it from inside the namespace we made, and a
 * namespace's members have no capability over its parent), else when we
 * have it at all (the target's namespace is a child of ours).
 */
static bool setgid_over_parent(pid_t pid)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (pid == 0 || pid == getpid())
		return false;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return data[CAP_SETGID / 32].effective & (1U << (CAP_SETGID % 32));
}

int idmap_apply(pid_t pid, enum idmap_kind kind, const struct idmap *map,
		enum idmap_setgroups sg, unsigned flags)
{
	bool single = map->n == 1 && map->r[0].count == 1;
	int rc = 0;

	if (map->n == 0)
		return -EINVAL;
	/*
	 * setgroups is fixed once the gid map is written: settle it first.
	 * AUTO denies it where the kernel takes the map only so: one ID,
	 * from a writer without CAP_SETGID over the parent namespace.  The
	 * setuid helper decides that for itself.
	 */
	if (kind == IDMAP_GID) {
		if (sg == IDMAP_SETGROUPS_ALLOW)
			rc = idmap_setgroups(pid, true);
		else if (sg == IDMAP_SETGROUPS_DENY ||
			 (single && !(flags & IDMAP_VIA_HELPER) && !setgid_over_parent(pid)))
			rc = idmap_setgroups(pid, false);
		if (rc < 0)
			return rc;
	}
	if (flags & IDMAP_VIA_HELPER)
		return write_helper(pid, kind, map);
	return write_direct(pid, kind, map);
}

int idmap_write(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	return idmap_apply(pid, kind, map, IDMAP_SETGROUPS_AUTO, 0);
}

int idmap_write_helper(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	return idmap_apply(pid, kind, map, IDMAP_SETGROUPS_AUTO, IDMAP_VIA_HELPER);
}

int idmap_read(pid_t pid, enum idmap_kind kind, struct idmap *map)
{
	const char *file = kind == IDMAP_UID ? "uid_map" : "gid_map";
	char path[64], *text;
	ssize_t len;
	int rc;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	else
		snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, file);
	len = proc_read_file(-1, path, &text);
	if (len < 0)
		return (int) len;
	rc = idmap_parse_procmap(text, map);
	free(text);
	return rc;
}

int idmap_setgroups(pid_t pid, bool allow)
{
	const char *v = allow ? "allow" : "deny";
	int rc = write_proc(pid, "setgroups", v, strlen(v));

	/* kernels before 3.19 have no such file, and no such hole */
	return rc == -ENOENT ? 0 : rc;
}

/* cut ID @id (inner or outer side) out of every range of @map */
static int idmap_cut(struct idmap *map, bool inner_side, uint32_t id)
{
	struct idmap out = { .n = 0 };

	for (size_t i = 0; i < map->n; i++) {
		struct idmap_range r = map->r[i];
		uint32_t start = inner_side ? r.inner : r.outer, off;

		if (id < start || id - start >= r.count) {
			out.r[out.n++] = r;
			continue;
		}
		off = id - start;
		if (off > 0)
			out.r[out.n++] = (struct idmap_range) { r.inner, r.outer, off, r.flags };
		if (r.count - off - 1 > 0) {
			if (out.n == IDMAP_MAX)
				return -E2BIG;
			out.r[out.n++] = (struct idmap_range) {
				r.inner + off + 1, r.outer + off + 1, r.count - off - 1, r.flags };
		}
		if (out.n > IDMAP_MAX - 1 && i + 1 < map->n)
			return -E2BIG;
	}
	*map = out;
	return 0;
}

/*
 * Make room for inner ID @id in the auto ranges of @map: the part from @id
 * up moves up by one, keeping every outer ID.  A range of one subordinate
 * ID at inner 0 thus still maps, at inner 1, beside "--map-user=0".
 */
static int idmap_shift_auto(struct idmap *map, uint32_t id)
{
	struct idmap out = { .n = 0 };

	for (size_t i = 0; i < map->n; i++) {
		struct idmap_range r = map->r[i], top;
		uint32_t off;

		if (!(r.flags & IDMAP_RANGE_AUTO) || id < r.inner || id - r.inner >= r.count) {
			out.r[out.n++] = r;
			continue;
		}
		off = id - r.inner;
		if (off > 0)
			out.r[out.n++] = (struct idmap_range) { r.inner, r.outer, off, r.flags };
		top = (struct idmap_range) { id + 1, r.outer + off, r.count - off, r.flags };
		if (range_check(&top) < 0)
			return -ERANGE;
		if (out.n == IDMAP_MAX || (out.n + map->n - i - 1) >= IDMAP_MAX)
			return -E2BIG;
		out.r[out.n++] = top;
	}
	/* the part moved up may now meet a range given after it */
	for (size_t i = 0; i < out.n; i++)
		for (size_t j = i + 1; j < out.n; j++)
			if (overlap(out.r[i].inner, out.r[i].count, out.r[j].inner, out.r[j].count))
				return -EEXIST;
	*map = out;
	return 0;
}

int idmap_add_single(struct idmap *map, uint32_t inner, uint32_t outer)
{
	struct idmap_range one = { inner, outer, 1, 0 };
	int rc;

	if ((rc = idmap_shift_auto(map, inner)) < 0 ||
	    (rc = idmap_cut(map, true, inner)) < 0 ||
	    (rc = idmap_cut(map, false, outer)) < 0)
		return rc;
	return idmap_add(map, &one);
}

int idmap_add_all(struct idmap *map, const struct idmap *procmap)
{
	for (size_t i = 0; i < procmap->n; i++) {
		struct idmap_range r = procmap->r[i];
		int rc;

		r.outer = r.inner;
		/* the kernel's "0 0 4294967295" is one short of range_check's limit */
		if ((uint64_t) r.inner + r.count > UINT32_MAX)
			r.count = UINT32_MAX - r.inner;
		if (r.count == 0)
			continue;
		rc = idmap_add(map, &r);
		if (rc < 0)
			return rc;
	}
	return 0;
}
