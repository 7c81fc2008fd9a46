# Shared by the xcgexec suites.  Every group a test makes or names is
# xns-cg-t<bats pid>-<tag>; cg_cleanup removes exactly those, in every
# hierarchy, killing what a failed test left inside them first.

load ../helpers

bats_require_minimum_version 1.5.0

# group $1 exists in no hierarchy (a function, so that a test can assert it:
# "! cg_exists" on a line of its own asserts nothing under set -e)
cg_absent() {
	! cg_exists "$1"
}

# the mount points of every cgroup hierarchy (v1 and cgroup2)
cg_roots() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	       if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo
}

# the hierarchy serving controller $1 ("unified" for the cgroup2 mount)
cg_root_of() {
	local want=$1
	awk -v want="$want" '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		t = $(i + 1); o = "," $(i + 3) ",";
		if (want == "unified" && t == "cgroup2") { print $5; exit }
		if (t == "cgroup" && index(o, "," want ",")) { print $5; exit } }' /proc/self/mountinfo
}

# skip unless controller $1 sits on a v1 hierarchy (this suite's host) or v2
require_ctrl() {
	[ -n "$(cg_root_of "$1")" ] ||
		grep -qw "$1" "$(cg_root_of unified)/cgroup.controllers" 2>/dev/null ||
		skip "no $1 controller on this host"
}

require_v1_ctrl() {
	[ -n "$(cg_root_of "$1")" ] || skip "the $1 controller is not on cgroup v1 here"
}

CG_TAG="xns-cg-t$$"

# a test's group name: xns-cg-t<pid>-<tag>
cg_name() {
	echo "$CG_TAG-$1"
}

# make group $1 in the hierarchies named after it ("unified" for cgroup2)
cg_make() {
	local name=$1 c r
	shift
	for c in "$@"; do
		r=$(cg_root_of "$c")
		[ -n "$r" ] || skip "no $c hierarchy"
		mkdir -p "$r/$name"
		if [ "$c" = cpuset ]; then
			cat "$r/cpuset.cpus" >"$r/$name/cpuset.cpus"
			cat "$r/cpuset.mems" >"$r/$name/cpuset.mems"
		fi
	done
}

# make group $1 in those hierarchies named after it that this host has
cg_make_where() {
	local name=$1 c
	shift
	for c in "$@"; do
		[ -n "$(cg_root_of "$c")" ] && cg_make "$name" "$c"
	done
	return 0
}

# does group $1 exist in any hierarchy?
cg_exists() {
	local r
	for r in $(cg_roots); do
		[ -d "$r/$1" ] && return 0
	done
	return 1
}

# the groups named xns-cg-<pid>[-N] below each root whose xcgexec is no
# longer running: what a run would have left behind (the groups of runs
# still going, from suites running beside this one, do not count)
cg_auto_groups() {
	local r d pid
	for r in $(cg_roots); do
		for d in "$r"/xns-cg-[0-9]*; do
			[ -d "$d" ] || continue
			pid=${d##*/xns-cg-}
			pid=${pid%%-*}
			kill -0 "$pid" 2>/dev/null || echo "$d"
		done
	done | sort
}

# remove one of our groups everywhere, deepest first, killing what is in it
cg_remove_tree() {
	local d p
	find "$1" -depth -type d 2>/dev/null | while read -r d; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			for p in $(cat "$d/cgroup.procs" 2>/dev/null); do
				kill -9 "$p" 2>/dev/null
			done
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
}

cg_cleanup() {
	local r d
	for r in $(cg_roots); do
		for d in "$r/$CG_TAG"-*; do
			[ -d "$d" ] && cg_remove_tree "$d"
		done
	done
	return 0
}

# the group path of controller $1 ("" for cgroup2) in /proc/PID/cgroup text $2
cg_path_in() {
	echo "$2" | awk -F: -v c="$1" '{ n = split($2, a, ","); if (c == "" && $2 == "") print $3;
		for (i = 1; i <= n; i++) if (a[i] == c) print $3 }'
}

# build the test programs once per file
cg_build_helpers() {
	XCG_BIN=$BATS_FILE_TMPDIR
	cat >"$XCG_BIN/alloc.c" <<'C'
/* alloc MB [HOLD]: allocate MB megabytes 10 MB at a time, touching every
 * page, print how much, then hold it HOLD seconds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	long mb = argc > 1 ? atol(argv[1]) : 1000000, done = 0;

	while (done < mb) {
		long step = mb - done < 10 ? mb - done : 10;
		char *p = malloc(step << 20);

		if (!p) { perror("malloc"); return 1; }
		memset(p, 1, step << 20);
		done += step;
		printf("%ld MB\n", done);
		fflush(stdout);
	}
	if (argc > 2)
		sleep(atoi(argv[2]));
	return 0;
}
C
	cat >"$XCG_BIN/busy.c" <<'C'
/* busy SECONDS: spin for SECONDS of wall time, then print the CPU seconds
 * this process got meanwhile, as seen from inside */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv)
{
	double want = argc > 1 ? atof(argv[1]) : 1, wall, cpu;
	struct timespec a, b, c;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &b);
		wall = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	} while (wall < want);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	cpu = c.tv_sec + c.tv_nsec / 1e9;
	printf("%.3f %.3f\n", wall, cpu);
	return 0;
}
C
	cc -O1 -o "$XCG_BIN/alloc" "$XCG_BIN/alloc.c" &&
		cc -O1 -o "$XCG_BIN/busy" "$XCG_BIN/busy.c"
}
