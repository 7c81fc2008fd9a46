/*
 * nsoutside.h - a helper process left in the original namespaces, for the
 * jobs that must be done from there once we have unshared: writing range ID
 * maps (newuidmap wants a process outside the new user namespace) and
 * persisting namespaces (the bind mount belongs in the original mount
 * namespace, made by a process that still holds its capabilities there).
 */
#ifndef XNS_NSOUTSIDE_H
#define XNS_NSOUTSIDE_H

#include "idmap.h"
#include "ns.h"

#include <sys/types.h>

/* the jobs, fixed before the helper starts */
struct nsoutside_plan {
	const char *persist[NS_NKINDS];  /* targets by ns_types index, or NULL */
	const struct idmap *uidmap;      /* range maps to write, or NULL */
	const struct idmap *gidmap;
	enum idmap_setgroups setgroups;  /* written before the gid map */
	unsigned idmap_flags;            /* IDMAP_VIA_HELPER */
};

enum nsoutside_step {
	NSOUTSIDE_OK = 0,
	NSOUTSIDE_UIDMAP,       /* writing the uid map failed; err */
	NSOUTSIDE_GIDMAP,       /* writing setgroups or the gid map failed; err */
	NSOUTSIDE_PERSIST,      /* persisting ns_types[index] failed: persist, err */
	NSOUTSIDE_LOST,         /* no reply from the helper; err (0: it died) */
};

struct nsoutside_result {
	enum nsoutside_step step;
	int err;                          /* an errno */
	int index;                        /* NSOUTSIDE_PERSIST: the ns_types index */
	enum ns_persist_result persist;   /* NSOUTSIDE_PERSIST: how */
};

struct nsoutside {
	pid_t pid;
	int fd;       /* our end of the helper's socket */
};

/**
 * nsoutside_start - fork the helper, to act on process @target (normally
 * ourselves, about to unshare).  @plan must stay valid for the helper's
 * life (it is the helper's copy after the fork).  Returns 0 or -errno.
 */
int nsoutside_start(struct nsoutside *o, const struct nsoutside_plan *plan,
		    pid_t target);

/** nsoutside_maps - have the helper write the range maps; 0, or -1 and *res */
int nsoutside_maps(struct nsoutside *o, struct nsoutside_result *res);

/**
 * nsoutside_persist - have the helper persist every namespace of the plan,
 * all or nothing.  For pid and time it binds the target's pid_for_children
 * and time_for_children: ask after the fork that gives those a process.
 *
 * The helper undoes every bind it made when one fails, and also when it
 * hears nothing more from us after its reply: a reply lost, or our death
 * (SIGKILL included) at any point before the commit leaves nothing bound.
 * It ignores the terminal's signals, so a ^C reaches it only through us.
 * Only a SIGKILL of the helper itself, while it works, can leave a file
 * bound (a later run then says it "holds a namespace already"; umount(8)
 * and rm remove it) or an empty file (a later run takes it as a target).
 * Returns 0, or -1 with *res saying what failed.
 */
int nsoutside_persist(struct nsoutside *o, struct nsoutside_result *res);

/** nsoutside_stop - let the helper go and wait for it (it undoes what is uncommitted) */
void nsoutside_stop(struct nsoutside *o);

/** nsoutside_forget - in a child forked from us: close our ends, leave the helper alone */
void nsoutside_forget(struct nsoutside *o);

#endif
