#!/usr/bin/env bats
# xcgexec: each limit's effect seen from inside the group, and the report's
# numbers checked against known work.

load cg

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	command -v cc >/dev/null || return 0
	cg_build_helpers
}

setup() {
	require_root
	require_cmd cc jq
	XCG_BIN=$BATS_FILE_TMPDIR
	[ -x "$XCG_BIN/alloc" ] || skip "test programs did not build"
	BEFORE=$(cg_auto_groups)
}

teardown() {
	cg_cleanup
}

# the file $2 of this process's group of controller $1, read from inside
inside_file() {
	echo "cat \"$(cg_root_of "$1")\$(grep -E '^[0-9]+:([^:]*,)?$1(,[^:]*)?:' /proc/self/cgroup | cut -d: -f3)/$2\""
}

@test "the article's demo: allocating 10 MB at a time under -m 100M --swap 0 ends in the OOM killer" {
	require_ctrl memory
	local name
	name=$(cg_name oom)
	run --separate-stderr xcgexec --name "$name" -m 100M --swap 0 -s -- "$XCG_BIN/alloc"
	[ "$status" -eq 137 ]
	# it got going, and stopped near the limit
	[[ "$output" == *"10 MB"* ]]
	last=$(echo "$output" | tail -1 | cut -d' ' -f1)
	[ "$last" -le 100 ]
	[[ "$stderr" == *"xcgexec: $XCG_BIN/alloc was killed by the OOM killer (memory limit 100M)"* ]]
	[[ "$stderr" == *"OOM kills      1"* ]]
	[[ "$stderr" == *"exit status    killed by signal 9 (KILL)"* ]]
	# the host is unharmed: we are alive, the next run works, the group is gone
	cg_absent "$name"
	run xcgexec -- echo still here
	[ "$status" -eq 0 ]
	[ "$output" = "still here" ]
	[ "$(cg_auto_groups)" = "$BEFORE" ]
}

@test "without a report the OOM verdict still comes: 137 and the reason" {
	require_ctrl memory
	local name
	name=$(cg_name oomq)
	run --separate-stderr xcgexec --name "$name" -m 100M --swap 0 -- "$XCG_BIN/alloc"
	[ "$status" -eq 137 ]
	[ "$stderr" = "xcgexec: $XCG_BIN/alloc was killed by the OOM killer (memory limit 100M)" ]
	cg_absent "$name"
}

@test "the report's peak memory matches a 200 MB allocation" {
	require_ctrl memory
	run --separate-stderr xcgexec -J -- "$XCG_BIN/alloc" 200
	[ "$status" -eq 0 ]
	peak=$(echo "$stderr" | jq .memory_peak)
	[ "$peak" -ge $((200 << 20)) ]
	[ "$peak" -le $((240 << 20)) ]
	[ "$(echo "$stderr" | jq .oom_kills)" -eq 0 ]
	[ "$(echo "$stderr" | jq -r .signal)" = null ]
	[ "$(echo "$stderr" | jq .exit_code)" -eq 0 ]
}

@test "-m sets the limit file the layout has, seen from inside" {
	require_ctrl memory
	run xcgexec -m 100M --swap 0 -- sh -c "$(inside_file memory memory.limit_in_bytes 2>/dev/null || true)"
	if [ -n "$(cg_root_of memory)" ]; then
		[ "$status" -eq 0 ]
		[ "$output" = 104857600 ]
		run xcgexec -m 100M --swap 50M -- sh -c "$(inside_file memory memory.memsw.limit_in_bytes)"
		[ "$output" = $((150 << 20)) ]
	else
		run xcgexec -m 100M -- sh -c 'cat /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/memory.max'
		[ "$output" = 104857600 ]
	fi
}

@test "--memory-high throttles an allocation (cgroup v2)" {
	[ -z "$(cg_root_of memory)" ] || skip "memory is bound to cgroup v1 here: memory.high does not exist"
	require_ctrl memory
	local name
	name=$(cg_name high)
	run xcgexec --keep --name "$name" --memory-high 20M -- "$XCG_BIN/alloc" 60
	[ "$status" -eq 0 ]
	high=$(awk '$1 == "high" { print $2 }' "$(cg_root_of unified)/$name/memory.events")
	[ "$high" -gt 0 ]
}

