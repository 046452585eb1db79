/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (pv-abi-ladder 2.5), granting to ourselves (the initial
 * domain, id 0): setup_table/query_size/get_version; host mappings of our
 * own grants RW and RO at a VA and through GNTMAP_contains_pte, with the
 * GTF_reading/GTF_writing bits exact; a misaligned PTE address fails
 * (XSA-227); a wrong grantee or domain gives rc 0 and a negative status
 * (XSA-316); a frame mapped writable through a grant (host or device map)
 * cannot be pinned until both are unmapped (XSA-224); unmap_and_replace;
 * copy by reference and by frame; cache_flush; set_version 2 round trip
 * with set_version(1) refused (-EBUSY) while a status frame is mapped
 * (XSA-255).
 */
#include <xt-mm.h>
#include <public/grant_table.h>

const char test_title[] = "grant tables: setup, map/unmap, copy, versions";

#define SELF      0             /* our domain id (initial domain) */
#define W_GT      20            /* the grant table frame */
#define W_D1      21            /* direct RW views of the data frames */
#define W_D2      22
#define W_MAP     23            /* grant mappings */
#define W_MAP_RO  24
#define W_PTE     25
#define W_DEV     26
#define W_REPL    27
#define W_STATUS  28


static volatile grant_entry_v1_t *gnt;
static unsigned long d1, d2, pf;   /* data frames and a frame to pin */

static void grant(unsigned int ref, domid_t dom, unsigned long mfn, bool ro)
{
    gnt[ref].domid = dom;
    gnt[ref].frame = mfn;
    asm volatile ("" ::: "memory");
    gnt[ref].flags = GTF_permit_access | (ro ? GTF_readonly : 0);
}

static uint16_t busy(unsigned int ref)
{
    return gnt[ref].flags & (GTF_reading | GTF_writing);
}

static gnttab_map_grant_ref_t map(unsigned int ref, domid_t dom,
                                  uint64_t addr, uint32_t flags)
{
    gnttab_map_grant_ref_t m = { .host_addr = addr, .flags = flags,
                                 .ref = ref, .dom = dom, .status = 1 };
    long rc = hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

    xt_check(rc == 0, "map ref %u: rc %ld", ref, rc);
    xt_check(m.status <= 0, "map ref %u: positive status %d (XSA-316)",
             ref, m.status);
    return m;
}

static int16_t unmap(uint64_t addr, uint64_t dev, grant_handle_t h)
{
    gnttab_unmap_grant_ref_t u = { .host_addr = addr, .dev_bus_addr = dev,
                                   .handle = h, .status = 1 };
    long rc = hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);

    xt_check(rc == 0, "unmap handle %u: rc %ld", h, rc);
    return u.status;
}

static void setup(void)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF, .status = 1 };
    gnttab_get_version_t v = { .dom = DOMID_SELF };
    xen_pfn_t frame = 0;
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 1 };
    long rc;

    rc = hc_grant_table_op(GNTTABOP_query_size, &q, 1);
    xt_check(rc == 0 && q.status == 0 && q.nr_frames >= 1 &&
             q.max_nr_frames >= q.nr_frames,
             "query_size: rc %ld status %d nr %u max %u", rc, q.status,
             q.nr_frames, q.max_nr_frames);
    rc = hc_grant_table_op(GNTTABOP_get_version, &v, 1);
    xt_check(rc == 0 && v.version == 1, "get_version: rc %ld version %u",
             rc, v.version);

    s.frame_list.p = &frame;
    rc = hc_grant_table_op(GNTTABOP_setup_table, &s, 1);
    if ( rc || s.status || !frame )
        panic("setup_table: rc %ld status %d frame %#lx", rc, s.status,
              (unsigned long)frame);
    if ( xt_map(W_GT, frame, PTE_P | PTE_RW) )
        panic("cannot map the grant table frame %#lx", (unsigned long)frame);
    gnt = xt_scratch(W_GT);

    d1 = xt_spare_mfn(0);
    d2 = xt_spare_mfn(1);
    pf = xt_spare_mfn(2);
    for ( unsigned int i = 0; i < 3; i++ )
        xt_mmuext1(MMUEXT_CLEAR_PAGE, xt_spare_mfn(i), 0);
    if ( xt_map(W_D1, d1, PTE_P | PTE_RW) || xt_map(W_D2, d2, PTE_P | PTE_RW) )
        panic("cannot map the data frames");
    for ( unsigned int w = W_MAP; w <= W_DEV; w++ )
        xt_map(w, 0, 0);

    grant(8, SELF, d1, false);
    grant(9, SELF, d1, true);
    grant(10, SELF, pf, false);
    grant(11, 5, d1, false);            /* granted to someone else */
}

