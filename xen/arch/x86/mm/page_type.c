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
    if ( mm_ops->link_page )
        mm_ops->link_page(pg);
}

void page_relinquish(struct page_info *pg)
{
    if ( __atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
         PGT_pinned )
        put_page_and_type(pg);
    /* A preempted (de)validation nobody continued: finish it now. */
    if ( (__atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_partial) &&
         get_page(pg, page_get_owner(pg)) )
    {
        page_finish_partial(pg, false);
        put_page(pg);
    }
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
static int validate_type(struct page_info *pg, unsigned long type,
                         bool preemptible)
{
    unsigned int level = pgt_level(type);
    void *va;
    int rc;

    if ( level )
        return pt_validate_table(pg, level, preemptible);
    if ( type != PGT_seg_desc_page || !mm_ops->validate_desc_page )
        return 0;
    va = mm_ops->map_frame(mm_ops->page_to_mfn(pg));
    rc = mm_ops->validate_desc_page(va);
    mm_ops->unmap_frame(va);
    return rc;
}

/* Drop the only type reference, held by its (de)validator: count 0. */
static void drop_last_type_ref(struct page_info *pg)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    pg->tlbflush_timestamp = tlb_clock();
    do {
        ASSERT((x & PGT_count_mask) == 1 &&
               !(x & (PGT_validated | PGT_partial | PGT_pinned)));
    } while ( !cas(&pg->type_info, &x, x & PGT_type_mask) );
}

/*
 * Preempted: hand our type reference (count 1, not validated) to the
 * PGT_partial state, with a general reference of its own. The caller holds
 * a general reference, so the count is not 0. nr_validated (and
 * partial_child) are written before the release that publishes them.
 */
static void enter_partial(struct page_info *pg)
{
    __atomic_fetch_add(&pg->count_info, 1, __ATOMIC_ACQ_REL);
    __atomic_fetch_or(&pg->type_info, PGT_partial, __ATOMIC_RELEASE);
}

/*
 * Holding the only type reference: devalidate entries [0, nr_validated).
 * err: the error of a failed validation being undone, kept if preempted.
 */
static int devalidate_rest(struct page_info *pg, bool preemptible, int err)
{
    unsigned int level = pgt_level(pg->type_info);

    if ( pt_devalidate_table(pg, level, preemptible) )
    {
        pg->partial_err = err;
        enter_partial(pg);
        return -ERESTART;
    }
    pg->partial_err = 0;
    drop_last_type_ref(pg);
    return 0;
}

/* A failed validation's undo was preempted: go on, then fail as it did. */
static int undo_failed(struct page_info *pg, bool preemptible)
{
    int err = pg->partial_err;

    return devalidate_rest(pg, preemptible, err) ?: err;
}

static int get_type(struct page_info *pg, unsigned long type, bool preemptible)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;
    int rc;

    ASSERT(!(type & ~PGT_type_mask));
    if ( type == PGT_writable_page && mm_ops->mark_dirty )
        mm_ops->mark_dirty(pg);
    for ( ;; )
    {
        unsigned long count = x & PGT_count_mask;

        if ( unlikely(count == PGT_count_mask) )
            return -EINVAL;
        if ( count == 0 )
        {
            /* Unused: free to take any type. No flag survives count 0. */
            ASSERT(!(x & (PGT_validated | PGT_pinned | PGT_partial)));
            nx = type | 1;
        }
        else if ( (x & PGT_type_mask) != type )
            return -EINVAL;
        else if ( x & PGT_validated )
            nx = x + 1;
        else if ( x & PGT_partial )
            nx = x & ~PGT_partial;      /* take the preempted work over */
        else
        {
            /* Another CPU is (de)validating it: wait for the outcome. */
            cpu_relax();
            x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
            continue;
        }
        if ( cas(&pg->type_info, &x, nx) )
            break;
    }

    if ( x & PGT_validated )
        return 0;

    if ( x & PGT_partial )
    {
        put_page(pg);   /* the state's general ref; the caller holds one */
        if ( pg->partial_err )
            return undo_failed(pg, preemptible);
    }
    else
    {
        /*
         * We took the first reference; until PGT_validated is set every
         * other taker of this type waits, every other type is refused.
         * Translations made under the old type (a writable mapping, or
         * paging-structure caches of a former page table) must be gone
         * before the new type can be relied on.
         */
        if ( (x & PGT_type_mask) != type &&
             (x & PGT_type_mask) != PGT_none && mm_ops->flush_stale_tlbs )
            mm_ops->flush_stale_tlbs(pg->owner, pg->tlbflush_timestamp);
        pg->nr_validated = 0;
    }
    /* Validation takes entry nr_validated anew, whatever it left behind. */
    pg->partial_child = false;
    pg->partial_err = 0;

    rc = validate_type(pg, type, preemptible);
    if ( rc == -ERESTART )
        enter_partial(pg);
    else if ( rc )
        drop_last_type_ref(pg);
    else
        __atomic_fetch_or(&pg->type_info, PGT_validated, __ATOMIC_RELEASE);
    return rc;
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    return get_type(pg, type, false);
}

