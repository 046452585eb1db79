/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory-management helpers for the guest test kernels that exercise
 * mmu_update, mmuext_op, update_va_mapping, writable page tables and
 * memory_op (tests/guest/{mmu-update,pin-unpin,update-va-mapping,
 * writable-pt,memory-op}).
 *
 * Layout facts relied on (Xen's builder, pv-abi-ladder 1.3/1.4): the
 * bootstrap region starts at VA 0 with VA == PFN << 12, its page tables are
 * inside it (mapped read-only), and VAs 0x1000-0xfffff (below the kernel at
 * 1 MiB) are mapped read-write to otherwise unused frames: tests use them as
 * scratch windows. Frames at the top of the P2M are never mapped by the
 * runtime: tests use them as spare frames.
 */
#ifndef XT_MM_H
#define XT_MM_H

#include <xt.h>
#include <public/memory.h>

#define PTE_P    0x001UL
#define PTE_RW   0x002UL
#define PTE_US   0x004UL
#define PTE_A    0x020UL
#define PTE_D    0x040UL
#define PTE_PSE  0x080UL
#define PTE_ADDR 0x000ffffffffff000UL

#define M2P ((volatile const unsigned long *)0xffff800000000000UL)

static inline unsigned long *xt_p2m(void)
{
    return (unsigned long *)xt_start_info->mfn_list;
}

static inline unsigned long xt_virt_to_mfn(const void *va)
{
    return xt_p2m()[(unsigned long)va >> 12];
}

/* A frame of the bootstrap region (page tables included), read-only view. */
static inline uint64_t *xt_mfn_to_virt(unsigned long mfn)
{
    return (uint64_t *)(M2P[mfn] << 12);
}

/* Spare frame i (0, 1, ...): pfn from the top of the P2M. */
static inline unsigned long xt_spare_pfn(unsigned int i)
{
    return xt_start_info->nr_pages - 1 - i;
}

static inline unsigned long xt_spare_mfn(unsigned int i)
{
    return xt_p2m()[xt_spare_pfn(i)];
}

/* Scratch window i (1..255): VA i << 12, initially RW to pfn i. */
static inline void *xt_scratch(unsigned int i)
{
    return (void *)((unsigned long)i << 12);
}

static inline unsigned long xt_l4_mfn(void)
{
    return xt_virt_to_mfn((void *)xt_start_info->pt_base);
}

/*
 * The entry of level `level` (1..4) mapping va: its read-only view
 * (*view, may be NULL) and its machine address (for mmu_update).
 * Returns 0 if an upper level is not present.
 */
static inline uint64_t xt_pte_maddr(unsigned long va, unsigned int level,
                                    uint64_t **view)
{
    uint64_t *t = (uint64_t *)xt_start_info->pt_base;
    unsigned long mfn = xt_l4_mfn();

    for ( unsigned int l = 4; ; l-- )
    {
        unsigned int idx = (va >> (12 + 9 * (l - 1))) & 511;

        if ( l == level )
        {
            if ( view )
                *view = &t[idx];
            return (mfn << 12) | (idx * 8);
        }
        if ( !(t[idx] & PTE_P) )
            return 0;
        mfn = (t[idx] & PTE_ADDR) >> 12;
        t = xt_mfn_to_virt(mfn);
    }
}

static inline long xt_mmu1(uint64_t ptr, uint64_t val, unsigned int fd)
{
    mmu_update_t u = { .ptr = ptr, .val = val };

    return hc_mmu_update(&u, 1, NULL, fd);
}

static inline long xt_mmuext1(unsigned int cmd, unsigned long arg1,
                              unsigned long arg2)
{
    mmuext_op_t op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Map mfn at scratch window i (flags e.g. PTE_P|PTE_RW), flush it. */
static inline long xt_map(unsigned int i, unsigned long mfn, unsigned long flags)
{
    return hc_update_va_mapping(xt_scratch(i),
                                flags ? (mfn << 12) | flags | PTE_A | PTE_D : 0,
                                UVMF_INVLPG);
}

/*
 * Write entry idx of frame mfn through scratch window win, mapped
 * read-write only for the store: the frame may become a page table next.
 */
static inline void xt_poke(unsigned int win, unsigned long mfn,
                           unsigned int idx, uint64_t val)
{
    if ( xt_map(win, mfn, PTE_P | PTE_RW) )
        panic("cannot map frame %#lx RW", mfn);
    ((volatile uint64_t *)xt_scratch(win))[idx] = val;
    if ( xt_map(win, 0, 0) )
        panic("cannot unmap frame %#lx", mfn);
}

/* Put scratch window i back to its original frame, read-write. */
static inline long xt_restore(unsigned int i)
{
    return xt_map(i, xt_p2m()[i], PTE_P | PTE_RW);
}

/*
 * Fill frame mfn of domain dom (a child being built) through scratch window
 * win: zeroes, then nq qwords at offset 0 and nb bytes at offset 0x100.
 */
static inline long xt_fill_foreign(unsigned int win, domid_t dom,
                                   unsigned long mfn, const uint64_t *q,
                                   unsigned int nq, const uint8_t *bytes,
                                   unsigned int nb)
{
    uint8_t *w = xt_scratch(win);
    long rc = hc_update_va_mapping_otherdomain(w, (mfn << 12) | PTE_P |
                                               PTE_RW | PTE_A | PTE_D,
                                               UVMF_INVLPG, dom);

    if ( rc )
        return rc;
    memset(w, 0, PAGE_SIZE);
    memcpy(w, q, nq * 8);
    memcpy(w + 0x100, bytes, nb);
    return xt_restore(win);
}

#endif /* XT_MM_H */
