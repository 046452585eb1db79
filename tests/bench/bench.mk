# SPDX-License-Identifier: GPL-2.0-only
# `make bench`: dom0 boot time, Xenolite vs. Debian's Xen 4.17 (tests/bench/bench.py).
# xlkernel: footprint, appliance boot latency, a Linux DomU beside (xlkernel-bench.py).
# BENCH_CMDS entries are single words (the Makefile runs each word as a command).
BENCH_CMDS += tests/bench/bench.py
BENCH_CMDS += tests/bench/xlkernel-bench.py
# Density: http appliances in 2 GiB, all answering (xlkernel-density.py).
BENCH_CMDS += tests/bench/xlkernel-density.py
# Save, restore and localhost migration (issue 22): a Linux DomU and an
# xlkernel appliance, downtime beside Xen 4.17's (migrate-bench.py).
BENCH_CMDS += tests/bench/migrate-bench.py

# Hot paths (issue 21): xen_version through privcmd and an event round trip
# through /dev/xen/evtchn from dom0 user space, under `-icount shift=0`.
HOTPATH_BIN := $(BUILD)/tests/bench/hotpath
$(HOTPATH_BIN): tests/bench/hotpath.c $(LIBHCALL_A) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -D_GNU_SOURCE $(LIBHCALL_INC) -static -o $@ $< $(LIBHCALL_A)
ALL_TARGETS += $(HOTPATH_BIN)
DOM0_INITRD_EXTRA += $(HOTPATH_BIN)=/opt/xenolite/bin/hotpath
$(DOM0_INITRD): $(HOTPATH_BIN)
BENCH_CMDS += tests/bench/hotpath-bench.py
# The instruction profile of the same loops (tests/bench/hotpath-profile.py).
INSN_PROFILE_SO := $(BUILD)/tests/bench/insn-profile.so
$(INSN_PROFILE_SO): tests/bench/insn-profile.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) -std=gnu11 -O2 $(HOST_WARN) -shared -fPIC -fvisibility=hidden -o $@ $< -lpthread
ALL_TARGETS += $(INSN_PROFILE_SO)

# Guest creation, destruction and scaling (issue 21): create+destroy cycles
# of the xlkernel hello appliance, then create/destroy latency, hot paths,
# store reads and free memory with 1, 50 and 200 of them running.
SCALE_BENCH := tests/bench/dom0-scale-bench.sh
DOM0_INITRD_EXTRA += $(SCALE_BENCH)=/opt/xenolite/bin/dom0-scale-bench
$(DOM0_INITRD): $(SCALE_BENCH)
BENCH_CMDS += tests/bench/scale-bench.py
