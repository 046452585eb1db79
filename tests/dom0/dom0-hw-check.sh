#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-hw-check [pc|q35] [owned] [spread]: dom0 drives the machine's PCI devices, run in the
# tests/dom0 initramfs by tests/boot/cases/dom0-hw.case (QEMU -M pc with an
# e1000 NIC on user networking and a virtio-blk disk of known content) and
# dom0-hw-q35.case (-M q35: an e1000e and the same disk). Each device is in
# /sys/bus/pci/devices with its driver bound and has a xen-pirq line in
# /proc/interrupts (MSI-X for virtio-blk, and for the e1000e); udhcpc gets
# QEMU's 10.0.2.15 over the NIC and the disk's sha256 is the known one, and
# each device's interrupt count rises meanwhile. On q35, also: the
# ich9-ahci is bound to ahci with a plain MSI PIRQ line, the SATA disk on
# it (the same image) hashes right and that line's count rises; the extended
# configuration space (ECAM) is readable; with "owned" (Xenolite; on Xen
# 4.17 a user-mode write to its read-only ECAM mapping faults forever), an
# ECAM write through /dev/mem (busybox devmem; dom0 booted with
# iomem=relaxed) reaches a plain register but not the MSI address (the
# hypervisor's), and a write to the disk's MSI-X table leaves the entry as
# the hypervisor wrote it. With "spread" (dom0 with 2 vCPUs): the disks'
# interrupt lines, given to CPU0 then CPU1 through smp_affinity, count up
# in that CPU's column while the disks are read again. Prints PASS:/FAIL:
# dom0-hw/NAME lines and "dom0-hw-check: done, N failed".

DISK_SHA=d2053a69b0ab36ad9b6b33cbf93b9cd1cb545f6bfeca5f3657fb7a3080742ff5
CHECK_NAME=dom0-hw
. /opt/xenolite/lib/check-lib.sh

