# part of scripts/demo.sh: the article's veth demo, in a network namespace
# of its own so the machine's real network is never touched
echo "-- (inside a private network and mount namespace standing in for the host)"
NETNS_RUN_DIR=$(mktemp -d /tmp/xns-demo-netns.XXXXXX)
export NETNS_RUN_DIR
step xunshare -n -m sh -c '
	set -x
	xnetns add xns-demo
	xnetns veth xns-demo --host --addr 10.200.1.2/24 --peer-addr 10.200.1.1/24
	xnetns list
	xnetns exec xns-demo ping -c1 -W1 10.200.1.1
	ping -c1 -W1 10.200.1.2
	xnetns delete xns-demo
'
# the folder was a mount point only inside that mount namespace
rmdir "$NETNS_RUN_DIR"
unset NETNS_RUN_DIR
