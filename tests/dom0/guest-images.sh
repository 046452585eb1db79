#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /etc/init.d/30-guest-images.sh of the dom0 initramfs: if a disk of dom0
# holds the Debian guest image (the ext4 file system labelled "debian-root"
# that scripts/mkimage-debian.sh builds; `make run-debian` attaches it), copy
# its kernel and initrd to /var/lib/xen/images/debian/, where
# /etc/xen/debian.cfg boots them (a pygrub-like step, done once at boot,
# before any guest uses the disk: read-only, without replaying the journal).
DIR=/var/lib/xen/images/debian
MNT=/run/xenolite-debian-image
dev=
for b in /sys/block/vd* /sys/block/sd* /sys/block/xvd*; do
    [ -e "$b" ] || continue
    d=/dev/${b##*/}
    # The ext4 superblock's volume name: 16 bytes at 1024 + 120 (busybox has
    # no blkid).
    label=$(dd if="$d" bs=1 skip=1144 count=16 2>/dev/null | tr -d '\0')
    [ "$label" = debian-root ] && { dev=$d; break; }
done
[ -n "$dev" ] || exit 0
mkdir -p "$DIR" "$MNT"
if ! mount -t ext4 -o ro,noload "$dev" "$MNT"; then
    echo "guest-images: cannot mount $dev (ext4 module loaded?)"
    exit 1
fi
k=$(ls "$MNT"/boot/vmlinuz-* 2>/dev/null | sort | tail -n1)
i=$(ls "$MNT"/boot/initrd.img-* 2>/dev/null | sort | tail -n1)
rc=0
if [ -n "$k" ] && [ -n "$i" ] && cp "$k" "$DIR/vmlinuz" && cp "$i" "$DIR/initrd.img"; then
    echo "guest-images: Debian guest image on $dev (${k##*/}) -> $DIR"
    [ "$dev" = /dev/vda ] ||
        echo "guest-images: /etc/xen/debian.cfg names /dev/vda; edit its disk= line to $dev"
else
    echo "guest-images: $dev has no /boot/vmlinuz-* and /boot/initrd.img-*"
    rc=1
fi
umount "$MNT"
exit $rc
