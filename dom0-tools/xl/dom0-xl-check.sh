#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xl-check: the dom0 end-to-end test of xl, the PV builder and
# xenconsoled, run in the tests/dom0 initramfs by
# tests/boot/cases/dom0-xl.case. Starts xenstored and xenconsoled, creates
# the tests/domu guest (Debian's kernel + a busybox initramfs that says
# hello, waits for a console line and powers off), checks list/list -l,
# pause/unpause, xl console both ways, on_poweroff=destroy, xl destroy of
# a running guest and that free memory comes back, then create/destroy
# cycles. Prints PASS:/FAIL: dom0-xl/NAME lines and a last line
# "dom0-xl-check: done, N failed".

D=/opt/xenolite/domu
CFG=$D/domu.cfg
LOG=/var/log/xen/console/guest-domu.log
CYCLES=${XL_CHECK_CYCLES:-3}
nfail=0

pass() { echo "PASS: dom0-xl/$1"; }
# The case stops at the first FAIL line, so diagnostics come before it.
fail() {
    [ $nfail -eq 0 ] && diagnose
    echo "FAIL: dom0-xl/$1: $2"
    nfail=$((nfail + 1))
}
wait_for() {   # wait_for TENTHS COMMAND...: retry until it succeeds
    # A deadline, not a count: under TCG each try itself takes a while.
    end=$(($(cut -d. -f1 /proc/uptime) + $1 / 10))
    shift
    while ! "$@" 2>/dev/null; do
        [ "$(cut -d. -f1 /proc/uptime)" -lt $end ] || return 1
        sleep 0.2
    done
}
free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
not_in_list() { ! in_list "$1"; }
logged() { grep -q "$1" "$LOG"; }
diagnose() {   # what a failed step needs to be understood
    echo "dom0-xl-check: diagnostics:"
    xl list; xl vcpu-list
    for id in $(xs -s ls /local/domain); do
        for n in name console/port console/ring-ref store/port store/ring-ref; do
            echo "  /local/domain/$id/$n = $(xs -s read /local/domain/$id/$n 2>&1)"
        done
    done
    ls -l /var/log/xen/console/
    tail -n 20 "$LOG" /tmp/xenconsoled.log /tmp/xenstored.log \
        /var/log/xen/xl-domu.log 2>/dev/null | sed 's/^/  | /'
    xl dmesg | tail -n 20
}

# 1. The daemons.
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
if wait_for 100 test -S /run/xenstored/socket; then pass xenstored
else fail xenstored "no socket after 10s"; fi
pidof xenconsoled >/dev/null || xenconsoled --verbose 2>/tmp/xenconsoled.log &
if wait_for 100 test -S /run/xenconsoled/socket; then pass xenconsoled
else fail xenconsoled "no socket after 10s: $(tail -n 2 /tmp/xenconsoled.log)"; fi
xl info
free0=$(free_mib)

# 2. Create; the guest's hello line reaches the console log.
if xl create -v "$CFG"; then pass create; else fail create "xl create failed"; fi
if wait_for 1200 logged "xenolite-domu: hello"; then pass guest-console-log
else fail guest-console-log "no hello in $LOG after 120s"; fi

# 3. list and list -l while it runs.
xl list
if in_list domu; then pass list; else fail list "domu not in xl list"; fi
xl list -l domu > /tmp/list.json
if grep -q '"name": "domu"' /tmp/list.json &&
   grep -q '"state_string": "' /tmp/list.json &&
   grep -q '"kernel": "/opt/xenolite/domu/vmlinuz"' /tmp/list.json; then
    pass list-long
else
    fail list-long "$(head -c 300 /tmp/list.json)"
fi

# 4. pause / unpause show in the state column.
state() { xl list domu | awk '$1 == "domu" { print $5 }'; }
xl pause domu
case "$(state)" in *p*) pass pause ;; *) fail pause "state '$(state)'" ;; esac
xl unpause domu
case "$(state)" in *p*) fail unpause "state '$(state)'" ;; *) pass unpause ;; esac

# 5. The other verbs on the running guest.
id=$(xl domid domu)
xl vcpu-list domu
if xl vcpu-list domu | awk -v id="$id" '$1 == id && $2 == 0 { f = 1 } END { exit !f }'
then pass vcpu-list; else fail vcpu-list "no vCPU 0 of domain '$id'"; fi
xl vcpu-pin domu 0 1
if xl vcpu-list domu | awk -v id="$id" '$1 == id && $2 == 0 && $6 == "1" { f = 1 } END { exit !f }'
then pass vcpu-pin; else fail vcpu-pin "$(xl vcpu-list domu | tail -n 1)"; fi
xl sched-credit -d domu -w 512 -c 50
if xl sched-credit -d domu | awk '$1 == "domu" && $3 == 512 && $4 == 50 { f = 1 } END { exit !f }'
then pass sched-credit; else fail sched-credit "$(xl sched-credit -d domu | tail -n 1)"; fi
xl mem-max domu 256 && xl mem-set domu 128
if xl list -l domu | grep -q '"max_memory_kib": 262144' &&
   [ "$(xs -s read /local/domain/$id/memory/target)" = 131072 ]
