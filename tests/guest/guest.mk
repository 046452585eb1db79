# SPDX-License-Identifier: GPL-2.0-only
# Guest test kernels: every tests/guest/<name>/main.c becomes the freestanding
# 64-bit PV kernel $(BUILD)/tests/guest/<name> (ELF linked at 0x100000),
# linked with the runtime in tests/guest/lib/. See tests/guest/README.md.

GUEST_OUT   := $(BUILD)/tests/guest
GUEST_NAMES := $(sort $(patsubst tests/guest/%/main.c,%,$(wildcard tests/guest/*/main.c)))
GUEST_KERNELS := $(addprefix $(GUEST_OUT)/,$(GUEST_NAMES))

GUEST_CC     ?= $(HOST_CC)
GUEST_CFLAGS := -std=gnu11 -O2 -g -m64 -ffreestanding -fno-pic -fno-pie \
                -fno-stack-protector -fno-asynchronous-unwind-tables \
                -mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-avx \
                -mcmodel=small -Wall -Wextra -Werror \
                -I$(ROOT)/xen/include -I$(ROOT)/tests/guest/lib/include
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,tests/guest/lib/link.ld -Wl,-u,_start \
                 -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
                 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# The runtime, plus the hypervisor's own printf (xen/lib/vsnprintf.c, which
# needs only <xen/lib.h>: freestanding declarations), as an archive: a kernel
# takes the members it needs. xlkernel (guest-kernel-patches/) links it too,
# with its own xt_runtime_start (so without start.o).
GUEST_LIB_SRCS := $(wildcard tests/guest/lib/*.c)
GUEST_LIB_OBJS := $(patsubst tests/guest/lib/%.c,$(GUEST_OUT)/lib/%.o,$(GUEST_LIB_SRCS)) \
                  $(GUEST_OUT)/lib/xen/vsnprintf.o
GUEST_LIB_A    := $(GUEST_OUT)/lib/libxt.a

$(GUEST_OUT)/lib/%.o: tests/guest/lib/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/lib/xen/%.o: xen/lib/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/obj/%.o: tests/guest/%/main.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_LIB_A): $(GUEST_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(GUEST_OUT)/%: $(GUEST_OUT)/obj/%.o $(GUEST_LIB_A) tests/guest/lib/link.ld
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_A)

# Keep the objects (make would delete them as intermediates).
.SECONDARY: $(GUEST_LIB_OBJS) $(GUEST_NAMES:%=$(GUEST_OUT)/obj/%.o)

.PHONY: guest-tests
guest-tests: $(GUEST_KERNELS)

ALL_TARGETS += $(GUEST_KERNELS)

-include $(GUEST_LIB_OBJS:.o=.d) $(GUEST_NAMES:%=$(GUEST_OUT)/obj/%.d)

# Boot cases: every guest kernel on every hypervisor (tests/guest/cases/).
BOOT_TEST_CASES += $(sort $(wildcard tests/guest/cases/*.case))

# The hello kernel compressed in every format a kernel may come in, each
# followed by its LE32 unpacked size as Linux's size_append writes it (Xen
# sizes a compressed dom0 kernel by it): tests/guest/cases/kernel-formats*
# boot them as dom0: $(GUEST_OUT)/formats/hello.{gz,bz2,xz,lzma,lzo,lz4,zst}.
GUEST_FORMATS_OUT := $(GUEST_OUT)/formats
GUEST_FORMATS := $(addprefix $(GUEST_FORMATS_OUT)/hello.,gz bz2 xz lzma lzo lz4 zst)
GUEST_PACK_gz   := gzip -9 -n -c
GUEST_PACK_bz2  := bzip2 -9 -c
GUEST_PACK_xz   := xz -c --check=crc32
GUEST_PACK_lzma := xz -c --format=lzma
GUEST_PACK_lzo  := lzop -c
GUEST_PACK_lz4  := lz4 -l -c
GUEST_PACK_zst  := zstd -q -19 -c
$(GUEST_FORMATS_OUT)/hello.%: $(GUEST_OUT)/hello
	@mkdir -p $(@D)
	$(Q){ $(GUEST_PACK_$*) < $< && $(PYTHON) -c 'import os, struct, sys; \
	    sys.stdout.buffer.write(struct.pack("<I", os.path.getsize(sys.argv[1])))' $<; \
	    } > $@.tmp && mv $@.tmp $@
ALL_TARGETS += $(GUEST_FORMATS)
