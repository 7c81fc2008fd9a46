#!/usr/bin/env bats
# xchroot: the chroot(1) interface, the escape that chroot(2) allows and
# pivot_root closes, the setup options seen from inside, images, bad input.
load ../helpers
load root
bats_require_minimum_version 1.5.0

setup_file() {
	xch_make_root
}

teardown_file() {
	xch_remove_root
}

setup() {
	[ -n "${XCH_BASE:-}" ] || skip "needs busybox (busybox-static)"
	ROOT=$XCH_BASE/root
}

teardown() {
	teardown_tmp
	[ -z "${USERROOT:-}" ] || rm -rf "$USERROOT"
}

require_escape() {
	[ -x "$ROOT/escape" ] || skip "needs gcc -static (libc6-dev)"
}

# nothing of ours is mounted on the host and no loop device holds $1
assert_nothing_left() {
	# (a bare "! grep" would assert nothing: set -e ignores it)
	if grep -q " $XCH_BASE" /proc/self/mountinfo; then
		echo "left mounted: $(grep " $XCH_BASE" /proc/self/mountinfo)" >&2
		return 1
	fi
	if [ $# -gt 0 ]; then
		[ -z "$(losetup -j "$1")" ]
	fi
}

# a copy of the root owned by the unprivileged test user, so that the root
# it becomes in its own user namespace may write there (make the escape's
# ".out", for one)
user_root() {
	USERROOT=$(mktemp -d /tmp/xns-xchroot-user.XXXXXX)
	cp -a "$ROOT/." "$USERROOT/"
	chown -R "$XNS_UID:$XNS_UID" "$USERROOT"
	chmod 755 "$USERROOT"
}

# ---------------------------------------------------------------- interface

@test "--help: util-linux format on stdout, exit 0; -V" {
	run_split xchroot --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ $output == *"Usage:"* ]]
	[[ $output == *" -h, --help "* ]]
	[[ $output == *"--userspec <user>[:<group>]"* ]]
	[ "$(echo "$output" | tail -n1)" = "See xchroot(8)." ]
	run xchroot -V
	[ "$status" -eq 0 ]
	[[ $output == "xchroot from xns-utils "* ]]
}

@test "a wrong option or no NEWROOT: one line, try --help, exit 125 (as chroot)" {
	run_split xchroot --no-such-option
	[ "$status" -eq 125 ]
	[ "$(echo "$stderr" | wc -l)" -eq 2 ]
	[[ $stderr == *"Try 'xchroot --help' for more information." ]]
	run_split xchroot
	[ "$status" -eq 125 ]
	[[ $stderr == "xchroot: missing operand"* ]]
	run_split xchroot --bind /etc
	[ "$status" -eq 125 ]
	[[ $stderr == *"requires two arguments"* ]]
	# chroot(1) agrees on the code
	run chroot --no-such-option
	[ "$status" -eq 125 ]
}

@test "--help >/dev/full: write error, exit 125" {
	run_split xchroot --help
	[ "$status" -eq 0 ]
	run_split sh -c 'xchroot --help >/dev/full'
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: write error: No space left on device" ]
}

# ---------------------------------------------------------------- the escape

@test "control: under coreutils chroot the escape gets out" {
	require_root
	require_escape
	run chroot "$ROOT" /escape "$XCH_BASE/host-marker"
	[ "$status" -eq 0 ]
	[ "$output" = escaped ]
}

@test "under xchroot the escape stays inside" {
	require_root
	require_escape
	run xchroot "$ROOT" /escape "$XCH_BASE/host-marker"
	[ "$status" -eq 0 ]
	[ "$output" = inside ]
	assert_nothing_left
}

@test "under xchroot --userspec=0:0 the escape stays inside" {
	require_root
	require_escape
	run xchroot --userspec=0:0 "$ROOT" /escape "$XCH_BASE/host-marker"
	[ "$status" -eq 0 ]
	[ "$output" = inside ]
}

