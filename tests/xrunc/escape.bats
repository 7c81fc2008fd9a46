#!/usr/bin/env bats
# xrunc: escapes tried as an attacker who controls the image (the bundle's
# rootfs) and is root inside the container, by the routes runc and crun
# have been attacked through.  Each test asserts from outside (and where
# it can, from inside) that the escape FAILS: the host's file unread,
# nothing written outside the bundle, nothing mounted on the host.
#
# The host's side of every attack is a victim folder below the test's own
# xns-* temp dir ($VICTIM, with a secret and nothing else).

load xrunc

setup_file() { xrunc_setup_file; }
teardown_file() { xrunc_teardown_file; }

setup() {
	xrunc_setup
	VICTIM="$XNS_TMP/xns-victim"
	mkdir -p "$VICTIM"
	echo xns-host-secret >"$VICTIM/secret"
}

teardown() { xrunc_teardown; }

# the victim folder holds the secret and nothing else, and nothing is
# mounted on or below it
victim_untouched() {
	[ "$(ls -A "$VICTIM")" = secret ] || { ls -la "$VICTIM"; return 1; }
	[ "$(cat "$VICTIM/secret")" = xns-host-secret ]
	! grep -q " $VICTIM" /proc/self/mountinfo
}

# wait (bounded) until file $1 is not empty
wait_file() {
	local _
	for _ in $(seq 150); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# --- mounts through the image's symlinks -----------------------------------

@test "escape: /proc, /dev and a mount's destination as symlinks to the host land inside the root" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	rmdir "$r/proc" "$r/dev"
	ln -s "$VICTIM/p" "$r/proc"
	ln -s "../../../../../../../..$VICTIM/d" "$r/dev"
	ln -s "../../../../../../../..$VICTIM" "$r/etc/xns-x"
	cfg '.mounts += [{"destination": "/etc/xns-x/m", "type": "tmpfs", "source": "tmpfs"},
	                 {"destination": "/etc/xns-x/secret", "type": "bind",
	                  "source": "/etc/hostname", "options": ["bind", "ro"]}]'
	cfg_args sh -c 'cat /proc/self/comm; ls /dev/null; cat /etc/xns-x/secret
		echo xns-pwned >/etc/xns-x/written; echo done'
	run rt run -b "$BUNDLE" "$id"
	# proc and the /dev tmpfs are where the links point as the root sees them
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = cat ]
	[ "${lines[1]}" = /dev/null ]
	[ "${lines[2]}" = "$(cat /etc/hostname)" ]
	[ "${lines[3]}" = done ]
	victim_untouched
	[ "$(cat "$r$VICTIM/written")" = xns-pwned ]
}

@test "escape: /proc as a symlink in the image does not unmask timer_list nor open /proc/sys" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	rmdir "$r/proc"
	mkdir "$r/xns-fakeproc"
	ln -s /xns-fakeproc "$r/proc"
	cfg_args sh -c 'wc -c </proc/timer_list; echo xns >/proc/sys/kernel/domainname && echo WROTE
		grep -c " /xns-fakeproc " /proc/self/mountinfo'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[0]}" = 0 ]
	[[ "$output" != *WROTE* ]]
	[ "${lines[-1]}" = 1 ]
}

@test "escape: masked and read-only paths that are symlinks out of the root mask nothing on the host" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	ln -s "$VICTIM/secret" "$r/xns-mask"
	ln -s "../../../../../../..$VICTIM" "$r/xns-ro"
	mkdir -p "$r$VICTIM"
	echo xns-image-copy >"$r$VICTIM/secret"
	cfg '.linux.maskedPaths += ["/xns-mask"] | .linux.readonlyPaths += ["/xns-ro"]'
	cfg_args sh -c 'cat /xns-mask; echo xns-pwned >/xns-ro/written && echo WROTE; echo done'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	# masked: empty; read-only: the write refused; both the image's own files
	[ "${lines[-1]}" = done ]
	[[ "$output" != *WROTE* ]]
	[[ "$output" != *xns-host-secret* ]]
	[[ "$output" != *xns-image-copy* ]]
	victim_untouched
	[ "$(cat "$r$VICTIM/secret")" = xns-image-copy ]
}

