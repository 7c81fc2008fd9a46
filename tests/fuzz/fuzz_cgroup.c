/* fuzz-sources: lib/cgroup-layout.c lib/cgroup-group.c lib/cgroup-limits.c lib/cgroup-stats.c lib/cgroup-parse.c lib/parse.c lib/mountinfo.c lib/kfile.c lib/proc.c lib/proccgroup.c */
/*
 * fuzz_cgroup.c - the text parsers of lib/cgroup-* on any bytes: -g specs,
 * --io-max, CPU lists, flat-keyed files (memory.events, cpu.stat,
 * memory.oom_control) and cgroup.procs.  Each gets a NUL-terminated copy,
 * as from argv or a read file, so a read past the end shows up in ASan.
 */
#include "compat.h"
#include "cgroup.h"
#include "proccgroup.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[64], big[256];
	struct cgroup_io_max io;
	const char *path;
	pid_t pids[8];
	unsigned ctrls;
	uint64_t v, q, p;
	int n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (cgroup_parse_spec(s, &ctrls, &path) == 0) {
		/* what it accepts names known controllers and a path inside s */
		if (!ctrls || (ctrls & ~CGROUP_ALL) || path < s || path > s + size ||
		    !cgroup_valid_path(path))
			abort();
	}
	{
		const char *cs;
		size_t cl;

		if (cgroup_split_spec(s, &cs, &cl, &path) == 0 &&
		    (cs != s || path != s + cl + 1 || !cgroup_valid_path(path)))
			abort();
	}
	if (cgroup_parse_io_max(s, &io) == 0) {
		if (!memchr(io.dev, '\0', sizeof(io.dev)) || !io.dev[0])
			abort();
		if (io.rbps == 0 || io.wbps == 0 || io.riops == 0 || io.wiops == 0)
			abort();
	}
	if (cgroup_parse_cpuset(s, out, sizeof(out)) == 0) {
		/* the normalised form parses again, to itself */
		if (cgroup_parse_cpuset(out, big, sizeof(big)) != 0 || strcmp(out, big))
			abort();
	}
	cgroup_parse_cpuset(s, out, 1);
	cgroup_parse_keyed(s, "oom_kill", &v);
	cgroup_parse_keyed(s, "populated", &v);
	n = cgroup_parse_procs(s, pids, 8);
	if (n >= 0 && cgroup_parse_procs(s, NULL, 0) != n)
		abort();
	cgroup_valid_path(s);
	{
		/* /proc/PID/cgroup: the const finders agree with the splitter */
		struct proccgroup_entry e;
		const char *cp;
		size_t cl;
		char *copy = strdup(s), *pos = copy;
		int r, seen_v2 = 0;

		if (copy) {
			while ((r = proccgroup_next(&pos, &e)) != 0)
				if (r > 0 && e.id == 0)
					seen_v2 = 1;
			free(copy);
		}
		if (proccgroup_path(s, NULL, &cp, &cl) == 0) {
			if (cp < s || cp + cl > s + size || *cp != '/')
				abort();
		} else if (copy && seen_v2) {
			abort();
		}
		if (proccgroup_main_path(s, &cp, &cl) == 0 && (cp < s || cp + cl > s + size))
			abort();
	}
	if (size >= sizeof(uint64_t)) {
		memcpy(&v, data, sizeof(v));
		if (cgroup_cpu_quota(v, &q, &p) == 0 && (q < 1000 || p != 100000))
			abort();
		cgroup_format_size(v, out, sizeof(out));
		cgroup_format_size(v, out, 4);
	}
	if (size)
		cgroup_ctrl_lookup(s, size);
	free(s);
	return 0;
}
