#!/usr/bin/env bats
# xunshare: each option's effect seen from inside the new namespaces, as root
# and unprivileged, compared with util-linux unshare where both should agree.

load ../helpers

setup() {
	make_tmp
}

teardown() {
	kill_started
	teardown_tmp
	del_test_user
}

# --- help, version, usage errors ------------------------------------------

@test "--help is util-linux style, on stdout, exit 0" {
	run xunshare --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage:" ]]
	[[ "$output" == *" -m, --mount[=<file>]"* ]]
	[[ "${lines[-1]}" == "See xunshare(1)." ]]
}

@test "-V prints the version" {
	run xunshare -V
	[ "$status" -eq 0 ]
	[[ "$output" == "xunshare from xns-utils "* ]]
}

@test "an unknown option says so in one line and points at --help, exit 1" {
	run_split xunshare --bogus true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"unrecognized option"* ]]
	[[ "$stderr" == *"Try 'xunshare --help' for more information."* ]]
}

@test "a full stdout is a write error, --help and -V too (exit 1)" {
	for opt in --help -V; do
		run_split sh -c "xunshare $opt >/dev/full"
		[ "$status" -eq 1 ]
		[ "$stderr" = "xunshare: write error: No space left on device" ]
	done
	run_split sh -c 'xunshare -r echo hi >/dev/full'
	[ "$status" -eq 1 ]   # the command's own write error, its own status
}

# --- the namespaces, seen from inside ---------------------------------------

@test "-u: the hostname changes inside, not outside" {
	require_root
	before=$(hostname)
	run xunshare -u sh -c 'hostname xns-inside && hostname'
	[ "$status" -eq 0 ]
	[ "$output" = "xns-inside" ]
	[ "$(hostname)" = "$before" ]
}

@test "--hostname sets the name and implies -u" {
	require_root
	before=$(hostname)
	run xunshare --hostname xns-host hostname
	[ "$status" -eq 0 ]
	[ "$output" = "xns-host" ]
	[ "$(hostname)" = "$before" ]
}

@test "-fp --mount-proc: ps sees itself as PID 1 and nothing else" {
	require_root
	run xunshare -fp --mount-proc ps -eo pid=,comm=
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk '{print $1}')" = "1" ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "-fp: a new pid namespace, one level below ours" {
	require_root
	# the host's /proc shows both PIDs: the host's and the new namespace's
	run xunshare -fp sh -c 'echo $$; grep NSpid /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1" ]
	[ "$(echo "${lines[1]}" | awk '{print NF}')" -eq 3 ]
	[ "$(echo "${lines[1]}" | awk '{print $3}')" -eq 2 ]
}

@test "-n: only lo, and it is down" {
	require_root
	run xunshare -n ip -o link show
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *": lo: "* ]]
	[[ "$output" == *"state DOWN"* ]]
}

@test "-i: a System V queue made inside is not seen outside" {
	require_root
	require_cmd ipcmk ipcs
	run xunshare -i sh -c 'ipcmk -Q >/dev/null && ipcs -q | grep -c "^0x"'
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run xunshare -i sh -c 'ipcs -q | grep -c "^0x" || true'
	[ "$status" -eq 0 ]
	[ "$output" = "0" ]
}

@test "-C: the cgroup namespace makes our cgroup its root" {
	require_root
	require_ns cgroup
	run xunshare -C cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	# every hierarchy shows "/" as the path of the process that made it
	while read -r line; do
		[ "${line##*:}" = "/" ]
	done <<<"$output"
}

@test "-m: a mount made inside does not appear outside" {
	require_root
	mkdir "$XNS_TMP/m"
	run xunshare -m sh -c "mount -t tmpfs xns-tmpfs '$XNS_TMP/m' && grep -c xns-tmpfs /proc/self/mountinfo"
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run grep -c xns-tmpfs /proc/self/mountinfo
	[ "$output" = "0" ]
}

