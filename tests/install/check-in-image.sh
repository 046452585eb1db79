#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs in the install test's image at boot (xenolite-install-check.service):
# reports INSTALL-CHECK lines on the console, then powers off.
exec > /dev/console 2>&1
fails=0
ok() { echo "INSTALL-CHECK: PASS: $1"; }
ko() { echo "INSTALL-CHECK: FAIL: $1: $2"; fails=$((fails + 1)); }
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
echo "INSTALL-CHECK: done, $fails failed"
systemctl poweroff
