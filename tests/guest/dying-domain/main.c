/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A destroyed domain whose frames another domain still maps
 * (tests/guest/cases/multi-dying.case). The domU ("port=1") grants a page
 * to domain 0 (ref 8) holding a pattern and the frame number of a second
 * page, then shuts down. Domain 0 maps the grant and, as the control
 * domain, the second page by frame (update_va_mapping_otherdomain), waits
 * for the shutdown and destroys the domU. The domU must stay listed as
 * dying (its struct and the two frames kept), both mappings must still
 * read the patterns, new mappings of it must fail; after domain 0 unmaps
 * the grant (GNTST_okay) and then the foreign frame, the domU must be gone
 * and every frame it had must be free again (the hypervisor's frame audit
 * of the domU then runs, and the case forbids any problem it reports).
 */
#include "../multi/multi.h"
#include <public/grant_table.h>

const char test_title[] = "a destroyed domain lives on while its frames are mapped";

#define REF       8
#define W_GT      20            /* domU: its grant table frame */
#define W_MAP     21            /* dom0: the grant */
#define W_FOREIGN 22            /* dom0: the second page, by frame */
#define W_TRY     23            /* dom0: a mapping that must fail */
#define MAGIC     0x6479696e67UL


static uint64_t page[PAGE_SIZE / 8] __attribute__((aligned(PAGE_SIZE)));
static uint64_t second[PAGE_SIZE / 8] __attribute__((aligned(PAGE_SIZE)));
static struct xen_domctl dc;

static uint64_t pattern(unsigned int i, uint64_t salt)
{
    return MAGIC ^ (i * 0x9e3779b97f4a7c15UL) ^ salt;
}

static bool page_ok(const volatile uint64_t *p, uint64_t salt, unsigned int from)
{
    for ( unsigned int i = from; i < PAGE_SIZE / 8; i++ )
        if ( p[i] != pattern(i, salt) )
            return false;
    return true;
}

/* ---- domain 0 ----------------------------------------------------------- */

/* getdomaininfo of domain 1: its flags, or -1 if it is gone. */
static long domu_flags(void)
{
    memset(&dc, 0, sizeof(dc));
    if ( multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, 1) || dc.domain != 1 )
        return -1;
    return dc.u.getdomaininfo.flags;
}

static int16_t map_grant(grant_handle_t *h)
{
    gnttab_map_grant_ref_t m = {
        .host_addr = (unsigned long)xt_scratch(W_MAP),
        .flags = GNTMAP_host_map | GNTMAP_readonly, .ref = REF, .dom = 1,
    };

    if ( hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) )
        return GNTST_general_error;
    *h = m.handle;
    return m.status;
}

static long map_foreign(unsigned long mfn)
{
    return hc_update_va_mapping_otherdomain(xt_scratch(W_FOREIGN),
                                            (mfn << 12) | PTE_P | PTE_A,
                                            UVMF_INVLPG, 1);
}

/* The domU is destroyed but mapped: still there, readable, not mappable anew. */
static void check_dead_but_mapped(unsigned long mfn2)
{
    const volatile uint64_t *g = xt_scratch(W_MAP), *f = xt_scratch(W_FOREIGN);
    grant_handle_t h2;
    long flags = domu_flags();

    xt_check(flags >= 0 && (flags & XEN_DOMINF_dying),
             "destroyed but mapped domU: getdomaininfo flags %ld (want dying)",
             flags);
    xt_check(g[0] == mfn2 && page_ok(g, 0, 1),
             "the granted page changed after the destroy");
    xt_check(page_ok(f, 1, 0), "the foreign-mapped page changed after the destroy");
    xt_check(map_grant(&h2) != GNTST_okay, "a new grant map of the dead domU worked");
    if ( hc_update_va_mapping_otherdomain(xt_scratch(W_TRY),
                                          (mfn2 << 12) | PTE_P | PTE_A,
                                          UVMF_INVLPG, 1) == 0 )
    {
        xt_fail("a new foreign mapping of the dead domU worked");
        xt_restore(W_TRY);
    }
}

static void dom0_side(void)
{
    long port = multi_alloc_unbound(1), rc;
    gnttab_unmap_grant_ref_t u = { .host_addr = (unsigned long)xt_scratch(W_MAP) };
    const volatile uint64_t *g = xt_scratch(W_MAP);
    unsigned long mfn2;
    uint64_t before;

    if ( port != 1 || !multi_wait(port) )
        panic("no 'ready' from d1 (port %ld)", port);
    if ( map_grant(&u.handle) != GNTST_okay )
        panic("cannot map d1's grant");
    mfn2 = g[0];
    if ( !page_ok(g, 0, 1) || map_foreign(mfn2) )
        panic("grant page wrong or cannot map d1's frame %#lx", mfn2);
    multi_send(port);                   /* "mapped": d1 shuts down */
    if ( !multi_wait_shutdown(1) )
        panic("d1 never shut down");

    before = xt_free_pages();
    rc = multi_domctl(&dc, XEN_DOMCTL_destroydomain, 1);
    xt_check(rc == 0, "destroydomain = %ld", rc);
    check_dead_but_mapped(mfn2);

    rc = hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
    xt_check(rc == 0 && u.status == GNTST_okay, "unmap of the dead domU's "
             "grant: rc %ld status %d", rc, u.status);
    xt_check(domu_flags() >= 0, "domU gone while a frame is still mapped");
    xt_check(page_ok(xt_scratch(W_FOREIGN), 1, 0), "foreign page changed");
    rc = hc_update_va_mapping(xt_scratch(W_FOREIGN), 0, UVMF_INVLPG);
    xt_check(rc == 0, "unmapping the foreign frame = %ld", rc);
    xt_restore(W_FOREIGN);
    xt_restore(W_MAP);

    xt_check(domu_flags() < 0, "domU still listed after its last frame went");
    xt_check(xt_free_pages() > before, "free pages %lu, %lu before the destroy",
             (unsigned long)xt_free_pages(), (unsigned long)before);
    printk("dom0: d1 kept while mapped, gone after the unmaps; free pages "
           "%lu -> %lu\n", (unsigned long)before, (unsigned long)xt_free_pages());
}

/* ---- the domU --------------------------------------------------------------- */

static void domu_side(void)
{
    volatile grant_entry_v1_t *gnt;
    xen_pfn_t frame = 0;
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 1 };
    long lp = multi_bind(0, multi_arg("port=", 1));

    if ( lp < 0 )
        panic("bind_interdomain: %ld", lp);
    s.frame_list.p = &frame;
    if ( hc_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status ||
         xt_map(W_GT, frame, PTE_P | PTE_RW) )
        panic("cannot set up and map the grant table");
    gnt = xt_scratch(W_GT);
    page[0] = xt_virt_to_mfn(second);
    for ( unsigned int i = 0; i < PAGE_SIZE / 8; i++ )
    {
        if ( i )
            page[i] = pattern(i, 0);
        second[i] = pattern(i, 1);
    }
    gnt[REF].domid = 0;
    gnt[REF].frame = xt_virt_to_mfn(page);
    asm volatile ( "" ::: "memory" );
    gnt[REF].flags = GTF_permit_access | GTF_readonly;
    multi_send(lp);                     /* "ready" */
    if ( !multi_wait(lp) )
        panic("dom0 never mapped the pages");
    printk("domU: granted and shutting down with the pages mapped\n");
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
