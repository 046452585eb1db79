#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs in the install test's image at boot (xenolite-install-check.service):
# reports INSTALL-CHECK lines on the console, then powers off. The test
# boots the disk twice (two entries); the checks are the same each time.
exec > /dev/console 2>&1
fails=0
ok() { echo "INSTALL-CHECK: PASS: $1"; }
ko() { echo "INSTALL-CHECK: FAIL: $1: $2"; fails=$((fails + 1)); }
echo "INSTALL-CHECK: dom0 command line: $(cat /proc/cmdline)"
systemctl is-active -q multi-user.target && ok multi-user || ko multi-user "not active"
for u in xenstored xenconsoled qdisk qnic bridge domains; do
    if systemctl is-active -q "xenolite-$u.service"; then
        ok "unit-$u"
    else
        ko "unit-$u" "$(systemctl is-active "xenolite-$u.service")"
        systemctl status --no-pager -l "xenolite-$u.service" | head -20
    fi
done
failed=$(systemctl list-units --failed --plain --no-legend | awk '{ print $1 }' | tr '\n' ' ')
[ -z "$failed" ] && ok no-failed-units || ko no-failed-units "$failed"
if info=$(xl info 2>&1) && echo "$info" | grep -q '^xen_version'; then
    ok xl-info
else
    ko xl-info "$(echo "$info" | head -3)"
fi
xl list && ok xl-list || ko xl-list "xl list failed"
[ -d /var/log/xen ] && [ -s /var/log/xen/xenstored.log -o -e /var/log/xen/xenstored.log ] &&
    ok logs || ko logs "no /var/log/xen/xenstored.log"
# A guest from /etc/xen: the busybox example (Debian's kernel, a busybox
# initramfs, a NIC on xenbr0) to its console line, then destroyed.
glog=/var/log/xen/console/guest-busybox.log
# An earlier boot's log would already hold the line.
rm -f "$glog"
if xl create /etc/xen/busybox.cfg; then
    ok guest-create
    n=0
    until grep -aq 'busybox-guest: ready' "$glog" 2>/dev/null || [ $n -ge 300 ]; do
        sleep 1; n=$((n + 1))
    done
    if line=$(grep -a -m1 'busybox-guest: ready' "$glog"); then
        echo "INSTALL-CHECK: guest console after ${n} s: $line"
        ok guest-console
    else
        ko guest-console "no 'busybox-guest: ready' in $glog after 300 s"
        tail -20 "$glog" 2>/dev/null
    fi
    xl list | grep -q '^busybox ' && ok guest-listed || ko guest-listed "busybox not in xl list"
    if xl destroy busybox && ! xl list | grep -q '^busybox '; then
        ok guest-destroy
    else
        ko guest-destroy "busybox still listed after xl destroy"
    fi
else
    ko guest-create "xl create /etc/xen/busybox.cfg failed"
fi
echo "INSTALL-CHECK: done, $fails failed"
systemctl poweroff
