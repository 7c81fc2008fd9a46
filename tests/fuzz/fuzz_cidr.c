/* fuzz-sources: lib/netlink.c lib/parse.c */
/*
 * fuzz_cidr.c - the address parsers of lib/netlink.c (nl_parse_cidr,
 * nl_parse_ip, nl_ifname_check) on NUL-terminated copies of any bytes, as
 * from argv.  What parses must print back to text that parses to the same
 * address, and its network must contain it.
 */
#include "compat.h"
#include "netlink.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const struct nl_addr *a, bool cidr)
{
	char buf[NL_ADDR_STRLEN];
	struct nl_addr b, net;

	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    a->prefixlen > (a->family == AF_INET ? 32u : 128u))
		abort();
	nl_addr_format(a, cidr, buf, sizeof(buf));
	if ((cidr ? nl_parse_cidr(buf, &b) : nl_parse_ip(buf, &b)) != 0)
		abort();
	if (b.family != a->family || b.prefixlen != a->prefixlen ||
	    memcmp(b.raw, a->raw, a->family == AF_INET ? 4 : 16) != 0)
		abort();
	net = nl_addr_network(a);
	if (!nl_addr_contains(&net, a) || !nl_addr_contains(a, &net))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nl_addr a;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (nl_parse_cidr(s, &a) == 0)
		roundtrip(&a, true);
	if (nl_parse_ip(s, &a) == 0)
		roundtrip(&a, false);
	if (nl_ifname_check(s) == 0 && (strlen(s) == 0 || strlen(s) > 15 || strchr(s, '/')))
		abort();
	free(s);
	return 0;
}
