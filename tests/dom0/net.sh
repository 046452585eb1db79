#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /etc/init.d/20-net.sh of the test dom0 (tests/dom0/mkinitrd.sh): the
# bridge xenbr0 that vif= specs join by default, with dom0's address
# 10.99.0.1/24 on it, and the loopback interface up. (xl creates a missing
# bridge itself too, without an address: docs/xl.md, "Network".)
ip link set lo up
[ -e /sys/class/net/xenbr0 ] || brctl addbr xenbr0 || exit 1
ip addr add 10.99.0.1/24 dev xenbr0 && ip link set xenbr0 up
