# bench/lib.sh - sourced by every bench script.  Times our tool and its peer
# in the same run, in alternating rounds so that drift on a noisy machine hits
# both alike, and prints medians and their ratio (ours / peer: below 1.0 is
# faster).  Needs hyperfine and jq.
set -eu

XNS_BUILDDIR=${XNS_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)/build}
PATH="$XNS_BUILDDIR:$PATH"
BENCH_RUNS=${BENCH_RUNS:-100}      # runs per round
BENCH_ROUNDS=${BENCH_ROUNDS:-5}    # rounds, alternating ours and peer

command -v hyperfine >/dev/null || { echo "bench: needs hyperfine" >&2; exit 77; }
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 77; }

# median of the numbers on stdin, one per line
bench_median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_times CMD: RUNS wall times of CMD in seconds, one per line; with
# BENCH_PIN=CPU, hyperfine and all it starts run on that one CPU
bench_times() {
	local json
	json=$(mktemp /tmp/xns-bench.XXXXXX)
	${BENCH_PIN:+taskset -c "$BENCH_PIN"} hyperfine -N --style none --warmup 3 --runs "$BENCH_RUNS" --export-json "$json" -- "$1" >/dev/null 2>&1 ||
		{ rm -f "$json"; echo "bench: '$1' failed" >&2; return 1; }
	jq '.results[0].times[]' "$json"
	rm -f "$json"
}

# bench_compare LABEL OURS PEER: prints one line with both medians and the ratio
bench_compare() {
	local label=$1 ours=$2 peer=$3 a b i ma mb
	a=$(mktemp /tmp/xns-bench.XXXXXX); b=$(mktemp /tmp/xns-bench.XXXXXX)
	for i in $(seq "$BENCH_ROUNDS"); do
		bench_times "$ours" >>"$a"
		bench_times "$peer" >>"$b"
	done
	ma=$(bench_median <"$a"); mb=$(bench_median <"$b")
	rm -f "$a" "$b"
	awk -v l="$label" -v a="$ma" -v b="$mb" \
		'BEGIN { printf "%-40s ours %8.3f ms   peer %8.3f ms   ratio %.2f\n", l, a * 1000, b * 1000, a / b }'
}

# bench_floor DIR: builds bench/floor.c into DIR/floor, dynamically linked
# and -O2 as the tools are, and into DIR/floor-static where the C library
# has a static archive (DIR/floor-static is then missing)
bench_floor() {
	${CC:-cc} -O2 -o "$1/floor" "$(dirname "$0")/floor.c" ||
		{ echo "bench: cannot build bench/floor.c" >&2; return 1; }
	${CC:-cc} -O2 -static -o "$1/floor-static" "$(dirname "$0")/floor.c" 2>/dev/null || true
}
