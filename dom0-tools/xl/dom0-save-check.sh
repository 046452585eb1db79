#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-save-check: xl save / xl restore end to end (tests/boot/long/
# dom0-save.case). Creates the tests/domu guest counting seconds on its
# console (xenolite.counter), saves it with -c (it runs on), saves it for
# good (it is gone), refuses a truncated and a corrupted copy of the file
# (clear message, exit 1, no domain left), restores it and checks that the
# counter continues from where it stopped instead of starting again, then
# destroys it and checks free memory came back. Prints PASS:/FAIL:
# dom0-save/NAME lines and "dom0-save-check: done, N failed".

D=/opt/xenolite/domu
CFG=/tmp/counter.cfg
LOG=/var/log/xen/console/guest-domu.log
CHECK_NAME=dom0-save CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh

free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
last_count() { sed -n 's/.*xenolite-domu: counter \([0-9]*\).*/\1/p' "$LOG" | tail -n 1; }
count_above() { c=$(last_count); [ -n "$c" ] && [ "$c" -gt "$1" ]; }
diagnose() {
    echo "dom0-save-check: diagnostics:"
    xl list; xl vcpu-list
    tail -n 15 "$LOG" /var/log/xen/xenconsoled.log /var/log/xen/xenstored.log \
        /var/log/xen/xl-domu.log 2>/dev/null | sed 's/^/  | /'
    xl dmesg | tail -n 20
}

xen_services || fail daemons "xencommons could not start the dom0 services"
free0=$(free_mib)
sed 's/^extra = .*/extra = "console=hvc0 xenolite.counter"/' $D/domu.cfg > $CFG

# 1. The guest counts.
xl create "$CFG" || fail create "xl create failed"
if wait_for 2400 count_above 2; then pass counting
else fail counting "no 'counter 3' in $LOG after 240 s"; fi

# 2. A checkpoint (-c): the file is written, the guest runs on.
t0=$(date +%s)
if xl save -c domu /tmp/ckpt.save; then
    c=$(last_count)
    if in_list domu && wait_for 600 count_above $((c + 1)); then
        pass "save-continue ($(($(date +%s) - t0)) s, $(wc -c < /tmp/ckpt.save) bytes)"
    else fail save-continue "domu stopped counting after save -c (at $c)"; fi
else fail save-continue "xl save -c failed"; fi
rm -f /tmp/ckpt.save

# 3. Save for good: the domain is gone.
t0=$(date +%s)
if xl save domu /tmp/domu.save; then
    secs=$(($(date +%s) - t0))
    before=$(last_count)
    if ! in_list domu; then pass "save ($secs s, $(wc -c < /tmp/domu.save) bytes, counter at $before)"
    else fail save "domu still listed after xl save"; fi
else fail save "xl save failed"; fi

# 4. Broken files are refused with a clear message and leave no domain.
size=$(wc -c < /tmp/domu.save)
head -c $((size / 2)) /tmp/domu.save > /tmp/trunc.save
xl restore /tmp/trunc.save 2>/tmp/err.txt; rc=$?
if [ $rc = 1 ] && grep -q "truncated" /tmp/err.txt && only_dom0; then pass "restore-truncated ($(cat /tmp/err.txt))"
else fail restore-truncated "rc $rc: $(cat /tmp/err.txt); $(xl list | tail -n +2)"; fi
cp /tmp/domu.save /tmp/bad.save
printf '\377' | dd of=/tmp/bad.save bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
xl restore /tmp/bad.save 2>/tmp/err.txt; rc=$?
if [ $rc = 1 ] && grep -q "CRC mismatch" /tmp/err.txt && ! in_list domu; then
    pass "restore-corrupt ($(cat /tmp/err.txt))"
else fail restore-corrupt "rc $rc: $(cat /tmp/err.txt)"; fi
rm -f /tmp/trunc.save /tmp/bad.save

# 5. Restore: the counter goes on from where it was.
t0=$(date +%s)
if xl restore /tmp/domu.save; then
    pass "restore ($(($(date +%s) - t0)) s)"
else fail restore "xl restore failed"; fi
if wait_for 1200 count_above $((before + 2)); then
    after=$(last_count)
    # A rebooted guest would print hello and start again at 1.
    first=$(sed -n 's/.*xenolite-domu: counter \([0-9]*\).*/\1/p' "$LOG" |
            awk -v b="$before" 'f { print; exit } $1 == b { f = 1 }')
    if [ "$first" = $((before + 1)) ]; then pass "counter-continues ($before -> $after)"
    else fail counter-continues "after $before came '$first'"; fi
else fail counter-continues "counter stuck at $(last_count) (was $before)"; fi
xl list

# 6. Destroy; memory comes back.
xl destroy domu || fail destroy "xl destroy failed"
# (Functions: wait_for re-runs them; "$(cmd)" as an argument would not.)
memory_back() { [ "$(free_mib)" -ge "$((free0 - 2))" ]; }
if wait_for 300 only_dom0 && wait_for 300 memory_back; then pass destroy-memory
else fail destroy-memory "free $(free_mib) MiB, was $free0"; fi
rm -f /tmp/domu.save
check_done
