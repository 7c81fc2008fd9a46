/*
 * netlink.h - the few rtnetlink requests the network tools need (links,
 * veth pairs, bridges, addresses, routes, namespace ids), through libmnl,
 * and the IP/CIDR parser their command lines use.
 *
 * Every request returns 0 or -errno as the kernel answered it.
 */
#ifndef XNS_NETLINK_H
#define XNS_NETLINK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* an address with its prefix length: 10.200.1.1/24, fd00::1/64 */
struct nl_addr {
	int family;                 /* AF_INET or AF_INET6 */
	unsigned int prefixlen;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char raw[16];
	};
};

/* "255.255.255.255/32" or the longest IPv6 form, with its NUL */
#define NL_ADDR_STRLEN 64

/**
 * nl_parse_ip - one IPv4 or IPv6 address, no prefix; prefixlen is set to
 * the full length (32 or 128).  -EINVAL for anything else.
 */
int nl_parse_ip(const char *s, struct nl_addr *out);

/**
 * nl_parse_cidr - ADDRESS/PREFIXLEN, the prefix required (0..32 for IPv4,
 * 0..128 for IPv6, decimal digits only).  Host bits may be set: the
 * address is the interface's own.  -EINVAL for anything else.
 */
int nl_parse_cidr(const char *s, struct nl_addr *out);

/** nl_addr_network - @a with the host bits cleared (10.200.1.0/24) */
struct nl_addr nl_addr_network(const struct nl_addr *a);

/** nl_addr_contains - true if @net's prefix covers address @a */
bool nl_addr_contains(const struct nl_addr *net, const struct nl_addr *a);

/** nl_addr_format - "ADDR/LEN" (or "ADDR" when @with_len is false) */
const char *nl_addr_format(const struct nl_addr *a, bool with_len,
			   char *buf, size_t len);

/**
 * nl_ifname_check - 0 for a name the kernel takes for a link (1..15 bytes,
 * no '/', ':', space or control character, not "." or ".."), else -EINVAL
 */
int nl_ifname_check(const char *name);

/* an rtnetlink socket, bound to the network namespace it was opened in */
struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
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

/* what a wiring request was doing when it failed */
enum nl_wire_step {
	NL_WIRE_SOCKET,             /* opening a socket in an end's namespace */
	NL_WIRE_PAIR,               /* making the pair (or the bridge) */
	NL_WIRE_FIND,               /* finding an end where it should be */
	NL_WIRE_UP,                 /* bringing an end up */
	NL_WIRE_ADDR,               /* giving an end its address */
	NL_WIRE_ROUTE,              /* the default route out of end 0 */
};

struct nl_wire_error {
	enum nl_wire_step step;
	int end;                    /* the end it happened at, or -1 */
};

/* one end of a veth pair to be */
struct nl_veth_end {
	int nsfd;                   /* its namespace, -1: ours */
	const char *ifname;
	const struct nl_addr *addr; /* NULL: none */
};

/**
 * nl_veth_wire - a veth pair from @end[0] to @end[1], both up with their
 * addresses; @end[1] enslaved to bridge @master (an ifindex here, or 0);
 * in @end[0]'s namespace, a default route via @gw out of it (NULL: none).
 *
 * All or nothing: on failure the pair is gone again, and @e says at what
 * step and end the kernel refused (-EEXIST at NL_WIRE_PAIR: a name is taken).
 */
int nl_veth_wire(const struct nl_veth_end end[2], int master,
		 const struct nl_addr *gw, struct nl_wire_error *e);

/**
 * nl_bridge_find - the ifindex of bridge @name; -ENODEV when there is no
 * such link, -EMEDIUMTYPE when it is no bridge.  With @gw, also the
 * bridge's first address of @family (gw->family AF_UNSPEC when it has none).
 */
int nl_bridge_find(struct nl *nl, const char *name, int family, struct nl_addr *gw);

/**
 * nl_bridge_wire - a bridge @name here, up, with address @a (NULL: none);
 * all or nothing, as nl_veth_wire()
 */
int nl_bridge_wire(const char *name, const struct nl_addr *a,
		   struct nl_wire_error *e);

#define NL_NSID_NONE (-1)

/**
 * nl_nsid_get - the id the socket's namespace gave the namespace behind
 * @nsfd, or NL_NSID_NONE
 */
int nl_nsid_get(struct nl *nl, int nsfd, int *nsid);

/** nl_nsid_set - give that namespace id @nsid (NL_NSID_NONE: the next free) */
int nl_nsid_set(struct nl *nl, int nsfd, int nsid);

/**
 * nl_parse_nsid - a namespace id as a command line gives one: decimal
 * digits, 0..INT_MAX; -EINVAL for anything else (a sign, a space, hex)
 */
int nl_parse_nsid(const char *s, int *nsid);

enum nl_filter_result {
	NL_FILTER_OK = 0,
	NL_FILTER_UNKNOWN,          /* not a keyword we know */
	NL_FILTER_TWICE,            /* a keyword given again */
	NL_FILTER_NO_VALUE,         /* a keyword last, without its value */
	NL_FILTER_BAD_VALUE,        /* a value nl_parse_nsid() refuses */
};

/**
 * nl_parse_nsid_filters - the filters of a namespace id listing, as
 * `ip netns list-id` takes them: "target-nsid ID" and "nsid ID", each at
 * most once, in any order (NL_NSID_NONE for one not given).  Returns
 * NL_FILTER_OK, or what is wrong with the keyword @argv[*@bad] (or with
 * its value, @argv[*@bad + 1]).
 */
int nl_parse_nsid_filters(int argc, char *const *argv, int *target, int *nsid,
			  int *bad);

/* one line of a namespace's id table */
struct nl_nsid_entry {
	int nsid;                   /* the id, NL_NSID_NONE if not assigned */
	int current;                /* with a target: our id of the same peer */
};

/**
 * nl_nsid_dump - call @fn for each id a namespace has given out; a
 * negative return of @fn stops the walk and is returned
 * @target: the namespace whose table it is, by our id of it (NL_NSID_NONE:
 *          the socket's own, and .current stays NL_NSID_NONE)
 * @nsid:   only the peer that our namespace calls @nsid (-ENOENT when none
 *          is), or NL_NSID_NONE for all
 *
 * -EINVAL when @target is no id of ours.
 */
int nl_nsid_dump(struct nl *nl, int target, int nsid,
		 int (*fn)(const struct nl_nsid_entry *e, void *data), void *data);

#endif
