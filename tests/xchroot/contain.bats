#!/usr/bin/env bats
# shellcheck disable=SC2154  # $stderr is set by run_split (helpers.bash)
# xchroot: root inside a contained root cannot reach the host's files.
# Every route of xchroot(8)'s SECURITY section is tried from inside, as
# root, as root by number and as another user, and each must fail: the
# host's secret unread, nothing written outside.  Against the binary from
# before containment 12 of the first 15 tests failed (the one on PID 1
# came with PID 1 sharing the caller's memory).  The cgroup namespace
# route and the filter's KDSKB*ENT and user namespace lines failed until
# the filter refused them; the bpf, descriptor and other mount tests are
# guards that passed from the start.
load ../helpers
load root
bats_require_minimum_version 1.5.0

setup_file() {
	xch_make_root
	[ -n "${XCH_BASE:-}" ] || return 0
	# what no route may read or change
	echo xns-host-secret >"$XCH_BASE/host-secret"
	chmod 644 "$XCH_BASE/host-secret"
}

teardown_file() {
	xch_remove_root
}

setup() {
	[ -n "${XCH_BASE:-}" ] || skip "needs busybox (busybox-static)"
	require_root
	ROOT=$XCH_BASE/root
	[ -x "$ROOT/probe" ] || skip "needs gcc -static (libc6-dev)"
	XNS_SLEEP=
	XNS_LOOP=
}

teardown() {
	local p
	# what a failed orphan test left running: ours by its odd argument
	for p in $(pgrep -x -f "sleep 3127"); do kill "$p" 2>/dev/null || true; done
	[ -z "$XNS_SLEEP" ] || { kill "$XNS_SLEEP" 2>/dev/null; wait "$XNS_SLEEP" 2>/dev/null; } || true
	[ -z "$XNS_LOOP" ] || losetup -d "$XNS_LOOP" 2>/dev/null || true
	rm -f "$ROOT/handle" "$ROOT/dirhandle" "$ROOT/dev/xns-disk" "$XCH_BASE/xns-written"
	teardown_tmp
}

# as root, as root by number, and as another user
USERSPECS=("" "--userspec=0:0" "--userspec=xnsuser")

# probe $1 as each of USERSPECS: blocked every time, saying $2
assert_probe_blocked() {
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u "$ROOT" /probe "$1"
		[ "$status" -eq 0 ]
		[ "$output" = "blocked: $2" ]
	done
}

# the routes left nothing on the host
assert_host_untouched() {
	[ ! -e "$XCH_BASE/xns-written" ]
	! grep -q " $XCH_BASE" /proc/self/mountinfo || return 1
}

@test "route: mount a proc inside and walk /proc/<host pid>/root" {
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u "$ROOT" sh -c "
			mount -t proc proc /proc 2>&1 || echo mount-refused
			cat /proc/$$/root$XCH_BASE/host-secret 2>&1 || echo unread"
		[ "$status" -eq 0 ]
		[[ $output == *mount-refused* ]]
		[[ $output == *unread* ]]
		[[ $output != *xns-host-secret* ]]
	done
	assert_host_untouched
}

