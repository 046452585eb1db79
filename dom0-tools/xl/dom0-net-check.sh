#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-net-check [--quick] [netback|qnic]...: the dom0 end-to-end test of PV
# NICs, run in the tests/dom0 initramfs by tests/boot/long/dom0-net.case
# (and, with --quick, tests/boot/cases/dom0-net-quick.case), once per back
# end given (default netback; backendtype= of every vif; netback is Linux's
# xen-netback, qnic our daemon of drivers/backend/net, one of xencommons'
# services, which this starts under xenolite.nodaemons). dom0 is 10.99.0.1
# on xenbr0 (tests/dom0/net.sh). `xl create`s the tests/domu guest "neta"
# (10.99.0.10) and drives its command loop (tests/domu/init,
# xenolite.shell) through its console: ping both ways, 64 MiB over TCP
# each way (busybox nc) with matching sha256; offloads on (ethtool -k,
# frames from the guest bigger than the MTU: GSO) and off
# (ethtool -K, no frame above the MTU, data intact); network-attach of a
# second NIC with MTU 9000 on a bridge xl creates (xenbr1), big pings
# unfragmented, network-detach while TCP runs both ways over that NIC; a
# second guest "netb" (10.99.0.11) with 4 NICs of generated MACs pings neta
# through xenbr0; destroy leaves no domain (no grant still mapped), vif,
# tap, bridge port, store node or qnic file descriptor; without the qnic
# daemon a qnic vif fails the create cleanly. --quick: neta alone with
# vif=['bridge=xenbr0'] (the default back end), pings, 8 MiB each way,
# destroy. Prints PASS:/FAIL: dom0-net/<backend>/NAME lines,
# "dom0-net-check: <backend>: N failed" after each run and "dom0-net-check:
# done, N failed" at the end.

# One run per back end, each in its own shell.
if [ -z "$DOM0_NET_BE" ]; then
    total=0
    if [ "$1" = --quick ]; then export DOM0_NET_QUICK=1; shift; fi
    for be in ${*:-netback}; do
        DOM0_NET_BE=$be sh "$0"
        total=$((total + $?))
    done
    echo "dom0-net-check: done, $total failed"
    [ $total -eq 0 ]
    exit
fi
BT=$DOM0_NET_BE
QUICK=${DOM0_NET_QUICK:-0}
MIB=64
[ $QUICK = 1 ] && MIB=8
D=/opt/xenolite/domu
LOGDIR=/var/log/xen/console
CHECK_NAME=dom0-net/$BT
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
now() { cut -d. -f1 /proc/uptime; }
diagnose() {
    echo "dom0-net-check: diagnostics:"
    xl list
    for g in neta netb; do xl network-list $g 2>/dev/null; done
    xs -s ls /local/domain/0/backend 2>&1 | head -n 60
    ls /sys/bus/xen-backend/devices /sys/class/net 2>&1
    ls /sys/class/net/xenbr*/brif 2>&1
    for f in $LOGDIR/guest-neta.log $LOGDIR/guest-netb.log; do
        [ -f $f ] && tail -n 20 $f | sed "s|^|  $f: |"
    done
    dmesg | grep -i -E 'vif|net|xen|bridge' | tail -n 15
}
# Rows of xl network-list GUEST [whose state is S].
rows() { xl network-list "$1" | awk -v s="$2" 'NR > 1 && (s == "" || $5 == s)' | wc -l; }
# Counters of a dom0 netdev: what it sent (to its guest), received (from it).
nstat() { cat /sys/class/net/$1/statistics/$2 2>/dev/null || echo 0; }
txp() { nstat $1 tx_packets; }
# Open files of the qnic daemon (its taps among them), 0 without it.
qnic_fds() { p=$(pidof qnic) && ls /proc/$p/fd | wc -l || echo 0; }

