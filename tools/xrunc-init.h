/*
 * xrunc-init.h - what the container side (xrunc-init.c, xrunc-mounts.c)
 * shares; the runtime side never sees it.
 */
#ifndef XRUNC_INIT_H
#define XRUNC_INIT_H

#include <stdbool.h>
#include <stdnoreturn.h>

#include "xrunc.h"

struct xinit {
	const struct xrunc_init_args *a;
	int root_fd;          /* the new root, before the pivot */
	bool in_userns;       /* a user namespace: no mknod, locked mount flags */
	bool new_netns;
	unsigned host_ns;     /* 1 << kind: joined "by path" but the runtime's own */
	void *seccomp;        /* the filter, built before it is loaded */
	int *idmap_fd;        /* per mount: the idmapped tree the runtime sent, or -1 */
};

/* report "what: why" to the runtime over the sync socket and _exit(1) */
noreturn void xinit_fail(struct xinit *x, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* a propagation word ("rslave") as MS_* flags; -EINVAL if unknown */
int xinit_propagation(const char *name, unsigned long *flags);

/* before the pivot: "/" private or slave, the mounts in order, /dev */
void xinit_rootfs(struct xinit *x);
/* after it: masked and read-only paths, the root's propagation */
void xinit_paths(struct xinit *x);
/* last of the mounts: root.readonly */
void xinit_root_readonly(struct xinit *x);
/*
 * runc's console protocol: a pty, its master sent to --console-socket
 * (SCM_RIGHTS), the slave our controlling terminal and stdio; @console
 * binds it on /dev/console too (the container's init)
 */
void xinit_terminal(struct xinit *x, const char *what, bool console);
/* chdir to process.cwd, which must then lie inside the root, or fail */
void xinit_chdir(struct xinit *x, const char *cwd);

/*
 * the process's own steps, which exec (xrunc-exec.c) takes for its process
 * too, from x->a->spec->process: oom_score_adj, personality, keyring
 * (unless no_new_keyring), umask; the seccomp filter built, then loaded
 * (-errno); the rlimits (late, before the user switch); the user, groups
 * and capability sets; the program found in the process's PATH
 */
void xinit_process_settings(struct xinit *x);
void xinit_rlimits(struct xinit *x);
void xinit_build_seccomp(struct xinit *x);
int xinit_load_seccomp(struct xinit *x);
void xinit_switch_user(struct xinit *x);
const char *xinit_find_program(struct xinit *x, char *buf, size_t len);

#endif
