/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (xen/common/grant_*.c, xen/arch/x86/pv/grant_table.c) on a
 * fake machine of NR_FRAMES frames with the real reference counting and
 * page-table validation (page_type.c, pt_validate.c): domain A (id 1)
 * grants, B (id 2) maps, dom0 is privileged. Each of A and B has a pinned
 * 4-level tree whose L1 maps VA 0..2 MiB. Guest pointers are host pointers.
 * hypercall_preempt_check() says yes on a chosen call, and continuations
 * are recorded, so preempted batches can be followed.
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
#include <xen/grant_table.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>
#include <public/grant_table.h>

#define NR_FRAMES   96
#define FIRST_FREE  56      /* frames 56.. are free (hypervisor frames) */
#define A_L1        3
#define B_L1        27
#define A_DATA      10
#define B_DATA      30

struct vcpu *unit_current_vcpu;
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;
struct domain *domain_list;
DEFINE_SPINLOCK(domlist_lock);

static struct domain *d0, *da, *db;
static unsigned int nr_freed;

struct domain *domain_by_id(domid_t id)
{
    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id == id )
            return d;
    return NULL;
}

void flush_domain_tlbs(const struct domain *d) { (void)d; }

mfn_t alloc_xenheap_frame_for(struct domain *d)
{
    for ( unsigned long m = FIRST_FREE; m < NR_FRAMES; m++ )
        if ( !frame_table[m].owner && !frame_table[m].count_info )
        {
            memset(unit_frame_mem + m * PAGE_SIZE, 0, PAGE_SIZE);
            page_assign(&frame_table[m], d, true);
            return _mfn(m);
        }
    return INVALID_MFN;
}

/* ---- fake machine ------------------------------------------------------ */

static struct page_info *fm_mfn_to_page(mfn_t m)
{
    return mfn_x(m) < NR_FRAMES ? &frame_table[mfn_x(m)] : NULL;
}
static mfn_t fm_page_to_mfn(const struct page_info *pg) { return page_to_mfn(pg); }
static void *fm_map(mfn_t m) { return mfn_to_virt(m); }
static void fm_unmap(void *va) { (void)va; }
static void fm_flush(const struct domain *d, uint32_t s) { (void)d; (void)s; }
static void fm_free(struct page_info *pg)
{
    nr_freed++;
    pg->owner = NULL;
    pg->count_info = pg->type_info = 0;
}

static const struct mm_ops fm_ops = {
    .mfn_to_page = fm_mfn_to_page, .page_to_mfn = fm_page_to_mfn,
    .map_frame = fm_map, .unmap_frame = fm_unmap,
    .flush_stale_tlbs = fm_flush, .free_page = fm_free,
};

static intpte_t *frame(unsigned long m)
{
    return (intpte_t *)(unit_frame_mem + m * PAGE_SIZE);
}

static struct domain *mkdom(domid_t id, bool priv, unsigned long first,
                            unsigned long nr)
{
    struct domain *d = calloc(1, sizeof(*d));
    struct vcpu *v = calloc(1, sizeof(*v));
    unsigned long l4 = first;

    d->domain_id = id;
    d->is_privileged = priv;
    d->max_vcpus = 1;
    d->vcpu = calloc(1, sizeof(*d->vcpu));
    d->vcpu[0] = v;
    v->domain = d;
    v->arch.pv.guest_table = INVALID_MFN;
    for ( unsigned long m = first; m < first + nr; m++ )
        page_assign(&frame_table[m], d, false);
    if ( !priv )
    {
        for ( unsigned int l = 0; l < 3; l++ )
            frame(first + l)[0] = ((first + l + 1) << PAGE_SHIFT) |
                                  _PAGE_PRESENT | _PAGE_RW;
        CU_ASSERT_FATAL(page_pin_table(&frame_table[l4], d,
                                       PGT_l4_page_table) == 0);
        v->arch.pv.guest_table = _mfn(l4);
    }
    CU_ASSERT_FATAL(gnttab_domain_init(d) == 0);
    return d;
}

static void rmdom(struct domain *d)
{
    free(d->vcpu[0]);
    free(d->vcpu);
    free(d);
}

