# part of scripts/demo.sh: the article's memory cgroup, in one command
echo "-- a shell that doubles a string until memory runs out, under 100M"
step xcgexec -m 100M -s -- sh -c 'x=0123456789; while :; do x=$x$x; done' || true
echo "-- the host is fine, and the group is gone"