# Run a command in a guest (check-lib's guest_cmd): $gout, $grc.
gcmd() { guest_cmd "$1" "${3:-600}" "$2" "$LOGDIR/guest-$1.log"; }   # gcmd GUEST COMMAND [TENTHS]
# Also empties the guest's console log: xencommons' xenconsoled appends,
# and the run of the previous back end left its "[TAG] rc" lines (TAG
# counts from 1 again in this shell) and "shell ready" there.
guest_cfg() {   # guest_cfg NAME MEMORY IP VIF-SPECS...
    name=$1 mem=$2 ip=$3
    shift 3
    : > "$LOGDIR/guest-$name.log"
    vifs=
    for s in "$@"; do vifs="$vifs${vifs:+, }'$s'"; done
    cat > /tmp/$name.cfg <<EOF
name = "$name"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.gz"
memory = $mem
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell xenolite.ip=$ip/24"
on_poweroff = "destroy"
vif = [ $vifs ]
EOF
}

# 1. Daemons, the bridge, the back end (xencommons', qnic among them).
if xen_services; then pass daemons
else fail daemons "xencommons start failed (above)"; fi
fds0=$(qnic_fds)
if [ -e /sys/class/net/xenbr0/bridge ] &&
   ip addr show xenbr0 | grep -q 'inet 10.99.0.1/24'; then pass bridge
else fail bridge "$(ip addr show xenbr0 2>&1 | tr '\n' '|')"; fi

# 2. Guest neta with one NIC of a given MAC (quick: of the defaults).
MAC_A=00:16:3e:00:0a:01
if [ $QUICK = 1 ]; then
    guest_cfg neta 256 10.99.0.10 "bridge=xenbr0"
else
    guest_cfg neta 256 10.99.0.10 "mac=$MAC_A,bridge=xenbr0,backendtype=$BT"
fi
if xl create -v /tmp/neta.cfg; then pass create; else fail create "xl create failed"; fi
ida=$(xl domid neta)
if [ -e /sys/class/net/xenbr0/brif/vif$ida.0 ]; then pass bridge-port
else fail bridge-port "no vif$ida.0 in xenbr0: $(ls /sys/class/net/xenbr0/brif | tr '\n' ' ')"; fi
# A loaded host's TCG takes minutes to boot the guest's kernel.
if wait_for 4200 grep -q "xenolite-domu: shell ready" $LOGDIR/guest-neta.log; then
    pass guest-up
else
    fail guest-up "no 'shell ready' in guest-neta.log after 420s"
fi
xl network-list neta
[ $QUICK = 1 ] && MAC_A=$(xl network-list neta | awk 'NR == 2 { print $3 }')
if wait_eq 300 1 rows neta 4 &&
   xl network-list neta | grep -q "^0 .*$MAC_A .*/local/domain/0/backend/"; then
    pass network-list
else
    fail network-list "$(xl network-list neta | tr '\n' '|')"
fi
gcmd neta "cat /sys/class/net/eth0/address"
if [ "$gout" = "$MAC_A" ]; then pass guest-mac; else fail guest-mac "eth0 has '$gout'"; fi

# 3. Ping both ways.
gcmd neta "ping -c 3 -W 5 10.99.0.1"
if [ "$grc" = 0 ]; then pass ping-guest-to-dom0
else fail ping-guest-to-dom0 "rc $grc: $(echo "$gout" | tr '\n' '|')"; fi
if ping -c 3 -W 5 10.99.0.10 >/tmp/ping.out 2>&1; then pass ping-dom0-to-guest
else fail ping-dom0-to-guest "$(tr '\n' '|' < /tmp/ping.out)"; fi

# guest_to_dom0 GUEST FILE PORT SHA: the guest's FILE over TCP to dom0;
# true if dom0 got bytes of that sha256; seconds taken in $secs.
guest_to_dom0() {
    rm -f /tmp/back.bin
    nc -l -p $3 -e sh -c 'cat > /tmp/back.bin' </dev/null >/dev/null 2>&1 &
    lpid=$!
    sleep 1
    t0=$(now)
    gcmd "$1" "nc 10.99.0.1 $3 < $2" 9000
    wait_for 600 sh -c "! kill -0 $lpid"
    secs=$(($(now) - t0))
    kill $lpid 2>/dev/null
    [ "$(sha256sum /tmp/back.bin 2>/dev/null | cut -d' ' -f1)" = "$4" ]
}

