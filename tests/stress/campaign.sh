#!/bin/bash
# The fault, race and kill campaign: what a kill at any moment, many runs
# of one name at once, or a failed syscall leaves behind.
#
#   tests/stress/campaign.sh [-d SECONDS] [-n RUNS] [-b BUILDDIR] [PART...]
#
#   -d SECONDS  how long each timed part loops (default 15)
#   -n RUNS     runs started at once in the race part (default 64)
#   -b DIR      where the built tools are (default ./build of the tree)
#   PART        any of: cgkill gc netnskill unsharekill race fault delay
#               (default all)
#
# Needs root, strace for the fault part.  It is bounded (about six times
# -d plus a minute) and not part of `make check`.  Everything happens in a
# mount and network namespace of its own (unshare -mn): names under
# /tmp/xns-stress-*, NETNS_RUN_DIR there, links and addresses (10.200.0.0/16)
# only in that network namespace; xcgexec groups only below a parent group
# xns-stress-<pid> it makes in every hierarchy.  After each part it counts
# what is left and prints one row; at the end it removes everything by the
# names and PIDs it made.
#
# Leftover columns, counted after each part: cg = groups below our parent,
# busy = of those, groups with processes in them; nsfs = nsfs
# mounts under our folder, stacked = extra mounts on one path, names = files
# in NETNS_RUN_DIR with no namespace bound, links = xns links in our network
# namespace (noaddr: of those, without an IPv4 address), loops = loop devices
# backed by our files.
set -u
export LC_ALL=C

src=$(cd "$(dirname "$0")/../.." && pwd)
dur=15 conc=64 build=$src/build
while getopts d:n:b:h o; do
	case $o in
	d) dur=$OPTARG ;;
	n) conc=$OPTARG ;;
	b) build=$(cd "$OPTARG" && pwd) ;;
	*) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
parts=${*:-cgkill gc netnskill unsharekill race fault delay}

for t in xcgexec xnetns xunshare; do
	[ -x "$build/$t" ] || { echo "campaign: $build/$t not built (-b BUILDDIR)" >&2; exit 2; }
done
if [ "$(id -u)" != 0 ]; then
	echo "campaign: needs root" >&2
	exit 77
fi

# ---- into a mount and network namespace of our own ---------------------------
if [ -z "${XNS_STRESS_INSIDE:-}" ]; then
	XNS_STRESS_INSIDE=1 exec unshare --mount --net --propagation private -- \
		"$BASH" "$0" -d "$dur" -n "$conc" -b "$build" $parts
fi

XCGEXEC=$build/xcgexec XNETNS=$build/xnetns XUNSHARE=$build/xunshare
W=$(mktemp -d /tmp/xns-stress-XXXXXX)
CGP=xns-stress-$$
export NETNS_RUN_DIR=$W/base/netns
ROWS=()

# ---- cgroups: our parent in every hierarchy -----------------------------------
cg_roots() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	       if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo
}

cg_setup() {
	local r c
	for r in $(cg_roots); do
		mkdir -p "$r/$CGP" || continue
		[ -f "$r/cpuset.cpus" ] && cat "$r/cpuset.cpus" >"$r/$CGP/cpuset.cpus" &&
			cat "$r/cpuset.mems" >"$r/$CGP/cpuset.mems"
		if [ -f "$r/$CGP/cgroup.controllers" ]; then
			for c in $(cat "$r/$CGP/cgroup.controllers"); do
				echo "+$c" >"$r/$CGP/cgroup.subtree_control" 2>/dev/null
			done
		fi
	done
}

# is our parent there in every hierarchy?  (0 when one has gone)
cg_parent_ok() {
	local r
	for r in $(cg_roots); do [ -d "$r/$CGP" ] || return 1; done
}

# every group below ours (not ours), deepest first
cg_below() {
	local r
	for r in $(cg_roots); do
		[ -d "$r/$CGP" ] && find "$r/$CGP" -mindepth 1 -depth -type d
	done
}

