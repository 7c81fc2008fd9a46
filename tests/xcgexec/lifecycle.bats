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
	for _ in $(seq 50); do
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
	cg_absent "$name"
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
		cg_absent "$name"
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
	cg_absent "$name"
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
	cg_absent "$name"
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
	run gone "$(cat "$XNS_TMP/s")"
	[ "$status" -ne 0 ]
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
}

# wait up to 5 s for group $1 to be gone from every hierarchy
wait_absent() {
	for _ in $(seq 50); do
		cg_exists "$1" || return 0
		sleep 0.1
	done
	return 1
}

@test "--exec with a group of its own leaves no group once the command is done" {
	require_v1_ctrl pids
	local parent made
	parent=$(cg_name execown)
	cg_make_where "$parent" pids memory freezer unified
	run xcgexec --exec --parent "/$parent" -p 10 -- sh -c 'echo $$; cat /proc/self/cgroup'
	[ "$status" -eq 0 ]
	made=$(cg_path_in pids "$output")
	[[ "$made" == "/$parent/xns-cg-"[0-9]* ]]
	# it ran in the group made for it, limited
	[ "${lines[0]}" -gt 0 ]
	# and the group goes without --gc, from every hierarchy
	wait_absent "${made#/}"
	# a child left running keeps it until it is done too
	run xcgexec --exec --parent "/$parent" -- sh -c "sleep 1 >/dev/null 2>&1 & cat /proc/self/cgroup"
	[ "$status" -eq 0 ]
	made=$(cg_path_in memory "$output")
	cg_exists "${made#/}"
	wait_absent "${made#/}"
}

@test "--keep leaves the group, with its limits, under --parent" {
	require_v1_ctrl pids
	local parent name
	parent=$(cg_name parent)
	cg_make_where "$parent" pids memory cpu cpuacct cpuset blkio freezer unified
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

# make the parent group $1 in every hierarchy a run may use
cg_make_parent() {
	cg_make_where "$1" unified pids memory cpuset freezer cpuacct cpu blkio
}

@test "--gc removes empty groups that killed runs left, and nothing else" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local parent u p
	parent=$(cg_name gc)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	# a run SIGKILLed leaves its group (and its command) behind
	xcgexec --parent "/$parent" -- sleep 300 &
	local xpid=$!
	for _ in $(seq 50); do
		[ -d "$u/$parent/xns-cg-$xpid" ] && grep -q . "$u/$parent/xns-cg-$xpid/cgroup.procs" && break
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
	for _ in $(seq 50); do
		grep -qx "populated 0" "$u/$parent/xns-cg-$xpid/cgroup.events" && break
		sleep 0.1
	done
	# groups no run made stay, whatever their name
	mkdir "$u/$parent/xns-cg-$$" "$u/$parent/xns-cg-other" "$u/$parent/xns-cg-4194303"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	cg_absent "$parent/xns-cg-$xpid"
	[ -d "$u/$parent/xns-cg-4194303" ]
	[ -d "$u/$parent/xns-cg-$$" ]
	[ -d "$u/$parent/xns-cg-other" ]
	# a normal run collects leftovers too, at its end
	xcgexec --parent "/$parent" -- sleep 300 &
	xpid=$!
	for _ in $(seq 50); do
		grep -q . "$u/$parent/xns-cg-$xpid/cgroup.procs" && break
		sleep 0.1
	done
	kill -KILL "$xpid"
	wait "$xpid" || true
	for p in $(cat "$u/$parent/xns-cg-$xpid/cgroup.procs"); do kill -KILL "$p"; done
	for _ in $(seq 50); do
		grep -qx "populated 0" "$u/$parent/xns-cg-$xpid/cgroup.events" && break
		sleep 0.1
	done
	run xcgexec --parent "/$parent" -- true
	[ "$status" -eq 0 ]
	cg_absent "$parent/xns-cg-$xpid"
}

