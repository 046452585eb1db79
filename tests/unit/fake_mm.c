/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake machine behind the frame-table tests and the page-type fuzz
 * harness (see fake_mm.h): RAM frames in host memory, their frame table,
 * and mm_ops callbacks that count what the code under test asks for.
 */
#include <stdlib.h>
#include <string.h>
#include <xen/lib.h>
#include <xen/hypercall.h>
#include "fake_mm.h"

struct domain dom_a = { 1, false }, dom_b = { 2, false };
struct domain dom_io = { 3, true }; /* has I/O memory and cache attributes */

static intpte_t *fm_mem;
static struct page_info fm_pages[FM_FRAMES];
unsigned int fm_flushes, fm_freed, fm_maps;
unsigned long fm_dirty, fm_dirty_last;
unsigned int fm_preempt_every, fm_preempt_checks;
static uint32_t fm_clock;

static struct page_info *fm_mfn_to_page(mfn_t mfn)
{
    return mfn_x(mfn) < FM_FRAMES ? &fm_pages[mfn_x(mfn)] : NULL;
}

static mfn_t fm_page_to_mfn(const struct page_info *pg)
{
    return _mfn(pg - fm_pages);
}

static void *fm_map(mfn_t mfn)
{
    if ( mfn_x(mfn) >= FM_FRAMES )
        harness_fatal(__FILE__, __LINE__, "map of a frame that is not RAM");
    fm_maps++;
    return fm_mem + mfn_x(mfn) * PT_ENTRIES;
}

static void fm_unmap(void *va)
{
    (void)va;
    fm_maps--;
}

static bool fm_iomem(const struct domain *d, mfn_t mfn)
{
    (void)mfn;
    return d->io;
}

static bool fm_cache_attrs(const struct domain *d)
{
    return d->io;
}

static void fm_fill_l4(intpte_t *l4, mfn_t mfn, const struct domain *d)
{
    (void)mfn; (void)d;
    for ( unsigned int i = PT_XEN_L4_SLOT_FIRST; i <= PT_XEN_L4_SLOT_LAST; i++ )
        l4[i] = FM_XEN_SLOT(i);
}

static uint32_t fm_tlb_clock(void)
{
    return ++fm_clock;
}

static void fm_flush(const struct domain *d, uint32_t stamp)
{
    (void)d; (void)stamp;
    fm_flushes++;
}

static void fm_free(struct page_info *pg)
{
    (void)pg;
    fm_freed++;
}

/* Log-dirty hook: count the marks, remember the frame. */
static void fm_mark_dirty(struct page_info *pg)
{
    fm_dirty++;
    fm_dirty_last = pg - fm_pages;
}

static const struct mm_ops fm_ops = {
    .mfn_to_page = fm_mfn_to_page,
    .page_to_mfn = fm_page_to_mfn,
    .map_frame = fm_map,
    .unmap_frame = fm_unmap,
    .iomem_access = fm_iomem,
    .cache_attrs_allowed = fm_cache_attrs,
    .fill_xen_l4_slots = fm_fill_l4,
    .tlb_clock = fm_tlb_clock,
    .flush_stale_tlbs = fm_flush,
    .free_page = fm_free,
    .mark_dirty = fm_mark_dirty,
};

/* The code under test asks whether to stop: every fm_preempt_every-th time. */
bool hypercall_preempt_check(void)
{
    fm_preempt_checks++;
    return fm_preempt_every && fm_preempt_checks % fm_preempt_every == 0;
}

void fm_reset(void)
{
    if ( !fm_mem )
        fm_mem = aligned_alloc(PAGE_SIZE, FM_FRAMES * PAGE_SIZE);
    memset(fm_mem, 0, FM_FRAMES * PAGE_SIZE);
    memset(fm_pages, 0, sizeof(fm_pages));
    fm_dirty = 0;
    fm_dirty_last = ~0UL;
    mm_set_ops(&fm_ops);
    for ( unsigned int i = 0; i < FM_FRAMES; i++ )
        page_assign(&fm_pages[i], i < FM_DOM_B ? &dom_a : &dom_b, false);
    fm_flushes = fm_freed = fm_maps = 0;
    fm_preempt_every = fm_preempt_checks = 0;
}

struct page_info *fm_pg(unsigned long mfn)
{
    return &fm_pages[mfn];
}

intpte_t *fm_table(unsigned long mfn)
{
    return fm_mem + mfn * PT_ENTRIES;
}

unsigned long fm_audit(void)
{
    return frame_table_audit(NULL, _mfn(0), FM_FRAMES, FT_AUDIT_EXACT);
}

unsigned long fm_release_all(void)
{
    unsigned long problems;

    for ( unsigned int i = 0; i < FM_FRAMES; i++ )
        page_relinquish(&fm_pages[i]);
    problems = frame_table_audit(&dom_a, _mfn(0), FM_FRAMES, FT_AUDIT_DYING) +
               frame_table_audit(&dom_b, _mfn(0), FM_FRAMES, FT_AUDIT_DYING);
    problems += fm_freed != FM_FRAMES;
    problems += fm_maps != 0;
    return problems;
}

intpte_t fm_pte(unsigned long mfn, unsigned long flags)
{
    return pte_from_mfn(_mfn(mfn), flags);
}
