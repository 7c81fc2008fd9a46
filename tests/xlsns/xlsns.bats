#!/usr/bin/env bats
# xlsns: namespaces made here must be found (held by a process, a bind
# mount, an fd, a socket), related (PNS, ONS, trees), and agree row for row
# with util-linux lsns on the columns both have.

load ../helpers


setup() {
	make_tmp
	netns_dir_mark
}

teardown() {
	kill_started
	netns_dir_restore
	teardown_tmp
}

# start "$@" in the background, remember its PID in $P for teardown (fd 3
# closed: bats waits for whoever holds it)
start() {
	"$@" </dev/null >/dev/null 2>&1 3>&- &
	P=$!
	XNS_PIDS+=("$P")
}

# wait until process $1 is in a $2 namespace other than ours
wait_ns() {
	local i
	for i in $(seq 200); do
		if [ -e "/proc/$1/ns/$2" ] &&
		   [ "$(readlink "/proc/$1/ns/$2")" != "$(readlink "/proc/self/ns/$2")" ]; then
			return 0
		fi
		sleep 0.02
	done
	echo "process $1 never got its own $2 namespace" >&2
	return 1
}

# the inode of a namespace file
ino() {
	stat -L -c %i "$1"
}

# the one child of process $1 (waits for it)
child_of() {
	local i c
	for i in $(seq 200); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		[ -n "$c" ] && { echo "${c%% *}"; return 0; }
		sleep 0.02
	done
	return 1
}

# rows of TOOL for the namespaces whose inodes follow, sorted
rows() {
	local tool=$1; shift
	"$tool" -r -n -o NS,TYPE,NPROCS,PID,USER,PNS,ONS |
		awk -v want=" $* " 'index(want, " " $1 " ")' | sort
}

# every namespace of processes $@ that is not one of ours
new_inodes() {
	local p t
	for p in "$@"; do
		for t in mnt uts ipc net pid user cgroup time; do
			[ "$(readlink "/proc/$p/ns/$t")" = "$(readlink "/proc/self/ns/$t")" ] ||
				ino "/proc/$p/ns/$t"
		done
	done | sort -u
}

# --- help, version, usage errors ------------------------------------------

@test "--help is util-linux style, on stdout, exit 0" {
	run xlsns --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Usage:" ]
	[[ "$output" == *" -T, --tree[=<rel>]"* ]]
	[[ "$output" == *" -Q, --filter <expr>"* ]]
	[ "${lines[-1]}" = "See xlsns(8)." ]
}

@test "-V prints the version; an unknown option points at --help" {
	run xlsns -V
	[ "$status" -eq 0 ]
	[[ "$output" == "xlsns from xns-utils "* ]]
	run_split xlsns --bogus
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"Try 'xlsns --help' for more information."* ]]
}

@test "bad input: one line on stderr, exit 1" {
	local free=4194000
	while [ -e "/proc/$free" ]; do free=$((free + 1)); done
	for args in "-p $free" "-p abc" "-t bogus" "-o BOGUS" "-Q NS==" "-Q BOGUS>1" \
		    "abc" "123" "-J -r" "-l -T" "-P -p 1" "-T bogus"; do
		run_split xlsns $args
		[ "$status" -eq 1 ] || { echo "xlsns $args: exit $status"; false; }
		[ -z "$output" ] || { echo "xlsns $args printed: $output"; false; }
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || { echo "xlsns $args: $stderr"; false; }
		[[ "$stderr" == "xlsns: "* ]]
	done
	run_split xlsns -p "$free"
	[[ "$stderr" == *"no such process"* ]]
	run_split xlsns -t bogus
	[ "$stderr" = "xlsns: unknown namespace type: bogus" ]
	run_split xlsns -o NS,BOGUS
	[ "$stderr" = "xlsns: unknown column: BOGUS" ]
	run_split xlsns abc
	[ "$stderr" = "xlsns: invalid namespace argument: 'abc'" ]
	run_split xlsns -J -r
	[ "$stderr" = "xlsns: mutually exclusive arguments: --json --raw" ]
	run_split xlsns -l -T
	[ "$stderr" = "xlsns: mutually exclusive arguments: --list --tree" ]
	run_split xlsns -P -p 1
	[ "$stderr" = "xlsns: mutually exclusive arguments: --persistent --task" ]
	run_split xlsns 1 2
	[ "$status" -eq 1 ]
}

