#!/bin/sh
# xunshare's main paths under valgrind, for `make check-valgrind`: the
# mount namespace with each propagation, proc, user namespaces with single
# and range maps (the helper outside), persisting, --init, and the bad
# input and --help exits.  Every run forks (-f): without a fork the command
# replaces xunshare and valgrind with it, and its verdict is lost.
# Usage: valgrind.sh BUILDDIR [VALGRIND [FLAGS...]]
set -u
builddir=${1:?builddir}
shift
[ $# -gt 0 ] || set -- valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --child-silent-after-fork=yes
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: tests/xunshare/valgrind.sh: needs root"
	exit 77
fi
tmp=$(mktemp -d /tmp/xns-vg.XXXXXX)
trap 'umount "$tmp/uts" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0

# $1: the exit status expected; the rest: xunshare's arguments
check() {
	want=$1
	shift
	"$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		cat "$tmp/err"
		echo "FAIL: $(echo "$*" | sed "s/.*xunshare/xunshare/") (valgrind, exit $rc, wanted $want)"
		fail=$((fail + 1))
	else
		echo "PASS: $(echo "$*" | sed 's/.*xunshare/xunshare/') (valgrind)"
	fi
}

x="$builddir/xunshare"
check 0 "$@" "$x" -f true
check 0 "$@" "$x" -mf true
check 0 "$@" "$x" -mf --propagation slave --mount-proc -p true
check 0 "$@" "$x" -mf --propagation unchanged true
check 0 "$@" "$x" -rf true
check 0 "$@" "$x" -f --map-users=0:100000:10 --map-groups=0:100000:10 true
check 0 "$@" "$x" -f --uts="$tmp/uts" true
umount "$tmp/uts" && rm -f "$tmp/uts"
check 0 "$@" "$x" -fp --init --mount-proc true
check 0 "$@" "$x" -f -T --monotonic 5 true
check 0 "$@" "$x" --help
check 1 "$@" "$x" --bogus
check 1 "$@" "$x" --map-users=1:2 true
check 1 "$@" "$x" --net="$tmp/nope/net" true
echo "tests/xunshare/valgrind.sh: $fail failed"
[ "$fail" -eq 0 ]