static void reset(void)
{
    if ( d0 )
    {
        for ( struct domain *d = d0; d; d = d->next_in_list )
        {
            gnttab_domain_kill(d);
            gnttab_domain_destroy(d);
        }
        domain_list = NULL;
        rmdom(d0);
        rmdom(da);
        rmdom(db);
    }
    memset(frame_table, 0, NR_FRAMES * sizeof(*frame_table));
    memset(unit_frame_mem, 0, NR_FRAMES * PAGE_SIZE);
    mm_set_ops(&fm_ops);
    d0 = mkdom(0, true, 48, 8);
    da = mkdom(1, false, 0, 24);
    db = mkdom(2, false, 24, 24);
    d0->next_in_list = da;
    da->next_in_list = db;
    domain_list = d0;
    unit_current_vcpu = db->vcpu[0];
    nr_freed = 0;
    preempt_calls = preempt_at = cont_nr = 0;
}

static int setup(void)
{
    max_page = NR_FRAMES;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    unit_frame_mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    return 0;
}

static int teardown(void)
{
    return 0;
}

/* ---- helpers ----------------------------------------------------------- */

static void as(struct domain *d) { unit_current_vcpu = d->vcpu[0]; }

static long gop(unsigned int cmd, void *op, unsigned int n)
{
    return do_grant_table_op(cmd, (unsigned long)op, n);
}

static grant_entry_v1_t *entry_of(struct domain *d, unsigned int ref)
{
    xen_pfn_t f = 0;
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 1 };
    struct vcpu *saved = current;

    s.frame_list.p = &f;
    as(d);
    CU_ASSERT_FATAL(gop(GNTTABOP_setup_table, &s, 1) == 0 && s.status == 0);
    unit_current_vcpu = saved;
    return (grant_entry_v1_t *)frame(f) + ref;
}

static void grant(struct domain *d, unsigned int ref, domid_t to,
                  unsigned long mfn, bool ro)
{
    grant_entry_v1_t *e = entry_of(d, ref);

    e->domid = to;
    e->frame = mfn;
    e->flags = GTF_permit_access | (ro ? GTF_readonly : 0);
}

static uint16_t busy(struct domain *d, unsigned int ref)
{
    return entry_of(d, ref)->flags & (GTF_reading | GTF_writing);
}

static gnttab_map_grant_ref_t map(unsigned int ref, domid_t dom,
                                  uint64_t addr, uint32_t flags)
{
    gnttab_map_grant_ref_t m = { .host_addr = addr, .flags = flags,
                                 .ref = ref, .dom = dom, .status = 1 };

    CU_ASSERT_EQUAL(gop(GNTTABOP_map_grant_ref, &m, 1), 0);
    CU_ASSERT(m.status <= 0);
    return m;
}

static int16_t unmap(uint64_t addr, uint64_t dev, grant_handle_t h)
{
    gnttab_unmap_grant_ref_t u = { .host_addr = addr, .dev_bus_addr = dev,
                                   .handle = h, .status = 1 };

    CU_ASSERT_EQUAL(gop(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    return u.status;
}

static struct page_info *pg(unsigned long m) { return &frame_table[m]; }
static unsigned long refs(unsigned long m) { return page_ref_count(pg(m)); }
static unsigned long types(unsigned long m) { return page_type_count(pg(m)); }


/* ---- cases -------------------------------------------------------------- */

static void test_table_ops(void)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF };
    xen_pfn_t f[2] = { 0 };
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 2 };
    gnttab_get_version_t g = { .dom = DOMID_SELF };

    reset();
    as(da);
    CU_ASSERT_EQUAL(gop(GNTTABOP_query_size, &q, 1), 0);
    CU_ASSERT(q.status == 0 && q.nr_frames == 1 && q.max_nr_frames == 64);
    s.frame_list.p = f;
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_okay);
    CU_ASSERT(f[0] >= FIRST_FREE && f[1] >= FIRST_FREE && f[0] != f[1]);
    CU_ASSERT(pg(f[1])->owner == da && (pg(f[1])->count_info & PGC_xen_heap));
    s.nr_frames = 65;
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_general_error);
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 2), -EINVAL);

    as(db);
    s.dom = 1;
    s.nr_frames = 1;
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_permission_denied);
    as(d0);
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 1), 0);
    CU_ASSERT(s.status == GNTST_okay && f[0] >= FIRST_FREE);
    s.dom = 9;
    CU_ASSERT_EQUAL(gop(GNTTABOP_setup_table, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_bad_domain);
    q.dom = 9;
    CU_ASSERT_EQUAL(gop(GNTTABOP_query_size, &q, 1), 0);
    CU_ASSERT_EQUAL(q.status, GNTST_bad_domain);

    as(db);
    g.dom = 1;
    CU_ASSERT_EQUAL(gop(GNTTABOP_get_version, &g, 1), -EPERM);
    g.dom = 9;
    CU_ASSERT_EQUAL(gop(GNTTABOP_get_version, &g, 1), -ESRCH);
    g.dom = DOMID_SELF;
    CU_ASSERT(gop(GNTTABOP_get_version, &g, 1) == 0 && g.version == 1);
}