@test "route: --proc and /proc/<host pid>/root; /proc shows the command alone" {
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --proc "$ROOT" sh -c "
			cat /proc/$$/root$XCH_BASE/host-secret 2>&1 || echo unread
			cat /proc/1/root$XCH_BASE/host-secret 2>&1 || echo unread-1
			for p in /proc/[0-9]*; do [ \${p#/proc/} -le 9 ] || echo host-pid \$p; done"
		[ "$status" -eq 0 ]
		[[ $output == *unread* ]]
		[[ $output == *unread-1* ]]
		[[ $output != *xns-host-secret* ]]
		[[ $output != *host-pid* ]]
	done
}

@test "route: a new user namespace inside (unshare -U) mounts no proc that leads out" {
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u "$ROOT" sh -c "
			unshare -U -r -m -p -f sh -c '
				mount -t proc proc /proc 2>&1 || echo mount-refused
				cat /proc/$$/root$XCH_BASE/host-secret 2>&1 || echo unread' 2>&1
			true"
		[ "$status" -eq 0 ]
		[[ $output != *xns-host-secret* ]]
	done
}

@test "route: a user namespace inside, a cgroup namespace of its own, the host's cgroups" {
	local u
	# root of a new user namespace owns the cgroup namespace it makes with
	# it, and may mount cgroup2 from there: the host's hierarchy from our
	# group down, its files host root's to write (cgroup.kill of a group)
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --dev --tmpfs /scratch "$ROOT" sh -c '
			/probe cgroup /scratch
			unshare -U true 2>/dev/null || echo unshare-refused'
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "blocked: unshare: Operation not permitted" ]
		[ "${lines[1]}" = unshare-refused ]
	done
	# given back with CAP_SYS_ADMIN, which mounts anything anyway
	run xchroot --cap-add SYS_ADMIN --tmpfs /scratch "$ROOT" /probe cgroup /scratch
	[ "$output" = "mounted: cgroup2" ]
	assert_host_untouched
}

@test "route: mknod of a disk, and a device node already in the root" {
	require_cmd losetup
	# a "host disk" of our own: a loop device over a file with the secret
	truncate -s 1M "$XCH_BASE/disk.img"
	echo xns-host-secret | dd of="$XCH_BASE/disk.img" conv=notrunc 2>/dev/null
	XNS_LOOP=$(losetup -f --show "$XCH_BASE/disk.img")
	local mm u
	mm=$(stat -Lc '%t %T' "$XNS_LOOP")
	mm="$((16#${mm% *})) $((16#${mm#* }))"
	# control: the node does what a disk does, for root outside
	mknod "$ROOT/dev/xns-disk" b $mm
	grep -q xns-host-secret "$ROOT/dev/xns-disk"
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --tmpfs /scratch --dev "$ROOT" sh -c "
			mknod /scratch/disk b $mm 2>&1 || echo mknod-refused
			mknod /dev/disk b $mm 2>&1 || echo mknod-dev-refused
			mount /scratch/disk /mnt 2>&1 || echo mount-refused
			head -c 64 /.xns-no-such 2>/dev/null
			grep -c xns-host-secret /dev/xns-disk 2>&1 || echo node-unread"
		[ "$status" -eq 0 ]
		[[ $output == *mknod-refused* ]]
		[[ $output == *mknod-dev-refused* ]]
		[[ $output == *node-unread* ]]
		[[ $output != *xns-host-secret* ]]
	done
	rm -f "$ROOT/dev/xns-disk" "$XCH_BASE/disk.img"
	assert_host_untouched
}

@test "route: open_by_handle_at() of a host file, and of a host directory to write in" {
	"$ROOT/probe" gethandle "$XCH_BASE/host-secret" "$ROOT/handle"
	"$ROOT/probe" gethandle "$XCH_BASE" "$ROOT/dirhandle"
	# control: chroot(1) lets root read it (reading only)
	run chroot "$ROOT" /probe handle /handle
	[ "$output" = "read: xns-host-secret" ]
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u "$ROOT" sh -c '/probe handle /handle; /probe handle /dirhandle xns-written'
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "blocked: open_by_handle_at: Operation not permitted" ]
		[ "${lines[1]}" = "blocked: open_by_handle_at: Operation not permitted" ]
	done
	assert_host_untouched
}

@test "route: signal or ptrace a host process" {
	sleep 300 &
	XNS_SLEEP=$!
	local u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u "$ROOT" sh -c "/probe kill $XNS_SLEEP; /probe ptrace $XNS_SLEEP"
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "blocked: kill: No such process" ]
		[ "${lines[1]}" = "blocked: ptrace: No such process" ]
	done
	kill -0 "$XNS_SLEEP"
}

@test "route: ptrace or /proc/1/mem of PID 1, which shares the caller's memory" {
	local u
	# PID 1 is cloned onto the memory of xchroot outside, which holds
	# every capability: reaching it from inside would be a way out
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --proc "$ROOT" sh -c '/probe ptrace 1; : </proc/1/mem && echo mem-opened'
		[ "$status" -ne 0 ]
		[ "${lines[0]}" = "blocked: ptrace: Operation not permitted" ]
		[[ $output == *"/proc/1/mem"* ]]
		[[ $output != *mem-opened* ]]
	done
}