@test "a write error is one, as lsns has it: /dev/full fails with exit 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	for args in "" "-J" "--help" "-H"; do
		run_split sh -c "exec xlsns $args >/dev/full"
		[ "$status" -eq 1 ] || { echo "xlsns $args: exit $status"; false; }
		[ "$stderr" = "xlsns: write error: No space left on device" ] ||
			{ echo "xlsns $args: $stderr"; false; }
	done
}

# the build under test filters with libsmartcols (2.40 or newer), not
# with lib/filter.c
scols_filter() {
	grep -q '^#define HAVE_SCOLS_NEW_FILTER 1' "$XNS_BUILDDIR/config.h" 2>/dev/null
}

@test "a broken filter says what is wrong (and where, with lib/filter.c)" {
	local e='TYPE == "net" && (NPROCS > 1'
	run_split xlsns -Q "$e"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == "xlsns: failed to parse filter \"$e\": "* ]]
	if scols_filter; then
		# libsmartcols's parser says what it expected, not where
		[[ "$stderr" == *"syntax error"* ]]
	else
		[[ "$stderr" == *"at 18: unbalanced '('"* ]]
	fi
	run_split xlsns -Q 'TYPE == "net" && NPROCS >'
	[ "$status" -eq 1 ]
	if scols_filter; then
		[[ "$stderr" == *"syntax error"* ]]
	else
		[[ "$stderr" == *"at 26: expected a column, number or string, got end of expression"* ]]
	fi
	run_split xlsns -Q 'TYPE =~ "("'
	[ "$status" -eq 1 ]
	if scols_filter; then
		# regerror(3)'s words
		[[ "$stderr" == *"failed to parse filter"*"("* ]]
	else
		[[ "$stderr" == *"bad regex"* ]]
	fi
	run_split xlsns -Q 'NPROCS > 0 && BOGUS == 1'
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"unknown column"*BOGUS* ]]
}

@test "-H lists every column, CGROUP too; --output-all shows them" {
	run xlsns -H
	[ "$status" -eq 0 ]
	for c in NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS CGROUP; do
		[[ "$output" == *"$c "* ]] || { echo "missing $c"; false; }
	done
	run xlsns --output-all -n -r -p $$
	[ "$status" -eq 0 ]
	run xlsns --output-all -p $$
	[[ "${lines[0]}" == *NS*TYPE*PATH*NPROCS*PID*PPID*COMMAND*UID*USER*NETNSID*NSFS*PNS*ONS*CGROUP* ]]
}

# --- the oracle: lsns on the same machine state ----------------------------

@test "agrees with lsns on NS TYPE NPROCS PID USER PNS ONS for namespaces made here" {
	require_root
	require_cmd lsns unshare
	start unshare --uts --ipc --net sleep 1000
	p1=$P
	wait_ns "$p1" net
	start unshare --uts sleep 1000
	p2=$P
	wait_ns "$p2" uts
	# nested: user1/pid1 holds an unshare, user2/pid2 a sleep under it
	start unshare --user --map-root-user --pid --fork --kill-child \
		unshare --user --pid --fork --kill-child sleep 1000
	p1a=$(child_of "$P")
	p1b=$(child_of "$p1a")
	wait_ns "$p1b" pid
	inos=$(new_inodes "$p1" "$p2" "$P" "$p1a" "$p1b")
	[ -n "$inos" ]
	ours=$(rows xlsns $inos)
	peer=$(rows lsns $inos)
	echo "ours:"; echo "$ours"; echo "lsns:"; echo "$peer"
	[ "$ours" = "$peer" ]
	# uts ipc net, uts, user1 (the outer unshare), user2, pid1, pid2
	[ "$(echo "$ours" | wc -l)" -eq 8 ]
	run xlsns -r -n -o NS,NPROCS,PID -Q "NS == $(ino /proc/$p1/ns/uts)"
	[ "$output" = "$(ino /proc/$p1/ns/uts) 1 $p1" ]
}