# 4. $MIB MiB over TCP each way, the same bytes at the other end.
dd if=/dev/urandom of=/tmp/net.bin bs=1M count=$MIB 2>/dev/null
h=$(sha256sum /tmp/net.bin | cut -d' ' -f1)
gcmd neta "(nc -l -p 5001 -e sh -c 'cat > /tmp/in.bin' </dev/null >/dev/null 2>&1 &); sleep 1"
t0=$(now)
i=0
until timeout 900 nc 10.99.0.10 5001 < /tmp/net.bin; do
    i=$((i + 1)); [ $i -lt 5 ] || break; sleep 2
done
t1=$(now)
gcmd neta "sha256sum /tmp/in.bin" 1800
case "$gout" in
"$h "*) pass "tcp-dom0-to-guest ($MIB MiB in $((t1 - t0)) s)" ;;
*) fail tcp-dom0-to-guest "guest: '$gout' rc $grc, dom0: $h" ;;
esac
if guest_to_dom0 neta /tmp/in.bin 5002 "$h"; then
    pass "tcp-guest-to-dom0 ($MIB MiB in $secs s)"
else
    fail tcp-guest-to-dom0 "rc $grc $gout; got $(ls -l /tmp/back.bin 2>&1)"
fi
gcmd neta "rm -f /tmp/in.bin"
rm -f /tmp/net.bin /tmp/back.bin

# 4b. Offloads (not in --quick): on by default, so TCP from the guest
# crosses the vif as GSO frames bigger than the MTU; `ethtool -K` off, no
# frame is bigger than the MTU and the data still arrives intact; on again.
# avg_from_guest GUEST-FILE PORT: mean bytes per frame dom0 got meanwhile.
avg_from_guest() {
    b0=$(nstat vif$ida.0 rx_bytes) p0=$(nstat vif$ida.0 rx_packets)
    guest_to_dom0 neta $1 $2 "$gh" || return 1
    b1=$(nstat vif$ida.0 rx_bytes) p1=$(nstat vif$ida.0 rx_packets)
    avg=$(((b1 - b0) / (p1 - p0 + 1)))
}
if [ $QUICK = 0 ]; then
    gcmd neta "dd if=/dev/urandom of=/tmp/o.bin bs=1M count=16 2>/dev/null; sha256sum /tmp/o.bin"
    gh=${gout%% *}
    gcmd neta "ethtool -k eth0 | grep -E '^(scatter-gather|tcp-segmentation-offload|tx-checksumming):'"
    k=$(echo "$gout" | grep -c ': on')
    avg=none
    if [ "$k" = 3 ] && avg_from_guest /tmp/o.bin 5005 && [ $avg -gt 2000 ]; then
        pass "offload-on (sg, tso, csum on; $avg bytes per frame)"
    else
        fail offload-on "ethtool: $(echo "$gout" | tr '\n' '|'), $avg bytes per frame, rc $grc"
    fi
    # netfront's IPv4 checksum offload is fixed on (ethtool: "on
    # [requested off]"); without sg there is no TSO or GSO either.
    gcmd neta "ethtool -K eth0 sg off tso off tx off >/dev/null 2>&1; ethtool -k eth0 | grep -E '^(scatter-gather|tcp-segmentation-offload|generic-segmentation-offload):'"
    k=$(echo "$gout" | grep -c ': off')
    avg=none
    if [ "$k" = 3 ] && avg_from_guest /tmp/o.bin 5006 && [ $avg -le 1514 ]; then
        pass "offload-off ($avg bytes per frame, data intact)"
    else
        fail offload-off "ethtool: $(echo "$gout" | tr '\n' '|'), $avg bytes per frame, rc $grc"
    fi
    gcmd neta "ethtool -K eth0 sg on tso on tx on >/dev/null 2>&1; rm -f /tmp/o.bin"
    if [ "$grc" = 0 ] && ping -c 2 -W 5 10.99.0.10 >/dev/null 2>&1; then
        pass offload-on-again
    else
        fail offload-on-again "rc $grc: $gout"
    fi
fi

if [ $QUICK = 0 ]; then
# 5. network-attach: a NIC with MTU 9000 on xenbr1, which xl creates.
MAC_A2=00:16:3e:00:0a:02
if xl network-attach neta bridge=xenbr1 mtu=9000 backendtype=$BT mac=$MAC_A2 &&
   [ "$(rows neta)" = 2 ] && [ -e /sys/class/net/xenbr1/bridge ]; then
    pass network-attach
