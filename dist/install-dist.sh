#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs dist/ and man/ (called by `make install`, install.mk, with the
# directories in the environment). Paths inside the files that name the
# sbin or libexec directory are rewritten for PREFIX.
set -eu
: "${DESTDIR=}" "${SBINDIR:?}" "${LIBEXECDIR:?}" "${MANDIR:?}" "${BASHCOMPDIR:?}"
: "${SYSCONFDIR:?}" "${UNITDIR:?}" "${DOCDIR:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
subst() { # SRC DEST MODE
    install -d "$(dirname "$2")"
    sed -e "s|@SBINDIR@|$SBINDIR|g" -e "s|@LIBEXECDIR@|$LIBEXECDIR|g" \
        -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" "$1" > "$2"
    chmod "$3" "$2"
}
for f in "$top"/dist/systemd/*; do
    subst "$f" "$DESTDIR$UNITDIR/$(basename "$f")" 644
done
for f in "$top"/dist/libexec/*; do
    subst "$f" "$DESTDIR$LIBEXECDIR/$(basename "$f")" 755
done
for f in "$top"/dist/init.d/*; do
    subst "$f" "$DESTDIR$SYSCONFDIR/init.d/$(basename "$f")" 755
done
subst "$top/dist/default/xenolite" "$DESTDIR$SYSCONFDIR/default/xenolite" 644
subst "$top/dist/logrotate/xenolite" "$DESTDIR$SYSCONFDIR/logrotate.d/xenolite" 644
subst "$top/dist/grub/20_linux_xenolite" "$DESTDIR$SYSCONFDIR/grub.d/20_linux_xenolite" 755
subst "$top/dist/bash-completion/xl" "$DESTDIR$BASHCOMPDIR/xl" 644
subst "$top/dist/tmpfiles/xenolite.conf" "$DESTDIR${TMPFILESDIR:?}/xenolite.conf" 644
subst "$top/dist/modules-load/xenolite.conf" "$DESTDIR${MODULESLOADDIR:?}/xenolite.conf" 644
for f in "$top"/man/*.[0-9]; do
    sec=${f##*.}
    install -d "$DESTDIR$MANDIR/man$sec"
    gzip -9n < "$f" > "$DESTDIR$MANDIR/man$sec/$(basename "$f").gz"
done

# Under systemd the native units replace the init script "xenolite" (one
# script for five units): mask what systemd-sysv-generator would make of it.
ln -sfn /dev/null "$DESTDIR$UNITDIR/xenolite.service"