@test "a namespace's processes (positional inode) match lsns" {
	require_root
	require_cmd lsns unshare
	start unshare --uts sh -c 'sleep 1000 & sleep 1000 & wait'
	wait_ns "$P" uts
	child_of "$P" >/dev/null
	# both sleeps exec'd: a child still "sh" when one tool reads it and
	# "sleep" when the other does would tell the tools apart for nothing
	local i c kids
	for i in $(seq 200); do
		kids=0
		for c in $(cat "/proc/$P/task/$P/children" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ] && kids=$((kids + 1))
		done
		[ "$kids" -eq 2 ] && break
		sleep 0.02
	done
	n=$(ino /proc/$P/ns/uts)
	ours=$(xlsns -r -n -o PID,PPID,USER,COMMAND "$n" | sort)
	peer=$(lsns -r -n -o PID,PPID,USER,COMMAND "$n" | sort)
	[ "$ours" = "$peer" ]
	[ "$(echo "$ours" | wc -l)" -eq 3 ]
	# default layout: the sleeps hang under their shell
	run xlsns "$n"
	[[ "${lines[0]}" == *PID*PPID*USER*COMMAND* ]]
	[[ "$output" == *"└─sleep 1000"* ]]
}

@test "-p PID lists exactly that process's namespaces" {
	require_root
	start unshare --uts --ipc sleep 1000
	wait_ns "$P" ipc
	run xlsns -r -n -o NS -p "$P"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sort)" = "$(for t in /proc/$P/ns/{mnt,uts,ipc,net,pid,user,cgroup,time}; do ino $t; done | sort -u)" ]
}

# --- what holds a namespace ------------------------------------------------

@test "a namespace held only by a bind mount: NPROCS 0, NSFS, -P, owner" {
	require_root
	require_cmd unshare
	touch "$XNS_TMP/net"
	unshare --net="$XNS_TMP/net" true
	n=$(ino "$XNS_TMP/net")
	run xlsns -J -t net -o NS,NPROCS,PID,USER,NSFS,PATH
	[ "$status" -eq 0 ]
	row=$(echo "$output" | jq -c ".namespaces[] | select(.ns == $n)")
	[ "$(echo "$row" | jq .nprocs)" = 0 ]
	[ "$(echo "$row" | jq -r .pid)" = null ]
	[ "$(echo "$row" | jq -r .user)" = root ]
	[ "$(echo "$row" | jq -r .nsfs)" = "$XNS_TMP/net" ]
	[ "$(echo "$row" | jq -r .path)" = "$XNS_TMP/net" ]
	# -P: only namespaces no process is in, this one among them
	run xlsns -P -r -n -o NS,NPROCS
	[ "$status" -eq 0 ]
	[[ "$output" == *"$n 0"* ]]
	[ -z "$(echo "$output" | awk '$2 != 0')" ]
	umount "$XNS_TMP/net"
}

@test "/run/netns/NAME shows in NSFS, also with -t net's default columns" {
	require_root
	require_cmd ip
	ip netns add xns-ls-nsfs
	XNS_NETNS+=(xns-ls-nsfs)
	n=$(ino /run/netns/xns-ls-nsfs)
	run xlsns -t net
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *NS*TYPE*NPROCS*PID*USER*NETNSID*NSFS*COMMAND* ]]
	run xlsns -t net -r -n -o NS,NSFS
	[[ "$output" == *"$n /run/netns/xns-ls-nsfs"* ]]
}