@test "--propagation slave|shared|private: a shared mount of ours, seen inside" {
	require_root
	mkdir "$XNS_TMP/s"
	mount --bind "$XNS_TMP/s" "$XNS_TMP/s"
	mount --make-shared "$XNS_TMP/s"
	show="awk -v t='$XNS_TMP/s' '\$5 == t' /proc/self/mountinfo"
	run xunshare -m --propagation slave sh -c "$show"
	[ "$status" -eq 0 ]
	[[ "$output" == *"master:"* && "$output" != *"shared:"* ]]
	run xunshare -m --propagation shared sh -c "$show"
	[ "$status" -eq 0 ]
	[[ "$output" == *"shared:"* ]]
	run xunshare -m sh -c "$show"
	[ "$status" -eq 0 ]
	[[ "$output" != *"shared:"* && "$output" != *"master:"* ]]
	# a mount made inside a slave does not come back out
	run xunshare -m --propagation slave mount -t tmpfs xns-slave "$XNS_TMP/s"
	[ "$status" -eq 0 ]
	run grep -c xns-slave /proc/self/mountinfo
	[ "$output" = "0" ]
	umount "$XNS_TMP/s"
}

@test "valgrind: a run with a mount namespace and proc has no error (mount types are strings)" {
	require_root
	require_valgrind xunshare
	# -f: else the command replaces xunshare and valgrind's verdict is lost
	run_split valgrind -q --error-exitcode=99 xunshare -mfp --propagation slave --mount-proc true
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "-T --monotonic --boottime: offsets show in /proc/uptime" {
	require_root
	require_ns time
	host=$(cut -d' ' -f1 /proc/uptime)
	run xunshare -fT --boottime 86400 cut -d' ' -f1 /proc/uptime
	[ "$status" -eq 0 ]
	inside=${output%%.*}
	[ "$inside" -ge $(( ${host%%.*} + 86400 )) ]
	[ "$inside" -lt $(( ${host%%.*} + 86400 + 60 )) ]
	run xunshare -fT --monotonic -5 cat /proc/self/timens_offsets
	[ "$status" -eq 0 ]
	[[ "$output" == *"monotonic"*"-5 "* ]]
}

# --- user namespaces and maps ---------------------------------------------

@test "-r: root inside, the caller outside; setgroups denied" {
	run xunshare -r sh -c 'id -u; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0" ]
	[ "$(echo ${lines[1]})" = "0 $(id -u) 1" ]
	[ "$(echo ${lines[2]})" = "0 $(id -g) 1" ]
	[ "${lines[3]}" = "deny" ]
}

@test "-r as an unprivileged user agrees with util-linux unshare -r" {
	require_cmd setpriv unshare
	run as_user xunshare -r sh -c 'id -u; cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	ours=$output
	run as_user unshare -r sh -c 'id -u; cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	[ "$output" = "$ours" ]
	[ "${lines[0]}" = "0" ]
	[[ "$(echo $ours)" == *"0 $XNS_UID 1"* ]]
}

@test "-c as an unprivileged user keeps the caller's IDs" {
	require_cmd setpriv
	run as_user xunshare -c sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$XNS_UID" ]
	[ "${lines[1]}" = "$XNS_UID" ]
}

@test "-Ur -fp --mount-proc unprivileged: a rootless container sees PID 1" {
	require_cmd setpriv
	run as_user xunshare -Ur -fp --mount-proc ps -eo pid=,user=
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "1 root" ]
}

@test "--map-user/--map-group map the caller to the IDs named" {
	run xunshare --map-user=1234 --map-group=5678 sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1234" ]
	[ "${lines[1]}" = "5678" ]
}

@test "--map-users/--map-groups as root write the ranges given, both spellings" {
	require_root
	run xunshare --map-users=0:100000:1000 --map-groups=100000,0,1000 \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	[ "$(echo ${lines[0]})" = "0 100000 1000" ]
	[ "$(echo ${lines[1]})" = "0 100000 1000" ]
	# (util-linux 2.38 runs newuidmap even as root, which needs a subuid
	# line for root: nothing to compare with on a stock machine)
}

@test "--map-users is repeatable, --map-user splits a range around itself" {
	require_root
	run xunshare --map-users=1:200000:10 --map-users=100:300000:5 --map-user=0 \
		cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[[ "$(echo $output)" == *"1 200000 10"* ]]
	[[ "$(echo $output)" == *"100 300000 5"* ]]
	[[ "$(echo $output)" == *"0 0 1"* ]]
}

