#!/usr/bin/env bats
# xnetns against ip netns: the same names, the same files, each sees the
# other's; batch and parallel adds; bad input leaves nothing behind.

load lib

setup() { xnetns_setup; }
teardown() {
	# the one thing a body makes on the real disk: /etc/netns/xns-nn-s
	rmdir /etc/netns/xns-nn-s 2>/dev/null || true
	[ -e "$XNS_TMP/made-etc-netns" ] && rmdir /etc/netns 2>/dev/null
	# the VRF tests' cgroup2 groups, deepest first (their processes are gone)
	[ -s "$XNS_TMP/vrf-cg" ] && rmdir "$(cat "$XNS_TMP/vrf-cg")"/vrf/xns-nn-red \
		"$(cat "$XNS_TMP/vrf-cg")"/vrf "$(cat "$XNS_TMP/vrf-cg")" 2>/dev/null
	xnetns_teardown
}

@test "add brings lo up, --no-lo keeps the kernel's default, list shows both" {
	host '
		xnetns add xns-nn-a
		xnetns add --no-lo xns-nn-b
		xnetns exec xns-nn-a ping -c1 -W1 127.0.0.1 >/dev/null && echo a-up
		xnetns exec xns-nn-b ping -c1 -W1 127.0.0.1 2>/dev/null || echo b-down
		xnetns list | sort'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "a-up
b-down
xns-nn-a
xns-nn-b" ]
}

@test "the files are nsfs bind mounts in NETNS_RUN_DIR, the folder a shared mount of its own" {
	host '
		xnetns add xns-nn-a xns-nn-b
		grep " $NETNS_RUN_DIR" /proc/self/mountinfo
		# the folder'"'"'s peer group is its own: no other mount is in it
		group=$(grep " $NETNS_RUN_DIR .* shared:" /proc/self/mountinfo | grep -o "shared:[0-9]*")
		echo "peers: $(grep -c "$group " /proc/self/mountinfo)"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "$(echo "$output" | grep -c " $XNS_NETNS_DIR .* shared:[0-9]* ")" = 1 ]
	[ "$(echo "$output" | grep -c " $XNS_NETNS_DIR/xns-nn-[ab] .* - nsfs ")" = 2 ]
	[ "${lines[-1]}" = "peers: 1" ]
}

@test "ip netns sees xnetns names: list, exec, delete" {
	IPNS=1 host '
		xnetns add xns-nn-x
		ip netns list
		ip netns exec xns-nn-x ip -o link show lo | grep -o "UP,LOWER_UP"
		ip netns delete xns-nn-x
		echo "left: $(xnetns list)"; ls /run/netns'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "xns-nn-x
UP,LOWER_UP
left: " ]
}

@test "xnetns sees ip netns names: list, exec, delete, and the same list output" {
	IPNS=1 host '
		ip netns add xns-nn-i
		ip netns add xns-nn-j
		ip netns set xns-nn-j 7
		diff <(xnetns list) <(ip netns list) && echo same-list
		diff <(xnetns -j list) <(ip -j netns list) && echo same-json
		diff <(xnetns list-id) <(ip netns list-id) && echo same-ids
		xnetns exec xns-nn-i ip -o link | wc -l
		xnetns delete xns-nn-i xns-nn-j
		ip netns list | wc -l'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "same-list
same-json
same-ids
1
0" ]
}

@test "nsenter --net=/run/netns/NAME and xnsenter enter an xnetns name" {
	require_cmd nsenter
	IPNS=1 host '
		xnetns add xns-nn-e
		xnetns veth xns-nn-e --name xns-nn-if --addr 10.200.3.1/24
		nsenter --net=/run/netns/xns-nn-e ip -o -4 addr show xns-nn-if | grep -o "10.200.3.1/24"
		if command -v xnsenter >/dev/null; then
			xnsenter --net=/run/netns/xns-nn-e ip -o -4 addr show xns-nn-if | grep -o "10.200.3.1/24"
		else
			echo 10.200.3.1/24
		fi'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "10.200.3.1/24
10.200.3.1/24" ]
	command -v xnsenter >/dev/null || skip "xnsenter not built: nsenter part passed"
}

