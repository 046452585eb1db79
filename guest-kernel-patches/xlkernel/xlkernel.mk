# SPDX-License-Identifier: GPL-2.0-only
# xlkernel: our small PV kernel (guest-kernel-patches/xlkernel/README.md).
# Every apps/<name>.c becomes $(BUILD)/xlkernel/xlkernel-<name>: the app, the
# kernel objects, the frontends of drivers/frontend/, libhcall's freestanding
# sources (compiled with the guest flags: the kernel is linked at 1 MiB, not
# in the top 2 GiB) and the guest runtime archive of tests/guest (entry,
# traps, console, string, time).

XLK_DIR   := guest-kernel-patches/xlkernel
XLK_OUT   := $(BUILD)/xlkernel
XLK_APPS  := $(sort $(basename $(notdir $(wildcard $(XLK_DIR)/apps/*.c))))
XLK_IMAGES := $(XLK_APPS:%=$(XLK_OUT)/xlkernel-%)
XLK_CFLAGS := $(GUEST_CFLAGS) -I$(ROOT)/$(XLK_DIR)/include \
              -I$(ROOT)/libhcall/include -I$(ROOT)/libhcall/freestanding \
              $(patsubst %,-I$(ROOT)/drivers/frontend/%,common blk net)
# The core is linked whole; the optional parts (drivers, lib/) go into an
# archive so that an app only carries what it uses. dom0-*.c are dom0
# programs, not kernel.
XLK_KOBJS := $(patsubst $(XLK_DIR)/%.c,$(XLK_OUT)/obj/%.o,\
                        $(filter-out $(XLK_DIR)/frontend.c $(XLK_DIR)/dom0-%.c,\
                                     $(wildcard $(XLK_DIR)/*.c)))
XLK_AOBJS := $(patsubst $(XLK_DIR)/%.c,$(XLK_OUT)/obj/%.o,\
                        $(wildcard $(XLK_DIR)/frontend.c $(XLK_DIR)/lib/*.c)) \
             $(patsubst drivers/frontend/%.c,$(XLK_OUT)/drivers/%.o,\
                        $(wildcard drivers/frontend/*/*.c))
include $(XLK_DIR)/lwip/lwip.mk
XLK_AOBJS += $(patsubst $(XLK_DIR)/%.c,$(XLK_OUT)/obj/%.o,$(wildcard $(XLK_DIR)/lwip/*.c)) \
             $(LWIP_OBJS)
XLK_A     := $(XLK_OUT)/libxlkernel-extra.a
XLK_HCALL_OBJS := $(patsubst libhcall/freestanding/%.c,$(XLK_OUT)/hcall/%.o,\
                  $(wildcard libhcall/freestanding/*.c)) $(XLK_OUT)/hcall/xs_msg.o
XLK_HCALL_A := $(XLK_OUT)/hcall/libhcall-guest.a

$(XLK_OUT)/obj/%.o: $(XLK_DIR)/%.c | $(DEPS_STAMP) $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(XLK_CFLAGS) -MMD -MP -c $< -o $@
$(XLK_OUT)/drivers/%.o: drivers/frontend/%.c | $(DEPS_STAMP) $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(XLK_CFLAGS) -MMD -MP -c $< -o $@
$(XLK_OUT)/hcall/%.o: libhcall/freestanding/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(XLK_CFLAGS) -MMD -MP -c $< -o $@
$(XLK_OUT)/hcall/xs_msg.o: libhcall/src/xs_msg.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(XLK_CFLAGS) -MMD -MP -c $< -o $@
$(XLK_HCALL_A): $(XLK_HCALL_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^
$(XLK_A): $(XLK_AOBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

# The kernel objects are linked whole (they define xt_runtime_start, which
# the runtime archive would otherwise take from its test-kernel start.o).
$(XLK_OUT)/xlkernel-%: $(XLK_OUT)/obj/apps/%.o $(XLK_KOBJS) $(XLK_A) \
                       $(XLK_HCALL_A) $(GUEST_LIB_A) tests/guest/lib/link.ld
	$(Q)$(GUEST_CC) $(XLK_CFLAGS) $(GUEST_LDFLAGS) -o $@ $< $(XLK_KOBJS) \
	    $(XLK_A) $(XLK_HCALL_A) $(GUEST_LIB_A)

.SECONDARY: $(XLK_KOBJS) $(XLK_AOBJS) $(XLK_HCALL_OBJS) $(XLK_APPS:%=$(XLK_OUT)/obj/apps/%.o)
.PHONY: xlkernel
xlkernel: $(XLK_IMAGES)
ALL_TARGETS += $(XLK_IMAGES)

-include $(XLK_KOBJS:.o=.d) $(XLK_AOBJS:.o=.d) $(XLK_HCALL_OBJS:.o=.d) $(XLK_APPS:%=$(XLK_OUT)/obj/apps/%.d)

# Into the dom0 initramfs: the images and the check that
# tests/boot/cases/dom0-xlkernel.case runs (xlkernel as a DomU of our xl).
XLK_DOM0_CHECK := $(XLK_DIR)/dom0-xlkernel-check.sh
XLK_NET_CHECK  := $(XLK_DIR)/dom0-xlk-net-check.sh
XLK_BENCH      := $(XLK_DIR)/dom0-xlk-bench.sh
XLK_DENSITY    := $(XLK_DIR)/dom0-xlk-density.sh
DOM0_INITRD_EXTRA += $(foreach i,$(XLK_IMAGES),$(i)=/opt/xenolite/xlkernel/$(notdir $(i))) \
                     $(XLK_DOM0_CHECK)=/opt/xenolite/bin/dom0-xlkernel-check \
                     $(XLK_NET_CHECK)=/opt/xenolite/bin/dom0-xlk-net-check \
                     $(XLK_BENCH)=/opt/xenolite/bin/dom0-xlk-bench \
                     $(XLK_DENSITY)=/opt/xenolite/bin/dom0-xlk-density
$(DOM0_INITRD): $(XLK_IMAGES) $(XLK_DOM0_CHECK) $(XLK_NET_CHECK) $(XLK_BENCH) $(XLK_DENSITY)

# A suspend the toolstack cancels (control/shutdown, get/setvcpucontext,
# resumedomain) and its check (tests/boot/long/dom0-xlk-suspend.case).
XLK_SUSPEND := $(XLK_OUT)/dom0-xlk-suspend
XLK_SUSPEND_CHECK := $(XLK_DIR)/dom0-xlk-suspend-check.sh
ALL_TARGETS += $(XLK_SUSPEND)
$(XLK_SUSPEND): $(XLK_DIR)/dom0-xlk-suspend.c $(LIBHCALL_A) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(LIBHCALL_INC) -static -o $@ $< $(LIBHCALL_A) -pthread
DOM0_INITRD_EXTRA += $(XLK_SUSPEND)=/opt/xenolite/bin/dom0-xlk-suspend \
                     $(XLK_SUSPEND_CHECK)=/opt/xenolite/bin/dom0-xlk-suspend-check
$(DOM0_INITRD): $(XLK_SUSPEND) $(XLK_SUSPEND_CHECK)
# xl save -> xl restore cycles with leak checks (tests/boot/long/
# dom0-xlk-save-cycles.case: 20 on both hypervisors; 3 make a short variant).
XLK_CYCLES_CHECK := $(XLK_DIR)/dom0-xlk-save-cycles.sh
DOM0_INITRD_EXTRA += $(XLK_CYCLES_CHECK)=/opt/xenolite/bin/dom0-xlk-save-cycles
$(DOM0_INITRD): $(XLK_CYCLES_CHECK)

# `make xlkernel-soak` (not in make test): the boot case
# tests/boot/cases/dom0-xlk-net.case with XLK_SOAK_CYCLES (200)
# create/wget/destroy cycles of the http appliance, each checked, then the
# leak checks (no domain, bridge port or back-end node left; free memory
# back). XENOLITE_HV=xenolite (or xen-4.17) picks one hypervisor.
XLK_SOAK_CYCLES ?= 200
XLK_SOAK_CASE   := $(XLK_OUT)/dom0-xlk-soak.case
.PHONY: xlkernel-soak
xlkernel-soak: $(DEPS_STAMP) $(ALL_TARGETS)
	$(Q)sed -e 's/^name = dom0-xlk-net$$/name = dom0-xlk-soak/' \
	    -e 's|^send = sh /opt/xenolite/bin/dom0-xlk-net-check|send = XLK_NET_CYCLES=$(XLK_SOAK_CYCLES) sh /opt/xenolite/bin/dom0-xlk-net-check|' \
	    -e 's|^expect [0-9]* = \(PASS: dom0-xlk-net/netback/cycles\)|expect $(shell echo $$(( $(XLK_SOAK_CYCLES) * 60 + 600 ))) = \1|' \
	    tests/boot/cases/dom0-xlk-net.case > $(XLK_SOAK_CASE)
	$(Q)grep -q 'XLK_NET_CYCLES=$(XLK_SOAK_CYCLES) ' $(XLK_SOAK_CASE) || \
	    { echo "xlkernel-soak: tests/boot/cases/dom0-xlk-net.case has no send line to extend" >&2; exit 1; }
	$(Q)$(PYTHON) tests/boot/runner.py --times $(XLK_SOAK_CASE)
