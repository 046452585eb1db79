#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlk-net-check [netback|qnic]...: xlkernel's network appliances as
# DomUs of our xl, run in the tests/dom0 initramfs by
# tests/boot/cases/dom0-xlk-net.case (and `make xlkernel-soak`), once per
# back end given (default netback: Linux's xen-netback; qnic: our daemon of
# drivers/backend/net). dom0 is 10.99.0.1 on xenbr0 (tests/dom0/net.sh).
# `xl create`s the http app (memory = 8, its address from vif=['ip=...']):
# dom0 pings it, wgets / (the page names the domain and its id) and a
# missing page (404); the echo app (address from extra="ip=...") sends back
# a short line and 1 MiB of random bytes with the same sha256; destroy
# leaves no domain, bridge port or backend node; XLK_NET_CYCLES (default 3)
# create/wget/destroy cycles of http (create-to-answer time printed); free
# memory comes back. Prints PASS:/FAIL: dom0-xlk-net/<backend>/NAME lines,
# "dom0-xlk-net-check: <backend>: N failed" after each back end and
# "dom0-xlk-net-check: done, N failed" at the end.

if [ -z "$XLK_NET_BE" ]; then
    total=0
    for be in ${*:-netback}; do
        XLK_NET_BE=$be sh "$0"
        total=$((total + $?))
    done
    echo "dom0-xlk-net-check: done, $total failed"
    [ $total -eq 0 ]
    exit
fi
BT=$XLK_NET_BE
D=/opt/xenolite/xlkernel
CON=/var/log/xen/console
CHECK_NAME=dom0-xlk-net/$BT
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
diagnose() {
    echo "dom0-xlk-net-check: diagnostics:"
    xl list
    xs -s ls /local/domain/0/backend/$KIND 2>&1 | head -n 30
    ls /sys/class/net/xenbr0/brif 2>&1
    tail -n 20 $CON/guest-xlk-*.log /var/log/xen/xenstored.log 2>/dev/null | sed 's/^/  | /'
    dmesg | grep -i -E 'vif|xen|bridge' | tail -n 10
}
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
gone() { ! in_list "$1"; }
logged() { grep -q "$2" "$CON/guest-$1.log"; }
free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }
tenths() { _uptime_tenths; echo $_now; }
ports() { ls /sys/class/net/xenbr0/brif 2>/dev/null | grep -c '^vif'; }
# Backend nodes of this run's kind (xl's: vif for netback, qnic for qnic).
KIND=vif; [ "$BT" = netback ] || KIND=$BT
vif_nodes() { xs -s ls /local/domain/0/backend/$KIND 2>/dev/null | grep -c .; }
cfg() {   # cfg NAME APP VIF-SPEC [EXTRA]: a config in /tmp/NAME.cfg
    cat > /tmp/$1.cfg <<EOC
name = "$1"
kernel = "$D/xlkernel-$2"
memory = 8
vcpus = 1
extra = "$4"
vif = [ '$3' ]
on_poweroff = "destroy"
on_crash = "preserve"
EOC
}

# 1. Daemons and the bridge (xencommons'; qnic serves backendtype=qnic).
if xen_services; then pass daemons
else fail daemons "xencommons start failed (above)"; fi
free0=$(free_mib)
ports0=$(ports)

# 2. http, its address in the store (xl writes vif ip= to the back end).
IP_H=10.99.0.20
cfg xlk-http http "mac=00:16:3e:00:0c:01,bridge=xenbr0,backendtype=$BT,ip=$IP_H" "$XLK_NET_EXTRA"
t0=$(tenths)
if xl create /tmp/xlk-http.cfg; then pass create
else fail create "xl create of xlkernel-http failed"; fi
idh=$(xl domid xlk-http)
if wait_for 1200 logged xlk-http "http: serving"; then pass http-up
else fail http-up "$(grep -E 'xlk-net|http|PANIC' $CON/guest-xlk-http.log | tail -n 3)"; fi
grep -E "xlkernel: http up|xlk-net:|http: serving" $CON/guest-xlk-http.log
if wait_for 600 ping -c 1 -W 2 $IP_H >/dev/null; then pass ping
else fail ping "no answer from $IP_H"; fi
if wait_for 300 timeout 20 wget -q -O /tmp/xlk-page.html http://$IP_H/; then
    echo "dom0-xlk-net-check: first answer $(( ($(tenths) - t0) * 100 )) ms after xl create"
    pass wget
else fail wget "wget http://$IP_H/ failed"; fi
if grep -q "domain xlk-http (domid $idh) at $IP_H" /tmp/xlk-page.html; then
    pass page
