# Shared by the xrunc suites.  The runtime under test is $XRUNC (the build
# tree's xrunc); XNS_RUNTIME=runc (or a path) runs the same suites against
# another runc-compatible runtime, which is how the tests were checked
# against runc's documented behaviour on this host.
#
# Every container a test makes is xns-<bats pid>-<test number>[-tag], in a
# private state root (--root) below the test's xns-* temp dir; teardown
# deletes each one with --force, then kills by PID and removes by name
# whatever a broken runtime left (processes, cgroups), so that a failing
# test leaves nothing behind either.

load ../helpers

bats_require_minimum_version 1.5.0

XRUNC=${XNS_RUNTIME:-$XNS_BUILDDIR/xrunc}
case $XRUNC in */*) ;; *) XRUNC=$(command -v "$XRUNC" || echo "$XRUNC") ;; esac
RT_NAME=$(basename "$XRUNC")

# the image the suites run, built once per file by setup_file
XNS_IMG_TAG="xns-xrunc-img"

# --- setup and teardown ------------------------------------------------------

# setup_file: build the image (mkimage.sh) once for the whole file; a
# missing umoci or busybox-static leaves XNS_IMG_SKIP with the reason
xrunc_setup_file() {
	local out
	XNS_IMG=$(mktemp -d "/tmp/$XNS_IMG_TAG.XXXXXX")
	export XNS_IMG XNS_IMG_SKIP=
	if [ "$(id -u)" != 0 ]; then
		XNS_IMG_SKIP="needs root"
	elif ! out=$(sh "$BATS_TEST_DIRNAME/mkimage.sh" \
		--file "$BATS_TEST_DIRNAME/inspect.sh=/xns/inspect" "$XNS_IMG" 2>&1); then
		XNS_IMG_SKIP="cannot build the test image: $(echo "$out" | tail -1)"
	fi
}

xrunc_teardown_file() {
	[ -n "${XNS_IMG:-}" ] && rm -rf "$XNS_IMG"
	return 0
}

# setup: root, the runtime, the image; a temp dir with a fresh bundle
xrunc_setup() {
	require_root
	[ -z "${XNS_IMG_SKIP:-}" ] || skip "$XNS_IMG_SKIP"
	[ -x "$XRUNC" ] || skip "$RT_NAME not built ($XRUNC)"
	make_tmp
	XNS_STATE="$XNS_TMP/state"
	BUNDLE="$XNS_TMP/bundle"
	cp -a "$XNS_IMG/bundle" "$BUNDLE"
	# umoci writes terminal: true (an interactive shell); the tests feed
	# no terminal, so the process gets our stdio as runc's docs describe
	cfg '.process.terminal = false'
}

xrunc_teardown() {
	local id left
	[ -n "${XNS_TMP:-}" ] || return 0
	for id in $(cat "$XNS_TMP/ids" 2>/dev/null); do
		[ -d "$XNS_TMP/runc-state" ] &&
			runc --root "$XNS_TMP/runc-state" delete --force "$id" >/dev/null 2>&1
		ct_purge "$id"
	done
	kill_started
	# a test must not leave anything, even when it failed
	for id in $(cat "$XNS_TMP/ids" 2>/dev/null); do
		left=$(ct_leftovers "$id")
		[ -z "$left" ] || { echo "teardown could not remove: $left"; teardown_tmp; return 1; }
	done
	teardown_tmp
}

# --- the runtime ----------------------------------------------------------

# rt ARGS...: the runtime with the test's private state root
rt() {
	"$XRUNC" --root "$XNS_STATE" "$@"
}

# rtq ARGS...: rt with the container's stdio (and the runtime's errors)
# in files, $XNS_TMP/ct.out and ct.err: a detached or created container
# would otherwise hold bats' output pipe open, and `run` would wait on it
rtq() {
	rt "$@" </dev/null >"$XNS_TMP/ct.out" 2>"$XNS_TMP/ct.err"
}

# a new container ID for this test: $1 is a tag.  Called as id=$(new_id),
# in a subshell, so the ID is remembered in a file for teardown
new_id() {
	local id="xns-$$-${BATS_TEST_NUMBER}${1:+-$1}"
	track_id "$id"
	echo "$id"
}

# track_id ID: teardown deletes it (with --force) and all it left
track_id() {
	echo "$1" >>"$XNS_TMP/ids"
}

# cfg JQ-FILTER [ARGS...]: edit the bundle's config.json in place
cfg() {
	local f="$BUNDLE/config.json" filter=$1
	shift
	# the file before any --args, which takes every word after it
	jq "$filter" "$f" "$@" </dev/null >"$f.new" && [ -s "$f.new" ] && mv "$f.new" "$f"
}

# cfg_args ARG...: process.args of the bundle
cfg_args() {
	# not jq --args: jq would take the "-c" of `sh -c` as its own option
	local a json=
	for a in "$@"; do
		json="$json${json:+,}$(jq -n --arg a "$a" '$a')"
	done
	cfg '.process.args = $a' --argjson a "[$json]"
}

# state field: `rt state ID | jq -r .FIELD`
ct_field() {
	rt state "$1" 2>/dev/null | jq -r ".$2"
}

# wait (bounded, no timing asserted) until container $1 has status $2
ct_wait_status() {
	local i
	for i in $(seq 100); do
		[ "$(ct_field "$1" status)" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# every cgroup directory named $1, in every hierarchy (v1 and cgroup2)
cg_dirs_of() {
	local r
	for r in $(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo); do
		find "$r" -maxdepth 5 -type d -name "$1" 2>/dev/null
	done
}

# what is left of container $1: its state entry, cgroups, processes whose
# cgroup names it; empty when nothing is
ct_leftovers() {
	local id=$1
	[ -e "$XNS_STATE/$id" ] && echo "state: $XNS_STATE/$id"
	cg_dirs_of "$id" | sed 's/^/cgroup: /'
	grep -l -- "/$id\$" /proc/[0-9]*/cgroup 2>/dev/null | sed 's/^/process: /'
	return 0
}