@test "a namespace held only by an open fd is found, with the fd as PATH" {
	require_root
	start unshare --uts sleep 1000
	holder=$P
	wait_ns "$holder" uts
	n=$(ino /proc/$holder/ns/uts)
	start sh -c "exec sleep 1000 7</proc/$holder/ns/uts"
	fdp=$P
	for i in $(seq 100); do [ -e /proc/$fdp/fd/7 ] && [ "$(readlink /proc/$fdp/exe)" != "$(readlink /proc/$$/exe)" ] && break; sleep 0.02; done
	[ "$(ino /proc/$fdp/fd/7)" = "$n" ]
	kill -KILL "$holder"; wait "$holder" 2>/dev/null || true
	run xlsns -r -n -t uts -o NS,NPROCS,PATH
	[[ "$output" == *"$n 0 /proc/$fdp/fd/7"* ]]
	run xlsns -r -n -o NS -P
	[[ "$output" == *"$n"* ]]
}

@test "a net namespace held only by an fd opened through a bind mount since removed" {
	require_root
	require_cmd ip
	ip netns add xns-ls-fdmnt
	XNS_NETNS+=(xns-ls-fdmnt)
	n=$(ino /run/netns/xns-ls-fdmnt)
	start sh -c 'exec sleep 1000 4</run/netns/xns-ls-fdmnt'
	fdp=$P
	for i in $(seq 100); do [ -e /proc/$fdp/fd/4 ] && [ "$(readlink /proc/$fdp/exe)" != "$(readlink /proc/$$/exe)" ] && break; sleep 0.02; done
	ip netns delete xns-ls-fdmnt
	XNS_NETNS=()
	# the link no longer names the namespace: only the fd holds it
	[ "$(readlink /proc/$fdp/fd/4)" = / ]
	[ "$(ino /proc/$fdp/fd/4)" = "$n" ]
	run xlsns -r -n -t net -o NS,NPROCS,PATH
	[ "$status" -eq 0 ]
	[[ "$output" == *"$n 0 /proc/$fdp/fd/4"* ]]
	run xlsns -P -r -n -o NS
	[ "$status" -eq 0 ]
	[[ "$output" == *"$n"* ]]
	# by its inode: found, with no process in it
	run_split xlsns -r -n "$n"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -z "$output" ]
}

@test "a network namespace held only by a socket is found (SIOCGSKNS)" {
	require_root
	require_cmd perl
	[ "$(uname -m)" = x86_64 ] || skip "the perl helper uses x86_64 syscall numbers"
	# make a netns, open a socket in it, go back: only the socket holds it
	start perl -e '
		open(my $h, "<", "/proc/self/ns/net") or die;
		syscall(272, 0x40000000) == 0 or die "unshare: $!";
		open(my $n, "<", "/proc/self/ns/net") or die;
		my @st = stat($n); close($n);
		socket(my $s, 1, 2, 0) or die "socket: $!";
		syscall(308, fileno($h), 0x40000000) == 0 or die "setns: $!";
		open(my $o, ">", "'"$XNS_TMP"'/ino") or die; print $o "$st[1]\n"; close($o);
		sleep 1000;'
	for i in $(seq 200); do [ -s "$XNS_TMP/ino" ] && break; sleep 0.02; done
	n=$(cat "$XNS_TMP/ino")
	[ -n "$n" ]
	# the process is back in our netns
	[ "$(readlink /proc/$P/ns/net)" = "$(readlink /proc/self/ns/net)" ]
	run xlsns -r -n -t net -o NS,NPROCS,TYPE
	[[ "$output" == *"$n 0 net"* ]]
}

# --- relations and trees -----------------------------------------------------