@test "--no-pivot is plain chroot(2): the escape gets out, as the page says" {
	require_root
	require_escape
	run xchroot --no-pivot "$ROOT" /escape "$XCH_BASE/host-marker"
	[ "$output" = escaped ]
}

@test "rootless: the escape stays inside (and gets out with --no-pivot)" {
	require_escape
	user_root
	run as_user xchroot "$USERROOT" /escape "$XCH_BASE/host-marker"
	[ "$status" -eq 0 ]
	[ "$output" = inside ]
	# the control: the same user, the same root, chroot(2) only
	run as_user xchroot --no-pivot "$USERROOT" /escape "$XCH_BASE/host-marker"
	[ "$output" = escaped ]
}

@test "rootless: the caller is root inside, mapped to itself outside" {
	run as_user xchroot "$ROOT" sh -c 'id -u; id -g; cat /etc/xns-marker'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "${lines[2]}" = inside-root ]
	run as_user xchroot --proc "$ROOT" cat /proc/self/uid_map
	[ "$(echo $output)" = "0 $XNS_UID 1" ]
}

@test "rootless --userspec keeps the caller's own IDs; others are refused" {
	run as_user xchroot --userspec="$XNS_UID:$XNS_UID" "$ROOT" sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$XNS_UID" ]
	[ "${lines[1]}" = "$XNS_UID" ]
	run_split as_user xchroot --userspec=0:0 "$ROOT" id
	[ "$status" -eq 125 ]
	[[ $stderr == "xchroot: --userspec: without root only your own"* ]]
	run_split as_user xchroot --groups=0 "$ROOT" id
	[ "$status" -eq 125 ]
}

# ---------------------------------------------------------------- like chroot

@test "the same view as coreutils chroot: ls /, pwd, id, exit codes" {
	require_root
	[ "$(xchroot "$ROOT" ls /)" = "$(chroot "$ROOT" ls /)" ]
	[ "$(xchroot "$ROOT" pwd)" = "$(chroot "$ROOT" pwd)" ]
	[ "$(xchroot "$ROOT" id)" = "$(chroot "$ROOT" id)" ]
	[ "$(xchroot --userspec=xnsuser "$ROOT" id)" = "$(chroot --userspec=xnsuser "$ROOT" id)" ]
	run xchroot "$ROOT" sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run -127 chroot "$ROOT" /no-such-command
	run_split xchroot "$ROOT" /no-such-command
	[ "$status" -eq 127 ]
	[ "$stderr" = "xchroot: failed to execute /no-such-command: No such file or directory" ]
	run chroot "$ROOT" /etc/xns-marker
	[ "$status" -eq 126 ]
	run xchroot "$ROOT" /etc/xns-marker
	[ "$status" -eq 126 ]
}

@test "no command: \"\$SHELL\" -i" {
	require_root
	run env SHELL=/bin/sh xchroot "$ROOT" <<<'echo "shell $-"'
	[ "$status" -eq 0 ]
	[[ $output == *"shell "*i* ]]
}

@test "--userspec and --groups: names from the root's own /etc/passwd, IDs" {
	require_root
	run xchroot --userspec=xnsuser "$ROOT" id
	[ "$output" = "uid=4242(xnsuser) gid=4243(xnsgroup) groups=4243(xnsgroup),4244(xnsextra)" ]
	run xchroot --userspec=1000:1000 --groups=5,7 "$ROOT" sh -c 'id -u; id -g; id -G'
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 1000 ]
	[ "${lines[2]}" = "1000 5 7" ]
	run xchroot --userspec=:4243 "$ROOT" id -g
	[ "$output" = 4243 ]
	# a group only the root knows, and one only the host knows
	run xchroot --groups=xnsextra "$ROOT" id -G
	[ "$output" = "0 4244" ]
	local daemon
	daemon=$(getent group daemon | cut -d: -f3)
	if [ -n "$daemon" ]; then
		run xchroot --groups=daemon "$ROOT" id -G
		[ "$output" = "0 $daemon" ]
	fi
}

