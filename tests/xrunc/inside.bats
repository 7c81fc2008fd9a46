#!/usr/bin/env bats
# xrunc: each area of config.json, seen from inside the container by one
# inspection script (inspect.sh, at /xns/inspect in the image), then the
# same bundle under runc and xrunc giving the same output.  The end of the
# article: the namespaces runc made, listed by xlsns.

load xrunc

setup_file() { xrunc_setup_file; }
teardown_file() { xrunc_teardown_file; }
setup() { xrunc_setup; }
teardown() {
	xrunc_teardown
	# a hugetlb limit enabled the controller in the cgroup2 root's
	# subtree_control (every parent of a group must have it): taken back
	# where it was off before the test
	[ ! -s "${XNS_HUGETLB_RESTORE:-/nonexistent}" ] ||
		echo -hugetlb >"$(cat "$XNS_HUGETLB_RESTORE")" 2>/dev/null || true
}

# the paths the inspection probes; the image's config masks and
# write-protects them (umoci's defaults, which are runc's)
PROBES=(masked=/proc/timer_list masked=/sys/firmware masked=/proc/kcore
	ro=/proc/sys ro=/proc/sysrq-trigger ro=/proc/bus)

inspect_args() {
	cfg_args sh /xns/inspect "${PROBES[@]}"
}

# the line of the inspection's output for key $1 (all of them, if many)
fact() {
	printf '%s\n' "$output" | awk -v k="$1 " 'index($0, k) == 1 { print substr($0, length(k) + 1) }'
}

# the config of the "process" test: a user, groups, umask, cwd, env,
# capabilities, rlimits, oom_score_adj, no_new_privs off
process_config() {
	cfg '.hostname = "xns-box"
	   | .process.user = {"uid": 1000, "gid": 1000, "additionalGids": [4242, 4343], "umask": 23}
	   | .process.cwd = "/tmp"
	   | .process.env = ["PATH=/bin", "XNS_A=one", "XNS_B=two words", "HOME=/tmp"]
	   | .process.capabilities = {
	       "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID"],
	       "permitted": ["CAP_CHOWN", "CAP_KILL"],
	       "effective": ["CAP_KILL"],
	       "inheritable": ["CAP_KILL"],
	       "ambient": ["CAP_KILL"]}
	   | .process.rlimits = [
	       {"type": "RLIMIT_NOFILE", "soft": 123, "hard": 456},
	       {"type": "RLIMIT_NPROC", "soft": 77, "hard": 88},
	       {"type": "RLIMIT_CORE", "soft": 0, "hard": 4096}]
	   | .process.oomScoreAdj = 100
	   | .process.noNewPrivileges = false'
}

@test "the article's bundle: PID 1, the config's hostname, only lo, masked and read-only paths, caps, rlimits, no_new_privs" {
	id=$(new_id)
	cfg '.hostname = "xns-box"'
	inspect_args
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$(fact pid)" = 1 ]
	[ "$(fact ppid)" = 0 ]
	[ "$(fact hostname)" = xns-box ]
	[ "$(fact links)" = "lo " ]
	[ "$(fact id)" = "uid=0(root) gid=0(root) groups=0(root)" ] || [ "$(fact id)" = "uid=0(root) gid=0(root)" ]
	[ "$(fact cwd)" = / ]
	# only this shell and what it runs: no process of the host
	[ "$(fact procs)" = 1 ]
	# masked: reads empty or lists empty (kcore may be missing on this kernel)
	[ "$(fact 'masked /proc/timer_list')" = bytes=0 ]
	[ "$(fact 'masked /sys/firmware')" = entries=0 ]
	[[ "$(fact 'masked /proc/kcore')" =~ ^(bytes=0|absent)$ ]]
	[ "$(fact 'ro /proc/sys')" = refused ]
	[ "$(fact 'ro /proc/sysrq-trigger')" = refused ]
	[ "$(fact 'ro /proc/bus')" = refused ]
	# CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE in all five sets
	for s in CapInh CapPrm CapEff CapBnd CapAmb; do
		[ "$(fact "status $s:")" = 0000000020000420 ] || { echo "$s: $(fact "status $s:")"; false; }
	done
	[ "$(fact 'status NoNewPrivs:')" = 1 ]
	[ "$(fact 'limit Max open files')" = "1024 1024 files" ]
	# the config's mounts, in order, and / is the bundle's root
	[ "$(fact mount | head -7 | tr '\n' ';')" = "/ ext4 rw;/proc proc rw;/dev tmpfs rw;/dev/pts devpts rw;/dev/shm tmpfs rw;/dev/mqueue mqueue rw;/sys sysfs ro;" ] ||
		[ "$(fact mount | sed -n 2,7p | tr '\n' ';')" = "/proc proc rw;/dev tmpfs rw;/dev/pts devpts rw;/dev/shm tmpfs rw;/dev/mqueue mqueue rw;/sys sysfs ro;" ]
	# the devices the runtime spec says every container has
	for d in null zero full random urandom tty ptmx pts shm; do
		[[ " $(fact dev) " == *" $d "* ]] || { echo "no /dev/$d"; false; }
	done
}

