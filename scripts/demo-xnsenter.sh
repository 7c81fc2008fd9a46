# part of scripts/demo.sh: join a running container's namespaces
echo "-- a container: its own hostname, PID 1, network; then we join it"
xunshare -fp --mount-proc -n --hostname xns-box --kill-child sleep 60 &
outer=$!
target=""
for _ in $(seq 100); do
	target=$(pgrep -P "$outer" -x sleep || true)
	[ -n "$target" ] && break
	sleep 0.05
done
step xnsenter -t "$target" -a sh -c 'hostname; ps -o pid,comm; ip -br link'
echo "-- xlsns lists the container's namespaces (those not shared with PID 1)"
command -v xlsns >/dev/null && step xlsns -p "$target" -o NS,TYPE,NPROCS,PID,COMMAND
kill "$outer" 2>/dev/null || true
wait "$outer" 2>/dev/null || true
