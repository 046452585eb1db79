# SPDX-License-Identifier: GPL-2.0-only
# PV split drivers. Back ends (dom0):
#   $(BUILD)/drivers/qdisk         the user-space block backend (glibc shared, libhcall static)
#   $(BUILD)/drivers/qdisk.static  fully static, for the busybox dom0 initramfs (/usr/sbin/qdisk)
# Both link liburing (liburing-dev: liburing.a for the static one).
# docs/blkback.md describes it; the request layer's tests: tests/unit/suites/blkback.mk.

# drivers/backend/common: what the backend daemons share (backend.h), with
# what every dom0 daemon shares (dom0-tools/common, dom0_daemon.h).
BE_COMMON_DIR  := drivers/backend/common
BE_COMMON_SRCS := $(addprefix $(BE_COMMON_DIR)/,xs_util.c ring_check.c daemon.c) \
    $(DOM0_COMMON_SRCS)

QDISK_DIR    := drivers/backend/blk
QDISK_OUT    := $(BUILD)/drivers
QDISK_SRCS   := $(addprefix $(QDISK_DIR)/,main.c device.c ring.c io.c pool.c uring.c grants.c blkif_req.c) \
    $(BE_COMMON_SRCS)
QDISK_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE -pthread $(LIBHCALL_INC) -I$(ROOT)/$(QDISK_DIR) \
    -I$(ROOT)/$(BE_COMMON_DIR) $(DOM0_COMMON_INC)
QDISK_DEPS   := $(QDISK_SRCS) $(QDISK_DIR)/qdisk.h $(QDISK_DIR)/blkif_req.h \
    $(BE_COMMON_DIR)/backend.h $(DOM0_COMMON_HDRS) $(LIBHCALL_A)

ALL_TARGETS += $(QDISK_OUT)/qdisk $(QDISK_OUT)/qdisk.static

$(QDISK_OUT)/qdisk: $(QDISK_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QDISK_CFLAGS) -o $@ $(QDISK_SRCS) $(LIBHCALL_A) -luring

$(QDISK_OUT)/qdisk.static: $(QDISK_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QDISK_CFLAGS) -static -o $@ $(QDISK_SRCS) $(LIBHCALL_A) -luring

DOM0_INITRD_EXTRA += $(QDISK_OUT)/qdisk.static=/usr/sbin/qdisk
$(DOM0_INITRD): $(QDISK_OUT)/qdisk.static

