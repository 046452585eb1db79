#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-net-bench: the dom0 side of the network benchmark, run in the
# tests/dom0 initramfs by dom0-net-bench.case (net-bench.py, make bench).
# For each back end (qnic, xencommons' daemon, then Linux's netback) `xl
# create`s the tests/domu guest with vif=['bridge=xenbr0,backendtype=BE']
# (dom0 is 10.99.0.1 on xenbr0, the guest 10.99.0.10) and measures, with
# busybox nc and zeros (no disk in the way): TCP dom0 -> DomU and DomU ->
# dom0 MB/s (NET_BENCH_MIB MiB each, timed by the sender from connect to
# the receiver's close) and the mean ping round trip. Prints "BENCH: BE
# NAME VALUE" lines, then "dom0-net-bench: done".

D=/opt/xenolite/domu
LOG=/var/log/xen/console/guest-nbench.log
MIB=${NET_BENCH_MIB:-32}
CHECK_NAME=dom0-net-bench
. /opt/xenolite/lib/check-lib.sh

# "TAG COMMAND" on the guest's console; "[TAG] out:" lines into $gout.
tag=0
gcmd() {   # gcmd COMMAND TENTHS
    tag=$((tag + 1))
    echo "$tag $1" | timeout 5 xl console nbench >/dev/null 2>&1
    wait_for "$2" grep -q "xenolite-domu: \[$tag\] rc" "$LOG" || return 1
    gout=$(sed -n "s/^.*xenolite-domu: \[$tag\] out: //p" "$LOG" | tr -d '\r')
}
# Seconds since boot with hundredths, as an integer of hundredths.
hundredths() { awk '{ printf "%d", $1 * 100 }' /proc/uptime; }
mbps() { awk -v m=$MIB -v t=$1 'BEGIN { printf "%.2f", (t > 0 ? m * 104857600 / 1e6 / t : 0) }'; }
# Profile, not a figure: `cpu_mark` starts a span, `cpu_mark BE WHAT` ends
# it with "dom0-net-bench: BE WHAT: dom0 busy B of T ticks, qnic Q" (all
# vCPUs' ticks; qnic's user+system).
cpu_mark() {
    set -- "$@" $(awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat) \
        $(awk '{ print $14 + $15 }' "/proc/$(cat /run/xen/qnic.pid 2>/dev/null)/stat" 2>/dev/null || echo 0)
    if [ $# -eq 5 ]; then
        echo "dom0-net-bench: $1 $2: dom0 busy $(($3 - busy0)) of $(($4 - total0)) ticks, qnic $(($5 - qcpu0))"
        shift 2
    fi
    busy0=$1 total0=$2 qcpu0=$3
}

xen_services || { echo "dom0-net-bench: done"; exit 1; }
echo "dom0-net-bench: daemons ready"

for be in qnic netback; do
    cat > /tmp/nbench.cfg <<CFGEOF
name = "nbench"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell xenolite.ip=10.99.0.10/24"
on_poweroff = "destroy"
vif = [ 'bridge=xenbr0,backendtype=$be' ]
CFGEOF
    [ -f "$LOG" ] && : > "$LOG"
    if ! xl create -q /tmp/nbench.cfg ||
       ! wait_for 4200 grep -q "xenolite-domu: shell ready" "$LOG"; then
        echo "dom0-net-bench: $be: the guest did not come up"
        xl destroy nbench 2>/dev/null
        continue
    fi
    # dom0 -> DomU: the guest discards, dom0's nc returns at its close.
    gcmd "(nc -l -p 6001 -e sh -c 'cat >/dev/null' </dev/null >/dev/null 2>&1 &); sleep 1" 600
    cpu_mark
    t0=$(hundredths)
    dd if=/dev/zero bs=1M count=$MIB 2>/dev/null | timeout 900 nc 10.99.0.10 6001
    t1=$(hundredths)
    cpu_mark $be to-domu
    echo "BENCH: $be to-domu $(mbps $((t1 - t0)))"
    # DomU -> dom0: timed in the guest, around its nc.
    nc -l -p 6002 -e sh -c 'cat >/dev/null' </dev/null >/dev/null 2>&1 &
    sleep 1
    cpu_mark
    if gcmd "a=\$(awk '{ printf \"%d\", \$1 * 100 }' /proc/uptime); dd if=/dev/zero bs=1M count=$MIB 2>/dev/null | nc 10.99.0.1 6002; b=\$(awk '{ printf \"%d\", \$1 * 100 }' /proc/uptime); echo \$((b - a))" 9000; then
        echo "BENCH: $be from-domu $(mbps "$gout")"
    fi
    cpu_mark $be from-domu
    if gcmd "ping -q -c 20 -i 0.2 10.99.0.1" 600; then
        echo "BENCH: $be ping-ms $(echo "$gout" | sed -n 's|.*min/avg/max = [0-9.]*/\([0-9.]*\)/.*|\1|p')"
    fi
    xl destroy nbench
    # qnic's work counters for the guest's queue(s), logged at teardown.
    [ $be = qnic ] && sleep 1 && grep ': queue [0-9]*: tx' /var/log/xen/qnic.log |
        tail -n 4 | sed 's/^/dom0-net-bench: /'
done
echo "dom0-net-bench: done"