else
    fail network-attach "$(xl network-list neta | tr '\n' '|')"
fi
ip addr add 10.99.1.1/24 dev xenbr1
gcmd neta "for i in \$(seq 50); do [ -e /sys/class/net/eth1 ] && break; sleep 0.2; done; ip link set eth1 mtu 9000 && ip addr add 10.99.1.10/24 dev eth1 && ip link set eth1 up && cat /sys/class/net/eth1/mtu /sys/class/net/eth1/address"
dev=vif$ida.1
if [ "$grc" = 0 ] && [ "$gout" = "9000
$MAC_A2" ] && [ "$(cat /sys/class/net/$dev/mtu)" = 9000 ] &&
   [ "$(cat /sys/class/net/xenbr1/mtu)" = 9000 ]; then
    pass mtu-9000
else
    fail mtu-9000 "guest: rc $grc $(echo "$gout" | tr '\n' ' '); $dev $(cat /sys/class/net/$dev/mtu), xenbr1 $(cat /sys/class/net/xenbr1/mtu)"
fi
# 8972-byte pings unfragmented: a handful of frames, not 7 per ping.
p0=$(txp $dev)
ping -c 3 -W 5 -s 8972 10.99.1.10 >/tmp/ping.out 2>&1
prc=$?
p1=$(txp $dev)
gcmd neta "ping -c 3 -W 5 -s 8972 10.99.1.1"
if [ $prc = 0 ] && [ "$grc" = 0 ] && [ $((p1 - p0)) -lt 12 ]; then
    pass "jumbo-ping ($((p1 - p0)) frames to the guest for 3 pings)"
else
    fail jumbo-ping "dom0 rc $prc, guest rc $grc, $((p1 - p0)) frames: $(tr '\n' '|' < /tmp/ping.out)"
fi

# 6. network-detach by MAC while TCP runs both ways over that NIC: gone
# from the list, dom0 and the guest; the guest's other NIC keeps working.
nc -l -p 5003 -e sh -c 'cat >/dev/null' </dev/null >/dev/null 2>&1 &
l1=$!
gcmd neta "(nc -l -p 5004 -e sh -c 'cat >/dev/null' </dev/null >/dev/null 2>&1 &); (dd if=/dev/zero bs=1M count=2048 2>/dev/null | nc 10.99.1.1 5003 >/dev/null 2>&1 &); sleep 1"
(dd if=/dev/zero bs=1M count=2048 2>/dev/null | nc 10.99.1.10 5004 >/dev/null 2>&1) &
s1=$!
r0=$(nstat $dev rx_bytes) t0=$(nstat $dev tx_bytes)
sleep 3
r1=$(nstat $dev rx_bytes) t1=$(nstat $dev tx_bytes)
if [ $((r1 - r0)) -gt 100000 ] && [ $((t1 - t0)) -gt 100000 ]; then
    pass "traffic-before-detach ($(((r1 - r0) / 1024)) KiB in, $(((t1 - t0) / 1024)) KiB out in 3 s)"
else
    fail traffic-before-detach "$dev: $((r1 - r0)) bytes in, $((t1 - t0)) out in 3 s"
fi
if xl network-detach neta $MAC_A2 && [ "$(rows neta)" = 1 ] &&
   wait_for 100 test ! -e /sys/class/net/$dev; then
    pass network-detach
else
    fail network-detach "$(xl network-list neta | tr '\n' '|') $(ls /sys/class/net | tr '\n' ' ')"
fi
gcmd neta "for i in \$(seq 50); do [ -e /sys/class/net/eth1 ] || break; sleep 0.2; done; ls /sys/class/net"
case "$gout" in
*eth1*) fail detach-guest "guest still has eth1: $gout" ;;
*eth0*) pass detach-guest ;;
*) fail detach-guest "rc $grc: $gout" ;;
esac
kill $l1 $s1 2>/dev/null
gcmd neta "ping -c 2 -W 5 10.99.0.1"
if [ "$grc" = 0 ] && { [ "$BT" != qnic ] || pidof qnic >/dev/null; }; then
    pass traffic-during-detach