static void test_versions(void)
{
    gnttab_set_version_t v = { .version = 2 };
    uint64_t sf[2] = { 0 };
    gnttab_get_status_frames_t s = { .nr_frames = 1, .dom = DOMID_SELF };
    grant_entry_v1_t *e;

    reset();
    as(da);
    CU_ASSERT_EQUAL(gnttab_seed_entry(da, GNTTAB_RESERVED_XENSTORE, 0, 17), 0);
    grant(da, 9, 2, A_DATA, false);
    s.frame_list.p = sf;
    CU_ASSERT_EQUAL(gop(GNTTABOP_get_status_frames, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_general_error);     /* v1: none */

    CU_ASSERT(gop(GNTTABOP_set_version, &v, 1) == 0 && v.version == 2);
    CU_ASSERT_EQUAL(gop(GNTTABOP_get_status_frames, &s, 1), 0);
    CU_ASSERT(s.status == 0 && sf[0] >= FIRST_FREE);
    s.nr_frames = 2;
    CU_ASSERT_EQUAL(gop(GNTTABOP_get_status_frames, &s, 1), 0);
    CU_ASSERT_EQUAL(s.status, GNTST_general_error);
    e = entry_of(da, 0);
    CU_ASSERT_EQUAL(((grant_entry_v2_t *)e)[1].full_page.frame, 17);

    /* XSA-255: a mapped status frame blocks the way back to v1. */
    CU_ASSERT_FATAL(get_page(pg(sf[0]), da));
    v.version = 1;
    CU_ASSERT_EQUAL(gop(GNTTABOP_set_version, &v, 1), -EBUSY);
    CU_ASSERT_EQUAL(v.version, 2);
    put_page(pg(sf[0]));
    v.version = 1;
    CU_ASSERT(gop(GNTTABOP_set_version, &v, 1) == 0 && v.version == 1);
    CU_ASSERT_EQUAL(refs(sf[0]), 0);                    /* freed */
    e = entry_of(da, 0);
    CU_ASSERT(e[1].frame == 17 && e[1].flags == GTF_permit_access);
    CU_ASSERT_EQUAL(e[9].flags, 0);                     /* cleared */
    v.version = 3;
    CU_ASSERT(gop(GNTTABOP_set_version, &v, 1) == -EINVAL && v.version == 1);
}

static void test_map_unmap_exact(void)
{
    gnttab_map_grant_ref_t rw, ro;

    reset();
    grant(da, 8, 2, A_DATA, false);
    rw = map(8, 1, 0x5000, GNTMAP_host_map);
    CU_ASSERT_EQUAL_FATAL(rw.status, 0);
    CU_ASSERT_EQUAL(busy(da, 8), GTF_reading | GTF_writing);
    CU_ASSERT_EQUAL(mfn_x(pte_mfn(frame(B_L1)[5])), A_DATA);
    CU_ASSERT(frame(B_L1)[5] & _PAGE_RW);
    CU_ASSERT(refs(A_DATA) == 2 && types(A_DATA) == 1);
    CU_ASSERT_EQUAL(rw.dev_bus_addr, (uint64_t)A_DATA << PAGE_SHIFT);
    /* XSA-224 flavour: mapped writable through a grant, so no L1 pin. */
    CU_ASSERT_EQUAL(page_pin_table(pg(A_DATA), da, PGT_l1_page_table), -EINVAL);

    ro = map(8, 1, 0x6000, GNTMAP_host_map | GNTMAP_readonly);
    CU_ASSERT_EQUAL(ro.status, 0);
    CU_ASSERT(!(frame(B_L1)[6] & _PAGE_RW) && types(A_DATA) == 1);
    CU_ASSERT_EQUAL(unmap(0x6000, 0, rw.handle), GNTST_general_error);
    CU_ASSERT_EQUAL(unmap(0x5000, 0, rw.handle), 0);
    CU_ASSERT_EQUAL(busy(da, 8), GTF_reading);
    CU_ASSERT(frame(B_L1)[5] == 0 && types(A_DATA) == 0 && refs(A_DATA) == 2);
    CU_ASSERT_EQUAL(unmap(0x6000, 0, ro.handle), 0);
    CU_ASSERT(busy(da, 8) == 0 && refs(A_DATA) == 1);
    CU_ASSERT_EQUAL(unmap(0x6000, 0, ro.handle), GNTST_bad_handle);
    CU_ASSERT_EQUAL(unmap(0x6000, 0, 99999), GNTST_bad_handle);
    CU_ASSERT_EQUAL(page_pin_table(pg(A_DATA), da, PGT_l1_page_table), 0);
}

static void test_map_errors(void)
{
    uint64_t pte_ma = ((uint64_t)B_L1 << PAGE_SHIFT) | (7 * 8);
    gnttab_map_grant_ref_t m;

    reset();
    grant(da, 8, 2, A_DATA, false);
    grant(da, 9, 2, A_DATA, true);
    grant(da, 11, 3, A_DATA, false);
    grant(da, 12, 2, 20000, false);
    CU_ASSERT_EQUAL(map(11, 1, 0x5000, GNTMAP_host_map).status,
                    GNTST_general_error);
    CU_ASSERT_EQUAL(busy(da, 11), 0);
    CU_ASSERT_EQUAL(map(8, 9, 0x5000, GNTMAP_host_map).status, GNTST_bad_domain);
    CU_ASSERT_EQUAL(map(8, DOMID_SELF, 0x5000, GNTMAP_host_map).status,
                    GNTST_bad_domain);
    CU_ASSERT_EQUAL(map(4096, 1, 0x5000, GNTMAP_host_map).status,
                    GNTST_bad_gntref);
    CU_ASSERT_EQUAL(map(8, 1, 0x5000, 0).status, GNTST_bad_gntref);
    CU_ASSERT_EQUAL(map(9, 1, 0x5000, GNTMAP_host_map).status,
                    GNTST_general_error);
    CU_ASSERT_EQUAL(busy(da, 9), 0);
    CU_ASSERT_EQUAL(map(12, 1, 0x5000, GNTMAP_host_map).status, GNTST_bad_page);
    /* XSA-227: a misaligned PTE address. */
    CU_ASSERT_EQUAL(map(8, 1, pte_ma + 4, GNTMAP_host_map |
                        GNTMAP_contains_pte).status, GNTST_general_error);
    /* Someone else's L1, and a VA without an L1. */
    CU_ASSERT_EQUAL(map(8, 1, (uint64_t)A_L1 << PAGE_SHIFT, GNTMAP_host_map |
                        GNTMAP_contains_pte).status, GNTST_general_error);
    CU_ASSERT_EQUAL(map(8, 1, 0x40000000, GNTMAP_host_map).status,
                    GNTST_general_error);
    CU_ASSERT(busy(da, 8) == 0 && refs(A_DATA) == 1 && types(A_DATA) == 0);

    m = map(8, 1, pte_ma, GNTMAP_host_map | GNTMAP_contains_pte |
            GNTMAP_application_map | (5U << _GNTMAP_guest_avail0));
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    CU_ASSERT((frame(B_L1)[7] & (_PAGE_USER | _PAGE_AVAIL)) ==
              (_PAGE_USER | (5UL << 9)));
    CU_ASSERT_EQUAL(unmap(pte_ma, 0, m.handle), 0);
    CU_ASSERT(frame(B_L1)[7] == 0 && refs(A_DATA) == 1);
}

/* XSA-224: host + device map, unmapped in two steps, counts stay exact. */
static void test_device_map(void)
{
    gnttab_map_grant_ref_t m;

    reset();
    grant(da, 8, 2, A_DATA, false);
    m = map(8, 1, 0x5000, GNTMAP_host_map | GNTMAP_device_map);
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    CU_ASSERT(types(A_DATA) == 2 && refs(A_DATA) == 3);
    CU_ASSERT_EQUAL(unmap(0x5000, 0, m.handle), 0);
    CU_ASSERT(types(A_DATA) == 1 && refs(A_DATA) == 2);
    CU_ASSERT_EQUAL(busy(da, 8), GTF_reading | GTF_writing);
    CU_ASSERT_EQUAL(page_pin_table(pg(A_DATA), da, PGT_l1_page_table), -EINVAL);
    CU_ASSERT_EQUAL(unmap(0, m.dev_bus_addr + PAGE_SIZE, m.handle),
                    GNTST_general_error);
    CU_ASSERT_EQUAL(unmap(0, m.dev_bus_addr, m.handle), 0);
    CU_ASSERT(types(A_DATA) == 0 && refs(A_DATA) == 1 && busy(da, 8) == 0);
    CU_ASSERT_EQUAL(unmap(0, m.dev_bus_addr, m.handle), GNTST_bad_handle);
    CU_ASSERT_EQUAL(page_pin_table(pg(A_DATA), da, PGT_l1_page_table), 0);
}

static void test_unmap_and_replace(void)
{
    struct pt_update u = { .table = _mfn(B_L1), .idx = 7,
                           .val = ((intpte_t)B_DATA << PAGE_SHIFT) |
                                  _PAGE_PRESENT | _PAGE_RW };
    gnttab_unmap_and_replace_t r = { .host_addr = 0x5000, .new_addr = 0x7000 };
    gnttab_map_grant_ref_t m;

    reset();
    CU_ASSERT_FATAL(pt_update_entry(&u, db, db) == 0);
    grant(da, 8, 2, A_DATA, false);
    m = map(8, 1, 0x5000, GNTMAP_host_map);
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    r.handle = m.handle;
    CU_ASSERT_EQUAL(gop(GNTTABOP_unmap_and_replace, &r, 1), 0);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_EQUAL(mfn_x(pte_mfn(frame(B_L1)[5])), B_DATA);
    CU_ASSERT_EQUAL(frame(B_L1)[7], 0);
    CU_ASSERT(refs(A_DATA) == 1 && types(A_DATA) == 0 && busy(da, 8) == 0);
    CU_ASSERT(refs(B_DATA) == 2 && types(B_DATA) == 1);
}

static int16_t copy(gnttab_copy_t *c)
{
    c->status = 1;
    CU_ASSERT_EQUAL(gop(GNTTABOP_copy, c, 1), 0);
    return c->status;
}

static void test_copy(void)
{
    uint8_t *src = (uint8_t *)frame(A_DATA), *dst = (uint8_t *)frame(B_DATA);
    gnttab_copy_t c = {
        .source = { .u.ref = 8, .domid = 1, .offset = 10 },
        .dest = { .u.gmfn = B_DATA, .domid = DOMID_SELF, .offset = 20 },
        .len = 100, .flags = GNTCOPY_source_gref,
    };

    reset();
    for ( unsigned int i = 0; i < 256; i++ )
        src[i] = i;
    grant(da, 8, 2, A_DATA, true);
    CU_ASSERT_EQUAL(copy(&c), 0);
    CU_ASSERT(dst[20] == 10 && dst[119] == 109 && dst[120] == 0);
    CU_ASSERT(busy(da, 8) == 0 && refs(A_DATA) == 1 && refs(B_DATA) == 1);
    c.source.offset = 4000;
    CU_ASSERT_EQUAL(copy(&c), GNTST_bad_copy_arg);
    CU_ASSERT_EQUAL(busy(da, 8), 0);
    /* The grant is read-only: no copy into it. */
    c.source = (struct gnttab_copy_ptr){ .u.gmfn = B_DATA, .domid = DOMID_SELF };
    c.dest = (struct gnttab_copy_ptr){ .u.ref = 8, .domid = 1 };
    c.flags = GNTCOPY_dest_gref;
    CU_ASSERT_EQUAL(copy(&c), GNTST_general_error);
    /* By frame: DOMID_SELF only, unless privileged. */
    c.flags = 0;
    c.dest = (struct gnttab_copy_ptr){ .u.gmfn = A_DATA, .domid = 1 };
    CU_ASSERT_EQUAL(copy(&c), GNTST_permission_denied);
    c.dest.u.gmfn = A_DATA + 1;
    c.dest.domid = DOMID_SELF;
    CU_ASSERT_EQUAL(copy(&c), GNTST_bad_page);
    as(d0);
    c.source = (struct gnttab_copy_ptr){ .u.gmfn = A_DATA, .domid = 1 };
    c.dest = (struct gnttab_copy_ptr){ .u.gmfn = B_DATA, .domid = 2,
                                        .offset = 300 };
    CU_ASSERT_EQUAL(copy(&c), 0);
    CU_ASSERT_EQUAL(dst[300 + 50], 50);
    CU_ASSERT(types(A_DATA) == 0 && types(B_DATA) == 0);
}

static void test_busy_and_misc(void)
{
    gnttab_set_version_t v = { .version = 2 };
    gnttab_swap_grant_ref_t sw = { .ref_a = 8, .ref_b = 9 };
    gnttab_transfer_t t = { .mfn = B_DATA, .domid = 1 };
    gnttab_map_grant_ref_t m;

    reset();
    grant(da, 8, 2, A_DATA, false);
    m = map(8, 1, 0x5000, GNTMAP_host_map);
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    as(da);
    CU_ASSERT_EQUAL(gop(GNTTABOP_set_version, &v, 1), -EBUSY);
    CU_ASSERT(gop(GNTTABOP_swap_grant_ref, &sw, 1) == 0 &&
              sw.status == GNTST_eagain);
    sw.ref_a = 10;
    CU_ASSERT(gop(GNTTABOP_swap_grant_ref, &sw, 1) == 0 && sw.status == 0);
    CU_ASSERT_EQUAL(entry_of(da, 10)->flags, 0);
    sw.ref_b = 5000;
    CU_ASSERT(gop(GNTTABOP_swap_grant_ref, &sw, 1) == 0 &&
              sw.status == GNTST_bad_gntref);
    CU_ASSERT(gop(GNTTABOP_transfer, &t, 1) == 0 &&
              t.status == GNTST_general_error);
    CU_ASSERT_EQUAL(gop(GNTTABOP_dump_table, &t, 1), -ENOSYS);
    CU_ASSERT_EQUAL(gop(GNTTABOP_map_grant_ref | 0x1000, &m, 1), -EINVAL);
    CU_ASSERT_EQUAL(gop(GNTTABOP_map_grant_ref, &m, 0x80000000U), -EINVAL);
    CU_ASSERT_EQUAL(do_grant_table_op(GNTTABOP_map_grant_ref,
                                      0xffff800000000000UL, 1), -EFAULT);
}

static void test_cache_flush(void)
{
    gnttab_cache_flush_t f = { .a.dev_bus_addr = (uint64_t)A_DATA << 12,
                               .length = 64, .op = GNTTAB_CACHE_CLEAN };

    reset();
    as(da);
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), 0);
    f.op = GNTTAB_CACHE_INVAL;
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EOPNOTSUPP);
    f.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF;
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EINVAL);
    f.op = GNTTAB_CACHE_CLEAN;
    f.a.dev_bus_addr = (uint64_t)B_DATA << 12;
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EINVAL);
    f.a.dev_bus_addr = (uint64_t)(NR_FRAMES - 1) << 12;  /* free frame */
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EPERM);
    f.a.dev_bus_addr = 1UL << 40;
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EINVAL);
    f.offset = 4090;
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, &f, 1), -EINVAL);
}

