#!/usr/bin/env bats
# xrunc under the engines people use (issue 16): podman through conmon
# (`podman --runtime xrunc`) and containerd's runc shim (`ctr run
# --runc-binary xrunc`, the path a Kubernetes node takes).  Everything is
# private: podman's storage, run and tmp folders, a containerd with its own
# root, state and socket, all under one xns-* folder; cgroups below
# xns-* parents; the daemon stopped by its PID.  XNS_RUNTIME=runc runs the
# same checks with runc.

load xrunc

PODMAN_CG="/xns-podman-${XNS_ENG_TAG:-}"
CTR_NS="xns-ctrd-${XNS_ENG_TAG:-}"

setup_file() {
	xrunc_setup_file
	export XNS_ENG="$XNS_IMG/engines"
	# one tag for the file: tests and teardown_file run in processes of their own
	export XNS_ENG_TAG=$$
	mkdir -p "$XNS_ENG"
	# podman puts conmon in /libpod_parent/conmon on some paths even with
	# --cgroups no-conmon: remove those groups after, unless they were there
	[ -n "$(cg_dirs_of libpod_parent)" ] && touch "$XNS_ENG/libpod_parent.was"
	# containerd's runc shim keeps the runc state root, task fifos and its
	# sockets under /run/containerd whatever the daemon's own state folder
	[ -d /run/containerd ] && touch "$XNS_ENG/run-containerd.was"
	# podman's image copy keeps a blob cache in /var/lib/containers/cache
	# whatever --root says
	[ -d /var/lib/containers ] && touch "$XNS_ENG/var-lib-containers.was"
	return 0
}

teardown_file() {
	local pid
	if [ -n "${XNS_ENG:-}" ]; then
		# the containerd this file started, by its PID
		pid=$(cat "$XNS_ENG/containerd.pid" 2>/dev/null || true)
		if [ -n "$pid" ]; then
			kill -TERM "$pid" 2>/dev/null || true
			for _ in $(seq 50); do [ -e "/proc/$pid" ] || break; sleep 0.1; done
			kill -KILL "$pid" 2>/dev/null || true
		fi
		grep -o " $XNS_ENG[^ ]*" /proc/self/mountinfo | sort -r |
			while read -r m; do umount -l "$m" 2>/dev/null; done
		eng_cgroups_purge "xns-podman-$XNS_ENG_TAG"
		eng_cgroups_purge "xns-ctrd-$XNS_ENG_TAG"
		# the shim's runc root for our namespace; the rest of /run/containerd
		# if it was not there before and only empty folders are left
		rm -rf "/run/containerd/runc/xns-ctrd-$XNS_ENG_TAG"
		if [ ! -e "$XNS_ENG/run-containerd.was" ] && [ -d /run/containerd ]; then
			find /run/containerd -depth -type d -empty -delete 2>/dev/null || true
		fi
		[ -e "$XNS_ENG/var-lib-containers.was" ] || rm -rf /var/lib/containers
		if [ ! -e "$XNS_ENG/libpod_parent.was" ]; then
			for d in $(cg_dirs_of libpod_parent); do
				find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
			done
		fi
	fi
	xrunc_teardown_file
}

setup() {
	xrunc_setup
	PODMAN_CG="/xns-podman-$XNS_ENG_TAG"
	CTR_NS="xns-ctrd-$XNS_ENG_TAG"
}

teardown() {
	local n
	for n in $(cat "$XNS_TMP/podman-names" 2>/dev/null); do
		podman_ rm -f -t 0 "$n" >/dev/null 2>&1 || true
	done
	for n in $(cat "$XNS_TMP/ctr-ids" 2>/dev/null); do
		ctr_ task kill -s KILL "$n" >/dev/null 2>&1 || true
		ctr_ task delete -f "$n" >/dev/null 2>&1 || true
		ctr_ container delete "$n" >/dev/null 2>&1 || true
	done
	xrunc_teardown
}

# every cgroup below a parent named $1 (any hierarchy): kill what is in
# them by PID, then remove them deepest first
eng_cgroups_purge() {
	local d p
	for d in $(cg_dirs_of "$1"); do
		for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
	done
	for d in $(cg_dirs_of "$1"); do
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
	done
}

# --- podman --------------------------------------------------------------

podman_() {
	podman --root "$XNS_ENG/podman/root" --runroot "$XNS_ENG/podman/run" \
		--tmpdir "$XNS_ENG/podman/tmp" --volumepath "$XNS_ENG/podman/vol" \
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend none "$@"
}

