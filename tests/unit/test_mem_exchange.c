/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XENMEM_exchange (xen/common/memory_exchange.c) with the real reference
 * counting (page_type.c) on a fake machine of NR_FRAMES frames: domain 1
 * owns frames 0..OWNED-1, frames from FIRST_FREE on are the allocator's.
 *
 * Regression (issue 14, "frame use-after-free in XENMEM_exchange"): a
 * stolen frame kept its owner and a count of 1, so another vCPU could take
 * a reference to it in the window between steal and give-back; the undo
 * then stored PGC_allocated|1 over that reference, and the frame was freed
 * while still mapped. alloc_frames() plays the second vCPU: it runs while
 * the in-frames are stolen and may fail, forcing the undo.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/memory.h>
#include <xen/page_alloc.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/page_info.h>
#include <asm/pv/mm.h>
#include <public/memory.h>

#define NR_FRAMES   32
#define OWNED       16
#define FIRST_FREE  24

struct vcpu *unit_current_vcpu;
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;

static struct domain *dom;
static unsigned long m2p[NR_FRAMES];
static bool frame_free[NR_FRAMES];
static unsigned int nr_freed;
/* The second vCPU, run from alloc_frames(): which frame it grabs. */
static long grab_mfn = -1;
static bool grabbed, fail_alloc;
static struct domain *owner_in_window;

struct domain *domain_from_domid(domid_t id)
{
    return id == DOMID_SELF || id == dom->domain_id ? dom : NULL;
}

bool pv_may_target(const struct domain *d, const struct domain *t)
{
    return d == t || d->is_privileged;
}

unsigned int memop_max_order(const struct domain *d)
{
    (void)d;
    return 9;
}

void set_gpfn_from_mfn(mfn_t mfn, unsigned long pfn)
{
    m2p[mfn_x(mfn)] = pfn;
}

mfn_t alloc_frames(unsigned int order, unsigned int address_bits)
{
    (void)address_bits;
    CU_ASSERT_FATAL(order == 0);
    if ( grab_mfn >= 0 )
    {
        struct page_info *pg = &frame_table[grab_mfn];

        owner_in_window = page_get_owner(pg);
        grabbed = get_page(pg, dom);
    }
    if ( fail_alloc )
        return INVALID_MFN;
    for ( unsigned long m = FIRST_FREE; m < NR_FRAMES; m++ )
        if ( frame_free[m] )
        {
            frame_free[m] = false;
            return _mfn(m);
        }
    return INVALID_MFN;
}

void free_frames(mfn_t mfn, unsigned int order)
{
    CU_ASSERT_FATAL(order == 0);
    CU_ASSERT(!frame_free[mfn_x(mfn)]);
    frame_free[mfn_x(mfn)] = true;
    nr_freed++;
}

/* ---- fake machine ------------------------------------------------------ */

static struct page_info *fm_mfn_to_page(mfn_t m)
{
    return mfn_x(m) < NR_FRAMES ? &frame_table[mfn_x(m)] : NULL;
}
static mfn_t fm_page_to_mfn(const struct page_info *pg) { return page_to_mfn(pg); }
static void *fm_map(mfn_t m) { return mfn_to_virt(m); }
static void fm_unmap(void *va) { (void)va; }

/* The hypervisor's last-reference path (arch/x86/mm/machine.c). */
static void fm_free(struct page_info *pg)
{
    struct domain *d = page_get_owner(pg);

    if ( d )
        d->tot_pages--;
    pg->owner = NULL;
    pg->count_info = pg->type_info = 0;
    m2p[mfn_x(page_to_mfn(pg))] = M2P_INVALID_ENTRY;
    free_frames(page_to_mfn(pg), 0);
}

static const struct mm_ops fm_ops = {
    .mfn_to_page = fm_mfn_to_page, .page_to_mfn = fm_page_to_mfn,
    .map_frame = fm_map, .unmap_frame = fm_unmap, .free_page = fm_free,
};

