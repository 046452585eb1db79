/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XENMEM_exchange: a domain gives back the frames of `in` and receives new
 * ones for `out` (e.g. machine-contiguous or below an address limit for
 * DMA), chunk by chunk, each chunk all or nothing. nr_exchanged reports
 * progress; a caller-supplied value is checked like every other input,
 * never trusted (XSA-212).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/memory.h>
#include <xen/page_alloc.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <public/memory.h>

/* A chunk: 2^in_chunk extents of `in` == 2^out_chunk extents of `out`. */
struct exch_state {
    struct xen_memory_exchange x;
    struct domain *d;
    unsigned int in_chunk, out_chunk;
    unsigned int bits;          /* address limit for the new frames */
    bool continued;             /* a continuation was set up */
};

static bool range_ok(unsigned long list, unsigned long first,
                     unsigned long nr)
{
    if ( first >= nr )
        return true;
    if ( nr > (~0UL >> 3) )
        return false;
    return guest_range_ok(list + first * 8, (nr - first) * 8);
}

static int exch_check(struct exch_state *s)
{
    const struct xen_memory_exchange *x = &s->x;
    unsigned int io = x->in.extent_order, oo = x->out.extent_order;

    if ( max(io, oo) > memop_max_order(current->domain) )
        return -EPERM;
    if ( x->nr_exchanged > x->in.nr_extents || x->in.domid != x->out.domid ||
         io >= 64 || oo >= 64 ||
         (~0UL >> io) < x->in.nr_extents || (~0UL >> oo) < x->out.nr_extents ||
         (x->in.nr_extents << io) != (x->out.nr_extents << oo) )
        return -EINVAL;

    s->in_chunk = io <= oo ? oo - io : 0;
    s->out_chunk = io <= oo ? 0 : io - oo;
    if ( !range_ok(guest_handle_va(x->in.extent_start), x->nr_exchanged,
                   x->in.nr_extents) ||
         !range_ok(guest_handle_va(x->out.extent_start),
                   (x->nr_exchanged >> s->in_chunk) << s->out_chunk,
                   x->out.nr_extents) )
        return -EFAULT;
    return 0;
}

/*
 * Take a frame of d out of circulation (Xen's steal_page): only a frame
 * with exactly the allocator's reference and no type reference can go.
 * With our own reference held (so the owner is stable), the count drops
 * from PGC_allocated|2 to 0 in one step: from then on get_page() fails, so
 * no vCPU can map it while it is stolen. It belongs to nobody but stays in
 * d's tot_pages until it is freed or given back.
 */
