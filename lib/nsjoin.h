/*
 * nsjoin.h - entering the namespaces of a target process and of files, in
 * the order the kernel requires (nsenter's core): the target's in one
 * setns(pidfd) where the kernel takes it, files one by one, the user
 * namespace where it grants what the others need, and what cannot or need
 * not be entered left out for --all.
 */
#ifndef XNS_NSJOIN_H
#define XNS_NSJOIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns.h"

struct nsjoin {
	pid_t pid;                      /* the target, 0: none */
	int pidfd;                      /* its pidfd, -1: none (Linux < 5.3) */
	int nsfd[NS_NKINDS];            /* by table index: an fd to enter,
	                                   -1: the target's; closed by the caller */
	bool named[NS_NKINDS];          /* the user named that file: --all
	                                   never leaves it out */
	bool all;                       /* --all */
	int entered;                    /* CLONE_NEW* wanted; after nsjoin_enter()
	                                   those entered for real */
};

enum nsjoin_result {
	NSJOIN_OK = 0,
	NSJOIN_OPEN,            /* a namespace of the target would not open */
	NSJOIN_SETNS,           /* setns() of the file of one type refused */
	NSJOIN_SETNS_TARGET,    /* setns(pidfd) of the types in flags refused */
};

/* what failed, beside the result: errno alone would not say which */
struct nsjoin_error {
	const struct ns_type *type;     /* NSJOIN_OPEN, NSJOIN_SETNS */
	int flags;                      /* NSJOIN_SETNS_TARGET */
	int err;                        /* errno */
};

/**
 * nsjoin_choose - before anything is entered: leave our own user namespace
 * out of --all (any container run by root without one), which the kernel
 * would refuse to re-enter (EINVAL, see setns(2))
 */
void nsjoin_choose(struct nsjoin *j);

/**
 * nsjoin_enter - enter j->entered; on return j->entered holds what was
 * entered for real (our own user namespace is not)
 *
 * Returns NSJOIN_OK, or what failed with @e filled; the caller is then in
 * some of the namespaces and should not go on.
 */
enum nsjoin_result nsjoin_enter(struct nsjoin *j, struct nsjoin_error *e);

#endif
