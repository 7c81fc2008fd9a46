#!/usr/bin/env bats
# xrunc: each area of config.json, seen from inside the container by one
# inspection script (inspect.sh, at /xns/inspect in the image), then the
# same bundle under runc and xrunc giving the same output.  The end of the
# article: the namespaces runc made, listed by xlsns.

load xrunc

setup_file() { xrunc_setup_file; }
teardown_file() { xrunc_teardown_file; }
setup() { xrunc_setup; }
teardown() { xrunc_teardown; }

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

@test "linux.cgroupsPath, nested: the process is in that group in every hierarchy" {
	# the inner group first, so that teardown removes it before its parent
	track_id "xns-$$-${BATS_TEST_NUMBER}-inner"
	id=$(new_id)
	inner="$id-inner"
	cfg '.linux.cgroupsPath = $p | .linux.resources.memory = {"limit": 33554432}' --arg p "/$id/$inner"
	cfg_args cat /proc/self/cgroup
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	# every hierarchy the runtime puts a container in: the v1 controllers
	# it manages (cpuset among them, whose new groups need cpus and mems)
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