static void map_rw_ro_pte(void)
{
    volatile uint8_t *d = xt_scratch(W_D1), *rw = xt_scratch(W_MAP),
                     *ro = xt_scratch(W_MAP_RO), *pt = xt_scratch(W_PTE);
    uint64_t pte_ma = xt_pte_maddr((unsigned long)pt, 1, NULL);
    gnttab_map_grant_ref_t a, b, c, e;

    a = map(8, SELF, (unsigned long)rw, GNTMAP_host_map);
    xt_check(a.status == 0, "RW map: status %d", a.status);
    xt_check(busy(8) == (GTF_reading | GTF_writing),
             "RW map: flags %#x", gnt[8].flags);
    if ( a.status )
        return;
    rw[100] = 0x5a;
    xt_check(d[100] == 0x5a, "write through the grant mapping not seen");

    b = map(9, SELF, (unsigned long)ro, GNTMAP_host_map | GNTMAP_readonly);
    xt_check(b.status == 0 && busy(9) == GTF_reading,
             "RO map: status %d flags %#x", b.status, gnt[9].flags);
    xt_check(b.status || ro[100] == 0x5a, "read through the RO mapping");
    if ( !b.status )
    {
        xt_trap_reset();
        asm volatile ("1: movb $1, (%0); 2:" XT_EXTABLE(1b, 2b)
                      :: "r" (ro + 8) : "memory");
        xt_check(xt_last_trap.vector == X86_EXC_PF,
                 "write to the RO grant mapping did not fault");
    }
    e = map(9, SELF, (unsigned long)pt, GNTMAP_host_map);
    xt_check(e.status == GNTST_general_error,
             "RW map of a read-only grant: status %d", e.status);

    e = map(8, SELF, pte_ma + 4, GNTMAP_host_map | GNTMAP_contains_pte);
    xt_check(e.status < 0, "misaligned contains_pte map succeeded (XSA-227)");
    c = map(8, SELF, pte_ma, GNTMAP_host_map | GNTMAP_contains_pte);
    xt_check(c.status == 0 && (c.status || pt[100] == 0x5a),
             "contains_pte map: status %d", c.status);

    xt_check(unmap((unsigned long)rw, 0, a.handle) == 0, "unmap RW");
    xt_check(!c.status || busy(8) == (GTF_reading | GTF_writing),
             "flags dropped with a mapping left: %#x", gnt[8].flags);
    if ( !c.status )
        xt_check(unmap(pte_ma, 0, c.handle) == 0, "unmap contains_pte");
    xt_check(busy(8) == 0, "ref 8 busy after unmap: %#x", gnt[8].flags);
    if ( !b.status )
        xt_check(unmap((unsigned long)ro, 0, b.handle) == 0, "unmap RO");
    xt_check(busy(9) == 0, "ref 9 busy after unmap: %#x", gnt[9].flags);
    xt_check(unmap((unsigned long)rw, 0, a.handle) == GNTST_bad_handle,
             "second unmap of a handle not bad_handle");
}

static void bad_maps(void)
{
    uint64_t va = (unsigned long)xt_scratch(W_MAP);
    gnttab_map_grant_ref_t m;

    m = map(11, SELF, va, GNTMAP_host_map);
    xt_check(m.status == GNTST_general_error,
             "grant for another domain: status %d (XSA-316)", m.status);
    xt_check(busy(11) == 0, "failed map left flags %#x", gnt[11].flags);
    m = map(8, 77, va, GNTMAP_host_map);
    xt_check(m.status == GNTST_bad_domain, "no such domain: status %d",
             m.status);
    m = map(100000, SELF, va, GNTMAP_host_map);
    xt_check(m.status == GNTST_bad_gntref, "bad ref: status %d", m.status);
    m = map(8, SELF, va, 0);
    xt_check(m.status == GNTST_bad_gntref, "no map kind: status %d", m.status);
}

/* XSA-224: every writable grant mapping must hold exactly one type ref. */
static void pin_while_mapped(void)
{
    uint64_t va = (unsigned long)xt_scratch(W_DEV);
    gnttab_map_grant_ref_t m;
    long rc;

    m = map(10, SELF, va, GNTMAP_host_map | GNTMAP_device_map);
    xt_check(m.status == 0, "host+device map: status %d", m.status);
    if ( m.status )
        return;
    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, pf, 0);
    xt_check(rc == -XEN_EINVAL, "pin of a grant-mapped frame: %ld", rc);
    xt_check(unmap(va, 0, m.handle) == 0, "unmap host part");
    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, pf, 0);
    xt_check(rc == -XEN_EINVAL, "pin with the device map left: %ld", rc);
    xt_check(unmap(0, m.dev_bus_addr, m.handle) == 0, "unmap device part");
    xt_check(busy(10) == 0, "ref 10 busy after unmap: %#x", gnt[10].flags);
    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, pf, 0);
    xt_check(rc == 0, "pin after both unmaps: %ld", rc);
    if ( !rc )
        xt_mmuext1(MMUEXT_UNPIN_TABLE, pf, 0);
}