@test "route: /proc/sys (core_pattern, modprobe) and /proc/sysrq-trigger are read-only" {
	local before u
	before=$(cat /proc/sys/kernel/core_pattern)
	for u in "${USERSPECS[@]}"; do
		# each opens for writing and writes back what is there: harmless
		# if it got through, and the open alone is what must fail
		run xchroot $u --proc "$ROOT" sh -c '
			cat /proc/sys/kernel/core_pattern >/proc/sys/kernel/core_pattern || echo core-refused
			cat /proc/sys/kernel/modprobe >/proc/sys/kernel/modprobe || echo modprobe-refused
			[ -e /proc/sysrq-trigger ] || echo sysrq-refused   # not built in
			[ ! -e /proc/sysrq-trigger ] || { true >/proc/sysrq-trigger || echo sysrq-refused; }
			umount /proc/sys 2>/dev/null || echo umount-refused'
		[ "$status" -eq 0 ]
		[[ $output == *core-refused* ]]
		[[ $output == *modprobe-refused* ]]
		[[ $output == *sysrq-refused* ]]
		[[ $output == *umount-refused* ]]
	done
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$before" ]
}

@test "route: sysfs (uevent_helper and the like) is read-only" {
	local u f=
	# a root-writable attribute this kernel has; opening it to write
	# (writing nothing) is what must fail
	for f in /sys/kernel/uevent_helper /sys/kernel/mm/ksm/run /sys/power/state ""; do
		[ -z "$f" ] || [ ! -e "$f" ] || break
	done
	[ -n "$f" ] || skip "no root-writable sysfs attribute known here"
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --sys "$ROOT" sh -c "true >$f 2>&1 || echo sys-refused"
		[ "$status" -eq 0 ]
		[[ $output == *sys-refused* ]]
		[ -n "$u" ] && [ "$u" != --userspec=0:0 ] || [[ $output == *"Read-only file system"* ]]
	done
}

@test "route: the kernel keyrings (root's user keyring is the host root's)" {
	assert_probe_blocked keyctl "keyctl: Operation not permitted"
}

@test "the seccomp filter: keyrings, TIOCSTI/TIOCLINUX/KDSKB(S)ENT, user namespaces refused by every ABI, the rest through" {
	[ "$(uname -m)" = x86_64 ] || skip "the probe tries the x86 ABIs"
	local i386="i386 add_key: refused
i386 request_key: refused
i386 keyctl: refused
i386 TIOCSTI: refused
i386 clone3: ENOSYS
i386 clone CLONE_NEWUSER: refused
i386 unshare CLONE_NEWUSER: refused
i386 getpid: through"
	# a kernel without IA32 emulation has no i386 ABI to filter: asked
	# outside the filter, so that a filter that broke it still fails here
	"$ROOT/probe" i386 2>/dev/null || i386="i386: no such ABI in this kernel"
	run xchroot "$ROOT" /probe filter </dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "add_key: refused
request_key: refused
keyctl: refused
TIOCSTI: refused
TIOCLINUX: refused
KDSKBSENT: refused
KDSKBENT: refused
FIONREAD: through
ioprio_get: through
clone3: ENOSYS
clone CLONE_NEWUSER: refused
unshare CLONE_NEWUSER: refused
x32 keyctl: refused
x32 TIOCSTI: refused
x32 clone3: ENOSYS
x32 clone CLONE_NEWUSER: refused
x32 unshare CLONE_NEWUSER: refused
$i386" ]
}

@test "route: mount, remount and unmount are refused" {
	run xchroot --proc --tmpfs /scratch "$ROOT" sh -c '
		mount -t tmpfs none /tmp 2>/dev/null || echo mount-refused
		mount -o remount,rw / 2>/dev/null || echo remount-refused
		umount /scratch 2>/dev/null || echo umount-refused
		mount -t sysfs none /tmp 2>/dev/null || echo sysfs-refused
		mount -t cgroup2 none /tmp 2>/dev/null || echo cgroup2-refused
		mount -t cgroup -o memory none /tmp 2>/dev/null || echo cgroup-refused'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' mount-refused remount-refused umount-refused \
		sysfs-refused cgroup2-refused cgroup-refused)" ]
}

