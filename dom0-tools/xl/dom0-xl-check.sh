#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xl-check: the dom0 end-to-end test of xl, the PV builder and
# xenconsoled, run in the tests/dom0 initramfs by
# tests/boot/cases/dom0-xl.case. Starts xenstored and xenconsoled, creates
# the tests/domu guest (Debian's kernel + a busybox initramfs that says
# hello, waits for a console line and powers off), checks list/list -l,
# pause/unpause and the other verbs, xl console both ways,
# on_poweroff=destroy, xl create -c, xl reboot -w with on_reboot=restart,
# xl sysrq, xl shutdown -w, xl destroy of a running guest and that free
# memory comes back, exit statuses, then create/destroy cycles of the
# tiny hello kernel (XL_CHECK_CYCLES, default 50). Prints PASS:/FAIL:
# dom0-xl/NAME lines and a last line "dom0-xl-check: done, N failed".

D=/opt/xenolite/domu
CFG=$D/domu.cfg
LOG=/var/log/xen/console/guest-domu.log
CYCLES=${XL_CHECK_CYCLES:-50}
# pass, fail, wait_for, only_dom0, check_done; diagnose() runs before the
# first FAIL line, since the case stops there.
CHECK_NAME=dom0-xl CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh

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
        /var/log/xen/xl-domu.log /var/log/xen/xl-hello.log \
        /var/log/xen/console/guest-hello.log 2>/dev/null | sed 's/^/  | /'
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

# 3b. CPU time: xl list's Time(s) column (getdomaininfo's cpu_time, the
# sum of each vCPU's running time) is above 0 for dom0 and grows while dom0
# burns CPU.
dom0_time() { xl list 0 | awk '$1 == "Domain-0" { print $6 }'; }
t_a=$(dom0_time)
i=0; while [ $i -lt 20000 ]; do i=$((i + 1)); done
t_b=$(dom0_time)
if awk -v a="$t_a" -v b="$t_b" 'BEGIN { exit !(a > 0 && b > a) }'; then
    pass "cpu-time (dom0 ${t_a}s -> ${t_b}s)"
else
    fail cpu-time "dom0 Time(s) '$t_a' then '$t_b', want > 0 and growing"
fi

# 3c. xl info prints Xen's fields (each with a value); xl top -b shows
# two frames with every domain.
xl info > /tmp/info.txt
missing=""
for f in host release machine nr_cpus nr_nodes cores_per_socket \
         threads_per_core cpu_mhz hw_caps virt_caps total_memory free_memory \
         xen_major xen_minor xen_version xen_caps xen_scheduler xen_pagesize \
         platform_params xen_commandline xend_config_format; do
    grep -q "^$f  *: [^ ]" /tmp/info.txt || missing="$missing $f"
done
if [ -z "$missing" ] && grep -q '^hw_caps  *: [0-9a-f]\{8\}:' /tmp/info.txt
then pass info-fields; else fail info-fields "missing or empty:$missing"; fi
xl top -b -i 2 -d 1 > /tmp/top.out
if [ "$(grep -c '^xl top - ' /tmp/top.out)" = 2 ] &&
   [ "$(grep -c '^  *Domain-0 ' /tmp/top.out)" = 2 ] &&
   [ "$(grep -c '^  *domu ' /tmp/top.out)" = 2 ]; then pass top
else fail top "$(head -c 400 /tmp/top.out)"; fi

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
if xl dmesg | grep -q 'Command line:'; then pass dmesg; else fail dmesg "$(xl dmesg | head -n 2)"; fi

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

# 7. xl create -c, attached before the guest runs: its stdout shows the
# hello line. Then xl reboot -w: the guest's PV shutdown watch reboots it,
# -w returns once the old instance is gone, which also ends the create -c
# session (status 0), and on_reboot=restart (a command-line override)
# rebuilds it under a new domid, which says hello again.
hellos_ge() { [ "$(grep -c 'xenolite-domu: hello' "$LOG")" -ge "$1" ]; }
: > "$LOG"
rm -f /tmp/create-c.rc
(timeout 600 xl create -c "$CFG" on_reboot=restart < /dev/null \
     > /tmp/create-c.out 2>&1; echo $? > /tmp/create-c.rc) &
