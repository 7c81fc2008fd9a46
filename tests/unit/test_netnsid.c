/*
 * test_netnsid.c - lib/netnsid: the ids as command lines give them, the
 * one reader of RTM_NEWNSID (good replies, error replies, malformed ones),
 * and a query on a socket that still holds an unread reply.
 */
#include "compat.h"
#include "netlink.h"
#include "netnsid.h"
#include "netns.h"
#include "netnsnl.h"
#include "unit.h"

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>

START_TEST(nsid_parse)
{
	int v = 42;

	ck_assert_int_eq(netnsid_parse("0", &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(netnsid_parse("7", &v), 0);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(netnsid_parse("2147483647", &v), 0);
	ck_assert_int_eq(v, 2147483647);
	v = 42;
	ck_assert_int_eq(netnsid_parse("2147483648", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("99999999999999999999", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("-1", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("+1", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse(" 1", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("1 ", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("0x5", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("auto", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse("", &v), -EINVAL);
	ck_assert_int_eq(netnsid_parse(NULL, &v), -EINVAL);
	ck_assert_int_eq(v, 42);
}
END_TEST

START_TEST(nsid_filters)
{
	char *ok1[] = { "target-nsid", "5", "nsid", "7" }, *ok2[] = { "nsid", "0" };
	char *unknown[] = { "nsid", "1", "bogus", "2" }, *twice[] = { "nsid", "1", "nsid", "2" };
	char *novalue[] = { "target-nsid" }, *badv[] = { "target-nsid", "-1" };
	char *hex[] = { "nsid", "0x5" }, *big[] = { "nsid", "2147483648" };
	int t, n, bad;

	ck_assert_int_eq(netnsid_parse_filters(0, ok1, &t, &n, &bad), NETNSID_FILTER_OK);
	ck_assert_int_eq(t, NETNSID_UNASSIGNED);
	ck_assert_int_eq(n, NETNSID_UNASSIGNED);
	ck_assert_int_eq(netnsid_parse_filters(4, ok1, &t, &n, &bad), NETNSID_FILTER_OK);
	ck_assert_int_eq(t, 5);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(netnsid_parse_filters(2, ok2, &t, &n, &bad), NETNSID_FILTER_OK);
	ck_assert_int_eq(t, NETNSID_UNASSIGNED);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(netnsid_parse_filters(4, unknown, &t, &n, &bad), NETNSID_FILTER_UNKNOWN);
	ck_assert_int_eq(bad, 2);
	ck_assert_int_eq(netnsid_parse_filters(4, twice, &t, &n, &bad), NETNSID_FILTER_TWICE);
	ck_assert_int_eq(bad, 2);
	ck_assert_int_eq(netnsid_parse_filters(1, novalue, &t, &n, &bad), NETNSID_FILTER_NO_VALUE);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(netnsid_parse_filters(2, badv, &t, &n, &bad), NETNSID_FILTER_BAD_VALUE);
	ck_assert_int_eq(netnsid_parse_filters(2, hex, &t, &n, &bad), NETNSID_FILTER_BAD_VALUE);
	ck_assert_int_eq(netnsid_parse_filters(2, big, &t, &n, &bad), NETNSID_FILTER_BAD_VALUE);
	ck_assert_int_eq(bad, 0);
}
END_TEST

/* an RTM_NEWNSID message into @buf with the attributes asked for */
static size_t newnsid(char *buf, uint16_t type, int nsid, int current, bool bad_len)
{
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;

	memset(buf, 0, 8192);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (bad_len)
		mnl_attr_put_u16(nlh, NETNSA_NSID, 7);
	else if (nsid != -2)
		mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t) nsid);
	if (current != -2)
		mnl_attr_put_u32(nlh, NETNSA_CURRENT_NSID, (uint32_t) current);
	return nlh->nlmsg_len;
}

START_TEST(replies)
{
	static char buf[8192];
	struct netnsid_entry e;
	struct nlmsghdr *nlh = (struct nlmsghdr *) buf;
	struct nlmsgerr *err;
	size_t len;
	int id = 42;

	len = newnsid(buf, RTM_NEWNSID, 5, -2, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), 0);
	ck_assert_int_eq(id, 5);
	ck_assert_int_eq(netnsid_parse_msg(nlh, &e), 0);
	ck_assert_int_eq(e.nsid, 5);
	ck_assert_int_eq(e.current, NETNSID_UNASSIGNED);
	/* -1 on the wire is "not assigned", the one constant for it */
	len = newnsid(buf, RTM_NEWNSID, -1, 3, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), 0);
	ck_assert_int_eq(id, NETNSID_UNASSIGNED);
	ck_assert_int_eq(netnsid_parse_msg(nlh, &e), 0);
	ck_assert_int_eq(e.current, 3);

	/* malformed: no id, an id of the wrong size, another message type */
	id = 42;
	len = newnsid(buf, RTM_NEWNSID, -2, -2, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	len = newnsid(buf, RTM_NEWNSID, 0, -2, true);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	ck_assert_int_eq(netnsid_parse_msg(nlh, &e), -EINVAL);
	len = newnsid(buf, RTM_NEWLINK, 5, -2, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	ck_assert_int_eq(netnsid_parse_msg(nlh, &e), -EINVAL);
	ck_assert_int_eq(id, 42);
	/* short, truncated, or claiming more than there is */
	len = newnsid(buf, RTM_NEWNSID, 5, -2, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, 4, &id), -EINVAL);
	ck_assert_int_eq(netnsid_parse_reply(buf, len - 4, &id), -EINVAL);
	nlh->nlmsg_len = 1u << 30;
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	/* over 2 GiB: negative as an int, which libmnl's own check lets by */
	nlh->nlmsg_len = 0x80000010u;
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	ck_assert_int_eq(id, 42);
	/* no id is below -1 */
	len = newnsid(buf, RTM_NEWNSID, -7, -2, false);
	ck_assert_int_eq(netnsid_parse_reply(buf, len, &id), -EINVAL);
	len = newnsid(buf, RTM_NEWNSID, 1, -3, false);
	ck_assert_int_eq(netnsid_parse_msg(nlh, &e), -EINVAL);
	ck_assert_int_eq(id, 42);

	/* an error reply is the kernel's errno; a zero "error" is no answer */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = -EBADF;
	ck_assert_int_eq(netnsid_parse_reply(buf, nlh->nlmsg_len, &id), -EBADF);
	err->error = 0;
	ck_assert_int_eq(netnsid_parse_reply(buf, nlh->nlmsg_len, &id), -EINVAL);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	ck_assert_int_eq(netnsid_parse_reply(buf, nlh->nlmsg_len, &id), -EINVAL);
}
END_TEST

/* plain files are no namespaces: no ids; a missing folder is empty */
START_TEST(list_ids)
{
	char *dir = unit_tmpdir(), sub[128], **names;
	int *ids;
	size_t n;

	unit_write(dir, "a", "");
	unit_write(dir, "b", "");
	ck_assert_int_eq(netnsnl_list(dir, NULL, &names, &ids, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], NETNSID_UNASSIGNED);
	ck_assert_int_eq(ids[1], NETNSID_UNASSIGNED);
	free(ids);
	netns_list_free(names, n);
	snprintf(sub, sizeof(sub), "%s/missing", dir);
	ck_assert_int_eq(netnsnl_list(sub, NULL, &names, &ids, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(ids);
	free(ids);
	unit_rmtree(dir);
}
END_TEST

/*
 * A request whose reply was never read (a recvmsg that failed) leaves that
 * reply queued: the next query must skip it, not take it for its own.
 */
START_TEST(stale_reply)
{
	static char req[8192];
	struct mnl_socket *sk;
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	struct nl nl;
	int self, peer, id = 42, other;

	if (geteuid() != 0)
		unit_skip("needs root for network namespaces of its own");
	if (unshare(CLONE_NEWNET) < 0)
		unit_skip("no network namespaces here");
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(self, 0);
	/* a second namespace, given id 7 here */
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	peer = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(peer, 0);
	ck_assert_int_eq(setns(self, CLONE_NEWNET), 0);
	ck_assert_int_eq(nl_open(&nl), 0);
	ck_assert_int_eq(nl_nsid_set(&nl, peer, 7), 0);

	ck_assert_int_eq(netnsid_open(&sk), 0);
	ck_assert_ptr_nonnull(sk);
	/* a GETLINK for lo, its answer left unread */
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 99;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	g->rtgen_family = AF_UNSPEC;
	ck_assert_int_ge(mnl_socket_sendto(sk, nlh, nlh->nlmsg_len), 0);
	ck_assert_int_eq(netnsid_get(sk, peer, &id), 0);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(netnsid_get(sk, self, &id), 0);
	ck_assert_int_eq(id, NETNSID_UNASSIGNED);
	netnsid_close(sk);

	/* the same on lib/netlink's socket: a queued answer is not the next one's */
	nlh->nlmsg_seq = nl.seq + 1000;
	ck_assert_int_ge(mnl_socket_sendto(nl.sk, nlh, nlh->nlmsg_len), 0);
	ck_assert_int_eq(nl_link_index(&nl, "lo"), 1);
	ck_assert_int_ge(mnl_socket_sendto(nl.sk, nlh, nlh->nlmsg_len), 0);
	ck_assert_int_eq(nl_nsid_get(&nl, peer, &other), 0);
	ck_assert_int_eq(other, 7);
	nl_close(&nl);
	close(peer);
	close(self);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("netnsid");
	TCase *tc = tcase_create("netnsid");

	tcase_add_test(tc, nsid_parse);
	tcase_add_test(tc, nsid_filters);
	tcase_add_test(tc, replies);
	tcase_add_test(tc, list_ids);
	tcase_add_test(tc, stale_reply);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)