@test "exec: a private mount namespace, /sys of the namespace, /etc/netns/NAME over /etc" {
	[ -d /etc/netns ] || touch "$XNS_TMP/made-etc-netns"
	host '
		mkdir -p /etc/netns/xns-nn-s
		mount -t tmpfs xns-nn-etc /etc/netns/xns-nn-s
		echo "10.200.0.53 xns-nn-host" > /etc/netns/xns-nn-s/hosts
		xnetns add xns-nn-s
		xnetns veth xns-nn-s --name xns-nn-sysif
		xnetns exec xns-nn-s sh -c "ls /sys/class/net | sort | tr \"\n\" \" \"; echo; cat /etc/hosts"
		grep -q "xns-nn-etc" /proc/self/mountinfo && echo "etc tmpfs still ours"
		grep -c " /etc/hosts " /proc/self/mountinfo || true
		umount /etc/netns/xns-nn-s'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "lo xns-nn-sysif 
10.200.0.53 xns-nn-host
etc tmpfs still ours
0" ]
}

@test "exec: the command's exit status, 127 for a missing command" {
	host '
		xnetns add xns-nn-c
		set +e
		xnetns exec xns-nn-c sh -c "exit 7"; echo "rc=$?"
		xnetns exec xns-nn-c xns-nn-no-such-command 2>&1; echo "rc=$?"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "rc=7
xnetns: failed to execute xns-nn-no-such-command: No such file or directory
rc=127" ]
}

# a group as `ip vrf exec` makes one (GROUP/vrf/NAME on cgroup2), without
# its BPF program, which needs a VRF device; sets VRF_GROUP to GROUP as
# /proc/PID/cgroup shows it, and leaves its folder in $XNS_TMP/vrf-cg for
# the teardown
vrf_cgroup() {
	local mnt base
	# the type follows the "-" that ends the optional fields, however many
	mnt=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") break }
		$(i + 1) == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[ -n "$mnt" ] || skip "no cgroup2 mount"
	base=$(sed -n 's/^0:://p' /proc/self/cgroup)
	echo "$mnt${base%/}/xns-nn-vrf-$$" >"$XNS_TMP/vrf-cg"
	mkdir -p "$(cat "$XNS_TMP/vrf-cg")/vrf/xns-nn-red"
	VRF_GROUP=${base%/}/xns-nn-vrf-$$
}

@test "exec takes the command out of the VRF cgroup ip vrf exec put it in, as ip netns exec does" {
	vrf_cgroup
	IPNS=1 host "
		ip netns add xns-nn-v
		echo \$\$ >$(cat "$XNS_TMP/vrf-cg")/vrf/xns-nn-red/cgroup.procs
		ip vrf identify
		xnetns exec xns-nn-v sh -c 'grep ^0:: /proc/self/cgroup; ip vrf identify; echo end'
		ip netns exec xns-nn-v grep ^0:: /proc/self/cgroup"
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = xns-nn-red ]
	[ "${lines[1]}" = "0::$VRF_GROUP/vrf" ]
	[ "${lines[2]}" = end ]
	[ "${lines[3]}" = "0::$VRF_GROUP/vrf" ]
	[ -z "$stderr" ]
}

@test "exec outside any VRF leaves the cgroup alone and touches no cgroup file" {
	require_cmd strace
	host '
		xnetns add xns-nn-v
		grep ^0:: /proc/self/cgroup
		xnetns exec xns-nn-v grep ^0:: /proc/self/cgroup
		strace -f -e trace=openat -o "$XNS_TMP/trace" xnetns exec xns-nn-v true
		grep -c "cgroup\.procs\|mountinfo" "$XNS_TMP/trace" || true'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[2]}" = 0 ]
}

@test "exec in a real VRF: after ip vrf exec, xnetns exec runs the command in no VRF" {
	host "ip link add xns-nn-vrf type vrf table 10"
	[ "$status" = 0 ] || skip "no VRF devices in this kernel (CONFIG_NET_VRF): $stderr"
	host '
		ip link add xns-nn-vrf type vrf table 10
		ip link set xns-nn-vrf up
		xnetns add xns-nn-v
		ip vrf exec xns-nn-vrf sh -c "ip vrf identify; xnetns exec xns-nn-v ip vrf identify; echo end"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = xns-nn-vrf ]
	[ "${lines[1]}" = end ]
}

