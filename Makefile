# SPDX-License-Identifier: GPL-2.0-only
# Xenolite top-level build. Every output goes under $(BUILD)/.
#
#   make          build everything that exists
#   make test     unit + ABI + boot tests; ends with "N passed, N failed[, N skipped]"
#                 (boot cases TEST_JOBS at a time; TEST_JOBS=1: one by one)
#   make run      boot the hypervisor (+ dom0 when available) in QEMU on this terminal
#   make iso      write build/xenolite.iso
#   make bench    benchmarks (Xenolite vs. Debian's Xen 4.17)
#
# Each component owns a fragment (listed below) that appends to:
#   ALL_TARGETS      files `make` builds
#   UNIT_TEST_PROGS  host test executables (print PASS:/FAIL:/SKIP: lines)
#   BOOT_TEST_CASES  boot-test case files for tests/boot/runner.py
#   BENCH_CMDS       benchmark commands run by `make bench`

SHELL      := /bin/bash
BUILD      := build
ROOT       := $(CURDIR)
V          ?= 0
Q          := $(if $(filter 1,$(V)),,@)
HOST_CC    ?= gcc
PYTHON     ?= python3

# Warnings are errors everywhere; tests add the sanitizers.
HOST_WARN     := -Wall -Wextra -Werror
HOST_CFLAGS   := -std=gnu11 -O2 -g $(HOST_WARN) -I$(ROOT)/xen/include
TEST_CFLAGS   := -std=gnu11 -O1 -g $(HOST_WARN) -fsanitize=address,undefined \
                 -fno-omit-frame-pointer -fno-sanitize-recover=all
TEST_LDFLAGS  := -fsanitize=address,undefined

# Settings for `make run` (and the dom0 boot tests).
SMP        ?= 2
MEM        ?= 2048
DOM0_MEM   ?= 1024M
DOM0_VCPUS ?= 2
XEN_CMDLINE ?= console=com1 loglvl=all dom0_mem=$(DOM0_MEM) dom0_max_vcpus=$(DOM0_VCPUS)

ALL_TARGETS     :=
UNIT_TEST_PROGS :=
BOOT_TEST_CASES :=
BENCH_CMDS      :=

.DEFAULT_GOAL := all
# A recipe that fails or is interrupted leaves no half-written target that a
# later make would take as up to date (a killed link once left a 0-byte xl).
.DELETE_ON_ERROR:
.PHONY: all test run iso bench clean deps unit-test boot-test distclean

DEPS_STAMP := $(BUILD)/.deps-ok
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/debian-packages.txt scripts/deps.sh
	$(Q)scripts/deps.sh $@

-include install.mk
-include xen/xen.mk
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include tests/abi/abi.mk
-include tests/guest/guest.mk
-include tests/boot/boot.mk
-include libhcall/libhcall.mk
-include dom0-tools/dom0-tools.mk
-include drivers/drivers.mk
-include guest-kernel-patches/guest-kernel-patches.mk
-include tests/bench/bench.mk
# Last: it reuses DOM0_INITRD_EXTRA as the other fragments left it.
-include tests/dom0/debian-xl/debian-xl.mk

all: $(DEPS_STAMP) $(ALL_TARGETS)

# Boot cases run TEST_JOBS at a time, longest first (each case file's
# `cost`; tests/boot/README.md): 2 on a host with two or more CPUs, else 1,
# one after another. Unit programs run one after another.
TEST_JOBS ?= $(if $(filter-out 0 1,$(shell nproc 2>/dev/null || echo 1)),2,1)

test: $(DEPS_STAMP) $(ALL_TARGETS) $(UNIT_TEST_PROGS)
	$(Q)$(PYTHON) scripts/run-tests.py --build $(BUILD) --jobs $(TEST_JOBS) \
	    --unit $(UNIT_TEST_PROGS) --boot $(BOOT_TEST_CASES)

unit-test: $(DEPS_STAMP) $(UNIT_TEST_PROGS)
	$(Q)$(PYTHON) scripts/run-tests.py --build $(BUILD) --unit $(UNIT_TEST_PROGS)

boot-test: $(DEPS_STAMP) $(ALL_TARGETS)
	$(Q)$(PYTHON) scripts/run-tests.py --build $(BUILD) --jobs $(TEST_JOBS) \
	    --boot $(BOOT_TEST_CASES)

# What `make run` / `make iso` boot: the hypervisor plus RUN_MODULES, a list of
# "path|command line" words (set by the dom0 fragment once a dom0 exists).
RUN_MODULES ?=
RUN_DEPS    ?=
iso: $(BUILD)/xenolite.iso
$(BUILD)/xenolite.iso: $(DEPS_STAMP) $(BUILD)/xenolite $(RUN_DEPS) scripts/mkiso.sh
	$(Q)scripts/mkiso.sh $@ "$(BUILD)/xenolite|$(XEN_CMDLINE)" $(RUN_MODULES)

run: $(BUILD)/xenolite.iso
	$(Q)scripts/qemu-run.sh $< $(SMP) $(MEM)

# Every benchmark runs even if one fails; report.py prints the merged table
# and figures (build/bench/), and the target fails if any measurement did.
bench: $(DEPS_STAMP) $(ALL_TARGETS)
	$(Q)rm -f $(BUILD)/bench/*.json; rc=0; \
	$(foreach c,$(BENCH_CMDS),$(c) || { echo "bench: $(c) failed"; rc=1; };) \
	tests/bench/report.py || rc=1; exit $$rc

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/xenolite $(BUILD)/xen-syms \
	    $(BUILD)/xenolite.iso $(BUILD)/test-logs $(BUILD)/bench

# distclean also drops the cache of downloaded Debian packages.
distclean:
	rm -rf $(BUILD)
