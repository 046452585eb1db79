/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode for PV domains (XEN_DOMCTL_shadow_op OFF, ENABLE_LOGDIRTY,
 * CLEAN, PEEK; docs/migration.md "Log-dirty"). Xen 4.17 tracks PV writes
 * with shadow page tables; Xenolite has none, so it tracks the only ways
 * a frame can be written: a writable type reference (every guest mapping
 * with RW, grant maps and copies, vcpu_info, FIFO control blocks). A frame
 * is dirty in a round if it gained or lost a writable reference during
 * it, or holds one when the round is read. Conservative: a frame that
 * stays mapped writable is reported in every round.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <asm/pv/logdirty.h>
#include <public/domctl.h>

#define BITS_PER_WORD 64
#define WORDS(bits)   (((bits) + BITS_PER_WORD - 1) / BITS_PER_WORD)
/* PFNs a bitmap covers at least beyond the highest one at enable time. */
#define LD_SLACK      1024

struct logdirty {
    unsigned long nbits;            /* PFNs [0, nbits) are tracked */
    bool overflow;                  /* a PFN >= nbits was dirtied */
    uint32_t fault_count, dirty_count;
    unsigned long bitmap[];
};

static void mark_pfn(struct logdirty *ld, unsigned long pfn)
{
    unsigned long bit = 1UL << (pfn % BITS_PER_WORD);

    ld->fault_count++;
    if ( pfn >= ld->nbits )
    {
        ld->overflow = true;
        return;
    }
    if ( !(ld->bitmap[pfn / BITS_PER_WORD] & bit) )
    {
        ld->bitmap[pfn / BITS_PER_WORD] |= bit;
        ld->dirty_count++;
    }
}

void paging_mark_dirty(struct domain *d, mfn_t mfn)
{
    unsigned long pfn;

    if ( !d || !ACCESS_ONCE(d->arch.logdirty) )
        return;
    pfn = get_gpfn_from_mfn(mfn);
    if ( pfn == M2P_INVALID_ENTRY )
        return;                         /* in no P2M: nothing to resend */
    spin_lock(&d->arch.logdirty_lock);
    if ( d->arch.logdirty )
        mark_pfn(d->arch.logdirty, pfn);
    spin_unlock(&d->arch.logdirty_lock);
}

/*
 * The domain's highest PFN now (its frames' M2P entries): its own frame
 * list, not the host's frames.
 */
static unsigned long highest_pfn(struct domain *d)
{
    unsigned long top = 0;

    spin_lock(&d->page_alloc_lock);
    for ( struct page_info *pg = d->arch.frames.head; pg; pg = pg->list_next )
    {
        unsigned long pfn = get_gpfn_from_mfn(page_to_mfn(pg));

        if ( pfn != M2P_INVALID_ENTRY && pfn > top )
            top = pfn;
    }
    spin_unlock(&d->page_alloc_lock);
    return top;
}

/*
 * The PFNs of d's frames holding a writable reference now, into held
 * (nbits bits, zeroed here); a PFN past them is returned (else 0, which
 * the bitmap always covers). Walks d's own frame list under its
 * page_alloc_lock alone: the log-dirty lock is never held with it, so
 * the mark hook may run under either.
 */
static unsigned long writable_now(struct domain *d, unsigned long *held,
                                  unsigned long nbits)
{
    unsigned long beyond = 0;

    memset(held, 0, WORDS(nbits) * 8);
    spin_lock(&d->page_alloc_lock);
    for ( struct page_info *pg = d->arch.frames.head; pg; pg = pg->list_next )
    {
        unsigned long t = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
        unsigned long pfn;

        if ( (t & PGT_type_mask) != PGT_writable_page ||
             !(t & PGT_count_mask) )
            continue;
        pfn = get_gpfn_from_mfn(page_to_mfn(pg));
        if ( pfn == M2P_INVALID_ENTRY )
            continue;
        if ( pfn >= nbits )
            beyond = pfn;
        else
            held[pfn / BITS_PER_WORD] |= 1UL << (pfn % BITS_PER_WORD);
    }
    spin_unlock(&d->page_alloc_lock);
    return beyond;
}

