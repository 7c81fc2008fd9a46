# The test root the xchroot suites share, made once per file: load it and
# call xch_make_root from setup_file, xch_remove_root from teardown_file.

# One tiny root for the whole file: busybox-static with relative applet
# links (absolute ones would point outside once inside), and the escape
# compiled statically into it.
xch_make_root() {
	command -v busybox >/dev/null || return 0
	XCH_BASE=$(mktemp -d /tmp/xns-xchroot.XXXXXX)
	chmod 755 "$XCH_BASE"
	export XCH_BASE
	local r=$XCH_BASE/root a
	# the mount points, so that a user who cannot write here finds them
	mkdir -p "$r/bin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp "$(command -v busybox)" "$r/bin/busybox"
	for a in $("$r/bin/busybox" --list); do
		[ "$a" = busybox ] || ln -s busybox "$r/bin/$a"
	done
	echo inside-root >"$r/etc/xns-marker"
	printf 'root:x:0:0:root:/:/bin/sh\nxnsuser:x:4242:4243::/:/bin/sh\n' >"$r/etc/passwd"
	printf 'root:x:0:\nxnsgroup:x:4243:\nxnsextra:x:4244:xnsuser\n' >"$r/etc/group"
	# a file only the host has: if the escape sees it, it got out
	echo host >"$XCH_BASE/host-marker"
	cat >"$XCH_BASE/escape.c" <<-'EOF'
	#include <stdio.h>
	#include <sys/stat.h>
	#include <unistd.h>

	/* chroot below the cwd, climb "..", chroot "." and look around */
	int main(int argc, char **argv)
	{
		mkdir(".out", 0755);
		chroot(".out");
		for (int i = 0; i < 64; i++)
			chdir("..");
		chroot(".");
		puts(argc > 1 && access(argv[1], F_OK) == 0 ? "escaped" : "inside");
		return 0;
	}
	EOF
	gcc -static -O2 -o "$r/escape" "$XCH_BASE/escape.c" 2>/dev/null || rm -f "$r/escape"
	# the other routes out, one program (tests/xchroot/probe.c)
	gcc -static -O2 -o "$r/probe" "$BATS_TEST_DIRNAME/probe.c" 2>/dev/null || rm -f "$r/probe"
}

xch_remove_root() {
	[ -n "${XCH_BASE:-}" ] || return 0
	grep -o " ${XCH_BASE}[^ ]*" /proc/self/mountinfo 2>/dev/null | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	# loop devices of our images, should a test have left one
	local img
	for img in "$XCH_BASE"/*.img; do
		[ -e "$img" ] || continue
		losetup -j "$img" | cut -d: -f1 | xargs -r -n1 losetup -d 2>/dev/null
	done
	rm -rf "$XCH_BASE"
}

