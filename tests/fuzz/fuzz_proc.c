/* fuzz-sources: lib/proc.c lib/parse.c */
/*
 * fuzz_proc.c - the /proc/PID/status and /proc/PID/stat parsers of
 * lib/proc.c.  Both take a length, so the input is given exactly as read:
 * not NUL terminated, in a buffer of its own size.
 */
#include "compat.h"
#include "proc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status st;
	char *buf = malloc(size ? size : 1);
	uint64_t start;
	char state;
	pid_t ppid;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (proc_parse_status(buf, size, &st) == 0 &&
	    (st.nnspid < 0 || st.nnspid > PROC_MAX_NSLEVEL ||
	     st.nnstgid < 0 || st.nnstgid > PROC_MAX_NSLEVEL))
		abort();
	if (proc_parse_stat_ppid(buf, size, &ppid) == 0 && ppid < 0)
		abort();
	proc_parse_stat_start(buf, size, &state, &start);
	free(buf);
	return 0;
}
