#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot an ISO in QEMU (TCG) with the serial console on this terminal.
#   qemu-run.sh ISO [SMP] [MEM_MB] [extra qemu args...]
set -euo pipefail
iso=$1; smp=${2:-2}; mem=${3:-2048}; shift; shift || true; shift || true
echo "xenolite: booting $iso in QEMU (-smp $smp, -m $mem). Quit with Ctrl-a x." >&2
exec qemu-system-x86_64 -accel tcg -cpu max,-smap -smp "$smp" -m "$mem" \
    -display none -serial mon:stdio \
    -cdrom "$iso" -boot d "$@"