static void replace(void)
{
    uint64_t va = (unsigned long)xt_scratch(W_MAP);
    uint64_t nva = (unsigned long)xt_scratch(W_REPL);
    volatile uint8_t *p = xt_scratch(W_MAP);
    uint64_t *view = NULL, none = 0;
    gnttab_map_grant_ref_t m = map(8, SELF, va, GNTMAP_host_map);
    gnttab_unmap_and_replace_t r = { .host_addr = va, .new_addr = nva,
                                     .handle = m.handle, .status = 1 };
    long rc;

    if ( m.status )
        return xt_fail("map for unmap_and_replace: status %d", m.status);
    *(volatile uint8_t *)xt_scratch(W_REPL) = 0xc3;
    rc = hc_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1);
    xt_check(rc == 0 && r.status == 0, "unmap_and_replace: rc %ld status %d",
             rc, r.status);
    xt_check(r.status || p[0] == 0xc3, "host_addr does not show new_addr's frame");
    if ( !xt_pte_maddr(nva, 1, &view) || !view )
        view = &none;
    xt_check(*view == 0, "new_addr still mapped: %#lx", (unsigned long)*view);
    xt_check(busy(8) == 0, "ref 8 busy after replace: %#x", gnt[8].flags);
    xt_map(W_MAP, 0, 0);
    xt_restore(W_REPL);
}

static int16_t copy(gnttab_copy_t *c)
{
    long rc;

    c->status = 1;
    rc = hc_grant_table_op(GNTTABOP_copy, c, 1);
    xt_check(rc == 0, "copy: rc %ld", rc);
    return c->status;
}

static void copies(void)
{
    volatile uint8_t *s = xt_scratch(W_D1), *d = xt_scratch(W_D2);
    gnttab_copy_t c = {
        .source = { .u.ref = 8, .domid = SELF, .offset = 16 },
        .dest = { .u.gmfn = d2, .domid = DOMID_SELF, .offset = 32 },
        .len = 64, .flags = GNTCOPY_source_gref,
    };
    gnttab_cache_flush_t f = { .a.dev_bus_addr = d1 << 12, .length = 64,
                               .op = GNTTAB_CACHE_CLEAN };
    long rc;

    for ( unsigned int i = 0; i < 128; i++ )
        s[i] = i + 1;
    xt_check(copy(&c) == 0, "copy by ref: status %d", c.status);
    xt_check(d[32] == 17 && d[95] == 80, "copy by ref: wrong data");
    xt_check(busy(8) == 0, "ref 8 busy after copy: %#x", gnt[8].flags);

    c.flags = 0;
    c.source = (struct gnttab_copy_ptr){ .u.gmfn = d1, .domid = DOMID_SELF };
    c.dest.offset = 1000;
    xt_check(copy(&c) == 0, "copy by frame: status %d", c.status);
    xt_check(d[1000] == 1 && d[1063] == 64, "copy by frame: wrong data");

    c.source.offset = 4000;
    c.len = 200;
    xt_check(copy(&c) == GNTST_bad_copy_arg, "copy across a page: %d",
             c.status);

    rc = hc_grant_table_op(GNTTABOP_cache_flush, &f, 1);
    xt_check(rc == 0, "cache_flush CLEAN of an own frame: %ld", rc);
}

/* XSA-255: no version change while a status frame is still mapped. */
static void versions(void)
{
    gnttab_set_version_t v = { .version = 2 };
    gnttab_get_version_t g = { .dom = DOMID_SELF };
    uint64_t sf = 0;
    gnttab_get_status_frames_t s = { .nr_frames = 1, .dom = DOMID_SELF };
    long rc;

    rc = hc_grant_table_op(GNTTABOP_set_version, &v, 1);
    if ( rc == -XEN_ENOSYS )
        return xt_skip("grant table v2 not provided");
    xt_check(rc == 0 && v.version == 2, "set_version(2): %ld/%u", rc,
             v.version);
    rc = hc_grant_table_op(GNTTABOP_get_version, &g, 1);
    xt_check(rc == 0 && g.version == 2, "get_version: %ld/%u", rc, g.version);

    s.frame_list.p = &sf;
    rc = hc_grant_table_op(GNTTABOP_get_status_frames, &s, 1);
    xt_check(rc == 0 && s.status == 0 && sf, "get_status_frames: %ld/%d",
             rc, s.status);
    if ( !rc && !s.status && sf )
    {
        rc = xt_map(W_STATUS, sf, PTE_P);
        xt_check(rc == 0, "map status frame: %ld", rc);
        v.version = 1;
        rc = hc_grant_table_op(GNTTABOP_set_version, &v, 1);
        xt_check(rc == -XEN_EBUSY,
                 "set_version(1) with a status frame mapped: %ld (XSA-255)", rc);
        xt_map(W_STATUS, 0, 0);
    }
    v.version = 1;
    rc = hc_grant_table_op(GNTTABOP_set_version, &v, 1);
    xt_check(rc == 0 && v.version == 1, "set_version(1): %ld/%u", rc,
             v.version);
    v.version = 3;
    rc = hc_grant_table_op(GNTTABOP_set_version, &v, 1);
    xt_check(rc == -XEN_EINVAL && v.version == 1, "set_version(3): %ld/%u",
             rc, v.version);
}

void test_main(void)
{
    setup();
    map_rw_ro_pte();
    bad_maps();
    pin_while_mapped();
    replace();
    copies();
    versions();
    for ( unsigned int w = W_GT; w <= W_STATUS; w++ )
        xt_restore(w);
}