@test "-a exec runs the command in every name, as ip -all netns exec; 1 if it failed in any" {
	host '
		xnetns add xns-nn-1 xns-nn-2
		xnetns veth xns-nn-2 --name xns-nn-if
		xnetns -a exec sh -c "ls /sys/class/net | wc -l" | sort
		set +e
		xnetns -a exec sh -c "test -e /sys/class/net/xns-nn-if" >/dev/null 2>&1; echo "rc=$?"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "

1
2
netns: xns-nn-1
netns: xns-nn-2
rc=1" ]
}

@test "identify and pids agree with ip netns" {
	IPNS=1 host '
		xnetns add xns-nn-p
		xnetns exec xns-nn-p sleep 30 &
		sleeper=$!
		trap "kill $sleeper 2>/dev/null" EXIT
		for i in $(seq 50); do [ -n "$(ip netns pids xns-nn-p)" ] && break; sleep 0.1; done
		diff <(xnetns pids xns-nn-p) <(ip netns pids xns-nn-p) && echo same-pids
		p=$(xnetns pids xns-nn-p)
		xnetns identify "$p"
		ip netns identify "$p"
		xnetns exec xns-nn-p xnetns identify
		echo "host: [$(xnetns identify)]"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "same-pids
xns-nn-p
xns-nn-p
xns-nn-p
host: []" ]
}

@test "attach names the namespace of a running process; set and list-id" {
	host '
		unshare -n sleep 30 &
		p=$!
		trap "kill $p 2>/dev/null" EXIT
		# until unshare has made its namespace and become sleep
		for i in $(seq 100); do
			[ "$(readlink /proc/$p/exe)" = "$(command -v sleep)" ] && break; sleep 0.05
		done
		xnetns attach xns-nn-t "$p"
		[ "$(stat -L -c %i /proc/$p/ns/net)" = "$(stat -L -c %i $NETNS_RUN_DIR/xns-nn-t)" ] && echo same-ns
		xnetns set xns-nn-t 12
		xnetns list
		xnetns -j list-id
		xnetns set xns-nn-t auto 2>&1 || echo "auto refused: id taken"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "${lines[0]}" = "same-ns" ]
	[ "${lines[1]}" = "xns-nn-t (id: 12)" ]
	[ "${lines[2]}" = '[{"nsid":12,"name":"xns-nn-t"}]' ]
}

@test "list-id target-nsid/nsid: the same lines and JSON as ip netns list-id, trailing spaces and all" {
	# a sees b as 3 and c as 4; the host sees a as 5, b as 7 and c not at all
	IPNS=1 host '
		ip netns add xns-nn-a; ip netns add xns-nn-b; xnetns add xns-nn-c
		xnetns set xns-nn-a 5
		ip netns set xns-nn-b 7
		ip netns exec xns-nn-a ip netns set xns-nn-b 3
		ip netns exec xns-nn-a ip netns set xns-nn-c 4
		for f in "" "target-nsid 5" "target-nsid 5 nsid 7" "nsid 7" \
			"nsid 5 target-nsid 5" "target-nsid 7"; do
			for j in "" -j; do
				diff <(ip $j netns list-id $f) <(xnetns $j list-id $f) ||
					echo "differs: $j list-id $f"
			done
		done
		xnetns list-id target-nsid 5 | cat -A
		xnetns -j list-id target-nsid 5 nsid 5'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "$output" = 'nsid 3 current-nsid 7 (iproute2 netns name: xns-nn-b)$
nsid 4 current-nsid unassigned $
[{"current-nsid":5,"name":"xns-nn-a"}]' ]
}