else fail page "got: $(head -c 300 /tmp/xlk-page.html | tr '\n' ' ')"; fi
if timeout 20 wget -q -O /tmp/xlk-404.html http://$IP_H/missing 2>/tmp/xlk-404.err; then
    fail not-found "/missing answered"
elif grep -q 404 /tmp/xlk-404.err; then pass not-found
else fail not-found "$(cat /tmp/xlk-404.err)"; fi

# 3. echo, its address on the command line.
IP_E=10.99.0.21
cfg xlk-echo echo "mac=00:16:3e:00:0c:02,bridge=xenbr0,backendtype=$BT" "ip=$IP_E/24"
xl create /tmp/xlk-echo.cfg || fail echo-create "xl create of xlkernel-echo failed"
wait_for 1200 logged xlk-echo "echo: listening on $IP_E:7"
line="xlk echo $$ $(date +%s)"
got=$(echo "$line" | timeout 60 nc $IP_E 7)
check echo-line "$got" "$line"
dd if=/dev/urandom of=/tmp/xlk-echo.bin bs=64k count=16 2>/dev/null
h=$(sha256sum < /tmp/xlk-echo.bin | cut -d' ' -f1)
t1=$(tenths)
timeout 300 nc $IP_E 7 < /tmp/xlk-echo.bin > /tmp/xlk-echo.out
t2=$(tenths)
check echo-1MiB "$(sha256sum < /tmp/xlk-echo.out | cut -d' ' -f1)" "$h"
echo "dom0-xlk-net-check: 1 MiB echoed in $(( (t2 - t1) * 100 )) ms"

# 4. Destroy: nothing left behind.
xl destroy xlk-http; xl destroy xlk-echo
if wait_for 300 only_dom0 && wait_eq 300 "$ports0" ports &&
   wait_eq 300 0 vif_nodes; then pass destroy
else fail destroy "domains: $(xl list | awk 'NR > 2' | tr '\n' ' '); ports $(ports) (was $ports0); vif nodes $(vif_nodes)"; fi

# 5. Cycles: create, first answer, destroy. The first cycle that fails
#    prints the back end's side at once (the later FAIL line comes when
#    the store may have moved on).
cycle_diag() {
    [ -z "$cycle_failed" ] || return 0
    cycle_failed=1
    echo "dom0-xlk-net-check: cycle $i failed at $1; backend/$KIND, xen-backend devices, xenwatch, dmesg:"
    xs -s ls /local/domain/0/backend/$KIND 2>&1 | head -n 40 | sed 's/^/  | /'
    ls /sys/bus/xen-backend/devices 2>&1 | tr '\n' ' ' | sed 's/^/  | /'; echo
    for c in $(grep -lx xenwatch /proc/[0-9]*/comm 2>/dev/null); do
        sed 's/^/  | xenwatch /' ${c%comm}stack 2>/dev/null
    done
    dmesg | tail -n 15 | sed 's/^/  | /'
}
cycles=${XLK_NET_CYCLES:-3}
i=0; ok=0; tsum=0
while [ $i -lt $cycles ]; do
    i=$((i + 1))
    t0=$(tenths)
    if ! xl create -q /tmp/xlk-http.cfg; then cycle_diag create
    elif ! wait_for 1200 timeout 10 wget -q -O /tmp/xlk-page.html http://$IP_H/ ||
         ! grep -q "domain xlk-http" /tmp/xlk-page.html; then
        cycle_diag wget; xl destroy xlk-http
    else
        t=$(( $(tenths) - t0 ))
        if xl destroy xlk-http && wait_for 300 gone xlk-http; then
            ok=$((ok + 1)); tsum=$((tsum + t))
        else cycle_diag destroy; fi
    fi
    [ $((i % 20)) -ne 0 ] || echo "dom0-xlk-net-check: cycle $i, $ok ok, free $(free_mib) MiB"
done
[ $ok -eq 0 ] || echo "dom0-xlk-net-check: $ok of $cycles cycles, create-to-answer mean $((tsum * 100 / ok)) ms"
if [ $ok -eq $cycles ] && only_dom0 && wait_eq 300 "$ports0" ports &&
   wait_eq 300 0 vif_nodes; then pass cycles
else fail cycles "$ok of $cycles; ports $(ports) (was $ports0); vif nodes $(vif_nodes)"; fi

# 6. Free memory comes back (within 2 MiB).
if wait_for 300 eval '[ $(($(free_mib) + 2)) -ge $free0 ]'; then pass memory
else fail memory "free $(free_mib) MiB, was $free0 MiB"; fi

check_done
