#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetch Debian's own Xen 4.17 toolstack (xl, libxenlight, libxc, ...) for the
# reference runs that swap our toolstack for Xen's (tests/dom0/debian-xl/):
#   fetch-debian-xl.sh CACHE_DIR
# The packages are downloaded and unpacked (never installed) into
# CACHE_DIR/debian-xl/root; CACHE_DIR/debian-xl/files lists SRC=DEST pairs
# for tests/dom0/mkinitrd.sh: Debian's xl as /usr/lib/xen-4.17/bin/xl, every
# shared library it loads (by soname, the real file, from the packages or
# the host's own Debian 12 libraries) and the dynamic loader.
set -euo pipefail

die() { echo "fetch-debian-xl: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: fetch-debian-xl.sh CACHE_DIR" >&2; exit 2; }
mkdir -p "$1/debian-xl"
top=$(cd "$1/debian-xl" && pwd)
[ -f "$top/.ok" ] && exit 0

# xen-utils-4.17's xl and the libraries it links (apt-cache depends).
PKGS="xen-utils-4.17 libxenmisc4.17 libxencall1 libxenevtchn1
      libxenforeignmemory1 libxengnttab1 libxenstore4 libxentoollog1
      libxendevicemodel1 libxenhypfs1 libxentoolcore1 libyajl2"

mkdir -p "$top/debs"
chmod 0777 "$top/debs"      # apt-get download runs as _apt where it can
# shellcheck disable=SC2086
(cd "$top/debs" && apt-get download -q $PKGS >/dev/null) ||
    die "apt-get download failed (apt-get update? network?)"
rm -rf "$top/root"
mkdir -p "$top/root"
for p in $PKGS; do
    deb=$(ls -t "$top/debs/${p}_"*.deb | head -n1)
    dpkg -x "$deb" "$top/root" || die "dpkg -x $deb failed"
done

xl=$top/root/usr/lib/xen-4.17/bin/xl
[ -x "$xl" ] || die "$xl missing from xen-utils-4.17"
libdir=$top/root/usr/lib/x86_64-linux-gnu
interp=$(readelf -l "$xl" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ -n "$interp" ] || die "$xl has no program interpreter"

{
    echo "$(readlink -f "$xl")=/usr/lib/xen-4.17/bin/xl"
    echo "$(readlink -f "$interp")=$interp"
    # ldd through the package libraries first, the host (Debian 12) after.
    LD_LIBRARY_PATH=$libdir ldd "$xl" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' |
    while read -r soname path; do
        case $path in
        "$libdir"/*) dest=/usr/lib/x86_64-linux-gnu/$soname ;;
        *)           dest=/lib/x86_64-linux-gnu/$soname ;;
        esac
        echo "$(readlink -f "$path")=$dest"
    done
    # glibc dlopens it for pthread_cancel (libxl's timeouts); ldd misses it.
    gcc_s=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ {print $NF; exit}')
    [ -n "$gcc_s" ] || die "the host has no libgcc_s.so.1 (libgcc-s1)"
    echo "$(readlink -f "$gcc_s")=/lib/x86_64-linux-gnu/libgcc_s.so.1"
} > "$top/files.tmp"
grep -q "libxenlight" "$top/files.tmp" || die "ldd found no libxenlight for $xl"
grep -q "libc.so.6" "$top/files.tmp" || die "ldd found no libc for $xl"
mv "$top/files.tmp" "$top/files"
touch "$top/.ok"
echo "fetch-debian-xl: $(wc -l < "$top/files") files in $top/files"
