# Shared by the xnetns suites.  Every test body runs as "the host": in a
# network namespace and a mount namespace of its own, with a private tmpfs
# on /run, so neither the machine's network nor its /run/netns is touched,
# and everything a test makes (names, mounts, namespaces, links, nft tables)
# is gone when the body's shell exits.  Names are xns-nn-*, addresses
# 10.200.0.0/16.

load ../helpers

xnetns_setup() {
	require_root
	require_cmd unshare ip
	[ -x "$XNS_BUILDDIR/xnetns" ] || skip "xnetns not built"
	make_tmp
	XNS_PIDS=
}

xnetns_teardown() {
	teardown_tmp
}

# host SCRIPT: run SCRIPT (bash, -eu) as the host; sets status, output,
# stderr as run_split does, and lines as bats' run does.  NETNS_RUN_DIR is
# a folder on the private /run, fresh for each call; IPNS=1 runs with the
# default /run/netns instead, as ip(8) needs.
XNS_NETNS_DIR=/run/xns-nn-netns
host() {
	local dir=$XNS_NETNS_DIR
	[ "${IPNS:-0}" = 1 ] && dir=
	run_split unshare --mount --net --propagation private -- \
		env PATH="$PATH" XNS_TMP="$XNS_TMP" NETNS_RUN_DIR="$dir" \
		bash -euo pipefail -c "mount -t tmpfs xns-nn-run /run
ip link set lo up
$1"
	mapfile -t lines <<<"$output"
}