@test "process: user, groups, umask, cwd, env, capability sets, rlimits, oom_score_adj" {
	id=$(new_id)
	process_config
	inspect_args
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$(fact hostname)" = xns-box ]
	[ "$(fact id)" = "uid=1000(xns) gid=1000(xns) groups=4242,4343" ] ||
		[ "$(fact id)" = "uid=1000(xns) gid=1000(xns) groups=1000(xns),4242,4343" ]
	[ "$(fact groups)" = "1000 4242 4343" ]
	[ "$(fact umask)" = 0027 ]
	[ "$(fact cwd)" = /tmp ]
	[ "$(fact env | tr '\n' ';')" = "HOME=/tmp;PATH=/bin;XNS_A=one;XNS_B=two words;" ]
	# a non-root uid keeps across exec only what is ambient (CAP_KILL,
	# bit 5); the bounding set is CHOWN, KILL and SETUID as configured
	[ "$(fact 'status CapAmb:')" = 0000000000000020 ]
	[ "$(fact 'status CapInh:')" = 0000000000000020 ]
	[ "$(fact 'status CapPrm:')" = 0000000000000020 ]
	[ "$(fact 'status CapEff:')" = 0000000000000020 ]
	[ "$(fact 'status CapBnd:')" = 00000000000000a1 ]
	[ "$(fact 'status NoNewPrivs:')" = 0 ]
	[ "$(fact 'limit Max open files')" = "123 456 files" ]
	[ "$(fact 'limit Max processes')" = "77 88 processes" ]
	[ "$(fact 'limit Max core file size')" = "0 4096 bytes" ]
	[ "$(fact oom_score_adj)" = 100 ]
}

@test "hostname and domainname from the config, in a new UTS namespace" {
	if [ "$RT_NAME" = runc ] && runc --version | grep -q '^runc version 1\.[01]\.'; then
		skip "runc before 1.2 does not set domainname"
	fi
	id=$(new_id)
	cfg '.hostname = "xns-box" | .domainname = "xns.test"'
	inspect_args
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$(fact hostname)" = xns-box ]
	[ "$(fact domainname)" = xns.test ]
	[ "$(hostname)" != xns-box ]
}

@test "root.readonly and a read-only bind mount: writes refused, tmpfs still writable" {
	id=$(new_id)
	mkdir "$XNS_TMP/xns-data"
	echo host >"$XNS_TMP/xns-data/f"
	cfg '.root.readonly = true
	   | .mounts += [{"destination": "/data", "type": "bind", "source": $src, "options": ["rbind", "ro"]},
	                 {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]}]' \
		--arg src "$XNS_TMP/xns-data"
	cfg_args sh /xns/inspect ro=/ ro=/data ro=/data/f ro=/tmp ro=/bin/busybox
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$(fact 'ro /')" = refused ]
	[ "$(fact 'ro /data')" = refused ]
	[ "$(fact 'ro /data/f')" = refused ]
	[ "$(fact 'ro /bin/busybox')" = refused ]
	[ "$(fact 'ro /tmp')" = writable ]
	[ "$(fact mount | grep '^/data ')" = "/data ext4 ro" ] || [[ "$(fact mount | grep '^/data ')" == "/data "*" ro" ]]
	[ "$(cat "$XNS_TMP/xns-data/f")" = host ]
}

