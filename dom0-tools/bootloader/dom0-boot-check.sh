#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# "Boot what users boot" in a dom0 (tests/boot/long/dom0-kernel-formats.case):
# xl creates the hello test kernel compressed with each of gzip, bzip2, xz,
# lzma, lzo, lz4 and zstd (the toolstack builder's decompressors), then
# with bootloader = "pygrub" from an ext4 disk image whose grub.cfg names
# an xz-compressed hello kernel (xenolite-pygrub + xl's bootloader= step).
# Each guest must print "Test result: SUCCESS" on its console. Prints
# PASS:/FAIL: dom0-boot/NAME lines.
D=/opt/xenolite/boot
CHECK_NAME=dom0-boot
. /opt/xenolite/lib/check-lib.sh

pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
wait_for 100 test -S /run/xenstored/socket || fail xenstored "no socket"
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
wait_for 100 test -S /run/xenconsoled/socket || fail xenconsoled "no socket"
# The pygrub guest's disk is served by qdisk (the default back end).
pidof qdisk >/dev/null || qdisk -l /var/log/xen/qdisk.log -p /run/qdisk.pid &

# boot NAME CONFIG-LINES: create, wait for the verdict, destroy.
boot() {
    name=$1
    shift
    printf '%s\n' "name = \"$name\"" "memory = 16" 'on_poweroff = "preserve"' \
        "$@" > /tmp/$name.cfg
    log=/var/log/xen/console/guest-$name.log
    if ! xl create /tmp/$name.cfg > /tmp/$name.out 2>&1; then
        fail $name "xl create: $(tail -n 3 /tmp/$name.out | tr '\n' ' ')"
        return
    fi
    if wait_for 600 grep -q "Test result: SUCCESS" "$log"; then pass $name
    else fail $name "no 'Test result: SUCCESS' in $log: $(tail -n 2 $log)"; fi
    xl destroy $name
}

for f in gz bz2 xz lzma lzo lz4 zst; do
    boot "format-$f" "kernel = \"$D/hello.$f\""
done
boot pygrub 'bootloader = "pygrub"' "disk = [ \"$D/pygrub.img,raw,xvda,r\" ]"
if [ -z "$(ls /var/run/xen/pygrub 2>/dev/null)" ]; then pass pygrub-cleanup
else fail pygrub-cleanup "left in /var/run/xen/pygrub: $(ls /var/run/xen/pygrub)"; fi
check_done
