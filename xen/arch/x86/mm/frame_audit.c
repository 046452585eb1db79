/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug self-check of the frame table: flags agree with counts, no frame is
 * both writable-mapped and a page table, dead domains hold nothing, and
 * (in exact mode) every count is explained by allocation, pins and entries.
 * frame_audit_report() is the hypervisor's hook: it runs when a domain is
 * destroyed (its frames must all be free) and when the hardware domain
 * shuts down (its live tables must be consistent), and prints one summary
 * line that the boot tests forbid when it is not zero.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <asm/page.h>
#include <asm/page_info.h>

#define AUDIT_MAX_REPORTS 10

struct audit {
    unsigned long bad;
    mfn_t first;
    unsigned long nr;
    /* Exact mode: counts explained so far, per frame of the range. */
    unsigned long *refs, *types;
    long *linear;
};

#define REPORT(a, fmt, ...) do {                                        \
    if ( (a)->bad++ < AUDIT_MAX_REPORTS )                               \
        printk(XENLOG_ERR "frame audit: " fmt "\n", ##__VA_ARGS__);     \
} while ( 0 )

static bool in_range(const struct audit *a, mfn_t mfn, unsigned long *i)
{
    *i = mfn_x(mfn) - mfn_x(a->first);
    return mfn_x(mfn) >= mfn_x(a->first) && *i < a->nr;
}

static void explain(struct audit *a, mfn_t mfn, bool type, long linear)
{
    unsigned long i;

    if ( !a->refs || !in_range(a, mfn, &i) )
        return;
    a->refs[i]++;
    if ( type )
        a->types[i]++;
    a->linear[i] += linear;
}

/* Counts and flags of one frame, independent of anything else. */
static void check_frame(struct audit *a, mfn_t mfn, const struct page_info *pg,
                        const struct domain *d, unsigned int flags)
{
    unsigned long c = pg->count_info, x = pg->type_info;
    unsigned long refs = c & PGC_count_mask, types = x & PGT_count_mask;

    if ( types == 0 && (x & (PGT_validated | PGT_pinned)) )
        REPORT(a, "mfn %#lx: type count 0 with flags %#lx", mfn_x(mfn), x);
    if ( types && !(x & (PGT_validated | PGT_partial)) )
        REPORT(a, "mfn %#lx: %s referenced but not validated",
               mfn_x(mfn), pgt_name(x));
    if ( (x & PGT_partial) &&
         (types != 1 || (x & (PGT_validated | PGT_pinned)) ||
          !pgt_is_page_table(x) || pg->nr_validated > PT_ENTRIES) )
        REPORT(a, "mfn %#lx: bad partial %s state %#lx (%u entries)",
               mfn_x(mfn), pgt_name(x), x, pg->nr_validated);
    if ( (x & PGT_pinned) && !pgt_is_page_table(x) )
        REPORT(a, "mfn %#lx: pinned %s", mfn_x(mfn), pgt_name(x));
    if ( types > refs )
        REPORT(a, "mfn %#lx: %lu type refs > %lu refs", mfn_x(mfn), types, refs);
    if ( (c & PGC_allocated) && refs == 0 )
        REPORT(a, "mfn %#lx: allocated with count 0", mfn_x(mfn));
    if ( pg->linear_pt && !(pgt_is_page_table(x) && types) )
        REPORT(a, "mfn %#lx: linear count %d on unused %s",
               mfn_x(mfn), pg->linear_pt, pgt_name(x));
    if ( (flags & FT_AUDIT_DYING) && pg->owner == d && (refs || types) )
        REPORT(a, "mfn %#lx: dead domain's frame has %lu refs, %lu %s refs",
               mfn_x(mfn), refs, types, pgt_name(x));

    if ( a->refs )
    {
        unsigned long i = mfn_x(mfn) - mfn_x(a->first);

        /* A partial state holds one general and one type reference. */
        a->refs[i] += !!(c & PGC_allocated) + !!(x & PGT_pinned) +
                      !!(x & PGT_partial);
        a->types[i] += !!(x & PGT_pinned) + !!(x & PGT_partial);
    }
}

