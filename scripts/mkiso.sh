#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build a GRUB2 multiboot2 ISO.
#   mkiso.sh OUT.iso "HYPERVISOR|cmdline" ["MODULE|cmdline" ...]
# The first item is loaded with `multiboot2`, the rest with `module2`, in order.
set -euo pipefail
out=$1; shift
[ $# -ge 1 ] || { echo "usage: mkiso.sh OUT.iso 'HV|cmdline' ['MOD|cmdline' ...]" >&2; exit 2; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-iso.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"

cfg="$stage/boot/grub/grub.cfg"
{
    echo 'serial --unit=0 --speed=115200'
    echo 'terminal_input serial console'
    echo 'terminal_output serial console'
    echo 'set timeout=0'
    echo 'set default=0'
    echo 'menuentry "Xenolite" {'
} > "$cfg"

n=0
for item in "$@"; do
    path=${item%%|*}
    args=""
    [ "$item" = "$path" ] || args=${item#*|}
    [ -f "$path" ] || { echo "mkiso: '$path' does not exist; build it first (make)" >&2; exit 1; }
    name=m$n-$(basename "$path")
    cp "$path" "$stage/boot/$name"
    if [ $n -eq 0 ]; then
        echo "    multiboot2 /boot/$name $args" >> "$cfg"
    else
        echo "    module2 /boot/$name $args" >> "$cfg"
    fi
    n=$((n + 1))
done
echo "    boot" >> "$cfg"
echo "}" >> "$cfg"

mkdir -p "$(dirname "$out")"
if ! grub-mkrescue -o "$out" "$stage" >"$stage.log" 2>&1; then
    cat "$stage.log" >&2; rm -f "$stage.log"
    echo "mkiso: grub-mkrescue failed (needs grub-pc-bin, xorriso, mtools)" >&2
    exit 1
fi
rm -f "$stage.log"