@test "--map-users=all maps every ID we have to itself" {
	require_root
	run xunshare --map-users=all --map-groups=all cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "0 0 4294967295" ]
}

@test "--map-auto unprivileged, through newuidmap and /etc/subuid" {
	require_root
	require_cmd newuidmap newgidmap useradd
	add_test_user
	run as_test_user xunshare --map-auto sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	[ "$(echo ${lines[0]})" = "0 $XNS_SUBID_BASE 65536" ]
	[ "$(echo ${lines[1]})" = "0 $XNS_SUBID_BASE 65536" ]
}

# xunshare $2... as root with /etc/subuid and /etc/subgid holding the line $1,
# bound over the real files in a mount namespace of its own (never changed)
with_subids() {
	local line=$1
	shift
	printf '%s\n' "$line" > "$XNS_TMP/subid"
	xunshare -m sh -c 'mount --bind "$0" /etc/subuid && mount --bind "$0" /etc/subgid && exec "$@"' \
		"$XNS_TMP/subid" "$@"
}

@test "-r --map-auto maps the whole subordinate block, from inner 1 (util-linux PR #4457)" {
	require_root
	run with_subids root:100000:65536 xunshare -r --map-auto cat /proc/self/uid_map /proc/self/gid_map
	[ "$status" -eq 0 ]
	echo "$output"
	# both maps: the caller at 0, then all 65536 subordinate IDs
	[ "${#lines[@]}" -eq 4 ]
	[ "$(grep -cE '^ *0 +0 +1$' <<<"$output")" -eq 2 ]
	[ "$(grep -cE '^ *1 +100000 +65536$' <<<"$output")" -eq 2 ]
	# a block of one ID maps that ID
	run with_subids root:100000:1 xunshare -r --map-auto cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[[ "$(echo $output)" == *"1 100000 1"* ]]
	[[ "$(echo $output)" == *"0 0 1"* ]]
	# without a single ID the block starts at 0, as before
	run with_subids root:100000:65536 xunshare --map-auto cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "0 100000 65536" ]
}

@test "-r --map-auto unprivileged: newuidmap maps the caller at 0 and the whole block" {
	require_root
	require_cmd newuidmap newgidmap useradd
	add_test_user
	run as_test_user xunshare -r --map-auto cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[[ "$(echo $output)" == *"0 $XNS_USER_UID 1"* ]]
	[[ "$(echo $output)" == *"1 $XNS_SUBID_BASE 65536"* ]]
}

@test "--map-subids with -r: root is the caller, the subordinate block maps to itself" {
	require_root
	require_cmd newuidmap newgidmap useradd
	add_test_user
	run as_test_user xunshare --map-subids -r sh -c 'id -u; cat /proc/self/uid_map'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0" ]
	[[ "$(echo $output)" == *"0 $XNS_USER_UID 1"* ]]
	[[ "$(echo $output)" == *"$XNS_SUBID_BASE $XNS_SUBID_BASE 65536"* ]]
}

@test "--map-auto for a user with no subordinate IDs says which file and user" {
	require_cmd setpriv
	run_split as_user xunshare --map-auto true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xunshare: /etc/subuid: "* ]] || [[ "$stderr" == "xunshare: cannot read /etc/subuid"* ]]
}

@test "--owner: the new user namespace belongs to the uid given" {
	require_root
	run xunshare --owner 4321:4321 --map-user=0 --map-group=0 --user="$XNS_TMP/user" true
	[ "$status" -eq 0 ]
	# its owner holds every capability in it and may join; another user may not
	run setpriv --reuid 4321 --regid 4321 --clear-groups nsenter --user="$XNS_TMP/user" --preserve-credentials true
	[ "$status" -eq 0 ]
	run setpriv --reuid 4322 --regid 4322 --clear-groups nsenter --user="$XNS_TMP/user" --preserve-credentials true
	[ "$status" -ne 0 ]
	umount "$XNS_TMP/user"
}