static void check_l1e(struct audit *a, mfn_t mfn, unsigned int i, intpte_t e)
{
    const struct page_info *tpg = mm_ops->mfn_to_page(pte_mfn(e));

    if ( !tpg )
        return;                 /* I/O memory: no references */
    if ( !page_ref_count(tpg) )
        REPORT(a, "l1 %#lx[%u] maps free frame %#lx",
               mfn_x(mfn), i, mfn_x(pte_mfn(e)));
    if ( (e & _PAGE_RW) &&
         (page_type(tpg) != PGT_writable_page || !page_type_count(tpg)) )
        REPORT(a, "l1 %#lx[%u] maps %s frame %#lx writable",
               mfn_x(mfn), i, pgt_name(page_type(tpg)), mfn_x(pte_mfn(e)));
    explain(a, pte_mfn(e), e & _PAGE_RW, 0);
}

static void check_upper(struct audit *a, mfn_t mfn, unsigned int level,
                        unsigned int i, intpte_t e)
{
    mfn_t target = pte_mfn(e);
    const struct page_info *tpg = mm_ops->mfn_to_page(target);
    unsigned long t;

    if ( mfn_eq(target, mfn) )
    {
        if ( e & _PAGE_RW )
            REPORT(a, "l%u %#lx[%u]: writable self-map", level, mfn_x(mfn), i);
        return;
    }
    if ( !tpg )
    {
        REPORT(a, "l%u %#lx[%u] points at non-RAM %#lx",
               level, mfn_x(mfn), i, mfn_x(target));
        return;
    }
    t = page_type(tpg);
    if ( t == PGT_pt_of_level(level) && !(e & _PAGE_RW) )
    {
        unsigned long ti;

        explain(a, target, true, -1);
        if ( a->refs && in_range(a, mfn, &ti) )
            a->linear[ti]++;
    }
    else if ( t == PGT_pt_of_level(level - 1) )
        explain(a, target, true, 0);
    else
        REPORT(a, "l%u %#lx[%u] points at %s frame %#lx",
               level, mfn_x(mfn), i, pgt_name(t), mfn_x(target));
    if ( !page_is_validated(tpg) )
        REPORT(a, "l%u %#lx[%u] points at unvalidated %#lx",
               level, mfn_x(mfn), i, mfn_x(target));
}

/* Entries [0, nr) of a table: a partial one holds references below nr. */
static void check_table(struct audit *a, mfn_t mfn, unsigned int level,
                        unsigned int nr)
{
    intpte_t *t = mm_ops->map_frame(mfn);
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        intpte_t e = t[i];

        if ( (level == 4 && pt_is_xen_l4_slot(i)) || !pte_present(e) )
            continue;
        if ( !(e & _PAGE_USER) )
            REPORT(a, "l%u %#lx[%u] = %#lx lacks US", level, mfn_x(mfn), i, e);
        if ( level == 1 )
            check_l1e(a, mfn, i, e);
        else
            check_upper(a, mfn, level, i, e);
    }
    mm_ops->unmap_frame(t);
}

static void check_exact(struct audit *a)
{
    unsigned long i;

    for ( i = 0; i < a->nr; i++ )
    {
        mfn_t mfn = mfn_add(a->first, i);
        const struct page_info *pg = mm_ops->mfn_to_page(mfn);

        if ( !pg )
            continue;
        if ( page_ref_count(pg) != a->refs[i] ||
             page_type_count(pg) != a->types[i] ||
             pg->linear_pt != a->linear[i] )
            REPORT(a, "mfn %#lx (%s): refs %lu/%lu types %lu/%lu linear %d/%ld"
                   " (actual/explained)", mfn_x(mfn), pgt_name(page_type(pg)),
                   page_ref_count(pg), a->refs[i], page_type_count(pg),
                   a->types[i], pg->linear_pt, a->linear[i]);
    }
}

