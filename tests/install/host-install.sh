#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# host-install.sh layout|pc-version: host checks of `make install` (make test).
#   layout      `make install DESTDIR=tmp PREFIX=/usr`: every file where
#               docs/install.md says, no unsubstituted @DIR@, hardened ELF
#               (PIE, RELRO, BIND_NOW, stack protector, FORTIFY), man pages
#               without groff warnings, shell syntax of the scripts
#   pc-version  hcall.pc carries the prefix (/usr and /usr/local), a program
#               builds and links against the installed tree with pkg-config,
#               every installed tool answers --version
# install.mk bakes ROOT, BUILD and the version in (build/tests/install/).
set -u
ROOT=${ROOT:?} BUILD=${BUILD:?} VERSION=${VERSION:?} MA=${MA:?}
mode=${1:?layout|pc-version}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xenolite-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
pass() { echo "PASS: install-$mode: $1"; }
fail() { echo "FAIL: install-$mode: $1: $2"; fails=$((fails + 1)); }
check() { # NAME WHY COMMAND...
    local name=$1 why=$2; shift 2
    if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "$why"; fi
}

install_to() { # DEST PREFIX
    make -s -C "$ROOT" BUILD="$BUILD" install DESTDIR="$1" PREFIX="$2" >"$tmp/make.log" 2>&1 ||
        { fail "make-install-$2" "make install failed: $(tail -3 "$tmp/make.log")"; return 1; }
    pass "make-install-$2"
}

