/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device interrupts (arch/x86/irq.c): one vector per mapped GSI or MSI
 * message, owned by one domain as one of its PIRQs and delivered through
 * the event channel bound to it. Level-triggered pins stay masked from
 * delivery to the guest's EOI.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <xen/types.h>

struct domain;

#define NR_PIRQS 256            /* PIRQs per domain: 0..NR_PIRQS-1 */

/* A device vector arrived (any CPU); false if vec is not a device's. */
bool irq_do_device(unsigned int vec);

/*
 * Map gsi to a PIRQ of d: *pirq >= 0 asks for that one, < 0 lets the
 * hypervisor pick (gsi itself if free). Mapping the same pair again is
 * fine. -EINVAL bad pirq, -EEXIST gsi or pirq taken, -ENOSPC no vector
 * or PIRQ left, -ENOMEM.
 */
int pirq_map_gsi(struct domain *d, unsigned int gsi, int *pirq);
/*
 * Map nvec MSI messages (msix false; PIRQs *pirq .. *pirq + nvec - 1) or
 * MSI-X table entry `entry` (nvec 1) of bdf, checked by msi_check. *pirq
 * < 0: the hypervisor picks, from the top of the PIRQ space down. Each
 * message gets its own vector (a block aligned to nvec for MSI) and stays
 * masked until bound. -EINVAL bad pirq/nvec, -EEXIST already mapped or
 * pirq taken, -ENOSPC no vector or PIRQ left, -ENOMEM.
 */
int pirq_map_msi(struct domain *d, unsigned int bdf, bool msix,
                 unsigned int entry, unsigned int nvec, int *pirq);
/* Has d an MSI-X entry of bdf mapped? */
bool pirq_msix_in_use(struct domain *d, unsigned int bdf);
/* -EINVAL not mapped, -EBUSY still bound to an event channel. */
int pirq_unmap(struct domain *d, unsigned int pirq);
/* The GSI pirq of d is mapped to, or -1. */
int pirq_gsi(struct domain *d, unsigned int pirq);
/* A free PIRQ of d (not 0-15): the lowest, for MSI the highest; -ENOSPC. */
int pirq_get_free(struct domain *d, bool msi);
/* PHYSDEVOP_eoi: unmask a level pin masked since delivery. -EINVAL. */
int pirq_eoi(struct domain *d, unsigned int pirq);
/* XENIRQSTAT_* of pirq; -EINVAL not mapped. */
int pirq_status(struct domain *d, unsigned int pirq, uint32_t *flags);
/* Trigger/polarity of a GSI (PHYSDEVOP_setup_gsi); -EEXIST ISA (firmware). */
int gsi_setup(unsigned int gsi, bool level, bool low);
/* The vector of a mapped GSI (PHYSDEVOP_alloc_irq_vector); -EINVAL. */
int gsi_vector(struct domain *d, unsigned int gsi);
/* PHYSDEVOP_pirq_eoi_gmfn_v2: the page of needs-EOI bits. -EINVAL, -EBUSY. */
int pirq_set_eoi_map(struct domain *d, unsigned long gmfn);
/* Unmap everything and drop the EOI page (dying domain). */
void pirq_domain_release(struct domain *d);

#endif /* ASM_IRQ_H */