@test "memory limit: a hog is OOM-killed (137), and nothing is left after" {
	require_mem_cgroup
	id=$(new_id)
	cfg '.linux.resources.memory = {"limit": 16777216}'
	# dd's 64 MiB block is one buffer it fills from /dev/zero
	cfg_args dd if=/dev/zero of=/dev/null bs=64M count=1
	run -137 rt run -b "$BUNDLE" "$id"
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

@test "memory limit: the limit is the cgroup's while the container runs" {
	require_mem_cgroup
	id=$(new_id)
	cfg '.linux.resources.memory = {"limit": 16777216} | .linux.resources.pids = {"limit": 42}'
	cfg_args sleep 1000
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ]
	pid=$(cat "$XNS_TMP/$id.pid")
	run mem_limit_of "$pid"
	[ "$output" = 16777216 ]
	run pids_limit_of "$pid"
	[ "$output" = 42 ]
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

@test "linux.resources.hugepageLimits: the group's 2MB limit, outside and inside; update changes it" {
	require_hugetlb_2mb
	local sc
	sc="$(cg_mount_of unified)/cgroup.subtree_control"
	if [ -f "$sc" ] && ! grep -qw hugetlb "$sc"; then
		XNS_HUGETLB_RESTORE=$BATS_TEST_TMPDIR/hugetlb-restore
		echo "$sc" >"$XNS_HUGETLB_RESTORE"
	fi
	id=$(new_id)
	# inside, the group's own files: a cgroup namespace makes it the root
	# of a cgroup mount (cgroup2 where hugetlb is there, as on a hybrid
	# host whose v1 hierarchies the container's /sys/fs/cgroup shows)
	cfg '.linux.resources.hugepageLimits = [{"pageSize": "2MB", "limit": 4194304}]
	   | .linux.namespaces += [{"type": "cgroup"}]
	   | .process.capabilities.bounding += ["CAP_SYS_ADMIN"]
	   | .process.capabilities.permitted += ["CAP_SYS_ADMIN"]
	   | .process.capabilities.effective += ["CAP_SYS_ADMIN"]'
	cfg_args sh -c 'if [ -d /sys/fs/cgroup/hugetlb ]; then f=/sys/fs/cgroup/hugetlb/hugetlb.2MB.limit_in_bytes
		else mkdir -p /tmp/xns-cg && mount -t cgroup2 none /tmp/xns-cg && f=/tmp/xns-cg/hugetlb.2MB.max; fi
		echo "inside $(cat "$f")"; exec sleep 1000'
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	if [ "$RT_NAME" = runc ] && [ "$status" -ne 0 ]; then
		skip "runc cannot set hugetlb here: $(cat "$XNS_TMP/ct.err")"
	fi
	[ "$status" -eq 0 ]
	pid=$(cat "$XNS_TMP/$id.pid")
	run hugetlb_limit_of "$pid"
	[ "$output" = 4194304 ]
	for _ in $(seq 100); do grep -q '^inside ' "$XNS_TMP/ct.out" && break; sleep 0.1; done
	[ "$(cat "$XNS_TMP/ct.out")" = "inside 4194304" ]
	# events --stats: runc's entry for the size, usage 0 (nothing mapped)
	if [ "$RT_NAME" = xrunc ]; then
		run rt events --stats "$id"
		[ "$status" -eq 0 ]
		echo "$output" | jq -e '.data.hugetlb["2MB"].usage == 0 and .data.hugetlb["2MB"].failcnt == 0'
	fi
	# update: the same writer; a size the host lacks changes nothing
	run rt update -r - "$id" <<<'{"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}'
	[ "$status" -eq 0 ]
	run hugetlb_limit_of "$pid"
	[ "$output" = 2097152 ]
	mem=$(mem_limit_of "$pid")
	run rt update -r - "$id" <<<'{"memory": {"limit": 67108864}, "hugepageLimits": [{"pageSize": "3MB", "limit": 1}]}'
	[ "$status" -eq 1 ]
	[[ "$output" == *"hugepageLimits[0].pageSize: '3MB'"* ]]
	run hugetlb_limit_of "$pid"
	[ "$output" = 2097152 ]
	[ "$(mem_limit_of "$pid")" = "$mem" ]
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

@test "linux.cgroupsPath, nested: the process is in that group in every hierarchy" {
	# the inner group first, so that teardown removes it before its parent
	track_id "xns-$$-${BATS_TEST_NUMBER}-inner"
	id=$(new_id)
	inner="$id-inner"
	cfg '.linux.cgroupsPath = $p | .linux.resources.memory = {"limit": 33554432}
	   | .linux.resources.cpu = {"cpus": "0"}' --arg p "/$id/$inner"
	cfg_args cat /proc/self/cgroup
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	# every hierarchy the runtime puts a container in: the v1 controllers
	# it manages (cpuset among them, asked for here, whose new groups need
	# cpus and mems at each level)
	for c in cpuset memory pids; do
		[ -n "$(cg_mount_of "$c")" ] || continue
		line=$(printf '%s\n' "$output" | awk -F: -v c="$c" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }')
		[[ "$line" == */"$id/$inner" ]] || { echo "$c: '$line'"; false; }
	done
}

@test "memory limit of 512 KiB: the container starts" {
	require_mem_cgroup
	id=$(new_id)
	cfg '.linux.resources.memory = {"limit": 524288}'
	cfg_args echo xns-small
	run rt run -b "$BUNDLE" "$id"
	if [ "$RT_NAME" = runc ] && [ "$status" -ne 0 ]; then
		skip "runc cannot start a container with 512 KiB here: $output"
	fi
	[ "$status" -eq 0 ]
	[ "$output" = xns-small ]
}

@test "xlsns lists mnt, uts, ipc, pid and net for the container, as the article's lsns did; xnsenter gets in" {
	[ -x "$XNS_BUILDDIR/xlsns" ] || skip "xlsns not built"
	id=$(new_id)
	cfg '.hostname = "xns-box"'
	cfg_args sleep 1000
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ]
	pid=$(cat "$XNS_TMP/$id.pid")
	run "$XNS_BUILDDIR/xlsns" -n -r -o NS,TYPE,NPROCS,PID -p "$pid"
	[ "$status" -eq 0 ]
	for t in mnt uts ipc pid net; do
		line=$(printf '%s\n' "$output" | awk -v t="$t" '$2 == t')
		[ -n "$line" ] || { echo "no $t namespace listed"; false; }
		# the container's own namespace, not the host's, and it holds the container's process
		ns=$(echo "$line" | cut -d' ' -f1)
		[ "$ns" != "$(stat -L -c %i /proc/self/ns/$t)" ]
		[ "$ns" = "$(stat -L -c %i /proc/$pid/ns/$t)" ]
		[ "$(echo "$line" | cut -d' ' -f3-)" = "1 $pid" ]
	done
	# and the ones runc does not make are the host's (cgroup on v1, user)
	for t in user; do
		line=$(printf '%s\n' "$output" | awk -v t="$t" '$2 == t')
		[ "$(echo "$line" | cut -d' ' -f1)" = "$(stat -L -c %i /proc/self/ns/$t)" ]
	done
	[ -x "$XNS_BUILDDIR/xnsenter" ] || skip "xnsenter not built"
	run "$XNS_BUILDDIR/xnsenter" -t "$pid" -u -n -m -p -- /bin/hostname
	[ "$status" -eq 0 ]
	[ "$output" = xns-box ]
}

@test "linux.seccomp: a syscall refused with its errnoRet, the rest allowed" {
	id=$(new_id)
	cfg '.linux.seccomp = {
	       "defaultAction": "SCMP_ACT_ALLOW",
	       "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"],
	       "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}'
	cfg_args sh -c 'grep ^Seccomp: /proc/self/status | tr -s "\t" " "; mkdir /tmp/xns-d 2>&1; echo mkdir=$?; touch /tmp/xns-f && echo touch=ok'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Seccomp: 2" ]
	# EACCES (13), not EPERM: the errnoRet of the rule
	[[ "${lines[1]}" == *"Permission denied"* ]]
	[ "${lines[2]}" = mkdir=1 ]
	[ "${lines[3]}" = touch=ok ]
}

