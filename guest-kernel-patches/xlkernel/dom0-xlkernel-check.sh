#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlkernel-check: xlkernel as a DomU of our xl, run in the tests/dom0
# initramfs by tests/boot/cases/dom0-xlkernel.case. `xl create`s the hello
# app (memory = 8): its line reaches the console log and on_poweroff=destroy
# removes it; the selftest app as a domU (store included) ends SUCCESS; an
# idle hello (on_exit=idle) answers `xl reboot` (on_reboot=restart: it comes
# back under a new domid) and `xl shutdown -w`; the blkcheck app hashes a
# disk served by Linux's blkback (phy) and by our qdisk (the hash equals
# dom0's sha256sum, its pattern lands in the image); 20 hello cycles leave no
# domain behind; free memory comes back.
# Prints PASS:/FAIL: dom0-xlkernel/NAME lines and
# "dom0-xlkernel-check: done, N failed".

D=/opt/xenolite/xlkernel
CON=/var/log/xen/console
CHECK_NAME=dom0-xlkernel
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
diagnose() {
    echo "dom0-xlkernel-check: diagnostics:"
    xl list
    tail -n 20 $CON/guest-xlk-*.log /var/log/xen/xl-xlk-*.log \
        /var/log/xen/xenstored.log /var/log/xen/xenconsoled.log \
        /var/log/xen/qdisk.log 2>/dev/null | sed 's/^/  | /'
    xl dmesg | tail -n 20
}
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
gone() { ! in_list "$1"; }
logged() { grep -q "$2" "$CON/guest-$1.log"; }
count() { grep -c "$2" "$CON/guest-$1.log" 2>/dev/null; }
free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }
cfg() {   # cfg NAME APP [EXTRA]: a config in /tmp/NAME.cfg
    cat > /tmp/$1.cfg <<EOF
name = "$1"
kernel = "$D/xlkernel-$2"
memory = 8
vcpus = 1
extra = "$3"
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "preserve"
EOF
}

# 1. The daemons (xencommons'; qdisk serves the blkcheck disk of step 5).
if xen_services; then pass daemons
else fail daemons "xencommons start failed (above)"; fi
free0=$(free_mib)

# 2. hello: prints its line, powers off, on_poweroff=destroy removes it.
cfg xlk-hello hello
if xl create /tmp/xlk-hello.cfg; then pass create
else fail create "xl create of xlkernel-hello failed"; fi
if wait_for 600 logged xlk-hello "xlkernel-hello: Hello, world!"; then
    pass hello-line
else fail hello-line "no hello line in $CON/guest-xlk-hello.log"; fi
grep "xlkernel: hello up in" $CON/guest-xlk-hello.log | head -n 1
if wait_for 600 gone xlk-hello; then pass hello-poweroff
else fail hello-poweroff "still listed after 60s"; fi

# 3. selftest as a domU: pages, timers, events, grants, the store.
cfg xlk-selftest selftest
xl create /tmp/xlk-selftest.cfg
if wait_for 900 logged xlk-selftest "Test result:" &&
   logged xlk-selftest "Test result: SUCCESS" &&
   logged xlk-selftest "selftest: store ok"; then pass selftest
else fail selftest "$(grep -E 'selftest|FAIL|Test result' $CON/guest-xlk-selftest.log | tail -n 3)"; fi
wait_for 600 gone xlk-selftest

# 4. An idle hello answers xl reboot (back under a new domid) and xl shutdown.
cfg xlk-idle hello on_exit=idle
xl create /tmp/xlk-idle.cfg
if wait_for 600 logged xlk-idle "exited 0; idle"; then pass idle
else fail idle "no idle line in $CON/guest-xlk-idle.log"; fi
old=$(xl domid xlk-idle)
xl reboot xlk-idle
if wait_for 900 eval '[ "$(count xlk-idle "exited 0; idle")" -ge 2 ]' &&
   new=$(xl domid xlk-idle) && [ "$new" != "$old" ] &&
   logged xlk-idle "control/shutdown = reboot"; then pass reboot
else fail reboot "no second boot under a new domid (was $old)"; fi
if xl shutdown -w xlk-idle && wait_for 300 gone xlk-idle &&
   logged xlk-idle "control/shutdown = poweroff"; then pass shutdown
else fail shutdown "xl shutdown -w did not end it"; fi

# 5. blkcheck on a 16 MiB random image, against Linux's blkback (phy, on a
#    loop device) and against our qdisk: the hash it prints is dom0's, and
#    its pattern (64 KiB at 1 MiB) is in the image once it is gone.
dd if=/dev/urandom of=/tmp/xlk-disk.img bs=1M count=16 2>/dev/null
h=$(sha256sum /tmp/xlk-disk.img | cut -d' ' -f1)
for bt in phy qdisk; do
    n=xlk-blk-$bt
    cp /tmp/xlk-disk.img /tmp/$n.img
    cfg $n blkcheck
    echo "disk = [ 'format=raw,vdev=xvda,access=rw,backendtype=$bt,target=/tmp/$n.img' ]" >> /tmp/$n.cfg
    xl create /tmp/$n.cfg || fail $n-create "xl create failed"
    wait_for 1800 logged $n "Test result:"
    grep "blkcheck:" $CON/guest-$n.log
    if logged $n "blkcheck: sha256 $h"; then pass "$n-hash ($h)"
    else fail $n-hash "dom0: $h; guest: $(grep 'sha256\|FAIL' $CON/guest-$n.log)"; fi
    if logged $n "Test result: SUCCESS"; then pass $n
    else fail $n "$(grep -E 'FAIL|PANIC|Test result' $CON/guest-$n.log)"; fi
    wait_for 600 gone $n
    if dd if=/tmp/$n.img bs=1024 skip=1024 count=1 2>/dev/null |
       grep -q xlkernel-blkcheck-pattern; then pass $n-pattern
    else fail $n-pattern "no pattern at 1 MiB in /tmp/$n.img"; fi
    rm -f /tmp/$n.img
done

# 6. Create/run/destroy cycles of hello (XLK_CYCLES, default 20): each
#    says hello and is gone; nothing is left over.
cycles=${XLK_CYCLES:-20}
t0=$(cut -d. -f1 /proc/uptime)
i=0; ok=0
while [ $i -lt $cycles ]; do
    i=$((i + 1))
    xl create -q /tmp/xlk-hello.cfg && wait_for 600 gone xlk-hello && ok=$((ok + 1))
done
t1=$(cut -d. -f1 /proc/uptime)
echo "dom0-xlkernel-check: $ok of $cycles hello cycles in $((t1 - t0)) s"
if [ $ok -eq $cycles ] && [ "$(count xlk-hello 'Hello, world!')" -ge $((cycles + 1)) ] &&
   only_dom0; then pass cycles
else fail cycles "$ok of $cycles cycles, $(count xlk-hello 'Hello, world!') hello lines"; fi

# 7. Free memory comes back (within 2 MiB).
if wait_for 300 eval '[ $(($(free_mib) + 2)) -ge $free0 ]'; then pass memory
else fail memory "free $(free_mib) MiB, was $free0 MiB"; fi

check_done
