#!/bin/sh
# Two slips of structure no compiler reports:
#  1. a header with declarations outside its include guard (a block added
#     after the #endif still compiles, until the header is included twice
#     with a definition in it);
#  2. a configure result that nothing reads: a HAVE_ macro of
#     AC_CHECK_HEADERS/AC_CHECK_FUNCS no source tests, or an AM_CONDITIONAL
#     no Makefile fragment tests.
set -u
srcdir=${XNS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99
fail=0

for h in lib/*.h tools/*.h tests/unit/*.h; do
	[ -f "$h" ] || continue
	# the first line that is not comment or blank, and the last that is not blank
	awk -v f="$h" '
	/^[ \t]*$/ { next }
	incomment { if ($0 ~ /\*\//) incomment = 0; last = $0; next }
	/^[ \t]*\/\*/ { if ($0 !~ /\*\//) incomment = 1; last = $0; next }
	!first { first = $0; if ((getline second) > 0) { n = split(first, a); split(second, b)
		if (a[1] != "#ifndef" || b[1] != "#define" || a[2] != b[2]) bad = "does not open with #ifndef G / #define G" }
		last = second; next }
	{ last = $0 }
	END {
		if (!bad && last !~ /^#endif/) bad = "has code after its guard'"'"'s #endif"
		if (bad) { print f ": " bad; exit 1 }
	}' "$h" || fail=1
done

sources=$(ls lib/*.c lib/*.h tools/*.c tools/*.h tests/unit/*.c tests/fuzz/*.c 2>/dev/null)
# shellcheck disable=SC2086 # a list of files
for name in $(sed -n 's/.*AC_CHECK_\(HEADERS\|FUNCS\)(\[\([^]]*\)\].*/\2/p' configure.ac); do
	macro=HAVE_$(echo "$name" | tr 'a-z/.-' 'A-Z___')
	grep -qw "$macro" $sources ||
		{ echo "configure.ac: $macro (from $name) is used by no source"; fail=1; }
done
for cond in $(sed -n 's/^AM_CONDITIONAL(\[\([A-Z_]*\)\].*/\1/p' configure.ac); do
	grep -qE "^if !?$cond\b" Makefile.am ./*/*.am ||
		{ echo "configure.ac: AM_CONDITIONAL $cond is tested by no Makefile fragment"; fail=1; }
done

[ $fail = 0 ] && echo "ok: include guards whole, every configure result used"
exit $fail