cg_busy() {
	local d n=0
	for d in $(cg_below); do
		[ -s "$d/cgroup.procs" ] && n=$((n + 1))
	done
	echo $n
}

# kill what is in our groups (only ours), remove them; $1=all: our parent too
cg_clean() {
	local d p i r
	for i in 1 2 3 4 5 6 7 8 9 10; do
		for d in $(cg_below); do
			for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
			rmdir "$d" 2>/dev/null
		done
		[ -z "$(cg_below)" ] && break
		sleep 0.2
	done
	if [ "${1:-}" = all ]; then
		for r in $(cg_roots); do
			[ -d "$r/$CGP" ] && rmdir "$r/$CGP" 2>/dev/null
		done
	fi
}

# ---- mounts and network ---------------------------------------------------------
nsfs_mounts() {
	awk -v w="$W/" '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		if ($(i + 1) == "nsfs" && index($5, w) == 1) print $5 }' /proc/self/mountinfo
}

leftover_names() {
	local f n=0
	for f in "$NETNS_RUN_DIR"/*; do
		[ -e "$f" ] || continue
		nsfs_mounts | grep -qxF "$f" || n=$((n + 1))
	done
	echo $n
}

xns_links() {
	ip -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E '^(xns|ve-xns)'
}

links_noaddr() {
	local l n=0
	for l in $(xns_links); do
		ip -o -4 addr show dev "$l" 2>/dev/null | grep -q inet || n=$((n + 1))
	done
	echo $n
}

loops() {
	losetup -n -l -O BACK-FILE 2>/dev/null | grep -c "^$W" || true
}

# one row of leftovers, counted now: part, runs, outcome, note
row() {
	local part=$1 runs=$2 what=$3 note=${4:-} m nm
	m=$(nsfs_mounts)
	nm=$(echo -n "$m" | grep -c .)
	ROWS+=("| $part | $runs | $what | $(cg_below | wc -l) | $(cg_busy) | $nm | $((nm - $(echo -n "$m" | sort -u | grep -c .))) | $(leftover_names) | $(xns_links | wc -l)/$(links_noaddr) | $(loops) | $note |")
	echo "${ROWS[-1]}"
}

# remove every name, mount and link we made
net_clean() {
	local m l
	for m in $(nsfs_mounts | sort -r); do umount -l "$m" 2>/dev/null; done
	rm -f "$NETNS_RUN_DIR"/* 2>/dev/null
	for l in $(xns_links); do ip link del "$l" 2>/dev/null; done
}


# exit statuses seen, as "exit 0:12 1:3 137:40"; take_exits puts them in
# $OUTCOME and starts over
declare -A EXITS
count_exit() { EXITS[$1]=$(( ${EXITS[$1]:-0} + 1 )); }
take_exits() {
	local k
	OUTCOME="exit"
	for k in $(printf '%s\n' "${!EXITS[@]}" | sort -n); do OUTCOME="$OUTCOME $k:${EXITS[$k]}"; done
	[ "$OUTCOME" = exit ] && OUTCOME="exit: none"
	EXITS=()
}

# a pause of $1 microseconds without a fork: the tools take 2-5 ms, a
# sleep(1) process about as long
exec 9<> <(:)
nap_us() { read -r -t "$(printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)))" -u 9; }

# start "$@" in the background, kill it with SIGKILL (or one time in three
# SIGTERM) after a random moment below $KILL_US microseconds (half of the
# time below a tenth of it, where the setup is), wait, count its status
KILL_US=30000
kill_run() {
	local pid sig st us=$((RANDOM * 32768 + RANDOM))
	us=$((us % KILL_US))
	[ $((RANDOM % 2)) = 0 ] && us=$((us / 10))
	# the traps go before the exec: a kill that lands first is a kill;
	# with KILL_GROUP=1 the run is a session of its own and the signal
	# goes to its whole process group (its helpers too, as an OOM kill of
	# a unit or a kill of a terminal's job would)
	if [ "${KILL_GROUP:-0}" = 1 ]; then
		( trap - EXIT INT TERM; exec setsid "$@" >/dev/null 2>&1 ) &
	else
		( trap - EXIT INT TERM; exec "$@" >/dev/null 2>&1 ) &
	fi
	pid=$!
	nap_us "$us"
	sig=KILL
	[ $((RANDOM % 3)) = 0 ] && sig=TERM
	if [ "${KILL_GROUP:-0}" = 1 ]; then
		# (before its setsid(2) there is no such group yet)
		kill -s $sig -- "-$pid" 2>/dev/null || kill -s $sig "$pid" 2>/dev/null
	else
		kill -s $sig "$pid" 2>/dev/null
	fi
	# (quiet: bash would print a line for each job a signal killed, and
	# warn when PIDs wrapped around and one came back)
	wait "$pid" 2>/dev/null
	st=$?
	count_exit $st
	return $st
}

MAIN=$BASHPID
cleanup() {
	# a background job killed between its fork and its exec is still this
	# script, traps and all: only the main shell cleans up
	[ "$BASHPID" = "$MAIN" ] || return 0
	set +e
	jobs -p | xargs -r kill -9 2>/dev/null
	wait 2>/dev/null
	net_clean
	umount -l "$W/persist" "$W/base" 2>/dev/null
	cg_clean all
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$W/base" "$W/persist"
# a shared parent for NETNS_RUN_DIR, as / is on most hosts: a run killed
# between the folder's self-bind and making it private shows here
mount -t tmpfs xns-stress "$W/base" && mount --make-shared "$W/base"
# xunshare persists a mount namespace only on a private mount
mount -t tmpfs xns-persist "$W/persist" && mount --make-private "$W/persist"
ip link set lo up
cg_setup

echo "campaign: $(date -u '+%F %H:%M UTC'), $(uname -r), -d $dur -n $conc, in $W, cgroup parent $CGP"
echo "| Part | Runs | Outcome | cg | busy | nsfs | stacked | names | links/noaddr | loops | Notes |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"

# ---- parts -------------------------------------------------------------------------

# SIGKILL/SIGTERM at random points of xcgexec runs with limits
part_cgkill() {
	local end=$((SECONDS + dur)) n=0 keep gone=0
	while [ $SECONDS -lt $end ]; do
		kill_run "$XCGEXEC" -P "/$CGP" -m 64M -p 64 -- sleep 0.02
		n=$((n + 1))
		# a killed run must never take the --parent group with it (this
		# once caught the campaign's own EXIT trap in a killed fork)
		if ! cg_parent_ok; then
			gone=$((gone + 1))
			cg_setup
		fi
	done
	sleep 0.5
	take_exits
	local before; before=$(cg_below | wc -l)
	"$XCGEXEC" -P "/$CGP" --gc >/dev/null 2>&1
	row cgkill "$n" "$OUTCOME" "$before groups left before --gc, the rest after; the --parent group itself removed by a killed run: $gone times"
	cg_clean

	# --exec without -g: the process becomes the command; who removes its group?
	for n in 1 2 3 4 5; do "$XCGEXEC" -P "/$CGP" -m 64M --exec true; count_exit $?; done
	take_exits
	row "cgexec --exec" 5 "$OUTCOME" "groups of 5 finished --exec runs"
	cg_clean

	# --keep, then an ordinary run: is the kept group still there?
	"$XCGEXEC" -P "/$CGP" --keep true; count_exit $?
	keep=$(cg_below | wc -l)
	"$XCGEXEC" -P "/$CGP" true; count_exit $?
	keep="$keep groups kept, $(cg_below | wc -l) after the next run's exit"
	take_exits
	row "cgexec --keep" 2 "$OUTCOME" "$keep"
	cg_clean
}

# xcgexec runs in a PID namespace beside runs on the host: their gc
part_gc() {
	local end=$((SECONDS + dur)) n=0 fail=0 st
	(
		while [ $SECONDS -lt $end ]; do
			unshare -fp --mount-proc "$XCGEXEC" -P "/$CGP" true >/dev/null 2>&1
		done
	) &
	local inner=$!
	while [ $SECONDS -lt $end ]; do
		"$XCGEXEC" -P "/$CGP" -- sleep 0.05 >/dev/null 2>&1
		st=$?
		count_exit $st
		[ $st = 0 ] || fail=$((fail + 1))
		n=$((n + 1))
	done
	wait $inner
	take_exits
	row gc-pidns "$n" "$OUTCOME" "host runs failed while runs in a PID namespace collected: $fail"
	cg_clean
}

# SIGKILL/SIGTERM at random points of xnetns add, delete and wiring
part_netnskill() {
	local end=$((SECONDS + dur)) n=0 i=0 twice=0 first=0
	# the very first add, killed: the folder made but not yet private
	while [ $first -lt 20 ] && [ $SECONDS -lt $end ]; do
		fresh_netns_dir
		KILL_US=4000 kill_run "$XNETNS" add xns-first
		first=$((first + 1))
		"$XNETNS" add xns-next >/dev/null 2>&1
		# xns-next twice in mountinfo: the folder is still in base's peer group
		[ "$(nsfs_mounts | grep -c "/xns-next$")" -gt 1 ] && twice=$((twice + 1))
	done
	take_exits
	row "netns first add" "$first" "$OUTCOME" "next add seen twice in mountinfo: $twice"
	fresh_netns_dir

	while [ $SECONDS -lt $end ]; do
		i=$((i + 1))
		case $((RANDOM % 4)) in
		0) KILL_US=4000 kill_run "$XNETNS" add "xns-k$i" ;;
		1) "$XNETNS" add "xns-k$i" >/dev/null 2>&1
		   KILL_US=4000 kill_run "$XNETNS" delete "xns-k$i" ;;
		*) "$XNETNS" add "xns-k$i" >/dev/null 2>&1
		   KILL_US=8000 kill_run "$XNETNS" veth "xns-k$i" --addr "10.200.$((i / 60 % 250)).$((i % 60 * 4 + 1))/30" \
			--peer-addr "10.200.$((i / 60 % 250)).$((i % 60 * 4 + 2))/30" ;;
		esac
		n=$((n + 1))
	done
	take_exits
	row netnskill "$n" "$OUTCOME" "add, delete or veth killed in their first 4-8 ms; what finished stays by design: look at names, stacked, noaddr"

	# what a kill left, removed by the documented commands alone: delete
	# of a name with nothing bound, veth --delete of a name with a link
	local f nm empty=0 wired=0 bad=0 bound
	bound=$(nsfs_mounts)
	for f in "$NETNS_RUN_DIR"/*; do
		[ -e "$f" ] || continue
		nm=${f##*/}
		if ! grep -qxF "$f" <<<"$bound"; then
			empty=$((empty + 1))
			"$XNETNS" delete "$nm" >/dev/null 2>&1 || bad=$((bad + 1))
		elif ip link show "ve-$nm" >/dev/null 2>&1; then
			wired=$((wired + 1))
			"$XNETNS" veth "$nm" --delete >/dev/null 2>&1 || bad=$((bad + 1))
		fi
	done
	row "netnskill, then cleanup" "$((empty + wired))" "failed: $bad" \
		"xnetns delete on $empty names with nothing bound, xnetns veth NAME --delete on $wired wired names"
	net_clean
}