# device VENDOR:DEVICE DRIVER NAME: the function exists with DRIVER bound.
device() {
    for d in /sys/bus/pci/devices/*; do
        [ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1" ] || continue
        drv=$(basename "$(readlink "$d/driver")" 2>/dev/null)
        if [ "$drv" = "$2" ]; then
            pass "$3-bound"
        else
            fail "$3-bound" "$d has driver '$drv', not $2"
        fi
        return
    done
    fail "$3-bound" "no PCI function $1"
}

# count NAME: the total of NAME's xen-pirq lines in /proc/interrupts (INTx:
# NAME; MSI-X, as Xen 4.17 gives virtio: NAME-config, NAME-req.0 ...), over
# every CPU column; empty if there is none.
count() {
    awk -v n="$1" '/xen-pirq/ && ($NF == n || index($NF, n "-") == 1) {
        found = 1; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i }
        END { if (found) print s + 0 }' /proc/interrupts
}

# pirq NAME: NAME's interrupt is a PIRQ line.
pirq() {
    if [ -n "$(count "$1")" ]; then
        pass "$1-pirq"
    else
        fail "$1-pirq" "no xen-pirq line for $1 in /proc/interrupts"
    fi
}

# rose NAME BEFORE: NAME's count is above BEFORE now.
rose() {
    now=$(count "$1")
    if [ -n "$now" ] && [ "$now" -gt "${2:-0}" ]; then
        pass "$1-irqs"
    else
        fail "$1-irqs" "count ${2:-none} -> ${now:-none}"
    fi
}

# cfg DEV OFFSET BYTES: a config space value of sysfs device DEV, decimal.
cfg() {
    od -An -tu"$3" -j"$2" -N"$3" "$1/config" | tr -d ' '
}

# msix_entry_data DEV: the address of DEV's MSI-X table entry 0 data word.
msix_entry_data() {
    pos=$(cap "$1" 17)
    [ -n "$pos" ] || return
    tbl=$(cfg "$1" $((pos + 4)) 4)
    bar=$(sed -n "$(((tbl & 7) + 1))p" "$1/resource" | cut -d" " -f1)
    printf '0x%x\n' $((bar + (tbl & ~7) + 8))
}

# msix_table_ro DEV: a guest write to the table does not reach it.
msix_table_ro() {
    a=$(msix_entry_data "$1")
    if [ -z "$a" ]; then
        fail msix-table-ro "no MSI-X table found for $1"
        return
    fi
    old=$(devmem "$a" 32)
    if ! devmem "$a" 32 0x5a5a; then
        fail msix-table-ro "devmem could not write $a"
        return
    fi
    check msix-table-ro "$(devmem "$a" 32)" "$old"
}

# ecam DEV: the extended configuration space is there (4096 bytes).
ecam() {
    check ecam-config-size "$(wc -c < "$1/config")" 4096
}

# cap DEV ID: the offset of capability ID in DEV's list, or nothing.
cap() {
    pos=$(cfg "$1" 52 1)
    n=0
    while [ "${pos:-0}" -ge 64 ] && [ $n -lt 48 ]; do
        [ "$(cfg "$1" "$pos" 1)" = "$2" ] && echo "$pos" && return
        pos=$(($(cfg "$1" $((pos + 1)) 1) & 0xfc))
        n=$((n + 1))
    done
}

# ecam_addr DEV REG: where REG of DEV is in the ECAM window (/proc/iomem).
ecam_addr() {
    base=$(sed -n 's/^ *\([0-9a-f]*\)-[0-9a-f]* : PCI MMCONFIG 0000.*/\1/p' \
           /proc/iomem | head -n 1)
    [ -n "$base" ] || return
    bdf=${1##*/0000:}
    bus=$((0x${bdf%%:*}))
    dev=${bdf#*:}
    fn=$((${dev#*.}))
    dev=$((0x${dev%.*}))
    printf '0x%x\n' $((0x$base + (bus << 20) + (dev << 15) + (fn << 12) + $2))
}

# ecam_writes DEV: through ECAM (devmem), a plain register is written (the
# interrupt line, 0x3c, restored after) and the MSI address is not.
ecam_writes() {
    a=$(ecam_addr "$1" 60)
    if [ -z "$a" ]; then
        fail ecam-write "no PCI MMCONFIG in /proc/iomem"
        return
    fi
    old=$(cfg "$1" 60 1)
    devmem "$a" 8 0x5a
    check ecam-write "$(cfg "$1" 60 1)" 90
    devmem "$a" 8 "$old"
    pos=$(cap "$1" 5)
    if [ -z "$pos" ]; then
        fail ecam-msi-filtered "no MSI capability on $1"
        return
    fi
    old=$(cfg "$1" $((pos + 4)) 4)
    devmem "$(ecam_addr "$1" $((pos + 4)))" 32 0x12345678
    check ecam-msi-filtered "$(cfg "$1" $((pos + 4)) 4)" "$old"
}

# pcidev VENDOR:DEVICE: the sysfs directory of that function.
pcidev() {
    for d in /sys/bus/pci/devices/*; do
        [ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1" ] && echo "$d" && return
    done
}

# msi CHECK NAME: NAME's PIRQ line is a plain MSI one (not MSI-X, not INTx).
msi() {
    if awk -v n="$2" '/xen-pirq/ && $NF == n && / -msi / { f = 1 }
                      END { exit !f }' /proc/interrupts; then
        pass "$1"
    else
        fail "$1" "no MSI xen-pirq line for $2 in /proc/interrupts"
    fi
}

# sata_disk DEV: /dev/NAME of the SCSI disk behind PCI function DEV (sysfs).
sata_disk() {
    for b in /sys/block/sd*; do
        case $(readlink -f "$b") in
        */${1##*/}/*) echo "/dev/${b##*/}"; return ;;
        esac
    done
}

# lines NAME: the IRQ numbers of NAME's xen-pirq lines (NAME, or NAME-*:
# virtio-blk has a queue per vCPU, blk-mq submitting on the reader's).
lines() {
    awk -v n="$1" '/xen-pirq/ && ($NF == n || index($NF, n "-") == 1) {
        sub(":", "", $1); print $1 }' /proc/interrupts
}

# on_cpu NAME CPU: the total of NAME's lines in CPU's column.
on_cpu() {
    awk -v n="$1" -v c="$2" '/xen-pirq/ && ($NF == n || index($NF, n "-") == 1) {
        s += $(c + 2) } END { print s + 0 }' /proc/interrupts
}

# moved CHECK NAME DISK: NAME's PIRQ lines given to CPU0, then to CPU1,
# through /proc/irq/N/smp_affinity (Linux rebinds their event channels,
# EVTCHNOP_bind_vcpu) count up in that CPU's column while DISK is read
# again, and DISK still hashes right.
moved() {
    for c in 0 1; do
        irqs=$(lines "$2")
        for irq in $irqs; do
            echo $((1 << c)) > "/proc/irq/$irq/smp_affinity" || irqs=
        done
        if [ -z "$irqs" ]; then
            fail "$1" "cannot give the lines of $2 to CPU$c"
            return
        fi
        before=$(on_cpu "$2" $c)
        echo 3 > /proc/sys/vm/drop_caches
        sum=$(sha256sum "$3" | cut -d" " -f1)
        now=$(on_cpu "$2" $c)
        if [ "$sum" != "$DISK_SHA" ]; then
            fail "$1" "$3 read with $2 on CPU$c: got $sum"
            return
        elif [ "$now" -le "$before" ]; then
            fail "$1" "$2 on CPU$c: $before -> $now; $(grep -F " $2" /proc/interrupts | tr -s ' ' | tr '\n' ';')"
            return
        fi
    done
    pass "$1"
}

# msix NAME: NAME's PIRQ lines are MSI-X ones.
msix() {
    if grep -q "xen-pirq.*-msi-x.* $1-" /proc/interrupts; then
        pass "$1-msix"
    else
        fail "$1-msix" "no MSI-X xen-pirq line for $1 in /proc/interrupts"
    fi
}

machine=${1:-pc}
owned= spread=
for a in "$@"; do
    case $a in
    owned) owned=owned ;;
    spread) spread=spread ;;
    esac
done
if [ "$machine" = q35 ]; then
    device 0x8086:0x10d3 e1000e e1000e
else
    device 0x8086:0x100e e1000 e1000
fi
device 0x1af4:0x1001 virtio-pci virtio-blk
[ "$machine" = q35 ] && device 0x8086:0x2922 ahci ahci

ip link set eth0 up
pirq eth0
pirq virtio0
msix virtio0
if [ "$machine" = q35 ]; then
    msix eth0
    msi ahci-msi "ahci[$(basename "$(pcidev 0x8086:0x2922)")]"
    ecam "$(pcidev 0x8086:0x10d3)"
    if [ "$owned" = owned ]; then
        ecam_writes "$(pcidev 0x8086:0x10d3)"
        msix_table_ro "$(pcidev 0x1af4:0x1001)"
    fi
fi

before=$(count eth0)
out=$(udhcpc -i eth0 -n -q -t 10 -T 2 -s /bin/true 2>&1)
case $out in
*"lease of 10.0.2.15 obtained"*) pass dhcp ;;
*) fail dhcp "$(echo "$out" | tail -n 1)" ;;
esac
rose eth0 "$before"

