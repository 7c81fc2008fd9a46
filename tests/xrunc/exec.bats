#!/usr/bin/env bats
# xrunc: the commands engines call beyond the lifecycle (issue 16): exec,
# pause/resume, update, events.  Each is looked at from inside the
# container and from the host; XNS_RUNTIME=runc runs the same checks
# with runc, which they were written against.

load xrunc

setup_file() { xrunc_setup_file; }
teardown_file() { xrunc_teardown_file; }
setup() { xrunc_setup; }
teardown() {
	local f
	for f in recvtty.pid events.pid; do
		[ -n "${XNS_TMP:-}" ] && [ -s "$XNS_TMP/$f" ] &&
			kill "$(cat "$XNS_TMP/$f")" 2>/dev/null
	done
	xrunc_teardown
}

# start_box [JQ-FILTER]: a detached container running `sleep 1000` (the
# config first changed by the filter); sets $id and $pid (its init)
start_box() {
	id=$(new_id)
	cfg_args sleep 1000
	[ -z "${1:-}" ] || cfg "$1"
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/ct.err"; return 1; }
	pid=$(cat "$XNS_TMP/$id.pid")
	[ "$pid" -gt 1 ]
}

# process $1 has exited (gone, or a zombie not yet reaped)
ended() {
	[ ! -e "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# rtx ARGS...: exec with stdin closed (a waiting read would hang the test)
rtx() {
	rt exec "$@" </dev/null
}

@test "exec: the process is in every namespace of the container's init" {
	start_box '.linux.namespaces += [{"type":"cgroup"}]'
	run rtx "$id" sh -c 'for n in mnt uts ipc net pid cgroup user; do readlink /proc/self/ns/$n; done'
	[ "$status" -eq 0 ]
	want=$(for n in mnt uts ipc net pid cgroup user; do readlink "/proc/$pid/ns/$n"; done)
	[ "$output" = "$want" ]
	# and not ours, where the container has its own
	[ "${lines[3]}" != "$(readlink /proc/self/ns/net)" ]
	# PID namespace: the init is 1, the exec a later PID
	run rtx "$id" sh -c 'echo $$; cat /proc/1/cmdline | tr "\0" " "'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" -gt 1 ]
	[ "${lines[1]}" = "sleep 1000 " ]
}

@test "exec: into a user namespace, mapped as the init is" {
	require_ns user
	# the mapped root (200000 outside) must reach its rootfs; umoci makes it 0700
	chmod 755 "$BUNDLE"
	start_box '.linux.namespaces += [{"type": "user"}]
	   | .linux.uidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]
	   | .linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]
	   | .mounts |= map(select(.type != "cgroup" and .type != "sysfs"))
	   | .linux.maskedPaths |= map(select(startswith("/sys") | not))'
	run rtx -u 1000:1000 "$id" sh -c 'readlink /proc/self/ns/user; id -u; tr -s " " " " </proc/self/uid_map'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$pid/ns/user")" ]
	[ "${lines[1]}" = 1000 ]
	[ "${lines[2]}" = " 0 200000 65536" ]
	# outside, that is 201000
	run rtq exec -d -u 1000:1000 --pid-file "$XNS_TMP/x.pid" "$id" sleep 999
	[ "$status" -eq 0 ]
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$(cat "$XNS_TMP/x.pid")/status")" = 201000 ]
}

@test "exec: the container's root, also after run --no-pivot (a chroot in the namespace)" {
	id=$(new_id)
	cfg_args sleep 1000
	touch "$BUNDLE/rootfs/xns-marker"
	run rtq run -d --no-pivot -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/ct.err"; false; }
	run rtx "$id" sh -c 'ls -d /xns-marker; ls / | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = /xns-marker ]
	# the image's few folders, not the host's
	[ "${lines[1]}" = "$(ls "$BUNDLE/rootfs" | wc -l)" ]
}

@test "exec: the process is in the container's cgroup in every hierarchy" {
	start_box
	# inside: the same lines as the init's, hierarchy by hierarchy
	run rtx "$id" sh -c 'cat /proc/self/cgroup; echo --; cat /proc/1/cgroup'
	[ "$status" -eq 0 ]
	[ "${output%%--*}" = "${output#*--$'\n'}"$'\n' ]
	# from the host, with -d: every line of the init's, v1 and cgroup2
	run rtq exec -d --pid-file "$XNS_TMP/x.pid" "$id" sleep 999
	[ "$status" -eq 0 ]
	xpid=$(cat "$XNS_TMP/x.pid")
	[ "$(cat "/proc/$xpid/cgroup")" = "$(cat "/proc/$pid/cgroup")" ]
	grep -q "/$id\$" "/proc/$xpid/cgroup"
	[ "$(wc -l <"/proc/$xpid/cgroup")" -gt 1 ]
}