# SIGKILL/SIGTERM at random points of xunshare persisting four namespaces
part_unsharekill() {
	local end=$((SECONDS + dur)) n=0 whole=0 none=0 partial=0 empties=0 b f d m
	while [ $SECONDS -lt $end ]; do
		n=$((n + 1))
		d=$W/persist/r$n
		mkdir "$d"
		KILL_US=6000 kill_run "$XUNSHARE" --uts="$d/uts" --ipc="$d/ipc" --net="$d/net" --mount="$d/mnt" true
		sleep 0.01
		b=$(nsfs_mounts | grep -c "^$d/")
		f=$(find "$d" -type f | wc -l)
		case $b in
		4) whole=$((whole + 1)) ;;
		0) none=$((none + 1)) ;;
		*) partial=$((partial + 1)) ;;
		esac
		[ "$f" -gt "$b" ] && empties=$((empties + 1))
		for m in $(nsfs_mounts | grep "^$d/"); do umount -l "$m"; done
		rm -rf "$d"
	done
	take_exits
	row unsharekill "$n" "$OUTCOME" "all 4 bound: $whole, none: $none, PARTIAL: $partial, runs leaving empty files: $empties"

	# the helper killed too (the whole process group): what stays, and
	# does the documented cleanup (umount FILE; rm FILE) let the next run
	# on the same files work?
	local end2=$((SECONDS + dur / 2)) n2=0 again=0 f2
	whole=0 none=0 partial=0 empties=0
	while [ $SECONDS -lt $end2 ]; do
		n2=$((n2 + 1))
		d=$W/persist/g$n2
		mkdir "$d"
		KILL_GROUP=1 KILL_US=6000 kill_run "$XUNSHARE" --uts="$d/uts" --ipc="$d/ipc" --net="$d/net" --mount="$d/mnt" true
		sleep 0.01
		b=$(nsfs_mounts | grep -c "^$d/")
		f=$(find "$d" -type f | wc -l)
		case $b in
		4) whole=$((whole + 1)) ;;
		0) none=$((none + 1)) ;;
		*) partial=$((partial + 1)) ;;
		esac
		[ "$f" -gt "$b" ] && empties=$((empties + 1))
		for f2 in uts ipc net mnt; do
			if nsfs_mounts | grep -qxF "$d/$f2"; then
				umount "$d/$f2" && rm "$d/$f2"
			fi
		done
		"$XUNSHARE" --uts="$d/uts" --ipc="$d/ipc" --net="$d/net" --mount="$d/mnt" true >/dev/null 2>&1 ||
			again=$((again + 1))
		for m in $(nsfs_mounts | grep "^$d/"); do umount -l "$m"; done
		rm -rf "$d"
	done
	take_exits
	row "unsharekill, helper too" "$n2" "$OUTCOME" "all 4 bound: $whole, none: $none, PARTIAL: $partial, runs leaving empty files: $empties; after umount+rm of the bound files, the next run on them failed: $again"
}