/*
 * Batches stop at a preemption check: the operations before it are done,
 * the rest is left for a continuation of the same sub-op from the next one.
 */
static void test_batch_preemption(void)
{
    gnttab_swap_grant_ref_t sw[3];
    gnttab_map_grant_ref_t m[2];

    reset();
    as(da);
    for ( unsigned int i = 0; i < 3; i++ )
    {
        grant(da, 10 + i, 2, A_DATA + i, true);
        sw[i] = (gnttab_swap_grant_ref_t){ .ref_a = 10 + i, .ref_b = 20 + i,
                                           .status = 1 };
    }
    preempt_at = 2;                     /* checked before ops 1 and 2 */
    CU_ASSERT_EQUAL(gop(GNTTABOP_swap_grant_ref, sw, 3), -ERESTART);
    CU_ASSERT(sw[0].status == 0 && sw[1].status == 0 && sw[2].status == 1);
    CU_ASSERT(entry_of(da, 21)->frame == A_DATA + 1 &&
              entry_of(da, 12)->frame == A_DATA + 2);
    CU_ASSERT(cont_nr == __HYPERVISOR_grant_table_op &&
              cont_args[0] == GNTTABOP_swap_grant_ref &&
              cont_args[1] == (unsigned long)&sw[2] && cont_args[2] == 1);
    CU_ASSERT_EQUAL(gop(cont_args[0], (void *)cont_args[1], cont_args[2]), 0);
    CU_ASSERT(sw[2].status == 0 && entry_of(da, 22)->frame == A_DATA + 2);

    as(db);
    preempt_calls = 0;
    preempt_at = 1;
    m[0] = (gnttab_map_grant_ref_t){ .host_addr = 0x5000, .ref = 20,
                                     .dom = 1, .status = 1,
                                     .flags = GNTMAP_host_map | GNTMAP_readonly };
    m[1] = m[0];
    m[1].ref = 21;
    m[1].host_addr = 0x6000;
    CU_ASSERT_EQUAL(gop(GNTTABOP_map_grant_ref, m, 2), -ERESTART);
    CU_ASSERT(m[0].status == 0 && m[1].status == 1 && frame(B_L1)[6] == 0);
    CU_ASSERT(cont_args[1] == (unsigned long)&m[1] && cont_args[2] == 1);
    CU_ASSERT(unmap(0x5000, 0, m[0].handle) == 0 && refs(A_DATA) == 1);
}

