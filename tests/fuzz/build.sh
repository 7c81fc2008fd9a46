#!/bin/bash
# build.sh SRCDIR BUILDDIR [NAME...] - build the libFuzzer targets
#
# Every tests/fuzz/fuzz_*.c (or only the NAMEs given, "fuzz_parse" or
# "parse") becomes BUILDDIR/tests/fuzz/fuzz_*, built with clang's libFuzzer,
# ASan and UBSan.  A target names the lib/ files it needs in a comment on
# one of its first lines, so that a new target needs no edit here:
#
#   /* fuzz-sources: lib/idmap.c lib/parse.c */
#   /* fuzz-sources: lib/table.c lib/parse.c pkg: smartcols */
#
# The compiler flags of libmount, libblkid, libsmartcols and libmnl are
# always given (lib/ headers may include theirs) and their libraries linked
# (unused ones cost nothing); "pkg:" adds any other pkg-config package.
#
# Environment: FUZZ_CC (default clang), FUZZ_CFLAGS (added last).
set -eu

die() { echo "build.sh: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: build.sh SRCDIR BUILDDIR [NAME...]"
srcdir=$(cd "$1" && pwd) || die "$1: no such folder"
builddir=$(cd "$2" && pwd) || die "$2: no such folder"
shift 2
cc=${FUZZ_CC:-clang}
out=$builddir/tests/fuzz

[ -f "$builddir/config.h" ] || die "$builddir/config.h: missing (run configure first)"
command -v "$cc" >/dev/null || die "$cc: not found (apt-get install clang)"
mkdir -p "$out"

# -fno-sanitize-recover: UBSan must stop the run, or a finding is only a
# line in the log and the fuzzer goes on as if nothing happened.
# shellcheck disable=SC2054 # the commas belong to -fsanitize=
cflags=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-fno-omit-frame-pointer -g -O1 -Wall -Wextra
	-include "$builddir/config.h" -I "$builddir" -I "$srcdir/lib")

# fail early, in one line, when clang has no libFuzzer runtime
probe=$out/.probe.c
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)
{ (void) d; (void) n; return 0; }' >"$probe"
"$cc" -fsanitize=fuzzer "$probe" -o "$out/.probe" 2>/dev/null ||
	{ rm -f "$probe"; die "$cc cannot link -fsanitize=fuzzer (libFuzzer missing)"; }
rm -f "$probe" "$out/.probe"

pkgflags() {
	local p
	for p in mount blkid smartcols libmnl; do
		pkg-config --exists "$p" 2>/dev/null && pkg-config --cflags --libs "$p"
	done
	for p in "$@"; do
		pkg-config --exists "$p" || die "pkg-config package '$p' not found"
		pkg-config --cflags --libs "$p"
	done
	return 0
}

if [ $# -gt 0 ]; then
	files=()
	for n in "$@"; do
		n=${n#fuzz_}; n=${n%.c}
		[ -f "$srcdir/tests/fuzz/fuzz_$n.c" ] || die "fuzz_$n.c: no such target"
		files+=("$srcdir/tests/fuzz/fuzz_$n.c")
	done
else
	files=("$srcdir"/tests/fuzz/fuzz_*.c)
	[ -e "${files[0]}" ] || die "no tests/fuzz/fuzz_*.c in $srcdir"
fi

built=0
for f in "${files[@]}"; do
	name=$(basename "$f" .c)
	sources=() pkgs=() mode='' found=''
	# the header comment: words after "fuzz-sources:" are files, after
	# "pkg:" packages, up to the end of the comment (set -f: no globbing
	# of "*/")
	set -f
	for w in $(head -n 5 "$f" | grep -E 'fuzz-sources:|pkg:' || true); do
		case $w in
		fuzz-sources:) mode=src found=1 ;;
		pkg:|fuzz-pkg:) mode=pkg ;;
		'*/') mode= ;;
		'/*') ;;
		*) case $mode in
		   src) [ -f "$srcdir/$w" ] || die "$name: $w: no such file"
			sources+=("$srcdir/$w") ;;
		   pkg) pkgs+=("$w") ;;
		   esac ;;
		esac
	done
	set +f
	[ -n "$found" ] || die "$name: no '/* fuzz-sources: lib/... */' line at the top"
	pf=$(pkgflags "${pkgs[@]}") || exit 1
	echo "  FUZZ     tests/fuzz/$name"
	# shellcheck disable=SC2086 # flag lists are meant to be split
	"$cc" "${cflags[@]}" ${FUZZ_CFLAGS:-} "$f" "${sources[@]}" $pf \
		-o "$out/$name" || die "$name: build failed"
	built=$((built + 1))
done
echo "build.sh: $built fuzz target(s) in $out"
