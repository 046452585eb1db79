/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant pins and status bits, and the maptrack (the handles of the
 * mappings a domain made). A pin records that a grantee uses an entry
 * (host or device mapping, or a copy in progress); while any pin exists
 * GTF_reading is set in the granter's entry (v1 flags, v2 status word), and
 * GTF_writing while any writable pin exists, so the granter cannot revoke
 * the entry (its compare-exchange of the flags fails). The bits are changed
 * atomically because the granting guest writes the same word.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include "grant_private.h"

/* Attempts before an entry the guest keeps changing is reported unstable. */
#define GT_CAS_RETRIES 4

static void status_clear(uint16_t *w, uint16_t bits)
{
    __atomic_fetch_and(w, (uint16_t)~bits, __ATOMIC_ACQ_REL);
}

/* v1: check {flags, domid} and set the status bits in one 32-bit cmpxchg. */
static int16_t set_status_v1(struct grant_table *gt, grant_ref_t ref,
                             domid_t ld, bool ro, bool for_map)
{
    uint32_t *word = (uint32_t *)gt_v1(gt, ref);
    uint32_t cur = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    uint16_t mask = GTF_type_mask | (for_map ? GTF_sub_page : 0);

    for ( unsigned int i = 0; i < GT_CAS_RETRIES; i++ )
    {
        uint16_t flags = cur & 0xffff;
        uint32_t want;

        if ( (flags & mask) != GTF_permit_access || (cur >> 16) != ld )
            return GNTST_general_error;
        if ( !ro && (flags & GTF_readonly) )
            return GNTST_general_error;
        want = cur | GTF_reading | (ro ? 0 : GTF_writing);
        if ( __atomic_compare_exchange_n(word, &cur, want, false,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
            return GNTST_okay;
    }
    return GNTST_general_error;
}

static bool v2_entry_ok(const grant_entry_v2_t *e, domid_t ld, bool ro,
                        bool for_map)
{
    uint16_t flags = __atomic_load_n(&e->hdr.flags, __ATOMIC_ACQUIRE);
    uint16_t mask = GTF_type_mask | (for_map ? GTF_sub_page : 0);

    /* Transitive grants are not supported: copy-only, unused by PV guests. */
    return (flags & mask) == GTF_permit_access &&
           __atomic_load_n(&e->hdr.domid, __ATOMIC_ACQUIRE) == ld &&
           (ro || !(flags & GTF_readonly));
}

/* v2: set the status bits, then re-check the header (the guest may revoke). */
static int16_t set_status_v2(struct grant_table *gt, grant_ref_t ref,
                             domid_t ld, bool ro, bool for_map, bool first)
{
    const grant_entry_v2_t *e = gt_v2(gt, ref);
    uint16_t *st = gt_status_word(gt, ref);
    uint16_t bits = GTF_reading | (ro ? 0 : GTF_writing);

    if ( !v2_entry_ok(e, ld, ro, for_map) )
        return GNTST_general_error;
    __atomic_fetch_or(st, bits, __ATOMIC_SEQ_CST);
    if ( v2_entry_ok(e, ld, ro, for_map) )
        return GNTST_okay;
    /* Revoked under our feet: take back only what this pin added. */
    status_clear(st, first ? bits : (ro ? 0 : GTF_writing));
    return GNTST_general_error;
}

/* The frame of a fresh pin: RAM owned by the granter. */
static int16_t pin_frame(struct domain *rd, struct grant_table *gt,
                         grant_ref_t ref, struct active_grant *a)
{
    unsigned long frame;
    struct page_info *pg;

    a->start = 0;
    a->length = PAGE_SIZE;
    a->sub_page = false;
    if ( gt->version == 1 )
        frame = gt_v1(gt, ref)->frame;
    else
    {
        const grant_entry_v2_t *e = gt_v2(gt, ref);

        frame = e->full_page.frame;
        if ( e->hdr.flags & GTF_sub_page )
        {
            a->sub_page = true;
            a->start = e->sub_page.page_off;
            a->length = e->sub_page.length;
            if ( a->start >= PAGE_SIZE || a->length > PAGE_SIZE - a->start )
                return GNTST_general_error;
        }
    }
    if ( !mfn_valid(_mfn(frame)) )
        return GNTST_bad_page;
    pg = mfn_to_page(_mfn(frame));
    if ( !get_page(pg, rd) )
        return GNTST_bad_page;
    put_page(pg);                       /* users take their own references */
    a->mfn = _mfn(frame);
    return GNTST_okay;
}

static uint16_t *pin_counter(struct active_grant *a, bool ro, enum gt_pin k)
{
    if ( k == PIN_HOST )
        return ro ? &a->hst_r : &a->hst_w;
    return ro ? &a->dev_r : &a->dev_w;
}

int16_t gt_pin(struct domain *rd, grant_ref_t ref, domid_t ld, bool ro,
               enum gt_pin kind, bool for_map)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *a;
    bool pinned, writer;
    int16_t rc;

    if ( gt->dying )
        return GNTST_bad_domain;        /* raced with the granter's death */
    if ( ref >= gt_nr_entries(gt) )
        return GNTST_bad_gntref;
    a = gt_act(gt, ref);
    pinned = act_pinned(a);
    writer = a->hst_w || a->dev_w;
    if ( pinned && (a->domid != ld || (for_map && a->sub_page) ||
                    a->hst_w == GT_PIN_MAX || a->hst_r == GT_PIN_MAX ||
                    a->dev_w == GT_PIN_MAX || a->dev_r == GT_PIN_MAX) )
        return GNTST_general_error;

    if ( !pinned || (!ro && !writer) )
    {
        rc = gt->version == 1 ? set_status_v1(gt, ref, ld, ro, for_map)
                              : set_status_v2(gt, ref, ld, ro, for_map,
                                              !pinned);
        if ( rc )
            return rc;
        if ( !pinned )
        {
            rc = pin_frame(rd, gt, ref, a);
            if ( rc )
            {
                status_clear(gt_status_word(gt, ref),
                             GTF_reading | GTF_writing);
                return rc;
            }
            a->domid = ld;
        }
    }
    (*pin_counter(a, ro, kind))++;
    return GNTST_okay;
}

void gt_unpin(struct domain *rd, grant_ref_t ref, bool ro, enum gt_pin kind)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *a = gt_act(gt, ref);
    uint16_t *c = pin_counter(a, ro, kind), clear = 0;

    if ( !*c )
        return;                         /* never underflow a guest-visible pin */
    (*c)--;
    if ( !ro && !a->hst_w && !a->dev_w )
        clear |= GTF_writing;
    if ( !act_pinned(a) )
        clear |= GTF_reading;
    /* A dying granter's table frames may already be someone else's. */
    if ( clear && !gt->dying )
        status_clear(gt_status_word(gt, ref), clear);
}