@test "exec: capabilities, no_new_privs, rlimits and seccomp of the container" {
	filter='.process.capabilities = {"bounding":["CAP_KILL","CAP_CHOWN"],
		"effective":["CAP_KILL"],"permitted":["CAP_KILL"],"inheritable":[],"ambient":[]}
		| .process.noNewPrivileges = true
		| .process.rlimits = [{"type":"RLIMIT_NOFILE","soft":321,"hard":654}]
		| .linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW",
		  "syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}'
	start_box "$filter" || skip "the runtime cannot run the seccomp config here"
	run rtx "$id" sh -c 'grep -E "^(CapBnd|CapEff|CapPrm|CapInh|NoNewPrivs|Seccomp):" /proc/self/status; ulimit -n; ulimit -Hn'
	[ "$status" -eq 0 ]
	want=$(grep -E "^(CapBnd|CapEff|CapPrm|CapInh|NoNewPrivs|Seccomp):" "/proc/$pid/status")
	[ "$(printf '%s\n' "${lines[@]:0:6}")" = "$want" ]
	[[ "$want" == *"CapBnd:"*"0000000000000021"* ]]
	[[ "$want" == *"NoNewPrivs:"*1* ]]
	[[ "$want" == *"Seccomp:"*2* ]]
	# runc before 1.1.9 hands exec the soft NOFILE limit Go raised for
	# itself (the hard one): that is runc's bug, not the spec
	[ "$RT_NAME" = runc ] || [ "${lines[6]}" = 321 ]
	[ "${lines[7]}" = 654 ]
	# the filter works on the exec'd process
	run rtx "$id" mkdir /tmp/xns-dir
	[ "$status" -ne 0 ]
	[ ! -d "$BUNDLE/rootfs/tmp/xns-dir" ]
	# --cap adds to bounding, effective and permitted
	run rtx --cap CAP_NET_RAW "$id" grep CapEff /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "CapEff: 0000000000002020" ]
}

@test "exec: the exit status is the process's; 128+N for a signal; 255 when exec fails" {
	start_box
	run -7 rtx "$id" sh -c 'echo xns-out; echo xns-err >&2; exit 7'
	[[ "$output" == *xns-out* ]]
	[[ "$output" == *xns-err* ]]
	run -143 rtx "$id" sh -c 'kill -TERM $$'
	run -255 rtx "$id" xns-no-such-program
	[[ "$output" == *"xns-no-such-program"*"not found"* ]]
	# the container goes on
	run ct_field "$id" status
	[ "$output" = running ]
}

@test "exec: signals to the runtime reach the process (TERM, INT even when started ignored)" {
	start_box
	for sig in TERM INT; do
		rm -f "$BUNDLE/rootfs/tmp/ready"
		# a background job of a script starts with SIGINT ignored
		"$XRUNC" --root "$XNS_STATE" exec "$id" sh -c "trap 'exit 3' $sig; : >/tmp/ready; while :; do sleep 0.1; done" \
			</dev/null >/dev/null 2>&1 &
		runner=$!
		for _ in $(seq 100); do [ -e "$BUNDLE/rootfs/tmp/ready" ] && break; sleep 0.1; done
		kill -"$sig" "$runner"
		for _ in $(seq 100); do ended "$runner" && break; sleep 0.1; done
		ended "$runner" || { kill -KILL "$runner"; echo "$sig: not forwarded"; false; }
		rc=0
		wait "$runner" || rc=$?
		[ "$rc" -eq 3 ] || { echo "$sig: exit $rc"; false; }
	done
}

@test "exec -d --pid-file: returns with the process running, nothing of ours in it" {
	start_box
	run rtq exec -d --pid-file "$XNS_TMP/x.pid" "$id" sleep 999
	[ "$status" -eq 0 ]
	xpid=$(cat "$XNS_TMP/x.pid")
	[ -e "/proc/$xpid" ]
	[ "$(tr '\0' ' ' <"/proc/$xpid/cmdline")" = "sleep 999 " ]
	[ "$(readlink "/proc/$xpid/ns/pid")" = "$(readlink "/proc/$pid/ns/pid")" ]
	# stdio only: no fd of the runtime's crossed
	run ls "/proc/$xpid/fd"
	[ "$(echo $output)" = "0 1 2" ]
	# ps of the container lists it
	run rt ps --format json "$id"
	[ "$status" -eq 0 ]
	echo "$output" | jq -e --argjson p "$xpid" 'index($p) != null'
}

