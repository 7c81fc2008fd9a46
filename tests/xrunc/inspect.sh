#!/bin/sh
# tests/xrunc/inspect.sh - in the test image at /xns/inspect.  Run as a
# container's process, it prints what the container looks like from
# inside, one "key value" fact per line, in a fixed order and with nothing
# that differs from run to run (no PIDs but our own, no inode numbers, no
# times), so that the output of two runtimes on one bundle can be compared
# line for line.  Busybox sh and applets only.
#
# Masked and read-only paths are taken from the arguments:
#   /xns/inspect [masked=PATH]... [ro=PATH]...

echo "pid $$"
echo "ppid $PPID"
echo "hostname $(hostname)"
echo "domainname $(cat /proc/sys/kernel/domainname)"
# the network devices of our namespace (/proc/net/dev is per namespace)
echo "links $(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev | sort | tr '\n' ' ')"
echo "id $(id)"
echo "groups $(id -G)"
echo "umask $(umask)"
echo "cwd $(pwd)"
# the environment the runtime gave us; sh adds PWD, SHLVL and _ itself
env | grep -v -E '^(PWD|SHLVL|_|OLDPWD)=' | sort | sed 's/^/env /'
grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status | tr -s '\t' ' ' | sed 's/^/status /'
echo "oom_score_adj $(cat /proc/self/oom_score_adj)"
# the rlimits the spec lets a bundle set, as the kernel reports them
grep -E '^Max (open files|processes|core file size|stack size|locked memory)' /proc/self/limits |
	tr -s ' ' | sed 's/ *$//; s/^/limit /'
# the processes we can see: only ourselves (a glob, so that no child of
# ours is counted)
procs=
for p in /proc/[0-9]*; do procs="$procs ${p#/proc/}"; done
echo "procs$procs"
# the mounts, as points and types (sizes and device numbers differ)
awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
       split($6, o, ","); print "mount " $5 " " $(i + 1) " " o[1] }' /proc/self/mountinfo
echo "dev $(ls /dev | tr '\n' ' ')"

for a in "$@"; do
	p=${a#*=}
	case $a in
	masked=*)
		# a masked file reads empty, a masked folder lists empty
		if [ -d "$p" ]; then
			echo "masked $p entries=$(ls -A "$p" | wc -l)"
		elif [ -e "$p" ]; then
			echo "masked $p bytes=$(head -c 64 "$p" 2>/dev/null | wc -c)"
		else
			echo "masked $p absent"
		fi
		;;
	ro=*)
		# try to write: a read-only path refuses with EROFS
		if [ -d "$p" ]; then
			t="$p/xns-ro-probe"
			if ( : >"$t" ) 2>/dev/null; then rm -f "$t"; echo "ro $p writable"; else echo "ro $p refused"; fi
		elif ( : >>"$p" ) 2>/dev/null; then
			echo "ro $p writable"
		else
			echo "ro $p refused"
		fi
		;;
	esac
done
