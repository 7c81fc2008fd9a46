/* fuzz-sources: lib/netnsid.c lib/parse.c */
/*
 * fuzz_netnsid.c - lib/netnsid's reader of the kernel's RTM_NEWNSID
 * replies (netnsid_parse_reply, netnsid_parse_msg) on any bytes, as a
 * recvmsg(2) could hand them over: no read outside the buffer, and an id
 * only from a reply that parsed.
 */
#include "compat.h"
#include "netnsid.h"

#include <libmnl/libmnl.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netnsid_entry e;
	const struct nlmsghdr *nlh;
	int id = 12345, rc;
	/* the kernel's buffers are aligned: so is ours, of exactly @size bytes */
	void *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = netnsid_parse_reply(buf, size, &id);
	if (rc == 0 && id < -1)
		abort();                /* only -1 stands for "unassigned" */
	if (rc != 0 && id != 12345)
		abort();                /* a failed parse leaves the id alone */
	/*
	 * netnsid_parse_msg takes one message that fits its buffer, as
	 * mnl_cb_run hands them on (not mnl_nlmsg_ok: it takes the length
	 * for an int, and 2 GiB passes)
	 */
	nlh = buf;
	if (size >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	    nlh->nlmsg_len <= size && netnsid_parse_msg(nlh, &e) == 0 &&
	    (e.nsid < -1 || e.current < -1))
		abort();
	free(buf);
	return 0;
}
