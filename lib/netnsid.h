/*
 * netnsid.h - the id a network namespace has in ours (RTM_GETNSID), the
 * NETNSID of lsns and `ip netns list-id`.
 */
#ifndef XNS_NETNSID_H
#define XNS_NETNSID_H

struct mnl_socket;

#define NETNSID_UNASSIGNED (-1)     /* NETNSA_NSID_NOT_ASSIGNED */

/** netnsid_open - a NETLINK_ROUTE socket for the queries, or NULL (errno) */
struct mnl_socket *netnsid_open(void);

/**
 * netnsid_get - the id of the network namespace behind @nsfd, as seen from
 * the namespace @nl was opened in
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

#endif
