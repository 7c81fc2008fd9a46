#!/usr/bin/env bats
# xnetns under races, lost replies and kills, made deterministic: strace
# delays a syscall (inject=...:delay_enter) or fails it (error=) or kills
# the tool at it (signal=SIGKILL).  Each test failed before its fix.

load lib

setup() {
	xnetns_setup
	require_cmd strace
}
teardown() { xnetns_teardown; }


@test "add racing delete: a delete waits for the add's mount, one nsfs mount per name (14.1)" {
	host '
		mounts() { grep -c " $NETNS_RUN_DIR/$1 .* - nsfs " /proc/self/mountinfo || true; }
		xnetns add xns-nn-first
		# the folder is ready: the 2nd mount(2) of an add is its bind, delayed 1.5 s
		strace -f -o /dev/null -e trace=mount \
			-e inject=mount:delay_enter=1500000:when=2 xnetns add xns-nn-x &
		slow=$!
		# its placeholder is there, its mount not yet
		until [ -e "$NETNS_RUN_DIR/xns-nn-x" ]; do sleep 0.05; done
		echo "placeholder mounts: $(mounts xns-nn-x)"
		xnetns delete xns-nn-x; echo "delete=$?"
		xnetns add xns-nn-x; echo "add=$?"
		wait $slow; echo "slow add=$?"
		echo "mounts: $(mounts xns-nn-x)"
		xnetns delete xns-nn-x xns-nn-first
		echo "left: $(mounts xns-nn-x) $(ls -A "$NETNS_RUN_DIR")"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "$output" = "placeholder mounts: 0
delete=0
add=0
slow add=0
mounts: 1
left: 0 " ]
}

# all or nothing: $1 a wiring command, $2 its inverse, $3 a set-up; each
# recvmsg in turn fails once (the syscall skipped: its reply stays queued);
# the run either fails and leaves no link anywhere, or succeeds and leaves
# the whole of it
lost_replies() {
	host '
		links() { echo "$(ip -o link | wc -l)/$(xnetns exec xns-nn-a ip -o link | wc -l)"; }
		xnetns add xns-nn-a
		'"${3:-}"'
		before=$(links)
		for k in $(seq 1 30); do
			set +e
			strace -f -o /dev/null -e trace=recvmsg \
				-e inject=recvmsg:error=EIO:when=$k '"$1"' 2>/dev/null
			rc=$?
			set -e
			if [ $rc = 0 ]; then
				echo "$k: ok"
				[ "$(links)" != "$before" ]
				'"$2"'
				[ "$(links)" = "$before" ]
				break
			else
				echo "$k: rc=$rc"
			fi
			[ "$(links)" = "$before" ] || { echo "$k: left $(links), was $before"; exit 1; }
		done'
}

@test "veth with a lost reply: the pair is taken back on a fresh socket (14.8)" {
	lost_replies "xnetns veth xns-nn-a --addr 10.200.5.1/24 --peer-addr 10.200.5.2/24" \
		"xnetns veth xns-nn-a --delete"
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	# the first seven replies (the pair, then find, up, address at each end)
	[ "$(grep -c ": rc=1" <<<"$output")" -ge 7 ]
	[ "${lines[0]}" = "1: rc=1" ]
	[[ "${lines[-1]}" = *": ok" ]]
	# every run before the first whole one failed, and left nothing
	[ "$(grep -vc ": rc=1" <<<"$output")" = 1 ]
}

@test "bridge with a lost reply: taken back (14.8)" {
	lost_replies "xnetns bridge xns-nn-br --addr 10.200.6.1/24" "xnetns bridge xns-nn-br --delete"
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = "1: rc=1" ]
	[[ "${lines[-1]}" = *": ok" ]]
	# every run before the first whole one failed, and left nothing
	[ "$(grep -vc ": rc=1" <<<"$output")" = 1 ]
}

@test "connect with a lost reply: taken back, the bridge left as it was (14.8)" {
	lost_replies "xnetns connect xns-nn-a xns-nn-br --addr 10.200.6.2/24" \
		"xnetns connect xns-nn-a xns-nn-br --delete" \
		"xnetns bridge xns-nn-br --addr 10.200.6.1/24"
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = "1: rc=1" ]
	[[ "${lines[-1]}" = *": ok" ]]
	# every run before the first whole one failed, and left nothing
	[ "$(grep -vc ": rc=1" <<<"$output")" = 1 ]
}

# $1 a wiring command, $2 its inverse, $3 a set-up: killed at each of its
# recvmsg in turn (1, 2, ... until a run ends on its own); whatever a
# killed run left, the inverse removes
killed_runs() {
	host '
		links() { echo "$(ip -o link | wc -l)/$(xnetns exec xns-nn-a ip -o link | wc -l)"; }
		xnetns add xns-nn-a
		'"${3:-}"'
		before=$(links)
		left=0
		for k in $(seq 1 30); do
			set +e
			(strace -f -o /dev/null -e trace=recvmsg \
				-e inject=recvmsg:signal=SIGKILL:when=$k '"$1"' >/dev/null 2>&1)
			rc=$?
			set -e
			if [ "$(links)" != "$before" ]; then
				left=$((left + 1))
				'"$2"'
				[ "$(links)" = "$before" ] || { echo "$k: $(links) after the inverse"; exit 1; }
			fi
			[ $rc = 137 ] || break
		done
		echo "runs: $k, ended: $rc, left something: $([ $left -gt 0 ] && echo yes)"' 2>&1
}

