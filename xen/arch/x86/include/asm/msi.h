/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI and MSI-X of PCI functions (arch/x86/msi.c): the hypervisor owns the
 * message address/data and the mask bits; the hardware domain may only flip
 * the enable bits (and MSI-X's function mask) in the control word. MSI-X
 * tables are read-only to every guest (writes trap, see pv/mmio_ro.c).
 */
#ifndef ASM_MSI_H
#define ASM_MSI_H

#include <xen/types.h>

#define MSI_MAX_VECTORS  32     /* multi-message MSI: 1, 2, 4 .. 32 */

/*
 * May bdf deliver nvec MSI messages (msix false; nvec a power of two the
 * function supports) or MSI-X table entry `entry` (msix true, nvec 1)?
 * table_base is what the guest believes the table's BAR is (MSI-X; 0 =
 * unchecked). -ENODEV no function, -ENXIO no such capability, -EINVAL bad
 * entry/nvec/table_base, -EOPNOTSUPP a table the hypervisor cannot reach.
 */
int msi_check(unsigned int bdf, bool msix, unsigned int entry,
              unsigned int nvec, uint64_t table_base);
/*
 * Program message `entry` (MSI: the block of nvec from message 0) to raise
 * vector (vector .. vector + nvec - 1 for MSI) on the boot CPU; left
 * masked where the function can mask. Call after msi_check.
 */
void msi_program(unsigned int bdf, bool msix, unsigned int entry,
                 unsigned int nvec, unsigned int vector);
/* Mask or unmask one message (plain MSI without mask bits: nothing). */
void msi_set_mask(unsigned int bdf, bool msix, unsigned int entry,
                  bool masked);
/* The PIRQ is gone: mask its message; MSI: also clear the enable bit. */
/* Deliver the message to pCPU cpu from now on (not multi-message MSI). */
void msi_set_dest(unsigned int bdf, bool msix, unsigned int entry,
                  unsigned int cpu);
void msi_release(unsigned int bdf, bool msix, unsigned int entry);

/*
 * The MSI-X table of bdf becomes read-only to guests (a function the
 * hardware domain reports, PHYSDEVOP_prepare_msix, a mapped MSI-X PIRQ).
 * 0 also without MSI-X; -ENOSPC too many tables.
 */
int msix_protect(unsigned int bdf);
/* PHYSDEVOP_release_msix: writable again; -EBUSY while an entry is mapped. */
int msix_unprotect(unsigned int bdf, bool in_use);

/*
 * A hardware-domain write of [reg, reg + bytes) of bdf's configuration
 * space: true if done here (touched MSI/MSI-X, only the allowed control
 * bits reached the function), false if it is an ordinary write.
 */
bool msi_conf_write(unsigned int bdf, unsigned int reg, unsigned int bytes,
                    uint32_t val);

#endif /* ASM_MSI_H */
