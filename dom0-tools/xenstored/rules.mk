# SPDX-License-Identifier: GPL-2.0-only
# xenstored (dynamic and static), the static `xs` client and the benchmark.
#
#   $(BUILD)/dom0-tools/xenstored/xenstored         links libhcall.a, glibc shared
#   $(BUILD)/dom0-tools/xenstored/xenstored.static  fully static, for the initramfs
#   $(BUILD)/dom0-tools/xenstored/xs.static         store client CLI, fully static
#   $(BUILD)/dom0-tools/xenstored/xs-bench          host benchmark (make bench)

XSD_OUT    := $(BUILD)/dom0-tools/xenstored
XSD_DIR    := dom0-tools/xenstored
# The daemon core, also compiled into the unit tests and the benchmark.
XSD_CORE   := $(addprefix $(XSD_DIR)/,ht.c store.c txn.c watch.c conn.c ops.c domain.c)
XSD_DAEMON := $(XSD_CORE) $(addprefix $(XSD_DIR)/,server.c backend_hcall.c) $(DOM0_COMMON_SRCS)
XSD_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE -pthread $(LIBHCALL_INC) -I$(ROOT)/$(XSD_DIR) \
              $(DOM0_COMMON_INC)
XSD_HDRS   := $(wildcard $(XSD_DIR)/*.h) $(wildcard libhcall/include/*.h libhcall/include/hcall/*.h) \
              $(DOM0_COMMON_HDRS)

ALL_TARGETS += $(XSD_OUT)/xenstored $(XSD_OUT)/xenstored.static \
               $(XSD_OUT)/xs $(XSD_OUT)/xs.static $(XSD_OUT)/xs-bench
BENCH_CMDS  += $(XSD_OUT)/xs-bench

$(XSD_OUT)/xenstored: $(XSD_DAEMON) $(XSD_DIR)/main.c $(XSD_HDRS) $(LIBHCALL_A)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -o $@ $(XSD_DAEMON) $(XSD_DIR)/main.c $(LIBHCALL_A)

$(XSD_OUT)/xenstored.static: $(XSD_DAEMON) $(XSD_DIR)/main.c $(XSD_HDRS) $(LIBHCALL_A)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -static -o $@ $(XSD_DAEMON) $(XSD_DIR)/main.c $(LIBHCALL_A)

$(XSD_OUT)/xs: $(XSD_DIR)/xs.c $(XSD_HDRS) $(LIBHCALL_SO)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -o $@ $< -L$(LIBHCALL_OUT) -lhcall -Wl,-rpath,'$$ORIGIN/../../libhcall'

$(XSD_OUT)/xs.static: $(XSD_DIR)/xs.c $(XSD_HDRS) $(LIBHCALL_A)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -static -o $@ $< $(LIBHCALL_A)

$(XSD_OUT)/xs-bench: $(XSD_DIR)/bench.c $(XSD_CORE) $(XSD_HDRS) $(LIBHCALL_A)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -o $@ $< $(XSD_CORE) $(LIBHCALL_A)

# Into the dom0 initramfs (tests/dom0): the daemon, the client and the
# end-to-end check that tests/boot/cases/dom0-store.case runs there.
XSD_DOM0_CHECK := $(XSD_DIR)/dom0-store-check.sh
DOM0_INITRD_EXTRA += $(XSD_OUT)/xenstored.static=/usr/sbin/xenstored \
                     $(XSD_OUT)/xs.static=/usr/bin/xs \
                     $(XSD_DOM0_CHECK)=/opt/xenolite/bin/dom0-store-check
$(DOM0_INITRD): $(XSD_OUT)/xenstored.static $(XSD_OUT)/xs.static $(XSD_DOM0_CHECK)
# boot.mk's wildcard already lists it; this keeps it listed if that changes.
BOOT_TEST_CASES += $(filter-out $(BOOT_TEST_CASES),tests/boot/cases/dom0-store.case)