static int setup(void)
{
    max_page = NR_FRAMES;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    unit_frame_mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    dom = calloc(1, sizeof(*dom));
    dom->vcpu = calloc(1, sizeof(*dom->vcpu));
    dom->vcpu[0] = calloc(1, sizeof(struct vcpu));
    dom->vcpu[0]->domain = dom;
    return 0;
}

static int teardown(void)
{
    free(dom->vcpu[0]);
    free(dom->vcpu);
    free(dom);
    free(unit_frame_mem);
    free(frame_table);
    return 0;
}

static void reset(void)
{
    memset(frame_table, 0, NR_FRAMES * sizeof(*frame_table));
    mm_set_ops(&fm_ops);
    dom->domain_id = 1;
    dom->max_vcpus = 1;
    dom->tot_pages = OWNED;
    dom->max_pages = OWNED;
    for ( unsigned long m = 0; m < NR_FRAMES; m++ )
    {
        frame_free[m] = m >= FIRST_FREE;
        m2p[m] = m < OWNED ? 100 + m : M2P_INVALID_ENTRY;
        if ( m < OWNED )
            page_assign(&frame_table[m], dom, false);
    }
    unit_current_vcpu = dom->vcpu[0];
    nr_freed = 0;
    grab_mfn = -1;
    grabbed = fail_alloc = false;
    owner_in_window = NULL;
}

/* Exchange nr_in order-0 frames `in` for one extent of out_order at *out. */
static long exchange(xen_pfn_t *in, unsigned long nr_in, xen_pfn_t *out,
                     unsigned int out_order, struct xen_memory_exchange *x)
{
    memset(x, 0, sizeof(*x));
    x->in.nr_extents = nr_in;
    x->out.nr_extents = 1;
    x->out.extent_order = out_order;
    x->in.domid = x->out.domid = DOMID_SELF;
    x->in.extent_start.p = in;
    x->out.extent_start.p = out;
    return memory_exchange((unsigned long)x);
}

static long exchange_one(xen_pfn_t *in, xen_pfn_t *out,
                         struct xen_memory_exchange *x)
{
    return exchange(in, 1, out, 0, x);
}

static void test_exchange_ok(void)
{
    struct xen_memory_exchange x;
    xen_pfn_t in = 5, out = 105;
    long rc;

    reset();
    rc = exchange_one(&in, &out, &x);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(x.nr_exchanged, 1);
    CU_ASSERT(out >= FIRST_FREE && out < NR_FRAMES);
    CU_ASSERT(frame_free[5]);                       /* the old frame went */
    CU_ASSERT_EQUAL(nr_freed, 1);
    CU_ASSERT_EQUAL(m2p[5], M2P_INVALID_ENTRY);
    CU_ASSERT_PTR_NULL(page_get_owner(&frame_table[5]));
    CU_ASSERT_EQUAL(frame_table[5].count_info, 0);
    CU_ASSERT_PTR_EQUAL(page_get_owner(&frame_table[out]), dom);
    CU_ASSERT_EQUAL(frame_table[out].count_info, PGC_allocated | 1);
    CU_ASSERT_EQUAL(m2p[out], 105);
    CU_ASSERT_EQUAL(dom->tot_pages, OWNED);
}

/* Only a frame with nothing but the allocator's reference can go. */
static void test_exchange_refuses_used_frame(void)
{
    struct xen_memory_exchange x;
    xen_pfn_t in = 6, out = 106;
    struct page_info *pg = &frame_table[6];

    reset();
    CU_ASSERT_FATAL(get_page(pg, dom));             /* mapped somewhere */
    CU_ASSERT_EQUAL(exchange_one(&in, &out, &x), -EINVAL);
    CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 2);
    put_page(pg);

    CU_ASSERT_FATAL(get_page_and_type(pg, dom, PGT_writable_page) == 0);
    CU_ASSERT_EQUAL(exchange_one(&in, &out, &x), -EINVAL);
    CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 2);
    CU_ASSERT_EQUAL(page_type_count(pg), 1);
    put_page_and_type(pg);

    CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 1);
    CU_ASSERT_PTR_EQUAL(page_get_owner(pg), dom);
    CU_ASSERT_EQUAL(x.nr_exchanged, 0);
    CU_ASSERT_EQUAL(nr_freed, 0);
    CU_ASSERT_EQUAL(dom->tot_pages, OWNED);
}