@test "-p: pids.max makes fork fail inside" {
	require_ctrl pids
	run --separate-stderr xcgexec -s -p 3 -- sh -c 'for i in 1 2 3 4 5 6; do sleep 1 & done; wait'
	[[ "$stderr" == *"fork"* || "$stderr" == *"Resource temporarily unavailable"* ]]
	[[ "$stderr" == *"peak tasks     3"* ]]
	# (reading it takes a few forks of its own)
	run xcgexec -p 10 -- sh -c "$(inside_file pids pids.max)"
	[ "$output" = 10 ]
}

@test "-p: the command's orphans are reaped as they end, so their zombies do not count" {
	require_ctrl pids
	# each round leaves an orphan that ends a moment later: unreaped, thirty
	# zombies would hold thirty PIDs against a limit of eight
	run xcgexec -p 8 -- sh -c 'for i in $(seq 30); do (sleep 0.02 &); sleep 0.05; done; echo done'
	[ "$status" -eq 0 ]
	[ "$output" = "done" ]
}

@test "-c 0.2 keeps a busy loop near 20% of one CPU" {
	require_ctrl cpu
	run --separate-stderr xcgexec -J -c 0.2 -- "$XCG_BIN/busy" 2
	[ "$status" -eq 0 ]
	read -r wall cpu <<<"$output"
	# measured from inside: the quota allows 0.4 s in 2 s
	awk -v w="$wall" -v c="$cpu" 'BEGIN { r = c / w; exit !(r > 0.08 && r < 0.3) }'
	# the report agrees with what the process saw
	used=$(echo "$stderr" | jq '.user_usec + .system_usec')
	awk -v u="$used" -v c="$cpu" 'BEGIN { exit !(u / 1e6 > c * 0.8 && u / 1e6 < c * 1.25 + 0.05) }'
}

@test "-c sets the CFS quota, --cpu-weight the share, seen from inside" {
	require_v1_ctrl cpu
	run xcgexec -c 0.5 -- sh -c "$(inside_file cpu cpu.cfs_quota_us); $(inside_file cpu cpu.cfs_period_us)"
	[ "${lines[0]}" = 50000 ]
	[ "${lines[1]}" = 100000 ]
	run xcgexec --cpu-weight 50 -- sh -c "$(inside_file cpu cpu.shares)"
	[ "$output" = 512 ]
}

@test "--cpuset pins the command to the CPUs given" {
	require_ctrl cpuset
	run xcgexec --cpuset 0 -- sh -c 'grep Cpus_allowed_list /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t'"0" ]]
}

@test "a group with cpuset but no --cpuset still runs (the parent's CPUs)" {
	require_v1_ctrl cpuset
	run xcgexec --cpuset 0-$(( $(nproc) - 1 )) -- true
	[ "$status" -eq 0 ]
}

@test "--swappiness, --io-weight and --io-max land in the v1 files" {
	require_v1_ctrl memory
	require_v1_ctrl blkio
	run xcgexec --swappiness 10 -- sh -c "$(inside_file memory memory.swappiness)"
	[ "$output" = 10 ]
	if [ -e "$(cg_root_of blkio)/blkio.bfq.weight" ] || ls "$(cg_root_of blkio)"/blkio.weight >/dev/null 2>&1; then
		run xcgexec --io-weight 200 -- sh -c "$(inside_file blkio blkio.bfq.weight) 2>/dev/null || $(inside_file blkio blkio.weight)"
		[ "$status" -eq 0 ]
		[[ "$output" == *200* || "$output" == *1000* ]]
	fi
	[ -b /dev/loop0 ] || skip "no /dev/loop0"
	run xcgexec --io-max /dev/loop0:rbps=1M,wiops=100 -- sh -c "$(inside_file blkio blkio.throttle.read_bps_device); $(inside_file blkio blkio.throttle.write_iops_device)"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "7:0 1048576" ]
	[ "${lines[1]}" = "7:0 100" ]
}

@test "the cgroup2 side: born in the group, cpu.stat counts its CPU" {
	[ -n "$(cg_root_of unified)" ] || skip "no cgroup2 mount"
	local name
	name=$(cg_name v2)
	run --separate-stderr xcgexec --name "$name" -J -- sh -c 'grep "^0::" /proc/self/cgroup; '"$XCG_BIN/busy"' 0.3'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0::/$name" ]
	# at least the CPU the busy loop saw itself get (the machine may be busy)
	read -r wall cpu <<<"${lines[1]}"
	used=$(echo "$stderr" | jq '.user_usec + .system_usec')
	awk -v u="$used" -v c="$cpu" 'BEGIN { exit !(u > 0 && u / 1e6 >= c * 0.9) }'
	cg_absent "$name"
}
