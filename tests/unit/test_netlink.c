#include "compat.h"
#include "netlink.h"
#include "unit.h"

#include <arpa/inet.h>

START_TEST(cidr_good) { }
END_TEST
static Suite *suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("cidr");

	tcase_add_test(tc, cidr_good);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)