# many runs of one name at once: exactly one wins
part_race() {
	local i pids wins st mounts

	# xnetns add of one name
	pids=()
	for i in $(seq "$conc"); do "$XNETNS" add xns-one >/dev/null 2>&1 & pids+=($!); done
	wins=0
	for i in "${pids[@]}"; do wait "$i"; st=$?; count_exit $st; [ $st = 0 ] && wins=$((wins + 1)); done
	take_exits
	row "race xnetns add" "$conc" "$OUTCOME" "winners: $wins, mounts on the name: $(nsfs_mounts | grep -c '/xns-one$')"
	net_clean

	# xcgexec -n of one name (the winner lives 2 s, longer than the start of all)
	pids=()
	for i in $(seq "$conc"); do "$XCGEXEC" -P "/$CGP" -n xns-one -- sleep 2 >/dev/null 2>&1 & pids+=($!); done
	wins=0
	for i in "${pids[@]}"; do wait "$i"; st=$?; count_exit $st; [ $st = 0 ] && wins=$((wins + 1)); done
	take_exits
	row "race xcgexec -n" "$conc" "$OUTCOME" "winners: $wins"
	cg_clean

	# xunshare persisting onto one file
	pids=()
	for i in $(seq "$conc"); do "$XUNSHARE" --uts="$W/persist/one" true >/dev/null 2>&1 & pids+=($!); done
	wins=0
	for i in "${pids[@]}"; do wait "$i"; st=$?; count_exit $st; [ $st = 0 ] && wins=$((wins + 1)); done
	mounts=$(nsfs_mounts | grep -c "^$W/persist/one$")
	take_exits
	row "race xunshare --uts=F" "$conc" "$OUTCOME" "winners: $wins, mounts on F: $mounts"
	for i in $(seq "$mounts"); do umount "$W/persist/one"; done
	rm -f "$W/persist/one"

	# add racing delete of one name: 4 loops of each, the stack sampled
	local end=$((SECONDS + dur)) max=0 s loops=()
	for i in 1 2 3 4; do
		( while [ $SECONDS -lt $end ]; do "$XNETNS" add xns-ad >/dev/null 2>&1; done ) & loops+=($!)
		( while [ $SECONDS -lt $end ]; do "$XNETNS" delete xns-ad >/dev/null 2>&1; done ) & loops+=($!)
	done
	while [ $SECONDS -lt $end ]; do
		s=$(nsfs_mounts | grep -c '/xns-ad$')
		[ "$s" -gt "$max" ] && max=$s
		sleep 0.05
	done
	wait "${loops[@]}"
	s=$(nsfs_mounts | grep -c '/xns-ad$')
	row "race add/delete" "8 loops, ${dur}s" - "most mounts stacked on the name: $max, at the end: $s"
	net_clean
}

