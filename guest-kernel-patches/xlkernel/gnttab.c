/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel grant table: a v1 table of XLK_GNT_FRAMES frames set up with
 * GNTTABOP_setup_table and mapped above the 1:1 region; references are
 * handed out by libhcall's freestanding hcall_gnttab.
 */
#include <xlk.h>
#include <xt-mm.h>

#define XLK_GNT_FRAMES 4                /* 2048 v1 entries */

struct hcall_gnttab xlk_gnttab;
static unsigned long table_va;          /* where the frames are mapped */
static unsigned int table_frames;

/* Set up n frames (fewer if the hypervisor allows fewer), map them at va. */
static unsigned int table_map(unsigned int n, unsigned long va)
{
    xen_pfn_t frames[XLK_GNT_FRAMES];
    struct gnttab_setup_table s;
    long rc;

    /* A hypervisor configured with fewer frames: ask for fewer. */
    for ( ; ; n /= 2 )
    {
        memset(&s, 0, sizeof(s));
        s.dom = DOMID_SELF;
        s.nr_frames = n;
        set_xen_guest_handle(s.frame_list, frames);
        rc = hc_grant_table_op(GNTTABOP_setup_table, &s, 1);
        if ( !rc && s.status == GNTST_okay )
            break;
        if ( n == 1 )
            panic("grant_table_op(setup_table) = %ld, status %d", rc, s.status);
    }

    for ( unsigned int i = 0; i < n; i++ )
    {
        rc = xlk_map_mfn(va + i * PAGE_SIZE, frames[i], PTE_P | PTE_RW);
        if ( rc )
            panic("mapping grant frame %u (mfn %#lx) = %ld", i,
                  (unsigned long)frames[i], rc);
    }
    return n;
}

void xlk_gnttab_init(void)
{
    table_va = xlk_alloc_va(XLK_GNT_FRAMES);
    table_frames = table_map(XLK_GNT_FRAMES, table_va);
    hcall_gnttab_init(&xlk_gnttab, &xlk_env, (void *)table_va,
                      table_frames * PAGE_SIZE / sizeof(grant_entry_v1_t));
}

/*
 * The table's frames are the hypervisor's, not in our P2M: unmapped while
 * suspended. Every grant must have been ended (the hooks did).
 */
void xlk_gnttab_suspend(void)
{
    for ( unsigned int i = 0; i < table_frames; i++ )
        if ( xlk_map_mfn(table_va + i * PAGE_SIZE, 0, 0) )
            panic("unmapping grant frame %u", i);
}

/*
 * The same table again (cancelled) or a new domain's, empty: a free entry
 * is one whose flags are 0, so the library's state is the table itself.
 */
void xlk_gnttab_resume(void)
{
    if ( table_map(table_frames, table_va) != table_frames )
        panic("grant table: fewer than %u frames after resume", table_frames);
    hcall_gnttab_init(&xlk_gnttab, &xlk_env, (void *)table_va,
                      table_frames * PAGE_SIZE / sizeof(grant_entry_v1_t));
}

int xlk_grant_page(domid_t domid, const void *va, bool readonly)
{
    return hcall_gnttab_grant(&xlk_gnttab, domid, xlk_virt_to_mfn(va),
                              readonly);
}

int xlk_grant_end(grant_ref_t ref)
{
    return hcall_gnttab_end(&xlk_gnttab, ref);
}
