#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /etc/init.d/20-net.sh of the test dom0 (tests/dom0/mkinitrd.sh): lo up and
# the bridge xenbr0 with dom0's address 10.99.0.1/24, the bridge vif= specs
# join by default, also with xenolite.nodaemons. The logic is xencommons's
# (its "net" step, idempotent). (xl creates a missing bridge itself too,
# without an address: docs/xl.md, "Network".)
exec sh /etc/init.d/xencommons net
