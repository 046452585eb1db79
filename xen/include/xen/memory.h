/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain state of memory_op (common/memory.c): the pseudo-physical
 * E820 a toolstack gives a PV domain with XENMEM_set_memory_map and the
 * domain reads back with XENMEM_memory_map.
 */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include <xen/types.h>
#include <public/memory.h>

struct domain;

/*
 * memory_op: the sub-op is cmd's low 6 bits, the rest a continuation
 * cursor (the extent to start at) that only the reservation calls use.
 */
#define MEMOP_SHIFT 6
static inline unsigned int memop_cmd(unsigned long cmd)
{
    return cmd & ((1U << MEMOP_SHIFT) - 1);
}

static inline unsigned long memop_start(unsigned long cmd)
{
    return cmd >> MEMOP_SHIFT;
}

/* Limit on a domain's E820 (as the public header documents). */
#define DOMAIN_E820_MAX 128

struct domain_memory_map {
    unsigned int nr;                            /* entries in use */
    struct xen_e820_entry e820[DOMAIN_E820_MAX];
};

/* Domain teardown: free d->memory_map (NULL-safe). */
void domain_memory_map_free(struct domain *d);

/* Between the memory_op files (common/memory*.c, arch/x86/mm/memory_op.c). */
/* Largest extent order a caller d may ask for. */
unsigned int memop_max_order(const struct domain *d);
/*
 * 2^order contiguous frames owned by d and counted in its tot_pages
 * (never past max_pages), M2P invalid; INVALID_MFN if none.
 */
mfn_t memop_alloc_extent(struct domain *d, unsigned int order,
                         unsigned int address_bits);
/* XENMEM_exchange. */
long memory_exchange(unsigned long arg);
/* The x86 sub-ops: memory maps, M2P, add_to_physmap, acquire_resource... */
long arch_memory_op(unsigned int op, unsigned long arg);

#endif /* XEN_MEMORY_H */
