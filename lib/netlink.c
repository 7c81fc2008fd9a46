/*
 * netlink.c - the rtnetlink transport and requests, through libmnl.
 *
 * libmnl only frames messages and walks replies; which attributes a request
 * carries is spelled out here, next to the kernel's rules for them.
 */
#include "compat.h"
#include "netlink.h"
#include "netnsid.h"
#include "ns.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

/* ---- the socket --------------------------------------------------------- */

#define NL_REQ_SIZE 4096

int nl_open(struct nl *nl)
{
	return nl_open_in(nl, -1);
}

static int nl_bind(struct nl *nl)
{
	int one = 1;

	/* the kernel's own words for a refusal ride along in the ack */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	if (!nl->buf)
		return -ENOMEM;
	return 0;
}

int nl_open_in(struct nl *nl, int nsfd)
{
	int self = -1, rc;

	memset(nl, 0, sizeof(*nl));
	if (nsfd >= 0) {
		char path[64];

		/* a socket stays in the namespace it was made in */
		snprintf(path, sizeof(path), "/proc/thread-self/ns/%s",
			 ns_type_by_flag(CLONE_NEWNET)->file);
		self = open(path, O_RDONLY | O_CLOEXEC);
		if (self < 0)
			return -errno;
		if (setns(nsfd, CLONE_NEWNET) < 0) {
			rc = -errno;
			close(self);
			return rc;
		}
	}
	nl->sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	rc = nl->sk ? 0 : -errno;
	if (self >= 0) {
		/* coming back cannot fail for a namespace we were in */
		if (setns(self, CLONE_NEWNET) < 0 && rc == 0)
			rc = -errno;
		close(self);
	}
	if (rc == 0)
		rc = nl_bind(nl);
	if (rc < 0)
		nl_close(nl);
	return rc;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}

static struct nlmsghdr *nl_msg(struct nl *nl, char *req, uint16_t type,
			       uint16_t flags)
{
	struct nlmsghdr *nlh;

	/* libmnl leaves attribute padding as it finds it: start from zeros */
	memset(req, 0, NL_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

/*
 * A dump that the kernel refused once it had begun (a bad filter under
 * strict checking) ends in NLMSG_DONE carrying the error, which libmnl
 * takes for a plain end.
 */
static int dump_error(const char *buf, size_t len)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *) buf;
	int len_left = (int) len, e;

	for (; mnl_nlmsg_ok(h, len_left); h = mnl_nlmsg_next(h, &len_left)) {
		if (h->nlmsg_type != NLMSG_DONE ||
		    mnl_nlmsg_get_payload_len(h) < sizeof(e))
			continue;
		memcpy(&e, mnl_nlmsg_get_payload(h), sizeof(e));
		return e < 0 ? e : 0;
	}
	return 0;
}

/*
 * Send one request and read until its ack (or NLMSG_DONE for a dump);
 * @cb sees the data messages.  Requests carry NLM_F_ACK, so a GET ends with
 * an ack after its reply and the loop knows where to stop.
 */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int rc;

	nl->lost = false;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, nl->buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0) {
			nl->lost = true;
			return -errno;
		}
		/*
		 * The kernel answers each request in datagrams of its own, all
		 * with its sequence number: one of another is the reply to an
		 * earlier request whose read failed, and not ours to take.
		 */
		if ((size_t) n >= sizeof(*nlh) &&
		    ((struct nlmsghdr *) nl->buf)->nlmsg_seq != nlh->nlmsg_seq)
			continue;
		rc = mnl_cb_run(nl->buf, (size_t) n, nlh->nlmsg_seq, nl->portid,
				cb, data);
		if (rc < 0)
			return errno ? -errno : -EPROTO;
		if (rc == MNL_CB_STOP)
			return dump_error(nl->buf, (size_t) n);
	}
}

/* ---- links -------------------------------------------------------------- */

struct link_reply {
	int ifindex;
	char *kind;
	size_t kindlen;
};

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct link_reply *r = data;
	struct nlattr *nested;

	if (mnl_attr_get_type(attr) != IFLA_LINKINFO || !r->kind)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(nested, attr) {
		if (mnl_attr_get_type(nested) == IFLA_INFO_KIND &&
		    mnl_attr_validate(nested, MNL_TYPE_STRING) == 0)
			snprintf(r->kind, r->kindlen, "%s", mnl_attr_get_str(nested));
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_reply *r = data;
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	r->ifindex = ifm->ifi_index;
	mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, r);
	return MNL_CB_OK;
}

