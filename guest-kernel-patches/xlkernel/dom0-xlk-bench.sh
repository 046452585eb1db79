#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlk-bench [RUNS] [LINUX_RUNS]: xlkernel boot figures, run in the
# tests/dom0 initramfs by tests/bench/xlkernel-bench.py (`make bench`).
# Times come from /proc/uptime (10 ms steps) around `xl create`, polling the
# guest's console log (xenconsoled) without sleeping:
#   hello-line-ms    create -> the hello app's line, RUNS times
#   hello-kernel-us  the kernel's own "up in N us" (start_info -> app_main)
#   hello-used-kib   guest memory in use at app_main (8 MiB guest)
#   http-answer-ms   create -> the http app's first answer to wget, RUNS times
#   linux-line-ms    create -> a Linux DomU's first console line (the
#                    tests/domu guest, 128 MiB), LINUX_RUNS times
#   linux-shell-ms   create -> its user space (init's first line)
# Prints "xlk-bench: NAME v1 v2 ..." lines, then "xlk-bench: done, N failed".

RUNS=${1:-20}
LRUNS=${2:-3}
D=/opt/xenolite/xlkernel
CON=/var/log/xen/console
nfail=0
ms() { read -r u _ < /proc/uptime; echo $(( ${u%.*} * 1000 + 1${u#*.}0 - 1000 )); }
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
gone() { ! in_list "$1"; }
wait_gone() { i=0; while in_list "$1" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done; }
cfg() {   # cfg NAME KERNEL MEMORY [LINES...]
    n=$1 k=$2 m=$3; shift 3
    { echo "name = \"$n\""; echo "kernel = \"$k\""; echo "memory = $m"
      echo "vcpus = 1"; echo 'on_poweroff = "destroy"'
      for l in "$@"; do echo "$l"; done; } > /tmp/$n.cfg
}
# until_ms DEADLINE-MS COMMAND...: poll without sleeping; 0 on success.
until_ms() {
    end=$1; shift
    while ! "$@" 2>/dev/null; do [ "$(ms)" -lt "$end" ] || return 1; done
}

pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
i=0; while [ ! -S /run/xenstored/socket ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
i=0; while [ ! -S /run/xenconsoled/socket ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done

# 1. hello: create -> its line.
line= kern= used=
r=0
while [ $r -lt "$RUNS" ]; do
    r=$((r + 1)); n=xlk-bh-$r
    rm -f $CON/guest-$n.log
    cfg $n $D/xlkernel-hello 8
    t0=$(ms)
    if xl create -q /tmp/$n.cfg &&
       until_ms $((t0 + 60000)) grep -q "Hello, world" $CON/guest-$n.log; then
        line="$line $(( $(ms) - t0 ))"
        up=$(sed -n 's/.*xlkernel: hello up in \([0-9]*\) us: domain [0-9]*, \([0-9]*\) KiB, \([0-9]*\) KiB free.*/\1 \2 \3/p' $CON/guest-$n.log)
        set -- $up
        [ $# -eq 3 ] && kern="$kern $1" && used="$used $(($2 - $3))"
    else
        echo "xlk-bench: hello run $r failed"; nfail=$((nfail + 1))
    fi
    wait_gone $n; xl destroy $n 2>/dev/null
done
echo "xlk-bench: hello-line-ms$line"
echo "xlk-bench: hello-kernel-us$kern"
echo "xlk-bench: hello-used-kib$used"

# 2. http: create -> first answer.
ans=
r=0
cfg xlk-bhttp $D/xlkernel-http 8 "vif = [ 'mac=00:16:3e:00:0d:01,bridge=xenbr0,backendtype=netback,ip=10.99.0.30' ]"
while [ $r -lt "$RUNS" ]; do
    r=$((r + 1))
    t0=$(ms)
    if xl create -q /tmp/xlk-bhttp.cfg &&
       until_ms $((t0 + 60000)) timeout 5 wget -q -O /tmp/xlk-b.html http://10.99.0.30/; then
        ans="$ans $(( $(ms) - t0 ))"
    else
        echo "xlk-bench: http run $r failed"; nfail=$((nfail + 1))
    fi
    xl destroy xlk-bhttp; wait_gone xlk-bhttp
done
echo "xlk-bench: http-answer-ms$ans"

# 3. A Linux DomU beside them.
lline= lshell=
r=0
while [ $r -lt "$LRUNS" ]; do
    r=$((r + 1)); n=lnx-b-$r
    rm -f $CON/guest-$n.log
    cfg $n /opt/xenolite/domu/vmlinuz 128 'ramdisk = "/opt/xenolite/domu/initrd.gz"' \
        'extra = "console=hvc0"' 'on_crash = "preserve"'
    t0=$(ms)
    if xl create -q /tmp/$n.cfg &&
       until_ms $((t0 + 600000)) test -s $CON/guest-$n.log; then
        lline="$lline $(( $(ms) - t0 ))"
        if until_ms $((t0 + 600000)) grep -q "xenolite-domu: hello from init" $CON/guest-$n.log; then
            lshell="$lshell $(( $(ms) - t0 ))"
        else
            echo "xlk-bench: linux run $r: no init line"; tail -n 5 $CON/guest-$n.log
            nfail=$((nfail + 1))
        fi
    else
        echo "xlk-bench: linux run $r failed"; nfail=$((nfail + 1))
    fi
    xl destroy $n; wait_gone $n
done
echo "xlk-bench: linux-line-ms$lline"
echo "xlk-bench: linux-shell-ms$lshell"
echo "xlk-bench: done, $nfail failed"