@test "--setgroups allow with range maps, where the kernel allows it (root)" {
	require_root
	run xunshare --map-users=0:100000:10 --map-groups=0:100000:10 --setgroups allow \
		cat /proc/self/setgroups
	[ "$status" -eq 0 ]
	[ "$output" = "allow" ]
	# root writes them from outside, with CAP_SETGID: setgroups is left
	# alone for one ID too (only -r, -c, --map-group deny it, as unshare does)
	run xunshare --map-users=0:100000:1 --map-groups=0:100000:1 cat /proc/self/setgroups
	[ "$status" -eq 0 ]
	[ "$output" = "allow" ]
	run xunshare --map-users=0:100000:10 --map-groups=0:100000:10 cat /proc/self/setgroups
	[ "$status" -eq 0 ]
	[ "$output" = "allow" ]
}

@test "--setgroups deny is visible inside" {
	require_root
	run xunshare -U --setgroups deny cat /proc/self/setgroups
	[ "$status" -eq 0 ]
	[ "$output" = "deny" ]
}

@test "-S/-G set the IDs the command runs with" {
	require_root
	run xunshare -S 65534 -G 65534 sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "65534" ]
	[ "${lines[1]}" = "65534" ]
}

@test "--keep-caps: capabilities of the user namespace survive exec" {
	require_cmd setpriv
	run as_user xunshare -r --keep-caps awk '/^CapAmb/ {print $2}' /proc/self/status
	[ "$status" -eq 0 ]
	[ "$output" != "0000000000000000" ]
	run as_user xunshare -r awk '/^CapAmb/ {print $2}' /proc/self/status
	[ "$status" -eq 0 ]
	[ "$output" = "0000000000000000" ]
}

# --- root, working directory, environment ----------------------------------

@test "-w changes the working directory, -R the root" {
	require_root
	require_cmd busybox
	run xunshare -w "$XNS_TMP" pwd
	[ "$status" -eq 0 ]
	[ "$output" = "$XNS_TMP" ]
	mkdir -p "$XNS_TMP/root/bin" "$XNS_TMP/root/xns-marker"
	cp "$(command -v busybox)" "$XNS_TMP/root/bin/busybox"
	run xunshare -R "$XNS_TMP/root" /bin/busybox ls /
	[ "$status" -eq 0 ]
	[[ "$output" == *"xns-marker"* ]]
}

# a root whose NSS module writes /xns-nss-marker (inside the root) when loaded
plant_nss_root() {
	local r=$XNS_TMP/root d
	mkdir -p "$r/bin" "$r/etc"
	cp "$(command -v busybox)" "$r/bin/busybox"
	printf 'passwd: xnsplant\ngroup: xnsplant\nshadow: xnsplant\n' > "$r/etc/nsswitch.conf"
	cat > "$XNS_TMP/plant.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void plant(void)
{
	int fd = open("/xns-nss-marker", O_WRONLY | O_CREAT, 0644);
	if (fd >= 0)
		close(fd);
}
C
	gcc -shared -fPIC -o "$XNS_TMP/libnss_xnsplant.so.2" "$XNS_TMP/plant.c"
	for d in lib lib64 usr/lib lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
		mkdir -p "$r/$d"
		cp "$XNS_TMP/libnss_xnsplant.so.2" "$r/$d/"
	done
	# the control: a program that looks a name up after chroot(2) loads it
	cat > "$XNS_TMP/lookup.c" <<'C'
#include <pwd.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	(void) argc;
	if (chroot(argv[1]) < 0 || chdir("/") < 0)
		return 2;
	getpwnam("nobody");
	return 0;
}
C
	gcc -o "$XNS_TMP/lookup" "$XNS_TMP/lookup.c"
}

@test "-S/-G names and -R: no name is looked up inside the new root (its NSS modules never load)" {
	require_root
	require_cmd busybox gcc
	plant_nss_root
	"$XNS_TMP/lookup" "$XNS_TMP/root"
	[ -e "$XNS_TMP/root/xns-nss-marker" ] || skip "the planted NSS module does not load here"
	rm "$XNS_TMP/root/xns-nss-marker"
	# numeric IDs: no lookup ever happened, a late one would read the root's config
	run xunshare -R "$XNS_TMP/root" -S 65534 -G 65534 /bin/busybox id -u
	[ "$status" -eq 0 ]
	[ "$output" = "65534" ]
	[ ! -e "$XNS_TMP/root/xns-nss-marker" ]
	run xunshare -R "$XNS_TMP/root" -S nobody -G nogroup /bin/busybox id -u
	[ "$status" -eq 0 ]
	[ "$output" = "65534" ]
	[ ! -e "$XNS_TMP/root/xns-nss-marker" ]
	run xunshare -m -R "$XNS_TMP/root" --map-user=nobody --map-group=nogroup -w / /bin/busybox true
	[ "$status" -eq 0 ]
	[ ! -e "$XNS_TMP/root/xns-nss-marker" ]
}

