#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetch Debian's lwip source package (the one behind liblwip-dev, which ships
# headers only) and unpack it:   fetch-lwip.sh CACHE_DIR
#   CACHE_DIR/lwip/src/...          the upstream tree (src/core, src/include ...)
#   CACHE_DIR/lwip/version          the Debian version, one line
#   CACHE_DIR/.lwip-ok              stamp: present = complete
# The host's apt sources may carry no deb-src line, so apt runs on a private
# list (the same mirrors as deb-src) and private state under CACHE_DIR/apt-src;
# the host's apt configuration is left alone. Re-running with the stamp present
# does nothing.
set -euo pipefail

die() {
    echo "fetch-lwip: $*" >&2
    echo "fetch-lwip: check the network and the apt sources, then rerun make" >&2
    exit 1
}

[ $# -eq 1 ] || { echo "usage: fetch-lwip.sh CACHE_DIR" >&2; exit 2; }
mkdir -p "$1"
cache=$(cd "$1" && pwd)
[ -f "$cache/.lwip-ok" ] && exit 0
command -v dpkg-source >/dev/null || die "dpkg-source missing (apt-get install dpkg-dev)"

apt_dir=$cache/apt-src
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/src"
# deb-src lines for every deb line of the host's sources (one-line and deb822).
{
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p'
} > "$apt_dir/sources.list" || true
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt_dir/$(basename "$f")"
done
[ -s "$apt_dir/sources.list" ] || ls "$apt_dir"/*.sources >/dev/null 2>&1 ||
    die "no apt sources found in /etc/apt"
opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list"
      -o "Dir::Etc::SourceParts=$apt_dir"
      -o "Dir::State::Lists=$apt_dir/lists"
      -o "Dir::Cache::Archives=$apt_dir/archives"
      -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
      -o "APT::Sandbox::User=root")
echo "fetch-lwip: apt-get update (deb-src, private lists)"
apt-get "${opts[@]}" update -qq >/dev/null 2>"$apt_dir/.err" || {
    cat "$apt_dir/.err" >&2; die "apt-get update (deb-src) failed"; }
rm -rf "$apt_dir/src" && mkdir -p "$apt_dir/src"
(cd "$apt_dir/src" && apt-get "${opts[@]}" source --download-only -q lwip \
    >/dev/null 2>"$apt_dir/.err") || { cat "$apt_dir/.err" >&2; die "apt-get source lwip failed"; }
dsc=$(ls "$apt_dir"/src/lwip_*.dsc | head -n1)
rm -rf "$cache/lwip.tmp"
dpkg-source --no-check -x "$dsc" "$cache/lwip.tmp" >/dev/null || die "dpkg-source -x $dsc failed"
[ -f "$cache/lwip.tmp/src/core/tcp.c" ] || die "$dsc has no src/core/tcp.c"
basename "$dsc" .dsc | sed 's/^lwip_//' > "$cache/lwip.tmp/version"
rm -rf "$cache/lwip"
mv "$cache/lwip.tmp" "$cache/lwip"
rm -rf "$apt_dir/lists" "$cache"/lwip_*.orig.tar.*    # dpkg-source -x copies it there
touch "$cache/.lwip-ok"
echo "fetch-lwip: lwip $(cat "$cache/lwip/version") -> $cache/lwip"
