# SPDX-License-Identifier: GPL-2.0-only
# xenconsoled, the console daemon (docs/xl.md "Consoles").
#   $(BUILD)/dom0-tools/xenconsoled/xenconsoled         glibc shared, libhcall static
#   $(BUILD)/dom0-tools/xenconsoled/xenconsoled.static  fully static, for the initramfs

XC_DIR    := dom0-tools/xenconsoled
XC_OUT    := $(BUILD)/dom0-tools/xenconsoled
XC_SRCS   := $(XC_DIR)/main.c $(XC_DIR)/console.c $(XC_DIR)/pty.c $(DOM0_COMMON_SRCS)
XC_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE -pthread $(LIBHCALL_INC) -I$(ROOT)/$(XC_DIR) $(DOM0_COMMON_INC)
XC_DEPS   := $(XC_SRCS) $(XC_DIR)/xenconsoled.h $(DOM0_COMMON_HDRS) $(LIBHCALL_A)

ALL_TARGETS += $(XC_OUT)/xenconsoled $(XC_OUT)/xenconsoled.static

$(XC_OUT)/xenconsoled: $(XC_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XC_CFLAGS) -o $@ $(XC_SRCS) $(LIBHCALL_A)

$(XC_OUT)/xenconsoled.static: $(XC_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XC_CFLAGS) -static -o $@ $(XC_SRCS) $(LIBHCALL_A)
