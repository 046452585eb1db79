# SPDX-License-Identifier: GPL-2.0-only
# Physical IRQs and the physdev_op hardware sub-ops (arch/x86/irq.c,
# arch/x86/physdev.c) on a fake IO-APIC, event channel and PCI bus (guest
# copies are memcpy).
$(eval $(call unit_test,irq,tests/unit/test_irq.c xen/arch/x86/irq.c \
    xen/arch/x86/physdev.c xen/common/rangeset.c tests/unit/fake_hcall.c,\
    -Wno-unused-parameter))
