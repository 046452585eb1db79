# SPDX-License-Identifier: GPL-2.0-only
# xenolite-pygrub, xl's bootloader= step (dom0-tools/bootloader/README.md).
#   $(BUILD)/dom0-tools/bootloader/xenolite-pygrub          dynamic
#   $(BUILD)/dom0-tools/bootloader/xenolite-pygrub.static   fully static
# Host test: tests/unit/suites/bootloader.mk.

BL_DIR    := dom0-tools/bootloader
BL_OUT    := $(BUILD)/dom0-tools/bootloader
BL_SRCS   := $(addprefix $(BL_DIR)/,pygrub.c bootcfg.c disk.c)
BL_CFLAGS := $(HOST_CFLAGS) -D_GNU_SOURCE -I$(ROOT)/$(BL_DIR)
BL_LIBS   := -lext2fs -lcom_err
BL_DEPS   := $(BL_SRCS) $(BL_DIR)/bootcfg.h $(BL_DIR)/disk.h

ALL_TARGETS += $(BL_OUT)/xenolite-pygrub $(BL_OUT)/xenolite-pygrub.static

$(BL_OUT)/xenolite-pygrub: $(BL_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BL_CFLAGS) -o $@ $(BL_SRCS) $(BL_LIBS)

$(BL_OUT)/xenolite-pygrub.static: $(BL_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(BL_CFLAGS) -static -o $@ $(BL_SRCS) $(BL_LIBS)
