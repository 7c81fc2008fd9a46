#!/usr/bin/env bats
# xrunc: bad input.  Each case: one line on stderr (naming the JSON path
# for a bad config.json), exit 1, and nothing made: no state entry, no
# cgroup, no process.

load xrunc

setup_file() { xrunc_setup_file; }
teardown_file() { xrunc_teardown_file; }
setup() { xrunc_setup; }
teardown() { xrunc_teardown; }

# the one error line: xrunc's own "xrunc: what: why"; runc writes its
# error as one logrus line
one_error_line() {
	[ "${#stderr}" -gt 0 ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	if [ "$RT_NAME" = xrunc ]; then
		[[ "$stderr" == "xrunc: "* ]]
	fi
}

# nothing in the state root but what was there before, and no cgroup or
# process named after ID $1
nothing_made() {
	local left
	left=$(ls -A "$XNS_STATE" 2>/dev/null | grep -v -x -F -e "${2:-}" || true)
	[ -z "$left" ] || { echo "left in the state root: $left"; return 1; }
	# "", "." and ".." name no container: the state root check is all
	case $1 in "" | . | ..) return 0 ;; esac
	run ct_leftovers "$1"
	[ "$output" = "" ]
}

@test "bad IDs: ../x, a/b, ., .., a space, empty: one line, exit 1, nothing made" {
	cfg_args true
	for id in ../x a/b . .. "a b" "x:y" ""; do
		run_split rt create -b "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 1 ] || { echo "'$id': exit $status"; false; }
		one_error_line
		nothing_made "$id"
	done
	# and the path the ID named was not made either
	[ ! -e "$XNS_STATE/../x" ]
	[ ! -e "$XNS_TMP/x" ]
	[ ! -e "$XNS_STATE/a" ]
}

@test "an ID of 1000 characters: one line, exit 1, nothing made" {
	id="xns-$(printf 'a%.0s' $(seq 996))"
	track_id "$id"
	cfg_args true
	run_split rt create -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	nothing_made "$id"
}

@test "an ID that exists: refused, and the first container is untouched" {
	id=$(new_id)
	cfg_args sleep 1000
	run rtq create -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ]
	pid=$(cat "$XNS_TMP/$id.pid")
	for cmd in create run; do
		run_split rt "$cmd" -b "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 1 ]
		one_error_line
	done
	[ "$(ct_field "$id" status)" = created ]
	[ "$(ct_field "$id" pid)" = "$pid" ]
	[ -e "/proc/$pid" ]
	[ "$(rt list -q)" = "$id" ]
}

@test "commands on an ID that does not exist: one line, exit 1" {
	for cmd in start state kill delete ps; do
		run_split rt "$cmd" xns-no-such-container
		[ "$status" -eq 1 ] || { echo "$cmd: exit $status"; false; }
		one_error_line
	done
	nothing_made ""
}

@test "a bundle without config.json, or not JSON: one line, exit 1, nothing made" {
	id=$(new_id)
	mkdir "$XNS_TMP/empty"
	run_split rt run -b "$XNS_TMP/empty" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$stderr" == *config.json* ]]
	nothing_made "$id"

	echo '{"ociVersion": "1.0.0", "process": {' >"$BUNDLE/config.json"
	run_split rt run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	nothing_made "$id"

	printf '\0\1\2' >"$BUNDLE/config.json"
	run_split rt run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	nothing_made "$id"
}

# ill-typed properties: each names its JSON path (runc writes
# "process.args" in its Go message; xrunc "config.json: process.args: ...")
@test "ill-typed config.json properties: one line naming the JSON path, exit 1, nothing made" {
	id=$(new_id)
	cp "$BUNDLE/config.json" "$XNS_TMP/good.json"
	while IFS='|' read -r filter path; do
		cp "$XNS_TMP/good.json" "$BUNDLE/config.json"
		cfg "$filter"
		run_split rt run -b "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 1 ] || { echo "$filter: exit $status"; false; }
		one_error_line
		[[ "$stderr" =~ $path ]] || { echo "$filter: '$stderr' does not name $path"; false; }
		nothing_made "$id"
	done <<-'EOF'
	.process.args = "sh"|process\.args
	.process.args = [1, 2]|process\.args
	.root.path = 5|root\.path
	.hostname = []|hostname
	.linux.namespaces[0].type = 7|linux\.namespaces(\[0\])?\.type
	.process.rlimits = {}|process\.rlimits
	.mounts[0] = 3|mounts
	.process.user.uid = "x"|process\.user\.uid
	.process.env = "A=1"|process\.env
	.linux.maskedPaths = true|linux\.maskedPaths
	EOF
}

