#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-migrate-check: xl migrate to localhost end to end (tests/boot/long/
# dom0-migrate.case). Creates the tests/domu guest counting seconds on its
# console (xenolite.counter) with its command loop (xenolite.shell), a disk
# (xvda, an image of random bytes on qdisk) and a NIC (qnic on xenbr0,
# 10.99.0.21); a migration whose receiver dies midway (the transport cuts
# the stream after 8 MB) must fail and leave the source counting; a
# localhost migration (a transport that runs the receiver here) must move
# it: the source is gone, the new domain has the old name, its counter
# continues from where it stopped and its devices work on the target's
# fresh back ends (a write synced to xvda, read back past the cache, the
# same bytes in the image after destroy; pings both ways). Prints
# PASS:/FAIL: dom0-migrate/NAME lines and "dom0-migrate-check: done, N
# failed".
D=/opt/xenolite/domu
CFG=/tmp/counter.cfg
LOGS="/var/log/xen/console/guest-domu.log /var/log/xen/console/guest-domu--incoming.log"
IMG=/tmp/mig-disk.img
IP=10.99.0.21
CHECK_NAME=dom0-migrate CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh

in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
counts() { cat $LOGS 2>/dev/null | sed -n 's/.*xenolite-domu: counter \([0-9]*\).*/\1/p'; }
last_count() { counts | tail -n 1; }
count_above() { c=$(last_count); [ -n "$c" ] && [ "$c" -gt "$1" ]; }
diagnose() {
    echo "dom0-migrate-check: diagnostics:"
    xl list; xl vcpu-list
    tail -n 15 $LOGS /var/log/xen/xenconsoled.log /var/log/xen/xenstored.log \
        /var/log/xen/xl-domu.log 2>/dev/null | sed 's/^/  | /'
    xl dmesg | tail -n 20
}

# Run a command in the guest (check-lib's guest_cmd): $gout, $grc.
gcmd() { guest_cmd domu "${2:-600}" "$1" $LOGS; }   # gcmd COMMAND [TENTHS]
oneline() { echo "$*" | tr '\n' '|'; }

xen_services || fail daemons "xencommons could not start the dom0 services"
dd if=/dev/urandom of=$IMG bs=1M count=8 2>/dev/null
h_img=$(sha256sum < $IMG | cut -d' ' -f1)
sed "s|^extra = .*|extra = \"console=hvc0 loglevel=4 xenolite.counter xenolite.shell xenolite.ip=$IP/24\"|" \
    $D/domu.cfg > $CFG
cat >> $CFG <<EOF
disk = [ 'format=raw,vdev=xvda,access=rw,target=$IMG' ]
vif = [ 'bridge=xenbr0' ]
EOF
# Transports in place of ssh: "SSHCOMMAND HOST xl migrate-receive".
printf '#!/bin/sh\nshift\nexec "$@"\n' > /tmp/to-here
printf '#!/bin/sh\nshift\nhead -c 8000000 | "$@"\n' > /tmp/to-broken
chmod +x /tmp/to-here /tmp/to-broken

# 1. The guest counts (in a log of its own: an earlier check's guest of
# the same name, e.g. dom0-save-check's in dom0-save-migrate.case, counted
# in the same file).
rm -f $LOGS
xl create "$CFG" || fail create "xl create failed"
if wait_for 2400 count_above 2 && wait_for 600 grep -q "xenolite-domu: shell ready" $LOGS; then
    pass counting
else fail counting "no 'counter 3' and 'shell ready' after 300 s"; fi
gcmd "dd if=/dev/xvda bs=1M count=8 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1; ping -c 2 -W 10 10.99.0.1 >/dev/null" 1200
if [ "$grc" = 0 ] && [ "$gout" = "$h_img" ]; then pass "devices (xvda read, ping)"
else fail devices "rc $grc: '$(oneline "$gout")', want $h_img"; fi

# 2. The receiver dies midway: xl migrate fails, the source counts on.
xl migrate -s /tmp/to-broken domu localhost 2>/tmp/err.txt; rc=$?
c=$(last_count)
if [ $rc != 0 ] && in_list domu && ! in_list domu--incoming &&
   wait_for 600 count_above $((c + 1)); then
    pass "broken-receiver ($(tail -n 1 /tmp/err.txt))"
else fail broken-receiver "rc $rc: $(cat /tmp/err.txt); $(xl list | tail -n +2)"; fi

# 3. Localhost migration: the counter goes on, in the new domain.
old=$(xl domid domu)
before=$(last_count)
if xl migrate -s /tmp/to-here domu localhost >/tmp/out.txt 2>/tmp/err.txt; then
    new=$(xl domid domu 2>/dev/null)
    if [ -n "$new" ] && [ "$new" != "$old" ] && ! in_list domu--incoming; then
        pass "migrate ($(cat /tmp/out.txt); domain $old -> $new)"
    else fail migrate "domu is domain '$new' (was $old): $(xl list | tail -n +2)"; fi
else
    fail migrate "rc $?: $(cat /tmp/err.txt)"
fi
sed 's/^/  | /' /tmp/err.txt
# A rebooted guest would print hello and start again at 1: the counts,
# source log then the new domain's, never go down.
if wait_for 1200 count_above $((before + 3)); then
    down=$(counts | awk 'NR > 1 && $1 < p { print p " -> " $1; exit } { p = $1 }')
    if [ -z "$down" ]; then pass "counter-continues ($before -> $(last_count))"
    else fail counter-continues "the counter went back: $down"; fi
else fail counter-continues "counter stuck at $(last_count) (was $before)"; fi
xl list

# 4. The devices on the target's back ends: 1 MiB written and synced, the
# disk read back past the page cache, pings both ways.
gcmd "dd if=/dev/urandom of=/dev/xvda bs=64k count=16 seek=32 conv=fsync 2>/dev/null && dd if=/dev/xvda bs=1M count=8 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1 && for i in \$(seq 30); do ping -c 1 -W 2 10.99.0.1 >/dev/null && break; done; ping -c 2 -W 10 10.99.0.1 >/dev/null" 1200
h_guest=$gout
if [ "$grc" = 0 ] && [ -n "$h_guest" ] && [ "$h_guest" != "$h_img" ] && ping -c 2 -W 10 $IP >/dev/null; then
    pass "devices-after-migrate (xvda written and read back, pings both ways)"
else fail devices-after-migrate "rc $grc: '$(oneline "$gout")'"; fi

xl destroy domu || fail destroy "xl destroy failed"
if wait_for 300 only_dom0 && [ "$(sha256sum < $IMG | cut -d' ' -f1)" = "$h_guest" ]; then
    pass "destroy (the image holds what the guest wrote)"
else fail destroy "$(xl list | tail -n +2); image $(sha256sum < $IMG | cut -d' ' -f1), guest read $h_guest"; fi
rm -f $IMG
check_done
