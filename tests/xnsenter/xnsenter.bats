#!/usr/bin/env bats
# xnsenter: entering namespaces made by unshare, xunshare, ip netns and
# unprivileged users; every effect looked at from inside, and compared with
# util-linux nsenter where both should agree.

load ../helpers

XNS_CGROUPS=()

setup() {
	make_tmp
	netns_dir_mark
}

teardown() {
	local p c
	kill_started
	netns_dir_restore
	for c in "${XNS_CGROUPS[@]}"; do
		# the killed processes leave their groups as they are reaped
		for p in 1 2 3 4 5 6 7 8 9 10; do
			rmdir "$c" 2>/dev/null && break
			sleep 0.1
		done
	done
	teardown_tmp
	del_test_user
}

# spawn CMD...: start it in the background, killed in teardown with all
# below it (only our own unreaped children are named by PID); TARGET is
# then the first process below it (CMD, or a child, when it forked or is a
# shell function) that came to run sleep
spawn() {
	local p i c comm kids queue
	"$@" </dev/null >/dev/null 2>&1 3>&- &
	p=$!
	XNS_PIDS+=("$p")
	TARGET=
	for i in $(seq 250); do
		queue=("$p")
		while [ ${#queue[@]} -gt 0 ]; do
			c=${queue[0]}
			queue=("${queue[@]:1}")
			comm=
			read -r comm 2>/dev/null </proc/"$c"/comm || true
			if [ "$comm" = sleep ]; then
				TARGET=$c
				return 0
			fi
			kids=
			read -r kids 2>/dev/null </proc/"$c"/task/"$c"/children || true
			queue+=($kids)
		done
		sleep 0.02
	done
	echo "spawn: no sleep from $*" >&2
	return 1
}

# the namespace ID the kernel gives a namespace file (NS_GET_ID, 6.18)
ns_id() {
	perl -e 'open(F, "<", $ARGV[0]) or exit 1; $b = "\0" x 8;
		ioctl(F, 0x8008b70d, $b) or exit 2; print unpack("Q", $b)' "$1"
}

# the inode of a pidfd of process $1 (pidfs, Linux 6.9)
pidfd_ino() {
	perl -e '$fd = syscall(434, $ARGV[0] + 0, 0); exit 1 if $fd < 0;
		@s = stat("/proc/self/fd/$fd") or exit 1; print $s[1]' "$1"
}

ns_links() {
	local t
	for t in cgroup ipc mnt net pid time user uts; do
		readlink "/proc/$1/ns/$t"
	done
}

# --- help, version, usage errors ------------------------------------------

@test "--help is util-linux style, on stdout, exit 0" {
	run xnsenter --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "$output" == *" -t, --target <pid>[:<inode>]"* ]]
	[[ "$output" == *" -c, --join-cgroup"* ]]
	[ "${lines[-1]}" = "See xnsenter(1)." ]
}

@test "-V prints the version" {
	run xnsenter -V
	[ "$status" -eq 0 ]
	[[ "$output" == "xnsenter from xns-utils "* ]]
}

@test "an unknown option: one line and a pointer to --help, exit 1" {
	run_split xnsenter --bogus true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"unrecognized option"* ]]
	[[ "$stderr" == *"Try 'xnsenter --help' for more information."* ]]
	[ -z "$output" ]
}

@test "--help and --version to /dev/full: write error, exit 1, as util-linux" {
	[ -w /dev/full ] || skip "no /dev/full"
	for args in --help --version; do
		run_split sh -c "exec xnsenter $args >/dev/full"
		[ "$status" -eq 1 ] || { echo "xnsenter $args: exit $status"; false; }
		[ "$stderr" = "xnsenter: write error: No space left on device" ] ||
			{ echo "xnsenter $args: $stderr"; false; }
	done
}