@test "user namespace: uidMappings and gidMappings, root inside is not root outside" {
	require_ns user
	id=$(new_id)
	cfg '.linux.namespaces += [{"type": "user"}]
	   | .linux.uidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]
	   | .linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]
	   | .mounts |= map(select(.type != "cgroup" and .type != "sysfs"))
	   | .linux.maskedPaths |= map(select(startswith("/sys") | not))'
	# umoci makes the bundle 0700: the mapped root (200000 outside) must
	# be able to reach its rootfs
	chmod 755 "$BUNDLE"
	cfg_args sh -c 'cat /proc/self/uid_map | tr -s " " " "; cat /proc/self/gid_map | tr -s " " " "; id -u; sleep 1000'
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/ct.err"; false; }
	pid=$(cat "$XNS_TMP/$id.pid")
	# outside, the process is uid 200000
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" = 200000 ]
	[ "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/self/ns/user)" ]
	for _ in $(seq 50); do [ -s "$XNS_TMP/ct.out" ] && [ "$(wc -l <"$XNS_TMP/ct.out")" -ge 3 ] && break; sleep 0.1; done
	run cat "$XNS_TMP/ct.out"
	[ "${lines[0]}" = " 0 200000 65536" ]
	[ "${lines[1]}" = " 0 200000 65536" ]
	[ "${lines[2]}" = 0 ]
}

