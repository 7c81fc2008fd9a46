/* fuzz-sources: lib/userspec.c lib/rootfs.c lib/mount.c lib/parse.c */
/*
 * fuzz_userspec.c - xchroot's command-line parsers on any bytes:
 * --userspec (split, and put back together it must give the input again),
 * --groups, and the plan of mounts with the lexical "/" check, which must
 * not care about a leading or trailing slash.
 */
#include "compat.h"
#include "rootfs.h"
#include "userspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_split(const char *s)
{
	struct userspec u;
	char *back;
	size_t n;

	if (userspec_split(s, &u) < 0)
		return;
	if ((u.user && strchr(u.user, ':')) || (u.group && strchr(u.group, ':')))
		abort();
	if (u.login_group && u.group)
		abort();
	n = strlen(s) + 2;
	back = malloc(n);
	if (!back)
		abort();
	snprintf(back, n, "%s%s%s", u.user ? u.user : "",
		 u.group || u.login_group ? ":" : "", u.group ? u.group : "");
	if (strcmp(back, s) != 0)
		abort();
	free(back);
	userspec_free(&u);
}

static void check_groups(const char *s)
{
	gid_t *g = NULL;
	size_t n = 0;
	char *bad = NULL;
	enum userspec_result rc;

	/* every name is an NSS lookup: keep the lists short */
	if (strlen(s) > 64)
		return;
	rc = userspec_parse_groups(s, &g, &n, &bad);
	if (rc == USERSPEC_OK) {
		for (size_t i = 0; i < n; i++)
			if (g[i] == (gid_t) -1)
				abort();
		free(g);
	} else if (rc != USERSPEC_NO_GROUP && rc != USERSPEC_BAD_GROUP && rc != USERSPEC_ERRNO) {
		abort();
	}
	free(bad);
}

static void check_plan(const char *s)
{
	struct rootfs_plan p = { NULL, 0 };
	size_t len = strlen(s);
	char *slashed = malloc(len + 3);
	bool root = rootfs_is_root(s);

	if (!slashed)
		abort();
	snprintf(slashed, len + 3, "/%s/", s);
	if (rootfs_is_root(slashed) != root)
		abort();
	/* a target that names "/" is refused, every other one taken */
	if ((rootfs_add(&p, ROOTFS_TMPFS, "--tmpfs", NULL, s) == 0) == (root || !*s))
		abort();
	if (rootfs_add(&p, ROOTFS_BIND, "--bind", s, "/x") != (*s ? 0 : -EINVAL))
		abort();
	rootfs_free(&p);
	free(slashed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_split(s);
	check_groups(s);
	check_plan(s);
	free(s);
	return 0;
}
