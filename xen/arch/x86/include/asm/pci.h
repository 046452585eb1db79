/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration space through the type 1 mechanism (ports 0xcf8/0xcfc),
 * for the hypervisor and, filtered, for the hardware domain, and the ECAM
 * regions guests may only read (arch/x86/pci.c).
 */
#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <xen/types.h>

#define PCI_SBDF(bus, devfn) (((unsigned int)(bus) << 8) | (devfn))
#define PCI_DEVFN(dev, fn)   ((((unsigned int)(dev) & 0x1f) << 3) | ((fn) & 7))

/* reg is the byte offset (0-255); bytes 1, 2 or 4, naturally aligned. */
uint32_t pci_conf_read(unsigned int bdf, unsigned int reg, unsigned int bytes);
void pci_conf_write(unsigned int bdf, unsigned int reg, unsigned int bytes,
                    uint32_t val);

#define PCI_CAP_ID_MSI  0x05
#define PCI_CAP_ID_MSIX 0x11

/* Offset of capability id in bdf's list; 0 none. */
unsigned int pci_find_cap(unsigned int bdf, unsigned int id);

/* Does the function exist (vendor id not all ones)? */
bool pci_device_exists(unsigned int seg, unsigned int bus, unsigned int devfn);

/*
 * An ECAM region (MCFG entry or PHYSDEVOP_pci_mmcfg_reserved): base is bus
 * 0's; buses sbus..ebus become read-only to guests. Again: 0. -EINVAL bad
 * range or RAM, -EOPNOTSUPP not segment 0 or above 4 GiB, -EBUSY a
 * different region for sbus, -ENOSPC.
 */
int pci_mmcfg_add(uint64_t base, unsigned int seg, unsigned int sbus,
                  unsigned int ebus);
/* The MCFG's regions, at boot (after mm_machine_init). */
void pci_mmcfg_init(void);

#endif /* ASM_PCI_H */