@test "--clear-env and --whitelist-env" {
	run env -i XNS_A=1 XNS_B=2 PATH="$PATH" "$(command -v xunshare)" --clear-env /usr/bin/env
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run env -i XNS_A=1 XNS_B=2 PATH="$PATH" "$(command -v xunshare)" --whitelist-env XNS_B,NOPE /usr/bin/env
	[ "$status" -eq 0 ]
	[ "$output" = "XNS_B=2" ]
}

@test "--mount-binfmt and -l: an interpreter registered inside only" {
	require_root
	[ -e /proc/sys/fs/binfmt_misc ] || skip "no binfmt_misc"
	# a new proc needs a new PID namespace, and writing register a mapped root
	run xunshare -r -fp --mount-binfmt ls /proc/sys/fs/binfmt_misc
	[ "$status" -eq 0 ] || skip "this kernel has no binfmt_misc in user namespaces: $output"
	[[ "$output" == *register* ]]
	run xunshare -r -fp -l ':xnstest:E::xnst::/bin/true:' ls /proc/sys/fs/binfmt_misc
	[ "$status" -eq 0 ]
	[[ "$output" == *xnstest* ]]
	[ ! -e /proc/sys/fs/binfmt_misc/xnstest ]
}

# --- persisting --------------------------------------------------------------

@test "--uts=FILE persists a namespace that util-linux nsenter enters" {
	require_root
	xunshare --uts="$XNS_TMP/uts" --hostname xns-kept true
	run nsenter --uts="$XNS_TMP/uts" hostname
	[ "$status" -eq 0 ]
	[ "$output" = "xns-kept" ]
	umount "$XNS_TMP/uts"
}

@test "--net and --mount persisted at once, all entered" {
	require_root
	xunshare --net="$XNS_TMP/net" --mount="$XNS_TMP/mnt" true
	run nsenter --net="$XNS_TMP/net" ip -o link
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	run nsenter --mount="$XNS_TMP/mnt" true
	[ "$status" -eq 0 ]
	umount "$XNS_TMP/net" "$XNS_TMP/mnt"
}

@test "--pid=FILE with --fork persists pid_for_children" {
	require_root
	# the namespace's init must live for a process to join it
	xunshare -f --pid="$XNS_TMP/pid" sh -c "echo \$\$ > $XNS_TMP/ready; while [ ! -e $XNS_TMP/stop ]; do sleep 0.05; done" &
	XNS_PIDS+=($!)
	wait_for "$XNS_TMP/ready"
	[ "$(cat "$XNS_TMP/ready")" = 1 ]
	[ "$(stat -L -c %i "$XNS_TMP/pid")" != "$(stat -L -c %i /proc/self/ns/pid)" ]
	run nsenter --pid="$XNS_TMP/pid" sh -c 'echo $$'
	[ "$status" -eq 0 ]
	[ "$output" -gt 1 ]
	touch "$XNS_TMP/stop"
	wait "${XNS_PIDS[0]}"
	XNS_PIDS=()
	umount "$XNS_TMP/pid"
}

@test "--user=FILE persisted by root" {
	require_root
	xunshare --user="$XNS_TMP/user" -r true
	run nsenter --user="$XNS_TMP/user" cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "0 0 1" ]
	umount "$XNS_TMP/user"
}

@test "a mount namespace on a shared target: a clear message and nothing left" {
	require_root
	mkdir "$XNS_TMP/s"
	mount --bind "$XNS_TMP/s" "$XNS_TMP/s"
	mount --make-shared "$XNS_TMP/s"
	run_split xunshare --propagation unchanged --mount="$XNS_TMP/s/mnt" true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"it sits on a shared mount"*"mount --make-private"* ]]
	[ ! -e "$XNS_TMP/s/mnt" ]
	# the default private propagation lets the same bind through
	run xunshare --mount="$XNS_TMP/s/mnt" true
	[ "$status" -eq 0 ]
	umount "$XNS_TMP/s/mnt"
	umount "$XNS_TMP/s"
}

