/*
 * test_nat.c - lib/nat: the names it lets into an nft script (good and
 * malformed), and, in a network namespace of its own, the setup steps:
 * no bridge, no IPv4 on it, the rule and forwarding, both or neither.
 */
#include "compat.h"
#include "nat.h"
#include "netlink.h"
#include "unit.h"

#include <sched.h>

START_TEST(names)
{
	char long_name[80];

	ck_assert(nat_name_ok("xns-br0"));
	ck_assert(nat_name_ok("eth0.100"));
	ck_assert(nat_name_ok("a_b"));
	/* what nft would read as syntax, or a quote to break out of */
	ck_assert(!nat_name_ok(""));
	ck_assert(!nat_name_ok(NULL));
	ck_assert(!nat_name_ok("br 0"));
	ck_assert(!nat_name_ok("br\"0"));
	ck_assert(!nat_name_ok("br;flush ruleset"));
	ck_assert(!nat_name_ok("br{"));
	ck_assert(!nat_name_ok("br\n0"));
	ck_assert(!nat_name_ok("br/0"));
	ck_assert(!nat_name_ok("\xc3\xa9"));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ck_assert(!nat_name_ok(long_name));
	long_name[64] = '\0';
	ck_assert(nat_name_ok(long_name));
}
END_TEST

START_TEST(refused_before_nft)
{
	struct nl_addr v4, v6;
	char why[128] = "";

	ck_assert_int_eq(nl_parse_cidr("10.200.3.1/24", &v4), 0);
	ck_assert_int_eq(nl_parse_cidr("fd00::1/64", &v6), 0);
	ck_assert_int_eq(nat_masquerade("br 0", &v4, "eth0", why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(nat_masquerade("xns-br", &v4, "eth0\"", why, sizeof(why)), -EINVAL);
	/* IPv4 only: the table is "ip" */
	ck_assert_int_eq(nat_masquerade("xns-br", &v6, "eth0", why, sizeof(why)), -EINVAL);
	ck_assert_int_eq(nat_remove("x;y", why, sizeof(why)), -EINVAL);
}
END_TEST

START_TEST(setup)
{
	struct nl_addr a, subnet;
	char why[512] = "", buf[8] = "";
	struct nl nl;
	int br, fd;

	if (geteuid() != 0)
		unit_skip("needs root for a network namespace of its own");
	if (unshare(CLONE_NEWNET) < 0)
		unit_skip("no network namespaces here");
	ck_assert_int_eq(nat_setup("xns-nn-br", "lo", &subnet, why, sizeof(why)),
			 NAT_SETUP_BRIDGE);
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_int_eq(nl_open(&nl), 0);
	ck_assert_int_eq(nl_bridge_add(&nl, "xns-nn-br"), 0);
	ck_assert_int_eq(nat_setup("xns-nn-br", "xns-nn-out", &subnet, why, sizeof(why)),
			 NAT_SETUP_OUT);
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_int_eq(nat_setup("xns-nn-br", "lo", &subnet, why, sizeof(why)),
			 NAT_SETUP_SUBNET);
	br = nl_link_index(&nl, "xns-nn-br");
	ck_assert_int_eq(nl_parse_cidr("10.200.3.1/24", &a), 0);
	ck_assert_int_eq(nl_addr_add(&nl, br, &a), 0);
	nl_close(&nl);

	switch (nat_setup("xns-nn-br", "lo", &subnet, why, sizeof(why))) {
	case NAT_SETUP_OK:
		break;
	case NAT_SETUP_RULE:
		if (errno == ENOSYS)
			unit_skip("no libnftables here");
		ck_abort_msg("nat_setup: %s (%d)", why, errno);
		break;
	default:
		ck_abort_msg("nat_setup: %d", errno);
	}
	ck_assert_int_eq(subnet.family, AF_INET);
	ck_assert_uint_eq(subnet.prefixlen, 24);
	/* forwarding is on in this namespace (and only here: it is ours) */
	fd = open("/proc/sys/net/ipv4/ip_forward", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(read(fd, buf, sizeof(buf) - 1), 0);
	close(fd);
	ck_assert_str_eq(buf, "1\n");
	ck_assert_int_eq(nat_remove("xns-nn-br", why, sizeof(why)), 0);
	/* a second remove finds no table, and says so */
	ck_assert_int_eq(nat_remove("xns-nn-br", why, sizeof(why)), -EIO);
	ck_assert_str_ne(why, "");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("nat");
	TCase *tc = tcase_create("nat");

	tcase_add_test(tc, names);
	tcase_add_test(tc, refused_before_nft);
	tcase_add_test(tc, setup);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)