@test "nested user and pid namespaces: PNS, ONS and both trees" {
	require_root
	require_cmd unshare jq
	start unshare --user --map-root-user --pid --fork --kill-child \
		unshare --user --pid --fork --kill-child sleep 1000
	# the outer unshare is in user1 and forks a into pid1; a makes user2
	# for itself and forks b into pid2
	a=$(child_of "$P")
	b=$(child_of "$a")
	wait_ns "$b" pid
	u0=$(ino /proc/self/ns/user); u1=$(ino /proc/$P/ns/user); u2=$(ino /proc/$b/ns/user)
	p0=$(ino /proc/self/ns/pid); p1=$(ino /proc/$a/ns/pid); p2=$(ino /proc/$b/ns/pid)
	[ "$u1" != "$u2" ]
	[ "$p1" != "$p2" ]
	[ "$u1" != "$u0" ]
	run xlsns -r -n -o NS,PNS,ONS
	[[ "$output" == *"$u2 $u1 $u1"* ]]
	[[ "$output" == *"$u1 $u0 $u0"* ]]
	[[ "$output" == *"$p2 $p1 $u2"* ]]
	[[ "$output" == *"$p1 $p0 $u1"* ]]
	# owner tree: user2 under user1 under ours; pid2 under user2
	json=$(xlsns -J --tree=owner -o NS,TYPE)
	echo "$json" | jq -e ".namespaces[] | select(.ns == $u0) | .children[] | select(.ns == $u1) |
		.children[] | select(.ns == $u2) | .children[] | select(.ns == $p2)" >/dev/null
	# parent tree: pid2 under pid1 under ours
	json=$(xlsns -J --tree=parent -o NS,TYPE)
	echo "$json" | jq -e ".. | objects | select(.ns? == $p0) | .children[] | select(.ns == $p1) |
		.children[] | select(.ns == $p2)" >/dev/null
	# lsns draws the same owner tree for these
	if command -v lsns >/dev/null; then
		# (how deep each line sits: other namespaces on the machine may
		# change the ├─/└─ of a line, never its depth)
		depth='{ d = match($0, /[0-9]/); sub(/^[|-]*/, "", $NF); print $NF, d }'
		art='s/│/|/g; s/├/|/g; s/└/|/g; s/─/-/g'
		ours=$(xlsns --tree=owner -o TYPE,NS | sed "$art" | grep -E "($u1|$u2|$p2)" | awk "$depth")
		peer=$(lsns --tree=owner -o TYPE,NS | sed "$art" | grep -E "($u1|$u2|$p2)" | awk "$depth")
		echo "ours: $ours"; echo "lsns: $peer"
		[ "$ours" = "$peer" ]
	fi
}

@test "a user namespace only its children hang from is listed in the trees" {
	require_root
	# user1 holds no process: the outer unshare exec()s the inner one
	start unshare --user --map-root-user unshare --user sleep 1000
	wait_ns "$P" user
	for i in $(seq 100); do [ "$(cat /proc/$P/comm)" = sleep ] && break; sleep 0.02; done
	u2=$(ino /proc/$P/ns/user)
	run xlsns -r -n -o NS,PNS
	u1=$(echo "$output" | awk -v n="$u2" '$1 == n { print $2 }')
	[ -n "$u1" ]
	[ "$u1" != 0 ]
	run xlsns -r -n -o NS,NPROCS --tree=owner
	[[ "$output" == *"$u1 0"* ]]
	run xlsns -J -Towner -o NS,NPROCS
	echo "$output" | jq -e ".. | objects | select(.ns? == $u1) | .children[] | select(.ns == $u2)" >/dev/null
}

# --- NETNSID, JSON, CGROUP, filter -----------------------------------------

@test "NETNSID: the id a veth peer's namespace has, as ip netns list-id says" {
	require_root
	require_cmd ip jq
	ip netns add xns-ls-a; XNS_NETNS+=(xns-ls-a)
	ip netns add xns-ls-b; XNS_NETNS+=(xns-ls-b)
	ip -n xns-ls-a link add xns-ls-v0 type veth peer name xns-ls-v1 netns xns-ls-b
	b=$(ino /run/netns/xns-ls-b)
	want=$(ip -n xns-ls-a netns list-id | awk '{ print $2 }' | head -n 1)
	[ -n "$want" ]
	run ip netns exec xns-ls-a xlsns -J -t net -o NS,NETNSID
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r ".namespaces[] | select(.ns == $b) | .netnsid")" = "$want" ]
	[ "$(echo "$output" | jq -r '.namespaces[] | .netnsid | type' | sort -u)" = string ]
	# from our netns, b has no id here
	run xlsns -J -t net -o NS,NETNSID
	[ "$(echo "$output" | jq -r ".namespaces[] | select(.ns == $b) | .netnsid")" = unassigned ]
}

