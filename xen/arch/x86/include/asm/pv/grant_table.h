/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV page-table side of grant mappings (GNTMAP_host_map): install,
 * replace and remove the PTE that maps a granted frame. A grant PTE holds
 * the same references as any L1 entry (a general reference, plus a
 * writable type reference if RW), taken and dropped by pt_update_entry, so
 * page-table teardown releases a mapping the guest never unmapped.
 */
#ifndef ASM_PV_GRANT_TABLE_H
#define ASM_PV_GRANT_TABLE_H

#include <xen/types.h>

struct domain;

/*
 * Map mfn (owned by rd) for ld, the current domain: at the L1 entry whose
 * machine address is addr (GNTMAP_contains_pte, 8-byte aligned, XSA-227)
 * or at the guest VA addr in ld's current kernel page tables. The PTE is
 * built from flags (readonly, application_map, guest-available bits).
 * Returns a GNTST_* value.
 */
int16_t pv_grant_map_host(struct domain *ld, uint64_t addr,
                          unsigned int flags, mfn_t mfn, struct domain *rd);

/*
 * Remove ld's mapping of mfn at addr (interpreted by flags as above): the
 * entry must map mfn, present, with RW as the grant was mapped. With
 * new_addr (a VA, not with contains_pte) the entry at new_addr is moved
 * into addr's place and new_addr is cleared (unmap_and_replace). TLBs of ld
 * are flushed before returning. Returns a GNTST_* value.
 */
int16_t pv_grant_unmap_host(struct domain *ld, uint64_t addr,
                            unsigned int flags, mfn_t mfn, uint64_t new_addr);

#endif /* ASM_PV_GRANT_TABLE_H */