@test "a target that holds a namespace already is refused, not stacked" {
	require_root
	xunshare --uts="$XNS_TMP/uts" true
	run_split xunshare --net="$XNS_TMP/uts" true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"holds a namespace already"* ]]
	[ "$(grep -c "$XNS_TMP/uts" /proc/self/mountinfo)" -eq 1 ]
	umount "$XNS_TMP/uts"
}

# the number of mounts on $1
mounts_on() {
	awk -v t="$1" '$5 == t' /proc/self/mountinfo | wc -l
}

@test "two runs persisting onto one file at once: exactly one wins, one mount" {
	require_root
	require_cmd strace
	# the first run is held in mount(2) for 2 s, after its check of the
	# file: the second checks and mounts meanwhile (before the fix both
	# succeeded and stacked two mounts)
	strace -f -qq -o /dev/null -e trace=mount -e inject=mount:delay_enter=2000000 \
		xunshare --uts="$XNS_TMP/uts" true 2>"$XNS_TMP/first.err" &
	XNS_PIDS+=($!)
	wait_for "$XNS_TMP/uts"
	run_split xunshare --uts="$XNS_TMP/uts" true
	second=$status
	first=0
	wait "${XNS_PIDS[0]}" || first=$?
	XNS_PIDS=()
	echo "first $first ($(cat "$XNS_TMP/first.err")), second $second ($stderr)"
	[ "$(mounts_on "$XNS_TMP/uts")" -eq 1 ]
	[ $(( (first == 0) + (second == 0) )) -eq 1 ]
	[[ "$(cat "$XNS_TMP/first.err") $stderr" == *"$XNS_TMP/uts: holds a namespace already"* ]]
	umount "$XNS_TMP/uts"
}

@test "xunshare killed while persisting: nothing is left bound or made" {
	require_root
	require_cmd strace
	# each bind is held 1 s; xunshare dies by SIGKILL once the first is made
	strace -f -qq -o /dev/null -e trace=mount -e inject=mount:delay_exit=1000000 \
		xunshare --ipc="$XNS_TMP/ipc" --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" true &
	XNS_PIDS+=($!)
	for _ in $(seq 200); do
		[ "$(mounts_on "$XNS_TMP/ipc")" -ge 1 ] && break
		sleep 0.05
	done
	[ "$(mounts_on "$XNS_TMP/ipc")" -eq 1 ]
	main=$(pgrep -P "${XNS_PIDS[0]}" -x xunshare)
	kill -KILL "$main"
	# strace ends with the last of them: the helper, once it has undone all
	wait "${XNS_PIDS[0]}" || true
	XNS_PIDS=()
	for f in ipc uts net; do
		[ "$(mounts_on "$XNS_TMP/$f")" -eq 0 ]
		[ ! -e "$XNS_TMP/$f" ]
	done
}

@test "xunshare killed after every bind, before its word: nothing is left" {
	require_root
	require_cmd strace
	# the helper's reply is held 2.5 s on its way in: xunshare, told that all
	# is bound, dies by SIGKILL in that window (before the fix, with the
	# same window on its read(2), the helper left all three bound)
	strace -f -qq -o /dev/null -e trace=recvfrom -e inject=recvfrom:delay_exit=2500000 \
		xunshare --ipc="$XNS_TMP/ipc" --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" true &
	XNS_PIDS+=($!)
	for _ in $(seq 500); do
		[ "$(mounts_on "$XNS_TMP/net")" -ge 1 ] && break
		sleep 0.02
	done
	[ "$(mounts_on "$XNS_TMP/net")" -eq 1 ]
	kill -KILL "$(pgrep -P "${XNS_PIDS[0]}" -x xunshare)"
	wait "${XNS_PIDS[0]}" || true
	XNS_PIDS=()
	for f in ipc uts net; do
		[ "$(mounts_on "$XNS_TMP/$f")" -eq 0 ]
		[ ! -e "$XNS_TMP/$f" ]
	done
}