/* ---- the sub-op table ---------------------------------------------------- */

static void test_op_table_unknown_and_counts(void)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF, .status = 1 };
    gnttab_get_version_t g = { .dom = DOMID_SELF };
    gnttab_set_version_t v = { .version = 3 };
    gnttab_swap_grant_ref_t sw = { .ref_a = 8, .ref_b = 9, .status = 1 };
    gnttab_cache_flush_t f = { .length = 0 };

    reset();
    as(da);
    CU_ASSERT_EQUAL(gop(GNTTABOP_dump_table, &q, 1), -ENOSYS);
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush + 1, &q, 1), -ENOSYS);
    CU_ASSERT_EQUAL(gop(0xfff, &q, 1), -ENOSYS);
    CU_ASSERT_EQUAL(gop(GNTTABOP_swap_grant_ref | 0x1000, &sw, 1), -EINVAL);
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush | 0x5000, &f, 1), 0);

    /* Single sub-ops: exactly one, or count ignored (as in Xen). */
    CU_ASSERT_EQUAL(gop(GNTTABOP_query_size, &q, 0), -EINVAL);
    CU_ASSERT_EQUAL(gop(GNTTABOP_query_size, &q, 2), -EINVAL);
    CU_ASSERT_EQUAL(q.status, 1);
    CU_ASSERT(gop(GNTTABOP_get_version, &g, 0) == 0 && g.version == 1);
    g.version = 0;
    CU_ASSERT(gop(GNTTABOP_get_version, &g, 7) == 0 && g.version == 1);
    /* set_version reports the version in force even when it fails. */
    CU_ASSERT(gop(GNTTABOP_set_version, &v, 5) == -EINVAL && v.version == 1);

    /* Batches: 0 is nothing, a count past INT_MAX or the address space is not. */
    CU_ASSERT(gop(GNTTABOP_swap_grant_ref, &sw, 0) == 0 && sw.status == 1);
    CU_ASSERT_EQUAL(gop(GNTTABOP_swap_grant_ref, &sw, 0x80000000U), -EINVAL);
    CU_ASSERT_EQUAL(do_grant_table_op(GNTTABOP_swap_grant_ref,
                                      0x00007ffffffff000UL, 0x10000), -EFAULT);
    CU_ASSERT_EQUAL(gop(GNTTABOP_swap_grant_ref, &sw, 1), 0);
    CU_ASSERT_EQUAL(sw.status, 0);
    CU_ASSERT_EQUAL(cont_nr, 0);
}

