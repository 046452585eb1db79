/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (hc 12), the architecture-neutral part: growing and shrinking
 * a domain's reservation, populating and exchanging frames, and the
 * reservation statistics (pv-abi-ladder 2.3). Frames are counted against
 * the domain's max_pages (no overcommit). For PV domains the P2M is the
 * guest's business: the hypervisor hands out MFNs and keeps the M2P.
 * x86-only sub-ops go to arch_memory_op().
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

#define DOMU_MAX_ORDER   9      /* 2 MiB extents */
#define CTLDOM_MAX_ORDER 20

struct memop_args {
    struct domain *d;
    unsigned long list;         /* guest VA of the xen_pfn_t extent list */
    unsigned long nr_extents;
    unsigned int order;
    unsigned int address_bits;  /* 0: no limit */
    unsigned long done;         /* IN: first extent; OUT: next one */
    bool preempted;
};

/*
 * One entry per common sub-op (the rest go to arch_memory_op): its handler,
 * the extent worker or statistic it runs, and whether cmd's upper bits
 * carry a start extent (only sub-ops that make such continuations).
 */
struct memop_desc {
    long (*fn)(const struct memop_desc *desc, unsigned int op,
               unsigned long start, unsigned long arg);
    void (*extents)(struct memop_args *a);      /* reservation_op */
    unsigned long (*stat)(const struct domain *d);  /* reservation_stat */
    bool cursor;
};

unsigned int memop_max_order(const struct domain *d)
{
    return d->is_privileged ? CTLDOM_MAX_ORDER : DOMU_MAX_ORDER;
}

/* memory_op's "by any id": DOMID_SELF or any live domain, self included. */
static struct domain *memop_domain(domid_t domid)
{
    struct domain *d = domain_from_domid(domid);

    return d && !d->is_dying ? d : NULL;
}

/* Is [list + first*8, list + (last+1)*8) a guest range? */
static bool list_ok(unsigned long list, unsigned long first, unsigned long last)
{
    if ( first > last || last >= (~0UL >> 3) )
        return first > last;
    return guest_range_ok(list + first * 8, (last - first + 1) * 8);
}

/* ---- frames for a domain -------------------------------------------------- */

/* 2^order contiguous frames for d, counted in tot_pages, or INVALID_MFN. */
mfn_t memop_alloc_extent(struct domain *d, unsigned int order,
                          unsigned int address_bits)
{
    unsigned long n = 1UL << order, i;
    mfn_t mfn;

    if ( order == 0 )
        return alloc_domain_frame(d, address_bits);

    spin_lock(&d->page_alloc_lock);
    if ( d->is_dying || d->tot_pages + n > d->max_pages ||
         d->tot_pages + n < d->tot_pages )
    {
        spin_unlock(&d->page_alloc_lock);
        return INVALID_MFN;
    }
    d->tot_pages += n;
    spin_unlock(&d->page_alloc_lock);

    mfn = alloc_frames(order, address_bits ? min(address_bits, 32U) : 32);
    if ( mfn_eq(mfn, INVALID_MFN) )
    {
        spin_lock(&d->page_alloc_lock);
        d->tot_pages -= n;
        spin_unlock(&d->page_alloc_lock);
        return INVALID_MFN;
    }
    for ( i = 0; i < n; i++ )
    {
        page_assign(mfn_to_page(_mfn(mfn_x(mfn) + i)), d, false);
        set_gpfn_from_mfn(_mfn(mfn_x(mfn) + i), M2P_INVALID_ENTRY);
    }
    return mfn;
}

/* ---- increase / decrease / populate ---------------------------------------- */

static bool memop_stop(struct memop_args *a, unsigned long i)
{
    if ( i != a->done && hypercall_preempt_check() )
    {
        a->preempted = true;
        return true;
    }
    return false;
}

static void increase_reservation(struct memop_args *a)
{
    unsigned long i;

    if ( (a->list && !list_ok(a->list, a->done, a->nr_extents - 1)) ||
         a->order > memop_max_order(current->domain) )
        return;

    for ( i = a->done; i < a->nr_extents && !memop_stop(a, i); i++ )
    {
        mfn_t mfn = memop_alloc_extent(a->d, a->order, a->address_bits);
        xen_pfn_t x = mfn_x(mfn);

        if ( mfn_eq(mfn, INVALID_MFN) )
            break;
        /* PV: the guest learns the machine frame (extent_start may be NULL). */
        if ( a->list && copy_to_guest_va(a->list + i * 8, &x, sizeof(x)) )
            break;          /* the frames stay the domain's, as in Xen */
    }
    a->done = i;
}

static void populate_physmap(struct memop_args *a)
{
    unsigned long i, j;

    if ( !list_ok(a->list, a->done, a->nr_extents - 1) ||
         a->order > memop_max_order(current->domain) )
        return;

    for ( i = a->done; i < a->nr_extents && !memop_stop(a, i); i++ )
    {
        xen_pfn_t gpfn, x;
        mfn_t mfn;

        if ( copy_from_guest_va(&gpfn, a->list + i * 8, sizeof(gpfn)) )
            break;
        mfn = memop_alloc_extent(a->d, a->order, a->address_bits);
        if ( mfn_eq(mfn, INVALID_MFN) )
            break;
        for ( j = 0; j < (1UL << a->order); j++ )
            set_gpfn_from_mfn(_mfn(mfn_x(mfn) + j), gpfn + j);
        x = mfn_x(mfn);
        if ( copy_to_guest_va(a->list + i * 8, &x, sizeof(x)) )
            break;
    }
    a->done = i;
}