@test "a lost reply of the helper: a message, exit 1, nothing persisted" {
	require_root
	require_cmd strace
	# the one recvfrom(2) of xunshare itself is its wait for the reply
	run_split strace -qq -o /dev/null -e trace=recvfrom -e inject=recvfrom:error=EIO:when=1 \
		xunshare --uts="$XNS_TMP/uts" --net="$XNS_TMP/net" true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xunshare: no reply from the helper process outside: Input/output error" ]
	for f in uts net; do
		[ "$(mounts_on "$XNS_TMP/$f")" -eq 0 ]
		[ ! -e "$XNS_TMP/$f" ]
	done
}

@test "a failed persist undoes the others: nothing is left" {
	require_root
	# net is bound after ipc and uts; its folder is missing
	run_split xunshare --ipc="$XNS_TMP/ipc" --uts="$XNS_TMP/uts" --net="$XNS_TMP/nope/net" true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xunshare: cannot create $XNS_TMP/nope/net: No such file or directory" ]
	for f in ipc uts; do
		[ "$(mounts_on "$XNS_TMP/$f")" -eq 0 ]
		[ ! -e "$XNS_TMP/$f" ]
	done
	# a file that was there before stays, unmounted
	: > "$XNS_TMP/uts"
	run xunshare --uts="$XNS_TMP/uts" --net="$XNS_TMP/nope/net" true
	[ "$status" -eq 1 ]
	[ -f "$XNS_TMP/uts" ]
	[ "$(mounts_on "$XNS_TMP/uts")" -eq 0 ]
}

# --- children, signals, init, exit status -----------------------------------

@test "exit status is the command's; 127 not found; 126 not runnable" {
	run xunshare -r sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run_split xunshare -r xns-no-such-command
	[ "$status" -eq 127 ]
	[[ "$stderr" == "xunshare: failed to execute xns-no-such-command: No such file or directory" ]]
	touch "$XNS_TMP/noexec"
	run xunshare -r "$XNS_TMP/noexec"
	[ "$status" -eq 126 ]
}

@test "with --fork, a child killed by a signal is re-raised (128+N)" {
	run xunshare -rf sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	run unshare -rf sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
}

