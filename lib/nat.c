/*
 * nat.c - one masquerade rule per bridge, through libnftables (dlopen'ed).
 */
#include "compat.h"
#include "nat.h"
#include "kfile.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBNFTABLES
# include <dlfcn.h>
# include <nftables/libnftables.h>

/* the calls we make, typed by the header so a changed API fails to build */
static struct {
	__typeof__(nft_ctx_new) *ctx_new;
	__typeof__(nft_ctx_free) *ctx_free;
	__typeof__(nft_ctx_buffer_output) *buffer_output;
	__typeof__(nft_ctx_buffer_error) *buffer_error;
	__typeof__(nft_ctx_get_error_buffer) *get_error;
	__typeof__(nft_run_cmd_from_buffer) *run;
} nft;

static int nft_load(void)
{
	void *h;

	if (nft.run)
		return 0;
	h = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libnftables.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -ENOSYS;
	nft.ctx_new = (__typeof__(nft.ctx_new)) dlsym(h, "nft_ctx_new");
	nft.ctx_free = (__typeof__(nft.ctx_free)) dlsym(h, "nft_ctx_free");
	nft.buffer_output = (__typeof__(nft.buffer_output)) dlsym(h, "nft_ctx_buffer_output");
	nft.buffer_error = (__typeof__(nft.buffer_error)) dlsym(h, "nft_ctx_buffer_error");
	nft.get_error = (__typeof__(nft.get_error)) dlsym(h, "nft_ctx_get_error_buffer");
	nft.run = (__typeof__(nft.run)) dlsym(h, "nft_run_cmd_from_buffer");
	if (!nft.ctx_new || !nft.ctx_free || !nft.buffer_output ||
	    !nft.buffer_error || !nft.get_error || !nft.run) {
		memset(&nft, 0, sizeof(nft));
		dlclose(h);
		return -ENOSYS;
	}
	/* the handle stays open: libnftables is used until we exit */
	return 0;
}

static int nft_script(const char *script, char *why, size_t len)
{
	struct nft_ctx *ctx;
	const char *e;
	int rc;

	if ((rc = nft_load()) < 0)
		return rc;
	if (!(ctx = nft.ctx_new(NFT_CTX_DEFAULT)))
		return -ENOMEM;
	nft.buffer_output(ctx);
	nft.buffer_error(ctx);
	rc = nft.run(ctx, script);
	e = nft.get_error(ctx);
	if (!e)
		e = "";
	snprintf(why, len, "%.*s", (int) strcspn(e, "\n"), e);
	nft.ctx_free(ctx);
	return rc < 0 ? -EIO : 0;
}
#else
static int nft_script(const char *script, char *why, size_t len)
{
	(void) script;
	snprintf(why, len, "built without libnftables");
	return -ENOSYS;
}
#endif

bool nat_name_ok(const char *s)
{
	/* what nft's scanner takes unquoted: no quoting games in the script */
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char) *s) || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

int nat_masquerade(const char *bridge, const struct nl_addr *subnet,
		   const char *out, char *why, size_t len)
{
	char net[NL_ADDR_STRLEN], script[1024];
	struct nl_addr n;

	if (!nat_name_ok(bridge) || !nat_name_ok(out) || subnet->family != AF_INET)
		return -EINVAL;
	n = nl_addr_network(subnet);
	nl_addr_format(&n, true, net, sizeof(net));
	/*
	 * "add" then "delete" makes the delete safe when there is no table
	 * yet; the whole buffer is one transaction, so running nat again
	 * replaces the rule and nobody ever sees the table half made.
	 */
	snprintf(script, sizeof(script),
		 "add table ip xnetns-%1$s\n"
		 "delete table ip xnetns-%1$s\n"
		 "table ip xnetns-%1$s {\n"
		 "  chain postrouting {\n"
		 "    type nat hook postrouting priority 100; policy accept;\n"
		 "    ip saddr %2$s oifname \"%3$s\" masquerade\n"
		 "  }\n"
		 "}\n", bridge, net, out);
	return nft_script(script, why, len);
}

int nat_remove(const char *bridge, char *why, size_t len)
{
	char script[128];

	if (!nat_name_ok(bridge))
		return -EINVAL;
	snprintf(script, sizeof(script), "delete table ip xnetns-%s\n", bridge);
	return nft_script(script, why, len);
}

int nat_forwarding_on(void)
{
	return kfile_write_str(AT_FDCWD, "/proc/sys/net/ipv4/ip_forward", "1\n");
}

enum nat_setup_result nat_setup(const char *bridge, const char *out,
				struct nl_addr *subnet, char *why, size_t len)
{
	enum nat_setup_result res = NAT_SETUP_SOCKET;
	struct nl nl;
	int br = 0, rc;

	if ((rc = nl_open(&nl)) < 0)
		goto fail;
	res = NAT_SETUP_BRIDGE;
	if ((rc = br = nl_link_index(&nl, bridge)) >= 0) {
		res = NAT_SETUP_OUT;
		rc = nl_link_index(&nl, out);
	}
	if (rc >= 0) {
		res = NAT_SETUP_SUBNET;
		rc = nl_addr_first(&nl, br, AF_INET, subnet);
	}
	nl_close(&nl);
	if (rc < 0)
		goto fail;
	/* 1. the rule, 2. forwarding; if forwarding cannot be had, no rule */
	res = NAT_SETUP_RULE;
	if ((rc = nat_masquerade(bridge, subnet, out, why, len)) < 0)
		goto fail;
	if ((rc = nat_forwarding_on()) < 0) {
		char ignored[8];

		nat_remove(bridge, ignored, sizeof(ignored));
		res = NAT_SETUP_FORWARD;
		goto fail;
	}
	return NAT_SETUP_OK;
fail:
	errno = -rc;
	return res;
}
