#!/bin/bash
# tests/xcgexec/stress.sh [SECONDS] - xcgexec under kills and parallel runs,
# bounded in time (default 30 s), not part of `make check`.  As root, with
# xcgexec on PATH (or XNS_BUILDDIR set):
#
#  - runs killed with SIGKILL, SIGTERM or SIGHUP at a random moment (0-30 ms
#    after start: during setup, the run, or the cleanup);
#  - at the same time, runs in PID namespaces of their own (unshare -fp)
#    and --gc loops, all below one parent group, xns-cgstress-<pid>;
#  - every run that was not SIGKILLed must leave no group; a live run's
#    group must never be collected (a run whose group vanished under it
#    fails and is counted); after a final --gc nothing may be left.
#
# Prints one line of counts and exits 1 if anything was left or lost.
set -u
dur=${1:-30}
[ "$(id -u)" = 0 ] || { echo "stress: needs root" >&2; exit 77; }
[ -n "${XNS_BUILDDIR:-}" ] && PATH="$XNS_BUILDDIR:$PATH"
command -v xcgexec >/dev/null || { echo "stress: no xcgexec on PATH" >&2; exit 77; }
u=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break
	if ($(i + 1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo)
[ -n "$u" ] || { echo "stress: no cgroup2 mount" >&2; exit 77; }
P=xns-cgstress-$$
roots=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break
	if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo)
for r in $roots; do
	mkdir -p "$r/$P"
	[ -f "$r/cpuset.cpus" ] && cat "$r/cpuset.cpus" >"$r/$P/cpuset.cpus" && cat "$r/cpuset.mems" >"$r/$P/cpuset.mems"
done
out=$(mktemp -d /tmp/xns-cgstress.XXXXXX)
cleanup() {
	for r in $roots; do
		find "$r/$P" -depth -mindepth 1 -type d -exec rmdir {} + 2>/dev/null
		rmdir "$r/$P" 2>/dev/null
	done
	rm -rf "$out"
}
trap cleanup EXIT

end=$((SECONDS + dur))
# runs in PID namespaces of their own: their groups must survive the gcs
( n=0; while [ $SECONDS -lt $end ]; do
	unshare -fp --kill-child xcgexec --parent "/$P" -p 50 -- sh -c 'sleep 0.$((RANDOM % 5))' ||
		echo "pidns run failed: $?" >>"$out/lost"
	n=$((n + 1)); done; echo "$n" >"$out/pidns" ) &
# gc loops
( while [ $SECONDS -lt $end ]; do xcgexec --gc --parent "/$P"; done ) &
# killed runs
kills=0 clean=0
while [ $SECONDS -lt $end ]; do
	sig=$(shuf -n1 -e KILL TERM HUP)
	xcgexec --parent "/$P" -m 64M -- sleep 1 &
	pid=$!
	sleep "0.0$((RANDOM % 30 + 10))"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	kills=$((kills + 1))
	if [ "$sig" != KILL ] && [ -d "$u/$P/xns-cg-$pid" ]; then
		echo "left by $sig: xns-cg-$pid" >>"$out/lost"
	fi
done
wait
# what SIGKILLs left holds a sleep for up to a second
sleep 1.2
xcgexec --gc --parent "/$P"
for r in $roots; do find "$r/$P" -mindepth 1 -type d; done >"$out/left"
left=$(wc -l <"$out/left")
lost=$(cat "$out/lost" 2>/dev/null | wc -l)
echo "stress: ${dur}s: $kills killed runs, $(cat "$out/pidns" 2>/dev/null || echo 0) runs in PID namespaces, $lost failed or left a group, $left groups left after --gc"
[ -s "$out/lost" ] && sed 's/^/  /' "$out/lost"
while read -r d; do
	# a run's group is marked by the sticky bit mkdir gave it (CGROUP_RUN_MARK)
	echo "  left: $d ($(cat "$d/cgroup.events" 2>/dev/null | tr '\n' ' ')$([ -k "$d" ] && echo marked || echo "no mark"))"
done <"$out/left"
[ "$left" = 0 ] && [ "$lost" = 0 ]
