#!/bin/bash
# run.sh [-t SECONDS] [-b BUILDDIR] [NAME...] - run the built fuzz targets
#
# Runs each target built by build.sh (all of them, or the NAMEs given) for
# SECONDS (default $FUZZ_SECONDS, else 20), one after the other, starting
# from the seeds in tests/fuzz/corpus/<name>/ and the tokens of
# tests/fuzz/<name>.dict.  New inputs go to BUILDDIR/tests/fuzz/corpus-<name>
# so the seeds in the source tree stay as committed.  Exits 1 when any
# target crashed, hit a sanitizer error, leaked, or hung; the input that did
# it is saved as BUILDDIR/tests/fuzz/<name>-crash-... (or -leak-, -timeout-)
# and replays with: BUILDDIR/tests/fuzz/<name> FILE
set -u

die() { echo "run.sh: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-20}
builddir=${XNS_BUILDDIR:-.}
while getopts t:b:h opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	b) builddir=$OPTARG ;;
	h) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "usage: run.sh [-t SECONDS] [-b BUILDDIR] [NAME...]" ;;
	esac
done
shift $((OPTIND - 1))
case $seconds in ''|*[!0-9]*) die "$seconds: not a number of seconds" ;; esac
out=$(cd "$builddir/tests/fuzz" 2>/dev/null && pwd) ||
	die "$builddir/tests/fuzz: missing (run 'make fuzz' in the build folder first)"

if [ $# -gt 0 ]; then
	names=()
	for n in "$@"; do n=${n#fuzz_}; names+=("fuzz_${n%.c}"); done
else
	names=()
	for f in "$here"/fuzz_*.c; do names+=("$(basename "$f" .c)"); done
fi

fail=0
for name in "${names[@]}"; do
	short=${name#fuzz_}
	bin=$out/$name
	[ -x "$bin" ] || die "$bin: not built (run 'make fuzz')"
	work=$out/corpus-$short
	mkdir -p "$work"
	args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
	      -print_final_stats=1 -artifact_prefix="$out/$short-")
	[ -f "$here/$short.dict" ] && args+=(-dict="$here/$short.dict")
	dirs=("$work")
	[ -d "$here/corpus/$short" ] && dirs+=("$here/corpus/$short")
	log=$out/$short.log
	"$bin" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name: exit $rc after ${runs:-?} runs; log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 8
		fail=1
	else
		echo "ok   $name: ${runs:-?} runs in ${seconds}s, $(find "$work" -type f | wc -l) inputs in corpus, no crash"
	fi
done
exit $fail
