/*
 * ocistate.h - a container's entry under the runtime's state root: its
 * ID's rules, and state.json, which holds the runtime spec's state
 * (id, pid, bundle, annotations) plus what the runtime needs to find and
 * remove everything later (the PID's start time, the cgroup).
 */
#ifndef XNS_OCISTATE_H
#define XNS_OCISTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ocijson.h"

#define OCISTATE_ID_MAX 255   /* NAME_MAX: the ID names a directory */

struct oci_state {
	char *id, *bundle, *rootfs, *created, *owner;
	pid_t pid;                /* 0 while the container is being made */
	uint64_t starttime;       /* of pid, from /proc/PID/stat */
	pid_t creator;            /* the runtime making it (status creating) */
	uint64_t creator_start;
	char *cgroup_path;        /* NULL: no cgroup was made */
	unsigned cgroup_ctrls;    /* the controllers it was made with */
	bool cgroup_created;      /* we made it, so delete removes it */
	struct oci_keyval *annotations;
	size_t nannotations;
};

/**
 * ocistate_check_id - the runtime spec leaves IDs to the runtime; ours are
 * runc's: letters, digits, '_', '+', '-', '.', not "." or "..", at most
 * OCISTATE_ID_MAX bytes.  0, -EINVAL (empty or a character refused) or
 * -ENAMETOOLONG.
 */
int ocistate_check_id(const char *id);

/**
 * ocistate_write - write @st as "state.json" in @dirfd: a new file renamed
 * over the old one, so that a kill at any point leaves the old or the new
 * state, never half of one.  0 or -errno.
 */
int ocistate_write(int dirfd, const struct oci_state *st);

/**
 * ocistate_read - read "state.json" of @dirfd; a malformed one is -EINVAL
 * with the reason in @err.  -ENOENT when there is none yet.
 */
int ocistate_read(int dirfd, struct oci_state **out, char *err, size_t errlen);

void ocistate_free(struct oci_state *st);

/**
 * ocistate_format - the state as the runtime spec shows it (hooks read it
 * on stdin, `state` prints it), with @status ("created"), malloc'ed into
 * *@out; @pretty indents it.  0 or -ENOMEM.
 */
int ocistate_format(const struct oci_state *st, const char *status, bool pretty,
		    char **out);

#endif