if wait_for 1800 grep -q "xenolite-domu: hello" /tmp/create-c.out; then
    pass create-console
else
    fail create-console "$(tail -n 3 /tmp/create-c.out | tr '\n' '|')"
fi
old=$(xl domid domu)
if xl reboot -w domu && ! xl list "$old" >/dev/null 2>&1; then
    pass reboot
else
    fail reboot "xl reboot -w failed or domain $old still there: $(xl list | tail -n +2 | tr '\n' '|')"
fi
wait_for 300 test -s /tmp/create-c.rc
rc=$(cat /tmp/create-c.rc 2>/dev/null)
if [ "$rc" = 0 ]; then pass create-console-end
else fail create-console-end "xl create -c exit '$rc': $(tail -n 2 /tmp/create-c.out | tr '\n' '|')"; fi
if wait_for 1800 hellos_ge 2 && new=$(xl domid domu) && [ "$new" != "$old" ] &&
   logged "PV reboot request" &&
   grep -q "domain $old shut down, action restart" /var/log/xen/xl-domu.log; then
    pass "on-reboot-restart (domain $old restarted as $new)"
else
    fail on-reboot-restart "$(tail -n 3 /var/log/xen/xl-domu.log | tr '\n' '|')"
fi

# 8. xl sysrq: 'h' makes the guest kernel print its sysrq help. It also
# reaches the console's pty, whose path xenconsoled writes to console/tty
# (Xen's convention, what xenconsole and virsh console open).
tty=$(xs -s read /local/domain/$new/console/tty 2>/dev/null)
rm -f /tmp/pty.out
if [ -c "$tty" ]; then
    (timeout 60 cat "$tty" > /tmp/pty.out) &
    sleep 1
fi
if xl sysrq domu h && wait_for 300 logged "sysrq: HELP"; then pass sysrq
else fail sysrq "no 'sysrq: HELP' in $LOG"; fi
if [ -c "$tty" ] && wait_for 300 grep -q "sysrq: HELP" /tmp/pty.out; then
    pass "console-tty ($tty)"
else
    fail console-tty "console/tty '$tty': $(head -c 200 /tmp/pty.out 2>/dev/null)"
fi
# A toolstack that rewrites the console directory after the domain is
# introduced (libxl writes an empty tty) gets the pty's path back.
ttynode=/local/domain/$new/console/tty
if [ -c "$tty" ] && xs -s write $ttynode "" &&
   wait_eq 300 "$tty" xs -s read $ttynode; then
    pass console-tty-restored
else
    fail console-tty-restored "console/tty is '$(xs -s read $ttynode 2>&1)', want '$tty'"
fi

# 9. xl shutdown -w: the guest powers off through control/shutdown, and
# -w returns once on_poweroff=destroy has removed it, memory back.
if xl shutdown -w domu && only_dom0 && logged "PV poweroff request" &&
   grep -q "domain $new shut down, action destroy" /var/log/xen/xl-domu.log
then pass shutdown-wait
else fail shutdown-wait "$(xl list | tail -n +2 | tr '\n' '|') $(tail -n 2 /var/log/xen/xl-domu.log | tr '\n' '|')"; fi
free2=$(free_mib)
if [ "$free2" = "$free0" ]; then pass shutdown-memory
else fail shutdown-memory "free ${free2} MiB, was ${free0} MiB"; fi

# 10. xl destroy of a running guest (created paused, unpaused, destroyed
# while its kernel boots) always succeeds, memory is back at once.
if xl create -q -p "$CFG" && xl unpause domu && sleep 1 && xl destroy domu
then pass destroy-running; else fail destroy-running "xl create/unpause/destroy failed"; fi
if only_dom0; then pass destroy-gone; else fail destroy-gone "$(xl list)"; fi
free3=$(free_mib)
if [ "$free3" = "$free0" ]; then pass destroy-memory
else fail destroy-memory "free ${free3} MiB, was ${free0} MiB"; fi

