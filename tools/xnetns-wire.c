/*
 * xnetns-wire.c - the wiring commands of xnetns: veth pairs, bridges, a
 * namespace on a bridge, NAT out of the host; and, with --delete, the
 * inverse of each, for what a run (or a run killed half-way) left.
 */
#include "compat.h"
#include "cli.h"
#include "nat.h"
#include "wiring.h"
#include "xnetns.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *peer_name(struct ctl *ctl, const char *name, char *buf)
{
	if (ctl->peer_name)
		return ctl->peer_name;
	/* systemd-nspawn's convention for the host's end, cut to IFNAMSIZ */
	snprintf(buf, IFNAMSIZ, "ve-%s", name);
	return buf;
}

/*
 * The one line for a wiring that failed (and was taken back): @made is
 * what was being made ("veth A/B"), @where the namespaces of the ends.
 */
static noreturn void wire_failed(int rc, const struct wiring_error *e, const char *made,
				 const struct wiring_end *end, const char *const where[2],
				 const struct nl_addr *gw)
{
	static const char *const what[] = {
		[WIRING_FIND] = "cannot find", [WIRING_UP] = "cannot bring up",
		[WIRING_ADDR] = "cannot add the address to",
	};
	const char *in = e->end >= 0 ? where[e->end] : "this namespace";
	char txt[NL_ADDR_STRLEN] = "";

	if (e->step == WIRING_SOCKET)
		cli_errc(EXIT_FAILURE, rc, "cannot open a netlink socket in %s", in);
	if (e->step == WIRING_PAIR && rc == -EEXIST)
		errx(EXIT_FAILURE, "cannot make %s: a link of that name exists", made);
	if (e->step == WIRING_PAIR)
		cli_errc(EXIT_FAILURE, rc, "cannot make %s", made);
	if (e->step == WIRING_ROUTE)
		cli_errc(EXIT_FAILURE, rc, "cannot add a default route via %s in %s",
			 nl_addr_format(gw, false, txt, sizeof(txt)), in);
	if (e->step == WIRING_ADDR)
		nl_addr_format(end[e->end].addr, true, txt, sizeof(txt));
	cli_errc(EXIT_FAILURE, rc, "%s %s in %s%s%s", what[e->step], end[e->end].ifname,
		 in, *txt ? ": " : "", txt);
}

/* --delete: remove link @ifname of @kind in @nsfd (@where for the message) */
static int unwire(int nsfd, const char *ifname, const char *kind, const char *where)
{
	int rc = wiring_remove(nsfd, ifname, kind);

	if (rc == -ENODEV)
		errx(EXIT_FAILURE, "%s: no such link in %s", ifname, where);
	if (rc == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "%s in %s: not a %s", ifname, where, kind);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot delete %s in %s", ifname, where);
	if (nsfd >= 0)
		close(nsfd);
	return EXIT_SUCCESS;
}

int cmd_veth(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { argv[0], ctl->peer ? ctl->peer : "this namespace" };
	char pbuf[IFNAMSIZ], made[64];
	struct wiring_end end[2];
	struct wiring_error e;
	int rc;

	(void) argc;
	/* the inverse: the pair goes with the end in <name> */
	if (ctl->seen & BIT(OPT_DELETE))
		return unwire(open_name_or_err(ctl, argv[0]), ctl->ifname, "veth", argv[0]);
	end[0] = (struct wiring_end) { open_name_or_err(ctl, argv[0]), ctl->ifname,
				       (ctl->seen & BIT(OPT_ADDR)) ? &ctl->addr : NULL };
	end[1] = (struct wiring_end) { ctl->peer ? open_name_or_err(ctl, ctl->peer) : -1,
				       peer_name(ctl, argv[0], pbuf),
				       (ctl->seen & BIT(OPT_PEER_ADDR)) ? &ctl->peer_addr : NULL };
	snprintf(made, sizeof(made), "veth %s/%s", end[0].ifname, end[1].ifname);
	if ((rc = wiring_veth(end, 0, NULL, &e)) < 0)
		wire_failed(rc, &e, made, end, where, NULL);
	return EXIT_SUCCESS;
}