# strace fault injection: the Nth call of a syscall fails (strace injects
# nothing into a syscall it does not trace: -e trace=none would be a no-op)
inject() {
	local spec=$1
	shift
	strace -f -qq -o /dev/null -e trace="${spec%%:*}" -e inject="$spec" "$@" >/dev/null 2>"$W/err"
}

# one row for one injected run: its status and the first line it said
fault_row() {
	local note
	note=$(head -1 "$W/err")
	[ "$2" != 0 ] && [ -z "$note" ] && note="(failed with no message)"
	row "$1" 1 "exit $2" "${3:+$3; }$note"
}

part_fault() {
	local n st l m

	if ! command -v strace >/dev/null; then
		ROWS+=("| fault | - | skipped | - | - | - | - | - | - | - | strace not installed |")
		return
	fi
	# netlink replies lost: veth and connect, the Nth recvmsg fails
	"$XNETNS" add xns-f1 >/dev/null 2>&1
	for n in 1 2 3 4 5 6 7 8; do
		inject "recvmsg:error=EIO:when=$n" "$XNETNS" veth xns-f1 --name xns-fv --addr 10.200.251.1/30 --peer-addr 10.200.251.2/30
		fault_row "fault veth recvmsg#$n" $?
		ip link del ve-xns-f1 2>/dev/null
		"$XNETNS" exec xns-f1 ip link del xns-fv 2>/dev/null
	done
	"$XNETNS" bridge xns-fbr --addr 10.200.250.1/24 >/dev/null 2>&1
	for n in 1 2 3 4 5 6 7 8; do
		inject "recvmsg:error=EIO:when=$n" "$XNETNS" connect xns-f1 xns-fbr --addr 10.200.250.2/24
		fault_row "fault connect recvmsg#$n" $? "the bridge counts as one link"
		for l in $(xns_links | grep -v '^xns-fbr$'); do ip link del "$l" 2>/dev/null; done
		"$XNETNS" exec xns-f1 sh -c 'for l in $(ls /sys/class/net); do [ $l = lo ] || ip link del $l; done' 2>/dev/null
	done
	net_clean

	# mounts failing: xnetns add, and xunshare persisting four files
	for n in 1 2 3 4; do
		inject "mount:error=EIO:when=$n" "$XNETNS" add "xns-fm$n"
		fault_row "fault add mount#$n" $?
	done
	net_clean
	for n in 1 2 3 4 5 6; do
		mkdir -p "$W/persist/f$n"
		inject "mount:error=EIO:when=$n" "$XUNSHARE" --uts="$W/persist/f$n/uts" --ipc="$W/persist/f$n/ipc" \
			--net="$W/persist/f$n/net" --mount="$W/persist/f$n/mnt" true
		fault_row "fault xunshare mount#$n" $? "bound: $(nsfs_mounts | grep -c "^$W/persist/f$n/")/4"
		for m in $(nsfs_mounts | grep "^$W/persist/f$n/"); do umount -l "$m"; done
	done

	# xcgexec: making a group, writing a limit, moving the child failing
	for n in 1 2 3; do
		inject "mkdir:error=ENOSPC:when=$n" "$XCGEXEC" -P "/$CGP" -m 64M -p 64 true
		fault_row "fault xcgexec mkdir#$n" $?
		cg_clean
	done
	for n in 1 2 3 4 5 6; do
		inject "write:error=EIO:when=$n" "$XCGEXEC" -P "/$CGP" -m 64M -p 64 true
		fault_row "fault xcgexec write#$n" $?
		cg_clean
	done
}

