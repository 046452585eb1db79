#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-qnic-check: qnic end to end in the tests/dom0 initramfs, run by
# tests/boot/cases/dom0-qnic.case, without xl: dom0 is its own frontend
# (Linux's xen-netfront) on a qnic vif of dom0 itself. The script writes the
# backend and frontend directories as the toolstack contract of
# docs/netback.md says (state last) and moves the netfront interface into
# its own network namespace, so traffic really crosses the tap and the
# bridge: pings both ways, TCP transfers both ways with matching sha256,
# rate=, hostile frontends, detach. Prints PASS:/FAIL: dom0-qnic/NAME lines
# and a last line "dom0-qnic-check: done, N failed".

BE=/local/domain/0/backend/qnic/0
FE=/local/domain/0/device/vif
LOG=/tmp/qnic.log
MAC=00:16:3e:5a:00:01
# Not 10.99.0.0/24: the test dom0 puts that on xenbr0 (tests/dom0/net.sh),
# and a second route for it would take these pings away from xbr0.
BR=xbr0 HOSTIP=10.98.0.1 GUESTIP=10.98.0.2
nfail=0

pass() { echo "PASS: dom0-qnic/$1"; }
fail() { echo "FAIL: dom0-qnic/$1: $2"; nfail=$((nfail + 1)); }
verdict() {   # verdict NAME REASON COMMAND...: PASS if the command succeeds
    name=$1 why=$2; shift 2
    if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}
same() { [ "$1" = "$2" ]; }
retry() {   # retry TENTHS COMMAND...
    left=$1; shift
    until "$@" 2>/dev/null; do
        left=$((left - 1))
        [ $left -gt 0 ] || return 1
        sleep 0.1
    done
}
xsr() { xs -s read "$1" 2>/dev/null; }
in_ns() { nsenter -n -t "$NSPID" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
logged() { grep -q "$1" $LOG; }
state_is() { [ "$(xsr $1/state)" = "$2" ]; }
size_is() { [ "$(stat -c %s "$1" 2>/dev/null)" = "$2" ]; }

# 1. The store, the daemon, a bridge with dom0's address, netfront.
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
verdict xenstored "kernel xenbus never probed" \
    retry 300 xs -s read /local/domain/0/control/feature-poweroff
qnic -l $LOG -p /run/qnic.pid &
verdict daemon "no pid file: $(tail -n 3 $LOG 2>/dev/null)" \
    retry 50 test -s /run/qnic.pid
brctl addbr $BR && ip addr add $HOSTIP/24 dev $BR && ip link set $BR up
verdict bridge "cannot create $BR" test -d /sys/class/net/$BR/bridge
verdict netfront insmod insmod /opt/xenolite/modules/xen-netfront.ko

# 2. Attach vif 0: backend nodes, state last; then the frontend's.
b=$BE/0 f=$FE/0
xs -s write $b/frontend $f $b/frontend-id 0 $b/online 1 $b/handle 0 \
    $b/mac $MAC $b/bridge $BR $b/mtu 1500 $b/type qnic $b/state 1
xs -s write $f/backend $b $f/backend-id 0 $f/handle 0 $f/mac $MAC $f/state 1
connected() { state_is $b 4 && state_is $f 4; }
verdict connect "be $(xsr $b/state) fe $(xsr $f/state): $(tail -n 3 $LOG)" \
    retry 300 connected
verdict hotplug-status "$(xsr $b/hotplug-status)" same "$(xsr $b/hotplug-status)" connected
verdict tap "no vif0.0" test -d /sys/class/net/vif0.0
verdict tap-mac "$(cat /sys/class/net/vif0.0/address)" \
    same "$(cat /sys/class/net/vif0.0/address)" fe:ff:ff:ff:ff:ff
verdict tap-bridged "not in $BR" test -e /sys/class/net/$BR/brif/vif0.0
verdict tap-mtu "$(cat /sys/class/net/vif0.0/mtu)" same "$(cat /sys/class/net/vif0.0/mtu)" 1500
nq=$(xsr $f/multi-queue-num-queues)
verdict queues "num-queues '$nq': $(grep connected $LOG)" \
    logged "dom0/0: connected, ${nq:-1} queue(s)"
verdict offloads "$(grep connected $LOG)" logged "sg 1 gso 1/1 csum 1 rx-notify 1"

# 3. The netfront interface (the one with the guest's MAC) in a namespace.
ETH=
for i in /sys/class/net/*; do
    [ "$(cat $i/address 2>/dev/null)" = $MAC ] && ETH=${i##*/}