@test "gc spares the empty group of a live run started in another PID namespace" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	require_cmd unshare
	local parent u name
	parent=$(cg_name pidns)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	# a name that reads as a PID no host process has: liveness by name
	# would call the run dead
	name=xns-cg-4194303
	# the command leaves its group for the parent, so the group is empty
	# while its run, in a PID namespace of its own, goes on
	unshare -fp --kill-child xcgexec --parent "/$parent" --name "$name" -- sh -c \
		"for r in $(cg_roots | tr '\n' ' '); do [ -d \$r/$parent ] && echo \$\$ > \$r/$parent/cgroup.procs; done; echo > $XNS_TMP/out; while [ ! -e $XNS_TMP/stop ]; do sleep 0.1; done" &
	local upid=$!
	wait_file "$XNS_TMP/out"
	[ -d "$u/$parent/$name" ]
	grep -qx "populated 0" "$u/$parent/$name/cgroup.events"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	[ -d "$u/$parent/$name" ]
	run xcgexec --parent "/$parent" -- true
	[ "$status" -eq 0 ]
	[ -d "$u/$parent/$name" ]
	touch "$XNS_TMP/stop"
	wait "$upid"
	# the run ended: it removed its group
	wait_absent "$parent/$name"
}

@test "a run killed inside a container (its own PID namespace) leaves a group the host's --gc takes" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	require_cmd unshare
	local parent u upid
	parent=$(cg_name container)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	# PID 1 in there: its group is xns-cg-1, a name that on the host reads
	# as init, which never dies
	unshare -fp --kill-child xcgexec --parent "/$parent" -- sleep 300 &
	upid=$!
	for _ in $(seq 50); do
		grep -q . "$u/$parent/xns-cg-1/cgroup.procs" && break
		sleep 0.1
	done
	grep -q . "$u/$parent/xns-cg-1/cgroup.procs"
	# the container dies at once, all of it (xcgexec is its init)
	kill -KILL "$upid"
	wait "$upid" || true
	for _ in $(seq 50); do
		grep -qx "populated 0" "$u/$parent/xns-cg-1/cgroup.events" && break
		sleep 0.1
	done
	cg_exists "$parent/xns-cg-1"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	cg_absent "$parent/xns-cg-1"
}

@test "--keep: no later run's gc removes the kept group" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local parent u made
	parent=$(cg_name keepgc)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	run --separate-stderr xcgexec --parent "/$parent" --keep -J -- true
	[ "$status" -eq 0 ]
	made=$(echo "$stderr" | jq -r .cgroup)
	[[ "$made" == "/$parent/xns-cg-"[0-9]* ]]
	[ -d "$u$made" ]
	run xcgexec --parent "/$parent" -- true
	[ "$status" -eq 0 ]
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	[ -d "$u$made" ]
}

# xcgexec ARGS... under strace: the syscall $XCG_SLOW (mkdir), at its
# ${XCG_WHEN}th call, returns 2 s late; prints xcgexec's PID once it runs
slow_xcgexec() {
	strace -qq -f -o /dev/null -e trace=mkdir,mkdirat \
		-e inject=mkdir,mkdirat:delay_exit=2000000:when="$XCG_WHEN" xcgexec "$@" &
	echo $! >"$XNS_TMP/strace"
}