@test "linux.devices and linux.sysctl: a device node made, a namespaced sysctl set" {
	id=$(new_id)
	cfg '.linux.devices = [{"path": "/dev/xns-null", "type": "c", "major": 1, "minor": 3, "fileMode": 438, "uid": 0, "gid": 0}]
	   | .linux.resources.devices = [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]
	   | .linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.shmmax": "12345678"}'
	cfg_args sh -c 'stat -c "%F %t:%T %a" /dev/xns-null; echo x >/dev/xns-null && echo write=ok; cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax'
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "character special file 1:3 666" ]
	[ "${lines[1]}" = write=ok ]
	[ "${lines[2]}" = 1 ]
	[ "${lines[3]}" = 12345678 ]
	# the host's own value is untouched (the container has its own netns)
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_fwd" ]
}

@test "linux.resources.devices on cgroup2: the BPF program refuses what the rules deny, with the v1 rules opened up; it goes with the group" {
	require_bpfprogs
	# two nodes outside runc's default list (which always allows /dev/zero,
	# null, full, random, urandom, tty, ptmx, pts and net/tun); opening them
	# needs no capability and changes nothing
	if ! [ -c /dev/fuse ] || ! [ -c /dev/loop-control ] || ! (exec 3<>/dev/fuse 4</dev/loop-control); then
		skip "this host cannot open /dev/fuse and /dev/loop-control"
	fi
	id=$(new_id)
	cfg '.linux.devices = [
	       {"path": "/dev/xns-fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438},
	       {"path": "/dev/xns-loopctl", "type": "c", "major": 10, "minor": 237, "fileMode": 438}]
	   | .linux.resources.devices = [{"allow": false, "access": "rwm"},
	       {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
	       {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "r"}]'
	# each open in a subshell: a failed "exec 3<x" ends a POSIX shell
	cfg_args sh -c 'echo x >/dev/null && echo null=rw
		(exec 3</dev/xns-fuse) && echo fuse=r
		(exec 3<>/dev/xns-fuse) 2>&1 | sed "s/.*: /fuse-rw: /"
		(exec 3</dev/xns-loopctl) 2>&1 | sed "s/.*: /loopctl: /"
		echo done; exec sleep 1000'
	run rtq create -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ]
	pid=$(cat "$XNS_TMP/$id.pid")
	# the v1 list, where there is one, allows everything from here on: what
	# is refused below, only the program refuses
	v1=$(cg_mount_of devices)
	if [ -n "$v1" ]; then
		d="$v1$(awk -F: '$2 == "devices" { print $3 }' "/proc/$pid/cgroup")"
		echo a >"$d/devices.allow"
		[ "$(cat "$d/devices.list")" = "a *:* rwm" ]
	fi
	v2="$(cg_mount_of unified)$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")"
	mapfile -t progs < <(python3 "$BATS_TEST_DIRNAME/bpfprogs.py" attached "$v2")
	[ "${#progs[@]}" -eq 1 ]
	run rt start "$id"
	[ "$status" -eq 0 ]
	for _ in $(seq 100); do grep -q '^done' "$XNS_TMP/ct.out" && break; sleep 0.1; done
	run cat "$XNS_TMP/ct.out"
	[ "${lines[0]}" = null=rw ]
	[ "${lines[1]}" = fuse=r ]
	[ "${lines[2]}" = "fuse-rw: Operation not permitted" ]
	[ "${lines[3]}" = "loopctl: Operation not permitted" ]
	# a process exec'd into the container is in the same cgroup2 group
	run rt exec "$id" sh -c '(exec 3</dev/xns-loopctl)' </dev/null
	[ "$status" -ne 0 ]
	[[ "$output" == *"Operation not permitted"* ]]
	# update leaves the rules alone, as runc's does, though engines send
	# them back each time: no second program
	run rt update -r - "$id" <<<'{"devices": [{"allow": true, "access": "rwm"}], "pids": {"limit": 99}}'
	[ "$status" -eq 0 ]
	run python3 "$BATS_TEST_DIRNAME/bpfprogs.py" attached "$v2"
	[ "$output" = "${progs[0]}" ]
	run rt delete --force "$id"
	[ "$status" -eq 0 ]
	# the program is the group's alone: freed once the group is gone
	for _ in $(seq 50); do
		python3 "$BATS_TEST_DIRNAME/bpfprogs.py" exists "${progs[0]}" || break
		sleep 0.1
	done
	run python3 "$BATS_TEST_DIRNAME/bpfprogs.py" exists "${progs[0]}"
	[ "$status" -eq 1 ]
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