@test "--userspec: an unknown user is exit 125 with one line, as chroot" {
	require_root
	run_split xchroot --userspec=xns-no-such-user "$ROOT" id
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --userspec: 'xns-no-such-user': no such user" ]
	run chroot --userspec=xns-no-such-user "$ROOT" id
	[ "$status" -eq 125 ]
	run_split xchroot --userspec=0:xns-no-such-group "$ROOT" id
	[ "$status" -eq 125 ]
	run_split xchroot --groups=0,xns-no-such-group "$ROOT" id
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --groups: 'xns-no-such-group': no such group" ]
	run_split xchroot --userspec=a:b:c "$ROOT" id
	[ "$status" -eq 125 ]
	assert_nothing_left
}

@test "--skip-chdir: only with the old /, and then the cwd is kept" {
	require_root
	run_split xchroot --skip-chdir "$ROOT" pwd
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: option --skip-chdir only permitted if NEWROOT is old '/'" ]
	cd "$XCH_BASE"
	run xchroot --skip-chdir / pwd
	[ "$output" = "$XCH_BASE" ]
	run xchroot --skip-chdir /.. pwd
	[ "$output" = "$XCH_BASE" ]
	run xchroot / pwd
	[ "$output" = / ]
}

# ---------------------------------------------------------------- setup options

@test "--proc: a proc of its own pid namespace, which shows only the command" {
	require_root
	run xchroot --proc "$ROOT" readlink /proc/self/ns/pid
	[ "$status" -eq 0 ]
	[ "$output" != "$(readlink /proc/self/ns/pid)" ]
	[[ $output == pid:* ]]
	# PID 1 is xchroot's init, the command is 2, and nothing of the host
	run xchroot --proc "$ROOT" sh -c 'echo $$; for p in /proc/[0-9]*; do [ ${p#/proc/} -le 9 ] || echo $p; done'
	[ "$status" -eq 0 ]
	[ "$output" = 2 ]
	run xchroot "$ROOT" ls /proc/self
	[ "$status" -ne 0 ]
}

@test "--sys: sysfs at /sys" {
	require_root
	run xchroot --sys "$ROOT" ls /sys/class/net
	[ "$status" -eq 0 ]
	[[ $output == *lo* ]]
}

@test "--dev: a minimal /dev on tmpfs, its nodes working" {
	require_root
	run xchroot --proc --dev "$ROOT" sh -c '
		ls /dev | tr "\n" " "; echo
		echo x >/dev/null && echo null-ok
		head -c 4 /dev/zero | od -An -tx1
		head -c 8 /dev/urandom | wc -c
		test -c /dev/pts/ptmx && echo pts-ok
		for l in ptmx fd stdin; do readlink /dev/$l; done
		test -d /dev/shm && touch /dev/shm/x && echo shm-ok
		grep " /dev " /proc/self/mountinfo | sed "s/.* - \([^ ]*\) .*/\1/"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero " ]
	[ "${lines[1]}" = null-ok ]
	[ "$(echo ${lines[2]})" = "00 00 00 00" ]
	[ "${lines[3]}" = 8 ]
	[ "${lines[4]}" = pts-ok ]
	[ "${lines[5]}" = pts/ptmx ]
	[ "${lines[6]}" = /proc/self/fd ]
	[ "${lines[7]}" = /proc/self/fd/0 ]
	[ "${lines[8]}" = shm-ok ]
	[ "${lines[9]}" = tmpfs ]
}

