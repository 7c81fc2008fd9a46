#!/usr/bin/env bats
# xcgexec: help, exit statuses, and bad input: one line, exit 1, and no
# group left behind in any hierarchy.

load cg

setup() {
	require_root
	[ -n "$(cg_roots)" ] || skip "no cgroup hierarchy mounted"
	BEFORE=$(cg_auto_groups)
}

teardown() {
	cg_cleanup
}

# nothing new named like xcgexec's own groups
no_group_left() {
	[ "$(cg_auto_groups)" = "$BEFORE" ]
}

@test "--help is util-linux style, on stdout, exit 0" {
	run xcgexec --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage:" ]]
	[[ "$output" == *" -m, --memory <size> "* ]]
	[[ "$output" == *" -h, --help "* ]]
	[[ "${lines[-1]}" == "See xcgexec(1)." ]]
}

@test "-V prints the version" {
	run xcgexec -V
	[ "$status" -eq 0 ]
	[[ "$output" == "xcgexec from xns-utils "* ]]
}

@test "an unknown option says so in one line and points at --help, exit 1" {
	run --separate-stderr xcgexec --bogus true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"unrecognized option"* ]]
	[[ "$stderr" == *"Try 'xcgexec --help' for more information." ]]
}

@test "no command: one line and the --help pointer, exit 1" {
	run --separate-stderr xcgexec -m 100M
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: no command given"* ]]
	no_group_left
}

@test "the command's exit status comes back, signals re-raised" {
	run xcgexec -- sh -c 'exit 3'
	[ "$status" -eq 3 ]
	run xcgexec -- sh -c 'kill -USR1 $$'
	[ "$status" -eq 138 ]
	no_group_left
}

@test "127 for a command that is not there, 126 for one that cannot run" {
	run -127 --separate-stderr xcgexec -- xns-no-such-command
	[ "$status" -eq 127 ]
	[[ "$stderr" == "xcgexec: failed to execute xns-no-such-command: No such file or directory" ]]
	run -126 --separate-stderr xcgexec -- /etc/passwd
	[ "$status" -eq 126 ]
	no_group_left
}

@test "bad sizes: one line naming the option, exit 1, no group left" {
	local s
	for s in 100Q -1 99999999999999999999G "" 1.5.5M; do
		run --separate-stderr xcgexec -m "$s" -- true
		[ "$status" -eq 1 ]
		[ "$(echo "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "xcgexec: --memory: '$s': "* ]]
	done
	run --separate-stderr xcgexec -m 100M --swap 100Q -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --swap: '100Q': invalid value" ]]
	run --separate-stderr xcgexec -m 99999999999999999999G -- true
	[[ "$stderr" == *"out of range" ]]
	no_group_left
}

@test "bad numbers, lists and durations are refused before anything is made" {
	run --separate-stderr xcgexec --timeout abc -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: --timeout: 'abc': invalid value" ]
	run --separate-stderr xcgexec -c 0 -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --cpus: '0': out of range"* ]]
	run --separate-stderr xcgexec -c two -- true
	[ "$status" -eq 1 ]
	run --separate-stderr xcgexec --cpuset 1-0 -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: --cpuset: '1-0': invalid CPU list" ]
	run --separate-stderr xcgexec -p -5 -- true
	[ "$status" -eq 1 ]
	run --separate-stderr xcgexec --cpu-weight 0 -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --cpu-weight: '0': out of range"* ]]
	run --separate-stderr xcgexec --swappiness 101 -- true
	[ "$status" -eq 1 ]
	run --separate-stderr xcgexec --io-max 8:0 -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --io-max: '8:0': expected DEV:KEY=VALUE"* ]]
	run --separate-stderr xcgexec --io-max /etc/passwd:rbps=1M -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: --io-max: /etc/passwd: not a block device" ]
	run --separate-stderr xcgexec -g memory -- true
	[ "$status" -eq 1 ]
	run --separate-stderr xcgexec --name ../x -- true
	[ "$status" -eq 1 ]
	run --separate-stderr xcgexec --parent /a/../.. -- true
	[ "$status" -eq 1 ]
	no_group_left
}

@test "a limit whose controller is on the other hierarchy is an error naming it" {
	local mem
	mem=$(cg_root_of memory)
	[ -n "$mem" ] || skip "memory is on cgroup v2 here: memory.high applies"
	run --separate-stderr xcgexec --memory-high 50M -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: --memory-high: needs the memory controller on cgroup v2, but it is bound to cgroup v1 here" ]
	no_group_left
}

@test "a v1-only limit on a v2 controller is an error naming it" {
	[ -z "$(cg_root_of memory)" ] || skip "memory is on cgroup v1 here: --swappiness applies"
	run --separate-stderr xcgexec --swappiness 10 -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --swappiness: needs the memory controller on cgroup v1"* ]]
}

@test "-g with a group that is not there: one line, exit 1, nothing made" {
	require_v1_ctrl pids
	run --separate-stderr xcgexec -g "pids:/$(cg_name missing)" -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: -g pids:/$(cg_name missing): No such file or directory" ]
	cg_absent "$(cg_name missing)"
	run --separate-stderr xcgexec -g "nosuchctrl:/x" -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: -g nosuchctrl:/x: the nosuchctrl controller is not available on this host" ]
	run --separate-stderr xcgexec -g "pids,,memory:/x" -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: -g: 'pids,,memory:/x': expected <controllers>:<path>"* ]]
	no_group_left
}

@test "a --parent that does not exist: one line, exit 1, nothing made" {
	run --separate-stderr xcgexec --parent "/$(cg_name nowhere)" -- true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: cannot create a cgroup below /$(cg_name nowhere)"* ]]
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	no_group_left
}

@test "options that do not go together are refused" {
	run --separate-stderr xcgexec -g pids:/ -m 100M -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: mutually exclusive arguments: -g --memory" ]
	run --separate-stderr xcgexec --exec -s -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: mutually exclusive arguments: --exec --stats" ]
	run --separate-stderr xcgexec --pids 5 --gc
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: mutually exclusive arguments: --pids --gc" ]
	run --separate-stderr xcgexec --gc -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: --gc takes no command" ]
	run --separate-stderr xcgexec --gc --timeout 1
	[ "$status" -eq 1 ]
	no_group_left
}

@test "output that cannot be written is an error: --help and the report to /dev/full" {
	run --separate-stderr xcgexec --help
	[ "$status" -eq 0 ]
	run --separate-stderr sh -c 'xcgexec --help >/dev/full'
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: write error: No space left on device" ]
	run --separate-stderr xcgexec -s --stats-file /dev/full -- true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xcgexec: write error: No space left on device" ]
	no_group_left
}

@test "--stats-file that cannot be written fails before the run" {
	run --separate-stderr xcgexec --stats-file /nonexistent/dir/x -- touch "$BATS_TEST_TMPDIR/ran"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xcgexec: --stats-file: cannot open /nonexistent/dir/x: No such file or directory" ]]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	no_group_left
}
