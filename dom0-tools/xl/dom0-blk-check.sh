#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-blk-check: the dom0 end-to-end test of PV disks with Linux's
# xen-blkback (backendtype=phy), run in the tests/dom0 initramfs by
# tests/boot/cases/dom0-blk.case. Makes a 64 MiB image of random bytes,
# `xl create`s the tests/domu guest with it as xvda (read-write) and a
# second image as xvdb (read-only), then drives the guest's command loop
# (tests/domu/init, xenolite.shell) through its console: the guest's
# sha256sum of /dev/xvda equals dom0's, xvdb refuses writes, a pattern the
# guest writes is in the image after `xl destroy`; xl block-list,
# block-attach and block-detach while it runs (refused while the guest
# does not answer, -f forces); a qdisk disk with no qdisk back end fails
# the create cleanly; no loop device or store node is left. Prints
# PASS:/FAIL: dom0-blk/NAME lines and "dom0-blk-check: done, N failed".

D=/opt/xenolite/domu
LOG=/var/log/xen/console/guest-blk.log
CFG=/tmp/blk.cfg
PATTERN=xenolite-blk-pattern-4096
nfail=0

pass() { echo "PASS: dom0-blk/$1"; }
fail() {
    [ $nfail -eq 0 ] && diagnose
    echo "FAIL: dom0-blk/$1: $2"
    nfail=$((nfail + 1))
}
wait_for() {   # wait_for TENTHS COMMAND...: retry until it succeeds
    end=$(($(cut -d. -f1 /proc/uptime) + $1 / 10))
    shift
    while ! "$@" 2>/dev/null; do
        [ "$(cut -d. -f1 /proc/uptime)" -lt $end ] || return 1
        sleep 0.2
    done
}
diagnose() {
    echo "dom0-blk-check: diagnostics:"
    xl list; losetup -a
    xs -s ls /local/domain/0/backend 2>&1 | head -n 60
    ls /sys/bus/xen-backend/devices 2>&1
    tail -n 30 "$LOG" /var/log/xen/xl-blk.log 2>/dev/null | sed 's/^/  | /'
    dmesg | grep -i -E 'blk|loop|xen' | tail -n 15
}
loops() { losetup -a 2>/dev/null | wc -l; }
only_dom0() { [ "$(xl list | awk 'NR > 1 && $1 != "Domain-0"')" = "" ]; }
listed() { xl block-list blk | awk -v d="$1" '$1 == d { f = 1 } END { exit !f }'; }
connected() { xl block-list blk | awk -v d="$1" '$1 == d && $4 == 4 { f = 1 } END { exit !f }'; }

# Run a command in the guest: "TAG COMMAND" on its console; the answer is
# the "[TAG] out:" lines (into $gout) and "[TAG] rc N" (into $grc).
tag=0
gcmd() {
    tag=$((tag + 1))
    echo "$tag $1" | timeout 5 xl console blk >/dev/null 2>&1
    if ! wait_for "${2:-600}" grep -q "xenolite-domu: \[$tag\] rc" "$LOG"; then
        gout="(no answer)"; grc=none
        return 1
    fi
    gout=$(sed -n "s/^.*xenolite-domu: \[$tag\] out: //p" "$LOG" | tr -d '\r')
    grc=$(sed -n "s/^.*xenolite-domu: \[$tag\] rc \([0-9]*\).*/\1/p" "$LOG" | head -n1)
}

# 1. Daemons and images.
# xenconsoled needs the store: start it once xenstored listens.
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
wait_for 300 test -S /run/xenstored/socket
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
if wait_for 300 test -S /run/xenstored/socket &&
   wait_for 300 test -S /run/xenconsoled/socket; then pass daemons
else fail daemons "no xenstored/xenconsoled socket after 30s"; fi
dd if=/dev/urandom of=/tmp/disk.img bs=1M count=64 2>/dev/null
dd if=/dev/urandom of=/tmp/ro.img bs=1M count=8 2>/dev/null
dd if=/dev/urandom of=/tmp/hot.img bs=1M count=16 2>/dev/null
h_disk=$(sha256sum /tmp/disk.img | cut -d' ' -f1)
h_ro=$(sha256sum /tmp/ro.img | cut -d' ' -f1)
h_hot=$(sha256sum /tmp/hot.img | cut -d' ' -f1)
loops0=$(loops)
cat > $CFG <<EOF
name = "blk"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell"
on_poweroff = "destroy"
disk = [ 'format=raw,vdev=xvda,access=rw,backendtype=phy,target=/tmp/disk.img',
         'format=raw,vdev=xvdb,access=ro,target=/tmp/ro.img' ]
EOF

# 2. Create: both back ends up before the guest runs, a loop device each.
if xl create -v $CFG; then pass create; else fail create "xl create failed"; fi
if [ "$(loops)" -eq $((loops0 + 2)) ]; then pass loop-devices
else fail loop-devices "$(losetup -a | tr '\n' '|')"; fi
if wait_for 1200 grep -q "xenolite-domu: shell ready" "$LOG"; then pass guest-up
else fail guest-up "no 'shell ready' in $LOG after 120s"; fi
xl block-list blk
if wait_for 300 connected 51712 && connected 51728; then pass block-list
else fail block-list "$(xl block-list blk | tr '\n' '|')"; fi

# 3. The guest reads exactly the image's bytes.
gcmd "sha256sum /dev/xvda" 1800
case "$gout" in
"$h_disk "*) pass "hash (xvda = $h_disk)" ;;
*) fail hash "guest: '$gout' rc $grc, dom0: $h_disk" ;;
esac
gcmd "sha256sum /dev/xvdb"
case "$gout" in
"$h_ro "*) pass hash-ro ;;
*) fail hash-ro "guest: '$gout' rc $grc, dom0: $h_ro" ;;
esac