@test "bad targets: 0, -1, abc, a missing PID, a bad inode: one line, exit 1, nothing run" {
	local bad missing=4194000
	[ ! -e /proc/$missing ] || skip "PID $missing exists"
	for bad in 0 -1 abc "" 12x 99999999999 "$$:" "$$:abc" "$$:0"; do
		run_split xnsenter -t "$bad" -n echo ran
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "xnsenter: --target"* ]]
	done
	run_split xnsenter -t $missing -n echo ran
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "xnsenter: target process $missing: No such process" ]
}

@test "no namespace, no target, two targets, --wd with --wdns: refused up front" {
	run_split xnsenter echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: no namespace specified" ]
	run_split xnsenter -n echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: no target PID specified for net" ]
	run_split xnsenter -t $$ -t $$ -n echo ran
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"--target may be given only once" ]]
	run_split xnsenter -t $$ -n -w -W / echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: mutually exclusive arguments: --wd --wdns" ]
	run_split xnsenter --net=/proc/self/ns/net -e echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: no target PID specified for --env" ]
	[ -z "$output" ]
}

@test "a file that is no namespace, or of the wrong type, is named as such" {
	run_split xnsenter --net=/etc/passwd echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: /etc/passwd: not a namespace file" ]
	run_split xnsenter --net=/proc/self/ns/mnt echo ran
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: /proc/self/ns/mnt: is a mnt namespace, not net" ]
	run_split xnsenter -u/proc/self/ns/pid echo ran
	[ "$stderr" = "xnsenter: /proc/self/ns/pid: is a pid namespace, not uts" ]
	run_split xnsenter --net=$XNS_TMP/none echo ran
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xnsenter: cannot open $XNS_TMP/none: No such file or directory" ]]
	[ -z "$output" ]
}

@test "a target we may not enter: one line, exit 1, as nsenter refuses it" {
	require_root
	spawn unshare -u -n sleep 600
	run_split as_user xnsenter -t "$TARGET" -u -n echo ran
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == "xnsenter: cannot enter the uts, net namespaces of process $TARGET: Operation not permitted" ]]
	run_split as_user nsenter -t "$TARGET" -u -n echo ran
	[ "$status" -eq 1 ]
}

# --- namespaces made by unshare, seen from inside ----------------------------

@test "-u -n: the target's hostname and links, the same as nsenter's" {
	require_root
	spawn unshare -u -n sh -c 'hostname xns-nse-u; ip link add xns-v0 type veth peer name xns-v1; exec sleep 600'
	run xnsenter -t "$TARGET" -u -n sh -c 'hostname; ip -o link show | cut -d" " -f2 | sort'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "xns-nse-u" ]
	[[ "$output" == *"xns-v0@xns-v1:"* ]]
	[ "$output" = "$(nsenter -t "$TARGET" -u -n sh -c 'hostname; ip -o link show | cut -d" " -f2 | sort')" ]
	[ "$(hostname)" != "xns-nse-u" ]
}

@test "-p -m: ps in the joined PID namespace, with its own /proc, sees the target as PID 1" {
	require_root
	spawn unshare -m -p -f --mount-proc sleep 600
	run xnsenter -t "$TARGET" -p -m ps -eo pid=,comm=
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ *1\ sleep$ ]]
	[[ "$output" == *" ps"* ]]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(nsenter -t "$TARGET" -p -m ps -eo comm= | sort)" = "$(printf '%s\n' "${lines[@]}" | awk '{ print $2 }' | sort)" ]
}

@test "--pid=FILE then unshare --mount-proc: the article's demonstration" {
	require_root
	spawn unshare -p -f sleep 600
	run xnsenter --pid=/proc/"$TARGET"/ns/pid unshare -m --mount-proc ps -eo pid=,comm=
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ *1\ sleep$ ]]
}

