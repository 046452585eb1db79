#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetch the Debian packages the dom0 and reference tests boot, unpacked (never
# installed) into a cache:
#   fetch-debian.sh CACHE_DIR [xen] [linux]      (default: both)
#
# What lands where (CACHE_DIR is build/cache under make):
#   CACHE_DIR/xen/boot/xen-4.17-amd64.gz      Debian's Xen 4.17, the reference
#                                              (GRUB's multiboot2 loads the .gz)
#   CACHE_DIR/linux/boot/vmlinuz-<kver>        the stock Debian 12 kernel
#   CACHE_DIR/linux/lib/modules/<kver>/        its modules (xen-*.ko, modules.dep)
#   CACHE_DIR/linux/vmlinuz                    symlink to boot/vmlinuz-<kver>
#   CACHE_DIR/linux/kver                       <kver>, one line
#   CACHE_DIR/debs/*.deb                       the downloaded packages
#   CACHE_DIR/.xen-ok, CACHE_DIR/.linux-ok     stamps: present = complete
# Re-running with the stamps present does nothing.  `make distclean` drops all.
set -euo pipefail

die() {
    echo "fetch-debian: $*" >&2
    echo "fetch-debian: check the network and the apt sources (apt-get update), then rerun make" >&2
    exit 1
}

[ $# -ge 1 ] || { echo "usage: fetch-debian.sh CACHE_DIR [xen] [linux]" >&2; exit 2; }
cache=$1; shift
[ $# -gt 0 ] || set -- xen linux
mkdir -p "$cache/debs"
cache=$(cd "$cache" && pwd)

updated=0
# apt-cache knows nothing before the first `apt-get update` on a fresh machine.
apt_update_once() {
    [ $updated -eq 0 ] || return 0
    updated=1
    echo "fetch-debian: apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
}

# Print the candidate version of a package, updating the lists if unknown.
candidate() {
    local v
    v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
        apt_update_once
        v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
    fi
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "no candidate for package '$1'"
    echo "$v"
}

# download PKG DESTDIR: apt-get download PKG into the cache and dpkg -x it.
download() {
    local pkg=$1 dest=$2 deb
    candidate "$pkg" >/dev/null
    # apt-get download writes to the current directory; it runs as the
    # unprivileged _apt user when it can, so the directory must be writable.
    (cd "$cache/debs" && apt-get download -q "$pkg" >/dev/null 2>"$cache/debs/.err") || {
        apt_update_once
        (cd "$cache/debs" && apt-get download -q "$pkg" >/dev/null 2>"$cache/debs/.err") || {
            cat "$cache/debs/.err" >&2; die "apt-get download $pkg failed"; }
    }
    rm -f "$cache/debs/.err"
    deb=$(ls -t "$cache/debs/${pkg}_"*.deb | head -n1)
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    dpkg -x "$deb" "$dest.tmp" || die "dpkg -x $deb failed"
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
    echo "fetch-debian: $(basename "$deb") -> $dest"
}

fetch_xen() {
    [ -f "$cache/.xen-ok" ] && return 0
    download xen-hypervisor-4.17-amd64 "$cache/xen"
    [ -f "$cache/xen/boot/xen-4.17-amd64.gz" ] ||
        die "xen-hypervisor-4.17-amd64 has no boot/xen-4.17-amd64.gz"
    touch "$cache/.xen-ok"
}

fetch_linux() {
    local pkg kver
    [ -f "$cache/.linux-ok" ] && return 0
    # linux-image-amd64 is a metapackage; the kernel is its dependency.
    candidate linux-image-amd64 >/dev/null
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
          awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$pkg" ] || die "cannot resolve the kernel package behind linux-image-amd64"
    download "$pkg" "$cache/linux"
    kver=${pkg#linux-image-}
    [ -f "$cache/linux/boot/vmlinuz-$kver" ] || die "$pkg has no boot/vmlinuz-$kver"
    [ -d "$cache/linux/lib/modules/$kver" ] || die "$pkg has no lib/modules/$kver"
    echo "$kver" > "$cache/linux/kver"
    ln -sfn "boot/vmlinuz-$kver" "$cache/linux/vmlinuz"
    touch "$cache/.linux-ok"
}

for what in "$@"; do
    case "$what" in
    xen) fetch_xen ;;
    linux) fetch_linux ;;
    *) echo "fetch-debian: unknown component '$what' (xen, linux)" >&2; exit 2 ;;
    esac
done