@test "linux.namespaces with path: a second container joins the first one's network and UTS namespaces" {
	a=$(new_id a)
	b=$(new_id b)
	cfg '.hostname = "xns-first"'
	cfg_args sleep 1000
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$a.pid" "$a"
	[ "$status" -eq 0 ]
	pa=$(cat "$XNS_TMP/$a.pid")
	cfg '.hostname = null | del(.hostname)
	   | .linux.namespaces |= map(if .type == "network" then .path = $n
	                              elif .type == "uts" then .path = $u else . end)' \
		--arg n "/proc/$pa/ns/net" --arg u "/proc/$pa/ns/uts"
	cfg_args sh -c 'hostname; sleep 1000'
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$b.pid" "$b"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/ct.err"; false; }
	pb=$(cat "$XNS_TMP/$b.pid")
	[ "$(readlink "/proc/$pb/ns/net")" = "$(readlink "/proc/$pa/ns/net")" ]
	[ "$(readlink "/proc/$pb/ns/uts")" = "$(readlink "/proc/$pa/ns/uts")" ]
	# the ones not named by path are its own
	[ "$(readlink "/proc/$pb/ns/mnt")" != "$(readlink "/proc/$pa/ns/mnt")" ]
	[ "$(readlink "/proc/$pb/ns/pid")" != "$(readlink "/proc/$pa/ns/pid")" ]
	for _ in $(seq 50); do [ -s "$XNS_TMP/ct.out" ] && break; sleep 0.1; done
	[ "$(cat "$XNS_TMP/ct.out")" = xns-first ]
}

@test "run --no-pivot: the process runs in the root (chroot), the config as usual" {
	id=$(new_id)
	cfg '.hostname = "xns-box"'
	cfg_args sh -c 'hostname; ls /xns'
	run rt run --no-pivot -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'xns-box\ninspect')" ]
}

@test "rootless: a spec --rootless bundle runs as an unprivileged user, root inside only" {
	require_ns user
	d="$XNS_TMP/rootless"
	mkdir -p "$d" "$XNS_TMP/rootless-state"
	chown "$XNS_UID" "$XNS_TMP/rootless-state"
	"$XRUNC" spec --rootless --bundle "$d"
	cp -a "$BUNDLE/rootfs" "$d/rootfs"
	chmod 755 "$d"
	# the caller is mapped: the spec writes our (root's) uid, the test runs as XNS_UID
	jq --argjson u "$XNS_UID" '.process.terminal = false
	    | .process.args = ["sh", "-c", "id -u; tr -s \" \" \" \" </proc/self/uid_map; hostname"]
	    | .hostname = "xns-rootless"
	    | .linux.uidMappings[0].hostID = $u | .linux.gidMappings[0].hostID = $u' \
		"$d/config.json" >"$d/config.new" && mv "$d/config.new" "$d/config.json"
	id=$(new_id)
	run as_user env XDG_RUNTIME_DIR="$XNS_TMP/rootless-state" \
		"$XRUNC" --root "$XNS_TMP/rootless-state/rt" run -b "$d" "$id"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = " 0 $XNS_UID 1" ]
	[ "${lines[2]}" = xns-rootless ]
}