/* An element that fails ends the batch: no continuation, the rest untouched. */
static void test_op_table_batch_error(void)
{
    gnttab_cache_flush_t f[3] = {
        { .length = 0 }, { .offset = 4096, .length = 1 }, { .length = 0 },
    };

    reset();
    as(da);
    CU_ASSERT_EQUAL(gop(GNTTABOP_cache_flush, f, 3), -EINVAL);
    CU_ASSERT_EQUAL(preempt_calls, 1);   /* checked before element 1 only */
    CU_ASSERT_EQUAL(cont_nr, 0);
}

#define NO_STATUS ((size_t)-1)
static const struct batch_op {
    unsigned int cmd;
    size_t size, status;
} batch_ops[] = {
#define B(n, st) { GNTTABOP_##n, sizeof(struct gnttab_##n), st }
#define S(n) B(n, offsetof(struct gnttab_##n, status))
    S(map_grant_ref), S(unmap_grant_ref), S(transfer), S(copy),
    S(unmap_and_replace), S(swap_grant_ref), B(cache_flush, NO_STATUS),
#undef S
#undef B
};

static int16_t *status_of(const struct batch_op *b, uint8_t *buf,
                          unsigned int i)
{
    return (int16_t *)(buf + i * b->size + b->status);
}

/*
 * Every batched sub-op of 4 zeroed elements (each one fails or does nothing
 * in its own way) preempted before element 2: elements 0 and 1 ran, the
 * continuation names the same sub-op from element 2 with 2 left; resumed
 * and preempted again before element 3, then finished.
 */