# 4. The read-only disk refuses writes (and says it is read-only).
gcmd "blockdev --getro /dev/xvdb && dd if=/dev/zero of=/dev/xvdb bs=4096 count=1 conv=fsync"
if [ "$grc" != 0 ] && [ "$grc" != none ] && [ "$(echo "$gout" | head -n1)" = 1 ] &&
   [ "$(sha256sum /tmp/ro.img | cut -d' ' -f1)" = "$h_ro" ]; then
    pass read-only
else
    fail read-only "rc $grc: $(echo "$gout" | tr '\n' '|')"
fi

# 5. The guest writes a pattern at sector 4096.
gcmd "printf $PATTERN | dd of=/dev/xvda bs=512 seek=4096 conv=notrunc,fsync"
if [ "$grc" = 0 ]; then pass guest-write; else fail guest-write "rc $grc: $gout"; fi

# 6. block-attach while it runs: the guest sees the new disk's bytes.
if xl block-attach blk 'format=raw,vdev=xvdc,access=rw,target=/tmp/hot.img' &&
   listed 51744; then
    pass block-attach
else
    fail block-attach "$(xl block-list blk | tr '\n' '|')"
fi
gcmd "for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/xvdc ] && break; sleep 1; done; sha256sum /dev/xvdc"
case "$gout" in
"$h_hot "*) pass hash-attached ;;
*) fail hash-attached "guest: '$gout' rc $grc, dom0: $h_hot" ;;
esac

# 7. block-detach: refused while the guest cannot answer (paused), the
# disk still listed; then detached for real and gone in the guest too.
xl pause blk
if xl block-detach blk xvdc 2>/tmp/detach.err; then
    fail detach-refused "succeeded while the guest was paused"
elif grep -q "did not close" /tmp/detach.err && listed 51744; then
    pass "detach-refused ($(cat /tmp/detach.err))"
else
    fail detach-refused "$(cat /tmp/detach.err) / $(xl block-list blk | tr '\n' '|')"
fi
xl unpause blk
if xl block-detach blk xvdc && ! listed 51744 && [ "$(loops)" -eq $((loops0 + 2)) ]
then pass block-detach
else fail block-detach "$(xl block-list blk | tr '\n' '|') $(losetup -a | tr '\n' '|')"; fi
gcmd "for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /dev/xvdc ] || break; sleep 1; done; ls /dev/xvdc 2>&1"
case "$gout" in
*"No such file"*) pass detach-guest ;;
*) fail detach-guest "$gout" ;;
esac

# 8. block-detach -f on a paused guest removes it at once.
xl block-attach blk 'format=raw,vdev=xvdd,access=ro,target=/tmp/hot.img'
xl pause blk
if xl block-detach -f blk 51760 && ! listed 51760 &&
   [ "$(loops)" -eq $((loops0 + 2)) ]; then
    pass detach-force
else
    fail detach-force "$(xl block-list blk | tr '\n' '|') $(losetup -a | tr '\n' '|')"
fi
xl unpause blk

# 9. Destroy: every loop device and store node gone, the pattern on disk.
id=$(xl domid blk)
if xl destroy blk && only_dom0; then pass destroy; else fail destroy "$(xl list)"; fi
left=$( (xs -s ls /local/domain/0/backend/vbd/$id; xs -s ls /local/domain/$id) 2>/dev/null)
devs=$(ls /sys/bus/xen-backend/devices 2>/dev/null)
if [ "$(loops)" -eq "$loops0" ] && [ -z "$left$devs" ]; then pass destroy-clean
else fail destroy-clean "loops: $(losetup -a | tr '\n' '|') store: $left sysfs: $devs"; fi
got=$(dd if=/tmp/disk.img bs=512 skip=4096 count=1 2>/dev/null | head -c ${#PATTERN})
if [ "$got" = "$PATTERN" ]; then pass pattern-on-disk
else fail pattern-on-disk "sector 4096 holds '$got'"; fi

# 10. A qdisk disk with no qdisk back end running: the create fails after
# its deadline, names the disk and what to check, and leaves nothing.
if xl create -q -p $D/hello.cfg \
       "disk=['format=raw,vdev=xvda,backendtype=qdisk,target=/tmp/ro.img']" \
       2>/tmp/qdisk.err; then
    fail qdisk-no-backend "created"
elif grep -q "disk xvda of domain .* qdisk back end" /tmp/qdisk.err && only_dom0 &&
     [ -z "$(xs -s ls /local/domain/0/backend/qdisk 2>/dev/null)" ]; then
    pass "qdisk-no-backend ($(cat /tmp/qdisk.err))"
else
    fail qdisk-no-backend "$(cat /tmp/qdisk.err) / $(xl list | tail -n +2)"
fi

# 11. Create/destroy cycles with disks leave no loop device behind.
i=0
while [ $i -lt 3 ]; do
    xl create -q -p $CFG && xl destroy blk || break
    i=$((i + 1))
done
if [ $i -eq 3 ] && [ "$(loops)" -eq "$loops0" ] && only_dom0 &&
   [ -z "$(ls /sys/bus/xen-backend/devices 2>/dev/null)" ]; then
    pass "cycles (3 create+destroy, loop devices $(loops))"
else
    fail cycles "$i done, $(losetup -a | tr '\n' '|')"
fi

echo "dom0-blk-check: done, $nfail failed"
[ $nfail -eq 0 ]