@test "a veth run killed at any point: --delete removes what it left (14.8)" {
	killed_runs "xnetns veth xns-nn-a --addr 10.200.7.1/24" "xnetns veth xns-nn-a --delete"
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	[[ "${lines[-1]}" = *", ended: 0, left something: yes" ]]
}

@test "a connect run killed at any point: connect --delete removes what it left (14.8)" {
	killed_runs "xnetns connect xns-nn-a xns-nn-br --addr 10.200.7.2/24" \
		"xnetns connect xns-nn-a xns-nn-br --delete" \
		"xnetns bridge xns-nn-br --addr 10.200.7.1/24"
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	[[ "${lines[-1]}" = *", ended: 0, left something: yes" ]]
}

@test "--delete: the inverse of nothing, or of a link of another kind, says so" {
	host '
		xnetns add xns-nn-a
		xnetns bridge xns-nn-br
		xnetns bridge xns-nn-br --delete
		echo "bridges: $(ip -o link show type bridge | wc -l)"
		set +e
		xnetns veth xns-nn-a --delete; echo "rc=$?"
		xnetns bridge lo --delete; echo "rc=$?"
		xnetns veth xns-nn-a --name lo --delete; echo "rc=$?"
		xnetns connect xns-nn-a xns-nn-br --delete; echo "rc=$?"'
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	[ "$output" = "bridges: 0
rc=1
rc=1
rc=1
rc=1" ]
	[ "$stderr" = "xnetns: eth0: no such link in xns-nn-a
xnetns: lo in this namespace: not a bridge
xnetns: lo in xns-nn-a: not a veth
xnetns: eth0: no such link in xns-nn-a" ]
}

@test "an add killed before its mount leaves an empty name that delete removes (14.8)" {
	host '
		xnetns add xns-nn-first
		set +e
		# killed at its bind mount: the name file is made, nothing on it
		(strace -f -o /dev/null -e trace=mount -e inject=mount:signal=SIGKILL:when=2 \
			xnetns add xns-nn-k >/dev/null 2>&1)
		echo "killed: $?"
		xnetns list | sort
		xnetns exec xns-nn-k true; echo "exec: $?"
		xnetns add xns-nn-k; echo "add again: $?"
		set -e
		xnetns delete xns-nn-k
		xnetns add xns-nn-k
		echo "mounts: $(grep -c " $NETNS_RUN_DIR/xns-nn-k " /proc/self/mountinfo)"
		xnetns delete xns-nn-k xns-nn-first' 2>&1
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	[ "$output" = "killed: 137
xns-nn-first
xns-nn-k
exec: 1
add again: 1
mounts: 1" ]
	[[ "$stderr" == *"xns-nn-k: not a network namespace"*"File exists"* ]]
}

@test "a delete killed between its unmount and its unlink: the next delete removes the name" {
	host '
		xnetns add xns-nn-k
		set +e
		(strace -f -o /dev/null -e trace=unlink,unlinkat \
			-e inject=unlink,unlinkat:signal=SIGKILL:when=1 xnetns delete xns-nn-k >/dev/null 2>&1)
		echo "killed: $?"
		echo "mounts: $(grep -c " $NETNS_RUN_DIR/xns-nn-k " /proc/self/mountinfo)"
		xnetns list
		set -e
		xnetns delete xns-nn-k
		echo "left: $(ls -A "$NETNS_RUN_DIR")"'
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	[ "$output" = "killed: 137
mounts: 0
xns-nn-k
left: " ]
}

@test "a first add killed between the folder's bind and making it private: the next add repairs it (14.9)" {
	host '
		mount --make-shared /run
		set +e
		# the 2nd mount(2) of a first add makes the folder private
		strace -f -o /dev/null -e trace=mount -e inject=mount:signal=SIGKILL:when=2 \
			xnetns add xns-nn-k >/dev/null 2>&1
		echo "killed: $?"
		set -e
		group() { awk -v t="$1" '"'"'$5 == t { g = "" ; for (i = 7; $i != "-"; i++) if ($i ~ /^shared:/) g = $i } END { print g }'"'"' /proc/self/mountinfo; }
		[ "$(group "$NETNS_RUN_DIR")" = "$(group /run)" ] && echo "in the parent group"
		xnetns delete xns-nn-k 2>/dev/null || true
		xnetns add xns-nn-a
		[ "$(group "$NETNS_RUN_DIR")" != "$(group /run)" ] && echo "a group of its own"
		echo "mounts of a: $(grep -c " $NETNS_RUN_DIR/xns-nn-a " /proc/self/mountinfo)"
		xnetns delete xns-nn-a'
	[ "$status" = 0 ] || { echo "$output"; echo "$stderr"; false; }
	echo "$output"
	[ "$output" = "killed: 137
in the parent group
a group of its own
mounts of a: 1" ]
}

@test "write errors: list, list-id, -j list and --help to /dev/full say so and exit 1 (14.10)" {
	host '
		xnetns add xns-nn-a
		xnetns set xns-nn-a 4
		for args in list "-j list" list-id --help ""; do
			set +e
			xnetns $args >/dev/full 2>"$XNS_TMP/err"; rc=$?
			set -e
			echo "$args: $rc $(cat "$XNS_TMP/err")"
		done'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "list: 1 xnetns: write error: No space left on device
-j list: 1 xnetns: write error: No space left on device
list-id: 1 xnetns: write error: No space left on device
--help: 1 xnetns: write error: No space left on device
: 1 xnetns: write error: No space left on device" ]
}