/* ---- maptrack --------------------------------------------------------------- */

unsigned int gt_maptrack_get(struct grant_table *lgt)
{
    unsigned int h = MT_NONE;

    spin_lock(&lgt->maptrack_lock);
    if ( lgt->maptrack_free == MT_NONE && lgt->maptrack_chunks < MT_MAX_CHUNKS )
    {
        struct maptrack_entry *c = xmalloc_array(struct maptrack_entry,
                                                 MT_PER_CHUNK);
        unsigned int base = lgt->maptrack_chunks * MT_PER_CHUNK;

        if ( c )
        {
            lgt->maptrack[lgt->maptrack_chunks++] = c;
            for ( unsigned int i = MT_PER_CHUNK; i-- > 0; )
            {
                c[i].next_free = lgt->maptrack_free;
                lgt->maptrack_free = base + i;
            }
        }
    }
    if ( lgt->maptrack_free != MT_NONE )
    {
        h = lgt->maptrack_free;
        lgt->maptrack_free = mt_entry(lgt, h)->next_free;
        mt_entry(lgt, h)->busy = true;  /* not usable until filled in */
        lgt->maptrack_used++;
    }
    spin_unlock(&lgt->maptrack_lock);
    return h;
}

void gt_maptrack_put(struct grant_table *lgt, unsigned int h)
{
    struct maptrack_entry *m;

    spin_lock(&lgt->maptrack_lock);
    m = mt_entry(lgt, h);
    m->flags = 0;
    m->busy = false;
    m->next_free = lgt->maptrack_free;
    lgt->maptrack_free = h;
    lgt->maptrack_used--;
    spin_unlock(&lgt->maptrack_lock);
}

void gt_maptrack_free_all(struct grant_table *gt)
{
    for ( unsigned int i = 0; i < gt->maptrack_chunks; i++ )
        xfree(gt->maptrack[i]);
    gt->maptrack_chunks = 0;
    gt->maptrack_free = MT_NONE;
}
