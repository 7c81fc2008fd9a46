#!/bin/sh
# xunshare's main paths under valgrind, for `make check-valgrind`: the
# mount namespace with each propagation, proc, user namespaces with single
# and range maps (the helper outside), persisting, --init, and the bad
# input and --help exits.  Every run forks (-f): without a fork the command
# replaces xunshare and valgrind with it, and its verdict is lost.
# Usage: valgrind.sh BUILDDIR [VALGRIND [FLAGS...]]
vg_script=tests/xunshare/valgrind.sh
. "$(dirname "$0")/../valgrind-common.sh"
vg_cleanup() { umount "$tmp/uts" 2>/dev/null; }

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
vg_done