# podman run with the runtime under test.  podman asks for nofile 1048576,
# above what a root without CAP_SYS_RESOURCE (this machine's) may set:
# modest rlimits are asked for instead.  no-conmon: conmon would otherwise
# get a group /libpod_parent/conmon, named by podman, not by us
prun() {
	podman_ run --runtime "$XRUNC" --network none --cgroup-parent "$PODMAN_CG" \
		--cgroups no-conmon --ulimit nofile=1024:4096 --ulimit nproc=1024:4096 "$@"
}

require_podman() {
	require_cmd podman conmon
	if [ ! -e "$XNS_ENG/podman.ok" ]; then
		podman_ import "$XNS_IMG/rootfs.tar" xns-img:latest >/dev/null 2>&1 ||
			skip "podman import of the test image failed"
		touch "$XNS_ENG/podman.ok"
	fi
}

# a container name for this test, removed by teardown
pname() {
	local n="xns-$$-${BATS_TEST_NUMBER}${1:+-$1}"
	echo "$n" >>"$XNS_TMP/podman-names"
	echo "$n"
}

@test "podman run --rm: output and exit status" {
	require_podman
	run prun --rm xns-img:latest sh -c 'echo xns-out; exit 42'
	[ "$status" -eq 42 ]
	[ "$output" = xns-out ]
}

@test "podman run -d, logs, stop, rm" {
	require_podman
	n=$(pname)
	run prun -d --name "$n" xns-img:latest sh -c 'echo xns-log; trap "exit 3" TERM; while :; do sleep 0.1; done'
	[ "$status" -eq 0 ]
	for _ in $(seq 50); do
		[ "$(podman_ logs "$n" 2>/dev/null)" = xns-log ] && break
		sleep 0.1
	done
	run podman_ logs "$n"
	[ "$output" = xns-log ]
	run podman_ stop -t 5 "$n"
	[ "$status" -eq 0 ]
	run podman_ inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$n"
	[ "$output" = "exited 3" ]
	run podman_ rm "$n"
	[ "$status" -eq 0 ]
}

@test "podman exec into a running container" {
	require_podman
	n=$(pname)
	run prun -d --name "$n" --hostname xns-box xns-img:latest sleep 1000
	[ "$status" -eq 0 ]
	run podman_ exec "$n" sh -c 'hostname; exit 7'
	[ "$status" -eq 7 ]
	[ "$output" = xns-box ]
	run podman_ exec -e XNS_E=1 -u 1000 "$n" sh -c 'id -u; echo $XNS_E'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '1000\n1')" ]
}

