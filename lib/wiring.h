/*
 * wiring.h - links between network namespaces made whole or not at all:
 * a veth pair up and addressed in two namespaces, a bridge with its
 * address, a default route; and the inverse of each, for a user to remove
 * what a run (or a run killed half-way) made.
 */
#ifndef XNS_WIRING_H
#define XNS_WIRING_H

#include "netlink.h"

/* what a wiring request was doing when it failed */
enum wiring_step {
	WIRING_SOCKET,              /* opening a socket in an end's namespace */
	WIRING_PAIR,                /* making the pair (or the bridge) */
	WIRING_FIND,                /* finding an end where it should be */
	WIRING_UP,                  /* bringing an end up */
	WIRING_ADDR,                /* giving an end its address */
	WIRING_ROUTE,               /* the default route out of end 0 */
};

struct wiring_error {
	enum wiring_step step;
	int end;                    /* the end it happened at, or -1 */
};

/* one end of a veth pair to be */
struct wiring_end {
	int nsfd;                   /* its namespace, -1: ours */
	const char *ifname;
	const struct nl_addr *addr; /* NULL: none */
};

/**
 * wiring_veth - a veth pair from @end[0] to @end[1], both up with their
 * addresses; @end[1] enslaved to bridge @master (an ifindex here, or 0);
 * in @end[0]'s namespace, a default route via @gw out of it (NULL: none).
 *
 * All or nothing: on failure the pair is gone again, and @e says at what
 * step and end the kernel refused (-EEXIST at WIRING_PAIR: a name is taken).
 * The pair is taken back on a socket of its own: the one that failed may
 * still hold the answer it did not read.  A pair whose making was sent but
 * whose answer was lost is taken back too (unless the name was taken).
 */
int wiring_veth(const struct wiring_end end[2], int master,
		const struct nl_addr *gw, struct wiring_error *e);

/**
 * wiring_bridge_find - the ifindex of bridge @name; -ENODEV when there is no
 * such link, -EMEDIUMTYPE when it is no bridge.  With @gw, also the
 * bridge's first address of @family (gw->family AF_UNSPEC when it has none).
 */
int wiring_bridge_find(struct nl *nl, const char *name, int family, struct nl_addr *gw);

/**
 * wiring_bridge - a bridge @name here, up, with address @a (NULL: none);
 * all or nothing, as wiring_veth()
 */
int wiring_bridge(const char *name, const struct nl_addr *a, struct wiring_error *e);

/**
 * wiring_remove - the inverse: delete link @name of kind @kind ("veth",
 * "bridge") in the namespace behind @nsfd (-1: ours); a veth takes its
 * peer along, wherever it is.  -ENODEV when there is no such link,
 * -EMEDIUMTYPE when it is of another kind (lo is never removed).
 */
int wiring_remove(int nsfd, const char *name, const char *kind);

#endif
