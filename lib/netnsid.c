/*
 * netnsid.c - RTM_GETNSID through libmnl.
 */
#include "compat.h"
#include "netnsid.h"

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

struct mnl_socket *netnsid_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;

		mnl_socket_close(nl);
		errno = saved;
		return NULL;
	}
	return nl;
}

void netnsid_close(struct mnl_socket *nl)
{
	if (nl)
		mnl_socket_close(nl);
}

struct reply {
	int id;
	bool found;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct reply *r = data;

	if (mnl_attr_get_type(a) == NETNSA_NSID) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		r->id = (int) mnl_attr_get_u32(a);
		r->found = true;
	}
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_ERROR;
	return mnl_attr_parse(nlh, sizeof(struct rtgenmsg), attr_cb, data);
}

int netnsid_parse_reply(const void *buf, size_t len, int *id)
{
	struct reply r = { NETNSID_UNASSIGNED, false };
	const struct nlmsghdr *nlh = buf;
	int rc;

	if (len < sizeof(*nlh) || len > 1U << 20)
		return -EINVAL;
	if (nlh->nlmsg_type == NLMSG_ERROR && mnl_nlmsg_ok(nlh, (int) len)) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
			return -EINVAL;
		return e->error < 0 ? e->error : -EINVAL;
	}
	rc = mnl_cb_run(buf, len, 0, 0, msg_cb, &r);
	if (rc < 0 || !r.found)
		return -EINVAL;
	*id = r.id;
	return 0;
}

int netnsid_get(struct mnl_socket *nl, int nsfd, int *id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	ssize_t n;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t) nsfd);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	return netnsid_parse_reply(buf, (size_t) n, id);
}
