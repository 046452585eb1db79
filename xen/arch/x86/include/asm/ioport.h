/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hardware a domain may touch (arch/x86/ioport.c): its I/O port, I/O memory
 * and GSI permission sets, the hardware domain's defaults, and the port I/O
 * the PV priv-op emulation forwards (with PCI config space filtered).
 */
#ifndef ASM_IOPORT_H
#define ASM_IOPORT_H

#include <xen/types.h>

struct domain;
struct xen_domctl;

/* Give the hardware domain everything the hypervisor does not keep. */
int hwdom_setup_permissions(struct domain *d);

/* Port I/O by a guest allowed by its virtual IOPL (pv/emul-io.c). */
uint32_t guest_io_read(struct domain *d, unsigned int port,
                       unsigned int bytes);
void guest_io_write(struct domain *d, unsigned int port, unsigned int bytes,
                    uint32_t val);

/*
 * A configuration write by d to [reg, reg + bytes) of bdf (port 0xcfc or
 * ECAM): only the hardware domain's count, MSI/MSI-X filtered (msi.c).
 */
void pci_guest_conf_write(struct domain *d, unsigned int bdf,
                          unsigned int reg, unsigned int bytes, uint32_t val);

/* May d use GSI / I/O frame mfn? */
bool irq_access_permitted(const struct domain *d, unsigned int gsi);
bool iomem_access_permitted(const struct domain *d, unsigned long mfn);

/*
 * XEN_DOMCTL_{ioport,iomem,irq}_permission on d: the caller grants or
 * revokes what it holds itself. -EINVAL bad range, -EPERM not the
 * caller's, -ENOSPC set full, -ENOSYS other cmds.
 */
long ioport_permission_domctl(struct domain *d, const struct xen_domctl *op);

/* Physical address width of the CPU (CPUID 0x80000008, else 36). */
unsigned int paddr_bits(void);

#endif /* ASM_IOPORT_H */
