/*
 * netnsnl.c - named network namespaces, the part that speaks netlink.
 */
#include "compat.h"
#include "netns.h"
#include "netnsnl.h"

#include <stdlib.h>
#include <unistd.h>

int netnsnl_list(const char *dir, struct nl *nl, char ***names, int **ids,
		 size_t *n)
{
	int rc, fd;

	if ((rc = netns_list(dir, names, n)) < 0)
		return rc;
	/* one more slot: calloc(0) may be NULL, and NULL here means no memory */
	if (!(*ids = calloc(*n + 1, sizeof(**ids)))) {
		netns_list_free(*names, *n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < *n; i++) {
		(*ids)[i] = NETNSID_UNASSIGNED;
		if (nl && (fd = netns_open(dir, (*names)[i])) >= 0) {
			if (nl_nsid_get(nl, fd, &(*ids)[i]) < 0)
				(*ids)[i] = NETNSID_UNASSIGNED;
			close(fd);
		}
	}
	return 0;
}

int netnsnl_lo_up(void)
{
	return nl_link_up_once(1);
}