layout() {
    local d=$tmp/usr f missing=
    install_to "$d" /usr || return
    for f in boot/xenolite-$VERSION usr/lib/debug/boot/xenolite-syms-$VERSION \
             usr/sbin/xl usr/sbin/xenstored usr/sbin/xenconsoled usr/sbin/qdisk usr/sbin/qnic \
             usr/bin/xs usr/lib/$MA/libhcall.so.1.0.0 usr/lib/$MA/libhcall.a \
             usr/lib/$MA/pkgconfig/hcall.pc usr/include/xenolite/hcall.h \
             usr/include/xenolite/hcall/xs.h usr/include/xenolite/public/xen.h \
             usr/include/xenolite/public/io/ring.h usr/lib/xenolite/xenolite-common \
             usr/lib/xenolite/xenolite-domains usr/lib/tmpfiles.d/xenolite.conf usr/lib/modules-load.d/xenolite.conf \
             etc/default/xenolite etc/logrotate.d/xenolite \
             etc/grub.d/20_linux_xenolite etc/init.d/xenolite etc/init.d/xenolite-domains \
             usr/share/bash-completion/completions/xl usr/share/man/man1/xl.1.gz \
             usr/share/man/man1/xs.1.gz usr/share/man/man5/xl.cfg.5.gz \
             usr/share/man/man8/xenstored.8.gz usr/share/man/man8/xenconsoled.8.gz \
             usr/share/man/man8/qdisk.8.gz usr/share/man/man8/qnic.8.gz \
             usr/share/man/man3/libhcall.3.gz; do
        [ -f "$d/$f" ] || missing="$missing $f"
    done
    for f in xenstored xenconsoled qdisk qnic bridge domains; do
        [ -f "$d/lib/systemd/system/xenolite-$f.service" ] || missing="$missing xenolite-$f.service"
    done
    [ -z "$missing" ] && pass files || fail files "missing:$missing"
    [ "$(readlink "$d/usr/lib/$MA/libhcall.so.1")" = libhcall.so.1.0.0 ] &&
    [ "$(readlink "$d/usr/lib/$MA/libhcall.so")" = libhcall.so.1 ] &&
        pass soname-links || fail soname-links "libhcall.so -> .so.1 -> .so.1.0.0 expected"
    check no-placeholders "an @DIR@ placeholder was left in an installed file" \
        bash -c "! grep -rlI '@[A-Z]*DIR@' '$d/etc' '$d/lib' '$d/usr/lib/xenolite' '$d/usr/share/bash-completion'"
    # Every program a unit or script starts is installed (paths after substitution).
    missing=
    for f in $(grep -ho '/usr/s\?bin/[a-z]*\|/usr/lib/xenolite/[a-z-]*' \
                   "$d"/lib/systemd/system/*.service "$d"/etc/init.d/* | sort -u); do
        [ -x "$d$f" ] || missing="$missing $f"
    done
    [ -z "$missing" ] && pass unit-paths || fail unit-paths "not installed:$missing"
    # Hardening of what dom0 runs.
    for f in usr/sbin/xl usr/sbin/xenstored usr/sbin/qdisk usr/bin/xs usr/lib/$MA/libhcall.so.1.0.0; do
        local h why=
        h=$(readelf -hldW --dyn-syms "$d/$f" 2>/dev/null)
        grep -q 'GNU_RELRO' <<<"$h" || why="$why no RELRO;"
        grep -q 'BIND_NOW\|FLAGS.*NOW' <<<"$h" || why="$why no BIND_NOW;"
        grep -q 'Type:.*DYN' <<<"$h" || why="$why not PIE;"
        case $f in *.so*) ;; *)
            grep -q '__stack_chk_fail' <<<"$h" || why="$why no stack protector;"
            grep -q '__[a-z]*_chk' <<<"$(grep -v stack_chk <<<"$h")" || why="$why no FORTIFY;" ;;
        esac
        [ -z "$why" ] && pass "hardened-${f##*/}" || fail "hardened-${f##*/}" "$why"
    done
    local warn=
    for f in "$ROOT"/man/*.[0-9]; do
        [ -z "$(groff -man -Tutf8 -wall -z "$f" 2>&1)" ] || warn="$warn ${f##*/}"
    done
    [ -z "$warn" ] && pass man-groff || fail man-groff "groff warns about:$warn"
    check shell-syntax "sh -n / bash -n failed" bash -c "
        for f in '$d'/etc/init.d/* '$d'/usr/lib/xenolite/* '$d'/etc/grub.d/20_linux_xenolite; do
            sh -n \"\$f\" || exit 1; done; bash -n '$d/usr/share/bash-completion/completions/xl'"
}

pc_version() {
    local d=$tmp/usr pcd=$tmp/usr/usr/lib/$MA/pkgconfig t
    install_to "$d" /usr || return
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --variable=prefix hcall)" = /usr ] &&
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --variable=libdir hcall)" = /usr/lib/$MA ] &&
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --modversion hcall)" = 1.0.0 ] &&
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --cflags hcall | xargs)" = "-I/usr/include/xenolite" ] &&
        pass pc-usr || fail pc-usr "$(cat "$pcd/hcall.pc" | tr '\n' ' ')"
    # Build and run a program against the installed tree only.
    cat > "$tmp/p.c" <<'C'
#include <stdio.h>
#include <hcall.h>
#include <public/xen.h>
int main(void)
{
    printf("%d\n", DOMID_SELF == 0x7ff0 && hcall_xs_open != NULL);
    return 0;
}
C
    if gcc -o "$tmp/p" "$tmp/p.c" $(PKG_CONFIG_PATH=$pcd PKG_CONFIG_SYSROOT_DIR=$d \
            pkg-config --cflags --libs hcall) 2>"$tmp/cc.log" &&
       [ "$(LD_LIBRARY_PATH=$d/usr/lib/$MA "$tmp/p")" = 1 ]; then
        pass pc-build
    else
        fail pc-build "$(head -3 "$tmp/cc.log")"
    fi
    for t in xl xenstored xenconsoled qdisk qnic; do
        [ "$("$d/usr/sbin/$t" --version 2>&1)" = "$t (Xenolite) $VERSION" ] &&
            pass "version-$t" || fail "version-$t" "'$("$d/usr/sbin/$t" --version 2>&1)'"
    done
    [ "$(LD_LIBRARY_PATH=$d/usr/lib/$MA "$d/usr/bin/xs" --version 2>&1)" = "xs (Xenolite) $VERSION" ] &&
        pass version-xs || fail version-xs "xs --version"
    d=$tmp/local
    install_to "$d" /usr/local || return
    pcd=$d/usr/local/lib/$MA/pkgconfig
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --variable=prefix hcall)" = /usr/local ] &&
    [ "$(PKG_CONFIG_PATH=$pcd pkg-config --variable=libdir hcall)" = /usr/local/lib/$MA ] &&
    [ -f "$d/usr/local/etc/default/xenolite" ] && [ -x "$d/usr/local/sbin/xl" ] &&
        pass prefix-usr-local || fail prefix-usr-local "layout under /usr/local"
}

case $mode in
layout) layout ;;
pc-version) pc_version ;;
*) echo "FAIL: install: unknown mode $mode"; exit 1 ;;
esac
[ $fails -eq 0 ]
