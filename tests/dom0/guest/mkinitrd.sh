#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the initramfs of the busybox example guest (/etc/xen/busybox.cfg):
# busybox-static with its applet links, tests/dom0/guest/init, a busybox
# init setup (a login shell on the console) and, from the unpacked Debian
# kernel package, xen-netfront and xen-blkfront (hvc_xen and xenbus are
# built in; the fronts depend on nothing else).
#   mkinitrd.sh OUT.gz LINUX_ROOT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "mkinitrd-guest: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: mkinitrd.sh OUT.gz LINUX_ROOT"
out=$1; linux=$2
busybox=/bin/busybox
[ -x "$busybox" ] && ! readelf -l "$busybox" | grep -q INTERP ||
    die "'$busybox' missing or not static; apt-get install busybox-static"
kver=$(cat "$linux/kver") || die "'$linux/kver' missing; run scripts/fetch-debian.sh"

stage=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-guest.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,lib/modules}
cp "$busybox" "$root/bin/busybox"
"$busybox" --list-full | while read -r applet; do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
for m in xen-netfront xen-blkfront; do
    ko=$(find "$linux/lib/modules/$kver/kernel" -name "$m.ko" | head -n1)
    [ -n "$ko" ] || die "$m.ko not found under $linux/lib/modules/$kver"
    ! readelf -p .modinfo "$ko" | grep -q 'depends=[^ ]' ||
        die "$ko now depends on other modules; add them here"
    cp "$ko" "$root/lib/modules/"
done
install -m 0755 "$here/init" "$root/init"
printf '::respawn:/bin/cttyhack /bin/sh -l\n::ctrlaltdel:/sbin/reboot\n' > "$root/etc/inittab"
printf 'export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root\nexport PS1="busybox-guest# "\ncd /root\n' \
    > "$root/etc/profile"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitrd-guest: $out ($(du -k "$out" | cut -f1) KiB, kernel $kver)"
