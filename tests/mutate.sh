#!/bin/bash
# Prove the suites bite: break one promise of a tool on purpose, in a
# scratch copy of the tree, and check that the tool's suite fails.
#
#   tests/mutate.sh            every mutation (or: make mutate)
#   tests/mutate.sh -l         list them
#   tests/mutate.sh NAME...    only these
#   tests/mutate.sh -k         keep the scratch copy (/tmp/xns-mut-*)
#   tests/mutate.sh -p         patterns only: how many places each edit
#                              finds, no build, no suite (after a merge)
#
# Each mutation is an edit anchored on a name that refactoring keeps (a
# lib/ function, an enum value, a libc call), not on a line number: a
# function's first statement, a call replaced, a wrapper over a syscall.
# A mutation may list several edits (the old spelling and the new, while
# code moves); it applies every one that matches.  Results, one per line:
#
#   CAUGHT             the suite failed: it bites
#   NOT CAUGHT         the suite passed with the promise broken
#   PATTERN NOT FOUND  no edit matched: the code moved, update the pattern
#   BUILD FAILED       the edit did not compile: update the edit
#   BASELINE FAILS     the suite fails on the unmutated tree: no verdict
#
# Exits 0 only when every mutation run was CAUGHT.  Needs root (the suites
# skip most of their tests otherwise) and a few minutes; it is not part of
# `make check`.  Nothing it leaves: the scratch tree is removed, and after
# a mutant that keeps its groups, the groups it left (xns-cg-<pid>, empty,
# the PID gone, not there before the suite) are removed.
set -u
# as .ci/run: xlsns draws its trees in UTF-8 and the suites expect that
export LC_ALL=C.UTF-8

src=$(cd "${XNS_SRCDIR:-$(dirname "$0")/..}" && pwd)
keep=0 list=0 patterns=0
while getopts klph o; do
	case $o in
	k) keep=1 ;;
	p) patterns=1 ;;
	l) list=1 ;;
	*) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

# ---- the edits ---------------------------------------------------------------

SITES=0   # how many places the edits of one mutation changed

# edit FILES... -- PERL: run PERL over each existing file (slurped in $_),
# count the substitutions it reports in $n
edit() {
	local files=() f n
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	for f in "${files[@]}"; do
		[ -f "$f" ] || continue
		n=$(perl -0777 -i -pe "BEGIN { \$n = 0 } $1; END { print STDERR \$n }" "$f" 2>&1 >/dev/null) || return 1
		case $n in ''|*[!0-9]*) echo "edit: $f: $n" >&2; return 1 ;; esac
		SITES=$((SITES + n))
	done
}

# fn_prepend NAME CODE FILES...: CODE as the first statement of the
# definition of function NAME (kernel style: "type name(args)\n{")
fn_prepend() {
	local name=$1 code=$2
	shift 2
	NAME=$name CODE=$code edit "$@" -- \
		'$n += s/^(\w[^\n;]*\b\Q$ENV{NAME}\E\([^;{]*?\)\n\{\n)/$1\t$ENV{CODE}\n/mg'
}

# insert_after REGEX TEXT FILES...: TEXT after each match of REGEX
insert_after() {
	local re=$1 text=$2
	shift 2
	RE=$re TEXT=$text edit "$@" -- '$n += s/($ENV{RE})/$1$ENV{TEXT}/mg'
}

# replace REGEX TEXT FILES...: every match of REGEX becomes TEXT
replace() {
	local re=$1 text=$2
	shift 2
	RE=$re TEXT=$text edit "$@" -- '$n += s/$ENV{RE}/$ENV{TEXT}/mg'
}

# wrap_after_includes CODE FILES...: CODE after the last #include of each
# file that calls the function CODE overrides ($WRAPS)
wrap_after_includes() {
	local code=$1 f
	shift
	for f in "$@"; do
		grep -q "\\b$WRAPS(" "$f" 2>/dev/null || continue
		CODE=$code edit "$f" -- '$n += s/\A(.*\n#include [^\n]*\n)/$1$ENV{CODE}/s'
	done
}

# ---- the mutations -------------------------------------------------------------
# name | suites (under tests/) | the promise broken

