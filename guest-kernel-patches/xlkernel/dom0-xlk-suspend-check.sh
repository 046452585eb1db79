#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlk-suspend-check: xlkernel's suspend and resume as a DomU of our xl,
# run in the tests/dom0 initramfs by tests/boot/long/dom0-xlk-suspend.case.
# The echo app (guest-kernel-patches/xlkernel/apps/echo.c) on Linux's
# netback publishes control/feature-suspend; with a TCP connection open
# through it, dom0-xlk-suspend (dom0-xlk-suspend.c) asks it to suspend,
# checks its P2M frame list and canonicalised start info while suspended
# (p2m-N), and resumes it: round 1 cancels the suspend as `xl save -c`
# does (get/setvcpucontext rax = 1, resumedomain: the guest says "resumed
# (cancelled)"), round 2 as Xen's xc_domain_resume does for guests without
# SUSPEND_CANCEL (--slow: rax 0, the start info's MFNs restored: the guest
# takes it for a new domain and sets everything up again, "resumed (new
# domain)"). Each time its vif reconnects, the open connection goes on
# (both lines echoed) and new ones work. Where xl has `save` (issue 22,
# the toolstack side) a third round saves and restores it (save-restore,
# restored: "resumed (new domain), domain <new id>", tcp-*-restore).
# Destroy leaves nothing. Prints PASS:/FAIL: dom0-xlk-suspend/NAME lines and
# "dom0-xlk-suspend-check: done, N failed".

D=/opt/xenolite/xlkernel
CON=/var/log/xen/console
CHECK_NAME=dom0-xlk-suspend
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
diagnose() {
    echo "dom0-xlk-suspend-check: diagnostics:"
    xl list
    tail -n 30 $CON/guest-xlk-susp.log 2>/dev/null | sed 's/^/  | /'
}
logged() { [ "$(grep -c "$2" "$CON/guest-$1.log")" -ge "${3:-1}" ]; }
gone() { ! xl list "$1" >/dev/null 2>&1; }
# The vif reconnected after the console line ending in $1.
reconnected_after() {
    sed -n "/$1\$/,\$p" $CON/guest-xlk-susp.log | grep -q "xlk-net: .*: reconnected"
}

# 1. Daemons, the bridge (as dom0-xlk-net-check).
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
wait_for 300 test -S /run/xenstored/socket
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
if wait_for 300 test -S /run/xenconsoled/socket &&
   ip addr show xenbr0 | grep -q 'inet 10.99.0.1/24'; then pass daemons
else fail daemons "no xenconsoled socket or no 10.99.0.1 on xenbr0"; fi

# 2. The echo app, its address on the command line.
IP=10.99.0.22
cat > /tmp/xlk-susp.cfg <<EOC
name = "xlk-susp"
kernel = "$D/xlkernel-echo"
memory = 8
vcpus = 1
extra = "ip=$IP/24"
vif = [ 'mac=00:16:3e:00:0c:03,bridge=xenbr0,backendtype=netback' ]
on_poweroff = "destroy"
on_crash = "preserve"
EOC
xl create /tmp/xlk-susp.cfg || fail create "xl create of xlkernel-echo failed"
id=$(xl domid xlk-susp)
if wait_for 1200 logged xlk-susp "echo: listening on $IP:7"; then pass create
else fail create "$(tail -n 3 $CON/guest-xlk-susp.log)"; fi
check feature-suspend "$(xs -s read /local/domain/$id/control/feature-suspend)" 1

# 3. Suspend, resumed both ways, a connection open across it.
for round in 1 2; do
    if [ $round = 1 ]; then how=; said=cancelled; else how=--slow; said="new domain"; fi
    { echo "before $round"; sleep 15; echo "after $round"; } |
        timeout 240 nc $IP 7 > /tmp/xlk-susp.out &
    nc_pid=$!
    wait_for 300 grep -q "before $round" /tmp/xlk-susp.out
    if dom0-xlk-suspend $how $id 120 > /tmp/xlk-susp.tool 2>&1; then
        pass suspend-$round
    else fail suspend-$round "dom0-xlk-suspend $id: $(tail -n 2 /tmp/xlk-susp.tool)"; fi
    cat /tmp/xlk-susp.tool
    if grep -q "P2M ok" /tmp/xlk-susp.tool; then pass p2m-$round
    else fail p2m-$round "$(grep -v 'P2M ok' /tmp/xlk-susp.tool | tail -n 1)"; fi
    if wait_for 600 logged xlk-susp "resumed ($said)" &&
       wait_for 600 logged xlk-susp "xlk-net: .*: reconnected" $round; then
        pass resumed-$round
    else fail resumed-$round "$(tail -n 4 $CON/guest-xlk-susp.log | tr '\n' ' ')"; fi
    wait $nc_pid
    check tcp-across-$round "$(cat /tmp/xlk-susp.out | tr '\n' ' ')" \
          "before $round after $round "
    got=$(echo "new $round $$" | timeout 60 nc $IP 7)
    check tcp-new-$round "$got" "new $round $$"
done

# 4. Where xl has save/restore (issue 22): saved, restored into a new
# domain (new domid, MFNs, ports, backend), a connection open across it.
if xl save 2>&1 | grep -q "not implemented"; then
    echo "dom0-xlk-suspend-check: xl save not implemented here, no restore round"
else
    { echo "before save"; sleep 20; echo "after save"; } |
        timeout 300 nc $IP 7 > /tmp/xlk-susp.out &
    nc_pid=$!
    wait_for 300 grep -q "before save" /tmp/xlk-susp.out
    if xl save xlk-susp /tmp/xlk-susp.save && wait_for 300 gone xlk-susp &&
       xl restore /tmp/xlk-susp.save; then pass save-restore
    else fail save-restore "xl save/restore of xlk-susp failed"; fi
    id2=$(xl domid xlk-susp)
    if wait_for 600 logged xlk-susp "resumed (new domain), domain $id2" &&
       wait_for 600 reconnected_after "domain $id2"; then
        pass restored
    else fail restored "$(tail -n 4 $CON/guest-xlk-susp.log | tr '\n' ' ')"; fi
    wait $nc_pid
    check tcp-across-restore "$(cat /tmp/xlk-susp.out | tr '\n' ' ')" \
          "before save after save "
    got=$(echo "new restore $$" | timeout 60 nc $IP 7)
    check tcp-new-restore "$got" "new restore $$"
fi
grep -E "xlkernel: (suspending|resumed)|xlk-net: .*reconnect" $CON/guest-xlk-susp.log

# 5. Destroy: nothing left behind.
xl destroy xlk-susp
if wait_for 300 only_dom0; then pass destroy
else fail destroy "domains: $(xl list | awk 'NR > 2' | tr '\n' ' ')"; fi

check_done