int get_page_type_preemptible(struct page_info *pg, unsigned long type)
{
    return get_type(pg, type, true);
}

static int put_type(struct page_info *pg, bool preemptible)
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
            pg->nr_validated = PT_ENTRIES;
            pg->partial_child = false;
            return devalidate_rest(pg, preemptible, 0);
        }
        else
        {
            ASSERT(!(x & (PGT_pinned | PGT_partial)));
            pg->tlbflush_timestamp = tlb_clock();
            nx = x & PGT_type_mask;
        }
        if ( cas(&pg->type_info, &x, nx) )
            break;
    }
    /* Written through the mappings that just went: log-dirty. */
    if ( (nx & PGT_type_mask) == PGT_writable_page &&
         !(nx & PGT_count_mask) && mm_ops->mark_dirty )
        mm_ops->mark_dirty(pg);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    put_type(pg, false);
}

int put_page_type_preemptible(struct page_info *pg)
{
    return put_type(pg, true);
}

int page_finish_partial(struct page_info *pg, bool preemptible)
{
    unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    do {
        if ( !(x & PGT_partial) )
            return 0;
    } while ( !cas(&pg->type_info, &x, x & ~PGT_partial) );
    put_page(pg);       /* the state's general ref; the caller holds one */
    return devalidate_rest(pg, preemptible, pg->partial_err);
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

static int get_ref_and_type(struct page_info *pg, const struct domain *d,
                            unsigned long type, bool preemptible)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_type(pg, type, preemptible);
    if ( rc )
        put_page(pg);
    return rc;
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type)
{
    return get_ref_and_type(pg, d, type, false);
}

int get_page_and_type_preemptible(struct page_info *pg, const struct domain *d,
                                  unsigned long type)
{
    return get_ref_and_type(pg, d, type, true);
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

static int pin_table(struct page_info *pg, const struct domain *d,
                     unsigned long type, bool preemptible)
{
    int rc;

    if ( !pgt_is_page_table(type) )
        return -EINVAL;
    rc = get_ref_and_type(pg, d, type, preemptible);
    if ( rc )
        return rc;
    if ( __atomic_fetch_or(&pg->type_info, PGT_pinned, __ATOMIC_ACQ_REL) &
         PGT_pinned )
    {
        put_page_and_type(pg);  /* not the last: the pin holds one */
        return -EINVAL;
    }
    return 0;
}

int page_pin_table(struct page_info *pg, const struct domain *d,
                   unsigned long type)
{
    return pin_table(pg, d, type, false);
}

int page_pin_table_preemptible(struct page_info *pg, const struct domain *d,
                               unsigned long type)
{
    return pin_table(pg, d, type, true);
}

static int unpin_table(struct page_info *pg, const struct domain *d,
                       bool preemptible)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    if ( !(__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
           PGT_pinned) )
    {
        put_page(pg);
        return -EINVAL;
    }
    rc = put_type(pg, preemptible);     /* the pin's references */
    put_page(pg);
    if ( !rc )
        put_page(pg);
    return rc;          /* -ERESTART: our general ref goes to the caller */
}

int page_unpin_table(struct page_info *pg, const struct domain *d)
{
    return unpin_table(pg, d, false);
}

int page_unpin_table_preemptible(struct page_info *pg, const struct domain *d)
{
    return unpin_table(pg, d, true);
}
