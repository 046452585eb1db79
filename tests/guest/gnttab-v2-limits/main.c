/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gnttab-v2-limits (issue 14, XSA-255/XSA-298 class): a version 2 grant
 * table at its limits, granting to ourselves (the initial domain). Every
 * failing operation must leave the table as it was:
 * - setup_table beyond max_nr_frames: general_error, size unchanged;
 *   exactly max_nr_frames: the table grows to it;
 * - get_status_frames for more frames than exist: general_error, the
 *   caller's list untouched; exactly as many: every frame;
 * - the last grant reference maps and unmaps, its status entry (in the
 *   last status frame) showing reading|writing only while mapped; one
 *   past it: bad_gntref;
 * - a sub-page grant cannot be mapped, and copies outside its window fail
 *   without copying a byte; after each failure its status entry is 0;
 * - set_version(1) is refused while a status frame is mapped (-EBUSY),
 *   then allowed.
 * Passes on Xen 4.17 (the reference) and on Xenolite.
 */
#include <xt-mm.h>
#include <public/grant_table.h>

const char test_title[] = "grant table v2 at its limits";

#define SELF      0
#define W_GT      40            /* the last table frame */
#define W_ST      41            /* the status frame of the last reference */
#define W_D1      42            /* direct view of the data frame */
#define W_D2      43            /* direct view of the copy destination */
#define W_MAP     44            /* grant mapping */
#define MAX_FR    128

#define hc_gnttab(cmd, op, n) HC(__HYPERVISOR_grant_table_op, cmd, op, n, 0, 0)
#define V2_PER_FRAME (4096 / sizeof(grant_entry_v2_t))
#define ST_PER_FRAME (4096 / sizeof(grant_status_t))

static uint64_t frames[MAX_FR + 1];
static unsigned int max_fr;
static volatile grant_entry_v2_t *gnt;     /* entries of the last frame */
static volatile grant_status_t *st;        /* the status frame of lastref */
static unsigned long d1, d2;
static grant_ref_t lastref;

static unsigned int table_frames(void)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF, .status = 1 };

    if ( hc_gnttab(GNTTABOP_query_size, &q, 1) || q.status )
        panic("query_size failed");
    max_fr = q.max_nr_frames;
    return q.nr_frames;
}

static int16_t setup_table(unsigned int nr)
{
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = nr,
                               .status = 1 };
    long rc;

    s.frame_list.p = frames;
    rc = hc_gnttab(GNTTABOP_setup_table, &s, 1);
    xt_check(rc == 0, "setup_table(%u): rc %ld", nr, rc);
    return s.status;
}

static int16_t status_frames(unsigned int nr)
{
    gnttab_get_status_frames_t g = { .nr_frames = nr, .dom = DOMID_SELF,
                                     .status = 1 };
    long rc;

    g.frame_list.p = frames;
    rc = hc_gnttab(GNTTABOP_get_status_frames, &g, 1);
    xt_check(rc == 0, "get_status_frames(%u): rc %ld", nr, rc);
    return g.status;
}

/* The entry of ref, which lives in the last table frame. */
static volatile grant_entry_v2_t *entry(grant_ref_t ref)
{
    return &gnt[ref % V2_PER_FRAME];
}

static grant_status_t status(grant_ref_t ref)
{
    return st[ref % ST_PER_FRAME];
}

static void grow_to_the_limit(void)
{
    unsigned int before = table_frames(), nst;
    int16_t s;

    if ( max_fr > MAX_FR )
        panic("max_nr_frames %u above this test's %u", max_fr, MAX_FR);
    s = setup_table(max_fr + 1);
    xt_check(s == GNTST_general_error,
             "setup_table(max + 1 = %u): status %d, want general_error",
             max_fr + 1, s);
    xt_check(table_frames() == before, "a refused setup_table grew the table");

    s = setup_table(max_fr);
    xt_check(s == GNTST_okay && table_frames() == max_fr,
             "setup_table(max = %u): status %d, now %u frames", max_fr, s,
             table_frames());
    if ( xt_map(W_GT, frames[max_fr - 1], PTE_P | PTE_RW) )
        panic("cannot map the last table frame");
    gnt = xt_scratch(W_GT);
    lastref = max_fr * V2_PER_FRAME - 1;

    nst = (max_fr * V2_PER_FRAME + ST_PER_FRAME - 1) / ST_PER_FRAME;
    for ( unsigned int i = 0; i <= MAX_FR; i++ )
        frames[i] = 0x5a5a;
    s = status_frames(nst + 1);
    xt_check(s == GNTST_general_error,
             "get_status_frames(%u, one too many): status %d", nst + 1, s);
    for ( unsigned int i = 0; i <= MAX_FR; i++ )
        xt_check(frames[i] == 0x5a5a, "refused get_status_frames wrote "
                 "entry %u", i);
    s = status_frames(nst);
    xt_check(s == GNTST_okay && frames[nst - 1] != 0x5a5a &&
             frames[nst] == 0x5a5a,
             "get_status_frames(%u): status %d", nst, s);
    if ( xt_map(W_ST, frames[lastref / ST_PER_FRAME], PTE_P) )
        panic("cannot map the last status frame");
    st = xt_scratch(W_ST);
}

