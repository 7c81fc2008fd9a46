/*
 * netnsid.h - the id a network namespace has in ours (RTM_GETNSID), the
 * NETNSID of lsns and `ip netns list-id`: the one builder of the request,
 * the one reader of RTM_NEWNSID messages, and the parsers of ids as
 * command lines give them.  libmnl only: lib/netlink's requests use it too.
 */
#ifndef XNS_NETNSID_H
#define XNS_NETNSID_H

#include <stddef.h>

struct mnl_socket;
struct nlmsghdr;

#define NETNSID_UNASSIGNED (-1)     /* NETNSA_NSID_NOT_ASSIGNED */

/** netnsid_open - a NETLINK_ROUTE socket for the queries into *@out; 0 or -errno */
int netnsid_open(struct mnl_socket **out);

/**
 * netnsid_get - the id of the network namespace behind @nsfd, as seen from
 * the namespace @nl was opened in
 *
 * The request has a sequence number of its own, and a reply to anything
 * else still queued on the socket (a request whose reply was never read)
 * is skipped, never taken for this one's.
 *
 * Returns 0 with *@id set (NETNSID_UNASSIGNED when it has none), or -errno.
 */
int netnsid_get(struct mnl_socket *nl, int nsfd, int *id);

/**
 * netnsid_parse_reply - the NETNSA_NSID of an RTM_NEWNSID message @buf
 * of @len bytes; -EINVAL when it is not one, or the kernel's -errno for
 * an error reply
 */
int netnsid_parse_reply(const void *buf, size_t len, int *id);

void netnsid_close(struct mnl_socket *nl);

/* one line of a namespace's id table */
struct netnsid_entry {
	int nsid;                   /* the id, NETNSID_UNASSIGNED if none */
	int current;                /* with a target: our id of the same peer */
};

/**
 * netnsid_parse_msg - NETNSA_NSID and NETNSA_CURRENT_NSID of RTM_NEWNSID
 * message @nlh into @e (NETNSID_UNASSIGNED for one it lacks); -EINVAL
 * when it is no RTM_NEWNSID or an attribute is malformed (of the wrong
 * size, or an id below -1)
 */
int netnsid_parse_msg(const struct nlmsghdr *nlh, struct netnsid_entry *e);

/**
 * netnsid_parse - a namespace id as a command line gives one: decimal
 * digits, 0..INT_MAX; -EINVAL for anything else (a sign, a space, hex)
 */
int netnsid_parse(const char *s, int *nsid);

enum netnsid_filter_result {
	NETNSID_FILTER_OK = 0,
	NETNSID_FILTER_UNKNOWN,     /* not a keyword we know */
	NETNSID_FILTER_TWICE,       /* a keyword given again */
	NETNSID_FILTER_NO_VALUE,    /* a keyword last, without its value */
	NETNSID_FILTER_BAD_VALUE,   /* a value netnsid_parse() refuses */
};

/**
 * netnsid_parse_filters - the filters of a namespace id listing, as
 * `ip netns list-id` takes them: "target-nsid ID" and "nsid ID", each at
 * most once, in any order (NETNSID_UNASSIGNED for one not given).  Returns
 * NETNSID_FILTER_OK, or what is wrong with the keyword @argv[*@bad] (or
 * with its value, @argv[*@bad + 1]).
 */
enum netnsid_filter_result netnsid_parse_filters(int argc, char *const *argv,
						 int *target, int *nsid, int *bad);

#endif