@test "-a: every namespace of the target but our own user namespace, as nsenter" {
	require_root
	spawn unshare -m -u -i -n -p -C -T -f sleep 600
	run xnsenter -t "$TARGET" -a sh -c 'for t in cgroup ipc mnt net pid time user uts; do readlink /proc/self/ns/$t; done'
	[ "$status" -eq 0 ]
	[ "$output" = "$(ns_links "$TARGET")" ]
	[ "$output" = "$(nsenter -t "$TARGET" -a sh -c 'for t in cgroup ipc mnt net pid time user uts; do readlink /proc/self/ns/$t; done')" ]
}

@test "-U of a target in our own user namespace: nothing to enter, the rest is" {
	require_root
	spawn unshare -u sh -c 'hostname xns-nse-own; exec sleep 600'
	run xnsenter -t "$TARGET" -U -u sh -c 'hostname; readlink /proc/self/ns/user'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'xns-nse-own\n%s' "$(readlink /proc/self/ns/user)")" ]
	# the same by file
	run xnsenter --user=/proc/"$TARGET"/ns/user --uts=/proc/"$TARGET"/ns/uts hostname
	[ "$status" -eq 0 ]
	[ "$output" = xns-nse-own ]
}

@test "the program's status, its signal re-raised, 126 and 127" {
	require_root
	spawn unshare -u -p -f sleep 600
	run xnsenter -t "$TARGET" -u sh -c 'exit 7'
	[ "$status" -eq 7 ]
	# through the fork into the PID namespace as well
	run xnsenter -t "$TARGET" -p sh -c 'exit 9'
	[ "$status" -eq 9 ]
	run xnsenter -t "$TARGET" -p sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	run_split xnsenter -t "$TARGET" -u xns-no-such-command
	[ "$status" -eq 127 ]
	[ "$stderr" = "xnsenter: failed to execute xns-no-such-command: No such file or directory" ]
	run_split xnsenter -t "$TARGET" -u /etc
	[ "$status" -eq 126 ]
}

@test "-p forks so the program is inside; -F does not" {
	require_root
	spawn unshare -p -f sleep 600
	run xnsenter -t "$TARGET" -p readlink /proc/self/ns/pid
	[ "$output" = "$(readlink /proc/"$TARGET"/ns/pid)" ]
	run xnsenter -t "$TARGET" -p -F readlink /proc/self/ns/pid
	[ "$output" = "$(readlink /proc/self/ns/pid)" ]
}

@test "signals reach the program in the PID namespace" {
	require_root
	spawn unshare -p -f sleep 600
	xnsenter -t "$TARGET" -p sh -c 'trap "exit 42" TERM; while :; do sleep 0.05; done' 3>&- &
	local pid=$! i
	XNS_PIDS+=("$pid")
	for i in $(seq 100); do
		[ -n "$(cat /proc/$pid/task/$pid/children 2>/dev/null)" ] && break
		sleep 0.02
	done
	sleep 0.2
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 42 ]
}

@test "job control: the program stops, xnsenter stops; continued, both go on" {
	require_root
	spawn unshare -p -f sleep 600
	xnsenter -t "$TARGET" -p sh -c "kill -STOP \$\$; echo resumed >$XNS_TMP/resumed" 3>&- &
	local pid=$! i st=
	XNS_PIDS+=("$pid")
	for i in $(seq 200); do
		read -r _ _ st _ 2>/dev/null </proc/"$pid"/stat || true
		[ "$st" = T ] && break
		sleep 0.02
	done
	[ "$st" = T ]
	[ ! -e "$XNS_TMP/resumed" ]
	kill -CONT "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 0 ]
	[ "$(cat "$XNS_TMP/resumed")" = resumed ]
}

@test "targets made by xunshare" {
	require_root
	command -v xunshare >/dev/null 2>&1 && xunshare --help >/dev/null 2>&1 ||
		skip "no working xunshare in this build"
	spawn xunshare -u -n -p -f --mount-proc sh -c 'hostname xns-nse-x; exec sleep 600'
	run xnsenter -t "$TARGET" -a sh -c 'hostname; ps -eo pid= | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "xns-nse-x" ]
	[ "$output" = "$(nsenter -t "$TARGET" -a sh -c 'hostname; ps -eo pid= | wc -l')" ]
}