unsigned long frame_table_audit(const struct domain *d, mfn_t first,
                                unsigned long nr, unsigned int flags)
{
    struct audit a = { .first = first, .nr = nr };
    unsigned long i;

    if ( flags & FT_AUDIT_EXACT )
    {
        a.refs = xmalloc_array(unsigned long, nr);
        a.types = xmalloc_array(unsigned long, nr);
        a.linear = xmalloc_array(long, nr);
        if ( !a.refs || !a.types || !a.linear )
        {
            REPORT(&a, "no memory for exact audit of %lu frames", nr);
            goto out;
        }
    }

    for ( i = 0; i < nr; i++ )
    {
        mfn_t mfn = mfn_add(first, i);
        const struct page_info *pg = mm_ops->mfn_to_page(mfn);
        unsigned long x;

        if ( !pg )
            continue;
        /*
         * Auditing one domain while others run: their frames may be in the
         * middle of a type change (counted, not yet validated) on another
         * CPU, so only d's own frames are checked frame by frame.
         */
        if ( d && !a.refs && pg->owner != d )
            continue;
        check_frame(&a, mfn, pg, d, flags);
        x = pg->type_info;
        /* Exact mode must see every table: any of them may hold refs. */
        if ( pgt_is_page_table(x) && (x & (PGT_validated | PGT_partial)) &&
             (!d || pg->owner == d || a.refs) )
            check_table(&a, mfn, pgt_level(x),
                        x & PGT_validated ? PT_ENTRIES
                                          : min(pg->nr_validated, PT_ENTRIES));
    }
    if ( a.refs )
        check_exact(&a);

 out:
    xfree(a.refs);
    xfree(a.types);
    xfree(a.linear);
    return a.bad;
}

unsigned long frame_list_audit(const struct domain *d,
                               const struct page_list *l, unsigned int flags)
{
    struct audit a = { 0 };
    const struct page_info *pg;
    unsigned long seen = 0;

    for ( pg = l->head; pg && seen <= l->count; pg = pg->list_next, seen++ )
    {
        mfn_t mfn = mm_ops->page_to_mfn(pg);
        unsigned long x = pg->type_info;

        if ( pg->owner != d )
            REPORT(&a, "mfn %#lx on the frame list of another owner",
                   mfn_x(mfn));
        /* Whatever its counts say, a dead domain owns nothing. */
        if ( (flags & FT_AUDIT_DYING) &&
             !(pg->count_info & PGC_count_mask) && !(x & PGT_count_mask) )
            REPORT(&a, "mfn %#lx: dead domain still owns a free frame",
                   mfn_x(mfn));
        check_frame(&a, mfn, pg, d, flags);
        if ( pgt_is_page_table(x) && (x & (PGT_validated | PGT_partial)) )
            check_table(&a, mfn, pgt_level(x),
                        x & PGT_validated ? PT_ENTRIES
                                          : min(pg->nr_validated, PT_ENTRIES));
    }
    if ( seen != l->count || pg )
        REPORT(&a, "frame list holds %s%lu frames, counted %lu",
               pg ? "more than " : "", seen, l->count);
    return a.bad;
}

unsigned long frame_audit_list_report(const struct domain *d,
                                      unsigned int domid,
                                      const struct page_list *l,
                                      unsigned int flags)
{
    unsigned long bad = frame_list_audit(d, l, flags);

    printk("frame audit: d%u: %lu problem(s)\n", domid, bad);
    return bad;
}

unsigned long frame_audit_report(const struct domain *d, unsigned int domid,
                                 mfn_t first, unsigned long nr,
                                 unsigned int flags)
{
    unsigned long bad = frame_table_audit(d, first, nr, flags);

    printk("frame audit: d%u: %lu problem(s)\n", domid, bad);
    return bad;
}