MUTATIONS='
xcgexec-keeps-group|xcgexec/lifecycle.bats xcgexec/cli.bats|xcgexec removes the group it made when the command is done
xcgexec-keeps-named-group|xcgexec/lifecycle.bats xcgexec/cli.bats|xcgexec removes a group made with --name too (only xns-cg-<pid> ones removed here)
xcgexec-no-pids-limit|xcgexec/limits.bats|-p/--pids writes pids.max
xnetns-lo-down|xnetns/xnetns.bats|xnetns add brings lo up in the new namespace
xnetns-delete-nothing|xnetns/xnetns.bats|xnetns delete unmounts and removes the name
xnetns-no-undo|xnetns/wiring.bats xnetns/faults.bats|a wiring command that fails half-way deletes the links it made
xchroot-no-pivot|xchroot/xchroot.bats|xchroot pivots into the new root (chroot(2) only with --no-pivot)
xchroot-keeps-root|xchroot/xchroot.bats|--userspec/--groups switch the user before the command runs
xunshare-wrong-uid-map|xunshare/xunshare.bats|-r/--map-user map the caller exactly (a map off by one here)
xunshare-persist-no-undo|xunshare/xunshare.bats|persisting is all or nothing: files bound before a failure are unmounted
xnsenter-no-userns|xnsenter/xnsenter.bats|xnsenter -U/-a enters the user namespace
xlsns-no-nprocs|xlsns/xlsns.bats|xlsns fills the NPROCS column
xnetns-add-delete-unlocked|xnetns/faults.bats|a delete waits for an add between its name file and its mount (14.1: one nsfs mount per name)
xcgexec-gc-takes-locked|xcgexec/lifecycle.bats|--gc leaves the group of a live run alone, whatever its name says (14.4: the lock of the run)
xunshare-persist-unlocked|xunshare/xunshare.bats|checking a persist target and binding onto it is one step (14.2: two runs, one mount)
xunshare-undo-on-death-nothing|xunshare/xunshare.bats|a run that dies before it commits leaves nothing persisted (14.3: the helper undoes)
xnsenter-pin-unchecked|xnsenter/xnsenter.bats|-t PID:INODE enters only the process whose pidfd has that inode
'

apply_xcgexec-keeps-group() {
	fn_prepend cgroup_remove 'return 0;' lib/*.c
}

apply_xcgexec-keeps-named-group() {
	# the groups the suites name are xns-cg-t<pid>-<tag>: only the "nothing
	# left" checks written `! cg_exists` look at them
	fn_prepend cgroup_remove '{ const char *b = strrchr(cg->path ? cg->path : "", 0x2f); b = b ? b + 1 : ""; if (strncmp(b, "xns-cg-", 7) || b[7] < 0x30 || b[7] > 0x39) return 0; }' lib/*.c
}

apply_xcgexec-no-pids-limit() {
	# a table of knobs still writes through cgroup_set() or cgroup_write()
	fn_prepend cgroup_set 'if (k == CGK_PIDS_MAX) return 0;' lib/*.c
}

apply_xnetns-lo-down() {
	# the callback netns_add() is given to set the new namespace up
	fn_prepend netnsnl_lo_up 'return 0;' lib/*.c
}

apply_xnetns-delete-nothing() {
	fn_prepend netns_delete 'return 0;' lib/*.c
}

apply_xnetns-no-undo() {
	fn_prepend nl_link_del 'return 0;' lib/*.c
}

apply_xchroot-no-pivot() {
	fn_prepend mount_pivot 'return mount_chroot(root_fd);' lib/*.c
}

apply_xchroot-keeps-root() {
	fn_prepend become_user_or_err 'return;' tools/xchroot*.c lib/*.c
	# since containment: the command's own start makes the switch
	replace 'ids->has_uid && setuid\(ids->uid\) < 0' 'ids->has_uid && 0' tools/xchroot*.c
}

apply_xunshare-wrong-uid-map() {
	# lib/idmap's one-ID maps (idmap_single() and idmap_add_single()),
	# which xunshare writes through
	replace '\{ inner, outer, 1\b' '{ inner + 1, outer, 1' lib/idmap*.c
}

apply_xunshare-persist-no-undo() {
	# lib/nsoutside's unbind() of each target, used by the undo of a
	# failed bind and by the helper's undo when xunshare is gone
	fn_prepend unbind 'return;' lib/nsoutside*.c
}

apply_xnsenter-no-userns() {
	# setns() that pretends to enter a user namespace, and leaves
	# CLONE_NEWUSER out of a setns(pidfd, flags)
	WRAPS=setns wrap_after_includes '
/* mutation xnsenter-no-userns */
#include <sys/ioctl.h>
static inline int xns_mut_setns(int fd, int nstype)
{
	int t = ioctl(fd, 0xb703 /* NS_GET_NSTYPE */);

	if (t == 0x10000000 || nstype == 0x10000000)
		return 0;
	if (t < 0 && (nstype & 0x10000000) && !(nstype &= ~0x10000000))
		return 0;
	return setns(fd, nstype);
}
#define setns(fd, t) xns_mut_setns(fd, t)
' tools/xnsenter*.c lib/*.c
}