# --- namespace files, names and IDs ------------------------------------------

@test "ip netns names: --net=NAME, --net=/run/netns/NAME, NETNS_RUN_DIR" {
	require_root
	require_cmd ip
	local name=xns-nse-$$-$BATS_TEST_NUMBER
	ip netns add "$name" && XNS_NETNS+=("$name")
	ip netns exec "$name" ip link add xns-v0 type veth peer name xns-v1
	run xnsenter --net="$name" ip -o link show xns-v0
	[ "$status" -eq 0 ]
	[[ "$output" == *"xns-v0@xns-v1"* ]]
	[ "$(xnsenter --net=/run/netns/"$name" readlink /proc/self/ns/net)" = \
	  "$(nsenter --net=/run/netns/"$name" readlink /proc/self/ns/net)" ]
	# another run directory: the name no longer resolves, and says so
	run_split env NETNS_RUN_DIR="$XNS_TMP" xnsenter --net="$name" true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: cannot open $name: No such file or directory" ]
}

@test "persisted nsfs files: entered after their last process is gone" {
	require_root
	touch "$XNS_TMP/uts" "$XNS_TMP/net"
	unshare --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" hostname xns-nse-p
	run xnsenter --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" sh -c 'hostname; readlink /proc/self/ns/net'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "xns-nse-p" ]
	[ "$output" = "$(nsenter --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" sh -c 'hostname; readlink /proc/self/ns/net')" ]
}

@test "=:NSID: a namespace by its kernel ID, held by a process or by a bind mount" {
	require_root
	local id
	id=$(ns_id /proc/self/ns/uts) || skip "this kernel has no namespace IDs (NS_GET_ID, Linux 6.18)"
	spawn unshare -u sh -c 'hostname xns-nse-id; exec sleep 600'
	id=$(ns_id /proc/"$TARGET"/ns/uts)
	run xnsenter --uts=:"$id" hostname
	[ "$status" -eq 0 ]
	[ "$output" = "xns-nse-id" ]
	run xnsenter -u:"$id" hostname
	[ "$output" = "xns-nse-id" ]
	touch "$XNS_TMP/uts"
	unshare --uts="$XNS_TMP/uts" hostname xns-nse-bind
	id=$(ns_id "$XNS_TMP/uts")
	run xnsenter --uts=:"$id" hostname
	[ "$status" -eq 0 ]
	[ "$output" = "xns-nse-bind" ]
	# the ID of a uts namespace asked for as a net namespace, and no ID at all
	run_split xnsenter --net=:"$id" true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: :$id: no net namespace with this ID" ]
	run_split xnsenter --net=:abc true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xnsenter: namespace ID: 'abc': invalid value" ]]
}

# --- PID pinning ---------------------------------------------------------------

@test "PID:INODE: the pidfd inode pins the process; the PID namespace inode is refused" {
	require_root
	local ino
	spawn unshare -u -p -f sleep 600
	ino=$(pidfd_ino "$TARGET") || skip "no pidfd inodes here"
	run xnsenter -t "$TARGET:$ino" -u true
	[ "$status" -eq 0 ]
	# every process of the namespace has that inode: it names no process
	run_split xnsenter -t "$TARGET:$(stat -L -c %i /proc/"$TARGET"/ns/pid)" -u echo ran
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"is not the one of inode"* ]]
	run_split xnsenter -t "$TARGET:$((ino + 1))" -u echo ran
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"is not the one of inode"* ]]
}

