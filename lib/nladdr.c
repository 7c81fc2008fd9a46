/*
 * nladdr.c - IP addresses and interface names as command lines give them:
 * libc only, so the parsers can be fuzzed and unit-tested without a socket.
 */
#include "compat.h"
#include "nladdr.h"
#include "parse.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

int nl_parse_ip(const char *s, struct nl_addr *out)
{
	struct nl_addr a;

	if (!s)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	/* inet_pton is strict: no "1.2.3", no octal or hex, no spaces */
	if (inet_pton(AF_INET, s, &a.v4) == 1) {
		a.family = AF_INET;
		a.prefixlen = 32;
	} else if (strchr(s, ':') && inet_pton(AF_INET6, s, &a.v6) == 1) {
		a.family = AF_INET6;
		a.prefixlen = 128;
	} else {
		return -EINVAL;
	}
	*out = a;
	return 0;
}

int nl_parse_cidr(const char *s, struct nl_addr *out)
{
	char host[NL_ADDR_STRLEN];
	const char *slash;
	struct nl_addr a;
	uint32_t len;
	size_t n;

	if (!s || !(slash = strchr(s, '/')))
		return -EINVAL;
	n = (size_t) (slash - s);
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	if (nl_parse_ip(host, &a) < 0)
		return -EINVAL;
	/* parse_u32 takes digits only: no sign, no space, no second '/' */
	if (parse_u32(slash + 1, &len) < 0 || len > a.prefixlen)
		return -EINVAL;
	/* one digit too many would still be in range: "/024" is not a prefix */
	if (slash[1] == '0' && slash[2] != '\0')
		return -EINVAL;
	a.prefixlen = len;
	*out = a;
	return 0;
}

size_t nl_addr_len(const struct nl_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

struct nl_addr nl_addr_network(const struct nl_addr *a)
{
	struct nl_addr net = *a;
	size_t bytes = nl_addr_len(a);

	for (size_t i = 0; i < bytes; i++) {
		unsigned int bit = (unsigned int) i * 8;

		if (bit >= a->prefixlen)
			net.raw[i] = 0;
		else if (a->prefixlen - bit < 8)
			net.raw[i] &= (unsigned char) (0xff << (8 - (a->prefixlen - bit)));
	}
	return net;
}

bool nl_addr_contains(const struct nl_addr *net, const struct nl_addr *a)
{
	struct nl_addr x = *a, n = nl_addr_network(net);

	if (net->family != a->family)
		return false;
	x.prefixlen = net->prefixlen;
	x = nl_addr_network(&x);
	return memcmp(x.raw, n.raw, nl_addr_len(a)) == 0;
}

const char *nl_addr_format(const struct nl_addr *a, bool with_len,
			   char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->raw, host, sizeof(host)))
		snprintf(host, sizeof(host), "?");
	if (with_len)
		snprintf(buf, len, "%s/%u", host, a->prefixlen);
	else
		snprintf(buf, len, "%s", host);
	return buf;
}

int nl_ifname_check(const char *name)
{
	if (!name || !*name || strlen(name) >= IFNAMSIZ || strchr(name, '/') ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	for (const char *p = name; *p; p++)
		if (*p == ':' || *p == ' ' || (unsigned char) *p < 0x21)
			return -EINVAL;
	return 0;
}