static long enable(struct domain *d)
{
    unsigned long nbits = max(highest_pfn(d) + 1, d->max_pages) + LD_SLACK;
    struct logdirty *ld;

    if ( d->arch.logdirty )
        return -EINVAL;                 /* already on, as Xen */
    ld = xmalloc_array_bytes(1, sizeof(*ld) + WORDS(nbits) * 8);
    if ( !ld )
        return -ENOMEM;
    memset(ld, 0, sizeof(*ld) + WORDS(nbits) * 8);
    ld->nbits = WORDS(nbits) * BITS_PER_WORD;
    spin_lock(&d->arch.logdirty_lock);
    __atomic_store_n(&d->arch.logdirty, ld, __ATOMIC_RELEASE);
    spin_unlock(&d->arch.logdirty_lock);
    return 0;
}

void paging_logdirty_release(struct domain *d)
{
    struct logdirty *ld;

    spin_lock(&d->arch.logdirty_lock);
    ld = d->arch.logdirty;
    d->arch.logdirty = NULL;
    spin_unlock(&d->arch.logdirty_lock);
    xfree(ld);
}

/*
 * CLEAN/PEEK: every frame of d now holding a writable reference joins the
 * round; the round (all of it if a PFN overflowed) goes to the caller's
 * bitmap (`pages` bits, NULL: none), and CLEAN starts a new one.
 */
static long read_round(struct domain *d, struct xen_domctl_shadow_op *sop,
                       bool clean)
{
    unsigned long va = guest_handle_va(sop->dirty_bitmap);
    unsigned long *snap, words, nbits, beyond;
    struct logdirty *ld;
    long rc = 0;

    if ( !d->arch.logdirty )
        return -EINVAL;
    nbits = d->arch.logdirty->nbits;
    words = WORDS(nbits);
    snap = xmalloc_array(unsigned long, words);
    if ( !snap )
        return -ENOMEM;

    beyond = writable_now(d, snap, nbits);
    spin_lock(&d->arch.logdirty_lock);
    ld = d->arch.logdirty;
    for ( unsigned long w = 0; w < words; w++ )
        for ( unsigned long b = snap[w]; b; b &= b - 1 )
            mark_pfn(ld, w * BITS_PER_WORD + __builtin_ctzl(b));
    if ( beyond )
        mark_pfn(ld, beyond);
    memcpy(snap, ld->bitmap, words * 8);
    if ( ld->overflow )
        memset(snap, 0xff, words * 8);
    sop->stats.fault_count = ld->fault_count;
    sop->stats.dirty_count = ld->dirty_count;
    if ( clean )
    {
        memset(ld->bitmap, 0, words * 8);
        ld->overflow = false;
        ld->fault_count = ld->dirty_count = 0;
    }
    spin_unlock(&d->arch.logdirty_lock);

    if ( sop->pages > nbits )
        sop->pages = nbits;
    if ( va && sop->pages )
    {
        unsigned long bytes = (sop->pages + 7) / 8;

        /* The last byte carries only the bits asked for. */
        if ( sop->pages % 8 )
            ((uint8_t *)snap)[bytes - 1] &= (1U << (sop->pages % 8)) - 1;
        if ( copy_to_guest_va(va, snap, bytes) )
            rc = -EFAULT;
    }
    xfree(snap);
    return rc;
}

long pv_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sop)
{
    switch ( sop->op )
    {
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        sop->mb = 0;                    /* no shadow pool */
        return 0;
    case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
        return 0;
    }
    /* Log-dirty on itself would stop the caller (Xen: -EINVAL). */
    if ( d == current->domain || d->is_dying )
        return -EINVAL;
    switch ( sop->op )
    {
    case XEN_DOMCTL_SHADOW_OP_OFF:
        paging_logdirty_release(d);
        return 0;
    case XEN_DOMCTL_SHADOW_OP_ENABLE:
        if ( sop->mode != XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY )
            return -EINVAL;             /* refcount/translate: HVM only */
        /* fall through */
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        return enable(d);
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        return read_round(d, sop, sop->op == XEN_DOMCTL_SHADOW_OP_CLEAN);
    default:
        return -EINVAL;
    }
}