@test "PID reuse: a PID:INODE of the PID namespace does not let a recycled PID in" {
	require_root
	[ -w /proc/sys/kernel/ns_last_pid ] || skip "no ns_last_pid"
	# in a PID namespace of our own, so that we decide who gets which PID;
	# the inode is that of the namespace, which the new process shares
	run unshare -p -f --mount-proc sh -c '
		sleep 600 & old=$!
		ino=$(stat -L -c %i /proc/$old/ns/pid)
		kill -KILL $old; wait $old
		echo $((old - 1)) > /proc/sys/kernel/ns_last_pid
		sleep 600 & new=$!
		[ "$new" = "$old" ] || exit 11
		xnsenter -t "$old:$ino" -m echo ran; rc=$?
		kill -KILL $new
		exit $rc'
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not the one of inode"* ]]
	[[ "$output" != *ran* ]]
}

@test "PID reuse: a PID:INODE whose process exited and whose PID went to another is refused" {
	require_root
	[ -w /proc/sys/kernel/ns_last_pid ] || skip "no ns_last_pid"
	# in a PID namespace of our own, so that we decide who gets which PID
	run unshare -p -f --mount-proc sh -c '
		sleep 600 & old=$!
		ino=$(perl -e "\$fd = syscall(434, $old, 0); @s = stat(\"/proc/self/fd/\$fd\"); print \$s[1]")
		xnsenter -t "$old:$ino" -m true || exit 10
		kill -KILL $old; wait $old
		echo $((old - 1)) > /proc/sys/kernel/ns_last_pid
		sleep 600 & new=$!
		[ "$new" = "$old" ] || exit 11
		xnsenter -t "$old:$ino" -m echo ran; rc=$?
		kill -KILL $new
		exit $rc'
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not the one of inode"* ]]
	[[ "$output" != *ran* ]]
}

# --- names and the target's root ------------------------------------------------

# a root of its own in $XNS_TMP/root: the host's /usr bound in, an
# nsswitch.conf naming the NSS module xnsevil and that module planted in
# its /lib, whose constructor writes /xns-nss-marker wherever it loads
nss_root() {
	local root=$XNS_TMP/root multi
	multi=$(cc -print-multiarch 2>/dev/null) && [ -n "$multi" ] || return 1
	mkdir -p "$root"/usr "$root"/etc "$root"/lib "$root"/tmp "$root"/proc
	ln -s usr/bin "$root"/bin
	ln -s usr/lib64 "$root"/lib64
	ln -s /usr/lib/"$multi" "$root"/lib/"$multi"
	printf 'passwd: files xnsevil\ngroup: files xnsevil\n' >"$root"/etc/nsswitch.conf
	chmod 1777 "$root"/tmp
	echo 'xns-nss-only:x:4242:4242::/:/bin/sh' >"$root"/etc/passwd
	echo 'xns-nss-only:x:4242:' >"$root"/etc/group
	cat >"$XNS_TMP"/evil.c <<-'EOF'
	#include <fcntl.h>
	#include <stdio.h>
	#include <unistd.h>
	__attribute__((constructor)) static void evil(void)
	{
		char buf[32];
		int fd = open("/xns-nss-marker", O_WRONLY | O_CREAT | O_APPEND, 0644);
		int n = snprintf(buf, sizeof(buf), "uid %d\n", (int) geteuid());
		if (fd >= 0 && write(fd, buf, (size_t) n) < 0)
			_exit(99);
	}
	EOF
	cc -shared -fPIC -o "$root"/lib/libnss_xnsevil.so.2 "$XNS_TMP"/evil.c || return 1
}

