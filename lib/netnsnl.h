/*
 * netnsnl.h - the netlink part of named network namespaces (lib/netns is
 * the libc-only part): the ids of the names, and lo up in a new one.
 */
#ifndef XNS_NETNSNL_H
#define XNS_NETNSNL_H

#include <stddef.h>

#include "netlink.h"

/**
 * netnsnl_list - netns_list(), and in @ids (malloc'ed, to free()) the id
 * that @nl's namespace gave each name: NETNSID_UNASSIGNED for none, for a
 * name that is no namespace, and for all when @nl is NULL
 */
int netnsnl_list(const char *dir, struct nl *nl, char ***names, int **ids,
		 size_t *n);

/**
 * netnsnl_lo_up - bring up lo of the calling thread's namespace: the
 * @setup of netns_add() for a new namespace, where lo is always ifindex 1
 */
int netnsnl_lo_up(void);

#endif