else
    fail traffic-during-detach "guest ping over eth0: rc $grc; qnic: $(pidof qnic)"
fi

# 7. Guest netb: 4 NICs, generated MACs, pings neta through xenbr0.
guest_cfg netb 128 10.99.0.11 "bridge=xenbr0,backendtype=$BT" \
    "backendtype=$BT" "backendtype=$BT" "backendtype=$BT,bridge=xenbr0"
if xl create -q /tmp/netb.cfg &&
   wait_for 4200 grep -q "xenolite-domu: shell ready" $LOGDIR/guest-netb.log; then
    pass create-netb
else
    fail create-netb "no 'shell ready' in guest-netb.log"
fi
idb=$(xl domid netb)
macs=$(xl network-list netb | awk 'NR > 1 { print $3 }' | sort)
gcmd netb "for i in \$(seq 50); do [ -e /sys/class/net/eth3 ] && break; sleep 0.2; done; cat /sys/class/net/eth*/address"
gmacs=$(echo "$gout" | sort)
if [ "$(echo "$macs" | sort -u | grep -c '^00:16:3e:[0-7]')" = 4 ] &&
   [ "$macs" = "$gmacs" ] &&
   [ "$(ls /sys/class/net/xenbr0/brif | grep -c "^vif$idb\.")" = 4 ]; then
    pass "four-vifs ($(echo $macs))"
else
    fail four-vifs "xl: $(echo $macs) guest: $(echo $gmacs) ports: $(ls /sys/class/net/xenbr0/brif | tr '\n' ' ')"
fi
gcmd netb "ping -c 3 -W 5 10.99.0.10"
r1=$grc
gcmd neta "ping -c 3 -W 5 10.99.0.11"
if [ "$r1" = 0 ] && [ "$grc" = 0 ]; then pass domu-to-domu
else fail domu-to-domu "netb->neta rc $r1, neta->netb rc $grc"; fi
fi

# 8. Destroy: no vif netdev, bridge port, backend device or store node.
# A domain with a grant dom0 still maps stays (dying) in the list.
if xl destroy neta && { [ $QUICK = 1 ] || xl destroy netb; } &&
   wait_for 100 only_dom0; then
    pass destroy
else
    fail destroy "$(xl list)"
fi
left=$( (xs -s ls /local/domain/0/backend/vif; xs -s ls /local/domain/0/backend/qnic;
         xs -s ls /local/domain/$ida; { [ -z "$idb" ] || xs -s ls /local/domain/$idb; }) 2>/dev/null)
devs=$(for d in /sys/bus/xen-backend/devices /sys/class/net/xenbr*/brif; do
           ls "$d"; done 2>/dev/null; ls /sys/class/net | grep '^vif')
fds1=$(qnic_fds)
if [ -z "$(echo $left $devs)" ] && [ "$fds1" = "$fds0" ]; then
    pass destroy-clean
else
    fail destroy-clean "store: $(echo $left) devices: $(echo $devs) qnic fds: $fds0 before, $fds1 after"
fi

# 9. Without the qnic daemon a qnic vif fails the create cleanly (qnic
#    stopped for it in the netback run, xencommons starts it again).
if [ $QUICK = 0 ] && [ "$BT" = netback ] &&
   kill "$(cat /run/xen/qnic.pid)" && wait_for 100 eval '! pidof qnic >/dev/null'; then
    if xl create -q -p $D/hello.cfg "vif=['bridge=xenbr0,backendtype=qnic']" \
           2>/tmp/qnic.err; then
        fail qnic-no-backend "created"
    elif grep -q "vif 0 (.*backendtype=qnic).*qnic back end is not running" /tmp/qnic.err &&
         only_dom0 && [ -z "$(xs -s ls /local/domain/0/backend/qnic 2>/dev/null)" ]; then
        pass "qnic-no-backend ($(cat /tmp/qnic.err))"
    else
        fail qnic-no-backend "$(cat /tmp/qnic.err) / $(xl list | tail -n +2)"
    fi
    xen_services || fail qnic-restart "xencommons start failed (above)"
fi

echo "dom0-net-check: $BT: $nfail failed"
exit $nfail
