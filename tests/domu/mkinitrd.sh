#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the tiny DomU initramfs: busybox-static, tests/domu/init, the host's
# e2fsprogs (mkfs.ext4, e2fsck and their shared libraries) and, given the
# unpacked Debian kernel package, its xen-blkfront and xen-netfront modules
# (hvc_xen and xenbus are built in; the fronts need nothing else) and ext4
# with its dependencies, numbered in load order (init loads them sorted).
#   mkinitrd.sh OUT.gz [LINUX_ROOT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "mkinitrd-domu: $*" >&2; exit 1; }
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: mkinitrd.sh OUT.gz [LINUX_ROOT]"
out=$1
linux=${2:-}
busybox=/bin/busybox
[ -x "$busybox" ] && ! readelf -l "$busybox" | grep -q INTERP ||
    die "'$busybox' missing or not static; apt-get install busybox-static"

stage=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-domu.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp}
cp "$busybox" "$root/bin/busybox"
"$busybox" --list-full | while read -r applet; do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
# e2fsprogs for the disk tests (busybox has no ext4 mkfs or fsck), ethtool
# for the network test's offload on/off (busybox has none).
for tool in mke2fs=mkfs.ext4 e2fsck=e2fsck ethtool=ethtool; do
    src=/usr/sbin/${tool%%=*}
    [ -x "$src" ] || src=/sbin/${tool%%=*}
    [ -x "$src" ] || die "'${tool%%=*}' missing; apt-get install e2fsprogs ethtool"
    rm -f "$root/sbin/${tool#*=}"
    cp "$src" "$root/sbin/${tool#*=}"
    ldd "$src" | grep -o '/[^ ]*' | while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
done
if [ -n "$linux" ]; then
    kver=$(cat "$linux/kver") || die "'$linux/kver' missing; run scripts/fetch-debian.sh"
    mkdir -p "$root/lib/modules"
    for m in xen-blkfront xen-netfront; do
        ko=$(find "$linux/lib/modules/$kver/kernel" -name $m.ko | head -n1)
        [ -n "$ko" ] || die "$m.ko not found under $linux/lib/modules/$kver"
        ! readelf -p .modinfo "$ko" | grep -q 'depends=[^ ]' ||
            die "$ko now depends on other modules; add them here"
        cp "$ko" "$root/lib/modules/"
    done
    n=1
    for m in crc32c_generic crc16 mbcache jbd2 ext4; do
        ko=$(find "$linux/lib/modules/$kver/kernel" -name "$m.ko" | head -n1)
        [ -n "$ko" ] || die "$m.ko not found under $linux/lib/modules/$kver"
        cp "$ko" "$root/lib/modules/$n-$m.ko"
        n=$((n + 1))
    done
fi
install -m 0755 "$here/init" "$root/init"
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitrd-domu: $out ($(du -k "$out" | cut -f1) KiB)"