@test "NSS: -S/-G names are looked up on the host, never from the target's root" {
	require_root
	require_cmd cc
	require_cmd chroot
	local root=$XNS_TMP/root
	nss_root || skip "cannot build the planted NSS module"
	spawn unshare -m sh -c "mount --bind /usr '$root/usr' && exec chroot '$root' /usr/bin/sleep 600"
	# the plant works: a lookup made by a program inside loads it
	run xnsenter -t "$TARGET" -m -r /usr/bin/id -un 0
	# (id may well fail to find the name: what counts is that it looked)
	[ -e "$root"/xns-nss-marker ] || skip "the planted module did not load here (id: $status: $output)"
	rm -f "$root"/xns-nss-marker
	# xnsenter itself: names resolved before it enters, nothing loaded after
	# (touch looks no name up: the file's owner says who ran it).  glibc
	# keeps the NSS set-up of the first lookup across a chroot, so the
	# numeric run, which looks nothing up before, is the one a lookup made
	# inside would show in
	run xnsenter -t "$TARGET" -m -r -S 65534 -G 65534 /usr/bin/touch /tmp/xns-cred
	[ "$status" -eq 0 ]
	[ "$(stat -c %u:%g "$root"/tmp/xns-cred)" = 65534:65534 ]
	[ ! -e "$root"/xns-nss-marker ]
	rm -f "$root"/tmp/xns-cred
	run xnsenter -t "$TARGET" -m -r -S nobody -G nogroup /usr/bin/touch /tmp/xns-cred
	[ "$status" -eq 0 ]
	[ "$(stat -c %u:%g "$root"/tmp/xns-cred)" = "$(id -u nobody):$(getent group nogroup | cut -d: -f3)" ]
	[ ! -e "$root"/xns-nss-marker ]
	# a name only the target's root knows is the host's to resolve: unknown
	run_split xnsenter -t "$TARGET" -m -r -S xns-nss-only -G xns-nss-only /usr/bin/true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xnsenter: --set"* ]]
	[ ! -e "$root"/xns-nss-marker ]
}

# --- rootless containers -------------------------------------------------------

@test "rootless: the owner enters with -a; root, uid map, hostname, own /proc" {
	require_root
	spawn as_user unshare -U -r -m -u -n -p -f --mount-proc sh -c 'hostname xns-nse-rl; exec sleep 600'
	run as_user xnsenter -t "$TARGET" -a sh -c 'hostname; id -u; cat /proc/self/uid_map; ps -eo pid=,comm= | head -1'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "xns-nse-rl" ]
	[ "${lines[1]}" = 0 ]
	[[ "${lines[2]}" =~ ^\ +0\ +$XNS_UID\ +1$ ]]
	[[ "${lines[3]}" =~ ^\ *1\ sleep$ ]]
	# nsenter -a trips over the host cgroup namespace; with the list, both agree
	run as_user xnsenter -t "$TARGET" -U -m -u -n -p --preserve-credentials sh -c 'hostname; readlink /proc/self/ns/mnt'
	[ "$status" -eq 0 ]
	[ "$output" = "$(as_user nsenter -t "$TARGET" -U -m -u -n -p --preserve-credentials sh -c 'hostname; readlink /proc/self/ns/mnt')" ]
	# root enters the same container, all of it
	run xnsenter -t "$TARGET" -a sh -c 'hostname; id -u'
	[ "$output" = "$(printf 'xns-nse-rl\n0')" ]
}

@test "rootless with a range of IDs (newuidmap): -S/-G to a mapped user, as nsenter" {
	require_root
	require_cmd newuidmap
	add_test_user
	# newuidmap takes its rights from file capabilities or setuid, which an
	# empty bounding set (as_test_user's) would stop: keep that one here
	own() {
		setpriv --reuid "$XNS_USER_UID" --regid "$XNS_USER_UID" --init-groups --inh-caps=-all -- "$@"
	}
	spawn own unshare -U --map-root-user --map-auto -m -u -p -f --mount-proc \
		sh -c 'hostname xns-nse-range; exec sleep 600'
	[ "$(wc -l </proc/"$TARGET"/uid_map)" -eq 2 ] || skip "no subordinate range mapped"
	run own xnsenter -t "$TARGET" -a -S 1000 -G 1000 sh -c 'id -u; id -g; hostname; ps -eo pid= | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 1000 ]
	[ "${lines[2]}" = xns-nse-range ]
	[ "$(own nsenter -t "$TARGET" -U -m -u -p -S 1000 -G 1000 sh -c 'id -u; id -g; hostname')" = \
	  "$(printf '%s\n' "${lines[@]:0:3}")" ]
	# seen from outside, it runs as the subordinate ID that 1000 maps to
	local base
	base=$(awk '$1 == 1 { print $2 }' /proc/"$TARGET"/uid_map)
	spawn own xnsenter -t "$TARGET" -U -S 1000 -G 1000 sleep 600
	[ "$(stat -c %u /proc/"$TARGET")" = $((base + 999)) ]
}

