#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-migrate-bench [RUNS] [XLK_RUNS]: save, restore and localhost
# migration figures, run in the tests/dom0 initramfs by
# tests/bench/migrate-bench.py (`make bench`, tests/bench/migrate-boot.case).
# The same guests on every hypervisor, all with our xl:
#   linux-*  the tests/domu Linux DomU (Debian's kernel, 128 MiB, counting
#            seconds on its console), RUNS (3) rounds of xl save, xl restore
#            and xl migrate to localhost; after each restore and migration
#            its counter must go on (else the round fails)
#   xlk-*    the xlkernel echo appliance (8 MiB, a netback vif), XLK_RUNS
#            (3) rounds of the same; after each it must echo a line again
# Figures per round: save-ms and restore-ms (wall time of the xl command,
# from /proc/uptime, 10 ms steps), downtime-ms, total-ms and rounds (xl
# migrate's own "migration of domain N: R pre-copy rounds, ..., downtime T
# ms, total T ms" line), and once mem-mib (the guest's memory, xl list)
# and bytes (the save file). Prints "mig-bench: NAME v1 v2 ..." lines, then
# "mig-bench: done, N failed".

RUNS=${1:-3}
XRUNS=${2:-3}
CON=/var/log/xen/console
CHECK_NAME=mig-bench
. /opt/xenolite/lib/check-lib.sh
nfail=0
bad() { echo "mig-bench: FAILED $*"; nfail=$((nfail + 1)); }
ms() { read -r u _ < /proc/uptime; echo $(( ${u%.*} * 1000 + 1${u#*.}0 - 1000 )); }
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
mem_mib() { xl list | awk -v n="$1" '$1 == n { print $3 }'; }
# The figures of xl migrate's last line: "ROUNDS DOWNTIME TOTAL".
mig_figures() {
    sed -n 's/^migration of domain [0-9]*: \([0-9]*\) pre-copy rounds, .*downtime \([0-9]*\) ms, total \([0-9]*\) ms$/\1 \2 \3/p' "$1"
}

xen_services || bad daemons "xencommons could not start the dom0 services"
printf '#!/bin/sh\nshift\nexec "$@"\n' > /tmp/to-here
chmod +x /tmp/to-here

# save_restore_migrate PREFIX NAME RUNS ALIVE-FUNCTION: the rounds; the
# function (called with the round's step) tells whether the guest runs.
save_restore_migrate() {
    p=$1 n=$2 runs=$3 alive=$4
    sv= rs= dt= tt= rd=
    echo "mig-bench: $p-mem-mib $(mem_mib $n)"
    r=0
    while [ $r -lt "$runs" ]; do
        r=$((r + 1))
        rm -f /tmp/mb.save
        t0=$(ms)
        if ! xl save $n /tmp/mb.save; then bad "$p round $r: xl save"; continue; fi
        sv="$sv $(( $(ms) - t0 ))"
        [ $r -gt 1 ] || echo "mig-bench: $p-bytes $(wc -c < /tmp/mb.save)"
        t0=$(ms)
        if ! xl restore /tmp/mb.save; then bad "$p round $r: xl restore"; break; fi
        rs="$rs $(( $(ms) - t0 ))"
        $alive restore-$r || bad "$p round $r: not running after the restore"
        if xl migrate -s /tmp/to-here $n localhost > /tmp/mb.out 2> /tmp/mb.err; then
            set -- $(mig_figures /tmp/mb.out)
            if [ $# -eq 3 ]; then rd="$rd $1"; dt="$dt $2"; tt="$tt $3"
            else bad "$p round $r: no figures in: $(cat /tmp/mb.out)"; fi
        else
            bad "$p round $r: xl migrate: $(tail -n 2 /tmp/mb.err | tr '\n' ' ')"
        fi
        tail -n 1 /tmp/mb.err
        $alive migrate-$r || bad "$p round $r: not running after the migration"
    done
    rm -f /tmp/mb.save
    echo "mig-bench: $p-save-ms$sv"
    echo "mig-bench: $p-restore-ms$rs"
    echo "mig-bench: $p-downtime-ms$dt"
    echo "mig-bench: $p-total-ms$tt"
    echo "mig-bench: $p-rounds$rd"
}

# 1. The Linux DomU: its counter goes on after each step.
# A migrated domain logs to guest-domu--incoming.log (its name when it was
# made), a restored one to guest-domu.log again: the counter never goes
# back, so the highest value in either is the latest.
LOGS="$CON/guest-domu.log $CON/guest-domu--incoming.log"
last_count() {
    cat $LOGS 2>/dev/null | sed -n 's/.*xenolite-domu: counter \([0-9]*\).*/\1/p' | sort -n | tail -n 1
}
count_above() { c=$(last_count); [ -n "$c" ] && [ "$c" -gt "$1" ]; }
linux_alive() { c=$(last_count); in_list domu && wait_for 1200 count_above "${c:-0}"; }
rm -f $LOGS
sed 's/^extra = .*/extra = "console=hvc0 xenolite.counter"/' \
    /opt/xenolite/domu/domu.cfg > /tmp/mb-domu.cfg
if xl create /tmp/mb-domu.cfg && wait_for 2400 count_above 2; then
    save_restore_migrate linux domu "$RUNS" linux_alive
else
    bad "linux: the DomU did not start counting"
fi
xl destroy domu 2>/dev/null
wait_for 300 only_dom0 || bad "linux: domains left: $(xl list | awk 'NR > 2' | tr '\n' ' ')"

# 2. The xlkernel echo appliance: it echoes after each step.
IP=10.99.0.23
cat > /tmp/xlk-mb.cfg <<EOC
name = "xlk-mb"
kernel = "/opt/xenolite/xlkernel/xlkernel-echo"
memory = 8
vcpus = 1
extra = "ip=$IP/24"
vif = [ 'mac=00:16:3e:00:0c:04,bridge=xenbr0,backendtype=netback' ]
on_poweroff = "destroy"
on_crash = "preserve"
EOC
echoes() { l="mig-bench $1 $$"; [ "$(echo "$l" | timeout 10 nc $IP 7)" = "$l" ]; }
xlk_alive() { in_list xlk-mb && wait_for 1200 echoes "$1"; }
rm -f $CON/guest-xlk-mb.log $CON/guest-xlk-mb--incoming.log
if xl create /tmp/xlk-mb.cfg && wait_for 1200 echoes up; then
    save_restore_migrate xlk xlk-mb "$XRUNS" xlk_alive
else
    bad "xlk: the echo appliance did not answer"
fi
xl destroy xlk-mb 2>/dev/null
wait_for 300 only_dom0 || bad "xlk: domains left: $(xl list | awk 'NR > 2' | tr '\n' ' ')"

echo "mig-bench: done, $nfail failed"
