/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shadow of asm/mm.h: "RAM" is max_page frames of host memory at
 * unit_frame_mem with a frame table at frame_table, both provided by the
 * test. The reference-count functions (asm/page_info.h) come from the real
 * page_type.c or from the test's fakes.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/types.h>
#include <asm/page.h>
#include <asm/page_info.h>

struct domain;

extern struct page_info *frame_table;
extern unsigned long max_page;
extern uint8_t *unit_frame_mem;

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

static inline void *mfn_to_virt(mfn_t mfn)
{
    return unit_frame_mem + mfn_x(mfn) * PAGE_SIZE;
}

static inline mfn_t virt_to_mfn(const void *va)
{
    return _mfn(((const uint8_t *)va - unit_frame_mem) / PAGE_SIZE);
}

/* Provided by tests that link code using them (e.g. test_gnttab.c). */
mfn_t alloc_xenheap_frame_for(struct domain *d);
void flush_domain_tlbs(const struct domain *d);
#define M2P_INVALID_ENTRY (~0UL)
void set_gpfn_from_mfn(mfn_t mfn, unsigned long pfn);

#endif /* ASM_MM_H */
