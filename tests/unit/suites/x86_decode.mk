# SPDX-License-Identifier: GPL-2.0-only
# x86 instruction decoder: lengths, privileged-op classification and a fuzz
# run through every entry point, on the fake guest of tests/unit/fake_x86.c.
$(eval $(call unit_test,x86_decode,tests/unit/test_x86_decode.c \
    tests/unit/fake_x86.c \
    xen/arch/x86/x86_emulate.c xen/arch/x86/x86_emulate_decode.c \
    xen/arch/x86/pv/emul-priv-decode.c))
$(UNIT_OUT)/x86_decode: tests/unit/fake_x86.h tests/unit/insn.h
