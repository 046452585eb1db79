#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /etc/init.d/30-dhcp.sh of the dom0 initramfs (tests/dom0/mkinitrd.sh) and
# the udhcpc script it hands to busybox udhcpc. At boot: for each interface
# named by xenolite.dhcp=IF[,IF...] on the kernel command line (`make run`
# puts xenolite.dhcp=eth0 there), bring it up and ask for a lease, once,
# for up to about 10 s; without the parameter it does nothing (the test
# cases configure their NICs themselves). Prints
# "xenolite-dom0: IF has ADDRESS/PREFIX (DHCP)" or why it got none.
# As udhcpc's script ($1 = deconfig, bound, renew, leasefail, nak; the
# lease in $interface, $ip, $mask, $router, $dns) it configures the address,
# the default route and /etc/resolv.conf.

self=/etc/init.d/30-dhcp.sh

case $1 in
deconfig)
    ip addr flush dev "$interface"
    ip link set "$interface" up
    exit 0 ;;
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface" || exit 1
    for r in $router; do
        ip route replace default via "$r" dev "$interface" && break
    done
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    exit 0 ;;
leasefail|nak)
    exit 0 ;;
esac

ifs=
for arg in $(cat /proc/cmdline); do
    case $arg in
    xenolite.dhcp=*) ifs=${arg#xenolite.dhcp=} ;;
    esac
done
for i in $(echo "$ifs" | tr , ' '); do
    if [ ! -e "/sys/class/net/$i" ]; then
        echo "xenolite-dom0: dhcp: no interface '$i' (xenolite.dhcp=)"
        continue
    fi
    ip link set "$i" up
    if udhcpc -i "$i" -n -q -t 5 -T 2 -s "$self" >/dev/null 2>&1; then
        echo "xenolite-dom0: $i has" \
             "$(ip -4 -o addr show dev "$i" | awk '{ print $4; exit }') (DHCP)"
    else
        echo "xenolite-dom0: dhcp: no lease on $i"
    fi
done
exit 0
