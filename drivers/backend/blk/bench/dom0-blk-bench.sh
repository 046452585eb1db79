#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-blk-bench: the dom0 side of the block benchmark, run in the
# tests/dom0 initramfs by dom0-blk-bench.case (blk-bench.py, make bench).
# For each back end (qdisk, then Linux's blkback: phy) `xl create`s the
# tests/domu guest with a 128 MiB image as xvda (disk=) and its initramfs
# plus blkbench, runs `blkbench /dev/xvda` through the guest's command loop
# and prints its figures as "BENCH: BACKEND NAME VALUE", then
# "dom0-blk-bench: done".

D=/opt/xenolite/domu
IMG=/tmp/bench.img
CFG=/tmp/bench.cfg
LOG=/var/log/xen/console/guest-bench.log
MIB=${BLK_BENCH_MIB:-64}
SECS=${BLK_BENCH_SECS:-10}

wait_for() {   # wait_for TENTHS COMMAND...: retry until it succeeds
    n=$1; shift
    while ! "$@" 2>/dev/null; do
        n=$((n - 2))
        [ $n -gt 0 ] || return 1
        sleep 0.2
    done
}
# "TAG COMMAND" on the guest's console; "[TAG] out:" lines into $gout.
tag=0
gcmd() {
    tag=$((tag + 1))
    echo "$tag $1" | timeout 5 xl console bench >/dev/null 2>&1
    wait_for "$2" grep -q "xenolite-domu: \[$tag\] rc" "$LOG" || return 1
    gout=$(sed -n "s/^.*xenolite-domu: \[$tag\] out: //p" "$LOG" | tr -d '\r')
}

pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
wait_for 300 test -S /run/xenstored/socket
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
wait_for 300 test -S /run/xenconsoled/socket
mkdir -p /var/log/xen
pidof qdisk >/dev/null || qdisk -D -l /var/log/xen/qdisk.log
dd if=/dev/zero of=$IMG bs=1M count=128 2>/dev/null
echo "dom0-blk-bench: daemons and image ready"

for be in qdisk phy; do
    cat > $CFG <<CFGEOF
name = "bench"
kernel = "$D/vmlinuz"
ramdisk = "$D/bench-initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell"
on_poweroff = "destroy"
disk = [ 'format=raw,vdev=xvda,access=rw,backendtype=$be,target=$IMG' ]
CFGEOF
    if [ -f "$LOG" ]; then : > "$LOG"; fi
    if ! xl create -q $CFG; then
        echo "dom0-blk-bench: $be: xl create failed"
        continue
    fi
    echo "dom0-blk-bench: $be: created"
    if wait_for 1800 grep -q "xenolite-domu: shell ready" "$LOG" &&
       gcmd "blkbench /dev/xvda $MIB $SECS" 6000; then
        echo "$gout" | sed -n "s/^BLKBENCH: /BENCH: $be /p"
    else
        echo "dom0-blk-bench: $be: no answer from the guest"
        tail -n 5 "$LOG" /var/log/xen/qdisk.log
    fi
    xl destroy bench
done
echo "dom0-blk-bench: done"
