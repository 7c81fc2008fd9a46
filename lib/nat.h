/*
 * nat.h - masquerading a bridge's subnet out of one interface, through
 * libnftables, in a table of its own per bridge ("ip xnetns-BRIDGE").
 *
 * libnftables is opened with dlopen() when first needed: linked, it and
 * its five libraries would be loaded by every run of the tool, and that
 * load costs more than all the rest of an `xnetns add`.
 */
#ifndef XNS_NAT_H
#define XNS_NAT_H

#include <stdbool.h>
#include <stddef.h>

#include "netlink.h"

/** nat_name_ok - true if @s can name a table or interface in a rule as is */
bool nat_name_ok(const char *s);

/**
 * nat_masquerade - (re)make table ip xnetns-@bridge with one rule:
 * masquerade what comes from @subnet and leaves through @out
 *
 * One transaction: the old table, if any, goes in the same breath.  On
 * failure the first line of nft's complaint is in @why.  Returns 0,
 * -EINVAL for names nat_name_ok() refuses, -ENOSYS without libnftables,
 * -EIO for a refused transaction.
 */
int nat_masquerade(const char *bridge, const struct nl_addr *subnet,
		   const char *out, char *why, size_t len);

/** nat_remove - delete table ip xnetns-@bridge (as above; -EIO if none) */
int nat_remove(const char *bridge, char *why, size_t len);

/** nat_forwarding_on - IPv4 forwarding on in the calling thread's netns */
int nat_forwarding_on(void);

enum nat_setup_result {
	NAT_SETUP_OK = 0,
	NAT_SETUP_SOCKET,           /* no netlink socket */
	NAT_SETUP_BRIDGE,           /* no such bridge here */
	NAT_SETUP_OUT,              /* no such interface here */
	NAT_SETUP_SUBNET,           /* the bridge has no IPv4 address */
	NAT_SETUP_RULE,             /* nat_masquerade() failed (@why) */
	NAT_SETUP_FORWARD,          /* no forwarding: the rule is gone again */
};

/**
 * nat_setup - masquerade the subnet of @bridge (its first IPv4 address,
 * into @subnet) out of @out, and turn forwarding on: both, or neither
 *
 * Returns NAT_SETUP_OK, or the step that failed with errno beside it (and
 * for NAT_SETUP_RULE, nft's complaint in @why).
 */
enum nat_setup_result nat_setup(const char *bridge, const char *out,
				struct nl_addr *subnet, char *why, size_t len);

#endif