@test "escape: the image's /dev/null as a symlink does not turn a masked path into a writable kernel file" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	# no /dev of the runtime's: the image's /dev is the container's (runc
	# CVE-2025-31133); the target is a namespaced file, harmless if reached
	ln -s /proc/sys/kernel/hostname "$r/dev/null"
	ln -s /proc/sys/kernel/hostname "$r/dev/xns-null"
	cfg '.mounts |= map(select(.destination | startswith("/dev") | not))
	   | .linux.devices = [{"path": "/dev/xns-null", "type": "c", "major": 1, "minor": 3}]
	   | .hostname = "xns-box"'
	cfg_args sh -c 'echo xns-pwned >/proc/timer_list; hostname; echo done'
	run rt run -b "$BUNDLE" "$id"
	echo "$output"
	[[ "$output" != *xns-pwned* ]]
	if [ "$status" -eq 0 ]; then
		[ "${lines[-2]}" = xns-box ]
	else
		[[ "$output" == xrunc:*maskedPaths* ]]
	fi
	# the device the config asked for replaced the image's link, inside
	[ ! -L "$r/dev/xns-null" ] || [ "$status" -ne 0 ]
}

# --- the runtime's own binary (runc CVE-2019-5736) ---------------------------

# xrunc copied into the test's dir: a test that overwrote it by mistake
# must not break the build tree's
copy_runtime() {
	cp "$XRUNC" "$XNS_TMP/xns-xrunc"
	XRUNC_COPY_SUM=$(sha256sum <"$XNS_TMP/xns-xrunc")
}

rt_copy() {
	"$XNS_TMP/xns-xrunc" --root "$XNS_STATE" "$@"
}

# rt_copy_to FILE ARGS...: rt_copy with stdio in FILE (a detached
# container would hold bats' pipe open)
rt_copy_to() {
	local f=$1
	shift
	rt_copy "$@" </dev/null >"$f" 2>&1
}

# the attacker: a container whose PID namespace a second one joins (a pod)
start_attacker() {
	local a=$1 script=$2
	cp "$BUNDLE/config.json" "$XNS_TMP/config.orig"
	cfg_args sh -c "$script"
	run rt_copy_to "$XNS_TMP/attacker.out" run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$a.pid" "$a"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/attacker.out"; false; }
	cp "$XNS_TMP/config.orig" "$BUNDLE/config.json"
	cfg '.linux.namespaces |= map(if .type == "pid" then .path = $p else . end)' \
		--arg p "/proc/$(cat "$XNS_TMP/$a.pid")/ns/pid"
}