static void test_op_table_continuation(void)
{
    uint8_t buf[4 * sizeof(struct gnttab_copy)];

    for ( unsigned int k = 0; k < ARRAY_SIZE(batch_ops); k++ )
    {
        const struct batch_op *b = &batch_ops[k];
        bool st = b->status != NO_STATUS;

        reset();
        as(da);
        memset(buf, 0, sizeof(buf));
        for ( unsigned int i = 0; st && i < 4; i++ )
            *status_of(b, buf, i) = 1;
        preempt_at = 2;
        CU_ASSERT_EQUAL(gop(b->cmd, buf, 4), -ERESTART);
        CU_ASSERT(!st || (*status_of(b, buf, 0) != 1 &&
                          *status_of(b, buf, 1) != 1 &&
                          *status_of(b, buf, 2) == 1));
        CU_ASSERT(cont_nr == __HYPERVISOR_grant_table_op &&
                  cont_args[0] == b->cmd &&
                  cont_args[1] == (unsigned long)buf + 2 * b->size &&
                  cont_args[2] == 2);

        preempt_calls = 0;
        preempt_at = 1;                 /* before element 3 */
        CU_ASSERT_EQUAL(gop(cont_args[0], (void *)cont_args[1], cont_args[2]),
                        -ERESTART);
        CU_ASSERT(!st || (*status_of(b, buf, 2) != 1 &&
                          *status_of(b, buf, 3) == 1));
        CU_ASSERT(cont_args[1] == (unsigned long)buf + 3 * b->size &&
                  cont_args[2] == 1);
        CU_ASSERT_EQUAL(gop(cont_args[0], (void *)cont_args[1], cont_args[2]),
                        0);
        CU_ASSERT(!st || *status_of(b, buf, 3) != 1);
        /* A batch of one is never preempted. */
        CU_ASSERT_EQUAL(preempt_calls, 1);
    }
}