then pass mem-max-set; else fail mem-max-set "$(xl list -l domu | grep memory_kib)"; fi
xl rename domu domu-renamed
if [ "$(xl domid domu-renamed)" = "$id" ] && xl rename domu-renamed domu &&
   [ "$(xl domname "$id")" = domu ]
then pass rename; else fail rename "$(xl list)"; fi
if xl uptime domu | grep -q '^domu '; then pass uptime; else fail uptime "$(xl uptime)"; fi
if xl dmesg | grep -q -e 'Xen version' -e 'PCI add device' -e 'init memory'; then pass dmesg; else fail dmesg "$(xl dmesg | head -n 2)"; fi

# 6. xl console: replayed output, input reaches the guest, which powers
# off; the session ends when on_poweroff=destroy removes the domain.
echo go | timeout 300 xl console domu > /tmp/console.out
if grep -q "xenolite-domu: hello" /tmp/console.out &&
   grep -q "xenolite-domu: got 'go'" /tmp/console.out; then
    pass console
else
    fail console "$(tail -n 3 /tmp/console.out | tr '\n' '|')"
fi
sed -n '/xenolite-domu/s/^/console: /p' /tmp/console.out
if wait_for 600 not_in_list domu; then pass on-poweroff-destroy
else fail on-poweroff-destroy "domu still listed: $(xl list | tail -n +2)"; fi
grep "action destroy" /var/log/xen/xl-domu.log >/dev/null &&
    pass monitor-log || fail monitor-log "$(tail -n 2 /var/log/xen/xl-domu.log)"
free1=$(free_mib)
if [ "$free1" = "$free0" ]; then pass memory-after-poweroff
else fail memory-after-poweroff "free ${free1} MiB, was ${free0} MiB"; fi

# 7. on_reboot=restart (a command-line override): the monitor rebuilds the
# guest under a new domid. Then destroy that running guest: always
# succeeds, memory back at once.
hellos_ge() { [ "$(grep -c 'xenolite-domu: hello' "$LOG")" -ge "$1" ]; }
: > "$LOG"
xl create "$CFG" on_reboot=restart && wait_for 1800 hellos_ge 1
old=$(xl domid domu)
echo reboot | timeout 300 xl console domu > /tmp/console2.out
if wait_for 1800 hellos_ge 2 && new=$(xl domid domu) && [ "$new" != "$old" ] &&
   grep -q "action restart" /var/log/xen/xl-domu.log; then
    pass "on-reboot-restart (domain $old restarted as $new)"
else
    fail on-reboot-restart "$(tail -n 3 /var/log/xen/xl-domu.log | tr '\n' '|')"
fi
if xl destroy domu; then pass destroy-running; else fail destroy-running "xl destroy failed"; fi
if not_in_list domu; then pass destroy-gone; else fail destroy-gone "$(xl list)"; fi
free2=$(free_mib)
if [ "$free2" = "$free0" ]; then pass destroy-memory
else fail destroy-memory "free ${free2} MiB, was ${free0} MiB"; fi

# 8. create/destroy cycles (paused: the builder and teardown only).
uptime_s() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(uptime_s)
i=0
while [ $i -lt "$CYCLES" ]; do
    ta=$(uptime_s)
    xl create -q -p "$CFG" || break
    tb=$(uptime_s)
    xl destroy domu || break
    i=$((i + 1))
    echo "dom0-xl-check: cycle $i: paused create $(elapsed $ta $tb)s, destroy $(elapsed $tb $(uptime_s))s"
done
t1=$(uptime_s)
free3=$(free_mib)
if [ $i -eq "$CYCLES" ] && [ "$free3" = "$free0" ]; then
    pass "cycles ($CYCLES create+destroy in $(elapsed $t0 $t1)s, free ${free3} MiB)"
else
    fail cycles "$i of $CYCLES done, free ${free3} MiB, was ${free0} MiB"
fi

# 9. Errors say what to do next.
if xl create /nonexistent.cfg 2>/tmp/err.txt; then fail error-message "succeeded"
elif grep -q "cannot open '/nonexistent.cfg'" /tmp/err.txt; then pass error-message
else fail error-message "$(cat /tmp/err.txt)"; fi

for d in xenstored xenconsoled; do
    if pidof $d >/dev/null; then pass "$d-alive"; else fail "$d-alive" "exited"; fi
done
echo "dom0-xl-check: done, $nfail failed"
[ $nfail -eq 0 ]
