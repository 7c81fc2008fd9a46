# part of scripts/demo.sh: the end of the article.  An OCI image built
# offline with umoci (a busybox-static layer: nothing is pulled), peeled
# into a bundle with `umoci unpack`, run by xrunc; its namespaces listed by
# xlsns as the article's lsns did, a command run inside with xnsenter, and
# the container deleted.
if ! command -v umoci >/dev/null || ! command -v jq >/dev/null; then
	echo "(left out: needs umoci and jq)"
else
d=$(mktemp -d /tmp/xns-demo-xrunc.XXXXXX)
# the container goes, whatever happens on the way
trap 'xrunc --root "$d/state" delete --force xns-demo >/dev/null 2>&1; rm -rf "$d"' EXIT
cd "$d"

echo "-- an empty image, its root unpacked, a static busybox as its one layer"
step umoci init --layout img
step umoci new --image img:latest
step umoci unpack --image img:latest work
mkdir -p work/rootfs/bin
cp /bin/busybox work/rootfs/bin/busybox
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -sf busybox "work/rootfs/bin/$a"
done
step umoci repack --image img:latest work
step umoci config --image img:latest --config.cmd=/bin/sh
echo "-- the article's step: the image peeled into a bundle"
step umoci unpack --image img:latest bundle
step ls bundle

# no terminal here, and a name of our own
jq '.process.terminal = false | .hostname = "xns-demo"' bundle/config.json >bundle/config.new
mv bundle/config.new bundle/config.json

echo "-- xrunc runs it: its own hostname, PID 1, only lo"
jq '.process.args = ["sh", "-c", "hostname; echo PID $$; ip -o link | cut -d: -f2; id"]' \
	bundle/config.json >bundle/config.new && mv bundle/config.new bundle/config.json
step xrunc --root "$d/state" run -b bundle xns-demo

echo "-- in the background, then what it is made of"
jq '.process.args = ["sleep", "1000"]' bundle/config.json >bundle/config.new && mv bundle/config.new bundle/config.json
step xrunc --root "$d/state" run -d -b bundle xns-demo </dev/null
step xrunc --root "$d/state" list
pid=$(xrunc --root "$d/state" state xns-demo | jq .pid)
echo "-- the namespaces xrunc made for it: mnt, uts, ipc, pid and net"
step xlsns -p "$pid" -o NS,TYPE,NPROCS,PID,COMMAND -Q "NPROCS == 1"
echo "-- a command inside them"
step xnsenter -t "$pid" -a ps -o pid,comm
echo "-- and gone"
step xrunc --root "$d/state" kill xns-demo KILL
while [ "$(xrunc --root "$d/state" state xns-demo | jq -r .status)" != stopped ]; do sleep 0.1; done
step xrunc --root "$d/state" delete xns-demo
step xrunc --root "$d/state" list

cd - >/dev/null
rm -rf "$d"
trap - EXIT
fi