@test "exec --preserve-fds: fd 3 on is handed over as it is, no more" {
	start_box
	echo xns-fd >"$XNS_TMP/fd3"
	run rtx --preserve-fds 1 "$id" sh -c 'cat <&3' 3<"$XNS_TMP/fd3"
	[ "$status" -eq 0 ]
	[ "$output" = xns-fd ]
	run rtx "$id" sh -c 'cat <&3' 3<"$XNS_TMP/fd3"
	[ "$status" -ne 0 ]
	[ "$output" != xns-fd ]
	# places the caller left closed get none of the runtime's fds
	run rtx --preserve-fds 3 "$id" sh -c 'for f in 3 4 5; do readlink /proc/self/fd/$f; done' \
		3<"$XNS_TMP/fd3" 4<&- 5<&-
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$XNS_TMP/fd3" ] || [[ "${lines[0]}" == */fd3 ]]
	[[ "${lines[1]}" != *state* && "${lines[1]}" != *socket* && "${lines[1]}" != *pidfd* ]]
	[[ "${lines[2]}" != *state* && "${lines[2]}" != *socket* && "${lines[2]}" != *pidfd* ]]
}

@test "exec: with --log and --log-format json, the failure is a JSON line engines read" {
	start_box
	run -255 "$XRUNC" --root "$XNS_STATE" --log "$XNS_TMP/log.json" --log-format json \
		exec "$id" xns-no-such-program </dev/null
	run jq -r 'select(.level == "error") | .msg' "$XNS_TMP/log.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *"xns-no-such-program"*"executable file not found"* ]]
}

@test "exec --process FILE: args, env, cwd and user from a runtime-spec process" {
	start_box
	cat >"$XNS_TMP/process.json" <<-'EOF'
	{"terminal": false, "user": {"uid": 123, "gid": 456, "additionalGids": [789]},
	 "args": ["sh", "-c", "echo $XNS_P; id -u; id -g; id -G; pwd; exit 3"],
	 "env": ["PATH=/bin:/usr/bin", "XNS_P=from-file"], "cwd": "/etc"}
	EOF
	run -3 rtx --process "$XNS_TMP/process.json" "$id"
	[ "${lines[0]}" = from-file ]
	[ "${lines[1]}" = 123 ]
	[ "${lines[2]}" = 456 ]
	[[ "${lines[3]}" == *789* ]]
	[ "${lines[4]}" = /etc ]
	# a malformed one: one line naming the property
	echo '{"args": "sh", "user": {"uid": 0, "gid": 0}, "cwd": "/"}' >"$XNS_TMP/bad.json"
	run rtx --process "$XNS_TMP/bad.json" "$id"
	[ "$status" -ne 0 ]
	[ "$RT_NAME" != xrunc ] || [[ "$output" == *"process.args"* ]]
}

@test "exec -e, -u, --cwd: the process's environment, IDs and directory" {
	start_box
	run rtx -e XNS_A=1 -e HOME=/xns -u 1000:1001 --cwd /tmp "$id" sh -c 'echo $XNS_A $HOME; id -u; id -g; pwd'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1 /xns" ]
	[ "${lines[1]}" = 1000 ]
	[ "${lines[2]}" = 1001 ]
	[ "${lines[3]}" = /tmp ]
	# the config's PATH is kept
	run rtx "$id" sh -c 'echo $PATH'
	[[ "$output" == */bin* ]]
}