@test "rootless by files: the user namespace goes first, whatever the order given" {
	require_root
	spawn as_user unshare -U -r -m -u sh -c 'hostname xns-nse-rf; exec sleep 600'
	local ns=/proc/$TARGET/ns
	run as_user xnsenter --mount="$ns/mnt" --uts="$ns/uts" --user="$ns/user" sh -c 'hostname; id -u'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'xns-nse-rf\n0')" ]
}

@test "rootless with a root of its own: --root runs a program found inside it" {
	require_root
	local r=$XNS_TMP/root c
	mkdir -p "$r/bin" "$r/etc" "$r/proc"
	require_cmd busybox
	ldd "$(command -v busybox)" >/dev/null 2>&1 && skip "needs a static busybox (busybox-static)"
	cp "$(command -v busybox)" "$r/bin/"
	for c in sh cat pwd sleep; do ln -s busybox "$r/bin/$c"; done
	echo xns-inside >"$r/etc/xns-marker"
	spawn as_user unshare -U -r -m -p -f --mount-proc --root="$r" /bin/sleep 600
	run as_user xnsenter -t "$TARGET" -a -r sh -c 'cat /etc/xns-marker; pwd'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'xns-inside\n/')" ]
	# as root, where nsenter manages too: the same file
	[ "$(xnsenter -t "$TARGET" -m -r cat /etc/xns-marker)" = "$(nsenter -t "$TARGET" -m -r cat /etc/xns-marker)" ]
}

@test "--keep-caps keeps the user namespace's capabilities across exec" {
	require_root
	spawn as_user unshare -U -r sleep 600
	run as_user xnsenter -t "$TARGET" -U --keep-caps sh -c 'grep CapAmb /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" != *"0000000000000000" ]]
	run as_user xnsenter -t "$TARGET" -U sh -c 'grep CapAmb /proc/self/status'
	[[ "$output" == *"0000000000000000" ]]
}

@test "--user-parent enters the parent of the target's user namespace" {
	require_root
	spawn unshare -U -r unshare -U -r sleep 600
	local parent
	parent=$(xnsenter -t "$TARGET" -U readlink /proc/self/ns/user)
	[ "$parent" = "$(readlink /proc/"$TARGET"/ns/user)" ]
	run xnsenter -t "$TARGET" --user-parent readlink /proc/self/ns/user
	[ "$status" -eq 0 ]
	[ "$output" != "$parent" ]
	[ "$output" != "$(readlink /proc/self/ns/user)" ]
}

# --- credentials, directories, environment, cgroups ----------------------------

@test "-S/-G set the IDs; follow takes the target's" {
	require_root
	run xnsenter -t $$ -u -S 1234 -G 2345 sh -c 'id -u; id -g; id -G'
	[ "$output" = "$(printf '1234\n2345\n2345')" ]
	spawn as_user unshare -U -r sleep 600
	run xnsenter -t "$TARGET" -U -S follow -G follow sh -c 'id -u; id -g'
	[ "$output" = "$(printf '0\n0')" ]
	spawn setpriv --reuid 4242 --regid 4343 --clear-groups sleep 600
	run xnsenter -t "$TARGET" -u -S follow -G follow sh -c 'id -u; id -g'
	[ "$output" = "$(printf '4242\n4343')" ]
}

