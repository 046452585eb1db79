# SPDX-License-Identifier: GPL-2.0-only
# xenolite-pygrub (dom0-tools/bootloader): boot-menu and partition-table
# parsing, and the built tool run on ext4 images made with mke2fs -d.
BL_PYGRUB := $(BUILD)/dom0-tools/bootloader/xenolite-pygrub
$(eval $(call unit_test,bootloader,tests/unit/test_bootloader.c \
    dom0-tools/bootloader/bootcfg.c dom0-tools/bootloader/disk.c,))

$(UNIT_OUT)/bootloader: TEST_CFLAGS += -I$(ROOT)/dom0-tools/bootloader \
    -DBL_PYGRUB='"$(ROOT)/$(BL_PYGRUB)"'
$(UNIT_OUT)/bootloader: $(BL_PYGRUB)
