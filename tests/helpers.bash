# Shared by every bats suite.  Tools run from the build tree; anything a
# test creates is named xns-* and removed in teardown, also on failure.

XNS_BUILDDIR=${XNS_BUILDDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
XNS_SRCDIR=${XNS_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
PATH="$XNS_BUILDDIR:$PATH"
export PATH XNS_BUILDDIR XNS_SRCDIR

# In a sanitizer build, LeakSanitizer cannot stop the world from inside a
# new PID namespace (it finds itself through /proc/self, which names
# another process there) and fails the exit of every tool that forks into
# one.  Leaks are checked by the unit suites and valgrind instead.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# skip (and say why) unless we are root
require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# skip unless a command is installed
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# skip unless valgrind can run tool $1 (installed, and $1 not built with ASan)
require_valgrind() {
	require_cmd valgrind
	if ldd "$(command -v "$1")" | grep -q asan; then
		skip "valgrind cannot run a sanitizer build"
	fi
}

# skip unless this kernel has namespace type $1
require_ns() {
	[ -e "/proc/self/ns/$1" ] || skip "kernel has no $1 namespaces"
}

# an unprivileged uid/gid with no passwd entry, unique per test file
XNS_UID=${XNS_UID:-$(( 40000 + ($$ % 20000) ))}

# run "$@" as that unprivileged user, with no capabilities
as_user() {
	setpriv --reuid "$XNS_UID" --regid "$XNS_UID" --clear-groups \
		--inh-caps=-all --bounding-set=-all -- "$@"
}

# a real user with /etc/subuid and /etc/subgid ranges, for newuidmap paths;
# sets XNS_USER; remove it with del_test_user (call it from teardown)
add_test_user() {
	XNS_USER="xns$$${BATS_TEST_NUMBER:-0}"
	XNS_USER=${XNS_USER:0:30}
	useradd --no-create-home --shell /bin/sh "$XNS_USER" 2>/dev/null ||
		skip "useradd failed"
	# ranges well away from anything useradd hands out; drop the range
	# useradd may have added, so ours is the user's first
	local base=$(( 500000000 + ($$ % 1000) * 65536 ))
	sed -i "/^$XNS_USER:/d" /etc/subuid /etc/subgid
	usermod --add-subuids "$base-$((base + 65535))" \
		--add-subgids "$base-$((base + 65535))" "$XNS_USER"
	XNS_USER_UID=$(id -u "$XNS_USER")
	XNS_SUBID_BASE=$base
}

del_test_user() {
	[ -n "${XNS_USER:-}" ] || return 0
	userdel "$XNS_USER" 2>/dev/null || true
	# userdel leaves no subid lines behind on Debian 12, but make sure
	sed -i "/^$XNS_USER:/d" /etc/subuid /etc/subgid 2>/dev/null || true
	XNS_USER=
}

# run as the test user made by add_test_user; the bounding set stays, or
# the setuid newuidmap/newgidmap could not do their job
as_test_user() {
	setpriv --reuid "$XNS_USER_UID" --regid "$XNS_USER_UID" --init-groups \
		--inh-caps=-all -- "$@"
}

# a temp dir named xns-*, removed by teardown_tmp
make_tmp() {
	XNS_TMP=$(mktemp -d /tmp/xns-test.XXXXXX)
	chmod 755 "$XNS_TMP"
}

teardown_tmp() {
	[ -n "${XNS_TMP:-}" ] || return 0
	# unmount anything a failed test left below it, deepest first
	grep -o " $XNS_TMP[^ ]*" /proc/self/mountinfo 2>/dev/null | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$XNS_TMP"
	XNS_TMP=
}

# the status and output of a command, like bats' run, but keep stderr apart
run_split() {
	local errf
	errf=$(mktemp)
	set +e
	output=$("$@" 2>"$errf")
	status=$?
	set -e
	stderr=$(cat "$errf")
	rm -f "$errf"
}

# --- processes and names a suite started: XNS_PIDS, XNS_NETNS --------------

XNS_PIDS=()
XNS_NETNS=()

# process $1 and everything below it, parents first
proc_tree() {
	local kids k
	echo "$1"
	read -r kids 2>/dev/null </proc/"$1"/task/"$1"/children || true
	for k in $kids; do
		proc_tree "$k"
	done
}

# SIGKILL what the test started (XNS_PIDS) with all it forked, reap it, and
# delete the ip netns names in XNS_NETNS
kill_started() {
	local p n all=()
	for p in "${XNS_PIDS[@]}"; do
		all+=($(proc_tree "$p"))
	done
	for p in "${all[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	for p in "${XNS_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	for n in "${XNS_NETNS[@]}"; do
		ip netns del "$n" 2>/dev/null || true
	done
	XNS_PIDS=()
	XNS_NETNS=()
}

# `ip netns add` makes /run/netns a mount point the first time it runs.
# netns_dir_mark in setup remembers whether it was one; netns_dir_restore
# in teardown undoes what a test caused, once no name is left in it.
netns_dir_mark() {
	XNS_RUNNETNS_MOUNTED=$(awk '$5 == "/run/netns"' /proc/self/mountinfo | wc -l)
	XNS_RUNNETNS_EXISTED=0
	[ -d /run/netns ] && XNS_RUNNETNS_EXISTED=1
	return 0
}

netns_dir_restore() {
	local _
	[ "${XNS_RUNNETNS_MOUNTED:-1}" = 0 ] || return 0
	[ -z "$(ls -A /run/netns 2>/dev/null)" ] || return 0
	for _ in 1 2 3; do
		awk '$5 == "/run/netns"' /proc/self/mountinfo | grep -q . || break
		umount /run/netns 2>/dev/null || break
	done
	[ "$XNS_RUNNETNS_EXISTED" = 1 ] || rmdir /run/netns 2>/dev/null || true
}