/*
 * The regression: while frame 7 is stolen a second vCPU tries to map it
 * (get_page), then the exchange fails (no memory) and undoes the steal,
 * then the second vCPU unmaps. The frame must end exactly as it started,
 * allocated to its owner, never freed under a mapping.
 */
static void test_exchange_steal_window_uaf(void)
{
    struct xen_memory_exchange x;
    xen_pfn_t in = 7, out = 107;
    struct page_info *pg = &frame_table[7];

    reset();
    grab_mfn = 7;
    fail_alloc = true;
    CU_ASSERT_EQUAL(exchange_one(&in, &out, &x), -ENOMEM);
    CU_ASSERT_EQUAL(x.nr_exchanged, 0);
    /* A stolen frame belongs to nobody and takes no references. */
    CU_ASSERT_PTR_NULL(owner_in_window);
    CU_ASSERT(!grabbed);
    if ( grabbed )
    {
        /* The undo must have kept the reference taken meanwhile... */
        CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 2);
        put_page(pg);                   /* ...which the second vCPU drops */
    }
    CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 1);
    CU_ASSERT_PTR_EQUAL(page_get_owner(pg), dom);
    CU_ASSERT_EQUAL(m2p[7], 107);
    CU_ASSERT_EQUAL(nr_freed, 0);
    CU_ASSERT(!frame_free[7]);
    CU_ASSERT_EQUAL(dom->tot_pages, OWNED);
}

/* The same window when the exchange goes through: no reference survives. */
static void test_exchange_steal_window_ok(void)
{
    struct xen_memory_exchange x;
    xen_pfn_t in = 8, out = 108;

    reset();
    grab_mfn = 8;
    CU_ASSERT_EQUAL(exchange_one(&in, &out, &x), 0);
    CU_ASSERT(!grabbed);
    if ( grabbed )
        put_page(&frame_table[8]);
    CU_ASSERT(frame_free[8]);
    CU_ASSERT_EQUAL(nr_freed, 1);
    CU_ASSERT_EQUAL(dom->tot_pages, OWNED);
}

/* A failed steal in the middle of a chunk gives the earlier frames back. */
static void test_exchange_partial_steal_undone(void)
{
    struct xen_memory_exchange x;
    xen_pfn_t in[2] = { 9, 10 }, out[2] = { 109, 110 };
    struct page_info *pg = &frame_table[10];

    reset();
    CU_ASSERT_FATAL(get_page(pg, dom));
    /* One chunk: both in-frames for one order-1 extent. */
    CU_ASSERT_EQUAL(exchange(in, 2, out, 1, &x), -EINVAL);
    CU_ASSERT_EQUAL(x.nr_exchanged, 0);
    CU_ASSERT_EQUAL(frame_table[9].count_info, PGC_allocated | 1);
    CU_ASSERT_PTR_EQUAL(page_get_owner(&frame_table[9]), dom);
    CU_ASSERT_EQUAL(pg->count_info, PGC_allocated | 2);
    put_page(pg);
    CU_ASSERT_EQUAL(nr_freed, 0);
    CU_ASSERT_EQUAL(dom->tot_pages, OWNED);
}

static CU_TestInfo cases[] = {
    { "exchange_ok", test_exchange_ok },
    { "exchange_refuses_used_frame", test_exchange_refuses_used_frame },
    { "exchange_steal_window_uaf", test_exchange_steal_window_uaf },
    { "exchange_steal_window_ok", test_exchange_steal_window_ok },
    { "exchange_partial_steal_undone", test_exchange_partial_steal_undone },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("mem_exchange", setup, teardown, cases);