static void last_reference(void)
{
    gnttab_map_grant_ref_t m = {
        .host_addr = (unsigned long)xt_scratch(W_MAP),
        .flags = GNTMAP_host_map, .ref = lastref, .dom = SELF, .status = 1,
    };
    gnttab_unmap_grant_ref_t u = { .host_addr = m.host_addr, .status = 1 };
    volatile grant_entry_v2_t *e = entry(lastref);

    e->full_page.hdr.domid = SELF;
    e->full_page.frame = d1;
    asm volatile ("" ::: "memory");
    e->full_page.hdr.flags = GTF_permit_access;

    xt_check(hc_gnttab(GNTTABOP_map_grant_ref, &m, 1) == 0 &&
             m.status == GNTST_okay, "map of the last ref %u: status %d",
             lastref, m.status);
    xt_check(status(lastref) == (GTF_reading | GTF_writing),
             "status of the mapped last ref: %#x", status(lastref));
    if ( m.status == GNTST_okay )
    {
        u.handle = m.handle;
        xt_check(hc_gnttab(GNTTABOP_unmap_grant_ref, &u, 1) == 0 &&
                 u.status == GNTST_okay, "unmap: status %d", u.status);
    }
    xt_check(status(lastref) == 0, "status after unmap: %#x",
             status(lastref));

    m.ref = lastref + 1;
    m.status = 1;
    xt_check(hc_gnttab(GNTTABOP_map_grant_ref, &m, 1) == 0 &&
             m.status == GNTST_bad_gntref,
             "map of ref %u (past the end): status %d", m.ref, m.status);
    e->full_page.hdr.flags = 0;
}

static int16_t copy_from(grant_ref_t ref, uint16_t off, uint16_t len)
{
    gnttab_copy_t c = {
        .source = { .u.ref = ref, .domid = SELF, .offset = off },
        .dest = { .u.gmfn = d2, .domid = DOMID_SELF,   /* PV: an MFN */
                  .offset = off },
        .len = len, .flags = GNTCOPY_source_gref, .status = 1,
    };

    xt_check(hc_gnttab(GNTTABOP_copy, &c, 1) == 0, "copy: rc != 0");
    return c.status;
}

static void sub_page(void)
{
    grant_ref_t ref = lastref - 1;
    volatile grant_entry_v2_t *e = entry(ref);
    volatile uint8_t *src = xt_scratch(W_D1), *dst = xt_scratch(W_D2);
    gnttab_map_grant_ref_t m = {
        .host_addr = (unsigned long)xt_scratch(W_MAP),
        .flags = GNTMAP_host_map, .ref = ref, .dom = SELF, .status = 1,
    };
    static const struct { uint16_t off, len; int16_t want; } cp[] = {
        { 100, 50, GNTST_okay },            /* the whole window */
        { 90, 20, GNTST_general_error },    /* starts before it */
        { 140, 20, GNTST_general_error },   /* runs past it */
    };

    for ( unsigned int i = 0; i < 4096; i++ )
    {
        src[i] = (uint8_t)i;
        dst[i] = 0xee;
    }
    e->sub_page.hdr.domid = SELF;
    e->sub_page.page_off = 100;
    e->sub_page.length = 50;
    e->sub_page.frame = d1;
    asm volatile ("" ::: "memory");
    e->sub_page.hdr.flags = GTF_permit_access | GTF_sub_page;

    xt_check(hc_gnttab(GNTTABOP_map_grant_ref, &m, 1) == 0 &&
             m.status == GNTST_general_error,
             "map of a sub-page grant: status %d, want general_error",
             m.status);
    xt_check(status(ref) == 0, "status after the refused map: %#x",
             status(ref));
    for ( unsigned int i = 0; i < ARRAY_SIZE(cp); i++ )
    {
        int16_t s = copy_from(ref, cp[i].off, cp[i].len);

        xt_check(s == cp[i].want, "copy [%u, +%u) of the sub-page grant: "
                 "status %d, want %d", cp[i].off, cp[i].len, s, cp[i].want);
        xt_check(status(ref) == 0, "status after copy %u: %#x", i,
                 status(ref));
    }
    for ( unsigned int i = 0; i < 4096; i++ )
        if ( dst[i] != ((i >= 100 && i < 150) ? (uint8_t)i : 0xee) )
        {
            xt_fail("byte %u of the destination is %#x after the copies",
                    i, dst[i]);
            break;
        }
    e->sub_page.hdr.flags = 0;
}

static void back_to_v1(void)
{
    gnttab_set_version_t v = { .version = 1 };
    long rc = hc_gnttab(GNTTABOP_set_version, &v, 1);

    xt_check(rc == -XEN_EBUSY, "set_version(1) with a status frame mapped: "
             "%ld, want -EBUSY", rc);
    xt_map(W_ST, 0, 0);
    xt_map(W_GT, 0, 0);
    v.version = 1;
    rc = hc_gnttab(GNTTABOP_set_version, &v, 1);
    xt_check(rc == 0 && v.version == 1, "set_version(1): %ld/%u", rc,
             v.version);
}

void test_main(void)
{
    gnttab_set_version_t v = { .version = 2 };
    long rc = hc_gnttab(GNTTABOP_set_version, &v, 1);

    if ( rc == -XEN_ENOSYS )
        return xt_skip("grant table v2 not provided");
    xt_check(rc == 0 && v.version == 2, "set_version(2): %ld/%u", rc,
             v.version);
    d1 = xt_spare_mfn(0);
    d2 = xt_spare_mfn(1);
    if ( xt_map(W_D1, d1, PTE_P | PTE_RW) || xt_map(W_D2, d2, PTE_P | PTE_RW) ||
         xt_map(W_MAP, 0, 0) )
        panic("cannot map the data frames");
    grow_to_the_limit();
    last_reference();
    sub_page();
    back_to_v1();
    for ( unsigned int w = W_GT; w <= W_MAP; w++ )
        xt_restore(w);
}
