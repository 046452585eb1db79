/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch hooks of common/grant_map.c: installing and removing the PTE of
 * a GNTMAP_host_map mapping. On x86 a grantee is a PV guest, so both go to
 * its page tables (asm/pv/grant_table.h has the rules).
 */
#ifndef ASM_GRANT_TABLE_H
#define ASM_GRANT_TABLE_H

#include <xen/types.h>
#include <asm/pv/grant_table.h>

/* Map mfn (owned by rd) for ld at addr; a GNTST_* value. */
static inline int16_t arch_grant_map_host(struct domain *ld, uint64_t addr,
                                          unsigned int flags, mfn_t mfn,
                                          struct domain *rd)
{
    return pv_grant_map_host(ld, addr, flags, mfn, rd);
}

/* Remove ld's mapping of mfn at addr (moving new_addr's there); GNTST_*. */
static inline int16_t arch_grant_unmap_host(struct domain *ld, uint64_t addr,
                                            unsigned int flags, mfn_t mfn,
                                            uint64_t new_addr)
{
    return pv_grant_unmap_host(ld, addr, flags, mfn, new_addr);
}

#endif /* ASM_GRANT_TABLE_H */
