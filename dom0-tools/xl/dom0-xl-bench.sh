#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xl-bench: run in the tests/dom0 initramfs by dom0-xl-bench.case
# (xl-bench.py, `make bench`). Times, with our xl and the tests/domu guest:
# seconds from `xl create` to the guest's init line (its hello in the
# console log), BENCH_RUNS times, and paused create+destroy cycles per
# minute. Prints "BENCH: name value" lines and "dom0-xl-bench: done".

CFG=/opt/xenolite/domu/domu.cfg
LOG=/var/log/xen/console/guest-domu.log
RUNS=${BENCH_RUNS:-3}
CYCLES=${BENCH_CYCLES:-3}

now() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
hello() { grep -q "xenolite-domu: hello" "$LOG" 2>/dev/null; }

# xenconsoled needs the store: start them in turn, each with a deadline.
wait_sock() {   # wait_sock PATH: up to 30 s
    n=0
    while [ ! -S "$1" ] && [ $n -lt 150 ]; do sleep 0.2; n=$((n + 1)); done
    [ -S "$1" ] || { echo "dom0-xl-bench: no $1 after 30 s"; echo "dom0-xl-bench: done"; exit 1; }
}
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
wait_sock /run/xenstored/socket
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
wait_sock /run/xenconsoled/socket

i=0
while [ $i -lt "$RUNS" ]; do
    i=$((i + 1))
    # (a failed redirection on ':' would end the script: only if it exists)
    if [ -f "$LOG" ]; then : > "$LOG"; fi
    t0=$(now)
    xl create -q "$CFG" || { echo "dom0-xl-bench: create failed"; break; }
    n=0
    while ! hello && [ $n -lt 3000 ]; do sleep 0.1; n=$((n + 1)); done
    t1=$(now)
    hello && echo "BENCH: create-to-init $(elapsed $t0 $t1)"
    xl destroy domu
done

t0=$(now)
i=0
while [ $i -lt "$CYCLES" ]; do
    xl create -q -p "$CFG" && xl destroy domu || break
    i=$((i + 1))
done
t1=$(now)
[ $i -eq "$CYCLES" ] &&
    echo "BENCH: cycles-per-min $(awk -v n=$i -v a=$t0 -v b=$t1 'BEGIN { printf "%.2f", 60 * n / (b - a) }')"
echo "dom0-xl-bench: done"