@test "a bad config.json with the default state root: nothing made in /run/$RT_NAME" {
	id=$(new_id)
	had_root=0
	[ -d "/run/$RT_NAME" ] && had_root=1
	cfg '.process.args = "sh"'
	run_split "$XRUNC" run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	[ ! -e "/run/$RT_NAME/$id" ]
	run cg_dirs_of "$id"
	[ "$output" = "" ]
	# and a bad ID there neither
	run_split "$XRUNC" run -b "$BUNDLE" "../$id" </dev/null
	[ "$status" -eq 1 ]
	[ ! -e "/run/$id" ]
	if [ "$had_root" = 0 ]; then
		# a refused command made no state root either
		[ ! -e "/run/$RT_NAME" ] || [ -z "$(ls -A "/run/$RT_NAME")" ]
		rmdir "/run/$RT_NAME" 2>/dev/null || true
	fi
}

@test "unknown properties are ignored, as the runtime spec says" {
	id=$(new_id)
	cfg '.xnsUnknown = {"a": [1, {"b": null}]} | .process.xnsAlso = 1 | .linux.xnsToo = "x"'
	cfg_args echo xns-ran
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" = xns-ran ]
}

@test "a program that is not in the root: exit 1 (runc: 'executable file not found'), nothing left" {
	id=$(new_id)
	cfg_args /xns-no-such-program
	run_split rt run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -ne 0 ]
	[ -n "$stderr" ]
	nothing_made "$id"
}

@test "a wrong option: one line and a hint, exit 1" {
	if [ "$RT_NAME" != xrunc ]; then
		skip "the wording is xrunc's (util-linux style)"
	fi
	run_split "$XRUNC" --xns-no-such-option
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"Try 'xrunc --help'"* ]]
	run_split "$XRUNC" xns-no-such-command
	[ "$status" -eq 1 ]
	[ -n "$stderr" ]
}

@test "--help to stdout, exit 0; stdout checked (>/dev/full: write error, exit 1)" {
	if [ "$RT_NAME" != xrunc ]; then
		skip "util-linux's --help format is xrunc's"
	fi
	run_split "$XRUNC" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage:"* ]]
	[[ "$output" == *"See xrunc(8)."* ]]
	[ -z "$stderr" ]
	run bash -c '"$0" --help >/dev/full' "$XRUNC"
	[ "$status" -eq 1 ]
	[[ "$output" == *"write error"* ]]
}

@test "--systemd-cgroup where systemd is not PID 1: refused with a clear line, nothing made" {
	[ ! -d /run/systemd/system ] || skip "systemd is PID 1 here"
	if [ "$RT_NAME" != xrunc ]; then
		skip "runc accepts --systemd-cgroup and fails later"
	fi
	id=$(new_id)
	cfg_args true
	run_split rt --systemd-cgroup run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$stderr" == *systemd* ]]
	nothing_made "$id"
}

@test "properties xrunc refuses: one line naming the property, exit 1, nothing made" {
	[ "$RT_NAME" = xrunc ] || skip "the refusals are xrunc's (runc implements or ignores these)"
	id=$(new_id)
	cp "$BUNDLE/config.json" "$XNS_TMP/good.json"
	# '#' between filter and path: jq's filters use '|'
	while IFS='#' read -r filter path; do
		cp "$XNS_TMP/good.json" "$BUNDLE/config.json"
		cfg "$filter"
		run_split rt run -b "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 1 ] || { echo "$filter: exit $status"; false; }
		one_error_line
		[[ "$stderr" =~ $path ]] || { echo "$filter: '$stderr' does not name $path"; false; }
		nothing_made "$id"
	done <<-'EOF2'
	.linux.intelRdt = {"closID": "xns"}#intelRdt
	.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/xns.sock"}#listenerPath
	.process.apparmorProfile = "xns-profile"#apparmorProfile
	.process.selinuxLabel = "system_u:system_r:xns_t:s0"#selinuxLabel
	.linux.cgroupsPath = "xns.slice:xns:unit"#cgroupsPath
	.linux.namespaces |= map(if .type == "mount" then .path = "/proc/1/ns/mnt" else . end)#namespaces
	EOF2
}

@test "hugepageLimits: a page size this host lacks, or no size at all: one line naming it, exit 1, nothing made" {
	[ "$RT_NAME" = xrunc ] || skip "runc finds out in the container's init, with a line that names no size"
	id=$(new_id)
	cfg_args true
	cp "$BUNDLE/config.json" "$XNS_TMP/good.json"
	sizes="3MB garbage 2M 02MB ../2MB 2MB/x"
	[ -d /sys/kernel/mm/hugepages/hugepages-1048576kB ] || sizes="1GB $sizes"
	for ps in $sizes; do
		cp "$XNS_TMP/good.json" "$BUNDLE/config.json"
		# a good entry first: the bad one is named by its index
		cfg '.linux.resources.hugepageLimits = [{"pageSize": "2MB", "limit": 0},
			{"pageSize": $p, "limit": 4194304}]' --arg p "$ps"
		run_split rt run -b "$BUNDLE" "$id" </dev/null
		[ "$status" -eq 1 ] || { echo "$ps: exit $status"; false; }
		one_error_line
		[[ "$stderr" == *"linux.resources.hugepageLimits[1].pageSize: '$ps'"* ]] ||
			{ echo "$ps: '$stderr'"; false; }
		nothing_made "$id"
	done
}

