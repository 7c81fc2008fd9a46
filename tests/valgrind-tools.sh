#!/bin/sh
# The main paths of xlsns, xnsenter, xnetns, xcgexec, xchroot and xrunc
# under valgrind, for `make check-valgrind` (xunshare has its own script):
# a listing, entering a namespace, a group made and removed (and xcgexec's
# timeout, OOM and --gc exits), a contained root, the runtime's read-only
# commands, and the --help and bad-input exits.
# Usage: valgrind-tools.sh BUILDDIR [VALGRIND [FLAGS...]]
vg_script=tests/valgrind-tools.sh
. "$(dirname "$0")/valgrind-common.sh"

b=$builddir
# a root with a static busybox, for xchroot
mkdir -p "$tmp/root/bin"
bb=$(command -v busybox || true)
[ -n "$bb" ] && cp "$bb" "$tmp/root/bin/busybox"

[ -x "$b/xlsns" ] && {
	check 0 "$@" "$b/xlsns"
	check 0 "$@" "$b/xlsns" -J -o NS,TYPE,NPROCS,PID,COMMAND
	check 0 "$@" "$b/xlsns" -t net -o NS,NETNSID,NSFS
	check 1 "$@" "$b/xlsns" -Q 'NPROCS >'
}
[ -x "$b/xnsenter" ] && {
	check 0 "$@" "$b/xnsenter" -t $$ -n -u true
	check 0 "$@" "$b/xnsenter" -t $$ -a true
	check 1 "$@" "$b/xnsenter" -t 0 -n true
	check 0 "$@" "$b/xnsenter" --help
}
[ -x "$b/xnetns" ] && {
	check 0 "$@" "$b/xnetns" list
	check 0 "$@" "$b/xnetns" -j list-id
	check 1 "$@" "$b/xnetns" add 'xns/bad'
}
[ -x "$b/xcgexec" ] && {
	check 0 "$@" "$b/xcgexec" -m 100M -p 50 true
	check 0 "$@" "$b/xcgexec" -m 100M -s -J true
	# the timeout's exit, the OOM killer's (where swap can be limited too,
	# else tail(1) only swaps) and --gc: each once leaked what it had read
	check 124 "$@" "$b/xcgexec" -t 100ms sleep 5
	"$b/xcgexec" -m 64M --swap 0 true 2>/dev/null &&
		check 137 "$@" "$b/xcgexec" -m 64M --swap 0 tail /dev/zero
	check 0 "$@" "$b/xcgexec" --gc
	check 1 "$@" "$b/xcgexec" -m lots true
}
[ -x "$b/xchroot" ] && [ -n "$bb" ] && {
	check 0 "$@" "$b/xchroot" "$tmp/root" /bin/busybox true
	check 0 "$@" "$b/xchroot" --no-pivot "$tmp/root" /bin/busybox true
	check 127 "$@" "$b/xchroot" "$tmp/root" /no-such-command
	check 125 "$@" "$b/xchroot" "$tmp/no-such-root" /bin/busybox true
}
[ -x "$b/xrunc" ] && {
	mkdir -p "$tmp/bundle"
	check 0 "$@" "$b/xrunc" spec -b "$tmp/bundle"
	check 0 "$@" "$b/xrunc" --root "$tmp/state" list --format json
	check 0 "$@" "$b/xrunc" features
	check 1 "$@" "$b/xrunc" --root "$tmp/state" state xns-nothere
	check 1 "$@" "$b/xrunc" --root "$tmp/state" create -b "$tmp/bundle" '../x'
}
vg_done
