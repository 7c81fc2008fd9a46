/*
 * wiring.c - several rtnetlink requests as one: made whole, or taken back.
 */
#include "compat.h"
#include "wiring.h"

#include <stdbool.h>
#include <string.h>

/* @name up, with @a when given; its ifindex, or -errno and *@step */
static int link_setup(struct nl *nl, const char *name, const struct nl_addr *a,
		      enum wiring_step *step)
{
	int idx, rc;

	*step = WIRING_FIND;
	if ((idx = nl_link_index(nl, name)) < 0)
		return idx;
	*step = WIRING_UP;
	if ((rc = nl_link_up(nl, idx)) < 0)
		return rc;
	*step = WIRING_ADDR;
	if (a && (rc = nl_addr_add(nl, idx, a)) < 0)
		return rc;
	return idx;
}

/* 0 when no link is called @name on @nl, -EEXIST when one is, -errno */
static int taken(struct nl *nl, const char *name)
{
	int rc = nl_link_index(nl, name);

	return rc == -ENODEV ? 0 : rc < 0 ? rc : -EEXIST;
}

/* the link @name of kind @kind on @nl: its ifindex, -ENODEV, -EMEDIUMTYPE */
static int link_of_kind(struct nl *nl, const char *name, const char *kind)
{
	char got[32];
	int idx, rc;

	if ((idx = nl_link_index(nl, name)) < 0)
		return idx;
	if ((rc = nl_link_kind(nl, idx, got, sizeof(got))) < 0)
		return rc;
	return strcmp(got, kind) == 0 ? idx : -EMEDIUMTYPE;
}

int wiring_remove(int nsfd, const char *name, const char *kind)
{
	struct nl nl;
	int idx;

	/* a fresh socket: never one holding a failed request's answer */
	if ((idx = nl_open_in(&nl, nsfd)) < 0)
		return idx;
	if ((idx = link_of_kind(&nl, name, kind)) >= 0)
		idx = nl_link_del(&nl, idx);
	nl_close(&nl);
	return idx < 0 ? idx : 0;
}

int wiring_veth(const struct wiring_end end[2], int master,
		const struct nl_addr *gw, struct wiring_error *e)
{
	struct nl here, in[2] = { { 0 }, { 0 } };
	int idx[2], rc, i;

	/* every socket first: once the pair exists, only undoing may fail */
	e->step = WIRING_SOCKET;
	e->end = -1;
	if ((rc = nl_open(&here)) < 0)
		return rc;
	for (i = 0; i < 2; i++) {
		e->end = i;
		if ((rc = nl_open_in(&in[i], end[i].nsfd)) < 0)
			goto out;
	}
	/*
	 * 1. the pair, made in its two namespaces at once (the master's end
	 * first).  End 0's name is looked up first: after a lost answer, a
	 * link of that name is then ours to take back, never one that was
	 * there before (the kernel would have answered EEXIST).
	 */
	e->step = WIRING_PAIR;
	e->end = -1;
	if ((rc = taken(&in[0], end[0].ifname)) < 0)
		goto out;
	rc = nl_veth_add(&here, end[1].ifname, end[1].nsfd, end[0].ifname,
			 end[0].nsfd, master);
	/* refused, it was not made; sent and unanswered, it may have been */
	if (rc < 0 && !here.lost)
		goto out;
	if (rc < 0)
		goto undo;
	/* 2. each end up, with its address */
	for (i = 0; i < 2; i++) {
		e->end = i;
		if ((rc = idx[i] = link_setup(&in[i], end[i].ifname, end[i].addr,
					      &e->step)) < 0)
			goto undo;
	}
	/* 3. end 0's default route, out of it */
	e->step = WIRING_ROUTE;
	e->end = 0;
	if (!gw || (rc = nl_route_add_default(&in[0], gw, idx[0])) >= 0) {
		rc = 0;
		goto out;
	}
undo:
	/* a veth takes its peer along: nothing half-made is left */
	wiring_remove(end[0].nsfd, end[0].ifname, "veth");
out:
	for (i = 0; i < 2; i++)
		if (in[i].sk)
			nl_close(&in[i]);
	nl_close(&here);
	return rc;
}

int wiring_bridge(const char *name, const struct nl_addr *a, struct wiring_error *e)
{
	struct nl nl;
	bool made = false;
	int rc;

	e->end = 0;
	e->step = WIRING_SOCKET;
	if ((rc = nl_open(&nl)) < 0)
		return rc;
	e->step = WIRING_PAIR;
	/* as wiring_veth: a name free before, and a link of it after, is ours */
	if ((rc = taken(&nl, name)) == 0) {
		rc = nl_bridge_add(&nl, name);
		/* refused, it was not made; sent and unanswered, it may have been */
		made = rc >= 0 || nl.lost;
	}
	if (rc >= 0)
		rc = link_setup(&nl, name, a, &e->step);
	nl_close(&nl);
	if (rc < 0 && made)
		wiring_remove(-1, name, "bridge");
	return rc < 0 ? rc : 0;
}

int wiring_bridge_find(struct nl *nl, const char *name, int family, struct nl_addr *gw)
{
	int br, rc;

	if ((br = link_of_kind(nl, name, "bridge")) < 0)
		return br;
	/*
	 * A bridge with no address of its own is a plain L2 segment: no
	 * gateway.  Any other failure is one: a lost answer must not make a
	 * namespace without its default route.
	 */
	if (gw && (rc = nl_addr_first(nl, br, family, gw)) == -ENOENT)
		gw->family = AF_UNSPEC;
	else if (gw && rc < 0)
		return rc;
	return br;
}
