# SPDX-License-Identifier: GPL-2.0-only
# x86 instruction decoder/emulator (writable page tables, priv-op decode).
$(eval $(call unit_test,x86_emulate,tests/unit/test_x86_emulate.c \
    xen/arch/x86/x86_emulate.c xen/arch/x86/x86_emulate_decode.c \
    xen/arch/x86/x86_emulate_priv.c))