# the races made deterministic: strace holds one syscall of a run for
# half a second (delay_enter/delay_exit) while another run, or a kill, comes
# (run in the background: it execs strace, so that $! is strace's PID)
delayed() {
	local spec=$1
	shift
	exec strace -f -qq -o /dev/null -e trace="${spec%%:*}" -e inject="$spec" "$@" >/dev/null 2>&1
}

# the PID of the traced program under strace $1 (its child, by parent PID)
traced_pid() {
	local i
	for i in $(seq 50); do
		pgrep -P "$1" && return 0
		nap_us 10000
	done
	return 1
}

# no NETNS_RUN_DIR at all, as before a host's first add
fresh_netns_dir() {
	net_clean
	while mountpoint -q "$NETNS_RUN_DIR"; do umount -l "$NETNS_RUN_DIR" || break; done
	rmdir "$NETNS_RUN_DIR" 2>/dev/null
}

part_delay() {
	local i st1 st2 pid tp n base_peer dir_peer

	# the first add killed between the folder's self-bind and making it
	# private (the bind is its first mount(2)): is the next add seen twice?
	fresh_netns_dir
	delayed mount:delay_exit=500000:when=1 "$XNETNS" add xns-d1 &
	pid=$!
	nap_us 250000
	tp=$(traced_pid "$pid") && kill -KILL "$tp"
	wait "$pid"
	"$XNETNS" add xns-d2 >/dev/null 2>&1
	st2=$?
	base_peer=$(awk -v m="$W/base" '$5 == m { for (i = 7; $i != "-"; i++) if ($i ~ /^shared:/) print $i }' /proc/self/mountinfo)
	dir_peer=$(awk -v m="$NETNS_RUN_DIR" '$5 == m { for (i = 7; $i != "-"; i++) if ($i ~ /^shared:/) print $i }' /proc/self/mountinfo | paste -sd, -)
	n=$(nsfs_mounts | grep -c '/xns-d2$')
	row "delay: first add killed after its self-bind" 2 "next add: exit $st2" \
		"the next name in mountinfo: $n time(s); folder peer group $dir_peer, its parent's $base_peer"
	net_clean

	# add held between its placeholder and its mount, while another shell
	# runs delete and add of the same name: one success, one mount?
	fresh_netns_dir
	"$XNETNS" add xns-d0 >/dev/null 2>&1 && "$XNETNS" delete xns-d0 >/dev/null 2>&1
	delayed mount:delay_enter=500000:when=2 "$XNETNS" add xns-d3 &
	pid=$!
	nap_us 250000
	"$XNETNS" delete xns-d3 >/dev/null 2>&1
	"$XNETNS" add xns-d3 >/dev/null 2>&1
	st2=$?
	wait "$pid"
	st1=$?
	row "delay: add held before its mount; delete, add" 2 "exit $st1 and $st2" \
		"mounts on the name: $(nsfs_mounts | grep -c '/xns-d3$') (one mount; with the lock the delete waits for the held add, and then both adds may succeed)"
	net_clean

	# xunshare --uts=F held before its bind, another --uts=F meanwhile
	delayed mount:delay_enter=500000:when=1 "$XUNSHARE" --uts="$W/persist/d4" true &
	pid=$!
	nap_us 250000
	"$XUNSHARE" --uts="$W/persist/d4" true >/dev/null 2>&1
	st2=$?
	wait "$pid"
	st1=$?
	n=$(nsfs_mounts | grep -c "^$W/persist/d4$")
	row "delay: xunshare --uts=F held before its bind; another" 2 "exit $st1 and $st2" \
		"mounts on F: $n (one must fail, one mount)"
	for i in $(seq "$n"); do umount "$W/persist/d4"; done
	rm -f "$W/persist/d4"

	# xunshare AND its helper SIGKILLed between two binds (each mount(2)
	# held 0.5 s after it is done): the one leftover xunshare documents;
	# does the next run say so, and does umount+rm clear it?
	local d6=$W/persist/d6 hp b6 f6 said
	mkdir -p "$d6"
	delayed mount:delay_exit=500000 "$XUNSHARE" --uts="$d6/uts" --ipc="$d6/ipc" --net="$d6/net" true &
	pid=$!
	nap_us 750000
	if tp=$(traced_pid "$pid"); then
		hp=$(pgrep -P "$tp")
		kill -KILL "$tp" $hp
	fi
	wait "$pid"
	b6=$(nsfs_mounts | grep -c "^$d6/")
	f6=$(find "$d6" -type f | wc -l)
	"$XUNSHARE" --uts="$d6/uts" --ipc="$d6/ipc" --net="$d6/net" true >/dev/null 2>"$W/err"
	st2=$?
	said=$(head -1 "$W/err")
	for m in $(nsfs_mounts | grep "^$d6/"); do umount "$m" && rm "$m"; done
	"$XUNSHARE" --uts="$d6/uts" --ipc="$d6/ipc" --net="$d6/net" true >/dev/null 2>&1
	st1=$?
	row "delay: xunshare and its helper SIGKILLed between two binds" 3 "next run: exit $st2; after umount+rm: exit $st1" \
		"bound: $b6 of 3, files: $f6; ${said:-(nothing said)}"
	for m in $(nsfs_mounts | grep "^$d6/"); do umount -l "$m"; done
	rm -rf "$d6"

	# SIGTERM while xcgexec -n makes its group (mkdir(2) held): is the
	# group left, does --gc take it, does the next run of the name work?
	delayed mkdir:delay_exit=500000:when=1 "$XCGEXEC" -P "/$CGP" -n xns-d5 true &
	pid=$!
	nap_us 250000
	tp=$(traced_pid "$pid") && kill -TERM "$tp"
	wait "$pid"
	n=$(cg_below | wc -l)
	"$XCGEXEC" -P "/$CGP" --gc >/dev/null 2>&1
	"$XCGEXEC" -P "/$CGP" -n xns-d5 true >/dev/null 2>"$W/err"
	st2=$?
	row "delay: SIGTERM while xcgexec -n makes its group" 2 "next run of the name: exit $st2" \
		"groups left: $n; $(head -1 "$W/err")"
	cg_clean
}

for p in $parts; do
	case $p in
	cgkill|gc|netnskill|unsharekill|race|fault|delay) ;;
	*) echo "campaign: no part '$p'" >&2; exit 2 ;;
	esac
	start=$SECONDS
	"part_$p"
	echo "campaign: part $p took $((SECONDS - start)) s" >&2
done

echo
echo "campaign: results ($(date -u '+%F %H:%M UTC'))"
echo "| Part | Runs | Outcome | cg | busy | nsfs | stacked | names | links/noaddr | loops | Notes |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