@test "exec -t --console-socket: the terminal's master goes to the socket" {
	command -v python3 >/dev/null || skip "python3 missing (the console socket receiver)"
	start_box
	sock="$XNS_TMP/tty.sock"
	python3 "$BATS_TEST_DIRNAME/recvtty.py" "$sock" "$XNS_TMP/tty.out" \
		</dev/null 2>"$XNS_TMP/recvtty.err" 3>&- &
	echo $! >"$XNS_TMP/recvtty.pid"
	for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
	# runc takes a console socket only with -d, as the engines call it
	run rtx -d -t --console-socket "$sock" "$id" sh -c 'tty; sleep 0.2'
	[ "$status" -eq 0 ]
	wait "$(cat "$XNS_TMP/recvtty.pid")" || true
	[[ "$(cat "$XNS_TMP/tty.out")" == /dev/pts/* ]]
	# -t without a socket to send it to is refused, as runc does
	run rtx -d -t "$id" true
	[ "$status" -ne 0 ]
}

@test "exec: bad input is one line and nothing runs" {
	start_box
	run rtx "$id"
	[ "$status" -ne 0 ]
	run rtx -u xns "$id" true
	[ "$status" -ne 0 ]
	run rtx xns-no-such-container true
	[ "$status" -ne 0 ]
	[[ "$output" == *"does not exist"* ]]
	run rtx --process-label system_u:system_r:xns_t "$id" true
	[ "$status" -ne 0 ]
	# only the init is left in the container
	run rt ps --format json "$id"
	[ "$(echo "$output" | jq length)" = 1 ]
}

@test "pause, resume: state says paused; a frozen process does not advance" {
	id=$(new_id)
	cfg_args sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/tick; sleep 0.02; done'
	run rtq run -d -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	for _ in $(seq 100); do [ -s "$BUNDLE/rootfs/tmp/tick" ] && break; sleep 0.1; done
	run rt pause "$id"
	[ "$status" -eq 0 ]
	run ct_field "$id" status
	[ "$output" = paused ]
	run rt list --format json
	[ "$(echo "$output" | jq -r --arg id "$id" '.[] | select(.id == $id) | .status')" = paused ]
	t1=$(cat "$BUNDLE/rootfs/tmp/tick")
	sleep 0.5
	[ "$(cat "$BUNDLE/rootfs/tmp/tick")" = "$t1" ]
	# exec is refused while paused, as runc refuses it
	run rtx "$id" true
	[ "$status" -ne 0 ]
	# pausing twice, resuming a running one: refused
	run rt resume "$id"
	[ "$status" -eq 0 ]
	run ct_field "$id" status
	[ "$output" = running ]
	for _ in $(seq 100); do [ "$(cat "$BUNDLE/rootfs/tmp/tick")" != "$t1" ] && break; sleep 0.1; done
	[ "$(cat "$BUNDLE/rootfs/tmp/tick")" != "$t1" ]
	run rt resume "$id"
	[ "$status" -ne 0 ]
}

@test "delete --force of a paused container removes everything" {
	start_box
	run rt pause "$id"
	[ "$status" -eq 0 ]
	run rt delete "$id"
	[ "$status" -ne 0 ]
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	[ ! -e "/proc/$pid" ] || [ "$(awk '/^State/ { print $2 }' "/proc/$pid/status")" = Z ]
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

@test "update --memory, --pids-limit, --resources: the cgroup files say so" {
	require_mem_cgroup
	start_box
	run rt update --memory 64M --pids-limit 42 "$id"
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 67108864 ]
	[ "$(pids_limit_of "$pid")" = 42 ]
	run rt update --resources - "$id" <<<'{"memory": {"limit": 100663296}, "pids": {"limit": 7}}'
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 100663296 ]
	[ "$(pids_limit_of "$pid")" = 7 ]
	# the limit holds inside: an 8th process is refused
	run rtx "$id" sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait'
	[ "$status" -ne 0 ] || [[ "$output" == *"can't fork"* ]] || [[ "$output" == *"Resource"* ]]
	# a whole document as containerd's CRI sends it: zeros and "" change nothing
	run rt update -r - "$id" <<<'{"memory": {"limit": 0, "swap": 0}, "pids": {"limit": 0},
		"cpu": {"shares": 0, "quota": 0, "period": 0, "cpus": "", "mems": ""},
		"blockIO": {"weight": 0}}'
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 100663296 ]
	[ "$(pids_limit_of "$pid")" = 7 ]
	run rt update --memory xns "$id"
	[ "$status" -ne 0 ]
	[ "$(mem_limit_of "$pid")" = 100663296 ]
}

@test "update --cpuset-cpus: a container made without a v1 cpuset group gains one, every process moved in" {
	m=$(cg_mount_of cpuset)
	[ -n "$m" ] || skip "cpuset is not a v1 controller on this host"
	# neither a CPU limit nor a cgroup mount (which would show the group)
	start_box '.mounts |= map(select(.type != "cgroup"))'
	rtx "$id" sh -c 'sleep 1000 & sleep 1000 & echo started' >/dev/null || true
	before=$(awk -F: '$2 ~ /(^|,)cpuset(,|$)/ { print $3 }' "/proc/$pid/cgroup")
	if [ "$RT_NAME" = xrunc ]; then
		# made without, as xrunc(8) says under CGROUPS
		[ ! -d "$m/$id" ]
		run rt events --stats "$id"
		[ "$status" -eq 0 ]
		[ "$(echo "$output" | jq -c .data.cpuset.cpus)" = "$(jq -nc --arg c "$(cat "$m$before/cpuset.cpus")" '
			[$c | split(",")[] | split("-") | map(tonumber) | if length == 2 then range(.[0]; .[1] + 1) else .[0] end]')" ]
	fi
	run rt update --cpuset-cpus 0 "$id"
	[ "$status" -eq 0 ]
	[ "$(cat "$m/$id/cpuset.cpus")" = 0 ]
	# the init, the exec'd shell's sleeps: all of them in the new group
	[ -n "$(cat "$m/$id/cgroup.procs")" ]
	for p in $(cat "$(cg_mount_of pids)/$id/cgroup.procs"); do
		grep -qx "$p" "$m/$id/cgroup.procs" || { echo "$p not moved"; false; }
	done
	[ "$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")" = 0 ]
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	[ ! -d "$m/$id" ]
}

@test "run: zeros and \"\" in linux.resources set nothing, as runc (CRI writes them)" {
	id=$(new_id)
	cfg_args echo ok
	cfg '.linux.resources.cpu = {"cpus": "", "mems": "", "quota": 0, "period": 0, "shares": 0}
	   | .linux.resources.memory = {"limit": 0} | .linux.resources.pids = {"limit": 0}'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "update: memory and memory+swap raised, lowered and lifted, in the order v1 needs" {
	require_mem_cgroup
	start_box
	memsw=$(cg_file_of "$pid" memory.memsw.limit_in_bytes memory.swap.max memory)
	[ -e "$memsw" ] || skip "no swap accounting in the memory cgroup here"
	run rt update --memory 64M --memory-swap 128M "$id"
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 67108864 ]
	# raising both: on v1 memory+swap must be written first
	run rt update --memory 256M --memory-swap 512M "$id"
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 268435456 ]
	run rt update --memory 32M --memory-swap 64M "$id"
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" = 33554432 ]
	# -1 lifts both, as runc does
	run rt update --memory -1 "$id"
	[ "$status" -eq 0 ]
	[ "$(mem_limit_of "$pid")" != 33554432 ]
}

@test "events --stats: runc's JSON, with cpu, memory, pids and blkio" {
	start_box
	run rt events --stats "$id"
	[ "$status" -eq 0 ]
	echo "$output" | jq -e --arg id "$id" '.type == "stats" and .id == $id'
	echo "$output" | jq -e '.data | has("cpu") and has("memory") and has("pids") and has("blkio")'
	echo "$output" | jq -e '(.data.cpuset.cpus | length) >= 1'
	echo "$output" | jq -e '(.data.cpu.usage.total | type) == "number"'
	echo "$output" | jq -e '.data.pids.current >= 1'
	echo "$output" | jq -e '.data.memory.usage.usage > 0'
	# a stream without --stats: a line every interval
	run timeout 5 "$XRUNC" --root "$XNS_STATE" events --interval 1s "$id"
	[ "$(echo "$output" | jq -s 'map(select(.type == "stats")) | length')" -ge 2 ]
}

@test "events: an oom line when the kernel OOM-kills a process of the container" {
	require_mem_cgroup
	start_box '.linux.resources.memory = {"limit": 33554432}'
	"$XRUNC" --root "$XNS_STATE" events --interval 200ms "$id" \
		</dev/null >"$XNS_TMP/events" 2>&1 3>&- &
	echo $! >"$XNS_TMP/events.pid"
	for _ in $(seq 50); do [ -s "$XNS_TMP/events" ] && break; sleep 0.1; done
	run -137 rtx "$id" dd if=/dev/zero of=/dev/null bs=64M count=1
	for _ in $(seq 50); do grep -q '"oom"' "$XNS_TMP/events" && break; sleep 0.1; done
	run jq -c 'select(.type == "oom")' "$XNS_TMP/events"
	[ "${lines[0]}" = "{\"type\":\"oom\",\"id\":\"$id\"}" ]
	# the stream ends with the container
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	epid=$(cat "$XNS_TMP/events.pid")
	for _ in $(seq 50); do ended "$epid" && break; sleep 0.1; done
	ended "$epid"
	wait "$epid" || true
}