before=$(count virtio0)
echo 3 > /proc/sys/vm/drop_caches
sum=$(sha256sum /dev/vda | cut -d" " -f1)
if [ "$sum" = "$DISK_SHA" ]; then
    pass disk-sha256
else
    fail disk-sha256 "got $sum"
fi
rose virtio0 "$before"

# q35's ich9-ahci (MSI without per-vector masking) and its SATA disk: the
# same image as the virtio one (the case attaches it with snapshot=on).
if [ "$machine" = q35 ]; then
    ahci=$(pcidev 0x8086:0x2922)
    airq="ahci[${ahci##*/}]"
    before=$(count "$airq")
    sd=$(sata_disk "$ahci")
    if [ -z "$sd" ]; then
        fail ahci-disk-sha256 "no sd disk behind ${ahci:-the AHCI function}"
    else
        sum=$(sha256sum "$sd" | cut -d" " -f1)
        check ahci-disk-sha256 "$sum" "$DISK_SHA"
    fi
    now=$(count "$airq")
    if [ -n "$now" ] && [ "$now" -gt "${before:-0}" ]; then
        pass ahci-irqs
    else
        fail ahci-irqs "$airq count ${before:-none} -> ${now:-none}"
    fi
fi

# spread (2 vCPUs): MSI-X and MSI lines moved to CPU0, then CPU1, deliver
# there.
if [ "$spread" = spread ]; then
    moved virtio0-cpu1 virtio0 /dev/vda
    [ "$machine" = q35 ] && moved ahci-cpu1 "$airq" "$sd"
fi

grep xen-pirq /proc/interrupts
check_done
