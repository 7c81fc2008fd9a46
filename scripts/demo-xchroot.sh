# part of scripts/demo.sh: the chroot escape, with and without pivot_root
root=$(mktemp -d /tmp/xns-demo-root.XXXXXX)
mkdir -p "$root/bin" "$root/xns-inside-the-root"
cp /bin/busybox "$root/bin/busybox"
(cd "$root/bin" && for a in sh ls cat; do ln -s busybox "$a"; done)
cat > "$root/escape.c" <<'C'
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
	mkdir(".out", 0755);
	if (chroot(".out") == 0 && chdir("../../../../..") == 0)
		chroot(".");
	execl("/bin/ls", "ls", "/", (char *) 0);
	return 127;
}
C
cc -static -o "$root/escape" "$root/escape.c"
echo "-- coreutils chroot: the program gets out and lists the host's /"
step chroot "$root" /escape
echo "-- xchroot: the same program stays in (it sees the root's own files)"
step xchroot "$root" /escape
rm -rf "$root"