# 11. Failing verbs exit 1 (and -a with no guests has nothing to do).
rcs=""
for v in "shutdown nosuch" "reboot -w nosuch" "sysrq nosuch h" "destroy nosuch" \
         "create -c /nonexistent.cfg"; do
    xl $v 2>/dev/null; rcs="$rcs $?"
done
xl shutdown -a -w; rcs="$rcs $?"
if [ "$rcs" = " 1 1 1 1 1 0" ]; then pass exit-status
else fail exit-status "exit statuses$rcs, want 1 1 1 1 1 0"; fi

# 11b. Xen's verbs and global options: a Xen verb Xenolite lacks says so
# with status 2, an unknown word is status 1; -N refuses a verb that would
# change something and makes create a dry run; -T stamps messages; a
# refused xl.conf key stops xl with file:line:key.
out=""
xl remus domu localhost 2>/tmp/err.txt; out="$out $?"
grep -q "^xl: remus: not implemented by Xenolite" /tmp/err.txt || out="$out remus-msg"
xl cpupool-list 2>/dev/null; out="$out $?"
xl frobnicate 2>/tmp/err.txt; out="$out $?"
grep -q "unknown command 'frobnicate'; run 'xl help'" /tmp/err.txt || out="$out frob-msg"
xl -N destroy 0 2>/tmp/err.txt; out="$out $?"
grep -q "does not implement -N" /tmp/err.txt || out="$out N-msg"
xl -N create "$CFG" > /tmp/dry.json; out="$out $?"
grep -q '"name": "domu"' /tmp/dry.json && only_dom0 || out="$out N-create"
xl -T pause 2>/tmp/err.txt; out="$out $?"
grep -q '^\[.* UTC [0-9]*\] xl: pause: missing argument' /tmp/err.txt || out="$out T-msg"
mkdir -p /etc/xen
printf 'lockfile = "/run/xl.lock"\nautoballoon = "on"\n' > /etc/xen/xl.conf
xl list 2>/tmp/err.txt >/dev/null; out="$out $?"
rm -f /etc/xen/xl.conf
grep -q '/etc/xen/xl.conf:2: autoballoon: "on" is not supported' /tmp/err.txt || out="$out conf-msg"
if [ "$out" = " 2 2 1 1 0 1 1" ]; then pass xen-verbs-options
else fail xen-verbs-options "got$out, want 2 2 1 1 0 1 1: $(cat /tmp/err.txt)"; fi