@test "escape: a process of the container cannot reach a created container's init (exe, fds, root)" {
	copy_runtime
	a=$(new_id a)
	b=$(new_id b)
	# find the other container's init (still the runtime's image) and try it
	start_attacker "$a" 'while :; do
		for p in /proc/[0-9]*; do
			n=${p#/proc/}
			[ "$n" = 1 ] || [ "$n" = $$ ] || [ "$(cat $p/comm 2>/dev/null)" = sleep ] && continue
			grep -q xrunc $p/comm 2>/dev/null || continue
			echo "found $n"
			readlink $p/exe && echo EXE
			for f in $p/fd/*; do readlink $f && echo FDS; done
			ls $p/root/ $p/cwd/ && echo ROOT
			(exec 3<$p/exe) && echo OPENED
			echo end
			# stay: the init of a PID namespace that ends takes
			# every process of it along, the other one included
			exec sleep 1000
		done
		sleep 0.1
	done'
	cfg_args sleep 1000
	run rt_copy_to "$XNS_TMP/b.out" create -b "$BUNDLE" --pid-file "$XNS_TMP/$b.pid" "$b"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/b.out"; false; }
	wait_file "$XNS_TMP/attacker.out"
	for _ in $(seq 50); do grep -q '^end' "$XNS_TMP/attacker.out" && break; sleep 0.1; done
	out=$(cat "$XNS_TMP/attacker.out")
	echo "$out"
	[[ "$out" == *found* ]]
	[[ "$out" == *end* ]]
	[[ "$out" != *EXE* ]]
	[[ "$out" != *FDS* ]]
	[[ "$out" != *ROOT* ]]
	[[ "$out" != *OPENED* ]]
	[ "$(sha256sum <"$XNS_TMP/xns-xrunc")" = "$XRUNC_COPY_SUM" ]
}

@test "escape: #!/proc/self/exe in the image cannot overwrite the runtime's binary (CVE-2019-5736)" {
	require_cmd ldd
	copy_runtime
	a=$(new_id a)
	b=$(new_id b)
	r="$BUNDLE/rootfs"
	mkfifo "$r/xns/fifo"
	# the runtime, run by the init's exec of this script, waits on the
	# fifo (its --log) until the attacker holds its exe open
	printf '#!/proc/self/exe --log=/xns/fifo\n' >"$r/xns/evil"
	chmod 755 "$r/xns/evil"
	# a glibc image: the runtime's loader and libraries where it looks for them
	for l in $(ldd "$XRUNC" | grep -o '/[^ ]*'); do
		mkdir -p "$r$(dirname "$l")"
		cp -L "$l" "$r$l"
	done
	start_attacker "$a" 'for _ in $(seq 300); do
		for p in /proc/[0-9]*; do
			[ "$(cat $p/comm 2>/dev/null)" = evil ] || continue
			echo found
			exec 3<$p/exe || { echo "not opened"; cat /xns/fifo >/dev/null; exit 0; }
			cat /xns/fifo >/dev/null
			while [ -e $p/exe ]; do sleep 0.1; done
			for _ in $(seq 20); do
				echo xns-pwned >>/proc/self/fd/3 2>/dev/null && { echo WROTE; exit 0; }
				sleep 0.1
			done
			echo refused; exit 0
		done
		sleep 0.1
	done; echo "not found"'
	cfg_args /xns/evil
	run rt_copy_to "$XNS_TMP/b.out" run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$b.pid" "$b"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/b.out"; false; }
	for _ in $(seq 300); do grep -q 'refused\|WROTE\|not' "$XNS_TMP/attacker.out" && break; sleep 0.1; done
	out=$(cat "$XNS_TMP/attacker.out")
	echo "$out"
	cat "$XNS_TMP/b.out"
	[[ "$out" == *found* ]]
	[[ "$out" != *WROTE* ]]
	[ "$(sha256sum <"$XNS_TMP/xns-xrunc")" = "$XRUNC_COPY_SUM" ]
}

# --- fds and the working directory (runc CVE-2024-21626) ---------------------

@test "escape: fds the caller leaked to the runtime do not reach the container's process" {
	id=$(new_id)
	cfg_args ls /proc/self/fd
	run rt run -b "$BUNDLE" "$id" 7<"$VICTIM" 8<"$VICTIM/secret" 9>>"$VICTIM/secret"
	[ "$status" -eq 0 ]
	# stdio, and ls's own fd on the folder
	[ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ]
	victim_untouched
}

@test "escape: process.cwd through a leaked fd (/proc/self/fd/N) does not start on the host" {
	id=$(new_id)
	cfg '.process.cwd = "/proc/self/fd/7"'
	cfg_args sh -c 'pwd; cat secret ../xns-victim/secret; echo xns-pwned >written; echo done'
	run rt run -b "$BUNDLE" "$id" 7<"$VICTIM"
	echo "$output"
	[[ "$output" != *xns-host-secret* ]]
	[[ "$output" != *done* ]]
	[ "$status" -ne 0 ]
	victim_untouched
	[ -z "$(ls "$XNS_STATE")" ]
}

@test "escape: a startContainer hook (a program of the image) gets no fd the caller leaked" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	printf '%s\n' '#!/bin/sh' 'ls /proc/self/fd >/xns/hook.fds' \
		'cat /proc/self/fd/7/secret /proc/self/fd/8 >/xns/hook.out 2>&1' 'exit 0' >"$r/xns/hook"
	chmod 755 "$r/xns/hook"
	cfg '.hooks.startContainer = [{"path": "/xns/hook"}]'
	cfg_args true
	run rt run -b "$BUNDLE" "$id" 7<"$VICTIM" 8<"$VICTIM/secret"
	[ "$status" -eq 0 ]
	cat "$r/xns/hook.fds" "$r/xns/hook.out"
	[ "$(tr '\n' ' ' <"$r/xns/hook.fds")" = "0 1 2 3 " ]
	run ! grep -q xns-host-secret "$r/xns/hook.out"
	victim_untouched
}

@test "escape: process.cwd with .. or a symlink out of the image stays in the root" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	ln -s "../../../../../../..$VICTIM" "$r/xns-cwd"
	mkdir -p "$r$VICTIM"
	cfg '.process.cwd = "/xns-cwd/../../../../../../../../..'"$VICTIM"'"'
	cfg_args sh -c 'ls -A; cat secret 2>/dev/null; echo xns-pwned >written; echo done'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "${lines[-1]}" = done ]
	[[ "$output" != *xns-host-secret* ]]
	victim_untouched
	[ "$(cat "$r$VICTIM/written")" = xns-pwned ]
}

@test "escape: no TIOCSTI into the caller's terminal when process.terminal is false" {
	require_cmd script cc
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] ||
		skip "TIOCSTI is off on this kernel (dev.tty.legacy_tiocsti=0)"
	cat >"$XNS_TMP/sti.c" <<-'EOF'
	#include <stdio.h>
	#include <sys/ioctl.h>
	int main(void)
	{
		const char *s = "echo xns-injected\n";
		for (; *s; s++)
			if (ioctl(0, TIOCSTI, s) < 0) { perror("TIOCSTI"); return 0; }
		puts("pushed");
		return 0;
	}
	EOF
	cc -static -o "$BUNDLE/rootfs/xns/sti" "$XNS_TMP/sti.c" 2>/dev/null ||
		skip "cannot link a static program here"
	id=$(new_id)
	cfg_args /xns/sti
	# the caller's shell reads its terminal once the runtime is done:
	# what the container pushed there would run as the host's root
	run script -qec "'$XRUNC' --root '$XNS_STATE' run -b '$BUNDLE' $id; read -t 2 l; echo \"got:\$l\"" /dev/null </dev/null
	echo "$output"
	[[ "$output" != *pushed* ]]
	[[ "$output" != *got:echo\ xns-injected* ]]
}

# --- devices and the kernel's files ------------------------------------------

@test "escape: default config: no mknod of the host's disk, no /dev/mem, timer_list masked, /sys and /proc/sys read-only" {
	id=$(new_id)
	disk=$(mountpoint -d / 2>/dev/null || true)
	[ -n "$disk" ] || disk=8:0
	cfg_args sh -c "mknod /xns-disk b ${disk%%:*} ${disk##*:} 2>/dev/null && echo MKNOD
		ls /dev/mem /dev/kmem /dev/port 2>/dev/null && echo MEM
		wc -c </proc/timer_list
		[ ! -s /proc/kcore ] || echo KCORE
		touch /sys/xns-x 2>/dev/null && echo SYSRW
		{ echo xns >/proc/sys/kernel/domainname; } 2>/dev/null && echo PROCSYSRW
		echo done"
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" != *MKNOD* ]]
	[[ "$output" != *MEM* ]]
	[[ "$output" != *KCORE* ]]
	[[ "$output" != *RW* ]]
	[ "${lines[-2]}" = 0 ]
	[ "${lines[-1]}" = done ]
}

@test "escape: with CAP_MKNOD granted, the devices cgroup still refuses the host's disk" {
	id=$(new_id)
	disk=$(mountpoint -d / 2>/dev/null || true)
	[ -n "$disk" ] || skip "cannot tell the root's device"
	cfg '.process.capabilities |= map_values(. + ["CAP_MKNOD"])'
	cfg_args sh -c "mknod /xns-disk b ${disk%%:*} ${disk##*:} && echo MKNOD
		head -c 512 /xns-disk >/dev/null 2>&1 && echo READ; echo xns >>/xns-disk 2>/dev/null && echo WRITE
		echo done"
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	echo "$output"
	[ "${lines[0]}" = MKNOD ]
	[[ "$output" != *READ* ]]
	[[ "$output" != *WRITE* ]]
	[ "${lines[-1]}" = done ]
}

@test "escape: a linux.devices node under the image's symlink out is made inside the root" {
	id=$(new_id)
	r="$BUNDLE/rootfs"
	ln -s "$VICTIM" "$r/xns-devdir"
	cfg '.linux.devices = [{"path": "/xns-devdir/xns-null", "type": "c", "major": 1, "minor": 3}]'
	cfg_args sh -c 'ls -l /xns-devdir/xns-null | cut -c1'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = c ]
	victim_untouched
	[ -c "$r$VICTIM/xns-null" ]
}

@test "escape: the container's cgroups are read-only and hold no release_agent" {
	id=$(new_id)
	cfg_args sh -c 'find /sys/fs/cgroup -name release_agent | wc -l
		for d in /sys/fs/cgroup/*/; do mkdir "$d/xns-x" 2>/dev/null && echo "MKDIR $d"; done
		echo done'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" != *MKDIR* ]]
	[ "${lines[-1]}" = done ]
	[ "${lines[0]}" = 0 ]
}

# --- hostile config values -------------------------------------------------

@test "escape: a sysctl that is not namespaced is refused (it would set the host's)" {
	id=$(new_id)
	# the host's own value: nothing changes even where it is written
	v=$(cat /proc/sys/kernel/core_uses_pid)
	cfg '.linux.sysctl = {"kernel.core_uses_pid": $v}' --arg v "$v"
	cfg_args true
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"linux.sysctl"*"kernel.core_uses_pid"* ]]
	[ -z "$(ls "$XNS_STATE")" ]
	# a namespaced one still works
	id=$(new_id ok)
	cfg '.linux.sysctl = {"kernel.shmmni": "1234"}'
	cfg_args cat /proc/sys/kernel/shmmni
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" = 1234 ]
}