# delete --force, then whatever a broken runtime left: processes by PID
# (from the state, and every PID in the container's cgroups), then the
# cgroups themselves, deepest first, and the state entry
ct_purge() {
	local id=$1 pid d p
	[ -x "$XRUNC" ] && rt delete --force "$id" >/dev/null 2>&1
	pid=$(cat "$XNS_TMP/$id.pid" 2>/dev/null || true)
	[ -n "$pid" ] && [ -e "/proc/$pid" ] && grep -q -- "$id" "/proc/$pid/cgroup" 2>/dev/null &&
		kill -KILL "$pid" 2>/dev/null
	for d in $(cg_dirs_of "$id"); do
		for p in $(cat "$d/cgroup.procs" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
	done
	for d in $(cg_dirs_of "$id" | sort -r); do
		[ -f "$d/freezer.state" ] && echo THAWED >"$d/freezer.state" 2>/dev/null
		[ -f "$d/cgroup.freeze" ] && echo 0 >"$d/cgroup.freeze" 2>/dev/null
		rmdir "$d" 2>/dev/null || { sleep 0.2; rmdir "$d" 2>/dev/null; } || true
	done
	rm -rf "${XNS_STATE:?}/$id"
	return 0
}

# --- cgroups of a container, as the host sees them -------------------------

# the mount point of the v1 hierarchy of controller $1, or of cgroup2
# for "unified"
cg_mount_of() {
	awk -v want="$1" '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		t = $(i + 1); o = "," $(i + 3) ",";
		if (want == "unified" && t == "cgroup2") { print $5; exit }
		if (t == "cgroup" && index(o, "," want ",")) { print $5; exit } }' /proc/self/mountinfo
}

# the file $2 (v1 name) / $3 (v2 name) of process $1's group for
# controller $4: v1 where the controller is on v1 (this host), else v2
cg_file_of() {
	local pid=$1 v1=$2 v2=$3 ctrl=$4 m p
	m=$(cg_mount_of "$ctrl")
	if [ -n "$m" ]; then
		p=$(awk -F: -v c="$ctrl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$pid/cgroup")
		echo "$m$p/$v1"
	else
		m=$(cg_mount_of unified)
		p=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
		echo "$m$p/$v2"
	fi
}

require_mem_cgroup() {
	[ -n "$(cg_mount_of memory)" ] ||
		grep -qw memory "$(cg_mount_of unified)/cgroup.controllers" 2>/dev/null ||
		skip "no memory controller on this host"
}

mem_limit_of() {
	cat "$(cg_file_of "$1" memory.limit_in_bytes memory.max memory)"
}

pids_limit_of() {
	cat "$(cg_file_of "$1" pids.max pids.max pids)"
}

# hugetlb with 2 MB pages: a v1 hierarchy, or cgroup2's controllers list it
require_hugetlb_2mb() {
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "no 2 MB huge pages on this host"
	[ -n "$(cg_mount_of hugetlb)" ] ||
		grep -qw hugetlb "$(cg_mount_of unified)/cgroup.controllers" 2>/dev/null ||
		skip "no hugetlb controller on this host"
}

# the 2 MB huge page limit of process $1's group (v1 or v2, wherever hugetlb is)
hugetlb_limit_of() {
	cat "$(cg_file_of "$1" hugetlb.2MB.limit_in_bytes hugetlb.2MB.max hugetlb)"
}

# bpfprogs.py: the device programs of a cgroup2 group, through bpf(2)
require_bpfprogs() {
	[ -n "$(cg_mount_of unified)" ] || skip "no cgroup2 hierarchy here"
	command -v python3 >/dev/null || skip "python3 missing (bpfprogs.py)"
	python3 "$BATS_TEST_DIRNAME/bpfprogs.py" attached "$(cg_mount_of unified)" >/dev/null ||
		skip "bpfprogs.py cannot query this host's cgroup2 (status $?)"
}