@test "route: bpf(2), whose programs and maps are the kernel's" {
	# control: root outside may, where the kernel has bpf(2) at all
	run "$ROOT/probe" bpf
	[ "$output" = "bpf: map created" ] || skip "no BPF map for root outside here: $output"
	assert_probe_blocked bpf "bpf: Operation not permitted"
}

@test "route: no descriptor xchroot opened (NEWROOT, bind sources) reaches the command" {
	# a directory among them would lead out; the command's own are the
	# caller's, the same numbers inside as outside
	run busybox ls /proc/self/fd
	local outside=$output u
	for u in "${USERSPECS[@]}"; do
		run xchroot $u --proc --ro-bind "$XCH_BASE" /scratch --ro-bind "$XCH_BASE/host-secret" /etc/xns-marker \
			"$ROOT" ls /proc/self/fd
		[ "$status" -eq 0 ]
		[ "$output" = "$outside" ]
	done
}

@test "the containment as the kernel reports it: no_new_privs, seccomp, bounding set" {
	run xchroot --proc "$ROOT" sh -c 'grep -E "^(NoNewPrivs|Seccomp|CapBnd|CapEff):" /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "CapEff:	00000000a00405fb" ]
	[ "${lines[1]}" = "CapBnd:	00000000a00405fb" ]
	[ "${lines[2]}" = "NoNewPrivs:	1" ]
	[ "${lines[3]}" = "Seccomp:	2" ]
	# as another user: nothing effective, the same bounding set
	run xchroot --proc --userspec=xnsuser "$ROOT" sh -c 'grep -E "^(CapEff|CapBnd):" /proc/self/status'
	[ "${lines[0]}" = "CapEff:	0000000000000000" ]
	[ "${lines[1]}" = "CapBnd:	00000000a00405fb" ]
}

@test "--cap-add and --cap-drop change the set, in order; ALL; bad names" {
	run xchroot --proc --cap-add SYS_ADMIN --cap-drop cap_kill "$ROOT" sh -c \
		'grep "^CapBnd:" /proc/self/status; mount -t tmpfs none /tmp && echo mounted'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "CapBnd:	00000000a02405db" ]
	[ "${lines[1]}" = mounted ]
	run xchroot --proc --cap-drop ALL "$ROOT" grep "^CapBnd:" /proc/self/status
	[ "$output" = "CapBnd:	0000000000000000" ]
	run xchroot --proc --cap-drop ALL --cap-add 21 "$ROOT" grep "^CapBnd:" /proc/self/status
	[ "$output" = "CapBnd:	0000000000200000" ]
	run_split xchroot --cap-add CAP_NO_SUCH "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --cap-add: 'CAP_NO_SUCH': unknown capability" ]
	run_split xchroot --no-pivot --cap-add SYS_ADMIN "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: options --cap-add and --cap-drop need a contained root, not --no-pivot" ]
}

@test "--no-pivot contains nothing, as the page says" {
	run xchroot --no-pivot --proc "$ROOT" sh -c 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "NoNewPrivs:	0" ]
	[ "${lines[1]}" = "Seccomp:	0" ]
}

@test "rootless: the same routes fail" {
	run as_user xchroot --proc "$ROOT" sh -c "
		cat /proc/1/root$XCH_BASE/host-secret 2>&1 || echo unread
		/probe keyctl
		grep -E '^NoNewPrivs:' /proc/self/status
		unshare -U true && echo userns-made"
	[ "$status" -eq 0 ]
	[[ $output == *unread* ]]
	[[ $output == *"blocked: keyctl: Operation not permitted"* ]]
	[[ $output == *"NoNewPrivs:	1"* ]]
	[[ $output != *xns-host-secret* ]]
	# a user namespace inside holds nothing the caller lacks: allowed
	[[ $output == *userns-made* ]]
}

@test "the command's exit code and death by signal come through PID 1" {
	run xchroot "$ROOT" sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run xchroot "$ROOT" sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	# orphans are reaped, and go with the namespace when the command ends
	run xchroot --proc --dev "$ROOT" sh -c 'sleep 3127 >/dev/null 2>&1 & echo started'
	[ "$status" -eq 0 ]
	[ "$output" = started ]
	run pgrep -x -f "sleep 3127"
	[ "$status" -eq 1 ]
}
