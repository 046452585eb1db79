# SPDX-License-Identifier: GPL-2.0-only
# PV privileged-op emulation and CPU policy (CPUID, MSRs, debug registers,
# I/O privilege, physdev_op) on a fake CPU; uses the real decoder.
$(eval $(call unit_test,emul_priv,tests/unit/test_emul_priv.c \
    xen/arch/x86/pv/cpuid.c xen/arch/x86/pv/msr.c xen/arch/x86/pv/debugreg.c \
    xen/arch/x86/pv/emul-priv-op.c xen/arch/x86/pv/emul-io.c \
    xen/arch/x86/pv/emulate.c \
    xen/arch/x86/pv/physdev.c xen/arch/x86/x86_emulate_decode.c \
    xen/arch/x86/pv/emul-priv-decode.c xen/arch/x86/x86_emulate.c,\
    -Wno-unused-parameter))
$(UNIT_OUT)/emul_priv: tests/unit/insn.h
