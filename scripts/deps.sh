#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Make sure every Debian package in scripts/debian-packages.txt is installed.
# As root, installs what is missing; otherwise prints the exact apt-get line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stamp=${1:-}

missing=()
while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    st=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$st" = "install ok installed" ] || missing+=("$pkg")
done < "$here/debian-packages.txt"

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "deps: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || { echo "deps: apt-get update failed; check the network/apt sources" >&2; exit 1; }
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
            echo "deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
    else
        echo "deps: missing Debian packages. Run as root:" >&2
        echo "  apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
[ -z "$stamp" ] || { mkdir -p "$(dirname "$stamp")"; touch "$stamp"; }
