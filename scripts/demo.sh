#!/bin/sh
# The tour: what each tool shows from the inside.  Run by
# `scripts/quickstart demo` as root; BUILD is the build folder.
set -eu
build=${1:-build}
PATH="$(cd "$build" && pwd):$PATH"
export PATH

step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

echo "== xunshare: new namespaces, seen from inside =="
echo "-- a new UTS namespace: the hostname changes inside only"
step xunshare --hostname xns-demo hostname
step hostname
echo "-- a new PID namespace with its own /proc: ps sees itself as PID 1"
step xunshare -fp --mount-proc ps -o pid,comm
echo "-- a new network namespace: only lo, and it is down"
step xunshare -n ip -br link
echo "-- a user namespace as an unprivileged user (uid 4242): root inside, 4242 outside"
step setpriv --reuid 4242 --regid 4242 --clear-groups \
	xunshare -r sh -c 'id; echo "uid_map: $(cat /proc/self/uid_map)"'
echo "-- all of it at once: a rootless container"
step setpriv --reuid 4242 --regid 4242 --clear-groups \
	xunshare -r -n -fp --mount-proc --hostname box sh -c 'hostname; id -un; ps -o pid,user,comm; ip -br link'

for t in xnsenter xlsns xchroot xcgexec xnetns xrunc; do
	if command -v "$t" >/dev/null && [ -f "scripts/demo-$t.sh" ]; then
		echo
		echo "== $t =="
		. "$(dirname "$0")/demo-$t.sh"
	fi
done
