/* fuzz-sources: lib/ocispec.c lib/ocijson.c lib/caps.c lib/idmap.c lib/ns.c lib/mountinfo.c lib/proc.c lib/parse.c lib/kfile.c pkg: json-c */
/*
 * fuzz_ocispec.c - the config.json reader of lib/ocispec.c on any bytes:
 * it must accept or refuse with one line naming a path, never crash, leak
 * or read past the input, and what it accepts must hold together (vectors
 * NULL-terminated, counts matching, ID maps valid).
 */
#include "compat.h"
#include "ocispec.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct oci_spec *s)
{
	size_t i, n = 0;

	if (!s->oci_version)
		abort();
	if (s->has_process) {
		if (!s->process.args || !s->process.args[0] || !s->process.cwd ||
		    s->process.cwd[0] != '/')
			abort();
		for (i = 0; s->process.args[i]; i++)
			n += strlen(s->process.args[i]);
	}
	for (i = 0; i < s->nmounts; i++)
		if (!s->mounts[i].destination || s->mounts[i].destination[0] != '/')
			abort();
	for (i = 0; i < s->nnamespaces; i++)
		if (s->namespaces[i].kind >= NS_NKINDS || s->namespaces[i].type->kind != s->namespaces[i].kind)
			abort();
	if (s->uid_map.n > IDMAP_MAX || s->gid_map.n > IDMAP_MAX)
		abort();
	for (i = 0; i < s->uid_map.n; i++)
		if (!s->uid_map.r[i].count)
			abort();
	(void) n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oci_spec *s = NULL;
	char err[512];
	int rc;

	rc = ocispec_parse((const char *) data, size, &s, err, sizeof(err));
	if (rc == 0) {
		check(s);
		ocispec_free(s);
	} else if (rc == -EINVAL && (!err[0] || strchr(err, '\n'))) {
		abort();    /* a refusal is one line, never empty */
	}
	return 0;
}
