/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op's sub-op table (xen/common/memory.c) on fake domains: which
 * sub-ops reach which handler, where the start extent in cmd's upper bits
 * is accepted, and reservation batches that are preempted and continue
 * from the right extent. Frames come from a fake allocator; exchange and
 * the x86 sub-ops are stand-ins that record their calls.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "fake_hcall.h"
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/memory.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/pv/mm.h>
#include <public/memory.h>

#define NR_FRAMES 64
#define NO_OP     (~0U)

struct vcpu *unit_current_vcpu;
struct page_info *frame_table;
unsigned long max_page = NR_FRAMES;
uint8_t *unit_frame_mem;

static struct domain dom[2];            /* dom[0] privileged, dom[1] a domU */
static struct vcpu vcpu[2];
static shared_info_t shinfo[2];
static struct page_info frames[NR_FRAMES];
static unsigned long m2p[NR_FRAMES], next_mfn;
static unsigned int arch_op, nr_exchange;

/* ---- stand-ins ------------------------------------------------------------ */

struct domain *domain_from_domid(domid_t id)
{
    if ( id == DOMID_SELF )
        return current->domain;
    return id < 2 ? &dom[id] : NULL;
}

bool pv_may_target(const struct domain *d, const struct domain *t)
{
    return d == t || d->is_privileged;
}

mfn_t alloc_domain_frame(struct domain *d, unsigned int address_bits)
{
    if ( d->tot_pages >= d->max_pages || next_mfn >= NR_FRAMES )
        return INVALID_MFN;
    d->tot_pages++;
    frames[next_mfn].owner = d;
    return _mfn(next_mfn++);
}

mfn_t alloc_frames(unsigned int order, unsigned int address_bits)
{
    return INVALID_MFN;
}

void set_gpfn_from_mfn(mfn_t mfn, unsigned long pfn)
{
    m2p[mfn_x(mfn)] = pfn;
}

void page_assign(struct page_info *pg, struct domain *d, bool xen_heap)
{
    pg->owner = d;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    return pg->owner == d;
}

void put_page(struct page_info *pg) { (void)pg; }

void page_relinquish(struct page_info *pg)
{
    pg->owner->tot_pages--;
    pg->owner = NULL;
}

long memory_exchange(unsigned long arg)
{
    nr_exchange++;
    return 0;
}

long arch_memory_op(unsigned int op, unsigned long arg)
{
    arch_op = op;
    return -ENOSYS;
}

/* ---- helpers ---------------------------------------------------------------- */

static void reset(void)
{
    memset(dom, 0, sizeof(dom));
    memset(frames, 0, sizeof(frames));
    memset(m2p, 0, sizeof(m2p));
    for ( unsigned int i = 0; i < 2; i++ )
    {
        dom[i].domain_id = i;
        dom[i].max_pages = 16;
        dom[i].shared_info = &shinfo[i];
        vcpu[i].domain = &dom[i];
    }
    dom[0].is_privileged = true;
    unit_current_vcpu = &vcpu[1];
    next_mfn = 1;
    preempt_calls = preempt_at = cont_nr = nr_exchange = 0;
    arch_op = NO_OP;
}

static long memop(unsigned int op, unsigned long start, const void *arg)
{
    return do_memory_op(op | (start << MEMOP_SHIFT), (unsigned long)arg);
}

static struct xen_memory_reservation resv(xen_pfn_t *list, unsigned long nr)
{
    struct xen_memory_reservation r = { .nr_extents = nr,
                                        .domid = DOMID_SELF };

    r.extent_start.p = list;
    return r;
}

/* ---- cases ------------------------------------------------------------------- */

/* Sub-ops without an entry are the architecture's, start bits dropped. */
static void test_unknown_goes_to_arch(void)
{
    reset();
    CU_ASSERT_EQUAL(memop(63, 0, NULL), -ENOSYS);
    CU_ASSERT_EQUAL(arch_op, 63);
    CU_ASSERT_EQUAL(memop(XENMEM_machphys_mapping, 5, NULL), -ENOSYS);
    CU_ASSERT_EQUAL(arch_op, XENMEM_machphys_mapping);
    arch_op = NO_OP;
    CU_ASSERT_EQUAL(memop(XENMEM_maximum_ram_page, 0, NULL), NR_FRAMES);
    CU_ASSERT(memop(XENMEM_exchange, 0, NULL) == 0 && nr_exchange == 1);
    CU_ASSERT_EQUAL(arch_op, NO_OP);
}

/* Only the reservation sub-ops continue themselves, so only they take a start. */
static void test_cursor_only_where_continued(void)
{
    static const unsigned int single[] = {
        XENMEM_exchange, XENMEM_maximum_ram_page, XENMEM_current_reservation,
        XENMEM_maximum_reservation, XENMEM_maximum_gpfn,
    };
    domid_t self = DOMID_SELF;

    reset();
    for ( unsigned int i = 0; i < ARRAY_SIZE(single); i++ )
        CU_ASSERT_EQUAL(memop(single[i], 1, &self), -EINVAL);
    CU_ASSERT(nr_exchange == 0 && arch_op == NO_OP);
}