@test "rootless: --proc, --sys and --dev work too" {
	run as_user xchroot --proc --sys --dev "$ROOT" sh -c \
		'test -r /proc/self/status && ls /sys/class/net >/dev/null && echo x >/dev/null && echo ok'
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "--tmpfs: an empty tmpfs that the host never sees" {
	require_root
	run xchroot --proc --tmpfs /scratch "$ROOT" sh -c \
		'echo data >/scratch/f && cat /scratch/f && grep " /scratch " /proc/self/mountinfo | sed "s/.* - \([^ ]*\) .*/\1/"'
	[ "${lines[0]}" = data ]
	[ "${lines[1]}" = tmpfs ]
	[ ! -e "$ROOT/scratch/f" ]
	assert_nothing_left
}

@test "--bind and --ro-bind: the host's files, writable or not" {
	require_root
	make_tmp
	echo from-host >"$XNS_TMP/f"
	run xchroot --bind "$XNS_TMP" /mnt/rw --ro-bind "$XNS_TMP" /mnt/ro \
		--ro-bind "$XNS_TMP/f" /etc/one-file "$ROOT" sh -c '
		cat /mnt/rw/f /etc/one-file
		echo new >/mnt/rw/g && echo rw-ok
		echo new >/mnt/ro/h || echo ro-refused'
	[ "${lines[0]}" = from-host ]
	[ "${lines[1]}" = from-host ]
	[ "${lines[2]}" = rw-ok ]
	[[ $output == *"Read-only file system"* ]]
	[ "${lines[-1]}" = ro-refused ]
	[ "$(cat "$XNS_TMP/g")" = new ]
	[ ! -e "$XNS_TMP/h" ]
	assert_nothing_left
}

@test "mounts happen in command-line order" {
	require_root
	make_tmp
	echo b >"$XNS_TMP/b"
	# a tmpfs, then a bind into it: both there
	run xchroot --tmpfs /order --bind "$XNS_TMP" /order/sub "$ROOT" cat /order/sub/b
	[ "$output" = b ]
	# the bind, then a tmpfs over its parent: the tmpfs hides it
	run xchroot --bind "$XNS_TMP" /order/sub --tmpfs /order "$ROOT" ls /order
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "--read-only: the root is read-only, a --tmpfs in it is not" {
	require_root
	run_split xchroot --read-only --tmpfs /tmp "$ROOT" sh -c \
		'touch /x || echo root-ro; touch /tmp/x && echo tmp-rw'
	mapfile -t lines <<<"$output"
	[ "${lines[0]}" = root-ro ]
	[ "${lines[1]}" = tmp-rw ]
	[[ $stderr == *"Read-only file system"* ]]
	[ ! -e "$ROOT/x" ]
}

@test "a symlink in the root cannot send a mount outside it" {
	require_root
	make_tmp
	cp -a "$ROOT/." "$XNS_TMP/"
	mkdir -p "$XNS_TMP/outside"
	ln -s "$XNS_TMP/outside" "$XNS_TMP/evil"
	# the link dangles inside the root: refused, not followed out
	run_split xchroot --tmpfs /evil/t "$XNS_TMP" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --tmpfs /evil/t: No such file or directory" ]
	[ ! -e "$XNS_TMP/outside/t" ]
	# once it leads somewhere inside, the mount point is made there
	mkdir -p "$XNS_TMP$XNS_TMP/outside"
	run xchroot --proc --tmpfs /evil/t "$XNS_TMP" sh -c 'grep -c " $0/t " /proc/self/mountinfo' "$XNS_TMP/outside"
	[ "$output" = 1 ]
	[ ! -e "$XNS_TMP/outside/t" ]
	[ -d "$XNS_TMP$XNS_TMP/outside/t" ]
}

@test "--new-session: the command leads a session of its own; --keep-session excludes it" {
	require_root
	local lead='set -- $(cat /proc/$$/stat); [ "$1" = "$6" ] && echo leader || echo member'
	run xchroot --proc --new-session "$ROOT" sh -c "$lead"
	[ "$status" -eq 0 ]
	[ "$output" = leader ]
	run xchroot --proc "$ROOT" sh -c "$lead"
	[ "$output" = member ]
	# without containment the forked session child runs it, and its code comes back
	run xchroot --no-pivot --new-session "$ROOT" sh -c 'echo ran; exit 5'
	[ "$status" -eq 5 ]
	[ "$output" = ran ]
	run_split xchroot --new-session --keep-session "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: mutually exclusive arguments: --new-session --keep-session" ]
}

@test "--read-only: a missing mount point is refused, nothing made in NEWROOT" {
	require_root
	run_split xchroot --read-only --ro-bind /etc /xns-missing "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --ro-bind /etc /xns-missing (no mount point in a read-only root): Read-only file system" ]
	[ ! -e "$ROOT/xns-missing" ]
	run_split xchroot --read-only --tmpfs /xns-missing/deeper "$ROOT" true
	[ "$status" -eq 125 ]
	[ ! -e "$ROOT/xns-missing" ]
	# one that exists is used as before
	run xchroot --read-only --ro-bind /etc /tmp "$ROOT" test -e /tmp/passwd
	[ "$status" -eq 0 ]
	assert_nothing_left
}

