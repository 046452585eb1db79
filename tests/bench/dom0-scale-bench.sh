#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-scale-bench CYCLES REPS POINT...: guest creation, destruction and
# scaling figures with our xl and the smallest DomU we have (xlkernel-hello,
# 8 MiB, one vCPU, "on_exit=idle" so that it stays running after its line).
# Run in the tests/dom0 initramfs by tests/bench/scale-bench.py
# (scale-boot.case, `make bench`), the same on both hypervisors.
#
#   1. CYCLES create+destroy cycles with no other DomU: `xl create`, then
#      `xl destroy` as soon as create returns (the domain is running).
#   2. Domains are started one by one up to the largest POINT and left
#      running; each one's create -> hello line time is printed. At each
#      POINT (that many running), REPS probe domains are created (to their
#      hello line) and destroyed, then the hot paths (`hotpath`: xen_version
#      through privcmd, an event round trip through /dev/xen/evtchn), the
#      store's read rate (one `xs read` of 2000 paths, one connection) and the hypervisor's
#      free memory are measured.
#   3. The running domains are destroyed one by one, each timed.
#
# Times come from /proc/uptime (10 ms steps). Output: "scale-bench: KEY
# [N] v..." lines (scale-bench.py reads them), then "scale-bench: done,
# N failed".

CYCLES=${1:-20}
REPS=${2:-3}
shift 2 2>/dev/null
POINTS=${*:-1 50 200}
K=/opt/xenolite/xlkernel/xlkernel-hello
CON=/var/log/xen/console
MEM=8
nfail=0

ms() { read -r u _ < /proc/uptime; echo $(( ${u%.*} * 1000 + 1${u#*.}0 - 1000 )); }
say() { echo "scale-bench: $*"; }
failed() { say "FAIL $*"; nfail=$((nfail + 1)); }
free_mib() { xl info | awk -F: '$1 ~ /^free_memory/ { print $2 + 0 }'; }
# until_ms DEADLINE-MS COMMAND...: poll without sleeping; 0 on success.
until_ms() {
    end=$1; shift
    while ! "$@" 2>/dev/null; do [ "$(ms)" -lt "$end" ] || return 1; done
}
cfg() {   # cfg NAME: /tmp/NAME.cfg, the idle hello appliance
    { echo "name = \"$1\""; echo "kernel = \"$K\""; echo "memory = $MEM"
      echo "vcpus = 1"; echo 'extra = "on_exit=idle"'
      echo 'on_poweroff = "destroy"'; echo 'on_crash = "preserve"'; } > /tmp/$1.cfg
}
# up NAME: create the domain and wait for its hello line; prints the ms.
up() {
    rm -f $CON/guest-$1.log
    cfg $1
    t0=$(ms)
    xl create -q /tmp/$1.cfg || return 1
    until_ms $((t0 + 120000)) grep -q "Hello, world" $CON/guest-$1.log || return 1
    echo $(( $(ms) - t0 ))
}
# down NAME: destroy the domain; prints the ms.
down() {
    t0=$(ms)
    xl destroy "$1" || return 1
    echo $(( $(ms) - t0 ))
}

pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
i=0; while [ ! -S /run/xenstored/socket ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
i=0; while [ ! -S /run/xenconsoled/socket ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
say "start: cycles $CYCLES, reps $REPS, points $POINTS, $(free_mib) MiB free"
FREE0=$(free_mib)

# 1. create+destroy cycles.
cfg scl-cyc
cc= cd=
i=0
t_all=$(ms)
while [ $i -lt "$CYCLES" ]; do
    t0=$(ms)
    xl create -q /tmp/scl-cyc.cfg || { failed "cycle $i: create"; break; }
    t1=$(ms)
    xl destroy scl-cyc || { failed "cycle $i: destroy"; break; }
    t2=$(ms)
    cc="$cc $((t1 - t0))"; cd="$cd $((t2 - t1))"
    i=$((i + 1))
done
t_all=$(( $(ms) - t_all ))
say "cycle-create-ms$cc"
say "cycle-destroy-ms$cd"
[ $i -eq "$CYCLES" ] && [ $i -gt 0 ] && say "cycles $i in-ms $t_all"

# 2. Running domains up to each point.
running=0
for p in $POINTS; do
    while [ $running -lt "$p" ]; do
        n=scl-$((running + 1))
        if v=$(up $n); then
            running=$((running + 1))
            say "bg-create-ms $running $v"
        else
            failed "creating $n with $running running"; tail -n 3 $CON/guest-$n.log
            break 2
        fi
    done
    pc= pd=
    r=0
    while [ $r -lt "$REPS" ]; do
        r=$((r + 1))
        if v=$(up scl-probe); then pc="$pc $v"; else failed "point $p: probe $r create"; fi
        if v=$(down scl-probe); then pd="$pd $v"; else failed "point $p: probe $r destroy"; fi
    done
    say "point $p create-ms$pc"
    say "point $p destroy-ms$pd"
    hp=$(hotpath 20000)
    echo "$hp" | grep -q "HOTPATH: done" || failed "point $p: hotpath: $hp"
    say "point $p xen-version-ns $(echo "$hp" | awk '/HOTPATH: xen_version/ { print $3 }')"
    say "point $p event-ns $(echo "$hp" | awk '/HOTPATH: event_round_trip/ { print $3 }')"
    # The store: 2000 reads of one node through one connection.
    xs write /local/domain/0/scale-bench "$p" || failed "point $p: xs write"
    paths=
    j=0
    while [ $j -lt 2000 ]; do
        paths="$paths /local/domain/0/scale-bench"; j=$((j + 1))
    done
    t0=$(ms)
    xs read $paths > /dev/null || failed "point $p: xs read"
    t1=$(ms)
    say "point $p xs-read-per-s $((2000 * 1000 / (t1 - t0 + 1)))"
    say "point $p free-mib $(free_mib) of $FREE0"
done

# 3. Tear down, timing each destroy.
while [ $running -gt 0 ]; do
    if v=$(down scl-$running); then say "bg-destroy-ms $running $v"; else failed "destroying scl-$running"; fi
    running=$((running - 1))
done
left=$(xl list | awk 'NR > 1 && $1 ~ /^scl-/' | wc -l)
[ "$left" -eq 0 ] || failed "$left domains left after the teardown"
say "end: $(free_mib) MiB free (at start $FREE0)"
say "done, $nfail failed"