@test "list-id target-nsid: no name where the current id is unassigned (ip names another namespace)" {
	# a calls c 4; the host gives c no id, and b the id 4
	IPNS=1 host '
		xnetns add xns-nn-a xns-nn-b xns-nn-c
		xnetns set xns-nn-a 5
		xnetns set xns-nn-b 4
		xnetns exec xns-nn-a xnetns set xns-nn-c 4
		xnetns list-id target-nsid 5
		xnetns -j list-id target-nsid 5'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "$output" = 'nsid 4 current-nsid unassigned 
[{"nsid":4}]' ]
}

@test "list-id bad filters: one line, exit 1, nothing printed" {
	for f in "nsid x" "nsid -1" "target-nsid -5" "nsid 0x5" "nsid 2147483648" \
		"nsid" "bogus 1" "nsid 1 nsid 2" "nsid 9" "target-nsid 9" \
		"target-nsid 9 nsid 1"; do
		host "xnetns list-id $f"
		echo "$f: $status: $stderr"
		[ "$status" = 1 ]
		[ "$(wc -l <<<"$stderr")" = 1 ]
		[[ "$stderr" = "xnetns: list-id: "* ]]
		[ -z "$output" ]
	done
}

@test "monitor reports add and delete" {
	host '
		mkdir -p "$NETNS_RUN_DIR"
		xnetns monitor > "$XNS_TMP/mon" &
		m=$!
		trap "kill $m 2>/dev/null" EXIT
		# its watch is set once it holds an inotify fd
		for i in $(seq 100); do
			ls -l /proc/$m/fd 2>/dev/null | grep -q inotify && break; sleep 0.05
		done
		xnetns add xns-nn-m
		xnetns delete xns-nn-m
		for i in $(seq 100); do [ "$(wc -l < "$XNS_TMP/mon")" -ge 2 ] && break; sleep 0.05; done
		cat "$XNS_TMP/mon"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "add xns-nn-m
delete xns-nn-m" ]
}

@test "one call adds and deletes 500 names; -a delete removes all" {
	host '
		xnetns add $(seq -f "xns-nn-%g" 1 500)
		ls "$NETNS_RUN_DIR" | wc -l
		grep -c " $NETNS_RUN_DIR/xns-nn-.* - nsfs " /proc/self/mountinfo
		xnetns delete $(seq -f "xns-nn-%g" 1 250)
		xnetns list | wc -l
		xnetns -a delete
		ls "$NETNS_RUN_DIR" | wc -l
		grep -c " $NETNS_RUN_DIR/" /proc/self/mountinfo || true'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "500
500
250
0
0" ]
}

@test "50 parallel adds of distinct names: 50 names, one mount each, one folder mount" {
	host '
		for i in $(seq 50); do xnetns add "xns-nn-$i" & done
		wait
		ls "$NETNS_RUN_DIR" | wc -l
		grep -c " $NETNS_RUN_DIR/xns-nn-[0-9]* .* - nsfs " /proc/self/mountinfo
		grep -c " $NETNS_RUN_DIR " /proc/self/mountinfo
		# one mount per name, no name twice
		grep -o " $NETNS_RUN_DIR/[^ ]*" /proc/self/mountinfo | sort | uniq -d | wc -l'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "50
50
1
0" ]
}

@test "50 parallel adds of one name: exactly one wins" {
	host '
		for i in $(seq 50); do (rc=0; xnetns add xns-nn-one 2>/dev/null || rc=$?; echo "rc=$rc" >> "$XNS_TMP/rcs") & done
		wait
		grep -c "rc=0" "$XNS_TMP/rcs"
		grep -c "rc=1" "$XNS_TMP/rcs"
		ls "$NETNS_RUN_DIR"
		grep -c " $NETNS_RUN_DIR/xns-nn-one " /proc/self/mountinfo
		grep -c " $NETNS_RUN_DIR " /proc/self/mountinfo'
	echo "$output"
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "1
49
xns-nn-one
1
1" ]
}

