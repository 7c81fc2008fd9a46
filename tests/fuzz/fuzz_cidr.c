/* fuzz-sources: lib/nladdr.c lib/netnsid.c lib/parse.c */
/*
 * fuzz_cidr.c - the command-line parsers of lib/nladdr.c (nl_parse_cidr,
 * nl_parse_ip, nl_ifname_check) and lib/netnsid.c (netnsid_parse,
 * netnsid_parse_filters) on
 * NUL-terminated copies of any bytes, as from argv.  What parses must print
 * back to text that parses to the same address, and its network must
 * contain it; an id must be what its digits say; the filters see the
 * input split at spaces as argv words.
 */
#include "compat.h"
#include "nladdr.h"
#include "netnsid.h"

#include <limits.h>
#include <stdio.h>
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

static void ids(char *s)
{
	char buf[16], *argv[8], *save = NULL, *w;
	int nsid, target, argc = 0, bad = -1, rc;

	if (netnsid_parse(s, &nsid) == 0) {
		if (nsid < 0)
			abort();
		snprintf(buf, sizeof(buf), "%d", nsid);
		/* leading zeros aside, the digits are the number */
		if (strcmp(buf, s + strspn(s, "0")) != 0 && !(nsid == 0 && s[0] == '0'))
			abort();
	}
	for (w = strtok_r(s, " ", &save); w && argc < 8; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	rc = netnsid_parse_filters(argc, argv, &target, &nsid, &bad);
	if (rc == NETNSID_FILTER_OK && ((target < 0 && target != NETNSID_UNASSIGNED) ||
				   (nsid < 0 && nsid != NETNSID_UNASSIGNED)))
		abort();
	if (rc != NETNSID_FILTER_OK && (bad < 0 || bad >= argc))
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
	ids(s);
	free(s);
	return 0;
}