@test "podman run -t: a terminal through the console socket" {
	require_podman
	run prun --rm -t xns-img:latest tty
	[ "$status" -eq 0 ]
	[[ "$output" == /dev/pts/* ]]
}

@test "podman --memory: the OOM kill is exit 137" {
	require_podman
	require_mem_cgroup
	run prun --rm --memory 16m xns-img:latest dd if=/dev/zero of=/dev/null bs=64M count=1
	[ "$status" -eq 137 ]
}

@test "podman --pids-limit, --user, --cap-drop/--cap-add, -e, --hostname" {
	require_podman
	run prun --rm --pids-limit 10 xns-img:latest sh -c 'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max'
	[ "$status" -eq 0 ]
	[ "$output" = 10 ]
	run prun --rm --user 1000:1000 xns-img:latest id
	[ "$output" = "uid=1000(xns) gid=1000(xns) groups=1000(xns)" ] || [ "$output" = "uid=1000(xns) gid=1000(xns)" ]
	run prun --rm --cap-drop ALL --cap-add KILL xns-img:latest sh -c 'grep CapEff /proc/self/status'
	[ "$(echo $output)" = "CapEff: 0000000000000020" ]
	run prun --rm -e XNS_E=xns-val --hostname xns-host xns-img:latest sh -c 'echo $XNS_E $(hostname)'
	[ "$output" = "xns-val xns-host" ]
}

@test "podman --read-only: the root refuses writes, its tmpfs mounts (tmpcopyup) do not" {
	require_podman
	run prun --rm --read-only xns-img:latest sh -c 'touch /xns-file 2>/dev/null && echo writable || echo refused; touch /tmp/xns-file && echo tmp-ok'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'refused\ntmp-ok')" ]
}

@test "podman pause and unpause" {
	require_podman
	n=$(pname)
	run prun -d --name "$n" xns-img:latest sh -c 'while :; do date +%s%N >/tmp/tick; sleep 0.05; done'
	[ "$status" -eq 0 ]
	run podman_ pause "$n"
	[ "$status" -eq 0 ]
	run podman_ inspect -f '{{.State.Status}}' "$n"
	[ "$output" = paused ]
	run podman_ unpause "$n"
	[ "$status" -eq 0 ]
	run podman_ inspect -f '{{.State.Status}}' "$n"
	[ "$output" = running ]
}

@test "podman top and stats --no-stream" {
	require_podman
	n=$(pname)
	run prun -d --name "$n" xns-img:latest sleep 1000
	[ "$status" -eq 0 ]
	run podman_ top "$n"
	[ "$status" -eq 0 ]
	[[ "$output" == *"sleep 1000"* ]]
	run podman_ stats --no-stream --format '{{.Name}} {{.PIDs}}' "$n"
	[ "$status" -eq 0 ]
	[ "$output" = "$n 1" ]
}

# --- containerd ----------------------------------------------------------

ctr_() {
	ctr --address "$XNS_ENG/containerd/sock" --namespace "$CTR_NS" "$@"
}

# a private containerd for the whole file, started on first use
require_containerd() {
	local c="$XNS_ENG/containerd" pid
	require_cmd containerd ctr containerd-shim-runc-v2
	if [ ! -S "$c/sock" ]; then
		mkdir -p "$c"
		cat >"$c/config.toml" <<-EOF
		version = 2
		root = "$c/root"
		state = "$c/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$c/sock"
		[ttrpc]
		  address = "$c/sock.ttrpc"
		EOF
		# its fds closed: bats waits for whatever holds its output open
		containerd --config "$c/config.toml" </dev/null >"$c/log" 2>&1 3>&- &
		pid=$!
		echo "$pid" >"$XNS_ENG/containerd.pid"
		for _ in $(seq 100); do [ -S "$c/sock" ] && break; sleep 0.1; done
		[ -S "$c/sock" ] || skip "containerd did not start: $(tail -1 "$c/log")"
	fi
	if ! ctr_ images ls -q | grep -q .; then
		ctr_ images import --base-name xns-img "$XNS_IMG/image.tar" >/dev/null 2>&1 ||
			skip "ctr images import failed"
	fi
	CTR_IMG=$(ctr_ images ls -q | head -1)
}

cid() {
	local n="xns-$$-${BATS_TEST_NUMBER}${1:+-$1}"
	echo "$n" >>"$XNS_TMP/ctr-ids"
	echo "$n"
}

@test "ctr run --rm --runc-binary: output and exit status" {
	require_containerd
	id=$(cid)
	run ctr_ run --rm --runc-binary "$XRUNC" "$CTR_IMG" "$id" sh -c 'echo xns-out; exit 42'
	[ "$status" -eq 42 ]
	[ "$output" = xns-out ]
	run ctr_ containers ls -q
	[[ "$output" != *"$id"* ]]
}

# a detached task of the runtime under test, sleeping
ctr_task() {
	run ctr_ run -d --runc-binary "$XRUNC" "$CTR_IMG" "$1" sleep 1000
	[ "$status" -eq 0 ]
}

@test "ctr task exec: a process joins the task, its exit status is the task's answer" {
	require_containerd
	id=$(cid)
	ctr_task "$id"
	run ctr_ task exec --exec-id xns-exec "$id" sh -c 'echo xns-exec; exit 5'
	[ "$status" -eq 5 ]
	[ "$output" = xns-exec ]
}

@test "ctr task pause and resume" {
	require_containerd
	id=$(cid)
	ctr_task "$id"
	run ctr_ task pause "$id"
	[ "$status" -eq 0 ]
	run ctr_ task ls
	[[ "$output" == *"$id"*PAUSED* ]]
	run ctr_ task resume "$id"
	[ "$status" -eq 0 ]
	run ctr_ task ls
	[[ "$output" == *"$id"*RUNNING* ]]
}

@test "ctr task metrics, kill, delete: nothing of the task left" {
	require_containerd
	id=$(cid)
	ctr_task "$id"
	run ctr_ task metrics "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$id"* ]]
	run ctr_ task kill -s KILL "$id"
	[ "$status" -eq 0 ]
	for _ in $(seq 50); do
		ctr_ task ls | grep "$id" | grep -q STOPPED && break
		sleep 0.1
	done
	run ctr_ task delete "$id"
	[ "$status" -eq 0 ]
	run ctr_ container delete "$id"
	[ "$status" -eq 0 ]
	# nothing of it left: no cgroup of the task, no process
	run ct_leftovers "$id"
	[ "$output" = "" ]
}
