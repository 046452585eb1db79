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

# The dom0 check of tests/boot/long/dom0-kernel-formats.case: the hello
# kernel in every format (tests/guest/guest.mk) and an ext4 disk image made
# with mke2fs -d whose grub.cfg boots the xz one, for bootloader = "pygrub".
BL_IMG := $(BL_OUT)/pygrub.img
$(BL_IMG): $(GUEST_FORMATS_OUT)/hello.xz | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)rm -rf $@.root && mkdir -p $@.root/boot/grub && \
	    cp $< $@.root/boot/hello.xz && \
	    printf '%s\n' 'set default="1"' \
	        'menuentry "not this one" {' '  linux /boot/none' '}' \
	        'menuentry "hello (xz)" {' '  insmod ext2' \
	        '  linux (hd0,msdos1)/boot/hello.xz quiet' '}' \
	        > $@.root/boot/grub/grub.cfg && \
	    mke2fs -q -F -t ext4 -d $@.root $@.tmp 4M >/dev/null && \
	    rm -rf $@.root && mv $@.tmp $@
ALL_TARGETS += $(BL_IMG)

DOM0_INITRD_EXTRA += $(BL_OUT)/xenolite-pygrub.static=/usr/bin/xenolite-pygrub \
                     $(BL_IMG)=/opt/xenolite/boot/pygrub.img \
                     $(BL_DIR)/dom0-boot-check.sh=/opt/xenolite/bin/dom0-boot-check \
                     $(foreach f,$(GUEST_FORMATS),$(f)=/opt/xenolite/boot/$(notdir $(f)))
$(DOM0_INITRD): $(BL_OUT)/xenolite-pygrub.static $(BL_IMG) $(GUEST_FORMATS) \
                $(BL_DIR)/dom0-boot-check.sh
