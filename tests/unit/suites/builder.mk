# SPDX-License-Identifier: GPL-2.0-only
# The PV domain builder's kernel parser, layout and page tables
# (dom0-tools/builder), on the host; Debian's vmlinuz is parsed if cached.
include dom0-tools/builder/vars.mk
$(eval $(call unit_test,builder,tests/unit/test_builder.c tests/unit/host_tool.c \
    dom0-tools/builder/kernel.c dom0-tools/builder/layout.c \
    dom0-tools/builder/unpack.c xen/lib/decompress_format.c \
    xen/lib/libelf.c xen/lib/libelf-notes.c xen/lib/pv_layout.c,$(XB_LIBS)))

$(UNIT_OUT)/builder: TEST_CFLAGS += -I$(ROOT)/dom0-tools/builder \
    -DXB_TEST_KERNEL='"$(ROOT)/$(BUILD)/cache/linux/vmlinuz"'