# the PID of the xcgexec that strace (PID in $XNS_TMP/strace) runs
traced_pid() {
	local p
	for _ in $(seq 50); do
		p=$(cat "/proc/$(cat "$XNS_TMP/strace")/task/"*/children 2>/dev/null | awk '{ print $1 }')
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

# kill_in_setup SIG DIR ARGS...: xcgexec ARGS under slow_xcgexec, sent SIG
# while strace holds it, once DIR (its group) is there; its status in
# XCG_RC.  Tried up to three times: now and then strace lets a delay go.
kill_in_setup() {
	local sig=$1 dir=$2 xpid
	shift 2
	for _ in 1 2 3; do
		slow_xcgexec "$@"
		xpid=$(traced_pid) || return 1
		for _ in $(seq 100); do
			[ -d "$dir" ] && break
			sleep 0.02
		done
		sleep 0.2
		if kill -"$sig" "$xpid" 2>/dev/null; then
			XCG_RC=0
			wait "$(cat "$XNS_TMP/strace")" || XCG_RC=$?
			return 0
		fi
		wait "$(cat "$XNS_TMP/strace")" || true
	done
	return 1
}

@test "SIGTERM or SIGHUP while the group is being made: the run ends and leaves no group" {
	require_cmd strace
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local parent name sig u
	parent=$(cg_name setup)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	for sig in TERM HUP; do
		name=xns-s$sig
		# the second mkdir: the group is made in one hierarchy, not all
		XCG_WHEN=2 kill_in_setup "$sig" "$u/$parent/$name" --parent "/$parent" --name "$name" -- sleep 300
		# the signal went on to the command, as it does during the run
		[ "$XCG_RC" -eq $((128 + $(kill -l "$sig"))) ]
		cg_absent "$parent/$name"
	done
}

@test "SIGKILL while the group is being made: --gc removes it, and the name works again" {
	require_cmd strace
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local parent name u
	parent=$(cg_name setupkill)
	u=$(cg_root_of unified)
	cg_make_parent "$parent"
	name=xns-named
	XCG_WHEN=2 kill_in_setup KILL "$u/$parent/$name" --parent "/$parent" --name "$name" -- true
	cg_exists "$parent/$name"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	cg_absent "$parent/$name"
	# and the same once more, where the next run with the name collects it
	XCG_WHEN=2 kill_in_setup KILL "$u/$parent/$name" --parent "/$parent" --name "$name" -- true
	cg_exists "$parent/$name"
	run xcgexec --parent "/$parent" --name "$name" -- echo again
	[ "$status" -eq 0 ]
	[ "$output" = again ]
	cg_absent "$parent/$name"
	# killed right after its very first mkdir: marked from that instant on
	XCG_WHEN=1 kill_in_setup KILL "$u/$parent/$name" --parent "/$parent" --name "$name" -- true
	cg_exists "$parent/$name"
	run xcgexec --gc --parent "/$parent"
	[ "$status" -eq 0 ]
	cg_absent "$parent/$name"
}

@test "valgrind: no leak on the timeout, report and --gc paths" {
	require_valgrind xcgexec
	local vg="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
	run $vg xcgexec -t 100ms -- sleep 5
	[ "$status" -eq 124 ]
	run $vg xcgexec --gc
	[ "$status" -eq 0 ]
	run $vg xcgexec -s -- true
	[ "$status" -eq 0 ]
}

@test "-g as cgexec reads it: cpuacct and freezer join their v1 groups, named hierarchies, :PATH, --sticky" {
	require_v1_ctrl cpuacct
	require_v1_ctrl freezer
	local name
	name=$(cg_name gv1)
	cg_make "$name" cpuacct freezer unified
	run xcgexec -g "cpuacct,freezer:/$name" -- cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$(cg_path_in cpuacct "$output")" = "/$name" ]
	[ "$(cg_path_in freezer "$output")" = "/$name" ]
	# cgroup2 stays where we are
	[ "$(cg_path_in "" "$output")" = "$(cg_path_in "" "$(cat /proc/self/cgroup)")" ]
	# the libcgroup 3 form for cgroup2, and --sticky accepted
	run xcgexec --sticky -g ":/$name" -- cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$(cg_path_in "" "$output")" = "/$name" ]
	[ "$(cg_path_in cpuacct "$output")" = "$(cg_path_in cpuacct "$(cat /proc/self/cgroup)")" ]
	if command -v cgexec >/dev/null; then
		local ours=$output
		run cgexec -g "cpuacct,freezer:/$name" cat /proc/self/cgroup
		[ "$status" -eq 0 ]
		[ "$(cg_path_in cpuacct "$output")" = "/$name" ]
		[ "$(cg_path_in freezer "$output")" = "/$name" ]
	fi
	# controllers we do not limit, and named hierarchies, can be joined
	local c
	for c in devices hugetlb net_cls perf_event rdma misc name=systemd; do
		if [ -n "$(cg_root_of "$c")" ]; then
			cg_make "$name" "$c"
			run xcgexec -g "$c:/$name" -- cat /proc/self/cgroup
			[ "$status" -eq 0 ]
			[ "$(cg_path_in "$c" "$output")" = "/$name" ]
		elif grep -qw "$c" "$(cg_root_of unified)/cgroup.controllers" 2>/dev/null; then
			# only cgroup2 has it (hugetlb on a hybrid host): its group there
			run xcgexec -g "$c:/$name" -- cat /proc/self/cgroup
			[ "$status" -eq 0 ]
			[ "$(cg_path_in "" "$output")" = "/$name" ]
		fi
	done
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