@test "binds are nodev in a contained root; --dev-bind keeps device nodes" {
	require_root
	run xchroot --bind /dev/null /xnsnull "$ROOT" sh -c 'echo x >/xnsnull && echo written'
	[[ $output != *written* ]]
	[[ $output == *"Permission denied"* ]]
	run xchroot --dev-bind /dev/null /xnsnull "$ROOT" sh -c 'echo x >/xnsnull && echo written'
	[ "$status" -eq 0 ]
	[ "$output" = written ]
	# --no-pivot keeps what it had: plain binds
	run xchroot --no-pivot --bind /dev/null /xnsnull "$ROOT" sh -c 'echo x >/xnsnull && echo written'
	[ "$output" = written ]
	rm -f "$ROOT/xnsnull"
}

@test "NSS of the new root is never loaded while we are root (--userspec)" {
	require_root
	require_cmd gcc
	make_tmp
	local r=$XNS_TMP/root u multiarch
	mkdir -p "$r"
	cp -a "$ROOT/." "$r/"
	# a module that leaves a mark when it is loaded, as a planted one would
	# run anything; and the nsswitch.conf that asks for it first
	cat >"$XNS_TMP/planted.c" <<-'EOF'
	#include <fcntl.h>
	#include <unistd.h>
	__attribute__((constructor)) static void planted(void)
	{
		int fd = open("/xns-nss-loaded", O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
	}
	EOF
	# under the name of every service the host's nsswitch.conf names (the
	# host's config is what glibc keeps after the pivot: Debian's "files
	# systemd" dlopen()s libnss_systemd.so.2 for a name files lacks), and
	# of one the root's own nsswitch.conf names
	multiarch=$(gcc -print-multiarch)
	mkdir -p "$r/lib/$multiarch" "$r/usr/lib/$multiarch"
	gcc -shared -fPIC -o "$XNS_TMP/planted.so" "$XNS_TMP/planted.c"
	for u in xnsplanted $(awk '/^(passwd|group|initgroups):/ { for (i = 2; i <= NF; i++) print $i }' \
			/etc/nsswitch.conf | grep -v '^\[' | sort -u); do
		[ "$u" = files ] && continue
		cp "$XNS_TMP/planted.so" "$r/lib/$multiarch/libnss_$u.so.2"
		cp "$XNS_TMP/planted.so" "$r/usr/lib/$multiarch/libnss_$u.so.2"
	done
	printf 'passwd: xnsplanted files\ngroup: xnsplanted files\ninitgroups: xnsplanted files\n' \
		>"$r/etc/nsswitch.conf"
	for u in nobody 65534:65534 xnsuser 0:0 nobody:nogroup; do
		run xchroot --userspec="$u" "$r" true
		[ "$status" -eq 0 ]
		[ ! -e "$r/xns-nss-loaded" ]
		run xchroot --no-pivot --userspec="$u" "$r" true
		[ "$status" -eq 0 ]
		[ ! -e "$r/xns-nss-loaded" ]
	done
	for u in xnsextra daemon 0,4244; do
		run xchroot --groups="$u" "$r" true
		[ "$status" -eq 0 ]
		[ ! -e "$r/xns-nss-loaded" ]
	done
	# the root's own names still count, read from its files
	run xchroot --userspec=xnsuser "$r" sh -c 'id -u; id -G'
	[ "${lines[0]}" = 4242 ]
	[ "${lines[1]}" = "4243 4244" ]
	# an image root: the module could write its mark into a read-write image
	if command -v mkfs.ext4 >/dev/null; then
		local img=$XCH_BASE/nss.ext4.img
		truncate -s 16M "$img"
		mkfs.ext4 -q -F -d "$r" "$img"
		run xchroot --rw-image --userspec=nobody "$img" true
		[ "$status" -eq 0 ]
		run xchroot "$img" test -e /xns-nss-loaded
		[ "$status" -eq 1 ]
		assert_nothing_left "$img"
		rm -f "$img"
	fi
}

# ---------------------------------------------------------------- images

@test "an ext4 image: mounted read-only, gone with its loop device afterwards" {
	require_root
	require_cmd mkfs.ext4 losetup
	local img=$XCH_BASE/root.ext4.img
	truncate -s 16M "$img"
	mkfs.ext4 -q -F -d "$ROOT" "$img"
	run_split xchroot --proc "$img" sh -c \
		'cat /etc/xns-marker; grep " / / " /proc/self/mountinfo | sed "s/.* - \([^ ]*\) .*/\1/"; grep -c " / / ro," /proc/self/mountinfo; touch /x || echo ro'
	mapfile -t lines <<<"$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = inside-root ]
	[ "${lines[1]}" = ext4 ]
	[ "${lines[2]}" = 1 ]
	[ "${lines[3]}" = ro ]
	assert_nothing_left "$img"
	[ -z "$(losetup -j "$img")" ]
	# read-write, so that the escape can make its ".out" and really try
	if [ -x "$ROOT/escape" ]; then
		run xchroot --rw-image "$img" /escape "$XCH_BASE/host-marker"
		[ "$output" = inside ]
	fi
	# --rw-image: what is written stays in the image
	run xchroot --rw-image "$img" sh -c 'echo kept >/written'
	[ "$status" -eq 0 ]
	run xchroot "$img" cat /written
	[ "$output" = kept ]
	assert_nothing_left "$img"
	rm -f "$img"
}

@test "a squashfs image, with setup mounts, and nothing left afterwards" {
	require_root
	require_cmd mksquashfs losetup
	local img=$XCH_BASE/root.sqfs.img
	mkdir -p "$XCH_BASE/sq"
	cp -a "$ROOT/." "$XCH_BASE/sq/"
	mkdir -p "$XCH_BASE/sq/proc" "$XCH_BASE/sq/dev" "$XCH_BASE/sq/tmp"
	mksquashfs "$XCH_BASE/sq" "$img" -quiet -noappend >/dev/null
	rm -rf "$XCH_BASE/sq"
	run xchroot --proc --dev --tmpfs /tmp "$img" sh -c \
		'cat /etc/xns-marker; grep " / / " /proc/self/mountinfo | sed "s/.* - \([^ ]*\) .*/\1/"; echo x >/dev/null && echo >/tmp/x && echo ok'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = inside-root ]
	[ "${lines[1]}" = squashfs ]
	[ "${lines[2]}" = ok ]
	# a mount point the read-only image lacks cannot be made
	run_split xchroot --tmpfs /no-such-dir "$img" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --tmpfs /no-such-dir (no mount point in a read-only root): Read-only file system" ]
	assert_nothing_left "$img"
	rm -f "$img"
}