int cmd_bridge(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { "this namespace", NULL };
	struct wiring_end end = { -1, argv[0],
				  (ctl->seen & BIT(OPT_ADDR)) ? &ctl->addr : NULL };
	struct wiring_error e;
	char made[64];
	int rc;

	(void) argc;
	if (nl_ifname_check(argv[0]) < 0)
		errx(EXIT_FAILURE, "invalid bridge name \"%s\"", argv[0]);
	if (ctl->seen & BIT(OPT_DELETE))
		return unwire(-1, argv[0], "bridge", "this namespace");
	snprintf(made, sizeof(made), "bridge %s", argv[0]);
	if ((rc = wiring_bridge(argv[0], end.addr, &e)) < 0)
		wire_failed(rc, &e, made, &end, where, NULL);
	return EXIT_SUCCESS;
}

int cmd_connect(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { argv[0], "this namespace" };
	char pbuf[IFNAMSIZ], txt[NL_ADDR_STRLEN], made[64];
	struct wiring_end end[2] = {
		{ open_name_or_err(ctl, argv[0]), ctl->ifname, &ctl->addr },
		{ -1, peer_name(ctl, argv[0], pbuf), NULL },
	};
	struct nl_addr gw;
	struct wiring_error e;
	struct nl here;
	int br, rc;

	(void) argc;
	/* the inverse: NAME's end, and with it ours on the bridge (gone or not) */
	if (ctl->seen & BIT(OPT_DELETE))
		return unwire(end[0].nsfd, ctl->ifname, "veth", argv[0]);
	if ((rc = nl_open(&here)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot open a netlink socket in this namespace");
	if ((br = wiring_bridge_find(&here, argv[1], ctl->addr.family, &gw)) == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "%s: not a bridge", argv[1]);
	if (br < 0)
		cli_errc(EXIT_FAILURE, br, "%s in this namespace", argv[1]);
	nl_close(&here);
	if (ctl->gateway && ctl->gw.family != ctl->addr.family)
		errx(EXIT_FAILURE, "gateway %s is not of the family of %s",
		     ctl->gateway, nl_addr_format(&ctl->addr, true, txt, sizeof(txt)));
	if (ctl->gateway)
		gw = ctl->gw;

	/* the pair, our end on the bridge, NAME's with its address and route */
	snprintf(made, sizeof(made), "veth %s/%s", end[1].ifname, end[0].ifname);
	if ((rc = wiring_veth(end, br, gw.family ? &gw : NULL, &e)) < 0)
		wire_failed(rc, &e, made, end, where, &gw);
	return EXIT_SUCCESS;
}

int cmd_nat(struct ctl *ctl, int argc, char **argv)
{
	char why[512] = "";
	struct nl_addr a;
	int rc;

	(void) argc;
	if (!nat_name_ok(argv[0]) || nl_ifname_check(argv[0]) < 0)
		errx(EXIT_FAILURE, "invalid bridge name \"%s\"", argv[0]);
	if (ctl->seen & BIT(OPT_OFF)) {
		if ((rc = nat_remove(argv[0], why, sizeof(why))) < 0 && *why)
			errx(EXIT_FAILURE, "cannot remove the NAT of %s: %s", argv[0], why);
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot remove the NAT of %s", argv[0]);
		return EXIT_SUCCESS;
	}
	if (!nat_name_ok(ctl->out) || nl_ifname_check(ctl->out) < 0)
		errx(EXIT_FAILURE, "--out: invalid interface name \"%s\"", ctl->out);
	switch (nat_setup(argv[0], ctl->out, &a, why, sizeof(why))) {
	case NAT_SETUP_OK:
		return EXIT_SUCCESS;
	case NAT_SETUP_SOCKET:
		err(EXIT_FAILURE, "cannot open a netlink socket in this namespace");
	case NAT_SETUP_BRIDGE:
		err(EXIT_FAILURE, "%s in this namespace", argv[0]);
	case NAT_SETUP_OUT:
		err(EXIT_FAILURE, "%s in this namespace", ctl->out);
	case NAT_SETUP_SUBNET:
		errx(EXIT_FAILURE, "%s has no IPv4 address: give it one with "
		     "xnetns bridge --addr", argv[0]);
	case NAT_SETUP_RULE:
		/* nft's own words when it had any, else the errno beside the result */
		if (*why)
			errx(EXIT_FAILURE, "cannot set up NAT for %s: %s", argv[0], why);
		cli_errc(EXIT_FAILURE, errno, "cannot set up NAT for %s", argv[0]);
	default:
		err(EXIT_FAILURE, "cannot turn IPv4 forwarding on");
	}
}
