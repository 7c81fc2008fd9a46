#!/bin/sh
# The main paths of xlsns, xnsenter, xnetns, xcgexec, xchroot and xrunc
# under valgrind, for `make check-valgrind` (xunshare has its own script):
# a listing, entering a namespace, a group made and removed, a contained
# root, the runtime's read-only commands, and the --help and bad-input
# exits.  (--vgdb=no: valgrind's pipes in /tmp are gone once xchroot has
# pivoted.)  Usage: valgrind-tools.sh BUILDDIR [VALGRIND [FLAGS...]]
set -u
builddir=${1:?builddir}
shift
[ $# -gt 0 ] || set -- valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --child-silent-after-fork=yes
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: tests/valgrind-tools.sh: needs root"
	exit 77
fi
tmp=$(mktemp -d /tmp/xns-vgt.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

# $1: the exit status expected; the rest: the command under valgrind
check() {
	want=$1
	shift
	"$@" >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	name=$(echo "$*" | sed "s|.*$builddir/||")
	if [ "$rc" != "$want" ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		cat "$tmp/err"
		echo "FAIL: $name (valgrind, exit $rc, wanted $want)"
		fail=$((fail + 1))
	else
		echo "PASS: $name (valgrind)"
	fi
}

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
echo "tests/valgrind-tools.sh: $fail failed"
[ "$fail" -eq 0 ]
