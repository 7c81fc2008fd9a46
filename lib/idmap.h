/*
 * idmap.h - user and group ID maps of user namespaces: parse them, find the
 * caller's subordinate IDs, and write them to /proc/PID/{uid,gid}_map.
 */
#ifndef XNS_IDMAP_H
#define XNS_IDMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define IDMAP_MAX 340   /* the kernel's limit on lines of one map */

struct idmap_range {
	uint32_t inner;     /* first ID inside the namespace */
	uint32_t outer;     /* first ID outside it */
	uint32_t count;
	unsigned flags;     /* IDMAP_RANGE_* */
};

/*
 * The inner IDs of a range from the subordinate IDs ("auto") are ours to
 * choose: a single ID mapped later takes its inner ID and the range moves up
 * past it, so that no subordinate ID is lost (util-linux unshare does the same).
 */
enum { IDMAP_RANGE_AUTO = 1 };

struct idmap {
	struct idmap_range r[IDMAP_MAX];
	size_t n;
};

enum idmap_kind { IDMAP_UID, IDMAP_GID };

/**
 * idmap_parse_range - "inner:outer:count", or the older "outer,inner,count"
 * (util-linux 2.38's --map-users order).  Ranges that wrap past 2^32-1 are
 * -ERANGE, a count of 0 is -EINVAL.
 */
int idmap_parse_range(const char *s, struct idmap_range *r);

/**
 * idmap_add - append @r, refusing a range whose inner or outer IDs overlap
 * a range already in @map (-EEXIST, as the kernel would refuse it) or a
 * full map (-E2BIG).
 */
int idmap_add(struct idmap *map, const struct idmap_range *r);

/**
 * idmap_subid_find - the first range that @name (or @id as a number) owns
 * in a subuid(5)/subgid(5) file, read from @f.  -ENOENT when none, -EINVAL
 * for a malformed line that names this user.  The range comes back as an
 * "auto" one: inner 0, IDMAP_RANGE_AUTO; clear flags to place it yourself.
 */
int idmap_subid_find(FILE *f, const char *name, uint32_t id,
		     struct idmap_range *out);

/** idmap_subid_lookup - the same, opening @path ("/etc/subuid") */
int idmap_subid_lookup(const char *path, const char *name, uint32_t id,
		       struct idmap_range *out);

/**
 * idmap_parse_procmap - parse the text of a /proc/PID/uid_map into @map
 * (the lines are "inner outer count")
 */
int idmap_parse_procmap(const char *text, struct idmap *map);

/** idmap_format - "inner outer count\n" lines, as the kernel wants them */
int idmap_format(const struct idmap *map, char *buf, size_t len);

/**
 * idmap_write - write @map to /proc/@pid/{uid,gid}_map in one write(2),
 * which is all the kernel takes.  Needs CAP_SETUID/CAP_SETGID over the
 * parent namespace, or a map of just the writer's own ID.  The same as
 * idmap_apply(pid, kind, map, IDMAP_SETGROUPS_AUTO, 0): an unprivileged
 * gid map gets setgroups denied first.
 */
int idmap_write(pid_t pid, enum idmap_kind kind, const struct idmap *map);

/**
 * idmap_write_helper - let setuid newuidmap/newgidmap write @map (the path
 * for unprivileged users with subordinate IDs).  Returns 0, -errno when the
 * helper could not run, or -EPERM when it refused (it printed why).  The
 * same as idmap_apply(pid, kind, map, IDMAP_SETGROUPS_AUTO, IDMAP_VIA_HELPER).
 */
int idmap_write_helper(pid_t pid, enum idmap_kind kind, const struct idmap *map);

/** idmap_setgroups - write "allow" or "deny" to /proc/@pid/setgroups (@pid 0: ours) */
int idmap_setgroups(pid_t pid, bool allow);

/* what the writer of a gid map does with /proc/PID/setgroups first */
enum idmap_setgroups {
	IDMAP_SETGROUPS_AUTO,   /* deny where the kernel requires it, else leave it */
	IDMAP_SETGROUPS_DENY,
	IDMAP_SETGROUPS_ALLOW,
};

enum { IDMAP_VIA_HELPER = 1 };  /* write through newuidmap/newgidmap */

/**
 * idmap_apply - the one writer of /proc/@pid/{uid,gid}_map (@pid 0: our own)
 * @sg: for a gid map, what to write to setgroups first; ignored for uids
 * @flags: IDMAP_VIA_HELPER to let newuidmap/newgidmap write it
 *
 * Since Linux 3.19 a gid map of just the writer's own group is taken from
 * a writer without CAP_SETGID over the parent namespace only once setgroups
 * is "deny" (else a process could drop a group that denies it access), and
 * setgroups cannot change once the map is written: so setgroups is always
 * settled here, before the map.  IDMAP_SETGROUPS_AUTO denies it where the
 * kernel requires that: a map of one ID written without CAP_SETGID over the
 * parent namespace (our own map, from inside; or without the capability);
 * otherwise, and through the helper (newgidmap decides), it is left alone.
 * ALLOW works where the kernel allows it (the writer holds CAP_SETGID).
 * Returns 0 or -errno (-EPERM also when the helper refused; it said why).
 */
int idmap_apply(pid_t pid, enum idmap_kind kind, const struct idmap *map,
		enum idmap_setgroups sg, unsigned flags);

/**
 * idmap_read - the one reader of /proc/@pid/{uid,gid}_map (@pid 0: self)
 */
int idmap_read(pid_t pid, enum idmap_kind kind, struct idmap *map);

/** idmap_single - the map of one ID: inner -> outer, count 1 */
void idmap_single(struct idmap *map, uint32_t inner, uint32_t outer);

/** idmap_contains_outer - whether @map maps outer ID @id */
bool idmap_contains_outer(const struct idmap *map, uint32_t id);

/**
 * idmap_add_single - map one ID, @inner -> @outer, into a map that may
 * already cover either: the ranges holding them are split around them, so
 * "--map-user=0 --map-users=auto" maps what it says without an overlap.
 */
int idmap_add_single(struct idmap *map, uint32_t inner, uint32_t outer);

/**
 * idmap_add_all - an identity map of every range of @procmap (the caller's
 * own uid_map or gid_map): "--map-users=all"
 */
int idmap_add_all(struct idmap *map, const struct idmap *procmap);

#endif