static int link_get(struct nl *nl, const char *name, int ifindex,
		    struct link_reply *r)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_GETLINK, NLM_F_ACK);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	int rc;

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (name) {
		if (!*name || strlen(name) >= IFNAMSIZ)
			return -ENODEV;
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	}
	rc = nl_talk(nl, nlh, link_cb, r);
	if (rc == 0 && r->ifindex <= 0)
		rc = -ENODEV;
	return rc;
}

int nl_link_index(struct nl *nl, const char *name)
{
	struct link_reply r = { 0 };
	int rc = link_get(nl, name, 0, &r);

	return rc < 0 ? rc : r.ifindex;
}

int nl_link_kind(struct nl *nl, int ifindex, char *buf, size_t len)
{
	struct link_reply r = { .kind = buf, .kindlen = len };

	if (len)
		buf[0] = '\0';
	return link_get(nl, NULL, ifindex, &r);
}

/* the body of "set link @ifindex up", after an RTM_NEWLINK header */
static void put_link_up(struct nlmsghdr *nlh, int ifindex)
{
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
}

int nl_link_up(struct nl *nl, int ifindex)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_NEWLINK, NLM_F_ACK);

	put_link_up(nlh, ifindex);
	return nl_talk(nl, nlh, NULL, NULL);
}

int nl_link_up_once(int ifindex)
{
	/* the request, then its ack: an nlmsgerr with the request echoed */
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ifinfomsg))]
		__attribute__((aligned(4)));
	char ack[MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr) + sizeof(req)]
		__attribute__((aligned(4)));
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh;
	ssize_t n;
	int fd, rc;

	memset(req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	put_link_up(nlh, ifindex);

	/* no bind: the kernel gives the socket a port id on the first send */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, req, nlh->nlmsg_len, 0, (struct sockaddr *) &kernel,
		   sizeof(kernel)) < 0 ||
	    (n = recv(fd, ack, sizeof(ack), 0)) < 0) {
		rc = -errno;
	} else {
		/* portid 0: the kernel checks the sender; we check the seq */
		rc = mnl_cb_run(ack, (size_t) n, 1, 0, NULL, NULL);
		rc = rc < 0 ? (errno ? -errno : -EPROTO) : 0;
	}
	close(fd);
	return rc;
}

int nl_link_del(struct nl *nl, int ifindex)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_DELLINK, NLM_F_ACK);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nl_talk(nl, nlh, NULL, NULL);
}

/* RTM_NEWLINK making link NAME, up from the start; the caller adds the rest */
static struct nlmsghdr *new_link_up_msg(struct nl *nl, char *req, const char *name)
{
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_NEWLINK,
				      NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

int nl_veth_add(struct nl *nl, const char *name, int nsfd, const char *peer,
		int peer_nsfd, int master)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *pifm;
	struct nlattr *info, *data, *pattr;

	if (nl_ifname_check(name) < 0 || nl_ifname_check(peer) < 0)
		return -EINVAL;
	/* IFF_UP in the request: the kernel opens the link once the pair is made */
	nlh = new_link_up_msg(nl, req, name);
	if (nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t) nsfd);
	if (master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t) master);

	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* the peer is an ifinfomsg followed by its own link attributes */
	pattr = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	pifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifm));
	/* no IFF_UP here: the peer is opened before it knows its partner (ENOTCONN) */
	pifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t) peer_nsfd);
	mnl_attr_nest_end(nlh, pattr);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nl_talk(nl, nlh, NULL, NULL);
}

int nl_bridge_add(struct nl *nl, const char *name)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *info;

	if (nl_ifname_check(name) < 0)
		return -EINVAL;
	nlh = new_link_up_msg(nl, req, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* ---- addresses and routes ----------------------------------------------- */

int nl_addr_add(struct nl *nl, int ifindex, const struct nl_addr *a)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_NEWADDR,
				      NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = (unsigned char) a->family;
	ifa->ifa_prefixlen = (unsigned char) a->prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int) ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, nl_addr_len(a), a->raw);
	mnl_attr_put(nlh, IFA_ADDRESS, nl_addr_len(a), a->raw);
	if (a->family == AF_INET && a->prefixlen < 31) {
		/* what ip(8) gives with "brd +": the subnet's last address */
		struct nl_addr brd = nl_addr_network(a);
		uint32_t host = a->prefixlen ? 0xffffffffu >> a->prefixlen : 0xffffffffu;

		brd.v4.s_addr |= htonl(host);
		mnl_attr_put(nlh, IFA_BROADCAST, 4, brd.raw);
	}
	return nl_talk(nl, nlh, NULL, NULL);
}