@test "escape: a namespaced sysctl in the host's own namespace, joined by path, is refused" {
	id=$(new_id)
	# the host's own value: nothing changes even where it is written
	v=$(cat /proc/sys/kernel/shmmni)
	cfg '.linux.namespaces |= map(if .type == "ipc" then .path = $p else . end)
	   | .linux.sysctl = {"kernel.shmmni": $v}' --arg p "/proc/$$/ns/ipc" --arg v "$v"
	cfg_args true
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"linux.sysctl"*"kernel.shmmni"* ]]
	[ -z "$(ls "$XNS_STATE")" ]
}

@test "escape: a cgroupsPath with .. stays in the cgroup hierarchies" {
	id=$(new_id)
	cfg '.linux.cgroupsPath = $p' --arg p "../../../../../../..$VICTIM/cg"
	cfg_args true
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == xrunc:*cgroupsPath* ]]
	victim_untouched
	[ -z "$(ls "$XNS_STATE")" ]
}

@test "escape: a user namespace without mappings does not give host root" {
	require_ns user
	id=$(new_id)
	cfg '.linux.namespaces += [{"type": "user"}] | del(.linux.uidMappings, .linux.gidMappings)'
	cfg_args sh -c 'cat /proc/self/uid_map; sleep 1000'
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	if [ "$status" -eq 0 ]; then
		pid=$(cat "$XNS_TMP/$id.pid")
		# whatever the runtime chose, root inside is not the host's root
		awk '$1 == "Uid:" && $2 == 0 { exit 1 }' "/proc/$pid/status"
		run grep -c '^ *0 *0 ' "/proc/$pid/uid_map"
		[ "$output" = 0 ]
	else
		[[ "$(cat "$XNS_TMP/ct.err")" == xrunc:* ]]
	fi
}

