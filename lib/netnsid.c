/*
 * netnsid.c - RTM_GETNSID through libmnl: the request, the reply, the ids.
 */
#include "compat.h"
#include "netnsid.h"
#include "parse.h"

#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

int netnsid_open(struct mnl_socket **out)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	int rc;

	*out = NULL;
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(nl);
		return rc;
	}
	*out = nl;
	return 0;
}

void netnsid_close(struct mnl_socket *nl)
{
	if (nl)
		mnl_socket_close(nl);
}

static int entry_attr_cb(const struct nlattr *a, void *data)
{
	struct netnsid_entry *e = data;
	uint16_t type = mnl_attr_get_type(a);
	int v;

	if (type != NETNSA_NSID && type != NETNSA_CURRENT_NSID)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	/* both are s32 on the wire: -1 is "not assigned", no id is below */
	v = (int) mnl_attr_get_u32(a);
	if (v < NETNSID_UNASSIGNED)
		return MNL_CB_ERROR;
	if (type == NETNSA_NSID)
		e->nsid = v;
	else
		e->current = v;
	return MNL_CB_OK;
}

int netnsid_parse_msg(const struct nlmsghdr *nlh, struct netnsid_entry *e)
{
	e->nsid = e->current = NETNSID_UNASSIGNED;
	if (nlh->nlmsg_type != RTM_NEWNSID ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtgenmsg)))
		return -EINVAL;
	if (mnl_attr_parse(nlh, sizeof(struct rtgenmsg), entry_attr_cb, e) < 0)
		return -EINVAL;
	return 0;
}

struct reply {
	int id;
	bool found;
};

/* does RTM_NEWNSID @nlh carry NETNSA_NSID at all? */
static bool has_nsid(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(a) == NETNSA_NSID)
			return true;
	return false;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	struct netnsid_entry e;

	/* the kernel always sends NETNSA_NSID in a reply: none is malformed */
	if (netnsid_parse_msg(nlh, &e) < 0 || !has_nsid(nlh))
		return MNL_CB_ERROR;
	r->id = e.nsid;
	r->found = true;
	return MNL_CB_OK;
}

/*
 * Every message of @buf within it.  libmnl's mnl_nlmsg_ok compares the
 * length as an int: a message claiming 2 GiB passes, and the walk jumps out
 * of the buffer (found by tests/fuzz/fuzz_netnsid).
 */
static bool msgs_fit(const void *buf, size_t len)
{
	const char *p = buf;

	while (len >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *h = (const struct nlmsghdr *) p;
		size_t step = MNL_ALIGN(h->nlmsg_len);

		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len)
			return false;
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return true;
}

/* the reply to @seq in @buf: 0 with *@id, -errno, or 1 when it is another's */
static int reply_of(const void *buf, size_t len, unsigned int seq, int *id)
{
	const struct nlmsghdr *nlh = buf;
	struct reply r = { NETNSID_UNASSIGNED, false };

	if (len < sizeof(*nlh) || len > 1U << 20 || !msgs_fit(buf, len))
		return -EINVAL;
	if (seq && nlh->nlmsg_seq != seq)
		return 1;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
			return -EINVAL;
		return e->error < 0 ? e->error : -EINVAL;
	}
	if (mnl_cb_run(buf, len, seq, 0, msg_cb, &r) < 0 || !r.found)
		return -EINVAL;
	*id = r.id;
	return 0;
}

int netnsid_parse_reply(const void *buf, size_t len, int *id)
{
	return reply_of(buf, len, 0, id);
}

int netnsid_get(struct mnl_socket *nl, int nsfd, int *id)
{
	/* far from lib/netlink's counters, which share sockets with us */
	static unsigned int next = 0x40000000u;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	unsigned int seq = ++next;
	ssize_t n;
	int rc;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t) nsfd);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		rc = reply_of(buf, (size_t) n, seq, id);
	} while (rc == 1);
	return rc;
}

int netnsid_parse(const char *s, int *nsid)
{
	uint32_t v;

	/* parse_u32: decimal digits only, so no sign, space or hex slips in */
	if (!s || parse_u32(s, &v) < 0 || v > INT_MAX)
		return -EINVAL;
	*nsid = (int) v;
	return 0;
}

enum netnsid_filter_result netnsid_parse_filters(int argc, char *const *argv,
						 int *target, int *nsid, int *bad)
{
	*target = *nsid = NETNSID_UNASSIGNED;
	for (int i = 0; i < argc; i += 2) {
		int *v = strcmp(argv[i], "target-nsid") == 0 ? target :
			 strcmp(argv[i], "nsid") == 0 ? nsid : NULL;

		*bad = i;
		if (!v)
			return NETNSID_FILTER_UNKNOWN;
		if (*v != NETNSID_UNASSIGNED)
			return NETNSID_FILTER_TWICE;
		if (i + 1 >= argc)
			return NETNSID_FILTER_NO_VALUE;
		if (netnsid_parse(argv[i + 1], v) < 0)
			return NETNSID_FILTER_BAD_VALUE;
	}
	return NETNSID_FILTER_OK;
}
