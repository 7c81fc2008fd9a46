#include "compat.h"
#include "netlink.h"
#include "wiring.h"
#include "unit.h"

#include <arpa/inet.h>
#include <sys/socket.h>

static const char *fmt(const struct nl_addr *a)
{
	static char buf[NL_ADDR_STRLEN];

	return nl_addr_format(a, true, buf, sizeof(buf));
}

START_TEST(cidr_good)
{
	struct nl_addr a;

	ck_assert_int_eq(nl_parse_cidr("10.200.1.1/24", &a), 0);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.prefixlen, 24);
	ck_assert_str_eq(fmt(&a), "10.200.1.1/24");
	ck_assert_int_eq(nl_parse_cidr("0.0.0.0/0", &a), 0);
	ck_assert_uint_eq(a.prefixlen, 0);
	ck_assert_int_eq(nl_parse_cidr("255.255.255.255/32", &a), 0);
	ck_assert_int_eq(nl_parse_cidr("fd00::1/64", &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_str_eq(fmt(&a), "fd00::1/64");
	ck_assert_int_eq(nl_parse_cidr("::/0", &a), 0);
	ck_assert_int_eq(nl_parse_cidr("::ffff:10.200.0.1/128", &a), 0);
}
END_TEST

START_TEST(cidr_bad)
{
	static const char *bad[] = {
		"", "/", "/24", "10.200.1.1", "10.200.1.1/", "10.200.1.1/33",
		"10.200.1.1/-1", "10.200.1.1/+24", "10.200.1.1/ 24", "10.200.1.1/24 ",
		" 10.200.1.1/24", "10.200.1.1/24/8", "10.200.1.1/024", "10.200.1.1/00",
		"10.200.1.300/24", "10.200.1/24", "10.200.1.1.1/24", "0x0a.0.0.1/8",
		"010.200.1.1/24", "10.200.1.1/2a", "10.200.1.1/99999999999999999999",
		"fd00::1/129", "fd00:::1/64", "fd00::g/64", "a/8", "localhost/8",
		"10.200.1.1\n/24", "1.2.3.4%eth0/24",
		"1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:dddd:eeee:ffff/64",
	};
	struct nl_addr a = { .family = 77, .prefixlen = 99 };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(nl_parse_cidr(bad[i], &a) == -EINVAL, "accepted '%s'", bad[i]);
	ck_assert_int_eq(nl_parse_cidr(NULL, &a), -EINVAL);
	/* untouched on failure */
	ck_assert_int_eq(a.family, 77);
	ck_assert_uint_eq(a.prefixlen, 99);
}
END_TEST

START_TEST(ip)
{
	struct nl_addr a;

	ck_assert_int_eq(nl_parse_ip("10.200.0.1", &a), 0);
	ck_assert_uint_eq(a.prefixlen, 32);
	ck_assert_int_eq(nl_parse_ip("fe80::1", &a), 0);
	ck_assert_uint_eq(a.prefixlen, 128);
	ck_assert_int_eq(nl_parse_ip("10.200.0.1/32", &a), -EINVAL);
	ck_assert_int_eq(nl_parse_ip("", &a), -EINVAL);
	ck_assert_int_eq(nl_parse_ip("10.200.0", &a), -EINVAL);
	ck_assert_int_eq(nl_parse_ip(NULL, &a), -EINVAL);
}
END_TEST

START_TEST(network)
{
	struct nl_addr a, n, b;
	char buf[NL_ADDR_STRLEN];

	ck_assert_int_eq(nl_parse_cidr("10.200.5.77/24", &a), 0);
	n = nl_addr_network(&a);
	ck_assert_str_eq(nl_addr_format(&n, true, buf, sizeof(buf)), "10.200.5.0/24");
	ck_assert_str_eq(nl_addr_format(&n, false, buf, sizeof(buf)), "10.200.5.0");
	ck_assert_int_eq(nl_parse_cidr("10.200.5.77/20", &a), 0);
	n = nl_addr_network(&a);
	ck_assert_str_eq(fmt(&n), "10.200.0.0/20");
	ck_assert_int_eq(nl_parse_cidr("10.200.5.77/0", &a), 0);
	n = nl_addr_network(&a);
	ck_assert_str_eq(fmt(&n), "0.0.0.0/0");
	ck_assert_int_eq(nl_parse_cidr("fd00:1:2:3:4::1/56", &a), 0);
	n = nl_addr_network(&a);
	ck_assert_str_eq(fmt(&n), "fd00:1:2::/56");

	ck_assert_int_eq(nl_parse_cidr("10.200.5.1/24", &a), 0);
	ck_assert_int_eq(nl_parse_ip("10.200.5.254", &b), 0);
	ck_assert(nl_addr_contains(&a, &b));
	ck_assert_int_eq(nl_parse_ip("10.200.6.1", &b), 0);
	ck_assert(!nl_addr_contains(&a, &b));
	ck_assert_int_eq(nl_parse_ip("fd00::1", &b), 0);
	ck_assert(!nl_addr_contains(&a, &b));
}
END_TEST

START_TEST(ifname)
{
	ck_assert_int_eq(nl_ifname_check("eth0"), 0);
	ck_assert_int_eq(nl_ifname_check("ve-xns-nn-12345"), 0);
	ck_assert_int_eq(nl_ifname_check("ve-xns-nn-123456"), -EINVAL);
	ck_assert_int_eq(nl_ifname_check(""), -EINVAL);
	ck_assert_int_eq(nl_ifname_check("."), -EINVAL);
	ck_assert_int_eq(nl_ifname_check(".."), -EINVAL);
	ck_assert_int_eq(nl_ifname_check("a/b"), -EINVAL);
	ck_assert_int_eq(nl_ifname_check("a b"), -EINVAL);
	ck_assert_int_eq(nl_ifname_check("a:1"), -EINVAL);
	ck_assert_int_eq(nl_ifname_check("a\tb"), -EINVAL);
	ck_assert_int_eq(nl_ifname_check(NULL), -EINVAL);
}
END_TEST

static int count_ids(const struct netnsid_entry *e, void *data)
{
	(void) e;
	++*(int *) data;
	return 0;
}

/* the socket half, where we may: a private network namespace of our own */
START_TEST(requests)
{
	struct nl nl;
	struct nl_addr a, got;
	char kind[16];
	int br, nsid;

	if (geteuid() != 0)
		unit_skip("needs root for a network namespace of its own");
	if (unshare(CLONE_NEWNET) < 0)
		unit_skip("no network namespaces here");
	ck_assert_int_eq(nl_open(&nl), 0);
	ck_assert_int_eq(nl_link_index(&nl, "lo"), 1);
	ck_assert_int_eq(nl_link_index(&nl, "xns-nope"), -ENODEV);
	ck_assert_int_eq(nl_link_index(&nl, "much-too-long-name"), -ENODEV);
	ck_assert_int_eq(nl_link_up(&nl, 1), 0);
	ck_assert_int_eq(nl_bridge_add(&nl, "xns-nn-br"), 0);
	ck_assert_int_eq(nl_bridge_add(&nl, "xns-nn-br"), -EEXIST);
	br = nl_link_index(&nl, "xns-nn-br");
	ck_assert_int_gt(br, 1);
	ck_assert_int_eq(nl_link_kind(&nl, br, kind, sizeof(kind)), 0);
	ck_assert_str_eq(kind, "bridge");
	ck_assert_int_eq(nl_addr_first(&nl, br, AF_INET, &got), -ENOENT);
	ck_assert_int_eq(nl_parse_cidr("10.200.7.1/24", &a), 0);
	ck_assert_int_eq(nl_addr_add(&nl, br, &a), 0);
	ck_assert_int_eq(nl_addr_add(&nl, br, &a), -EEXIST);
	ck_assert_int_eq(nl_addr_first(&nl, br, AF_INET, &got), 0);
	ck_assert_str_eq(fmt(&got), "10.200.7.1/24");
	ck_assert_int_eq(nl_veth_add(&nl, "xns-nn-a", -1, "xns-nn-b", -1, br), 0);
	ck_assert_int_eq(nl_veth_add(&nl, "xns-nn-a", -1, "xns-nn-c", -1, 0), -EEXIST);
	ck_assert_int_eq(nl_veth_add(&nl, "bad/name", -1, "xns-nn-c", -1, 0), -EINVAL);
	ck_assert_int_eq(nl_link_up(&nl, nl_link_index(&nl, "xns-nn-b")), 0);
	ck_assert_int_eq(nl_parse_ip("10.200.7.254", &a), 0);
	ck_assert_int_eq(nl_route_add_default(&nl, &a, br), 0);
	ck_assert_int_eq(nl_route_add_default(&nl, &a, br), -EEXIST);
	ck_assert_int_eq(nl_link_del(&nl, nl_link_index(&nl, "xns-nn-b")), 0);
	ck_assert_int_eq(nl_link_index(&nl, "xns-nn-a"), -ENODEV);
	ck_assert_int_eq(nl_link_del(&nl, 999999), -ENODEV);

	/* our own namespace, as the socket sees it, has no id for itself */
	{
		int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

		ck_assert_int_ge(self, 0);
		ck_assert_int_eq(nl_nsid_get(&nl, self, &nsid), 0);
		close(self);
	}
	/* wiring: all or nothing, and where it failed */
	{
		struct wiring_error e;
		struct nl_addr a1, a2, dup;
		struct wiring_end end[2] = { { -1, "xns-nn-w0", &a1 }, { -1, "xns-nn-w1", &a2 } };

		ck_assert_int_eq(nl_parse_cidr("10.200.9.1/24", &a1), 0);
		ck_assert_int_eq(nl_parse_cidr("10.200.9.2/24", &a2), 0);
		ck_assert_int_eq(wiring_bridge("xns-nn-wbr", &a1, &e), 0);
		ck_assert_int_eq(wiring_bridge("xns-nn-wbr", NULL, &e), -EEXIST);
		ck_assert_int_eq(e.step, WIRING_PAIR);
		/* a gateway on no link's subnet: refused, the pair taken back */
		ck_assert_int_eq(nl_parse_ip("10.201.0.1", &dup), 0);
		ck_assert_int_eq(wiring_veth(end, 0, &dup, &e), -ENETUNREACH);
		ck_assert_int_eq(e.step, WIRING_ROUTE);
		ck_assert_int_eq(e.end, 0);
		ck_assert_int_eq(nl_link_index(&nl, "xns-nn-w0"), -ENODEV);
		ck_assert_int_eq(nl_link_index(&nl, "xns-nn-w1"), -ENODEV);
		ck_assert_int_eq(nl_parse_cidr("10.200.9.3/24", &dup), 0);
		end[0].addr = &dup;
		ck_assert_int_eq(wiring_veth(end, nl_link_index(&nl, "xns-nn-wbr"), NULL, &e), 0);
		ck_assert_int_gt(nl_link_index(&nl, "xns-nn-w1"), 0);
		ck_assert_int_eq(wiring_veth(end, 0, NULL, &e), -EEXIST);
		ck_assert_int_eq(e.step, WIRING_PAIR);
		/* a bridge, with its address as the gateway; a veth is none */
		ck_assert_int_eq(wiring_bridge_find(&nl, "xns-nn-wbr", AF_INET, &dup),
				 nl_link_index(&nl, "xns-nn-wbr"));
		ck_assert_str_eq(fmt(&dup), "10.200.9.1/24");
		ck_assert_int_eq(wiring_bridge_find(&nl, "xns-nn-w1", AF_INET, NULL), -EMEDIUMTYPE);
		ck_assert_int_eq(wiring_bridge_find(&nl, "xns-nn-none", AF_INET, NULL), -ENODEV);
		/* the inverse: only a link of the kind asked for, lo never */
		ck_assert_int_eq(wiring_remove(-1, "xns-nn-w1", "bridge"), -EMEDIUMTYPE);
		ck_assert_int_eq(wiring_remove(-1, "lo", "veth"), -EMEDIUMTYPE);
		ck_assert_int_eq(wiring_remove(-1, "xns-nn-w1", "veth"), 0);
		ck_assert_int_eq(nl_link_index(&nl, "xns-nn-w0"), -ENODEV);
		ck_assert_int_eq(wiring_remove(-1, "xns-nn-w1", "veth"), -ENODEV);
		ck_assert_int_eq(wiring_remove(-1, "xns-nn-wbr", "bridge"), 0);
		ck_assert_int_eq(nl_link_index(&nl, "xns-nn-wbr"), -ENODEV);
	}
	/* a fresh namespace has given out no id: an empty table, no such ids */
	nsid = 0;
	ck_assert_int_eq(nl_nsid_dump(&nl, NETNSID_UNASSIGNED, NETNSID_UNASSIGNED, count_ids, &nsid), 0);
	ck_assert_int_eq(nsid, 0);
	ck_assert_int_eq(nl_nsid_dump(&nl, NETNSID_UNASSIGNED, 5, count_ids, &nsid), -ENOENT);
	ck_assert_int_eq(nl_nsid_dump(&nl, 5, NETNSID_UNASSIGNED, count_ids, &nsid), -EINVAL);
	ck_assert_int_eq(nsid, 0);
	nl_close(&nl);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("parse");
	TCase *rq = tcase_create("requests");

	tcase_add_test(tc, cidr_good);
	tcase_add_test(tc, cidr_bad);
	tcase_add_test(tc, ip);
	tcase_add_test(tc, network);
	tcase_add_test(tc, ifname);
	suite_add_tcase(s, tc);
	tcase_add_test(rq, requests);
	suite_add_tcase(s, rq);
	return s;
}

UNIT_MAIN(suite)
