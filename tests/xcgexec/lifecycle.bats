#!/usr/bin/env bats
# xcgexec: the group's life: signals to the whole group, --timeout, strays
# killed at exit, joining groups (-g, --exec, as cgexec), --keep, --gc, and
# the report's forms.

load cg

setup() {
	require_root
	[ -n "$(cg_roots)" ] || skip "no cgroup hierarchy mounted"
	make_tmp
}

teardown() {
	cg_cleanup
	teardown_tmp
}

# wait up to 5 s for file $1 to appear
wait_file() {
	local i
	for i in $(seq 50); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# is PID $1 gone (or a zombie)?
gone() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null || true)
	[ -z "$st" ] || [[ "$st" == Z* ]]
}

@test "a signal sent to xcgexec reaches every process in the group" {
	local name
	name=$(cg_name sig)
	xcgexec --name "$name" -- sh -c \
		"sleep 300 & echo \$! > $XNS_TMP/stray; trap 'echo got TERM > $XNS_TMP/got; exit 7' TERM; echo \$\$ > $XNS_TMP/sh; while :; do sleep 0.1; done" &
	local xpid=$!
	wait_file "$XNS_TMP/sh"
	wait_file "$XNS_TMP/stray"
	kill -TERM "$xpid"
	local rc=0
	wait "$xpid" || rc=$?
	# the shell's trap ran (the signal reached it) and its exit status came back
	[ "$rc" -eq 7 ]
	[ "$(cat "$XNS_TMP/got")" = "got TERM" ]
	# the background sleep got it too, and the group is gone
	gone "$(cat "$XNS_TMP/stray")"
	! cg_exists "$name"
}

@test "SIGINT and SIGHUP are forwarded as well; the command's death is re-raised" {
	local name sig
	for sig in INT HUP QUIT; do
		name=$(cg_name "f$sig")
		rm -f "$XNS_TMP/ready"
		# a background job starts with INT and QUIT ignored, which xcgexec
		# (and its command) would inherit: start it with them at default
		env --default-signal=INT,QUIT xcgexec --name "$name" -- \
			sh -c "echo > $XNS_TMP/ready; exec sleep 300" &
		local xpid=$!
		wait_file "$XNS_TMP/ready"
		sleep 0.2
		kill -"$sig" "$xpid"
		local rc=0
		wait "$xpid" || rc=$?
		[ "$rc" -eq $((128 + $(kill -l "$sig"))) ]
		! cg_exists "$name"
	done
}

@test "--timeout kills the whole group and exits 124, like timeout(1)" {
	local name
	name=$(cg_name timeout)
	SECONDS=0
	run --separate-stderr xcgexec --name "$name" -s --timeout 1 -- sh -c "sleep 300 & echo \$! > $XNS_TMP/stray; sleep 300"
	[ "$status" -eq 124 ]
	[ "$SECONDS" -lt 10 ]
	[[ "$stderr" == *"timed out      yes"* ]]
	gone "$(cat "$XNS_TMP/stray")"
	! cg_exists "$name"
	# and the same status as timeout(1)
	run timeout 0.2 sleep 5
	[ "$status" -eq 124 ]
	run xcgexec -t 200ms -- sleep 5
	[ "$status" -eq 124 ]
}

@test "processes left in the group are killed at exit, and the report says so" {
	local name
	name=$(cg_name stray)
	run --separate-stderr xcgexec --name "$name" -J -- sh -c "sleep 300 & echo \$! > $XNS_TMP/s1; setsid sleep 300 & echo \$! > $XNS_TMP/s2"
	[ "$status" -eq 0 ]
	[ "$(echo "$stderr" | jq .strays_killed)" -eq 2 ]
	gone "$(cat "$XNS_TMP/s1")"
	gone "$(cat "$XNS_TMP/s2")"
	! cg_exists "$name"
	# nothing left behind: no report of strays
	run --separate-stderr xcgexec -J -- true
	[ "$(echo "$stderr" | jq .strays_killed)" -eq 0 ]
}

@test "a joined group is not ours: what the command leaves there stays, as with cgexec" {
	require_v1_ctrl pids
	local name
	name=$(cg_name joinstray)
	cg_make "$name" pids
	run xcgexec -g "pids:/$name" -- sh -c "sleep 300 >/dev/null 2>&1 & echo \$! > $XNS_TMP/s"
	[ "$status" -eq 0 ]
	! gone "$(cat "$XNS_TMP/s")"
	grep -qx "$(cat "$XNS_TMP/s")" "$(cg_root_of pids)/$name/cgroup.procs"
}

@test "-g joins a group the test made, in every hierarchy named, like cgexec" {
	require_v1_ctrl pids
	require_v1_ctrl memory
	local name
	name=$(cg_name join)
	cg_make "$name" pids memory
	run xcgexec -g "pids,memory:/$name" -- cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$(cg_path_in pids "$output")" = "/$name" ]
	[ "$(cg_path_in memory "$output")" = "/$name" ]
	# only those: the cpu group is the caller's
	[ "$(cg_path_in cpu "$output")" = "$(cg_path_in cpu "$(cat /proc/self/cgroup)")" ]
	local ours=$output
	# the group is left in place
	cg_exists "$name"
	# cgexec puts the command in the same place
	if command -v cgexec >/dev/null; then
		run cgexec -g "pids,memory:/$name" cat /proc/self/cgroup
		[ "$status" -eq 0 ]
		[ "$(cg_path_in pids "$output")" = "$(cg_path_in pids "$ours")" ]
		[ "$(cg_path_in memory "$output")" = "$(cg_path_in memory "$ours")" ]
	fi
	# several -g, cgexec's way
	run xcgexec -g "pids:/$name" -g "memory:/" -- cat /proc/self/cgroup
	[ "$(cg_path_in pids "$output")" = "/$name" ]
	[ "$(cg_path_in memory "$output")" = "/" ]
}

