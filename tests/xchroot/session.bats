#!/usr/bin/env bats
# Terminal injection (TIOCSTI, bubblewrap's CVE-2017-5226) through
# xchroot --userspec, xunshare -S/-G/--map-user and xnsenter -S/-G: a
# command run as another user on the caller's terminal must not be able to
# type a line that the caller's shell runs afterwards.  Each tool runs such
# a command in a new session (--keep-session is the old way, the control).
load ../helpers
load root
bats_require_minimum_version 1.5.0

setup_file() {
	xch_make_root
	tiocsti_preflight
}

# Everything below needs TIOCSTI to work at all: a process typing into its
# own terminal.  Where it does not (dev.tty.legacy_tiocsti=0 without
# CAP_SYS_ADMIN, or a seccomp filter or LSM of the machine's refusing the
# ioctl), no test here could fail, so they skip saying what the probe met.
tiocsti_preflight() {
	local probe=${XCH_BASE:-}/root/probe d out
	[ -x "$probe" ] && command -v script >/dev/null && [ "$(id -u)" = 0 ] || return 0
	d=$(mktemp -d /tmp/xns-tiocsti.XXXXXX)
	mkfifo "$d/stdin"
	out=$(timeout 60 script -qec "$probe tiocsti 'touch $d/xns-injected
'; read -t 3 line && eval \"\$line\"; true" /dev/null <>"$d/stdin" 2>&1)
	[ -e "$d/xns-injected" ] ||
		printf '%s\n' "${out//$'\r'/}" | tr '\n' ' ' >"$BATS_FILE_TMPDIR/tiocsti-off"
	rm -rf "$d"
}

teardown_file() {
	xch_remove_root
}

setup() {
	[ -n "${XCH_BASE:-}" ] || skip "needs busybox (busybox-static)"
	require_root
	require_cmd script
	ROOT=$XCH_BASE/root
	PROBE=$ROOT/probe
	[ -x "$PROBE" ] || skip "needs gcc -static (libc6-dev)"
	# with legacy_tiocsti=0 no process without CAP_SYS_ADMIN can inject
	# at all, which is the kernel's own answer to what is tested here
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] ||
		skip "TIOCSTI is off on this kernel (dev.tty.legacy_tiocsti=0)"
	[ ! -e "$BATS_FILE_TMPDIR/tiocsti-off" ] ||
		skip "TIOCSTI does not work here even into one's own terminal (legacy_tiocsti=$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo '?'); probe: $(cat "$BATS_FILE_TMPDIR/tiocsti-off"))"
	make_tmp
	INJECT="touch $XNS_TMP/xns-injected
"
}

teardown() {
	teardown_tmp
}

# Run "$@" on a fresh terminal (script(1)), then do what the caller's
# shell does next: read a line from that terminal and run it.  The command
# typed into it when $XNS_TMP/xns-injected exists afterwards.
# script(1) reads a stdin that is no terminal and types an EOF into the
# terminal at its end, which a read may meet before the injected line: a
# FIFO opened read-write never ends.
on_terminal() {
	local cmd
	printf -v cmd '%q ' "$@"
	[ -p "$XNS_TMP/stdin" ] || mkfifo "$XNS_TMP/stdin"
	run timeout 60 script -qec "$cmd; read -t 3 line && eval \"\$line\"; true" /dev/null \
		<>"$XNS_TMP/stdin"
}

injected() {
	[ -e "$XNS_TMP/xns-injected" ]
}

@test "control: the probe types into its own terminal" {
	on_terminal "$PROBE" tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *injected* ]]
	injected
}

@test "xunshare -S/-G: a new session, and TIOCSTI fails; --keep-session is the old way" {
	on_terminal xunshare -S 65534 -G 65534 "$PROBE" tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
	on_terminal xunshare --keep-session -S 65534 "$PROBE" tiocsti "$INJECT"
	[[ $output == *injected* ]]
	injected
}

@test "xunshare --map-user: a new session too" {
	on_terminal xunshare --map-user 65534 "$PROBE" tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *"blocked: TIOCSTI"* ]]
	run ! injected
}

@test "xunshare: the caller's own user keeps the session; --new-session forces one" {
	# not root: root may TIOCSTI any terminal, session or not (CAP_SYS_ADMIN)
	on_terminal setpriv --reuid "$XNS_UID" --regid "$XNS_UID" --clear-groups \
		xunshare -U "$PROBE" tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *injected* ]]
	injected
	rm -f "$XNS_TMP/xns-injected"
	on_terminal setpriv --reuid "$XNS_UID" --regid "$XNS_UID" --clear-groups \
		xunshare -U --new-session "$PROBE" tiocsti "$INJECT"
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
}

@test "xnsenter -S/-G: a new session, and TIOCSTI fails; --keep-session is the old way" {
	on_terminal xnsenter -t $$ -m -S 65534 -G 65534 "$PROBE" tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
	on_terminal xnsenter --keep-session -t $$ -m -S 65534 "$PROBE" tiocsti "$INJECT"
	[[ $output == *injected* ]]
	injected
}

@test "xchroot --userspec: a new session (and the filter) stop it; --no-pivot --keep-session does not" {
	on_terminal xchroot --userspec=xnsuser "$ROOT" /probe tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
	# without containment the session alone does it
	on_terminal xchroot --no-pivot --userspec=xnsuser "$ROOT" /probe tiocsti "$INJECT"
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
	on_terminal xchroot --no-pivot --keep-session --userspec=xnsuser "$ROOT" /probe tiocsti "$INJECT"
	[[ $output == *injected* ]]
	injected
}

@test "xchroot: contained root cannot type into the terminal either (seccomp), session kept" {
	on_terminal xchroot --keep-session "$ROOT" /probe tiocsti "$INJECT"
	[ "$status" -eq 0 ]
	[[ $output == *"blocked: TIOCSTI: Operation not permitted"* ]]
	run ! injected
}

@test "a new session: the command's exit code and signals still come through" {
	run timeout 60 script -qec "xunshare -S 65534 sh -c 'exit 3'" /dev/null </dev/null
	[ "$status" -eq 3 ]
	run timeout 60 script -qec "xchroot --no-pivot --userspec=xnsuser $ROOT sh -c 'kill -TERM \$\$'" /dev/null </dev/null
	[ "$status" -eq 143 ]
}