@test "bad names: one line, exit 1, nothing made" {
	long=$(printf 'x%.0s' $(seq 300))
	for name in "" . .. a/b "$long"; do
		host "set +e; xnetns add xns-nn-ok '$name'; echo rc=\$?
			# checked before the first name was made
			ls -A \$NETNS_RUN_DIR 2>/dev/null | wc -l"
		echo "name '$name': $status: $stderr"
		[ "$output" = "rc=1
0" ]
		[ "$(echo "$stderr" | wc -l)" = 1 ]
		[[ "$stderr" == "xnetns: invalid namespace name"* ]]
	done
}

@test "delete of a missing name, attach to a dead PID, exec in a missing name: exit 1" {
	host '
		set +e
		xnetns delete xns-nn-none; echo "rc=$?"
		sh -c "exit 0" & dead=$!; wait $dead
		xnetns attach xns-nn-dead $dead; echo "rc=$?"
		xnetns exec xns-nn-none true; echo "rc=$?"
		xnetns set xns-nn-none 1; echo "rc=$?"
		echo "files: $(ls "$NETNS_RUN_DIR" 2>/dev/null)"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "rc=1
rc=1
rc=1
rc=1
files: " ]
	[ "$(echo "$stderr" | wc -l)" = 4 ]
	[[ "${stderr}" == *"cannot remove namespace file"*"xns-nn-none: No such file or directory"* ]]
}

@test "usage errors: unknown command, wrong option, wrong arity, exclusive options" {
	for args in "frobnicate" "--bogus list" "list --addr 10.200.0.1/24" "add" \
		"attach xns-nn-a" "nat xns-nn-br" "nat xns-nn-br --out x --off" \
		"veth xns-nn-a --peer xns-nn-b --host" "set xns-nn-a -5" "-a delete xns-nn-a" \
		"veth xns-nn-a --addr 10.200.0.1/24 --delete" "ve xns-nn-a" "-n" \
		"-b /dev/null list"; do
		host "xnetns $args"
		echo "$args: $status: $stderr"
		[ "$status" = 1 ]
		[ -n "$stderr" ]
	done
	# exclusive options: lib/cli's one wording
	host "xnetns nat xns-nn-br --out x --off"
	[ "$stderr" = "xnetns: mutually exclusive arguments: --out --off" ]
	host "xnetns veth xns-nn-a --host --peer xns-nn-b"
	[ "$stderr" = "xnetns: mutually exclusive arguments: --host --peer" ]
	host "xnetns veth xns-nn-a --delete --addr 10.200.0.1/24"
	[ "$stderr" = "xnetns: mutually exclusive arguments: --delete --addr" ]
	run xnetns --help
	[ "$status" = 0 ]
	[[ "${lines[-1]}" = "See xnetns(8)." ]]
}

@test "no command lists, as ip netns; ip's abbreviations in ip's order" {
	IPNS=1 host '
		xnetns a xns-nn-x
		ip netns set xns-nn-x 5
		ip netns add xns-nn-y
		for w in "" l ls lst s sh li; do
			diff <(xnetns $w) <(ip netns $w) && echo "same: ${w:-none}"
		done
		xnetns e xns-nn-x ip -o link show lo | grep -o "UP,LOWER_UP"
		xnetns e xns-nn-y xnetns i
		xnetns p xns-nn-x | wc -l
		xnetns at xns-nn-z $$
		xnetns se xns-nn-y 9
		xnetns list-i | sort
		xnetns del xns-nn-x xns-nn-z
		xnetns d xns-nn-y
		echo "left: $(xnetns)"
		set +e
		# ours are whole words only
		xnetns ve xns-nn-x; echo "rc=$?"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	echo "$output"
	[ "$output" = "same: none
same: l
same: ls
same: lst
same: s
same: sh
same: li
UP,LOWER_UP
xns-nn-y
0
nsid 5 (iproute2 netns name: xns-nn-x)
nsid 9 (iproute2 netns name: xns-nn-y)
left: 
rc=1" ]
	[ "$stderr" = "xnetns: unknown command 've'; see 'xnetns --help'" ]
}

@test "-j -p: the same pretty JSON as ip -j -p; -p alone changes nothing, as ip" {
	IPNS=1 host '
		# an empty folder: ip prints nothing at all without one
		ip netns add xns-nn-t; ip netns delete xns-nn-t
		for args in "-j -p list" "-j -p list-id" "-p list"; do
			diff <(xnetns $args) <(ip ${args% *} netns ${args##* }) && echo "same $args (empty)"
		done
		xnetns add xns-nn-a xns-nn-b
		xnetns set xns-nn-b 3
		for args in "-j -p list" "-j -p list-id" "-p list" "-j list"; do
			diff <(xnetns $args) <(ip ${args% *} netns ${args##* }) && echo "same $args"
		done
		diff <(xnetns -jp list) <(ip -j -p netns list) && echo "same -jp list"
		xnetns -j -p list-id target-nsid 3 >/dev/null && echo filters-ok
		xnetns delete xns-nn-a xns-nn-b'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "same -j -p list (empty)
same -j -p list-id (empty)
same -p list (empty)
same -j -p list
same -j -p list-id
same -p list
same -j list
same -jp list
filters-ok" ]
}

@test "ip's single-dash words before the command: -pretty, -json, -netns, -batch, -all" {
	IPNS=1 host '
		xnetns add xns-nn-a xns-nn-b
		ip netns set xns-nn-b 4
		ip -n xns-nn-a netns set xns-nn-b 7
		for args in "-j -pretty list" "-json list" "-j -pr list" "-pretty -json list-id"; do
			diff <(xnetns $args) <(ip ${args% *} netns ${args##* }) && echo "same $args"
		done
		diff <(xnetns -netns xns-nn-a list-id) <(ip -netns xns-nn-a netns list-id) && echo "same -netns"
		echo "identify" >"$XNS_TMP/batch"
		xnetns -net xns-nn-b -batch "$XNS_TMP/batch"
		# a letter, or letters that are no prefix of a word, stay short options
		diff <(xnetns -jp) <(ip -j -p netns) && echo "same -jp"
		xnetns -nxns-nn-a identify
		xnetns -all delete
		echo "left: $(xnetns)"'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "same -j -pretty list
same -json list
same -j -pr list
same -pretty -json list-id
same -netns
xns-nn-b
same -jp
xns-nn-a
left: " ]
}

@test "-n NAME runs the command in that namespace, as ip -n" {
	IPNS=1 host '
		xnetns add xns-nn-a xns-nn-b
		ip netns set xns-nn-b 2
		ip -n xns-nn-a netns set xns-nn-b 6
		diff <(xnetns -n xns-nn-a list-id) <(ip -n xns-nn-a netns list-id) && echo same-ids
		diff <(xnetns -n xns-nn-a list) <(ip -n xns-nn-a netns list) && echo same-list
		xnetns -n xns-nn-a identify
		# --host is "this namespace": the other end lands in xns-nn-a
		xnetns --netns xns-nn-a veth xns-nn-b --peer-name xns-nn-if
		xnetns exec xns-nn-a ip -o link show xns-nn-if | grep -o "xns-nn-if@"
		ip -o link show xns-nn-if 2>/dev/null || echo not-here
		set +e
		xnetns -n xns-nn-none list; echo "rc=$?"
		xnetns delete xns-nn-a xns-nn-b'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "same-ids
same-list
xns-nn-a
xns-nn-if@
not-here
rc=1" ]
	[[ "$stderr" == *"cannot open network namespace \"xns-nn-none\""* ]]
}

@test "-b FILE runs each line, - reads stdin; the first failure stops it with FILE:LINE" {
	host '
		printf "%s\n" "add xns-nn-a xns-nn-b" "# a comment" "" "  list  " \
			"add \"xns-nn-c\"" >"$XNS_TMP/batch"
		xnetns -b "$XNS_TMP/batch"; echo "rc=$?"
		printf "%s\n" "delete xns-nn-c" "delete xns-nn-none" "delete xns-nn-a" |
			{ xnetns --batch -; echo "rc=$?"; } || true
		xnetns list | sort'
	[ "$status" = 0 ] || { echo "$stderr"; false; }
	[ "$output" = "xns-nn-b
xns-nn-a
rc=0
rc=1
xns-nn-a
xns-nn-b" ] || [ "$output" = "xns-nn-a
xns-nn-b
rc=0
rc=1
xns-nn-a
xns-nn-b" ]
	[ "$(tail -1 <<<"$stderr")" = "xnetns: -:2: command failed" ]
}
