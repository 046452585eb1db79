# SPDX-License-Identifier: GPL-2.0-only
# MSI/MSI-X programming and the configuration-write filter (arch/x86/msi.c)
# on a fake PCI function, and the read-only I/O memory table
# (arch/x86/mmio_ro.c): regions, ECAM decoding, MSI-X writes dropped.
$(eval $(call unit_test,msi,tests/unit/test_msi.c xen/arch/x86/msi.c \
    xen/arch/x86/mmio_ro.c,-Wno-unused-parameter))