@test "an image root: --bind /tmp and --ro-bind / show the host's /tmp, not the image" {
	require_root
	require_cmd mkfs.ext4 losetup
	local img=$XCH_BASE/bind.ext4.img base
	base=$(basename "$XCH_BASE")
	truncate -s 16M "$img"
	mkfs.ext4 -q -F -d "$ROOT" "$img"
	run xchroot --rw-image --bind /tmp /xnstmp --ro-bind / /xnshost "$img" sh -c \
		"test -e /xnstmp/$base/host-marker && echo tmp-ok; test -e /xnshost/tmp/$base/host-marker && echo host-ok"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = tmp-ok ]
	[ "${lines[1]}" = host-ok ]
	assert_nothing_left "$img"
	rm -f "$img"
}

@test "an erofs image" {
	require_root
	require_cmd mkfs.erofs losetup
	grep -qw erofs /proc/filesystems || modprobe erofs 2>/dev/null ||
		skip "kernel has no erofs"
	local img=$XCH_BASE/root.erofs.img
	mkfs.erofs "$img" "$ROOT" >/dev/null 2>&1
	run xchroot --proc "$img" sh -c \
		'cat /etc/xns-marker; grep " / / " /proc/self/mountinfo | sed "s/.* - \([^ ]*\) .*/\1/"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = inside-root ]
	[ "${lines[1]}" = erofs ]
	assert_nothing_left "$img"
	rm -f "$img"
}

