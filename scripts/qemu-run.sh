#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot an ISO in QEMU (TCG) with the serial console on this terminal.
#   qemu-run.sh ISO [SMP] [MEM_MB] [extra qemu args...]
# The machine's hardware, owned by dom0, comes from the environment (the
# Makefile exports its defaults; docs/dom0.md, "make run with hardware"):
#   RUN_MACHINE  pc (i440fx, default) or q35
#   RUN_NIC      e1000 (default), e1000e, virtio-net-pci or none: a NIC on
#                QEMU's user network (DHCP gives dom0 10.0.2.15)
#   RUN_DISK     a raw disk image attached as a virtio disk, none, or auto:
#                RUN_DEBIAN_IMAGE (the Debian guest image, /etc/xen/debian.cfg's
#                disk) if it exists, else RUN_SCRATCH_DISK, else none
set -euo pipefail
iso=$1; smp=${2:-2}; mem=${3:-2048}; shift; shift || true; shift || true
die() { echo "qemu-run.sh: $*" >&2; exit 1; }

machine=${RUN_MACHINE:-pc}
nic=${RUN_NIC:-none}
disk=${RUN_DISK:-none}
if [ "$disk" = auto ]; then
    if [ -n "${RUN_DEBIAN_IMAGE:-}" ] && [ -f "$RUN_DEBIAN_IMAGE" ]; then
        disk=$RUN_DEBIAN_IMAGE
    elif [ -n "${RUN_SCRATCH_DISK:-}" ]; then
        disk=$RUN_SCRATCH_DISK
        echo "xenolite: no Debian guest image: dom0's disk is the empty" \
             "$disk (make run-debian builds the image)" >&2
    else
        disk=none
    fi
fi
case $machine in
pc|q35) ;;
*) die "RUN_MACHINE '$machine' is not one of: pc q35" ;;
esac
hw=(-M "$machine")
case $nic in
none) hw+=(-nic none) ;;
e1000|e1000e|virtio-net-pci) hw+=(-nic "user,model=$nic") ;;
*) die "RUN_NIC '$nic' is not one of: e1000 e1000e virtio-net-pci none" ;;
esac
if [ "$disk" != none ]; then
    [ -f "$disk" ] || die "RUN_DISK '$disk': no such file"
    [ -r "$disk" ] && [ -w "$disk" ] || die "RUN_DISK '$disk': not readable and writable"
    hw+=(-drive "file=$disk,format=raw,if=virtio")
fi

echo "xenolite: booting $iso in QEMU (-M $machine -smp $smp -m $mem," \
     "NIC $nic, disk $disk). Quit with Ctrl-a x." >&2
exec qemu-system-x86_64 -accel tcg -cpu max,-smap -smp "$smp" -m "$mem" \
    -display none -serial mon:stdio \
    -cdrom "$iso" -boot d "${hw[@]}" "$@"
