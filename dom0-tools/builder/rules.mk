# SPDX-License-Identifier: GPL-2.0-only
# The PV domain builder: a static library xl links (libhcall + the
# decompression libraries in XB_LIBS).
#   $(BUILD)/dom0-tools/builder/libxb.a
# The ELF/Xen-note parser, the start-of-day layout and the compression magic
# table are the hypervisor's own (xen/lib/), compiled here for userspace.
# Host test: tests/unit/suites/builder.mk.

include dom0-tools/builder/vars.mk

XB_DIR    := dom0-tools/builder
XB_OUT    := $(BUILD)/dom0-tools/builder
XB_SRCS   := $(addprefix $(XB_DIR)/,kernel.c unpack.c layout.c domain.c build.c)
XB_XEN_SRCS := xen/lib/libelf.c xen/lib/libelf-notes.c xen/lib/pv_layout.c \
               xen/lib/decompress_format.c
XB_OBJS   := $(patsubst $(XB_DIR)/%.c,$(XB_OUT)/obj/%.o,$(XB_SRCS)) \
             $(patsubst xen/lib/%.c,$(XB_OUT)/obj/xen/%.o,$(XB_XEN_SRCS))
XB_A      := $(XB_OUT)/libxb.a
XB_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE $(LIBHCALL_INC) -I$(ROOT)/$(XB_DIR)

ALL_TARGETS += $(XB_A)

$(XB_OUT)/obj/%.o: $(XB_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XB_CFLAGS) -MMD -MP -c $< -o $@

$(XB_OUT)/obj/xen/%.o: xen/lib/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(XB_CFLAGS) -MMD -MP -c $< -o $@

$(XB_A): $(XB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

-include $(XB_OBJS:.o=.d)
