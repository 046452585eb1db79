/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * General and type reference counts of machine frames, pinning, and the
 * type changes (with validation / devalidation of page tables) they imply.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>

const struct mm_ops *mm_ops;

void mm_set_ops(const struct mm_ops *ops)
{
    mm_ops = ops;
}

const char *pgt_name(unsigned long type)
{
    static const char *const names[] = {
        "none", "l1", "l2", "l3", "l4", "seg_desc", "writable", "shared",
    };

    return names[(type & PGT_type_mask) >> PGT_type_shift];
}

static inline void cpu_relax(void)
{
    __builtin_ia32_pause();
}

static inline bool cas(unsigned long *p, unsigned long *expected,
                       unsigned long desired)
{
    return __atomic_compare_exchange_n(p, expected, desired, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static uint32_t tlb_clock(void)
{
    return mm_ops->tlb_clock ? mm_ops->tlb_clock() : 0;
}

void page_assign(struct page_info *pg, struct domain *d, bool xen_heap)
{
    ASSERT(!(pg->count_info & PGC_count_mask));
    pg->owner = d;
    pg->type_info = PGT_none;
    pg->linear_pt = 0;
    spin_lock_init(&pg->pt_lock);
    __atomic_store_n(&pg->count_info,
                     PGC_allocated | (xen_heap ? PGC_xen_heap : 0) | 1,
                     __ATOMIC_RELEASE);
}

void page_relinquish(struct page_info *pg)
{
    if ( __atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
         PGT_pinned )
        put_page_and_type(pg);
    if ( __atomic_fetch_and(&pg->count_info, ~PGC_allocated,
                            __ATOMIC_ACQ_REL) & PGC_allocated )
        put_page(pg);
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);

    do {
        unsigned long c = x & PGC_count_mask;

        /* A free frame (count 0) cannot be resurrected by a reference. */
        if ( c == 0 || c == PGC_count_mask )
            return false;
    } while ( !cas(&pg->count_info, &x, x + 1) );

    /* The owner only changes while the count is 0, so it is stable now. */
    if ( likely(__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) == d) )
        return true;
    put_page(pg);
    return false;
}

void put_page(struct page_info *pg)
{
    unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE), nx;

    do {
        BUG_ON(!(x & PGC_count_mask));
        nx = x - 1;
    } while ( !cas(&pg->count_info, &x, nx) );

    if ( !(nx & PGC_count_mask) )
    {
        ASSERT(!(pg->type_info & PGT_count_mask));
        if ( mm_ops->free_page )
            mm_ops->free_page(pg);
    }
}

/* First reference of a type that has contents to check. */
static int validate_type(struct page_info *pg, unsigned long type)
{
    unsigned int level = pgt_level(type);
    void *va;
    int rc;

    if ( level )
        return pt_validate_table(pg, level);
    if ( type != PGT_seg_desc_page || !mm_ops->validate_desc_page )
        return 0;
    va = mm_ops->map_frame(mm_ops->page_to_mfn(pg));
    rc = mm_ops->validate_desc_page(va);
    mm_ops->unmap_frame(va);
    return rc;
}

/* Drop the single reference a failed validation holds: back to count 0. */
static void abandon_type(struct page_info *pg)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    pg->tlbflush_timestamp = tlb_clock();
    do {
        ASSERT((x & PGT_count_mask) == 1 && !(x & PGT_validated));
    } while ( !cas(&pg->type_info, &x, x & PGT_type_mask) );
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;
    int rc;

    ASSERT(!(type & ~PGT_type_mask));
    for ( ;; )
    {
        unsigned long count = x & PGT_count_mask;

        if ( unlikely(count == PGT_count_mask) )
            return -EINVAL;
        if ( count == 0 )
        {
            /* Unused: free to take any type. No flag survives count 0. */
            ASSERT(!(x & (PGT_validated | PGT_pinned)));
            nx = type | 1;
        }
        else if ( (x & PGT_type_mask) != type )
            return -EINVAL;
        else if ( !(x & PGT_validated) )
        {
            /* Another CPU is (de)validating it: wait for the outcome. */
            cpu_relax();
            x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
            continue;
        }
        else
            nx = x + 1;
        if ( cas(&pg->type_info, &x, nx) )
            break;
    }

    if ( x & PGT_count_mask )
        return 0;

    /*
     * We took the first reference; until PGT_validated is set every other
     * taker of this type waits, every other type is refused. Translations
     * made under the old type (a writable mapping, or paging-structure
     * caches of a former page table) must be gone before the new type can
     * be relied on.
     */
    if ( (x & PGT_type_mask) != type && (x & PGT_type_mask) != PGT_none &&
         mm_ops->flush_stale_tlbs )
        mm_ops->flush_stale_tlbs(pg->owner, pg->tlbflush_timestamp);

    rc = validate_type(pg, type);
    if ( rc )
    {
        abandon_type(pg);
        return rc;
    }
    __atomic_fetch_or(&pg->type_info, PGT_validated, __ATOMIC_RELEASE);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;

    for ( ;; )
    {
        unsigned long count = x & PGT_count_mask;

        BUG_ON(count == 0);
        if ( count > 1 )
            nx = x - 1;
        else if ( pgt_is_page_table(x) && (x & PGT_validated) )
        {
            /*
             * Last reference of a page table. Clear PGT_validated but keep
             * the count while the entries' references are released, so that
             * nobody can map the frame writable, or reuse it as a table,
             * half way through.
             */
            nx = x & ~PGT_validated;
            if ( !cas(&pg->type_info, &x, nx) )
                continue;
            pt_devalidate_table(pg, pgt_level(x));
            x = nx;
            continue;
        }
        else
        {
            ASSERT(!(x & PGT_pinned));
            pg->tlbflush_timestamp = tlb_clock();
            nx = x & PGT_type_mask;
        }
        if ( cas(&pg->type_info, &x, nx) )
            break;
    }
}

bool get_page_type_existing(struct page_info *pg, unsigned long type)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    do {
        if ( (x & (PGT_type_mask | PGT_validated)) != (type | PGT_validated) ||
             (x & PGT_count_mask) == PGT_count_mask )
            return false;
    } while ( !cas(&pg->type_info, &x, x + 1) );
    return true;
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_page_type(pg, type);
    if ( rc )
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

int page_pin_table(struct page_info *pg, const struct domain *d,
                   unsigned long type)
{
    int rc;

    if ( !pgt_is_page_table(type) )
        return -EINVAL;
    rc = get_page_and_type(pg, d, type);
    if ( rc )
        return rc;
    if ( __atomic_fetch_or(&pg->type_info, PGT_pinned, __ATOMIC_ACQ_REL) &
         PGT_pinned )
    {
        put_page_and_type(pg);
        return -EINVAL;
    }
    return 0;
}

int page_unpin_table(struct page_info *pg, const struct domain *d)
{
    if ( !get_page(pg, d) )
        return -EINVAL;
    if ( !(__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
           PGT_pinned) )
    {
        put_page(pg);
        return -EINVAL;
    }
    put_page_and_type(pg);      /* the pin's references */
    put_page(pg);
    return 0;
}