static void test_domain_death(void)
{
    gnttab_map_grant_ref_t m;

    reset();
    grant(da, 8, 2, A_DATA, false);
    m = map(8, 1, 0x5000, GNTMAP_host_map | GNTMAP_device_map);
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    da->is_dying = true;
    gnttab_domain_kill(da);             /* the granter dies */
    /* B keeps its mapping (and A's frame) until it unmaps. */
    CU_ASSERT(frame(B_L1)[5] != 0 && refs(A_DATA) == 3 && types(A_DATA) == 2);
    CU_ASSERT_EQUAL(unmap(0x5000, m.dev_bus_addr, m.handle), GNTST_okay);
    CU_ASSERT(frame(B_L1)[5] == 0 && refs(A_DATA) == 1 && types(A_DATA) == 0);
    /* A dying granter's status bits are left alone (its frames may be gone). */
    CU_ASSERT_EQUAL(busy(da, 8), GTF_reading | GTF_writing);
    CU_ASSERT_EQUAL(unmap(0x5000, 0, m.handle), GNTST_bad_handle);
    gnttab_domain_destroy(da);
    da->is_dying = false;
    CU_ASSERT_FATAL(gnttab_domain_init(da) == 0);

    grant(da, 8, 2, A_DATA, false);
    m = map(8, 1, 0x5000, GNTMAP_host_map | GNTMAP_device_map);
    CU_ASSERT_EQUAL_FATAL(m.status, 0);
    gnttab_domain_kill(db);             /* the mapper dies */
    CU_ASSERT_EQUAL(busy(da, 8), 0);
    /* The PTE keeps its references until B's page tables go. */
    CU_ASSERT(refs(A_DATA) == 2 && types(A_DATA) == 1);
    gnttab_domain_destroy(db);
    CU_ASSERT_FATAL(gnttab_domain_init(db) == 0);
}

static CU_TestInfo gnttab_cases[] = {
    { "table_ops", test_table_ops },
    { "versions_and_xsa255", test_versions },
    { "map_unmap_exact", test_map_unmap_exact },
    { "map_errors", test_map_errors },
    { "device_map_xsa224", test_device_map },
    { "unmap_and_replace", test_unmap_and_replace },
    { "copy", test_copy },
    { "busy_and_misc", test_busy_and_misc },
    { "cache_flush", test_cache_flush },
    { "batch_preemption", test_batch_preemption },
    { "op_table_unknown_and_counts", test_op_table_unknown_and_counts },
    { "op_table_batch_error", test_op_table_batch_error },
    { "op_table_continuation", test_op_table_continuation },
    { "domain_death", test_domain_death },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("gnttab", setup, teardown, gnttab_cases);