# 12. create/destroy cycles with the tiny hello kernel, three ways in
# turn: created paused and destroyed (never ran); run to completion and
# removed by on_poweroff=destroy; run to completion, kept by
# on_poweroff=preserve (its "Test result" reaches the console log) and
# destroyed. Then free memory is where it started, and neither xl list
# nor the store has anything left of them.
HCFG=$D/hello.cfg
HLOG=/var/log/xen/console/guest-hello.log
uptime_s() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
shut_down() { xl list hello | awk '$1 == "hello" && $5 ~ /s/ { f = 1 } END { exit !f }'; }
results() { grep -c 'Test result: SUCCESS' "$HLOG" 2>/dev/null; }
results_ge() { [ "$(results)" -ge "$1" ]; }
one_cycle() {
    case $(($1 % 3)) in
    0) xl create -q -p "$HCFG" && xl destroy hello ;;
    1) xl create -q "$HCFG" && wait_for 300 only_dom0 ;;
    2) n=$(($(results) + 1))
       xl create -q "$HCFG" on_poweroff=preserve && wait_for 300 shut_down &&
       wait_for 300 results_ge $n && xl destroy hello ;;
    esac
}
# What the daemons and dom0 hold for guests: event channels bound through
# /dev/xen/evtchn (Linux names each "evtchn:<comm>" in /proc/interrupts),
# open descriptors, mappings of /dev/xen devices (grant and foreign maps)
# and resident memory, and loop devices (PV disks with backendtype=phy).
# Taken after the first three cycles (one of each kind), so lazily
# allocated daemon state is already there.
held() {
    ev=$(grep -c 'evtchn:' /proc/interrupts)
    out="evtchn $ev, loop $(losetup -a 2>/dev/null | wc -l)"
    for d in xenstored xenconsoled; do
        p=$(pidof $d | cut -d' ' -f1)
        fds=$(ls /proc/$p/fd 2>/dev/null | wc -l)
        maps=$(grep -c '/dev/xen' /proc/$p/maps 2>/dev/null)
        out="$out, $d fds $fds maps $maps"
    done
    echo "$out"
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' /proc/$(pidof $1 | cut -d' ' -f1)/status; }
t0=$(uptime_s)
i=0
while [ $i -lt "$CYCLES" ]; do
    ta=$(uptime_s)
    one_cycle $((i + 1)) || break
    i=$((i + 1))
    echo "dom0-xl-check: cycle $i ($(($i % 3))): $(elapsed $ta $(uptime_s))s"
    if [ $i -eq 3 ]; then
        held0=$(held); rs0=$(rss_kib xenstored); rc0=$(rss_kib xenconsoled)
    fi
done
t1=$(uptime_s)
free4=$(free_mib)
left=$(xl list | awk 'NR > 1 && $1 != "Domain-0"' | tr '\n' '|')
store=$( (xs -s ls /local/domain; xs -s ls /xenolite/xl) 2>/dev/null |
        grep -vx 0 | tr '\n' ' ')
mon=$(grep -c "shut down, action destroy" /var/log/xen/xl-hello.log)
pre=$(grep -c "shut down, action preserve" /var/log/xen/xl-hello.log)
if [ $i -eq "$CYCLES" ] && [ "$free4" = "$free0" ] && [ -z "$left$store" ] &&
   [ "$mon" -eq $(((CYCLES + 2) / 3)) ] && [ "$pre" -eq $(((CYCLES + 1) / 3)) ]; then
    pass "cycles ($CYCLES create+destroy in $(elapsed $t0 $t1)s, free ${free4} MiB)"
else
    fail cycles "$i of $CYCLES done, free ${free4} MiB (was ${free0}), left '$left$store', monitor destroy $mon preserve $pre"
fi
held1=$(held); rs1=$(rss_kib xenstored); rc1=$(rss_kib xenconsoled)
echo "dom0-xl-check: held after 3 cycles: $held0; xenstored ${rs0} KiB, xenconsoled ${rc0} KiB"
echo "dom0-xl-check: held after $i cycles: $held1; xenstored ${rs1} KiB, xenconsoled ${rc1} KiB"
# Descriptors, event channels and maps must not grow (an xl process of
# the last cycle may still hold a connection when the first figures are
# taken, so fewer is fine); resident memory may move by allocator noise
# only (64 KiB), never grow per cycle.
no_growth() {
    echo "$1|$2" | awk -F'|' '{
        n = split($1, a, /[^0-9]+/); split($2, b, /[^0-9]+/)
        for (i = 1; i <= n; i++) if (b[i] + 0 > a[i] + 0) exit 1 }'
}
if [ "$CYCLES" -gt 3 ] && no_growth "$held0" "$held1" &&
   [ $((rs1 - rs0)) -le 64 ] && [ $((rc1 - rc0)) -le 64 ]; then
    pass "no-leak ($held1; xenstored ${rs0}->${rs1} KiB, xenconsoled ${rc0}->${rc1} KiB)"
else
    fail no-leak "before: $held0, ${rs0}/${rc0} KiB; after: $held1, ${rs1}/${rc1} KiB"
fi

# 13. Errors say what to do next.
if xl create /nonexistent.cfg 2>/tmp/err.txt; then fail error-message "succeeded"
elif grep -q "cannot open '/nonexistent.cfg'" /tmp/err.txt; then pass error-message
else fail error-message "$(cat /tmp/err.txt)"; fi

for d in xenstored xenconsoled; do
    if pidof $d >/dev/null; then pass "$d-alive"; else fail "$d-alive" "exited"; fi
done
check_done