# The dom0 end-to-end check (tests/boot/cases/dom0-qdisk.case) and the
# frontend it uses: dom0 attaches its own disks with Linux's xen-blkfront,
# copied in (not loaded at boot). The module's path is known once the kernel
# is unpacked: DOM0_INITRD_EXTRA is expanded when the initramfs is built.
QDISK_DOM0_CHECK := $(QDISK_DIR)/dom0-qdisk-check.sh
DOM0_INITRD_EXTRA += $(QDISK_DOM0_CHECK)=/opt/xenolite/bin/dom0-qdisk-check \
    $(firstword $(wildcard $(CACHE)/linux/lib/modules/*/kernel/drivers/block/xen-blkfront.ko))=/opt/xenolite/modules/xen-blkfront.ko
$(DOM0_INITRD): $(QDISK_DOM0_CHECK)

# A hostile frontend in dom0 (same boot case): garbage requests, a runaway req_prod.
QDISK_HOSTILE := $(QDISK_OUT)/qdisk-hostile-fe
ALL_TARGETS += $(QDISK_HOSTILE)
$(QDISK_HOSTILE): $(QDISK_DIR)/qdisk-hostile-fe.c $(LIBHCALL_A) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QDISK_CFLAGS) -static -o $@ $< $(LIBHCALL_A)
DOM0_INITRD_EXTRA += $(QDISK_HOSTILE)=/opt/xenolite/bin/qdisk-hostile-fe
$(DOM0_INITRD): $(QDISK_HOSTILE)

# `make bench`: qdisk vs. Linux's blkback in a DomU (bench/blk-bench.py).
# blkbench runs in the guest: the tests/domu initramfs with it appended (the
# kernel unpacks concatenated archives) is the bench guest's ramdisk.
BLKBENCH        := $(QDISK_OUT)/blkbench
BLKBENCH_INITRD := $(QDISK_OUT)/domu-bench-initrd.gz
QDISK_DOM0_BENCH := $(QDISK_DIR)/bench/dom0-blk-bench.sh
ALL_TARGETS += $(BLKBENCH) $(BLKBENCH_INITRD)
$(BLKBENCH): $(QDISK_DIR)/bench/blkbench.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -static -pthread -o $@ $<
$(BLKBENCH_INITRD): $(DOMU_INITRD) $(BLKBENCH)
	$(Q)rm -rf $@.d && mkdir -p $@.d/bin && cp $(BLKBENCH) $@.d/bin/blkbench && \
	    (cd $@.d && echo bin/blkbench | cpio -o -H newc --owner=0:0 --quiet | gzip -9n) > $@.tmp && \
	    cat $(DOMU_INITRD) $@.tmp > $@ && rm -rf $@.d $@.tmp
DOM0_INITRD_EXTRA += $(BLKBENCH_INITRD)=/opt/xenolite/domu/bench-initrd.gz \
    $(QDISK_DOM0_BENCH)=/opt/xenolite/bin/dom0-blk-bench
$(DOM0_INITRD): $(BLKBENCH_INITRD) $(QDISK_DOM0_BENCH)
BENCH_CMDS += $(QDISK_DIR)/bench/blk-bench.py

# qnic, the user-space net backend (docs/netback.md); its packet layer's
# tests: tests/unit/suites/netback.mk.
#   $(BUILD)/drivers/qnic         glibc shared, libhcall static
#   $(BUILD)/drivers/qnic.static  for the dom0 initramfs (/usr/sbin/qnic)
QNIC_DIR    := drivers/backend/net
QNIC_SRCS   := $(addprefix $(QNIC_DIR)/,main.c device.c tap.c tx.c rx.c netif_req.c) \
    $(BE_COMMON_SRCS)
QNIC_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE $(LIBHCALL_INC) -I$(ROOT)/$(QNIC_DIR) \
    -I$(ROOT)/$(BE_COMMON_DIR) $(DOM0_COMMON_INC)
QNIC_DEPS   := $(QNIC_SRCS) $(QNIC_DIR)/qnic.h $(QNIC_DIR)/netif_req.h \
    $(BE_COMMON_DIR)/backend.h $(DOM0_COMMON_HDRS) $(LIBHCALL_A)

ALL_TARGETS += $(QDISK_OUT)/qnic $(QDISK_OUT)/qnic.static

$(QDISK_OUT)/qnic: $(QNIC_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QNIC_CFLAGS) -o $@ $(QNIC_SRCS) $(LIBHCALL_A)

$(QDISK_OUT)/qnic.static: $(QNIC_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QNIC_CFLAGS) -static -o $@ $(QNIC_SRCS) $(LIBHCALL_A)

DOM0_INITRD_EXTRA += $(QDISK_OUT)/qnic.static=/usr/sbin/qnic
$(DOM0_INITRD): $(QDISK_OUT)/qnic.static

# The dom0 loopback check (tests/boot/cases/dom0-qnic.case): dom0's own
# xen-netfront (copied in, loaded by the check) on a qnic vif of dom0.
QNIC_DOM0_CHECK := $(QNIC_DIR)/dom0-qnic-check.sh
DOM0_INITRD_EXTRA += $(QNIC_DOM0_CHECK)=/opt/xenolite/bin/dom0-qnic-check \
    $(firstword $(wildcard $(CACHE)/linux/lib/modules/*/kernel/drivers/net/xen-netfront.ko))=/opt/xenolite/modules/xen-netfront.ko
$(DOM0_INITRD): $(QNIC_DOM0_CHECK)

# A hostile netif frontend in dom0 (same boot case): bad tx chains.
QNIC_HOSTILE := $(QDISK_OUT)/qnic-hostile-fe
ALL_TARGETS += $(QNIC_HOSTILE)
$(QNIC_HOSTILE): $(QNIC_DIR)/qnic-hostile-fe.c $(BE_COMMON_SRCS) $(LIBHCALL_A) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(QNIC_CFLAGS) -static -o $@ $< $(BE_COMMON_SRCS) $(LIBHCALL_A)
DOM0_INITRD_EXTRA += $(QNIC_HOSTILE)=/opt/xenolite/bin/qnic-hostile-fe
$(DOM0_INITRD): $(QNIC_HOSTILE)

# `make bench`: qnic vs. Linux's netback, dom0 <-> a Linux DomU
# (bench/net-bench.py; NET_BENCH_HV="xenolite xen-4.17" adds Xen 4.17).
QNIC_DOM0_BENCH := $(QNIC_DIR)/bench/dom0-net-bench.sh
DOM0_INITRD_EXTRA += $(QNIC_DOM0_BENCH)=/opt/xenolite/bin/dom0-net-bench
$(DOM0_INITRD): $(QNIC_DOM0_BENCH)
BENCH_CMDS += $(QNIC_DIR)/bench/net-bench.py
