#!/bin/sh
# tests/xrunc/mkimage.sh - build a small OCI image offline and unpack it
# into a runtime bundle, as the article does with skopeo and umoci, but
# with nothing pulled: the one layer is a busybox-static root made here.
#
#   mkimage.sh [--file SRC=DEST]... OUTDIR
#
# OUTDIR/oci         the OCI image layout, tag "latest" (umoci init/new/repack)
# OUTDIR/bundle      `umoci unpack` of it: config.json and rootfs/
# OUTDIR/image.tar   the layout as one tar (for `ctr image import`)
# OUTDIR/rootfs.tar  the root as a plain tar (for `podman import`)
#
# --file copies SRC into the layer at DEST (mode kept).  Needs root (umoci
# unpack keeps owners), umoci and a static busybox.  Exit 77 when a tool
# is missing, so a caller can skip with the reason printed.
set -eu

files=
while [ $# -gt 1 ]; do
	case $1 in
	--file) files="$files
$2"; shift 2 ;;
	--file=*) files="$files
${1#--file=}"; shift ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: mkimage.sh [--file SRC=DEST]... OUTDIR" >&2; exit 2; }
out=$1

command -v umoci >/dev/null || { echo "mkimage: needs umoci" >&2; exit 77; }
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked' ||
	{ echo "mkimage: needs a static busybox (busybox-static)" >&2; exit 77; }

mkdir -p "$out"
oci="$out/oci"
work="$out/work"
rm -rf "$oci" "$work" "$out/bundle"

# an empty image, then its (empty) root unpacked so that a layer can be
# made from what we put there
umoci init --layout "$oci"
umoci new --image "$oci:latest"
umoci unpack --image "$oci:latest" "$work" >/dev/null

r="$work/rootfs"
mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/root" "$r/proc" "$r/sys" "$r/dev"
chmod 1777 "$r/tmp"
cp "$bb" "$r/bin/busybox"
# every applet as a link; "busybox" itself is in the list, and a link of
# that name would replace the binary
for a in $("$bb" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
done
# names for the ids the tests use, so that `id` and `ps` print names and
# nothing has to be looked up outside the root
cat >"$r/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
xns:x:1000:1000:xns test user:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat >"$r/etc/group" <<'G'
root:x:0:
xns:x:1000:
nogroup:x:65534:
G
echo xns-image >"$r/etc/hostname"

# extra files: SRC=DEST, one per line
printf '%s\n' "$files" | while IFS= read -r f; do
	[ -n "$f" ] || continue
	src=${f%%=*} dest=${f#*=}
	mkdir -p "$r/$(dirname "$dest")"
	cp -p "$src" "$r/$dest"
done

# the root becomes the image's one layer; then the image config
umoci repack --image "$oci:latest" "$work"
umoci config --image "$oci:latest" --config.cmd=/bin/sh --config.workingdir=/ \
	--config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	--config.label=org.opencontainers.image.title=xns-image
umoci gc --layout "$oci"

# the article's step: the image peeled into a bundle
umoci unpack --image "$oci:latest" "$out/bundle" >/dev/null

tar -C "$oci" -cf "$out/image.tar" .
tar -C "$r" -cf "$out/rootfs.tar" .
rm -rf "$work"
