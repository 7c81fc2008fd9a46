/*
 * cgroup-group.h - one group's life: create, open, attach, signal, kill,
 * wait until empty, remove; and the collection of groups that killed runs
 * left.  One group here is one directory per hierarchy used, all with the
 * same path below each hierarchy's root.  Returns 0 (or a count) or -errno.
 */
#ifndef XNS_CGROUP_GROUP_H
#define XNS_CGROUP_GROUP_H

#include "cgroup-layout.h"

/* one group: a directory in each hierarchy used, same path in each */
struct cgroup {
	const struct cgroup_layout *lo;
	char *path;                    /* below each root: "/xns-cg-42" */
	int fd[CGROUP_MAX_HIER];       /* directory, -1 where not used */
	bool created;                  /* we made it, so we remove it */
};

/** cgroup_init - an empty handle (every fd -1) */
void cgroup_init(struct cgroup *cg, const struct cgroup_layout *lo);

/** cgroup_valid_path - a group path: no "..", no empty name, no control chars */
bool cgroup_valid_path(const char *path);

/**
 * cgroup_create - make @parent/@name in every hierarchy serving a
 * controller of @ctrls, plus the cgroup2 one (for cgroup.kill and
 * cgroup.events); @name NULL picks "xns-cg-<pid>", with a "-N" suffix when
 * taken.  On v2 the controllers of @need are enabled in the parent's
 * cgroup.subtree_control (failure is an error), those of @ctrls only where
 * possible.  A new v1 cpuset group gets its parent's CPUs and memory nodes,
 * without which nothing can join it.  Everything made is removed again on
 * failure.  Returns 0, -ENOENT when @parent is missing, or -errno.
 */
int cgroup_create(struct cgroup *cg, const struct cgroup_layout *lo,
		  const char *parent, const char *name, unsigned ctrls,
		  unsigned need);

/**
 * cgroup_create_run - cgroup_create() for a run that removes its group when
 * it ends, so that cgroup_gc() may collect the group should the run be
 * killed first.  The first directory made (the cgroup2 one where there is
 * one, else memory's) is marked by mkdir itself (mode bit CGROUP_RUN_MARK,
 * the sticky bit, which no umask clears), so no instant goes unmarked, and
 * locked (flock) for as long as the handle is open.  A mark and a lock say
 * "a run is using it" in any PID namespace or container, as a PID in the
 * name cannot.  A @name taken by such a leftover, empty and unlocked, is
 * collected and made anew.
 */
int cgroup_create_run(struct cgroup *cg, const struct cgroup_layout *lo,
		      const char *parent, const char *name, unsigned ctrls,
		      unsigned need);

#define CGROUP_RUN_MARK 01000   /* S_ISVTX on the tracking directory */

/**
 * cgroup_unmark - the run is done and keeps its group: clear the mark, so
 * that no cgroup_gc() ever takes it.  0 or -errno.
 */
int cgroup_unmark(const struct cgroup *cg);

/**
 * cgroup_mkdir_path - make each missing level of @path in hierarchy @h (by
 * index), a new v1 cpuset level with its parent's CPUs and memory nodes;
 * what exists already is left as it is.  Returns an O_DIRECTORY fd of the
 * last level, or -errno.  For a group that gains a hierarchy late.
 */
int cgroup_mkdir_path(const struct cgroup_layout *lo, int h, const char *path);

/**
 * cgroup_open - an existing group at @path in the hierarchies serving
 * @ctrls (CGROUP_ALL: every hierarchy we know).  -ENOENT when it is missing
 * from one of them, -ENODEV when a controller has no hierarchy.
 */
int cgroup_open(struct cgroup *cg, const struct cgroup_layout *lo,
		unsigned ctrls, const char *path);

/**
 * cgroup_open_hiers - an existing group at @path in the hierarchies of the
 * bit set @hiers (by index, as cgroup_hier_by_name() gives them).
 * -ENOENT when it is missing from one of them.
 */
int cgroup_open_hiers(struct cgroup *cg, const struct cgroup_layout *lo,
		      unsigned hiers, const char *path);