apply_xlsns-no-nprocs() {
	insert_after 'case COL_NPROCS:\n' $'\t\treturn NULL;\n' tools/xlsns*.c
}

apply_xnetns-add-delete-unlocked() {
	# the folder's lock that adds share and a delete takes alone: an fd,
	# no flock
	fn_prepend dir_lock '(void) how; return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);' lib/netns*.c
}

apply_xcgexec-gc-takes-locked() {
	# gc_one() collects a group only when no run holds its lock: here it
	# takes the lock it cannot get as if free
	replace '\bflock\(fd, LOCK_EX \| LOCK_NB\) < 0' '0' lib/cgroup*.c
}

apply_xunshare-persist-unlocked() {
	# ns_persist()'s lock on the target between its check and its bind
	replace 'while \(flock\(fd, LOCK_EX\) < 0\)' 'while (0)' lib/ns.c lib/ns-*.c
}

apply_xunshare-undo-on-death-nothing() {
	# the helper's undo when xunshare dies or goes without its commit (the
	# undo of a failed bind, unbind() in helper_persist(), stays)
	fn_prepend helper_undo 'return;' lib/nsoutside*.c
}

apply_xnsenter-pin-unchecked() {
	# every pidfd is the one of the inode asked for
	fn_prepend nshandle_pidfd_is '(void) pidfd; (void) ino; return 1;' lib/nshandle*.c
}

if [ $list = 1 ]; then
	echo "$MUTATIONS" | awk -F'|' 'NF == 3 { printf "%-32s %-40s %s\n", $1, $2, $3 }'
	exit 0
fi

