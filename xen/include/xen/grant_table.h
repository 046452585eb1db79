/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: the interface other hypervisor subsystems use (domain
 * lifecycle, the domain builder). The hypercall side is do_grant_table_op
 * (xen/hypercall.h); the implementation is in common/grant_table.c,
 * common/grant_map.c and common/grant_copy.c, with the PV page-table side
 * in arch/x86/pv/grant_table.c.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/types.h>
#include <public/grant_table.h>

struct domain;

/* gnttab_max_frames= (default 64): the most table frames any domain gets. */
extern unsigned int opt_max_grant_frames;

/*
 * Give d a version-1 grant table of one frame (a hypervisor frame shared
 * with d) that can grow to opt_max_grant_frames. 0 or -ENOMEM.
 */
int gnttab_domain_init(struct domain *d);

/*
 * d is dying: undo every mapping d made of other domains' grants (their
 * GTF_reading/GTF_writing bits and pins) and give up the table frames.
 * Mappings other domains hold of d's grants stay until they unmap them
 * (their frames keep d alive); d's status bits are no longer written.
 * Call before d's page tables and frames are torn down. Idempotent.
 */
void gnttab_domain_kill(struct domain *d);
/* Free d's table itself: d is gone, no frame of it is referenced any more. */
void gnttab_domain_destroy(struct domain *d);

/*
 * Builder: fill d's entry ref (GNTTAB_RESERVED_CONSOLE / _XENSTORE) so that
 * domain `grantee` may map `frame` read-write. Works for either table
 * version. 0, or -EINVAL if ref is outside the table.
 */
int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee,
                      unsigned long frame);

/*
 * Machine frame of d's shared table frame idx (growing the table if idx is
 * below the maximum), e.g. for XENMEM_acquire_resource. 0 or -EINVAL.
 */
int gnttab_get_shared_frame(struct domain *d, unsigned int idx, mfn_t *mfn);

#endif /* XEN_GRANT_TABLE_H */