/** cgroup_close - close the directories, keep the groups */
void cgroup_close(struct cgroup *cg);

/**
 * cgroup_remove - rmdir every directory we created (retrying briefly while
 * the kernel still counts exiting tasks), then close.  0 or -errno.
 */
int cgroup_remove(struct cgroup *cg);

/** cgroup_has - true when the group has a directory serving @c */
bool cgroup_has(const struct cgroup *cg, enum cgroup_ctrl c);

/** cgroup_ctrl_v2 - true when @c is served by cgroup2 on the group's layout */
bool cgroup_ctrl_v2(const struct cgroup *cg, enum cgroup_ctrl c);

/** cgroup_ctrl_fd - the group's directory serving @c, or -ENODEV */
int cgroup_ctrl_fd(const struct cgroup *cg, enum cgroup_ctrl c);

/** cgroup_hiers - the bit set of hierarchies (by index) the group has a directory in */
unsigned cgroup_hiers(const struct cgroup *cg);

/** cgroup_v2_fd - the group's cgroup2 directory, or -1 */
int cgroup_v2_fd(const struct cgroup *cg);

/** cgroup_write - write @val to @file in the hierarchy serving @c */
int cgroup_write(const struct cgroup *cg, enum cgroup_ctrl c,
		 const char *file, const char *val);

/** cgroup_read - read @file of the hierarchy serving @c, NUL-terminated; length or -errno */
ssize_t cgroup_read(const struct cgroup *cg, enum cgroup_ctrl c,
		    const char *file, char *buf, size_t len);

/**
 * cgroup_attach - move @pid (0: the caller) into the group in every
 * hierarchy it has, skipping the cgroup2 one when @skip_v2 (a child made
 * with CLONE_INTO_CGROUP is there already).  System calls only: safe in a
 * child that borrows its parent's memory (child_vfork).
 */
int cgroup_attach(const struct cgroup *cg, pid_t pid, bool skip_v2);

/** cgroup_count - processes in the group now (0 when empty), or -errno */
int cgroup_count(const struct cgroup *cg);

/**
 * cgroup_signal - send @sig to every process in the group except @skip
 * (0: none); returns how many were sent it, or -errno
 */
int cgroup_signal(const struct cgroup *cg, int sig, pid_t skip);

/**
 * cgroup_kill - SIGKILL everything in the group: cgroup.kill where the
 * group has it, else freeze (v1 freezer, when there), kill each, thaw,
 * until nothing is left.  Returns how many processes were there, or -errno.
 */
int cgroup_kill(const struct cgroup *cg);

/**
 * cgroup_wait_empty - wait up to @timeout_ms for the group to hold no
 * process (cgroup.events "populated 0", else cgroup.procs empty).
 * 0, -ETIMEDOUT, or -errno.
 */
int cgroup_wait_empty(const struct cgroup *cg, int timeout_ms);

/**
 * cgroup_gc - remove the groups below @parent that runs of
 * cgroup_create_run() left when they were killed: marked, empty
 * (cgroup.events "populated 0", no tasks, no child groups) and locked by
 * no living run, whatever their name and wherever the run was (another PID
 * namespace, a container).  A leftover goes from every
 * hierarchy, so @hiers (once the hierarchies to look in) no longer
 * matters.  Returns how many groups were removed, or -errno.
 */
int cgroup_gc(const struct cgroup_layout *lo, const char *parent, unsigned hiers);

/**
 * cgroup_parse_keyed - the value of @key in a flat-keyed file ("key N" per
 * line: cgroup.events, memory.events, cpu.stat, memory.oom_control).  0,
 * -ENOENT when the key is absent, -EINVAL when its line is malformed.
 */
int cgroup_parse_keyed(const char *text, const char *key, uint64_t *val);

/**
 * cgroup_parse_procs - the PIDs in a cgroup.procs text into @pids (at most
 * @max); returns how many there are (may exceed @max), or -EINVAL
 */
int cgroup_parse_procs(const char *text, pid_t *pids, int max);

#endif