@test "a mount through a symlink in the image lands inside the root, never on the host" {
	id=$(new_id)
	mkdir -p "$XNS_TMP/xns-host-target"
	# the image points a folder at a host path, absolute and by ..
	ln -s "$XNS_TMP/xns-host-target" "$BUNDLE/rootfs/xns-abs"
	ln -s "../../../../../../../..$XNS_TMP/xns-host-target" "$BUNDLE/rootfs/xns-rel"
	cfg '.mounts += [{"destination": "/xns-abs/m", "type": "tmpfs", "source": "tmpfs"},
	                 {"destination": "/xns-rel/n", "type": "tmpfs", "source": "tmpfs"}]'
	cfg_args sh -c 'awk "{ print \$5 }" /proc/self/mountinfo | grep xns-host-target | sort'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	# inside, both mounts are at the target as the root sees it
	[ "$output" = "$(printf '%s/xns-host-target/m\n%s/xns-host-target/n' "$XNS_TMP" "$XNS_TMP")" ]
	# the host's folder got nothing: no mount, no mount point made in it
	[ -z "$(ls -A "$XNS_TMP/xns-host-target")" ]
	run grep -c "xns-host-target" /proc/self/mountinfo
	[ "$output" = 0 ]
	[ -d "$BUNDLE/rootfs$XNS_TMP/xns-host-target/m" ]
}

@test "masked and read-only paths that do not exist are passed over" {
	id=$(new_id)
	cfg '.linux.maskedPaths += ["/proc/xns-none", "/xns-none/deeper"] | .linux.readonlyPaths += ["/xns-none-ro"]'
	cfg_args sh -c 'ls -d /xns-none /xns-none-ro 2>&1 | wc -l; echo ran'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = ran ]
}

@test "an rlimit above what the caller may set: one line, exit 1, nothing left" {
	hard=$(awk '/^Max open files/ { print $5 }' /proc/self/limits)
	[ "$hard" != unlimited ] || skip "no hard limit on open files here"
	if grep -q '^CapEff:' /proc/self/status && [ $(( 0x$(awk '/^CapEff:/ { print $2 }' /proc/self/status) >> 24 & 1 )) = 1 ]; then
		skip "we have CAP_SYS_RESOURCE: any rlimit may be raised"
	fi
	id=$(new_id)
	cfg '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": ($h + 1)}]' --argjson h "$hard"
	cfg_args true
	run_split rt run -b "$BUNDLE" "$id" </dev/null
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == *RLIMIT_NOFILE* || "$stderr" == *rlimit* ]]
	run ct_leftovers "$id"
	[ "$output" = "" ]
}

# the comparison: one bundle, the runtime under test and runc
compare_with_runc() {
	local id=$1 ours theirs
	command -v runc >/dev/null || skip "runc not installed"
	[ "$RT_NAME" != runc ] || skip "the runtime under test is runc itself"
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	ours=$output
	run runc --root "$XNS_TMP/runc-state" run -b "$BUNDLE" "$id-runc"
	[ "$status" -eq 0 ] || skip "runc cannot run this bundle here: $output"
	theirs=$output
	# line for line, but not in order: the order of the config's own
	# mounts is checked above; the runtimes may mask before or after they
	# write-protect
	diff -u <(echo "$theirs" | sort) <(echo "$ours" | sort) || {
		echo "runc (-) and $RT_NAME (+) differ"; false; }
}

@test "the same bundle under runc and xrunc: the inspection prints the same (the article's bundle)" {
	id=$(new_id)
	track_id "$id-runc"
	cfg '.hostname = "xns-box"'
	inspect_args
	compare_with_runc "$id"
}

@test "the same bundle under runc and xrunc: the inspection prints the same (process settings)" {
	id=$(new_id)
	track_id "$id-runc"
	process_config
	inspect_args
	compare_with_runc "$id"
}

@test "the same bundle under runc and xrunc: the fds the process gets are the same" {
	id=$(new_id)
	track_id "$id-runc"
	# ls lists its own fd on the folder too: the lowest free number
	cfg_args ls /proc/self/fd
	compare_with_runc "$id"
}
