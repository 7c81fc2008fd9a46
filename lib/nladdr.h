/*
 * nladdr.h - IPv4/IPv6 addresses with a prefix length, and link names: the
 * parsers and checks the network tools' command lines use (libc only).
 */
#ifndef XNS_NLADDR_H
#define XNS_NLADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

/* an address with its prefix length: 10.200.1.1/24, fd00::1/64 */
struct nl_addr {
	int family;                 /* AF_INET or AF_INET6 */
	unsigned int prefixlen;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char raw[16];
	};
};

/* "255.255.255.255/32" or the longest IPv6 form, with its NUL */
#define NL_ADDR_STRLEN 64

/**
 * nl_parse_ip - one IPv4 or IPv6 address, no prefix; prefixlen is set to
 * the full length (32 or 128).  -EINVAL for anything else.
 */
int nl_parse_ip(const char *s, struct nl_addr *out);

/**
 * nl_parse_cidr - ADDRESS/PREFIXLEN, the prefix required (0..32 for IPv4,
 * 0..128 for IPv6, decimal digits only).  Host bits may be set: the
 * address is the interface's own.  -EINVAL for anything else.
 */
int nl_parse_cidr(const char *s, struct nl_addr *out);

/** nl_addr_network - @a with the host bits cleared (10.200.1.0/24) */
struct nl_addr nl_addr_network(const struct nl_addr *a);

/** nl_addr_contains - true if @net's prefix covers address @a */
bool nl_addr_contains(const struct nl_addr *net, const struct nl_addr *a);

/** nl_addr_format - "ADDR/LEN" (or "ADDR" when @with_len is false) */
const char *nl_addr_format(const struct nl_addr *a, bool with_len,
			   char *buf, size_t len);

/**
 * nl_ifname_check - 0 for a name the kernel takes for a link (1..15 bytes,
 * no '/', ':', space or control character, not "." or ".."), else -EINVAL
 */
int nl_ifname_check(const char *name);

/** nl_addr_len - the bytes of @a's address: 4 or 16 */
size_t nl_addr_len(const struct nl_addr *a);

#endif
