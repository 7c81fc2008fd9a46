/* fuzz-sources: lib/idmap.c lib/parse.c */
/*
 * fuzz_idmap.c - the ID map parsers of lib/idmap.c: a --map-users style
 * range, the text of a /proc/PID/uid_map, and a subuid(5) file read
 * through a FILE as idmap_subid_find() gets one.
 */
#include "compat.h"
#include "idmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct idmap map;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idmap_range r;
	char *s = malloc(size + 1), fmt[IDMAP_MAX * 36];
	FILE *f;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (idmap_parse_range(s, &r) == 0 && (r.count == 0 ||
	    (uint64_t) r.inner + r.count - 1 >= UINT32_MAX ||
	    (uint64_t) r.outer + r.count - 1 >= UINT32_MAX))
		abort();        /* an accepted range must be one the kernel takes */

	if (idmap_parse_procmap(s, &map) == 0) {
		if (map.n > IDMAP_MAX)
			abort();
		idmap_format(&map, fmt, sizeof(fmt));
	}

	/* the raw bytes, embedded NULs and all, as the file's contents */
	if (size > 0) {
		f = fmemopen((void *) data, size, "r");
		if (f) {
			idmap_subid_find(f, "xns", 1000, &r);
			rewind(f);
			idmap_subid_find(f, NULL, 0, &r);
			fclose(f);
		}
	}
	free(s);
	return 0;
}
