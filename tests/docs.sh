#!/bin/sh
# Each man page is mandoc -Tlint clean, and names every long option its
# tool's --help lists, and the other way round.
set -u
: "${XNS_SRCDIR:?}" "${XNS_BUILDDIR:?}"
fail=0
if [ -z "${MANDOC:-}" ]; then
	echo "SKIP: mandoc not installed"; exit 77
fi
for page in $MANPAGES; do
	src="$XNS_SRCDIR/$page"
	tool=$(basename "$page" | sed 's/\.[0-9]$//')
	out=$($MANDOC -Tlint -Wwarning "$src" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: $page: mandoc -Tlint:"; echo "$out"; fail=1
	fi
	bin="$XNS_BUILDDIR/$tool"
	[ -x "$bin" ] || { echo "FAIL: $bin not built"; fail=1; continue; }
	helpopts=$("$bin" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
	# mdoc: ".Fl \-foo" / "Fl -foo"; man(7): "\-\-foo"
	manopts=$($MANDOC -Tascii "$src" | col -b | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
	for o in $helpopts; do
		echo "$manopts" | grep -qx -- "$o" || { echo "FAIL: $tool: $o is in --help but not in $page"; fail=1; }
	done
	for o in $manopts; do
		echo "$helpopts" | grep -qx -- "$o" || { echo "FAIL: $tool: $o is in $page but not in --help"; fail=1; }
	done
	[ $fail = 0 ] && echo "ok: $page"
done
exit $fail
