#!/bin/sh
# Test code that cannot fail: assertions the shell ignores.
#
# bats runs each test under `set -e`, and bash's errexit ignores a negated
# command (`! grep -q x file`) and every command of an `&&` list but the
# last, so such a line in the middle of a test asserts nothing however
# wrong the tool is.  Three checks, over the bats suites, their helpers and
# the scripts under tests/:
#  1. shellcheck, limited to the findings that make a check vacuous or
#     always true/false (the full style list is the authors' business):
#       SC2314 SC2315  `!` in a bats test (no failure unless last)
#       SC2251         `!` outside a condition in a set -e script
#       SC2319 SC2320  `$?` that is a condition's or an echo's status
#       SC2050 SC2078 SC2157 SC2193 SC2055 SC2252
#                      tests that are constant, or always true/false
#       SC2071 SC2072 SC2170  comparisons of the wrong kind
#       SC2194 SC2195 SC2221 SC2222  case branches that can never match
#  2. a bats `run` whose $status/$output/$lines/$stderr nothing looks at
#     before the next run or the end of the test;
#  3. a line made only of `[ ... ] && [ ... ]` that is not the test's last
#     command: only its last test can fail it.
# Exits 77 (SKIP) when shellcheck is missing.
set -u
srcdir=${XNS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99

if ! command -v shellcheck >/dev/null 2>&1; then
	echo "SKIP: shellcheck not found (apt-get install shellcheck)"
	exit 77
fi

CODES=SC2314,SC2315,SC2251,SC2319,SC2320,SC2050,SC2078,SC2157,SC2193,SC2055,SC2252,SC2071,SC2072,SC2170,SC2194,SC2195,SC2221,SC2222

bats=$(find tests -name '*.bats' | sort)
helpers=$(find tests -name '*.bash' | sort)
scripts=$(find tests scripts -name '*.sh' | sort)
fail=0

# shellcheck disable=SC2086 # the file lists are meant to be split
{
	# .bats files carry `#!/usr/bin/env bats`, which shellcheck 0.9 reads
	# as bash with the bats rules (SC2314/SC2315) on; helpers have no
	# shebang of their own
	[ -z "$bats" ] || shellcheck -f gcc --include=$CODES $bats
	[ -z "$helpers" ] || shellcheck -f gcc -s bash --include=$CODES $helpers
	[ -z "$scripts" ] || shellcheck -f gcc --include=$CODES $scripts
} >"${TMPDIR:-/tmp}/xns-shellcheck.$$" 2>&1
if [ -s "${TMPDIR:-/tmp}/xns-shellcheck.$$" ]; then
	cat "${TMPDIR:-/tmp}/xns-shellcheck.$$"
	fail=1
fi
rm -f "${TMPDIR:-/tmp}/xns-shellcheck.$$"

# shellcheck disable=SC2086
[ -z "$bats" ] || awk '
function flush() {
	if (pending)
		printf "%s:%d: run without a check of $status/$output before the next run or the end of the test\n", FILENAME, pending
	pending = 0
}
function drop_chain() { chain = 0 }
FNR == 1 { intest = 0; pending = 0; chain = 0 }
/^@test / { intest = 1; pending = 0; chain = 0; next }
intest && /^}/ { flush(); drop_chain(); intest = 0; next }
!intest || /^[ \t]*(#|$)/ { next }
{
	# a chain of tests seen before, and now another command follows it
	if (chain)
		printf "%s:%d: only the last test of an && list can fail the test: one [ ] per line\n", FILENAME, chain
	chain = 0
	if ($0 ~ /^[ \t]*(\[\[? [^&|;]* \]\]?[ \t]*&&[ \t]*)+\[\[? [^&|;]* \]\]?[ \t]*$/)
		chain = FNR

	line = $0
	if (match(line, /(^[ \t]*|[;&|({][ \t]*)(run|run_split)([ \t]|$)/)) {
		rest = substr(line, RSTART + RLENGTH)
		flush()
		# run ! and run -N check the status themselves
		if (rest ~ /^[ \t]*(!|-[0-9]+)/)
			next
		pending = FNR
		line = rest
	}
	if (pending && line ~ /\$\{?#?(status|output|lines|stderr)/)
		pending = 0
}
END { flush() }
' $bats | grep . && fail=1

[ $fail = 0 ] && echo "ok: no vacuous assertion in $(echo $bats $helpers $scripts | wc -w) files"
exit $fail
