/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A dying PV domain gives back its memory in preemptible steps (Xen's
 * domain_relinquish_resources): its L1 tables are emptied, its vCPUs' page
 * tables and descriptor tables dropped (the now shallow trees devalidate
 * quickly), then every frame loses its pin and allocation reference. A
 * frame another domain still maps (foreign or grant mapping) stays the
 * dying domain's until that last reference goes; the domain's struct lives
 * as long as it owns any frame (common/domain.c frees it then).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/page_info.h>
#include <asm/pv/logdirty.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/traps.h>

enum { REL_l1_tables, REL_vcpus, REL_frames, REL_done };

/* Work between two preemption checks: a frame looked at costs 1. */
#define REL_BATCH      512
#define REL_COST_FRAME 16
#define REL_COST_TABLE 512

/* Clear every present entry of d's L1 table at mfn: its references go. */
static unsigned int empty_l1(struct domain *d, mfn_t mfn,
                             struct page_info *pg)
{
    const intpte_t *t = mfn_to_virt(mfn);

    if ( page_type(pg) != PGT_l1_page_table || !page_type_count(pg) )
        return 1;
    for ( unsigned int i = 0; i < PT_ENTRIES; i++ )
    {
        struct pt_update u = { .table = mfn, .idx = i,
                               .flags = PT_UPD_REQUIRE_L1 };

        if ( pte_present(ACCESS_ONCE(t[i])) )
            pt_update_entry(&u, d, d);  /* value 0: no new references */
    }
    return REL_COST_TABLE;
}

static unsigned int relinquish_frame(struct domain *d, mfn_t mfn,
                                     struct page_info *pg)
{
    if ( !(pg->count_info & PGC_allocated) )
        return 1;
    page_relinquish(pg);
    return REL_COST_FRAME;
}

typedef unsigned int frame_fn_t(struct domain *d, mfn_t mfn,
                                struct page_info *pg);

/*
 * fn on each frame of d's list, with a reference held so that it cannot be
 * freed and reused meanwhile; -ERESTART if preempted. Each frame looked at
 * moves to the tail, so frames freed under the walk (by fn or by others
 * dropping mappings) do not disturb it; the count taken at the start
 * bounds it (a frame seen twice is harmless: both steps are idempotent).
 */
static int walk_frames(struct domain *d, frame_fn_t *fn)
{
    unsigned int work = 0;
    struct page_info *pg;
    bool ref;

    if ( !d->arch.rel_walking )
    {
        spin_lock(&d->page_alloc_lock);
        d->arch.rel_left = d->arch.frames.count;
        spin_unlock(&d->page_alloc_lock);
        d->arch.rel_walking = true;
    }
    for ( ; d->arch.rel_left; d->arch.rel_left-- )
    {
        if ( work >= REL_BATCH )
        {
            work = 0;
            if ( hypercall_preempt_check() )
                return -ERESTART;
        }
        spin_lock(&d->page_alloc_lock);
        pg = page_list_rotate(&d->arch.frames);
        /* Fails for a frame on its way out (count 0, not yet unlinked). */
        ref = pg && get_page(pg, d);
        spin_unlock(&d->page_alloc_lock);
        if ( !pg )
            break;
        if ( !ref )
        {
            work++;
            continue;
        }
        work += fn(d, page_to_mfn(pg), pg);
        put_page(pg);
    }
    d->arch.rel_left = 0;
    d->arch.rel_walking = false;
    return 0;
}

/* Drop a CR3 reference (user tables: 0 also means none). */
static void drop_root(mfn_t *root)
{
    if ( !mfn_eq(*root, INVALID_MFN) && mfn_x(*root) )
        put_page_and_type(mfn_to_page(*root));
    *root = INVALID_MFN;
}

static void release_vcpus(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
    {
        pv_destroy_ldt(v);
        pv_destroy_gdt(v);
        pv_drop_pending_put(v);
        drop_root(&v->arch.pv.guest_table);
        drop_root(&v->arch.pv.guest_table_user);
    }
}

bool arch_domain_frames_gone(const struct domain *d)
{
    return d->arch.rel_phase == REL_done && !d->tot_pages &&
           !d->arch.xenheap_pages;
}

/* The last step: "dead" from here on; *gone if nothing is left to wait for. */
static void mark_dead(struct domain *d, bool *gone)
{
    domid_t id = d->domain_id;
    unsigned long left;

    spin_lock(&d->page_alloc_lock);
    d->arch.rel_phase = REL_done;
    *gone = arch_domain_frames_gone(d);
    left = d->tot_pages + d->arch.xenheap_pages;
    spin_unlock(&d->page_alloc_lock);
    /* From here on d may be freed by whoever drops its last frame. */
    if ( !*gone )
        printk("d%u: dead, %lu frame(s) still referenced elsewhere\n",
               id, left);
}

int pv_relinquish_resources(struct domain *d, bool *gone)
{
    int rc;

    *gone = false;
    switch ( d->arch.rel_phase )
    {
    case REL_l1_tables:
        rc = walk_frames(d, empty_l1);
        if ( rc )
            return rc;
        d->arch.rel_phase = REL_vcpus;
        /* fall through */
    case REL_vcpus:
        paging_logdirty_release(d);
        pirq_domain_release(d);
        release_vcpus(d);
        d->arch.rel_phase = REL_frames;
        /* fall through */
    case REL_frames:
        rc = walk_frames(d, relinquish_frame);
        if ( rc )
            return rc;
        mark_dead(d, gone);
        return 0;
    default:
        return 0;                       /* already dead */
    }
}
