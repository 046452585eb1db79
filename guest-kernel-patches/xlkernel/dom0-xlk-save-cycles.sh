#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-xlk-save-cycles [CYCLES]: CYCLES (20) xl save -> xl restore cycles of
# the xlkernel echo appliance (8 MiB, a netback vif) in the tests/dom0
# initramfs, and nothing may leak (issue 22). Run by
# tests/boot/long/dom0-xlk-save-cycles.case (20 cycles, both hypervisors;
# 3 cycles make a short variant).
# Each cycle: xl save (the domain is gone), xl restore (a new domain id),
# the guest says "resumed (new domain), domain <id>" and echoes a line;
# then exactly one guest, two /local/domain entries (0 and its id), one
# vif back end, one bridge port, and the free memory it had after create.
# After the cycles: the guest's console log has CYCLES suspends and
# resumes and no panic; one console log file for the name; xenconsoled and
# xenstored hold the file descriptors they held after create. Destroy:
# only dom0, /local/domain is 0 alone, no back end, bridge port or
# console fd left, the free memory of before the create. Prints PASS:/FAIL:
# dom0-xlk-cycles/NAME lines and "dom0-xlk-cycles-check: done, N failed".

CYCLES=${1:-20}
CON=/var/log/xen/console
N=xlk-cyc
IP=10.99.0.24
CHECK_NAME=dom0-xlk-cycles
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
diagnose() {
    echo "dom0-xlk-save-cycles: diagnostics:"
    xl list
    xs -s ls /local/domain 2>&1 | head -n 20 | sed 's/^/  | /'
    tail -n 20 $CON/guest-$N.log 2>/dev/null | sed 's/^/  | /'
}
free_mib() { xl info | awk '/^free_memory/ { print $3 }'; }
in_list() { xl list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }
gone() { ! in_list "$1"; }
ms() { read -r u _ < /proc/uptime; echo $(( ${u%.*} * 1000 + 1${u#*.}0 - 1000 )); }
guests() { xl list | awk 'NR > 1 && $1 != "Domain-0"' | grep -c .; }
domains() { xs -s ls /local/domain 2>/dev/null | sort -n | tr '\n' ' '; }
vif_nodes() { xs -s ls /local/domain/0/backend/vif 2>/dev/null | grep -c .; }
ports() { ls /sys/class/net/xenbr0/brif 2>/dev/null | grep -c '^vif'; }
logs() { ls $CON | grep -c .; }
fds() { ls /proc/$(pidof "$1")/fd 2>/dev/null | grep -c .; }
logged() { [ "$(grep -c "$1" $CON/guest-$N.log)" -ge "${2:-1}" ]; }
echoes() { l="cycle $1 $$"; [ "$(echo "$l" | timeout 10 nc $IP 7)" = "$l" ]; }
# Memory within 1 MiB of $1 (xl info rounds to MiB).
mem_is() { f=$(free_mib); [ "$f" -ge $(($1 - 1)) ] && [ "$f" -le $(($1 + 1)) ]; }

# 1. Daemons; what dom0 has before the guest.
if xen_services; then pass daemons
else fail daemons "xencommons could not start the dom0 services"; fi
rm -f $CON/guest-$N.log
free0=$(free_mib) ports0=$(ports) logs0=$(logs)
xcfd0=$(fds xenconsoled) xsfd0=$(fds xenstored)

# 2. The echo app.
cat > /tmp/$N.cfg <<EOC
name = "$N"
kernel = "/opt/xenolite/xlkernel/xlkernel-echo"
memory = 8
vcpus = 1
extra = "ip=$IP/24"
vif = [ 'mac=00:16:3e:00:0c:05,bridge=xenbr0,backendtype=netback' ]
on_poweroff = "destroy"
on_crash = "preserve"
EOC
if xl create /tmp/$N.cfg && wait_for 1200 echoes 0; then pass create
else fail create "$(tail -n 3 $CON/guest-$N.log)"; fi
free1=$(free_mib) logs1=$(logs)
xcfd1=$(fds xenconsoled) xsfd1=$(fds xenstored)

# 3. The cycles. State after each restore: the same as after create.
state() { echo "guests $(guests), domains $(domains)vif $(vif_nodes), ports $(ports)"; }
want="guests 1, domains 0 ID vif 1, ports $((ports0 + 1))"
ok=0 i=0 tsave=0 trest=0
t_all=$(ms)
while [ $i -lt "$CYCLES" ]; do
    i=$((i + 1))
    t0=$(ms)
    if ! xl save $N /tmp/$N.save || ! wait_for 300 gone $N; then
        fail cycle-$i "xl save failed"; break
    fi
    t1=$(ms)
    if ! xl restore /tmp/$N.save; then fail cycle-$i "xl restore failed"; break; fi
    t2=$(ms)
    id=$(xl domid $N)
    if ! wait_for 600 logged "resumed (new domain), domain $id\$" ||
       ! wait_for 600 echoes $i; then
        fail cycle-$i "domain $id: no resume or no echo: $(tail -n 2 $CON/guest-$N.log | tr '\n' ' ')"
        break
    fi
    # Back ends of the old domain may still be going: wait for the state.
    w=$(echo "$want" | sed "s/ ID / $id /")
    if ! wait_eq 300 "$w" state || ! wait_for 300 mem_is $free1; then
        fail cycle-$i "after restore: $(state), free $(free_mib) MiB; want $w, free $free1 MiB"
        break
    fi
    ok=$((ok + 1)) tsave=$((tsave + t1 - t0)) trest=$((trest + t2 - t1))
    echo "dom0-xlk-save-cycles: cycle $i: domain $id, save $((t1 - t0)) ms, restore $((t2 - t1)) ms, $(state), free $(free_mib) MiB"
done
rm -f /tmp/$N.save
if [ $ok -eq "$CYCLES" ]; then
    pass "cycles ($CYCLES in $(( ($(ms) - t_all) / 1000 )) s; mean save $((tsave / ok)) ms, restore $((trest / ok)) ms)"
else fail cycles "$ok of $CYCLES"; fi

# 4. Nothing piled up while the guest runs.
check suspends "$(grep -c 'xlkernel: suspending' $CON/guest-$N.log)" "$CYCLES"
check resumes "$(grep -c 'xlkernel: resumed (new domain)' $CON/guest-$N.log)" "$CYCLES"
check no-panic "$(grep -c -E 'PANIC|panic' $CON/guest-$N.log)" 0
check console-logs "$(logs)" "$logs1"
check xenconsoled-fds "$(fds xenconsoled)" "$xcfd1"
check xenstored-fds "$(fds xenstored)" "$xsfd1"

# 5. Destroy: back to what dom0 had before the guest.
xl destroy $N
if wait_for 300 only_dom0 && wait_eq 300 "0 " domains && wait_eq 300 0 vif_nodes &&
   wait_eq 300 "$ports0" ports; then pass destroy
else fail destroy "$(state) (bridge ports were $ports0)"; fi
if wait_for 300 mem_is $free0; then pass memory
else fail memory "free $(free_mib) MiB, was $free0 MiB"; fi
check xenconsoled-fds-end "$(fds xenconsoled)" "$xcfd0"
check xenstored-fds-end "$(fds xenstored)" "$xsfd0"
check console-logs-end "$(logs)" "$((logs0 + 1))"

check_done
