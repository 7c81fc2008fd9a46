# shellcheck shell=sh
# The start and the check of the scripts that run a tool's main paths under
# valgrind for `make check-valgrind` (tests/valgrind-tools.sh,
# tests/xunshare/valgrind.sh), sourced after the script has set vg_script
# to its name.  Such a script is called as SCRIPT BUILDDIR [VALGRIND
# [FLAGS...]]: here BUILDDIR becomes $builddir and the rest the valgrind
# command line, by default the one below (--vgdb=no: valgrind's pipes in
# /tmp are gone once xchroot has pivoted).  It then has $tmp (removed at
# exit, after vg_cleanup, which it may define), check and vg_done.
set -u
builddir=${1:?builddir}
shift
[ $# -gt 0 ] || set -- valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --child-silent-after-fork=yes
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: $vg_script: needs root"
	exit 77
fi
tmp=$(mktemp -d /tmp/xns-vg.XXXXXX)
vg_cleanup() { :; }
trap 'vg_cleanup; rm -rf "$tmp"' EXIT
fail=0

# $1: the exit status expected; the rest: the command under valgrind.  A
# failure is either status or any line of valgrind's (its "==PID==" prefix).
check() {
	want=$1
	shift
	"$@" >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	name="$*"
	name=${name##*"$builddir"/}
	if [ "$rc" != "$want" ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		cat "$tmp/err"
		echo "FAIL: $name (valgrind, exit $rc, wanted $want)"
		fail=$((fail + 1))
	else
		echo "PASS: $name (valgrind)"
	fi
}

# the last line: how many failed, and the script's status
vg_done() {
	echo "$vg_script: $fail failed"
	[ "$fail" -eq 0 ]
}
