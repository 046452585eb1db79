# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor: the sources listed below are built freestanding and linked into
# $(BUILD)/xen-syms (ELF64 with symbols, for gdb); $(BUILD)/xenolite is the
# loadable image (ELF32 wrapper with one PT_LOAD, see boot/wrap.lds).

XEN_CC      ?= gcc
XEN_OBJDIR  := $(BUILD)/obj/xen
XEN_GCC_INC := $(shell $(XEN_CC) -print-file-name=include)
XEN_CPPFLAGS := -nostdinc -isystem $(XEN_GCC_INC) -Ixen/include \
                -Ixen/arch/x86/include -I$(XEN_OBJDIR)/include -D__XEN__ -include xen/include/xen/config.h
XEN_CFLAGS  := -std=gnu11 -O2 -g -ffreestanding -fpie \
               -mno-red-zone -mno-sse -mno-mmx -mno-80387 -fvisibility=hidden \
               -fno-stack-protector -fno-asynchronous-unwind-tables \
               -fno-strict-aliasing -fno-common -fcf-protection=none \
               -Wall -Wextra -Werror -Wno-unused-parameter \
               -Wstrict-prototypes -Wmissing-prototypes
XEN_AFLAGS  := -D__ASSEMBLY__ -fno-pic -fno-pie -Wa,--noexecstack
XEN_LDFLAGS := -nostdlib -no-pie -z max-page-size=4096 -z noexecstack \
               --no-warn-rwx-segments

# Every source linked into the hypervisor, by directory.
XEN_SRCS := \
    xen/arch/x86/acpi.c \
    xen/arch/x86/apic.c \
    xen/arch/x86/boot/head.S \
    xen/arch/x86/boot/multiboot.c \
    xen/arch/x86/boot/trampoline.S \
    xen/arch/x86/dom0less.c \
    xen/arch/x86/domain.c \
    xen/arch/x86/io_apic.c \
    xen/arch/x86/ioport.c \
    xen/arch/x86/irq.c \
    xen/arch/x86/mm.c \
    xen/arch/x86/mmio_ro.c \
    xen/arch/x86/msi.c \
    xen/arch/x86/mm/frame_audit.c \
    xen/arch/x86/mm/machine.c \
    xen/arch/x86/mm/memory_op.c \
    xen/arch/x86/mm/page_type.c \
    xen/arch/x86/pci.c \
    xen/arch/x86/physdev.c \
    xen/arch/x86/platform_hypercall.c \
    xen/arch/x86/pv/callback.c \
    xen/arch/x86/pv/cpuid.c \
    xen/arch/x86/pv/debugreg.c \
    xen/arch/x86/pv/descriptor_tables.c \
    xen/arch/x86/pv/dom0_build.c \
    xen/arch/x86/pv/domctl.c \
    xen/arch/x86/pv/extstate.c \
    xen/arch/x86/pv/emul-io.c \
    xen/arch/x86/pv/logdirty.c \
    xen/arch/x86/pv/emulate.c \
    xen/arch/x86/pv/emul-memop.c \
    xen/arch/x86/pv/emul-priv-decode.c \
    xen/arch/x86/pv/emul-priv-op.c \
    xen/arch/x86/pv/grant_table.c \
    xen/arch/x86/pv/hypercall.c \
    xen/arch/x86/pv/ldt.c \
    xen/arch/x86/pv/misc-hypercalls.c \
    xen/arch/x86/pv/mm.c \
    xen/arch/x86/pv/mmio_ro.c \
    xen/arch/x86/pv/mmuext.c \
    xen/arch/x86/pv/msr.c \
    xen/arch/x86/pv/physdev.c \
    xen/arch/x86/pv/pt_validate.c \
    xen/arch/x86/pv/ptwr.c \
    xen/arch/x86/pv/teardown.c \
    xen/arch/x86/pv/traps.c \
    xen/arch/x86/pv/vcpu_context.c \
    xen/arch/x86/pv/vgc_check.c \
    xen/arch/x86/setup.c \
    xen/arch/x86/smp.c \
    xen/arch/x86/smpboot.c \
    xen/arch/x86/time.c \
    xen/arch/x86/traps.c \
    xen/arch/x86/usercopy.c \
    xen/arch/x86/x86_64/entry.S \
    xen/arch/x86/x86_emulate.c \
    xen/arch/x86/x86_emulate_decode.c \
    xen/common/console.c \
    xen/common/console_backend.c \
    xen/common/decompress/decompress.c \
    xen/common/decompress/inflate.c \
    xen/common/decompress/lzma.c \
    xen/common/decompress/unlz4.c \
    xen/common/decompress/unxz.c \
    xen/common/domain.c \
    xen/common/domctl.c \
    xen/common/event_2l.c \
    xen/common/event_channel.c \
    xen/common/event_channel_op.c \
    xen/common/event_fifo.c \
    xen/common/grace.c \
    xen/common/grant_copy.c \
    xen/common/grant_map.c \
    xen/common/grant_pin.c \
    xen/common/grant_table.c \
    xen/common/kernel.c \
    xen/common/memory.c \
    xen/common/memory_exchange.c \
    xen/common/multicall.c \
    xen/common/page_alloc.c \
    xen/common/panic.c \
    xen/common/rangeset.c \
    xen/common/runstate.c \
    xen/common/sched_credit.c \
    xen/common/sched_op.c \
    xen/common/schedule.c \
    xen/common/time_math.c \
    xen/common/timer.c \
    xen/common/vcpu_affinity.c \
    xen/common/vcpu_op.c \
    xen/common/vcpu_timer.c \
    xen/common/sysctl.c \
    xen/common/version.c \
    xen/common/xmalloc.c \
    xen/drivers/char/ns16550.c \
    xen/lib/decompress_format.c \
    xen/lib/libelf-notes.c \
    xen/lib/libelf.c \
    xen/lib/parse.c \
    xen/lib/pv_layout.c \
    xen/lib/string.c \
    xen/lib/vsnprintf.c