struct addr_query {
	int ifindex;
	int family;
	bool found;
	struct nl_addr *out;
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_query *q = data;
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWADDR || q->found ||
	    (int) ifa->ifa_index != q->ifindex || ifa->ifa_family != q->family)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		size_t want = q->family == AF_INET ? 4 : 16;

		if (mnl_attr_get_type(attr) != IFA_LOCAL &&
		    !(q->family == AF_INET6 && mnl_attr_get_type(attr) == IFA_ADDRESS))
			continue;
		if (mnl_attr_get_payload_len(attr) != want)
			continue;
		memset(q->out, 0, sizeof(*q->out));
		q->out->family = q->family;
		q->out->prefixlen = ifa->ifa_prefixlen;
		memcpy(q->out->raw, mnl_attr_get_payload(attr), want);
		q->found = true;
		break;
	}
	return MNL_CB_OK;
}

int nl_addr_first(struct nl *nl, int ifindex, int family, struct nl_addr *out)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_query q = { ifindex, family, false, out };
	int rc;

	ifa->ifa_family = (unsigned char) family;
	rc = nl_talk(nl, nlh, addr_cb, &q);
	if (rc < 0)
		return rc;
	return q.found ? 0 : -ENOENT;
}

int nl_route_add_default(struct nl *nl, const struct nl_addr *gw, int ifindex)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_NEWROUTE,
				      NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = (unsigned char) gw->family;
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, nl_addr_len(gw), gw->raw);
	if (ifindex > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t) ifindex);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* ---- namespace ids ------------------------------------------------------ */

int nl_nsid_get(struct nl *nl, int nsfd, int *nsid)
{
	return netnsid_get(nl->sk, nsfd, nsid);
}

int nl_nsid_set(struct nl *nl, int nsfd, int nsid)
{
	char req[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_NEWNSID, NLM_F_ACK);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t) nsfd);
	/* -1 asks the kernel for the lowest free id */
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t) nsid);
	return nl_talk(nl, nlh, NULL, NULL);
}

struct nsid_walk {
	int (*fn)(const struct netnsid_entry *e, void *data);
	void *data;
	int rc;
};

static int nsid_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nsid_walk *w = data;
	struct netnsid_entry e;

	if (w->rc < 0 || netnsid_parse_msg(nlh, &e) < 0)
		return MNL_CB_OK;
	w->rc = w->fn(&e, w->data);
	return MNL_CB_OK;
}

int nl_nsid_dump(struct nl *nl, int target, int nsid,
		 int (*fn)(const struct netnsid_entry *e, void *data), void *data)
{
	char req[NL_REQ_SIZE];
	/* one id is a GET by NETNSA_NSID; the ack after its reply ends the talk */
	struct nlmsghdr *nlh = nl_msg(nl, req, RTM_GETNSID,
				      nsid >= 0 ? NLM_F_ACK : NLM_F_DUMP);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	struct nsid_walk w = { fn, data, 0 };
	int rc;

	g->rtgen_family = AF_UNSPEC;
	if (nsid >= 0)
		mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t) nsid);
	/*
	 * The ids as @target sees them; the kernel then adds, for each, the id
	 * our namespace gave the same peer (NETNSA_CURRENT_NSID).
	 */
	if (target >= 0) {
		int one = 1;

		/* a dump reads its filter attributes only under strict checking */
		if (nsid < 0 && mnl_socket_setsockopt(nl->sk, NETLINK_GET_STRICT_CHK,
						      &one, sizeof(one)) < 0)
			return -errno;
		mnl_attr_put_u32(nlh, NETNSA_TARGET_NSID, (uint32_t) target);
	}
	rc = nl_talk(nl, nlh, nsid_dump_cb, &w);
	return rc < 0 ? rc : w.rc;
}