@test "--exec joins and becomes the command: no report, same PID" {
	require_v1_ctrl pids
	local name
	name=$(cg_name exec)
	cg_make "$name" pids
	run xcgexec -g "pids:/$name" --exec -- sh -c 'echo $$; cat /proc/self/cgroup'
	[ "$status" -eq 0 ]
	[ "$(cg_path_in pids "$output")" = "/$name" ]
	cg_exists "$name"
	# a created group with --exec stays until --gc finds it empty
	run xcgexec --exec -p 10 -- sh -c 'cat /proc/self/cgroup'
	[ "$status" -eq 0 ]
	local made
	made=$(cg_path_in pids "$output")
	[[ "$made" == /xns-cg-[0-9]* ]]
	[ -d "$(cg_root_of pids)$made" ]
	run xcgexec --gc
	[ "$status" -eq 0 ]
	[ ! -d "$(cg_root_of pids)$made" ]
}

@test "--keep leaves the group, with its limits, under --parent" {
	require_v1_ctrl pids
	local parent name
	parent=$(cg_name parent)
	cg_make "$parent" $(for c in pids memory cpu cpuacct cpuset blkio freezer unified; do
		[ -n "$(cg_root_of "$c")" ] && echo "$c"; done)
	name=keep1
	run xcgexec --parent "/$parent" --name "$name" --keep -p 42 -- \
		sh -c "sleep 300 >/dev/null 2>&1 & echo \$! > $XNS_TMP/s"
	[ "$status" -eq 0 ]
	[ "$(cat "$(cg_root_of pids)/$parent/$name/pids.max")" = 42 ]
	# what the command left runs on in the kept group (teardown ends it)
	grep -qx "$(cat "$XNS_TMP/s")" "$(cg_root_of pids)/$parent/$name/cgroup.procs"
	# a limit that cannot be set removes even a group to be kept
	run xcgexec --parent "/$parent" --name keep2 --keep --cpuset 4000 -- true
	[ "$status" -eq 1 ]
	[ ! -d "$(cg_root_of pids)/$parent/keep2" ]
}

@test "--gc removes empty groups that killed runs left, and nothing else" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local parent u p
	parent=$(cg_name gc)
	u=$(cg_root_of unified)
	cg_make "$parent" unified $( [ -n "$(cg_root_of pids)" ] && echo pids) \
		$( [ -n "$(cg_root_of memory)" ] && echo memory) \
		$( [ -n "$(cg_root_of cpuset)" ] && echo cpuset) \
		$( [ -n "$(cg_root_of freezer)" ] && echo freezer) \
		$( [ -n "$(cg_root_of cpuacct)" ] && echo cpuacct) \
		$( [ -n "$(cg_root_of cpu)" ] && echo cpu) \
		$( [ -n "$(cg_root_of blkio)" ] && echo blkio)
	# a run SIGKILLed leaves its group (and its command) behind
	xcgexec --parent "/$parent" -- sleep 300 &
	local xpid=$!
	for i in $(seq 50); do
		[ -d "$u/$parent/xns-cg-$xpid" ] && [ -s "$u/$parent/xns-cg-$xpid/cgroup.procs" ] && break
		sleep 0.1
	done
	kill -KILL "$xpid"
	wait "$xpid" || true
	[ -d "$u/$parent/xns-cg-$xpid" ]
	# not empty yet: --gc leaves it
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	[ -d "$u/$parent/xns-cg-$xpid" ]
	for p in $(cat "$u/$parent/xns-cg-$xpid/cgroup.procs"); do kill -KILL "$p"; done
	sleep 0.3
	# a group whose run is alive, and names that are not ours, stay
	mkdir "$u/$parent/xns-cg-$$" "$u/$parent/xns-cg-other" "$u/$parent/xns-cg-4194303"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	! cg_exists "$parent/xns-cg-$xpid"
	[ ! -d "$u/$parent/xns-cg-4194303" ]
	[ -d "$u/$parent/xns-cg-$$" ]
	[ -d "$u/$parent/xns-cg-other" ]
	# a normal run collects them too
	mkdir "$u/$parent/xns-cg-4194303"
	run xcgexec --parent "/$parent" -- true
	[ "$status" -eq 0 ]
	[ ! -d "$u/$parent/xns-cg-4194303" ]
}

@test "-s prints every field on stderr; stdout stays the command's" {
	run --separate-stderr xcgexec -s -- echo out
	[ "$status" -eq 0 ]
	[ "$output" = out ]
	local f
	for f in "cgroup" "wall time" "user CPU" "system CPU" "peak memory" "peak swap" \
		"peak tasks" "OOM kills" "strays killed" "timed out" "exit status"; do
		[[ "$stderr" == *"$f "* ]]
	done
}

@test "-J and --stats-file: the same report as JSON, in a file" {
	run --separate-stderr xcgexec -J --stats-file "$XNS_TMP/r.json" -- sh -c 'exit 5'
	[ "$status" -eq 5 ]
	[ -z "$stderr" ]
	jq -e '.exit_code == 5 and .signal == null and .timed_out == false and
	       (.wall_usec | type) == "number" and (.cgroup | startswith("/xns-cg-"))' "$XNS_TMP/r.json"
	run xcgexec --stats-file "$XNS_TMP/r.txt" -- sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	grep -q "exit status    killed by signal 15 (TERM)" "$XNS_TMP/r.txt"
}