@test "-w and -W: the target's directory, or one inside the namespace" {
	require_root
	mkdir -p "$XNS_TMP/wd"
	spawn unshare -m sh -c "mount -t tmpfs xns-nse $XNS_TMP/wd && mkdir $XNS_TMP/wd/in && cd $XNS_TMP/wd/in && exec sleep 600"
	run xnsenter -t "$TARGET" -m -w pwd
	[ "$output" = "$XNS_TMP/wd/in" ]
	[ "$output" = "$(nsenter -t "$TARGET" -m -w pwd)" ]
	# only the namespace has $XNS_TMP/wd/in; -W finds it there
	run xnsenter -t "$TARGET" -m -W "$XNS_TMP/wd/in" pwd
	[ "$status" -eq 0 ]
	[ "$output" = "$XNS_TMP/wd/in" ]
	run_split xnsenter -t "$TARGET" -m -w="$XNS_TMP/wd/in" pwd
	[ "$status" -eq 1 ]
	# entering the mount namespace alone starts at its root
	[ "$(xnsenter -t "$TARGET" -m pwd)" = / ]
}

@test "-e: the target's environment instead of ours" {
	require_root
	spawn env -i XNS_MARK=target PATH=/usr/bin:/bin unshare -u sleep 600
	run env XNS_OURS=1 xnsenter -t "$TARGET" -u -e sh -c 'echo "${XNS_MARK:-none} ${XNS_OURS:-none}"'
	[ "$status" -eq 0 ]
	[ "$output" = "target none" ]
}

@test "-N: the network namespace of a socket the target holds" {
	require_root
	require_cmd perl ip
	local name=xns-nse-$$-$BATS_TEST_NUMBER
	ip netns add "$name" && XNS_NETNS+=("$name")
	ip netns exec "$name" ip link add xns-v0 type veth peer name xns-v1
	# the socket is made inside; the process then goes back to the host's
	# network namespace, keeping it as fd 3 ($^F: not close-on-exec)
	spawn ip netns exec "$name" perl -e 'BEGIN { $^F = 10 } use Socket;
		socket(S, AF_INET, SOCK_DGRAM, 0) or die; exec(@ARGV) or die' \
		xnsenter --net=/proc/$$/ns/net sleep 600
	[ "$(readlink /proc/"$TARGET"/ns/net)" = "$(readlink /proc/$$/ns/net)" ]
	run xnsenter -t "$TARGET" -N 3 ip -o link show xns-v0
	[ "$status" -eq 0 ]
	[[ "$output" == *"xns-v0@xns-v1"* ]]
	run_split xnsenter -t "$TARGET" -N 1 true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xnsenter: --net-socket: fd 1 of process $TARGET: "* ]]
	run_split xnsenter -t "$TARGET" -N 3 --net=/proc/self/ns/net true
	[ "$stderr" = "xnsenter: mutually exclusive arguments: --net-socket --net" ]
	run_split xnsenter -t "$TARGET" --net=/proc/self/ns/net -N 3 true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xnsenter: mutually exclusive arguments: --net --net-socket" ]
}

@test "-c on this hybrid host: the target's group in every hierarchy" {
	require_root
	local h dir n=0
	spawn unshare -u sleep 600
	for h in /sys/fs/cgroup/pids /sys/fs/cgroup/memory /sys/fs/cgroup/unified /sys/fs/cgroup; do
		[ -e "$h/cgroup.procs" ] || continue
		dir=$h/xns-nse-cg-$$
		mkdir "$dir" && XNS_CGROUPS+=("$dir")
		echo "$TARGET" >"$dir/cgroup.procs"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || skip "no cgroup hierarchy to try"
	run xnsenter -t "$TARGET" -c -u cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat /proc/"$TARGET"/cgroup)" ]
	[[ "$output" == *"xns-nse-cg-$$"* ]]
}
