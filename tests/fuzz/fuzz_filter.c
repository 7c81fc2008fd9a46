/* fuzz-sources: lib/filter.c */
/*
 * fuzz_filter.c - the -Q/--filter language of lib/filter.c on any bytes:
 * parse (a NUL-terminated copy, as from argv), then evaluate what parsed
 * against two rows, one full and one of empty cells.  A refusal must say
 * where: a position inside the expression (or just after it) and a message.
 */
#include "compat.h"
#include "filter.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *names[] = { "NS", "TYPE", "NPROCS", "USER", "COMMAND" };

static int resolve(const char *name, size_t len, enum filter_type *type, void *d)
{
	(void) d;
	for (int i = 0; i < (int) ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0) {
			*type = i == 0 || i == 2 ? FILTER_NUMBER : FILTER_STRING;
			return i;
		}
	return -1;
}

static const char *value(int id, void *d)
{
	const char **row = d;

	if (id < 0 || id >= (int) ARRAY_SIZE(names))
		abort();
	return row[id];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *full[] = { "4026531840", "net", "12", "root", "sleep 10" };
	static const char *empty[] = { NULL, "", NULL, "", NULL };
	struct filter_error e;
	struct filter *f = NULL;
	char *s = malloc(size + 1);
	int ids[8];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (filter_parse(s, resolve, NULL, &f, &e) == 0) {
		if (filter_eval(f, value, full) > 1 || filter_eval(f, value, empty) > 1)
			abort();
		if (filter_columns(f, ids, ARRAY_SIZE(ids)) > ARRAY_SIZE(names))
			abort();
		filter_free(f);
	} else if (e.pos < 1 || e.pos > strlen(s) + 1 || !e.msg[0]) {
		abort();
	}
	free(s);
	return 0;
}
