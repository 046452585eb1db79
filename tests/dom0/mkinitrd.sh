#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the dom0 initramfs: busybox-static, the Xen device modules of the
# Debian kernel that boots it, and tests/dom0/init.
#   mkinitrd.sh OUT.gz LINUX_ROOT [SRC[=DEST] ...]
# LINUX_ROOT is the unpacked kernel package (build/cache/linux, holding
# lib/modules/<kver>/ and kver). Each extra SRC is copied in: to DEST (a path
# inside the initramfs) when given, else a file goes to /opt/xenolite/bin/ and
# a directory's contents are merged into /opt/xenolite/. Scripts that end up
# in /etc/init.d/*.sh are run by /init, in name order, before the shell starts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "mkinitrd: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: mkinitrd.sh OUT.gz LINUX_ROOT [SRC[=DEST] ...]"
out=$1; linux=$2; shift 2

# The Xen device drivers dom0 tools need; their dependencies are added below.
# xen-blkback and loop serve PV disks with backendtype=phy (xl's disk=).
WANT="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback loop"
# PCI devices dom0 drives (tests/boot/cases/dom0-hw.case); ahci and sd_mod:
# q35's ich9-ahci and its SATA disks (dom0-hw-q35.case).
WANT="$WANT e1000 e1000e virtio_pci virtio_blk virtio_net ahci sd_mod"
# PV NICs (xl's vif=): taps and the bridges they join (qnic, and xl for
# Linux's netback), Linux's netback.
WANT="$WANT tun bridge xen-netback"
# ext4: /etc/init.d/30-guest-images.sh reads the Debian guest image's /boot.
WANT="$WANT ext4 crc32c_generic"

busybox=/bin/busybox
[ -x "$busybox" ] && "$busybox" --list >/dev/null 2>&1 ||
    die "'$busybox' missing; apt-get install busybox-static"
! readelf -l "$busybox" | grep -q INTERP ||
    die "'$busybox' is not static; apt-get install busybox-static"
[ -f "$linux/kver" ] || die "'$linux/kver' missing; run scripts/fetch-debian.sh build/cache linux"
kver=$(cat "$linux/kver")
moddir="$linux/lib/modules/$kver"
[ -d "$moddir" ] || die "'$moddir' missing; rerun scripts/fetch-debian.sh"

stage=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-initrd.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc/init.d} \
         "$root"/opt/xenolite/bin "$root/lib/modules/$kver"

# Busybox and one symlink per applet (what `busybox --install -s` would do).
cp "$busybox" "$root/bin/busybox"
"$busybox" --list-full | while read -r applet; do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# Module dependencies come from each .ko's .modinfo section (the unpacked
# package has no modules.dep: depmod runs at install time, which we skip).
modfile() {
    local f
    f=$(find "$moddir/kernel" \( -name "$1.ko" -o -name "${1//-/_}.ko" \
        -o -name "${1//_/-}.ko" \) | head -n1)
    [ -n "$f" ] || die "module '$1' not found under $moddir"
    echo "$f"
}
moddeps() {
    readelf -p .modinfo "$1" | sed -n 's/^ *\[ *[0-9a-f]*\] *depends=//p' | tr ',' ' '
}
order=()
visit() {
    local m=$1 d seen
    for seen in "${order[@]}"; do [ "$seen" = "$m" ] && return 0; done
    for d in $(moddeps "$(modfile "$m")"); do visit "$d"; done
    order+=("$m")
}
for m in $WANT; do visit "$m"; done

# Load order, one .ko path per line, read by /init.
for m in "${order[@]}"; do
    f=$(modfile "$m")
    rel=${f#"$moddir"/}
    mkdir -p "$root/lib/modules/$kver/$(dirname "$rel")"
    cp "$f" "$root/lib/modules/$kver/$rel"
    echo "/lib/modules/$kver/$rel"
done > "$root/etc/xenolite-modules"

install -m 0755 "$here/init" "$root/init"
install -m 0755 "$here/xencommons" "$root/etc/init.d/xencommons"
mkdir -p "$root/var/log/xen" "$root/etc/xen"
ln -sfn /run "$root/var/run"
# Busybox init (PID 1 after /init): the console shell and the shutdown step.
cat > "$root/etc/inittab" <<'EOF2'
::respawn:/bin/cttyhack /bin/sh -l
::shutdown:/bin/sh /etc/init.d/xencommons stop
::ctrlaltdel:/sbin/reboot
EOF2
cat > "$root/etc/profile" <<'EOF2'
export PATH=/opt/xenolite/bin:/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root TERM=${TERM:-vt100}
export PS1='xenolite-dom0# '
cd /root
EOF2
echo "xenolite-dom0" > "$root/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"

# Extra files from later issues: tools, test programs, init.d hooks.
for item in "$@"; do
    src=${item%%=*}
    [ -e "$src" ] || die "'$src' does not exist; build it first (make)"
    if [ "$item" != "$src" ]; then
        dest=$root/${item#*=}
        mkdir -p "$(dirname "$dest")"
        cp -a "$src" "$dest"
    elif [ -d "$src" ]; then
        cp -a "$src/." "$root/opt/xenolite/"
    else
        cp -a "$src" "$root/opt/xenolite/bin/"
    fi
done

# The kernel opens /dev/console before running /init; devtmpfs comes later.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitrd: $out ($(du -k "$out" | cut -f1) KiB, kernel $kver, modules: ${order[*]})"