@test "escape: absurd rlimits and a relative hook path: one line, nothing left" {
	id=$(new_id)
	# a soft limit above the hard one
	cfg '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 4294967296, "hard": 1}]'
	cfg_args true
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == xrunc:*rlimits* ]]
	[ -z "$(ls "$XNS_STATE")" ]
	id=$(new_id hook)
	cfg 'del(.process.rlimits) | .hooks.prestart = [{"path": "xns-relative-hook"}]'
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == xrunc:*hooks.prestart* ]]
	[ -z "$(ls "$XNS_STATE")" ]
}

# --- NSS and the keyring ---------------------------------------------------

@test "escape: a planted libnss_*.so.2 and nsswitch.conf in the image never load in the runtime" {
	require_cmd cc
	r="$BUNDLE/rootfs"
	marker="$XNS_TMP/xns-nss-marker"
	mkdir -p "$r$XNS_TMP"
	cat >"$XNS_TMP/nss.c" <<-EOF
	#include <fcntl.h>
	#include <unistd.h>
	__attribute__((constructor)) static void xns_loaded(void)
	{
		int fd = open("$marker", O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) { write(fd, "loaded\n", 7); close(fd); }
	}
	int _nss_xns_getpwuid_r(void) { return 0; }
	EOF
	cc -shared -fPIC -o "$XNS_TMP/libnss_xns.so.2" "$XNS_TMP/nss.c"
	for d in lib lib64 usr/lib lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
		mkdir -p "$r/$d"
		cp "$XNS_TMP/libnss_xns.so.2" "$r/$d/"
		ln -sf libnss_xns.so.2 "$r/$d/libnss_files.so.2"
	done
	printf '%s\n' 'passwd: xns' 'group: xns' 'shadow: xns' 'initgroups: xns' \
		'hosts: xns' >"$r/etc/nsswitch.conf"
	id=$(new_id)
	cfg '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [4242]}'
	cfg_args id -u
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ ! -e "$marker" ]
	[ ! -e "$r$marker" ]
}