@test "an image with no filesystem: one line, 125, no loop device" {
	require_root
	local img=$XCH_BASE/empty.img
	truncate -s 4M "$img"
	run_split xchroot "$img" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: $img: no filesystem found" ]
	assert_nothing_left "$img"
	# a signature, but nothing the kernel mounts: the loop device goes too
	if command -v mkswap >/dev/null; then
		mkswap -q "$img" >/dev/null 2>&1
		run_split xchroot "$img" true
		[ "$status" -eq 125 ]
		[[ $stderr == "xchroot: $img: cannot mount /dev/loop"*" (swap): "* ]]
		assert_nothing_left "$img"
	fi
	rm -f "$img"
}

@test "rootless: an image is refused up front" {
	require_cmd mkfs.ext4
	local img=$XCH_BASE/user.img
	truncate -s 4M "$img"
	mkfs.ext4 -q -F "$img"
	chmod 644 "$img"
	run_split as_user xchroot "$img" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: mounting a filesystem image needs root" ]
	rm -f "$img"
}

# ---------------------------------------------------------------- bad input

@test "NEWROOT missing, or neither a directory nor an image: 125" {
	require_root
	run_split xchroot "$XCH_BASE/no-such-root" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: cannot change root directory to '$XCH_BASE/no-such-root': No such file or directory" ]
	run chroot "$XCH_BASE/no-such-root" true
	[ "$status" -eq 125 ]
	run_split xchroot /dev/null true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: /dev/null: not a directory or a filesystem image" ]
	run_split xchroot --rw-image "$ROOT" true
	[ "$status" -eq 125 ]
}

@test "--bind with a missing source: one line, 125, nothing mounted" {
	require_root
	run_split xchroot --tmpfs /t --bind "$XCH_BASE/no-such-src" /x "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --bind: $XCH_BASE/no-such-src: No such file or directory" ]
	[ ! -e "$ROOT/x" ]
	[ ! -e "$ROOT/t" ]
	assert_nothing_left
}

@test "a target that is the root itself is refused" {
	require_root
	run_split xchroot --tmpfs / "$ROOT" true
	[ "$status" -eq 125 ]
	[ "$stderr" = "xchroot: --tmpfs: '/': not a path below the new root" ]
	run_split xchroot --bind /etc /a/.. "$ROOT" true
	[ "$status" -eq 125 ]
}