@test "JSON: top key namespaces, numbers and strings as lsns types them" {
	require_cmd jq
	run xlsns -J --output-all
	[ "$status" -eq 0 ]
	echo "$output" | jq -e '.namespaces | length > 0' >/dev/null
	for k in ns nprocs pid ppid uid pns ons; do
		[ "$(echo "$output" | jq -r "[.namespaces[] | select(.pid != null) | .$k | type] | unique | .[]")" = number ] ||
			{ echo "$k is not a number"; false; }
	done
	for k in type path command user netnsid cgroup; do
		[ "$(echo "$output" | jq -r "[.namespaces[] | select(.pid != null) | .$k | type] | unique | .[]" | grep -v null)" = string ] ||
			{ echo "$k is not a string"; false; }
	done
	# the default layout is the process tree: kernel threads under kthreadd
	run xlsns -J
	echo "$output" | jq -e '[.. | objects | select(has("children"))] | length > 0' >/dev/null
	run xlsns -J -l
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq '[.. | objects | select(has("children"))] | length')" -eq 0 ]
}

@test "CGROUP is the cgroup of the namespace's lowest PID" {
	require_root
	start unshare --uts sleep 1000
	wait_ns "$P" uts
	want=$(awk -F: '$1 == 0 { print $3 }' /proc/$P/cgroup)
	[ -n "$want" ] || want=$(head -n 1 /proc/$P/cgroup | cut -d: -f3)
	run xlsns -r -n -o NS,CGROUP -Q "NS == $(ino /proc/$P/ns/uts)"
	[ "$output" = "$(ino /proc/$P/ns/uts) $want" ]
}

@test "-Q: rows the filter drops are gone, numbers compare as numbers" {
	run xlsns -r -n -o TYPE -Q 'TYPE == "uts" || TYPE == "ipc"'
	[ "$status" -eq 0 ]
	[ -z "$(echo "$output" | grep -vE '^(uts|ipc)$')" ]
	run xlsns -r -n -o NPROCS -Q 'NPROCS > 9'
	[ -z "$(echo "$output" | awk '$1 <= 9')" ]
	# a column only the filter reads is not shown, in JSON either
	run xlsns -r -n -o NS -Q 'PID == 2 && TYPE =~ "^u"'
	[ "$(echo "$output" | awk '{ print NF }' | sort -u)" = 1 ]
	run xlsns -J -o NS -Q 'NPROCS > 0'
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r '[.namespaces[] | keys[]] | unique | join(",")')" = ns ]
	# column names in any case, as lsns takes them; the kept rows are whole
	run xlsns -r -n -o NS,TYPE,COMMAND -Q 'type == "uts" && nprocs >= 1'
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	[ -z "$(echo "$output" | awk '$2 != "uts" || NF < 3')" ]
}

@test "unprivileged: lists what it may read, like lsns, and exits 0" {
	require_root
	require_cmd setpriv lsns
	run as_user xlsns -r -n -o NS,TYPE
	[ "$status" -eq 0 ]
	# its own namespaces, through its own process
	[[ "$output" == *"$(ino /proc/self/ns/uts) uts"* ]]
	# the namespaces of processes it may see (bind mounts it may open are
	# ours alone: leave those out)
	ours=$(as_user xlsns -r -n -o NS,TYPE,NPROCS -l | awk '$3 != 0 { print $1, $2 }' | sort)
	peer=$(as_user lsns -r -n -o NS,TYPE,NPROCS -l | awk '$3 != 0 { print $1, $2 }' | sort)
	[ "$ours" = "$peer" ]
}
