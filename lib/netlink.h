/*
 * netlink.h - the rtnetlink transport and the few requests the network
 * tools need (links, veth pairs, bridges, addresses, routes, namespace
 * ids), through libmnl.  Wiring several of them together is lib/wiring;
 * the addresses and their parsers are lib/nladdr.
 *
 * Every request returns 0 or -errno as the kernel answered it.  Each has a
 * sequence number, and a reply to an earlier request still queued on the
 * socket (one whose reader failed) is skipped, never taken for this one's.
 */
#ifndef XNS_NETLINK_H
#define XNS_NETLINK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nladdr.h"
#include "netnsid.h"

/* an rtnetlink socket, bound to the network namespace it was opened in */
struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	bool lost;                  /* the last request was sent, its answer not read */
	char *buf;                  /* one receive buffer, MNL_SOCKET_BUFFER_SIZE */
};

/** nl_open - a socket in the calling thread's network namespace */
int nl_open(struct nl *nl);

/**
 * nl_open_in - a socket in the network namespace behind @nsfd (-1: ours):
 * the thread visits it only for the socket(2) call and comes back
 */
int nl_open_in(struct nl *nl, int nsfd);

void nl_close(struct nl *nl);

/** nl_link_index - the ifindex of @name; -ENODEV when there is none */
int nl_link_index(struct nl *nl, const char *name);

/** nl_link_up - set IFF_UP on @ifindex */
int nl_link_up(struct nl *nl, int ifindex);

/**
 * nl_link_up_once - nl_link_up() on a socket of its own, in the calling
 * thread's namespace, made and closed in the call: no allocation, no bind,
 * for a process that has just one link to bring up (lo of a new namespace)
 */
int nl_link_up_once(int ifindex);

/** nl_link_del - delete @ifindex (a veth takes its peer along) */
int nl_link_del(struct nl *nl, int ifindex);

/**
 * nl_link_kind - the IFLA_INFO_KIND of @ifindex ("bridge", "veth", ...)
 * into @buf; an empty string for a link with none
 */
int nl_link_kind(struct nl *nl, int ifindex, char *buf, size_t len);

/**
 * nl_veth_add - a veth pair, @name up from the start (@peer is down until
 * nl_link_up(): the kernel cannot open it before the pair is joined)
 * @name, @nsfd: one end, and the namespace it is made in (-1: the socket's)
 * @peer, @peer_nsfd: the other end, and its namespace (-1: the socket's)
 * @master: a bridge for @name to be enslaved to, or 0
 *
 * The pair is made in its namespaces directly, so the names only have to
 * be free where they end up.  -EEXIST when one is taken.
 */
int nl_veth_add(struct nl *nl, const char *name, int nsfd, const char *peer,
		int peer_nsfd, int master);

/** nl_bridge_add - a bridge @name, up; -EEXIST when the name is taken */
int nl_bridge_add(struct nl *nl, const char *name);

/** nl_addr_add - add @a (with its prefix) to @ifindex */
int nl_addr_add(struct nl *nl, int ifindex, const struct nl_addr *a);

/**
 * nl_addr_first - the first address of @family on @ifindex, with prefix
 * length; -ENOENT when it has none
 */
int nl_addr_first(struct nl *nl, int ifindex, int family, struct nl_addr *out);

/** nl_route_add_default - a default route via @gw (out of @ifindex, or 0) */
int nl_route_add_default(struct nl *nl, const struct nl_addr *gw, int ifindex);

/**
 * nl_nsid_get - the id the socket's namespace gave the namespace behind
 * @nsfd, or NETNSID_UNASSIGNED (netnsid_get() on @nl's socket)
 */
int nl_nsid_get(struct nl *nl, int nsfd, int *nsid);

/** nl_nsid_set - give that namespace id @nsid (NETNSID_UNASSIGNED: the next free) */
int nl_nsid_set(struct nl *nl, int nsfd, int nsid);

/**
 * nl_nsid_dump - call @fn for each id a namespace has given out; a
 * negative return of @fn stops the walk and is returned
 * @target: the namespace whose table it is, by our id of it (NETNSID_UNASSIGNED:
 *          the socket's own, and .current stays NETNSID_UNASSIGNED)
 * @nsid:   only the peer that our namespace calls @nsid (-ENOENT when none
 *          is), or NETNSID_UNASSIGNED for all
 *
 * -EINVAL when @target is no id of ours.
 */
int nl_nsid_dump(struct nl *nl, int target, int nsid,
		 int (*fn)(const struct netnsid_entry *e, void *data), void *data);

#endif
