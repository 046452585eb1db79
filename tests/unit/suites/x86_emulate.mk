# SPDX-License-Identifier: GPL-2.0-only
# x86 memory-operand emulator (writable page tables) on the fake guest of
# tests/unit/fake_x86.c; the decoder and priv-op tests are x86_decode.mk.
$(eval $(call unit_test,x86_emulate,tests/unit/test_x86_emulate.c \
    tests/unit/fake_x86.c \
    xen/arch/x86/x86_emulate.c xen/arch/x86/x86_emulate_decode.c))
$(UNIT_OUT)/x86_emulate: tests/unit/fake_x86.h tests/unit/insn.h