static void test_statistics(void)
{
    domid_t id = DOMID_SELF;

    reset();
    dom[1].tot_pages = 5;
    shinfo[1].arch.max_pfn = 100;
    CU_ASSERT_EQUAL(memop(XENMEM_current_reservation, 0, &id), 5);
    CU_ASSERT_EQUAL(memop(XENMEM_maximum_reservation, 0, &id), 16);
    CU_ASSERT_EQUAL(memop(XENMEM_maximum_gpfn, 0, &id), 99);
    shinfo[1].arch.max_pfn = 0;
    CU_ASSERT_EQUAL(memop(XENMEM_maximum_gpfn, 0, &id), 0);
    id = 0;
    CU_ASSERT_EQUAL(memop(XENMEM_current_reservation, 0, &id), -EPERM);
    id = 7;
    CU_ASSERT_EQUAL(memop(XENMEM_maximum_reservation, 0, &id), -ESRCH);
    unit_current_vcpu = &vcpu[0];
    id = 1;
    CU_ASSERT_EQUAL(memop(XENMEM_current_reservation, 0, &id), 5);
}

/* Bad counts and cursors do nothing and return the cursor (as in Xen). */
static void test_reservation_bounds(void)
{
    xen_pfn_t list[4] = { 0 };
    struct xen_memory_reservation r = resv(list, 4);

    reset();
    CU_ASSERT_EQUAL(memop(XENMEM_increase_reservation, 4, &r), 4);
    CU_ASSERT_EQUAL(memop(XENMEM_increase_reservation, 9, &r), 9);
    r.nr_extents = (~0U >> MEMOP_SHIFT) + 1UL;
    CU_ASSERT_EQUAL(memop(XENMEM_increase_reservation, 0, &r), 0);
    r.nr_extents = 4;
    r.extent_order = 10;                /* above a domU's limit */
    CU_ASSERT_EQUAL(memop(XENMEM_increase_reservation, 0, &r), 0);
    CU_ASSERT(dom[1].tot_pages == 0 && list[0] == 0);
    CU_ASSERT_EQUAL(cont_nr, 0);
}

/* Preempted before extent 2, then 3: each continuation starts there. */
static void run_preempted(unsigned int op, struct xen_memory_reservation *r)
{
    preempt_calls = 0;
    preempt_at = 2;
    CU_ASSERT_EQUAL(memop(op, 0, r), -ERESTART);
    CU_ASSERT(cont_nr == __HYPERVISOR_memory_op &&
              cont_args[0] == (op | (2UL << MEMOP_SHIFT)) &&
              cont_args[1] == (unsigned long)r);
    preempt_calls = 0;
    preempt_at = 1;                     /* none before the first extent */
    CU_ASSERT_EQUAL(do_memory_op(cont_args[0], cont_args[1]), -ERESTART);
    CU_ASSERT_EQUAL(cont_args[0], op | (3UL << MEMOP_SHIFT));
    CU_ASSERT_EQUAL(do_memory_op(cont_args[0], cont_args[1]), 4);
}

static void test_reservation_continuation(void)
{
    xen_pfn_t list[4] = { 0 }, gpfn[4] = { 40, 41, 42, 43 };
    struct xen_memory_reservation r = resv(list, 4);

    reset();
    run_preempted(XENMEM_increase_reservation, &r);
    CU_ASSERT(list[0] == 1 && list[1] == 2 && list[2] == 3 && list[3] == 4);
    CU_ASSERT_EQUAL(dom[1].tot_pages, 4);

    run_preempted(XENMEM_decrease_reservation, &r);
    CU_ASSERT_EQUAL(dom[1].tot_pages, 0);
    CU_ASSERT(frames[1].owner == NULL && frames[4].owner == NULL);

    r.extent_start.p = gpfn;
    run_preempted(XENMEM_populate_physmap, &r);
    CU_ASSERT(gpfn[0] == 5 && gpfn[3] == 8 && m2p[5] == 40 && m2p[8] == 43);
    CU_ASSERT_EQUAL(dom[1].tot_pages, 4);
}

static int setup(void)
{
    frame_table = frames;
    return 0;
}

static int teardown(void)
{
    return 0;
}

static CU_TestInfo memop_cases[] = {
    { "unknown_goes_to_arch", test_unknown_goes_to_arch },
    { "cursor_only_where_continued", test_cursor_only_where_continued },
    { "statistics", test_statistics },
    { "reservation_bounds", test_reservation_bounds },
    { "reservation_continuation", test_reservation_continuation },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("memop", setup, teardown, memop_cases);
