/*
 * xnetns.h - what tools/xnetns.c (ip netns, command for command, and
 * main), tools/xnetns-wire.c (the wiring commands) and tools/xnetns-batch.c
 * (-b) share.
 */
#ifndef XNS_XNETNS_H
#define XNS_XNETNS_H

#include <limits.h>
#include <stdbool.h>

#include "nladdr.h"

enum {
	OPT_NO_LO = CHAR_MAX + 1, OPT_NAME, OPT_PEER, OPT_HOST, OPT_PEER_NAME,
	OPT_ADDR, OPT_PEER_ADDR, OPT_GATEWAY, OPT_OUT, OPT_OFF, OPT_DELETE,
};

/* each option as a bit, so that what a command takes is a mask */
#define BIT(opt) (1u << ((opt) > CHAR_MAX ? (opt) - CHAR_MAX : 0))
#define B_ALL    (1u << 20)
#define B_JSON   (1u << 21)
#define B_PRETTY (1u << 22)

struct ctl {
	const char *dir;              /* /run/netns or $NETNS_RUN_DIR */
	unsigned int seen;            /* the options given, as bits */
	bool lo_up;
	const char *ifname, *peer, *peer_name, *gateway, *out;
	struct nl_addr addr, peer_addr, gw;
};

/* an fd of the namespace named @name, or exit with one line */
int open_name_or_err(struct ctl *ctl, const char *name);

/* one command line, @argv[0] the command (none: list); its exit code */
int xnetns_run(struct ctl *ctl, int argc, char **argv);

/* -b @file: each line run as a command line of its own; exits on the first failure */
int xnetns_batch(const struct ctl *ctl, const char *file);

int cmd_veth(struct ctl *ctl, int argc, char **argv);
int cmd_bridge(struct ctl *ctl, int argc, char **argv);
int cmd_connect(struct ctl *ctl, int argc, char **argv);
int cmd_nat(struct ctl *ctl, int argc, char **argv);

#endif
