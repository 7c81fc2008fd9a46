/*
 * xchroot.h - what the two files of xchroot share: the plan the options
 * make (xchroot.c) and the command's start inside the new root, as the
 * user it runs as and contained (xchroot-run.c).
 */
#ifndef XCHROOT_H
#define XCHROOT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "rootfs.h"
#include "session.h"
#include "userspec.h"

/* what PID 1 hands back to the caller, on a page both see */
struct report {
	int status;
	bool sent;
};

struct plan {
	const char *newroot;
	char **argv;                 /* NULL: "$SHELL" -i */
	bool pivot, skip_chdir, read_only, rw_image;
	bool rootless;               /* not root: a user namespace maps us */
	bool caps_given;             /* --cap-add or --cap-drop */
	uint64_t caps;               /* what a contained root keeps */
	enum session_mode session;
	bool new_session;            /* decided once the user is known */
	struct report *report;       /* PID 1: the command's status to the caller */
	sigset_t oldmask;            /* before the signals were blocked to wait */
	bool image;                  /* NEWROOT is a file or block device */
	bool old_root;               /* NEWROOT is "/" itself */
	char fstype[64];
	struct userspec user;
	bool have_user;
	const char *groups;          /* --groups, NULL: not given */
	gid_t *outside_gids;         /* --groups as the host reads them */
	size_t outside_ngids;
	bool outside_groups_ok;
	struct rootfs_plan mounts;   /* in command-line order */
};

/**
 * run_inside - step 10, in the new root: the user (looked up in the root's
 * own files, never through NSS), containment, the command; contained, PID
 * 1 waits for it and reports its status to the caller
 */
noreturn void run_inside(struct plan *p, const struct userspec_ids *outside_ids,
			 enum userspec_result outside_rc);

#endif
