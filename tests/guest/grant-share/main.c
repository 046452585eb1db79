/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A grant between two domains started at boot (tests/guest/cases/
 * multi-grant.case). The domU ("port=1") binds to domain 0's port 1, grants
 * one page filled with a pattern to domain 0 (ref 8) and says "ready";
 * domain 0 maps it read-only, checks GTF_reading in the domU's entry is
 * visible to the domU, copies the page through the mapping (and once more
 * with GNTTABOP_copy), unmaps and says "done"; the domU checks the entry is
 * idle again, revokes it and says "revoked"; a new map of ref 8 by domain 0
 * must then fail.
 */
#include "../multi/multi.h"
#include <public/grant_table.h>

const char test_title[] = "a grant from a domU mapped, copied and revoked";

#define REF       8
#define W_GT      20            /* domU: its grant table frame */
#define W_MAP     21            /* dom0: where the grant is mapped */


static uint8_t page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t copy[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static uint8_t pattern(unsigned int i)
{
    return (uint8_t)(i * 7 + 3);
}

static int16_t map_ref(grant_handle_t *h)
{
    gnttab_map_grant_ref_t m = {
        .host_addr = (unsigned long)xt_scratch(W_MAP),
        .flags = GNTMAP_host_map | GNTMAP_readonly, .ref = REF, .dom = 1,
    };
    long rc = hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

    xt_check(rc == 0, "map_grant_ref: rc %ld", rc);
    *h = m.handle;
    return m.status;
}

static void dom0_side(void)
{
    long port = multi_alloc_unbound(1);
    grant_handle_t h;
    gnttab_unmap_grant_ref_t u = { .host_addr = (unsigned long)xt_scratch(W_MAP) };
    gnttab_copy_t c = {
        .source = { .u.ref = REF, .domid = 1 },
        .dest = { .u.gmfn = xt_virt_to_mfn(copy), .domid = DOMID_SELF },
        .len = PAGE_SIZE, .flags = GNTCOPY_source_gref,
    };
    int16_t st;

    if ( port != 1 || !multi_wait(port) )
        panic("no 'ready' from d1 (port %ld)", port);
    st = map_ref(&h);
    if ( st != GNTST_okay )
        panic("map of d1's ref %u: status %d", REF, st);
    memcpy(copy, xt_scratch(W_MAP), PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
        if ( copy[i] != pattern(i) )
        {
            xt_fail("mapped byte %u is %#x, want %#x", i, copy[i], pattern(i));
            break;
        }
    multi_send(port);                   /* "mapped": d1 looks at its entry */
    if ( !multi_wait(port) )
        xt_fail("d1 never saw its entry in use");
    u.handle = h;
    xt_check(hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0 &&
             u.status == GNTST_okay, "unmap: status %d", u.status);
    memset(copy, 0, PAGE_SIZE);
    xt_check(hc_grant_table_op(GNTTABOP_copy, &c, 1) == 0 && c.status == GNTST_okay,
             "grant copy: status %d", c.status);
    xt_check(copy[100] == pattern(100), "grant copy: byte 100 is %#x", copy[100]);
    multi_send(port);                   /* "done" */
    if ( !multi_wait(port) )
        panic("no 'revoked' from d1");
    st = map_ref(&h);
    xt_check(st != GNTST_okay, "map after the revoke succeeded");
    printk("dom0: mapped and copied d1's page; after the revoke: status %d\n", st);
    xt_check(multi_wait_shutdown(1), "d1 never shut down");
}

static void domu_side(void)
{
    volatile grant_entry_v1_t *gnt;
    xen_pfn_t frame = 0;
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 1 };
    long lp = multi_bind(0, multi_arg("port=", 1));
    uint16_t flags;

    if ( lp < 0 )
        panic("bind_interdomain: %ld", lp);
    s.frame_list.p = &frame;
    if ( hc_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status ||
         xt_map(W_GT, frame, PTE_P | PTE_RW) )
        panic("cannot set up and map the grant table");
    gnt = xt_scratch(W_GT);
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
        page[i] = pattern(i);
    gnt[REF].domid = 0;
    gnt[REF].frame = xt_virt_to_mfn(page);
    asm volatile ( "" ::: "memory" );
    gnt[REF].flags = GTF_permit_access | GTF_readonly;
    multi_send(lp);                     /* "ready" */

    if ( !multi_wait(lp) )
        panic("dom0 never mapped the grant");
    xt_check(gnt[REF].flags & GTF_reading, "entry not GTF_reading while mapped: %#x",
             gnt[REF].flags);
    multi_send(lp);
    if ( !multi_wait(lp) )
        panic("dom0 never finished");
    flags = GTF_permit_access | GTF_readonly;
    xt_check(__atomic_compare_exchange_n(&gnt[REF].flags, &flags, 0, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST),
             "cannot revoke: entry flags %#x (still in use?)", flags);
    multi_send(lp);                     /* "revoked" */
    printk("domU: granted, seen in use, revoked\n");
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
