#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the Debian guest of /etc/xen/debian.cfg: a Debian 12 (bookworm) root
# file system made with mmdebstrap from Debian's packages, in an ext4 disk
# image (no partition table: the guest sees it whole as /dev/xvda), plus the
# image's own kernel and initrd copied out beside it (for other hosts: in
# `make run-debian` dom0 copies them out of the image itself, at boot, with
# /etc/init.d/30-guest-images.sh). Reused when present: delete OUT_DIR to
# rebuild.
#   mkimage-debian.sh OUT_DIR      (make: build/cache/debian-bookworm)
# Writes OUT_DIR/{rootfs.img,vmlinuz,initrd.img,.ok}. The guest: root's
# password is "xenolite", a getty on hvc0 (its console), eth0 with the
# static address 10.99.0.3/24 (eth0-static.service) on dom0's xenbr0, whose
# address is 10.99.0.1. Takes some minutes and about 300 MB of downloads.
# Needs root (mmdebstrap's root mode) and the packages mmdebstrap, e2fsprogs.
set -euo pipefail
die() { echo "mkimage-debian: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: mkimage-debian.sh OUT_DIR"
out=$1
if [ -f "$out/.ok" ]; then
    echo "mkimage-debian: $out is there (delete it to rebuild)"
    exit 0
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap missing; apt-get install mmdebstrap"
command -v mke2fs >/dev/null || die "mke2fs missing; apt-get install e2fsprogs"
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap --mode=root); run it as root"

SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SIZE=${DEBIAN_IMAGE_SIZE:-1536M}
# The guest's modules its initrd must hold to mount / (initramfs-tools with
# MODULES=list keeps the initrd small): the PV disk and NIC, ext4.
MODULES="xen-blkfront xen-netfront ext4"

stage=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-debian.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$out" "$root"

# The login on the guest's console. Not systemd's serial-getty@hvc0: it
# waits for udev's dev-hvc0.device, which under QEMU's TCG can take longer
# than the 90 s device timeout (then no login ever comes); masked below with
# getty-static (VT gettys, as there is no dbus) and e2scrub_reap (minutes of
# fsck work at each boot under TCG).
# No After=systemd-user-sessions (it waits for network.target; root may
# log in before it). eth0 gets its address from a plain oneshot unit: under
# TCG systemd-networkd took minutes to start.
cat > "$stage/eth0-static.service" <<'EOF2'
[Unit]
Description=10.99.0.3/24 on eth0 (dom0's xenbr0 is 10.99.0.1)

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'for i in $$(seq 120); do [ -e /sys/class/net/eth0 ] && break; sleep 1; done; ip link set lo up; ip addr add 10.99.0.3/24 dev eth0 && ip link set eth0 up'

[Install]
WantedBy=multi-user.target
EOF2
cat > "$stage/hvc0-getty.service" <<'EOF2'
[Unit]
Description=Login on the Xen console hvc0

[Service]
ExecStart=-/sbin/agetty --keep-baud 115200,38400,9600 hvc0 $TERM
Type=idle
Restart=always
UtmpIdentifier=hvc0
TTYPath=/dev/hvc0
TTYReset=yes
TTYVHangup=yes

[Install]
WantedBy=multi-user.target
EOF2

# 1. The root file system. The kernel comes in the customize hook, after
#    initramfs-tools is told which modules to include.
mmdebstrap --mode=root --variant=minbase \
    --include=systemd-sysv,udev,initramfs-tools,iproute2,iputils-ping,procps,less \
    --customize-hook='printf "MODULES=list\nCOMPRESS=gzip\n" > "$1/etc/initramfs-tools/conf.d/xenolite"' \
    --customize-hook="printf '%s\n' $MODULES > \"\$1/etc/initramfs-tools/modules\"" \
    --customize-hook='chroot "$1" apt-get install -y --no-install-recommends linux-image-amd64' \
    --customize-hook='chroot "$1" apt-get clean' \
    --customize-hook='echo debian-guest > "$1/etc/hostname"' \
    --customize-hook='printf "127.0.0.1 localhost\n127.0.1.1 debian-guest\n" > "$1/etc/hosts"' \
    --customize-hook='printf "/dev/xvda / ext4 errors=remount-ro 0 1\n" > "$1/etc/fstab"' \
    --customize-hook='echo root:xenolite | chroot "$1" chpasswd' \
    --customize-hook="copy-in $stage/hvc0-getty.service $stage/eth0-static.service /etc/systemd/system" \
    --customize-hook='chroot "$1" systemctl enable hvc0-getty.service eth0-static.service' \
    --customize-hook='chroot "$1" systemctl mask serial-getty@hvc0.service getty-static.service e2scrub_reap.service' \
    "$SUITE" "$root" "$MIRROR"

# 2. Kernel and initrd beside the image (the newest the image holds).
kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n1)
[ -f "$kernel" ] && [ -f "$initrd" ] || die "no kernel/initrd in $root/boot"
cp "$kernel" "$out/vmlinuz.tmp" && cp "$initrd" "$out/initrd.img.tmp"

# 3. The ext4 image, filled from the directory (no mount, no loop device).
rm -f "$out/rootfs.img.tmp"
mke2fs -q -t ext4 -L debian-root -d "$root" "$out/rootfs.img.tmp" "$SIZE" ||
    die "mke2fs -d failed"
for f in rootfs.img vmlinuz initrd.img; do mv "$out/$f.tmp" "$out/$f"; done
touch "$out/.ok"
echo "mkimage-debian: $out: rootfs.img ($SIZE, ext4), $(basename "$kernel"), $(basename "$initrd")"
