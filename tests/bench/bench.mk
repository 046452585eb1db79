# SPDX-License-Identifier: GPL-2.0-only
# `make bench`: dom0 boot time, Xenolite vs. Debian's Xen 4.17 (tests/bench/bench.py).
# xlkernel: footprint, appliance boot latency, a Linux DomU beside (xlkernel-bench.py).
# BENCH_CMDS entries are single words (the Makefile runs each word as a command).
BENCH_CMDS += tests/bench/bench.py
BENCH_CMDS += tests/bench/xlkernel-bench.py