done
verdict netfront-if "no interface with $MAC" test -n "$ETH"
unshare -n sleep 100000 &
NSPID=$!
sleep 0.2
ip link set dev "$ETH" netns $NSPID
in_ns ip link set lo up
in_ns ip addr add $GUESTIP/24 dev "$ETH"
in_ns ip link set "$ETH" up
verdict netns "$ETH not moved" quiet in_ns ip link show dev "$ETH"

# 4. Pings both ways (the first ones wait for the bridge to learn).
retry 100 ping -c 1 -W 1 $GUESTIP >/dev/null
verdict ping-to-guest "no reply" quiet ping -c 3 -W 2 $GUESTIP
verdict ping-from-guest "no reply" quiet in_ns ping -c 3 -W 2 $HOSTIP
verdict ping-big "no reply to 8000-byte pings" quiet ping -c 2 -W 2 -s 8000 $GUESTIP

# 5. TCP both ways, 32 MiB, hashes compared.
dd if=/dev/urandom of=/tmp/qn-out bs=1M count=32 2>/dev/null
(sleep 120 | in_ns nc -l -p 5001 > /tmp/qn-in-guest) &
sleep 0.5
timeout 120 nc $GUESTIP 5001 < /tmp/qn-out
retry 300 size_is /tmp/qn-in-guest 33554432
verdict tcp-to-guest "sizes $(stat -c %s /tmp/qn-out) / $(stat -c %s /tmp/qn-in-guest)" \
    same "$(sha /tmp/qn-in-guest)" "$(sha /tmp/qn-out)"
(sleep 120 | nc -l -p 5002 > /tmp/qn-in-host) &
sleep 0.5
timeout 120 nsenter -n -t "$NSPID" nc $HOSTIP 5002 < /tmp/qn-out
retry 300 size_is /tmp/qn-in-host 33554432
verdict tcp-from-guest "sizes $(stat -c %s /tmp/qn-out) / $(stat -c %s /tmp/qn-in-host)" \
    same "$(sha /tmp/qn-in-host)" "$(sha /tmp/qn-out)"
rm -f /tmp/qn-in-guest /tmp/qn-in-host

# 6. rate=: vif 1 (its own namespace, 10.98.0.3) may send 5000 bytes per
# 100 ms: 512 KiB from it take over 9 s.
b1=$BE/1 f1=$FE/1 MAC1=00:16:3e:5a:00:02
xs -s write $b1/frontend $f1 $b1/frontend-id 0 $b1/online 1 $b1/handle 1 \
    $b1/mac $MAC1 $b1/bridge $BR $b1/rate 5000,100000 $b1/type qnic $b1/state 1
xs -s write $f1/backend $b1 $f1/backend-id 0 $f1/handle 1 $f1/mac $MAC1 $f1/state 1
retry 300 state_is $f1 4
for i in /sys/class/net/*; do
    [ "$(cat $i/address 2>/dev/null)" = $MAC1 ] && ETH1=${i##*/}
