/* fuzz-sources: lib/mountinfo.c lib/proc.c lib/parse.c */
/*
 * fuzz_mountinfo.c - mountinfo_parse_line() of lib/mountinfo.c on one
 * line, as getline() hands it over: NUL terminated, parsed in place; and
 * mountinfo_next() walking the same input as a whole file, as every
 * reader of ours now reads it (and mountinfo_path_in on what it finds).
 */
#include "compat.h"
#include "mountinfo.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mountinfo_entry e;
	char *line = malloc(size + 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (mountinfo_parse_line(line, &e) == 0) {
		/* every field points into the line */
		const char *end = line + size;

		if (e.root < line || e.root > end || e.target < line || e.target > end ||
		    e.options < line || e.options > end || e.fstype < line ||
		    e.fstype > end || e.source < line || e.source > end ||
		    (*e.superopts && (e.superopts < line || e.superopts > end)) ||
		    e.id < 0 || e.parent_id < 0)
			abort();
		/* touch each string so ASan checks they end inside the line */
		if (strlen(e.root) + strlen(e.target) + strlen(e.options) +
		    strlen(e.fstype) + strlen(e.source) + strlen(e.superopts) > 6 * size)
			abort();
	}
	/* the walker: every entry inside the text, and the walk ends */
	memcpy(line, data, size);
	line[size] = '\0';
	{
		char *pos = line;
		size_t n = 0;

		while (mountinfo_next(&pos, &e) > 0) {
			char *in;

			if (mountinfo_path_in(&e, "/a/b", &in) == 0 && !in)
				abort();
			free(in);
			if (e.target < line || e.target > line + size || ++n > size)
				abort();
		}
	}
	free(line);
	return 0;
}