/* Give back one frame of d: its pin and allocation references go. */
static int remove_frame(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( !get_page(pg, d) )
        return -ENXIO;
    if ( pg->count_info & PGC_xen_heap )
    {
        put_page(pg);           /* shared hypervisor frames are not RAM */
        return -ENXIO;
    }
    page_relinquish(pg);
    put_page(pg);
    return 0;
}

static void decrease_reservation(struct memop_args *a)
{
    unsigned long i, j;

    if ( !list_ok(a->list, a->done, a->nr_extents - 1) ||
         a->order > memop_max_order(current->domain) )
        return;

    for ( i = a->done; i < a->nr_extents && !memop_stop(a, i); i++ )
    {
        xen_pfn_t gmfn;

        if ( copy_from_guest_va(&gmfn, a->list + i * 8, sizeof(gmfn)) )
            break;
        for ( j = 0; j < (1UL << a->order); j++ )
            if ( remove_frame(a->d, _mfn(gmfn + j)) )
                goto out;
    }
 out:
    a->done = i;
}

/* Returns the number of extents done (never an error, as in Xen). */
static long reservation_op(const struct memop_desc *desc, unsigned int op,
                           unsigned long start, unsigned long arg)
{
    struct xen_memory_reservation r;
    struct memop_args a = { .done = start };
    unsigned int bits;

    if ( copy_from_guest_va(&r, arg, sizeof(r)) ||
         r.nr_extents > (~0U >> MEMOP_SHIFT) || start >= r.nr_extents )
        return start;
    a.d = memop_domain(r.domid);
    if ( !a.d || !domain_may_target(current->domain, a.d) )
        return start;

    bits = XENMEMF_get_address_bits(r.mem_flags);
    if ( bits && bits < 64 && bits <= PAGE_SHIFT )
        return start;
    a.address_bits = bits;
    a.list = guest_handle_va(r.extent_start);
    a.nr_extents = r.nr_extents;
    a.order = r.extent_order;

    desc->extents(&a);
    if ( a.preempted )
        return hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
                                             op | (a.done << MEMOP_SHIFT), arg);
    return a.done;
}

/* ---- statistics ------------------------------------------------------------- */

static unsigned long stat_current(const struct domain *d)
{
    return d->tot_pages;
}

static unsigned long stat_maximum(const struct domain *d)
{
    return d->max_pages;
}

/* PV guests publish their P2M size. */
static unsigned long stat_max_gpfn(const struct domain *d)
{
    return (d->shared_info->arch.max_pfn ?: 1) - 1;
}

static long reservation_stat(const struct memop_desc *desc, unsigned int op,
                             unsigned long start, unsigned long arg)
{
    struct domain *d;
    domid_t domid;

    if ( copy_from_guest_va(&domid, arg, sizeof(domid)) )
        return -EFAULT;
    d = memop_domain(domid);
    if ( !d )
        return -ESRCH;
    if ( !domain_may_target(current->domain, d) )
        return -EPERM;
    return desc->stat(d);
}

static long max_ram_page(const struct memop_desc *desc, unsigned int op,
                         unsigned long start, unsigned long arg)
{
    return max_page;
}

static long exchange(const struct memop_desc *desc, unsigned int op,
                     unsigned long start, unsigned long arg)
{
    return memory_exchange(arg);
}

void domain_memory_map_free(struct domain *d)
{
    xfree(d->memory_map);
    d->memory_map = NULL;
}

static const struct memop_desc memops[] = {
#define EXTENTS(n, f) [XENMEM_##n] = { .fn = reservation_op, .extents = f, \
                                       .cursor = true }
#define STAT(n, f)    [XENMEM_##n] = { .fn = reservation_stat, .stat = f }
    EXTENTS(increase_reservation, increase_reservation),
    EXTENTS(decrease_reservation, decrease_reservation),
    EXTENTS(populate_physmap,     populate_physmap),
    [XENMEM_exchange] = { .fn = exchange },
    [XENMEM_maximum_ram_page] = { .fn = max_ram_page },
    STAT(current_reservation,     stat_current),
    STAT(maximum_reservation,     stat_maximum),
    STAT(maximum_gpfn,            stat_max_gpfn),
#undef STAT
#undef EXTENTS
};

long do_memory_op(unsigned long cmd, unsigned long arg)
{
    unsigned int op = memop_cmd(cmd);
    unsigned long start = memop_start(cmd);
    const struct memop_desc *desc;

    if ( op >= ARRAY_SIZE(memops) || !memops[op].fn )
        return arch_memory_op(op, arg);
    desc = &memops[op];
    /* Only a sub-op that continues itself has a cursor (XSA-212). */
    if ( start && !desc->cursor )
        return -EINVAL;
    return desc->fn(desc, op, start, arg);
}