done
unshare -n sleep 100000 &
NS1=$!
sleep 0.2
ip link set dev "$ETH1" netns $NS1
nsenter -n -t $NS1 ip addr add 10.98.0.3/24 dev "$ETH1"
nsenter -n -t $NS1 ip link set "$ETH1" up
retry 100 quiet nsenter -n -t $NS1 ping -c 1 -W 1 $HOSTIP
dd if=/dev/urandom of=/tmp/qn-512k bs=64k count=8 2>/dev/null
timed_send() {   # timed_send NETNS-PID PORT: seconds to move /tmp/qn-512k to dom0
    rm -f /tmp/qn-rate-in
    # Not holding the $(...)'s output open: it waits for every writer.
    (sleep 120 | nc -l -p $2 > /tmp/qn-rate-in) >/dev/null 2>&1 &
    sleep 0.5
    t0=$(date +%s)
    timeout 120 nsenter -n -t $1 nc $HOSTIP $2 < /tmp/qn-512k
    retry 600 size_is /tmp/qn-rate-in 524288
    echo $(($(date +%s) - t0))
}
fast=$(timed_send $NSPID 5003)
slow=$(timed_send $NS1 5004)
# At most 64 KiB banked, then 50 kB/s: about 9 s. A frame that starts while
# credit is left goes whole, so a period can overshoot by up to one frame:
# 8 s was seen once on Xen 4.17, hence 7 s, still far above the unlimited
# time (about 1 s; it depends on the host's load and is only printed).
echo "dom0-qnic: 512 KiB in ${slow}s at rate=5000,100000, ${fast}s unlimited"
verdict rate "512 KiB in ${slow}s limited (${fast}s not)" test "$slow" -ge 7
xs -s write $b1/online 0 $b1/state 5
retry 300 state_is $b1 6
kill $NS1
xs -s rm $f1 $b1

# 7. Hostile frontends (qnic-hostile-fe), one vif each: a chain of 19
# slots is dropped with an error and the vif keeps serving; every other
# hostile chain disables only its vif, with the reason logged.
hostile() {   # hostile DEVID CASE LOGGED-REASON
    hb=$BE/$1 hf=/local/domain/0/test/qnic-hostile/$1
    xs -s write $hb/frontend $hf $hb/frontend-id 0 $hb/online 1 $hb/handle $1 \
        $hb/mac 00:16:3e:5a:00:$1 $hb/type qnic $hb/state 1
    xs -s write $hf/backend $hb $hf/backend-id 0 $hf/handle $1 $hf/state 1
    qnic-hostile-fe $hb $hf $2 || nfail=$((nfail + 1))
    [ -z "$3" ] || verdict hostile-$2-logged "$(tail -n 2 $LOG)" \
        logged "dom0/$1: disabled: $3"
    xs -s rm $hf $hb
}
hostile 11 19-slots ""
hostile 12 21-slots "tx: more than 20 slots"
hostile 13 cross-page "tx: slot crosses its page"
hostile 14 sizes "tx: slot sizes exceed the packet size"
hostile 15 foreign-grant "tx grant copy of gref"
hostile 16 bad-extra "tx: bad extra-info type"
hostile 17 runahead "tx req_prod"
verdict others-keep-serving "no reply" quiet ping -c 2 -W 2 $GUESTIP

# 8. Detach the toolstack's way: online 0, backend Closing, wait for
# Closed, remove both directories; the tap goes.
kill $NSPID 2>/dev/null
xs -s write $b/online 0 $b/state 5
closed() { state_is $b 6 && state_is $f 6; }
verdict detach "be $(xsr $b/state) fe $(xsr $f/state)" retry 300 closed
xs -s rm $f $b
verdict removed "$(tail -n 3 $LOG)" retry 50 logged "dom0/0: removed"
verdict tap-gone "vif0.0 still there" retry 50 test ! -e /sys/class/net/vif0.0
verdict daemon-alive "$(tail -n 5 $LOG)" kill -0 "$(cat /run/qnic.pid)"

echo "--- qnic.log"; cat $LOG; echo "---"
echo "dom0-qnic-check: done, $nfail failed"
