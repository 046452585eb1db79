#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlk-density [MAX [BACKEND [LIMIT_MIB [BUDGET_S [IDLE_S]]]]]: how many http appliances
# (xlkernel-http, memory = 8) fit in LIMIT_MIB (2048) of guest memory and
# all answer dom0, run in the tests/dom0 initramfs by
# tests/bench/xlkernel-density.case (tests/bench/xlkernel-density.py,
# `make bench`). BACKEND is netback (default) or qnic.
#
# Creates appliances one after another, each with its own MAC and address
# on xenbr0 (10.99.1.2 upwards; dom0 takes 10.99.1.1/24, 10.99.2.1/24 ...
# beside its 10.99.0.1), until MAX (256) are up, `xl create` fails, or the
# next one would take the guest memory in use (free memory at the start
# minus now) over LIMIT_MIB, or creating has taken BUDGET_S seconds
# (0, the default: no limit; under a loaded TCG host it may be). Then wgets every one's page (it must name the
# domain), destroys them all, and checks that no domain, bridge port or
# back-end node is left and that free memory came back (within 2 MiB). Prints
#   xlk-density: created N (stop: REASON)
#   xlk-density: answering N
#   xlk-density: kib-per-app K      (free memory taken / N)
#   xlk-density: create-ms T        (mean xl create time)
#   xlk-density: idle-guest-ms-per-s G  (IDLE_S > 0: the guests' CPU time
#                                   per second while idle, all together)
# and "xlk-density: done, N failed" (a create that failed is where the
# count stops, not a failure; an appliance that does not answer is one).

MAX=${1:-256}
BT=${2:-netback}
LIMIT=${3:-2048}
BUDGET=${4:-0}
IDLE=${5:-${XLK_DENSITY_IDLE:-0}}
D=/opt/xenolite/xlkernel
CON=/var/log/xen/console
CHECK_NAME=xlk-density
. /opt/xenolite/lib/check-lib.sh
say() { echo "xlk-density: $*"; }
free_kib() { xl info | awk '/^free_memory/ { print $3 * 1024 }'; }
ports() { ls /sys/class/net/xenbr0/brif 2>/dev/null | grep -c '^vif'; }
KIND=vif; [ "$BT" = netback ] || KIND=$BT
be_nodes() { xs -s ls /local/domain/0/backend/$KIND 2>/dev/null | grep -c .; }
# Guest I (1..): 10.99.(1 + (I-1)/250).(2 + (I-1)%250), MAC from I.
addr() { echo "10.99.$((1 + ($1 - 1) / 250)).$((2 + ($1 - 1) % 250))"; }
mac() { printf '00:16:3e:0e:%02x:%02x' $(($1 / 256)) $(($1 % 256)); }

case $BT in netback|qnic) ;; *) say "unknown back end '$BT' (netback or qnic)"; exit 1 ;; esac
xen_services || { fail daemons "xencommons start failed (above)"; check_done; exit; }
s=1
while [ $s -le $(( (MAX + 249) / 250 )) ]; do
    ip addr add 10.99.$s.1/24 dev xenbr0 2>/dev/null
    s=$((s + 1))
done
free0=$(free_kib)
ports0=$(ports)
say "start: free $((free0 / 1024)) MiB, limit $LIMIT MiB, max $MAX, back end $BT, dom0 $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"

# 1. Create until full.
n=0 stop="max $MAX reached" tsum=0
_uptime_tenths; tstart=$_now
while [ $n -lt "$MAX" ]; do
    _uptime_tenths
    if [ "$BUDGET" -gt 0 ] && [ $((_now - tstart)) -ge $((BUDGET * 10)) ]; then
        stop="time budget of $BUDGET s used"; break
    fi
    i=$((n + 1)) name=xlk-d$((n + 1))
    used=$((free0 - $(free_kib)))
    if [ $((used + 8 * 1024)) -gt $((LIMIT * 1024)) ]; then
        stop="$((used / 1024)) MiB in use, one more passes $LIMIT"; break
    fi
    cat > /tmp/$name.cfg <<EOC
