#!/bin/bash
# Kill, race and fault campaign for xunshare's persisting (root; about a
# minute; not part of `make check`).  Usage:
#   tests/stress/xunshare.sh [BUILDDIR] [KILL_RUNS] [RACE_ROUNDS]
# 1. KILL_RUNS runs persisting four namespaces, each SIGKILLed after a
#    random 0-10 ms: afterwards all four files are bound (it got as far as
#    its commit) or none is and no file is left; anything between fails.
# 2. RACE_ROUNDS rounds of four runs persisting onto one file at once:
#    exactly one succeeds and the file holds one mount.
# 3. A reply lost (strace injects EIO into xunshare's recvfrom): exit 1,
#    one line on stderr, nothing bound.
set -u
builddir=${1:-build}
kills=${2:-80}
rounds=${3:-40}
x=$(cd "$builddir" && pwd)/xunshare
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 77; }
[ -x "$x" ] || { echo "no $x" >&2; exit 1; }
tmp=$(mktemp -d /tmp/xns-stress.XXXXXX)
cleanup() {
	grep -o " ${tmp}[^ ]*" /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
mounted() { awk -v t="$1" '$5 == t' /proc/self/mountinfo | wc -l; }
fail=0

# 1. kills
all=0 none=0 partial=0
for i in $(seq "$kills"); do
	d=$tmp/k$i
	mkdir "$d"
	"$x" --ipc="$d/ipc" --uts="$d/uts" --net="$d/net" --mount="$d/mnt" true &
	pid=$!
	sleep "0.00$((RANDOM % 10))$((RANDOM % 10))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# the helper may still be undoing: give it up to 5 s to end
	for _ in $(seq 100); do
		pgrep -f "$d/ipc" >/dev/null || break
		sleep 0.05
	done
	bound=0 files=0
	for f in ipc uts net mnt; do
		[ "$(mounted "$d/$f")" -ge 1 ] && bound=$((bound + 1))
		[ -e "$d/$f" ] && files=$((files + 1))
	done
	if [ "$bound" = 4 ]; then
		all=$((all + 1))
	elif [ "$bound" = 0 ] && [ "$files" = 0 ]; then
		none=$((none + 1))
	else
		partial=$((partial + 1))
		echo "kill run $i: $bound of 4 bound, $files files"
	fi
	for f in ipc uts net mnt; do umount "$d/$f" 2>/dev/null; done
	rm -rf "$d"
done
echo "kills: $kills runs: all bound $all, none left $none, half-made $partial"
[ "$partial" = 0 ] || fail=1

# 2. races
bad=0
for i in $(seq "$rounds"); do
	f=$tmp/r$i
	pids=()
	for _ in 1 2 3 4; do
		"$x" --uts="$f" true 2>/dev/null &
		pids+=($!)
	done
	ok=0
	for p in "${pids[@]}"; do wait "$p" && ok=$((ok + 1)); done
	n=$(mounted "$f")
	if [ "$ok" != 1 ] || [ "$n" != 1 ]; then
		bad=$((bad + 1))
		echo "race round $i: $ok succeeded, $n mounts"
	fi
	while umount "$f" 2>/dev/null; do :; done
	rm -f "$f"
done
echo "races: $rounds rounds of 4: $((rounds - bad)) with exactly one winner and one mount"
[ "$bad" = 0 ] || fail=1

# 3. a lost reply
if command -v strace >/dev/null; then
	err=$(strace -qq -o /dev/null -e trace=recvfrom -e inject=recvfrom:error=EIO:when=1 \
		"$x" --uts="$tmp/l-uts" --net="$tmp/l-net" true 2>&1)
	rc=$?
	n=$(( $(mounted "$tmp/l-uts") + $(mounted "$tmp/l-net") ))
	echo "lost reply: exit $rc, '$err', $n bound"
	{ [ "$rc" = 1 ] && [ "$n" = 0 ] && [ -n "$err" ]; } || fail=1
fi
exit "$fail"
