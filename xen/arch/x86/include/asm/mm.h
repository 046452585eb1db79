/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine side of memory management: frame table lookups, the M2P
 * table, frames for domains, the hypervisor's L4 slots copied into every
 * guest L4, and the per-CPU descriptor-table windows.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/types.h>
#include <asm/page.h>
#include <asm/page_info.h>
#include <asm/directmap.h>

struct domain;

extern struct page_info *frame_table;
extern unsigned long max_page;          /* one past the highest RAM frame */

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn_x(mfn) < max_page;
}

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return frame_table + mfn_x(mfn);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn(pg - frame_table);
}

/* Hypervisor VA of a RAM frame (direct map). */
static inline void *mfn_to_virt(mfn_t mfn)
{
    return __va(mfn_x(mfn) << PAGE_SHIFT);
}

static inline mfn_t virt_to_mfn(const void *va)
{
    return _mfn(__pa(va) >> PAGE_SHIFT);
}

/*
 * M2P: machine_to_phys_mapping[mfn] = pfn, read-write at RDWR_MPT_VIRT_START
 * for the hypervisor, read-only and user-readable at RO_MPT_VIRT_START
 * (0xffff800000000000) for guests. ~0UL for frames no guest owns.
 */
#define machine_to_phys_mapping ((unsigned long *)RDWR_MPT_VIRT_START)
#define M2P_INVALID_ENTRY (~0UL)
static inline void set_gpfn_from_mfn(mfn_t mfn, unsigned long pfn)
{
    if ( mfn_valid(mfn) )
        machine_to_phys_mapping[mfn_x(mfn)] = pfn;
}

static inline unsigned long get_gpfn_from_mfn(mfn_t mfn)
{
    return mfn_valid(mfn) ? machine_to_phys_mapping[mfn_x(mfn)]
                          : M2P_INVALID_ENTRY;
}

/* Boot: M2P, descriptor windows, mm_ops. After memory_init(). */
void mm_machine_init(void);

/* The hypervisor's own L4 (slots 256-271 are shared with every guest). */
extern intpte_t boot_l4[PT_ENTRIES];
#define idle_pg_table boot_l4

/*
 * A frame for domain d (owner d, PGC_allocated, M2P invalid), counted in
 * d->tot_pages against d->max_pages. INVALID_MFN if d is at its limit, dying,
 * or memory is exhausted. Frames come back through put_page()/free_page.
 */
mfn_t alloc_domain_frame(struct domain *d, unsigned int address_bits);
/* A zeroed hypervisor frame shared with d (shared_info, grant frames). */
mfn_t alloc_xenheap_frame_for(struct domain *d);
/* A zeroed frame for hypervisor-internal use (page tables, ...). */
mfn_t alloc_xen_frame(void);
void free_xen_frame(mfn_t mfn);

/*
 * Map guest frames into this CPU's descriptor windows: the GDT (16 pages,
 * page 14 is the CPU's reserved page) and the LDT (16 pages). Used when a
 * vCPU is loaded and when its GDT/LDT changes.
 */
unsigned long percpu_gdt_va(unsigned int cpu);
unsigned long percpu_ldt_va(unsigned int cpu);
void percpu_window_map(unsigned long va, mfn_t mfn, bool writable);
void percpu_window_unmap(unsigned long va);
/* This CPU's reserved GDT page (selectors 0xe000-0xefff). */
uint64_t *percpu_reserved_gdt(unsigned int cpu);

/* Flush all TLBs of every CPU that may hold d's translations (UP: local). */
void flush_domain_tlbs(const struct domain *d);

#endif /* ASM_MM_H */