selected=$(echo "$MUTATIONS" | awk -F'|' 'NF == 3 { print $1 }')
if [ $# -gt 0 ]; then
	for m in "$@"; do
		echo "$selected" | grep -qx -- "$m" || { echo "mutate: no mutation '$m' (-l lists them)" >&2; exit 2; }
	done
	selected=$*
fi

if [ $patterns = 0 ] && [ "$(id -u)" != 0 ]; then
	echo "mutate: needs root: the suites skip most of their tests otherwise" >&2
	exit 77
fi

# ---- a scratch copy, built once ------------------------------------------------

scratch=$(mktemp -d /tmp/xns-mut-XXXXXX) || exit 1
cleanup() {
	if [ $keep = 1 ]; then
		echo "mutate: kept $scratch"
	else
		rm -rf "$scratch"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "mutate: copying $src to $scratch"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	# the working tree as it is (uncommitted edits too), no build output
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$scratch"
else
	(cd "$src" && tar --exclude='./build*' -cf - .) | tar -xf - -C "$scratch"
fi
log=$scratch/mutate.log
if [ $patterns = 1 ]; then
	bad=0
	for m in $selected; do
		rm -rf "$scratch/.orig" && mkdir "$scratch/.orig" &&
			cp -a "$scratch/lib" "$scratch/tools" "$scratch/.orig/"
		SITES=0
		cd "$scratch" || exit 1
		"apply_$m" 2>>"$log"
		cd - >/dev/null || exit 1
		printf '%-32s %s\n' "$m" "$([ $SITES -gt 0 ] && echo "$SITES site(s)" || echo "PATTERN NOT FOUND")"
		[ $SITES -gt 0 ] || bad=$((bad + 1))
		rm -rf "${scratch:?}/lib" "${scratch:?}/tools"
		mv "$scratch/.orig/lib" "$scratch/.orig/tools" "$scratch/"
	done
	exit $((bad > 0))
fi
echo "mutate: building (log: $log)"
if ! (cd "$scratch" && autoreconf -fi && mkdir -p build && cd build &&
	../configure -q --disable-werror && make -j2) >"$log" 2>&1; then
	tail -20 "$log"
	echo "mutate: the unmutated tree does not build" >&2
	exit 1
fi

suites_of() {
	echo "$MUTATIONS" | awk -F'|' -v m="$1" '$1 == m { print $2 }'
}

promise_of() {
	echo "$MUTATIONS" | awk -F'|' -v m="$1" '$1 == m { print $3 }'
}

# xcgexec groups a mutant left: xns-cg-<pid>[-N] at a hierarchy's top,
# not there before ($1 = the list from before), empty, its PID gone
cg_groups() {
	local r
	for r in $(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 }' /proc/self/mountinfo); do
		ls -d "$r"/xns-cg-[0-9]* 2>/dev/null
	done | sort
}

cg_tidy() {
	local d pid
	for d in $(comm -13 <(echo "$1") <(cg_groups)); do
		pid=${d##*/xns-cg-}; pid=${pid%%-*}
		kill -0 "$pid" 2>/dev/null && continue
		[ -s "$d/cgroup.procs" ] && continue
		rmdir "$d" 2>/dev/null && echo "mutate: removed $d, left by the mutant" >>"$log"
	done
}

# run suites $* in the scratch build; 0 when all passed
run_suites() {
	local tests="" s before rc
	for s in "$@"; do tests="$tests tests/$s"; done
	before=$(cg_groups)
	make -s -C "$scratch/build" check TESTS="${tests# }" >>"$log" 2>&1
	rc=$?
	# only a mutant that keeps its groups leaves any on purpose; others
	# are not ours to judge
	case ${current:-} in xcgexec-keeps-*) cg_tidy "$before" ;; esac
	return $rc
}

# the tests that failed, for the table: how many, the first three (one
# failing test alone is a thin catch: a test edited later may lose it)
failed_tests() {
	local s
	for s in "$@"; do
		grep -h '^not ok' "$scratch/build/tests/${s%.bats}.log" 2>/dev/null
	# (names may hold a ";" of their own)
	done | sed 's/^not ok [0-9]* //' |
		awk '{ if (NR <= 3) t = t (NR > 1 ? " / " : "") $0 } END { if (NR) printf "%d: %s%s", NR, t, (NR > 3 ? " / ..." : "") }'
}

# ---- the baseline: each suite once, unmutated -------------------------------------

all_suites=$(for m in $selected; do suites_of "$m"; done | tr ' ' '\n' | sort -u)
declare -A baseline
for s in $all_suites; do
	echo "mutate: baseline $s" | tee -a "$log"
	# once more on failure: the host is shared, and a suite that checks
	# "no group left" sees what runs beside it leave
	if run_suites "$s" || run_suites "$s"; then
		baseline[$s]=ok
	else
		baseline[$s]=fail
		cp "$scratch/build/tests/${s%.bats}.log" "$scratch/baseline-${s//\//-}.log"
		echo "mutate: baseline $s fails: $(failed_tests "$s")" | tee -a "$log"
	fi
done

# ---- one mutation at a time ----------------------------------------------------------

declare -A result detail
bad=0
for m in $selected; do
	suites=$(suites_of "$m")
	current=$m
	echo "mutate: $m" | tee -a "$log"
	# keep the pristine sources to restore from
	rm -rf "$scratch/.orig" && mkdir "$scratch/.orig" &&
		cp -a "$scratch/lib" "$scratch/tools" "$scratch/.orig/"
	SITES=0
	cd "$scratch" || exit 1
	"apply_$m" 2>>"$log"
	cd - >/dev/null || exit 1
	sites=$SITES
	if [ "$sites" -eq 0 ]; then
		result[$m]="PATTERN NOT FOUND"
	else
		for s in $suites; do
			[ "${baseline[$s]}" = ok ] || result[$m]="BASELINE FAILS"
		done
		if [ -z "${result[$m]:-}" ]; then
			if ! make -s -C "$scratch/build" -j2 >>"$log" 2>&1; then
				result[$m]="BUILD FAILED"
			elif run_suites $suites; then
				result[$m]="NOT CAUGHT"
			else
				result[$m]="CAUGHT"
				detail[$m]=$(failed_tests $suites)
			fi
		fi
	fi
	echo "mutate: $m: ${result[$m]} ($sites site(s))" | tee -a "$log"
	[ "${result[$m]}" = CAUGHT ] || bad=$((bad + 1))
	# restore what the edits changed (a fresh mtime: make rebuilds it)
	(cd "$scratch/.orig" && find lib tools -type f) | while read -r f; do
		cmp -s "$scratch/.orig/$f" "$scratch/$f" || cp "$scratch/.orig/$f" "$scratch/$f"
	done
done
make -s -C "$scratch/build" -j2 >>"$log" 2>&1

# ---- the table ------------------------------------------------------------------------

echo
echo "| Mutation | Promise broken | Suite | Result | Tests failed: how many, the first 3 |"
echo "|---|---|---|---|---|"
for m in $selected; do
	printf '| `%s` | %s | %s | **%s** | %s |\n' "$m" "$(promise_of "$m")" \
		"$(suites_of "$m")" "${result[$m]}" "${detail[$m]:-}"
done
echo
echo "mutate: $(echo "$selected" | wc -w) mutations, $bad not caught"
[ $bad = 0 ]