XEN_OBJS := $(patsubst %,$(XEN_OBJDIR)/%.o,$(XEN_SRCS))

$(XEN_OBJDIR)/%.c.o: %.c
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CPPFLAGS) $(XEN_CFLAGS) -MMD -MP -c $< -o $@

# Assembly offsets are generated from C, never typed by hand.
XEN_ASM_OFFSETS := $(XEN_OBJDIR)/include/asm-offsets.h
$(XEN_ASM_OFFSETS): xen/arch/x86/x86_64/asm-offsets.c
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CPPFLAGS) $(XEN_CFLAGS) -S $< -o $@.s
	$(Q){ echo "/* Generated from $< by xen.mk. */"; \
	     sed -n 's/.*->\([A-Za-z0-9_]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\).*/#define \1 \2/p' $@.s; } > $@

$(XEN_OBJDIR)/%.S.o: %.S $(XEN_ASM_OFFSETS)
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CPPFLAGS) $(XEN_AFLAGS) -MMD -MP -c $< -o $@

$(XEN_OBJDIR)/xen.lds: xen/arch/x86/xen.lds.S
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CPPFLAGS) -D__ASSEMBLY__ -P -E -x c $< -o $@

$(BUILD)/xen-syms: $(XEN_OBJS) $(XEN_OBJDIR)/xen.lds
	$(Q)ld $(XEN_LDFLAGS) -T $(XEN_OBJDIR)/xen.lds $(XEN_OBJS) -o $@

$(BUILD)/xenolite: $(BUILD)/xen-syms xen/arch/x86/boot/wrap.lds
	$(Q)set -e; \
	objcopy -O binary $< $(XEN_OBJDIR)/xen.flat; \
	start=$$(nm $< | awk '$$3=="__image_start"{print $$1}'); \
	end=$$(nm $< | awk '$$3=="__image_end"{print $$1}'); \
	truncate -s $$(( 0x$$end - 0x$$start )) $(XEN_OBJDIR)/xen.flat; \
	cd $(XEN_OBJDIR) && objcopy -I binary -O elf32-i386 -B i386 xen.flat xen.flat.o && cd $(ROOT); \
	ld -m elf_i386 -nostdlib --no-warn-rwx-segments -T xen/arch/x86/boot/wrap.lds \
	    --defsym IMAGE_PHYS=0x200000 $(XEN_OBJDIR)/xen.flat.o -o $@
	@echo "  built $@ (symbols in $(BUILD)/xen-syms)"

ALL_TARGETS += $(BUILD)/xenolite

-include $(XEN_OBJS:.o=.d)
