# SPDX-License-Identifier: GPL-2.0-only
# xl: the dom0 toolstack CLI. Outputs under $(BUILD)/dom0-tools/xl/:
#   xl         dynamically linked (libxml2, yajl, libuuid)
#   xl-static  fully static (same objects), for the busybox dom0 initramfs
# Sources and flags: vars.mk.

include dom0-tools/xl/vars.mk

ALL_TARGETS += $(XL_OUT)/xl $(XL_OUT)/xl-static

$(XL_OUT)/obj/%.o: $(XL_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(XL_CPPFLAGS) -MMD -MP -c $< -o $@

# The schema is embedded with .incbin, which -MMD cannot see.
$(XL_OUT)/obj/xml_config.o: $(XL_RNG)

# The backend's libraries: the builder, libhcall (static), the builder's
# decompression libraries.
XL_HB_LIBS := $(XB_A) $(LIBHCALL_A) $(XB_LIBS) -pthread

$(XL_OUT)/xl: $(XL_OBJS) $(XB_A) $(LIBHCALL_A)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(XL_OBJS) -o $@ $(XL_HB_LIBS) $(XL_LDLIBS)

$(XL_OUT)/obj/icu_stub.o: $(XL_DIR)/icu_stub.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -DXL_ICU_VER=$(XL_ICU_VER) -c $< -o $@

$(XL_OUT)/xl-static: $(XL_STATIC_OBJS) $(XB_A) $(LIBHCALL_A)
	$(Q)$(HOST_CC) -static $(HOST_CFLAGS) $(XL_STATIC_OBJS) -o $@ \
	    $(XL_HB_LIBS) $(XL_STATIC_LDLIBS)

-include $(XL_OBJS:.o=.d)

# Into the dom0 initramfs (tests/dom0): xl, xenconsoled, the DomU of the
# QEMU test (Debian's kernel - a symlink in the cache, hence realpath,
# evaluated when the recipe runs -, the tests/domu initramfs and its config),
# the tiny guest of the create/destroy cycles (the hello test kernel and
# tests/domu/hello.cfg) and the check that tests/boot/cases/dom0-xl.case runs.
DOMU_INITRD := $(BUILD)/tests/domu/initrd.gz
$(DOMU_INITRD): tests/domu/mkinitrd.sh tests/domu/init $(FETCH_LINUX) | $(DEPS_STAMP)
	$(Q)tests/domu/mkinitrd.sh $@ $(CACHE)/linux
ALL_TARGETS += $(DOMU_INITRD)

XL_DOM0_CHECK := $(XL_DIR)/dom0-xl-check.sh
XL_DOM0_BENCH := $(XL_DIR)/dom0-xl-bench.sh
XL_DOM0_BLK   := $(XL_DIR)/dom0-blk-check.sh
XL_DOM0_NET   := $(XL_DIR)/dom0-net-check.sh
XL_DOM0_SAVE  := $(XL_DIR)/dom0-save-check.sh
XL_DOM0_MIG   := $(XL_DIR)/dom0-migrate-check.sh
XL_DOM0_MIGB  := $(XL_DIR)/dom0-migrate-bench.sh
DOM0_INITRD_EXTRA += $(XL_OUT)/xl-static=/usr/sbin/xl \
                     $(XC_OUT)/xenconsoled.static=/usr/sbin/xenconsoled \
                     $(realpath $(DOM0_KERNEL))=/opt/xenolite/domu/vmlinuz \
                     $(DOMU_INITRD)=/opt/xenolite/domu/initrd.gz \
                     tests/domu/domu.cfg=/opt/xenolite/domu/domu.cfg \
                     $(GUEST_OUT)/hello=/opt/xenolite/domu/hello \
                     tests/domu/hello.cfg=/opt/xenolite/domu/hello.cfg \
                     $(XL_DOM0_CHECK)=/opt/xenolite/bin/dom0-xl-check \
                     $(XL_DOM0_BENCH)=/opt/xenolite/bin/dom0-xl-bench \
                     $(XL_DOM0_BLK)=/opt/xenolite/bin/dom0-blk-check \
                     $(XL_DOM0_NET)=/opt/xenolite/bin/dom0-net-check \
                     $(XL_DOM0_SAVE)=/opt/xenolite/bin/dom0-save-check \
                     $(XL_DOM0_MIG)=/opt/xenolite/bin/dom0-migrate-check \
                     $(XL_DOM0_MIGB)=/opt/xenolite/bin/dom0-migrate-bench \
                     tests/dom0/net.sh=/etc/init.d/20-net.sh
$(DOM0_INITRD): $(XL_OUT)/xl-static $(XC_OUT)/xenconsoled.static \
                $(DOMU_INITRD) tests/domu/domu.cfg $(GUEST_OUT)/hello \
                tests/domu/hello.cfg $(XL_DOM0_CHECK) $(XL_DOM0_BENCH) \
                $(XL_DOM0_BLK) $(XL_DOM0_NET) $(XL_DOM0_SAVE) $(XL_DOM0_MIG) \
                $(XL_DOM0_MIGB) \
                tests/dom0/net.sh

# `make bench`: xl create -> DomU init, create+destroy cycles per minute.
BENCH_CMDS += $(XL_DIR)/xl-bench.py

# `make soak` (not in `make test`): SOAK_CYCLES (default 1000) create/destroy
# cycles of the hello kernel with the leak checks of dom0-xl-check, on
# SOAK_HV (default xenolite; "xenolite xen-4.17" runs both).
SOAK_CYCLES ?= 1000
SOAK_HV     ?= xenolite
.PHONY: soak
soak: $(DEPS_STAMP) $(ALL_TARGETS)
	$(Q)sed 's/XL_CHECK_CYCLES=1000/XL_CHECK_CYCLES=$(SOAK_CYCLES)/' \
	    $(XL_DIR)/dom0-xl-soak.case > $(BUILD)/dom0-xl-soak.case
	$(Q)$(PYTHON) tests/boot/runner.py $(addprefix --hv ,$(SOAK_HV)) --times \
	    $(BUILD)/dom0-xl-soak.case