static bool steal_frame(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;
    unsigned long x;

    if ( !mfn_valid(mfn) )
        return false;
    pg = mfn_to_page(mfn);
    if ( !get_page(pg, d) )
        return false;
    x = PGC_allocated | 2;
    if ( page_type_count(pg) ||
         !__atomic_compare_exchange_n(&pg->count_info, &x, 0, false,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
    {
        put_page(pg);
        return false;
    }
    if ( mm_ops->unlink_page )
        mm_ops->unlink_page(pg);        /* off d's frame list while stolen */
    __atomic_store_n(&pg->owner, NULL, __ATOMIC_RELEASE);
    return true;
}

/*
 * Give a stolen frame back to d as it was (owner, then the allocator's
 * reference). Nobody can have changed a count of 0; a dying d that may
 * have walked past the frame already drops it at once.
 */
static void unsteal_frame(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    unsigned long x = 0;

    __atomic_store_n(&pg->owner, d, __ATOMIC_RELEASE);
    if ( mm_ops->link_page )
        mm_ops->link_page(pg);
    if ( !__atomic_compare_exchange_n(&pg->count_info, &x, PGC_allocated | 1,
                                      false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE) )
        BUG();
    if ( __atomic_load_n(&d->is_dying, __ATOMIC_SEQ_CST) )
        page_relinquish(pg);
}

/* A stolen frame leaves for good: straight back to the allocator. */
static void free_stolen_frame(mfn_t mfn)
{
    mfn_to_page(mfn)->type_info = 0;
    set_gpfn_from_mfn(mfn, M2P_INVALID_ENTRY);
    free_frames(mfn, 0);
}

/* Steal the in-frames of chunk c; on failure nothing stays stolen. */
static int steal_chunk(struct exch_state *s, unsigned long c, mfn_t *stolen,
                       unsigned long *nr)
{
    unsigned long per = 1UL << s->x.in.extent_order, j, k;

    *nr = 0;
    for ( j = 0; j < (1UL << s->in_chunk); j++ )
    {
        xen_pfn_t gmfn;
        unsigned long va = guest_handle_va(s->x.in.extent_start) +
                           ((c << s->in_chunk) + j) * 8;

        if ( copy_from_guest_va(&gmfn, va, sizeof(gmfn)) )
            goto fail_fault;
        for ( k = 0; k < per; k++ )
        {
            if ( !steal_frame(s->d, _mfn(gmfn + k)) )
                goto fail;
            stolen[(*nr)++] = _mfn(gmfn + k);
        }
    }
    return 0;

 fail_fault:
    while ( *nr )
        unsteal_frame(s->d, stolen[--*nr]);
    return -EFAULT;
 fail:
    while ( *nr )
        unsteal_frame(s->d, stolen[--*nr]);
    return -EINVAL;
}

/*
 * The new frames of chunk c: allocated raw first, so that failure leaves
 * the domain as it was; then given to d (the stolen frames' count).
 */
static int give_chunk(struct exch_state *s, unsigned long c,
                      const mfn_t *stolen, unsigned long nr)
{
    unsigned int oo = s->x.out.extent_order;
    unsigned long n = 1UL << s->out_chunk, per = 1UL << oo, j, k;
    mfn_t *out = xmalloc_array(mfn_t, n);
    int rc = 0;

    if ( !out )
        return -ENOMEM;

    for ( j = 0; j < n; j++ )
    {
        out[j] = alloc_frames(oo, s->bits);
        if ( mfn_eq(out[j], INVALID_MFN) )
        {
            while ( j-- )
                free_frames(out[j], oo);
            xfree(out);
            return -ENOMEM;
        }
    }

    /*
     * Past the point of no return: the old frames go, the new ones come.
     * As many come as go (n * per == nr): tot_pages stays as it is.
     */
    for ( j = 0; j < nr; j++ )
        free_stolen_frame(stolen[j]);

    for ( j = 0; j < n; j++ )
    {
        unsigned long va = guest_handle_va(s->x.out.extent_start) +
                           ((c << s->out_chunk) + j) * 8;
        xen_pfn_t gpfn = 0, x = mfn_x(out[j]);

        if ( copy_from_guest_va(&gpfn, va, sizeof(gpfn)) )
            rc = -EFAULT;
        for ( k = 0; k < per; k++ )
        {
            mfn_t m = _mfn(mfn_x(out[j]) + k);

            page_assign(mfn_to_page(m), s->d, false);
            set_gpfn_from_mfn(m, rc ? M2P_INVALID_ENTRY : gpfn + k);
        }
        if ( !rc && copy_to_guest_va(va, &x, sizeof(x)) )
            rc = -EFAULT;
    }
    xfree(out);
    return rc;
}

static long exch_run(struct exch_state *s, unsigned long arg)
{
    unsigned long c, first = s->x.nr_exchanged >> s->in_chunk;
    unsigned long last = s->x.in.nr_extents >> s->in_chunk;
    unsigned long nr;
    /* Orders are at most memop_max_order(), so this is bounded. */
    mfn_t *stolen = xmalloc_array(mfn_t, 1UL << (s->in_chunk +
                                                 s->x.in.extent_order));
    long rc = 0;

    if ( !stolen )
        return -ENOMEM;
    for ( c = first; c < last; c++ )
    {
        if ( c != first && hypercall_preempt_check() )
        {
            s->x.nr_exchanged = c << s->in_chunk;
            s->continued = true;
            rc = -EFAULT;
            if ( !copy_field_to_guest_va(arg, &s->x, struct xen_memory_exchange,
                                         nr_exchanged) )
                rc = hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
                                                   (unsigned long)XENMEM_exchange,
                                                   arg);
            goto out;
        }
        rc = steal_chunk(s, c, stolen, &nr);
        if ( !rc )
        {
            rc = give_chunk(s, c, stolen, nr);
            if ( rc == -ENOMEM )
                while ( nr )
                    unsteal_frame(s->d, stolen[--nr]);
        }
        if ( rc )
        {
            /* Chunks before c are done (c itself is not counted). */
            s->x.nr_exchanged = c << s->in_chunk;
            goto out;
        }
    }
    s->x.nr_exchanged = s->x.in.nr_extents;
 out:
    xfree(stolen);
    return rc;
}

long memory_exchange(unsigned long arg)
{
    struct exch_state s;
    unsigned int bits;
    long rc;

    if ( copy_from_guest_va(&s.x, arg, sizeof(s.x)) )
        return -EFAULT;

    rc = exch_check(&s);
    if ( rc )
        goto out;
    s.d = domain_from_domid(s.x.in.domid);
    if ( !s.d || s.d->is_dying )
    {
        rc = -ESRCH;
        goto out;
    }
    if ( !domain_may_target(current->domain, s.d) )
    {
        rc = -EPERM;
        goto out;
    }
    bits = XENMEMF_get_address_bits(s.x.out.mem_flags);
    s.bits = bits && bits < 32 ? bits : 32;   /* the direct map's reach */

    s.continued = false;
    rc = exch_run(&s, arg);
    if ( s.continued )
        return rc;                  /* nr_exchanged already written */
 out:
    if ( copy_field_to_guest_va(arg, &s.x, struct xen_memory_exchange,
                                nr_exchanged) )
        rc = -EFAULT;
    return rc;
}