@test "escape: the container gets a session keyring of its own (none with --no-new-keyring)" {
	require_cmd cc
	printf '%s\n' '#include <stdio.h>' '#include <unistd.h>' '#include <sys/syscall.h>' \
		'int main(void) { printf("%ld\n", syscall(SYS_keyctl, 0, -3, 0)); return 0; }' \
		>"$XNS_TMP/ses.c"
	cc -static -o "$BUNDLE/rootfs/xns/ses" "$XNS_TMP/ses.c" 2>/dev/null ||
		skip "cannot link a static program here"
	host=$("$BUNDLE/rootfs/xns/ses")
	[ "$host" -gt 0 ]
	id=$(new_id)
	cfg_args /xns/ses
	run rt run -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" -gt 0 ]
	[ "$output" != "$host" ]
	id=$(new_id nokr)
	run rt run --no-new-keyring -b "$BUNDLE" "$id"
	[ "$status" -eq 0 ]
	[ "$output" = "$host" ]
}

# --- xrunc exec ----------------------------------------------------------------

@test "escape: an exec'd process gets no fd of ours and no cwd through a leaked fd" {
	rt exec --help >/dev/null 2>&1 ||
		skip "xrunc has no exec command on this branch yet (it comes from the engines branch)"
	id=$(new_id)
	cfg_args sleep 1000
	run rtq run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ]
	run rt exec "$id" ls /proc/self/fd 7<"$VICTIM" 8>>"$VICTIM/secret"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ]
	run rt exec --cwd /proc/self/fd/7 "$id" sh -c 'cat secret ../xns-victim/secret; echo done' 7<"$VICTIM"
	[[ "$output" != *xns-host-secret* ]]
	[[ "$output" != *done* ]]
	victim_untouched
}

@test "escape: #!/proc/self/exe run by xrunc exec cannot overwrite the runtime's binary" {
	rt exec --help >/dev/null 2>&1 ||
		skip "xrunc has no exec command on this branch yet (it comes from the engines branch)"
	require_cmd ldd
	copy_runtime
	id=$(new_id)
	r="$BUNDLE/rootfs"
	mkfifo "$r/xns/fifo"
	printf '#!/proc/self/exe --log=/xns/fifo\n' >"$r/xns/evil"
	chmod 755 "$r/xns/evil"
	for l in $(ldd "$XRUNC" | grep -o '/[^ ]*'); do
		mkdir -p "$r$(dirname "$l")"
		cp -L "$l" "$r$l"
	done
	# the container's own process is the attacker; exec runs the image's script
	cfg_args sh -c 'for _ in $(seq 300); do
		for p in /proc/[0-9]*; do
			[ "$(cat $p/comm 2>/dev/null)" = evil ] || continue
			echo found
			exec 3<$p/exe || { echo "not opened"; cat /xns/fifo >/dev/null; exit 0; }
			cat /xns/fifo >/dev/null
			while [ -e $p/exe ]; do sleep 0.1; done
			for _ in $(seq 20); do
				echo xns-pwned >>/proc/self/fd/3 2>/dev/null && { echo WROTE; exit 0; }
				sleep 0.1
			done
			echo refused; exit 0
		done
		sleep 0.1
	done; echo "not found"'
	run rt_copy_to "$XNS_TMP/attacker.out" run -d -b "$BUNDLE" --pid-file "$XNS_TMP/$id.pid" "$id"
	[ "$status" -eq 0 ] || { cat "$XNS_TMP/attacker.out"; false; }
	rt_copy_to "$XNS_TMP/exec.out" exec "$id" /xns/evil || true
	for _ in $(seq 300); do grep -q 'refused\|WROTE\|not' "$XNS_TMP/attacker.out" && break; sleep 0.1; done
	out=$(cat "$XNS_TMP/attacker.out")
	echo "$out"
	[[ "$out" == *found* ]]
	[[ "$out" != *WROTE* ]]
	[ "$(sha256sum <"$XNS_TMP/xns-xrunc")" = "$XRUNC_COPY_SUM" ]
}