@test "--kill-child: the child dies when xunshare is SIGKILLed" {
	require_root
	xunshare -fp --kill-child sleep 1000 &
	outer=$!
	for _ in $(seq 50); do
		child=$(pgrep -P "$outer" -x sleep || true)
		[ -n "$child" ] && break
		sleep 0.05
	done
	[ -n "$child" ]
	kill -KILL "$outer"
	wait "$outer" || true
	for _ in $(seq 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.05; done
	run kill -0 "$child"
	[ "$status" -ne 0 ]
}

@test "--kill-child=TERM sends the signal named" {
	require_root
	xunshare -f --kill-child=TERM sh -c "trap 'echo got-term > $XNS_TMP/sig; exit 0' TERM; while :; do sleep 0.05; done" &
	outer=$!
	sleep 0.3
	kill -KILL "$outer"
	for _ in $(seq 60); do [ -s "$XNS_TMP/sig" ] && break; sleep 0.05; done
	[ "$(cat "$XNS_TMP/sig")" = "got-term" ]
}

@test "--forward-signals: SIGTERM sent to xunshare reaches the child" {
	xunshare -r --forward-signals sh -c "trap 'echo fwd > $XNS_TMP/sig; exit 3' TERM; touch $XNS_TMP/ready; while :; do sleep 0.05; done" &
	outer=$!
	for _ in $(seq 100); do [ -e "$XNS_TMP/ready" ] && break; sleep 0.05; done
	kill -TERM "$outer"
	rc=0; wait "$outer" || rc=$?
	[ "$rc" -eq 3 ]
	[ "$(cat "$XNS_TMP/sig")" = "fwd" ]
}

# zombies in the pid namespace whose init is the child of $1 (-1: none)
zombies_below() {
	local init ns
	init=$(pgrep -P "$1" | head -1)
	[ -n "$init" ] || { echo -1; return; }
	ns=$(stat -L -c %i "/proc/$init/ns/pid") || { echo -1; return; }
	ps -eo pidns=,stat= | awk -v ns="$ns" '$1 == ns && $2 ~ /^Z/ { n++ } END { print n + 0 }'
}

# wait up to 10 s for file $1
wait_for() {
	local _
	for _ in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.05; done
	return 1
}

@test "--init reaps orphans: no zombie is left inside" {
	require_root
	# the orphan's parent exits at once; then PID 1 becomes a program that
	# never waits: without an init the orphan stays a zombie (no fork
	# between, so the shell cannot reap it by chance before the exec)
	cmd="(sh -c 'sleep 0.3; : > $XNS_TMP/done' &); : > $XNS_TMP/ready; exec sleep 5"
	xunshare -fp --init sh -c "$cmd" &
	outer=$!
	wait_for "$XNS_TMP/done"
	sleep 0.5
	[ "$(zombies_below "$outer")" -eq 0 ]
	kill "$outer"; wait "$outer" || true
	rm -f "$XNS_TMP/ready" "$XNS_TMP/done"
	# the control, without --init
	xunshare -fp --kill-child sh -c "$cmd" &
	outer=$!
	wait_for "$XNS_TMP/done"
	for _ in $(seq 100); do
		z=$(zombies_below "$outer")
		[ "$z" -ge 1 ] && break
		sleep 0.05
	done
	kill "$outer"; wait "$outer" || true
	echo "zombies without --init: $z"
	[ "$z" -eq 1 ]
}

@test "--init passes SIGTERM to the command and exits with its status" {
	require_root
	xunshare -fp --init sh -c "trap 'exit 5' TERM; touch $XNS_TMP/ready; while :; do sleep 0.05; done" &
	outer=$!
	for _ in $(seq 100); do [ -e "$XNS_TMP/ready" ] && break; sleep 0.05; done
	kill -TERM "$outer"
	rc=0; wait "$outer" || rc=$?
	[ "$rc" -eq 5 ]
}

# --- bad input: one line, exit 1, nothing left behind ------------------------

@test "bad input: malformed maps, modes, signals and combinations" {
	local cases=(
		"--map-users=1:2|--map-users: '1:2': expected"
		"--map-users=0:4294967295:2|--map-users: '0:4294967295:2': range out of bounds"
		"--map-users=a:b:c|--map-users: 'a:b:c': expected"
		"--map-users=0:1:0|--map-users: '0:1:0': expected"
		"--map-user=xns-no-such-user|--map-user: 'xns-no-such-user': no such user or group"
		"--propagation=bogus|--propagation: 'bogus': unsupported mode"
		"--kill-child=BOGUS|--kill-child: 'BOGUS': invalid value"
		"--setgroups=maybe|--setgroups: 'maybe': must be allow or deny"
		"--monotonic=abc|--monotonic: 'abc': not a number of seconds"
		"--monotonic=5|require unsharing of a time namespace"
		"--init|--init needs a new pid namespace"
	)
	for c in "${cases[@]}"; do
		run_split xunshare "${c%%|*}" true
		echo "case ${c%%|*}: status $status stderr $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "xunshare: "*"${c#*|}"* ]]
		[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	done
}

@test "bad input: --setgroups allow with --map-group" {
	run_split xunshare -U --setgroups allow --map-group=0 true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xunshare: options --setgroups=allow and --map-group are mutually exclusive" ]
}

@test "bad input: a persisted pid namespace without --fork, nothing created" {
	require_root
	run_split xunshare --pid="$XNS_TMP/pid" true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xunshare: persisting a pid or time namespace needs --fork"* ]]
	[ ! -e "$XNS_TMP/pid" ]
}

@test "bad input: a persist target in a missing folder, nothing mounted" {
	require_root
	run_split xunshare --net="$XNS_TMP/nope/net" --uts="$XNS_TMP/uts" true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "xunshare: cannot create $XNS_TMP/nope/net: No such file or directory" ]]
	run grep -c "$XNS_TMP" /proc/self/mountinfo
	[ "$output" = "0" ]
}

@test "bad input: unprivileged without -U fails with the kernel's reason" {
	require_cmd setpriv
	run_split as_user xunshare -n true
	[ "$status" -eq 1 ]
	[ "$stderr" = "xunshare: unshare failed: Operation not permitted" ]
}
