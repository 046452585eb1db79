/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 4-level page-table entries: flag bits, address extraction and the
 * per-level index of a virtual address. Pure constants; usable from C only.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <xen/types.h>

/* One 8-byte entry of any level, as stored in memory. */
typedef uint64_t intpte_t;

/* Architectural flag bits (SDM vol. 3A, 4.5 "4-level paging"). */
#define _PAGE_PRESENT   (1UL << 0)
#define _PAGE_RW        (1UL << 1)
#define _PAGE_USER      (1UL << 2)
#define _PAGE_PWT       (1UL << 3)
#define _PAGE_PCD       (1UL << 4)
#define _PAGE_ACCESSED  (1UL << 5)
#define _PAGE_DIRTY     (1UL << 6)
#define _PAGE_PSE       (1UL << 7)      /* L2/L3: superpage */
#define _PAGE_PAT       (1UL << 7)      /* L1: PAT index bit 2 */
#define _PAGE_GLOBAL    (1UL << 8)
#define _PAGE_AVAIL     (7UL << 9)      /* bits 9-11: ignored by hardware */
#define _PAGE_AVAIL_HIGH (0x7ffUL << 52) /* bits 52-62: ignored by hardware */
#define _PAGE_NX        (1UL << 63)

/*
 * Software bit set by the hypervisor on present L1 entries that the guest
 * wrote with US=0: a guest-kernel-only mapping that hardware sees as US=1
 * (the guest kernel runs at CPL 3). Same bit as Xen's, so guests that look
 * at it read what they expect.
 */
#define _PAGE_GUEST_KERNEL (1UL << 52)

#define PAGE_CACHE_ATTRS (_PAGE_PAT | _PAGE_PCD | _PAGE_PWT)

/* Physical-address field of an entry: bits 12-51. */
#define PTE_ADDR_MASK   0x000ffffffffff000UL
#define PTE_FLAGS_MASK  (~PTE_ADDR_MASK)

#define PT_ENTRIES      512
#define L1_PAGETABLE_SHIFT 12
#define L2_PAGETABLE_SHIFT 21
#define L3_PAGETABLE_SHIFT 30
#define L4_PAGETABLE_SHIFT 39

/*
 * L4 slots 256..271 (0xffff800000000000-0xffff87ffffffffff) belong to the
 * hypervisor in every guest L4; a PV guest never writes them.
 */
#define PT_XEN_L4_SLOT_FIRST 256
#define PT_XEN_L4_SLOT_LAST  271

static inline bool pt_is_xen_l4_slot(unsigned int idx)
{
    return idx >= PT_XEN_L4_SLOT_FIRST && idx <= PT_XEN_L4_SLOT_LAST;
}

static inline mfn_t pte_mfn(intpte_t e)
{
    return _mfn((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

static inline unsigned long pte_flags(intpte_t e)
{
    return e & PTE_FLAGS_MASK;
}

static inline bool pte_present(intpte_t e)
{
    return e & _PAGE_PRESENT;
}

static inline intpte_t pte_from_mfn(mfn_t mfn, unsigned long flags)
{
    return ((mfn_x(mfn) << PAGE_SHIFT) & PTE_ADDR_MASK) |
           (flags & PTE_FLAGS_MASK);
}

/* Index of va in the table of the given level (1..4). */
static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
    return (va >> (L1_PAGETABLE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

#define l1_table_offset(va) pt_index((va), 1)
#define l2_table_offset(va) pt_index((va), 2)
#define l3_table_offset(va) pt_index((va), 3)
#define l4_table_offset(va) pt_index((va), 4)

/* Sign-extended from bit 47 (4-level paging). */
static inline bool is_canonical_address(unsigned long va)
{
    return ((long)va >> 47) == ((long)va >> 63);
}

#endif /* ASM_PAGE_H */