name = "$name"
kernel = "$D/xlkernel-http"
memory = 8
vcpus = 1
extra = "ip=$(addr $i)/24"
vif = [ 'mac=$(mac $i),bridge=xenbr0,backendtype=$BT' ]
on_poweroff = "destroy"
on_crash = "preserve"
EOC
    _uptime_tenths; t0=$_now
    if ! xl create -q /tmp/$name.cfg > /tmp/xlk-density.err 2>&1; then
        stop="xl create of $name failed: $(tail -n 3 /tmp/xlk-density.err | tr '\n' ' ')"
        xl destroy $name 2>/dev/null
        break
    fi
    _uptime_tenths; tsum=$((tsum + _now - t0))
    n=$i
    [ $((n % 10)) -ne 0 ] || say "$n created, free $(( $(free_kib) / 1024 )) MiB, dom0 MemAvailable $(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo) MiB"
done
used=$((free0 - $(free_kib)))
say "created $n (stop: $stop)"
[ $n -gt 0 ] && say "kib-per-app $((used / n))" && say "create-ms $((tsum * 100 / n))"

# IDLE_S (or XLK_DENSITY_IDLE) > 0: where the CPU goes while they all idle
# that long (dom0's busy time from /proc/stat, the guests' from xl list).
dom0_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
guests_cpu() { xl list | awk 'NR > 2 { s += $6 } END { printf "%d\n", s * 10 }'; }   # tenths
if [ "$IDLE" -gt 0 ]; then
    b0=$(dom0_busy) g0=$(guests_cpu); _uptime_tenths; t0=$_now
    sleep "$IDLE"
    b1=$(dom0_busy) g1=$(guests_cpu); _uptime_tenths
    say "idle-guest-ms-per-s $(( (g1 - g0) * 1000 / (_now - t0 + 1) ))"
    say "idle $(( (_now - t0) / 10 )) s: dom0 busy $(( (b1 - b0) / 100 )) s of 2 vCPUs, guests $(( (g1 - g0) / 10 )) s"
    top -b -n 1 | head -n 15 | sed 's/^/  | /'
    xl list | sort -k6 -n -r | head -n 4 | sed 's/^/  | /'
fi

# 2. Every one answers (each gets up to 60 s from now on, the first ones
#    long since booted; a slow one is retried, not skipped; after three
#    that did not answer, 5 s each).
ok=0 bad= nbad=0 shown=
i=0
while [ $i -lt $n ]; do
    i=$((i + 1))
    rm -f /tmp/xlk-density.html
    tries=600; [ $nbad -lt 3 ] || tries=50
    if wait_for $tries timeout 10 wget -q -O /tmp/xlk-density.html http://$(addr $i)/ &&
       grep -q "domain xlk-d$i (domid" /tmp/xlk-density.html; then
        ok=$((ok + 1))
    else
        bad="$bad xlk-d$i" nbad=$((nbad + 1))
        [ -n "$shown" ] || { shown=1; say "xlk-d$i ($(addr $i)) does not answer; its console:"
                             tail -n 8 $CON/guest-xlk-d$i.log 2>&1 | sed 's/^/  | /'; }
    fi
    [ $((i % 25)) -ne 0 ] || say "$i asked, $ok answered"
done
say "answering $ok"
if [ $n -gt 0 ] && [ $ok -eq $n ]; then pass answering
else fail answering "$ok of $n answer; not:$bad"; fi

# 3. Destroy them all: nothing left behind, memory back.
i=0
while [ $i -lt $n ]; do
    i=$((i + 1))
    xl destroy xlk-d$i || say "xl destroy xlk-d$i failed"
done
if wait_for 1200 only_dom0 && wait_eq 600 "$ports0" ports &&
   wait_eq 600 0 be_nodes; then pass destroy
else fail destroy "domains: $(xl list | awk 'NR > 2 { print $1 }' | tr '\n' ' '); ports $(ports) (was $ports0); back-end nodes $(be_nodes)"; fi
if wait_for 600 eval '[ $(($(free_kib) + 2048)) -ge $free0 ]'; then pass memory
else fail memory "free $(( $(free_kib) / 1024 )) MiB, was $((free0 / 1024)) MiB"; fi
say "done, $nfail failed"
