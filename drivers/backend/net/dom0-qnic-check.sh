#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-qnic-check: qnic end to end in the tests/dom0 initramfs, run by
# tests/boot/cases/dom0-qnic.case, without xl: dom0 is its own frontend
# (Linux's xen-netfront) on a qnic vif of dom0 itself. The script writes the
# backend and frontend directories as the toolstack contract of
# docs/netback.md says (state last) and moves the netfront interface into
# its own network namespace, so traffic really crosses the tap and the
# bridge: pings both ways, TCP transfers both ways with matching sha256,
# hostile frontends, detach. Prints PASS:/FAIL: dom0-qnic/NAME lines and a last line
# "dom0-qnic-check: done, N failed".

BE=/local/domain/0/backend/qnic/0
FE=/local/domain/0/device/vif
LOG=/tmp/qnic.log
MAC=00:16:3e:5a:00:01
BR=xbr0 HOSTIP=10.99.0.1 GUESTIP=10.99.0.2
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
sha() { sha256sum "$1" | cut -d' ' -f1; }
logged() { grep -q "$1" $LOG; }

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
connected() { same "$(xsr $b/state)" 4 && same "$(xsr $f/state)" 4; }
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
verdict netns "$ETH not moved" in_ns ip link show dev "$ETH"

# 4. Pings both ways (the first ones wait for the bridge to learn).
retry 100 ping -c 1 -W 1 $GUESTIP >/dev/null
verdict ping-to-guest "no reply" ping -c 3 -W 2 $GUESTIP
verdict ping-from-guest "no reply" in_ns ping -c 3 -W 2 $HOSTIP
verdict ping-big "no reply to 8000-byte pings" ping -c 2 -W 2 -s 8000 $GUESTIP

# 5. TCP both ways, 32 MiB, hashes compared.
dd if=/dev/urandom of=/tmp/qn-out bs=1M count=32 2>/dev/null
(sleep 120 | in_ns nc -l -p 5001 > /tmp/qn-in-guest) &
sleep 0.5
timeout 120 nc $GUESTIP 5001 < /tmp/qn-out
retry 100 same "$(stat -c %s /tmp/qn-in-guest)" 33554432
verdict tcp-to-guest "sizes $(stat -c %s /tmp/qn-out) / $(stat -c %s /tmp/qn-in-guest)" \
    same "$(sha /tmp/qn-in-guest)" "$(sha /tmp/qn-out)"
(sleep 120 | nc -l -p 5002 > /tmp/qn-in-host) &
sleep 0.5
timeout 120 in_ns nc $HOSTIP 5002 < /tmp/qn-out
retry 100 same "$(stat -c %s /tmp/qn-in-host)" 33554432
verdict tcp-from-guest "sizes $(stat -c %s /tmp/qn-out) / $(stat -c %s /tmp/qn-in-host)" \
    same "$(sha /tmp/qn-in-host)" "$(sha /tmp/qn-out)"
rm -f /tmp/qn-in-guest /tmp/qn-in-host

# 6. Hostile frontends (qnic-hostile-fe), one vif each: a chain of 19
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
verdict others-keep-serving "no reply" ping -c 2 -W 2 $GUESTIP

# 7. Detach the toolstack's way: online 0, backend Closing, wait for
# Closed, remove both directories; the tap goes.
kill $NSPID 2>/dev/null
xs -s write $b/online 0 $b/state 5
closed() { same "$(xsr $b/state)" 6 && same "$(xsr $f/state)" 6; }
verdict detach "be $(xsr $b/state) fe $(xsr $f/state)" retry 300 closed
xs -s rm $f $b
verdict removed "$(tail -n 3 $LOG)" retry 50 logged "dom0/0: removed"
verdict tap-gone "vif0.0 still there" retry 50 test ! -e /sys/class/net/vif0.0
verdict daemon-alive "$(tail -n 5 $LOG)" kill -0 "$(cat /run/qnic.pid)"

echo "--- qnic.log"; cat $LOG; echo "---"
echo "dom0-qnic-check: done, $nfail failed"
