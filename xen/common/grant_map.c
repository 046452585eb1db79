/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_map_grant_ref, unmap_grant_ref and unmap_and_replace, and the
 * mapping side of domain death. References on the granted frame:
 *   host map   - held by the PTE itself (general + writable type if RW),
 *                taken and dropped by the page-table code (the arch
 *                hook arch_grant_map_host); a page-table teardown
 *                therefore releases them even if the guest never unmaps;
 *   device map - a general reference (+ writable type if RW) held here.
 * The hypercall returns 0 or -EFAULT; every element gets a GNTST_* status,
 * never positive (XSA-316); a preempted batch continues where it stopped.
 * A granter that dies keeps its mapped frames (and so its struct) until
 * every grantee has unmapped them; unmapping still works then.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <asm/grant_table.h>
#include "grant_private.h"

#define MAP_KINDS (GNTMAP_host_map | GNTMAP_device_map)

static int dev_get_refs(struct page_info *pg, struct domain *rd, bool ro)
{
    if ( !get_page(pg, rd) )
        return GNTST_general_error;
    if ( !ro && get_page_type(pg, PGT_writable_page) )
    {
        put_page(pg);
        return GNTST_general_error;
    }
    return GNTST_okay;
}

static void dev_put_refs(mfn_t mfn, bool ro)
{
    struct page_info *pg = mfn_to_page(mfn);

    ro ? put_page(pg) : put_page_and_type(pg);
}

/* Drop the pins of the map kinds in `kinds` (rd's table lock taken here). */
static void unpin_kinds(struct domain *rd, grant_ref_t ref, bool ro,
                        unsigned int kinds)
{
    spin_lock(&rd->grant_table->lock);
    if ( kinds & GNTMAP_device_map )
        gt_unpin(rd, ref, ro, PIN_DEV);
    if ( kinds & GNTMAP_host_map )
        gt_unpin(rd, ref, ro, PIN_HOST);
    spin_unlock(&rd->grant_table->lock);
}

static int16_t pin_kinds(struct domain *rd, grant_ref_t ref, domid_t ld,
                         bool ro, unsigned int kinds, mfn_t *mfn)
{
    int16_t rc = GNTST_okay;

    spin_lock(&rd->grant_table->lock);
    if ( kinds & GNTMAP_device_map )
        rc = gt_pin(rd, ref, ld, ro, PIN_DEV, true);
    if ( !rc && (kinds & GNTMAP_host_map) )
    {
        rc = gt_pin(rd, ref, ld, ro, PIN_HOST, true);
        if ( rc && (kinds & GNTMAP_device_map) )
            gt_unpin(rd, ref, ro, PIN_DEV);
    }
    if ( !rc )
        *mfn = gt_act(rd->grant_table, ref)->mfn;
    spin_unlock(&rd->grant_table->lock);
    return rc;
}

static int16_t map_one(struct gnttab_map_grant_ref *op)
{
    struct domain *ld = current->domain, *rd;
    struct grant_table *lgt = ld->grant_table;
    unsigned int kinds = op->flags & MAP_KINDS, h;
    bool ro = op->flags & GNTMAP_readonly;
    struct maptrack_entry *m;
    int16_t rc;
    mfn_t mfn;

    if ( !kinds )
        return GNTST_bad_gntref;
    rd = gt_domain(op->dom);
    if ( !rd )
        return GNTST_bad_domain;
    h = gt_maptrack_get(lgt);
    if ( h == MT_NONE )
        return GNTST_no_device_space;

    rc = pin_kinds(rd, op->ref, ld->domain_id, ro, kinds, &mfn);
    if ( rc )
        goto put_handle;
    if ( (kinds & GNTMAP_device_map) &&
         (rc = dev_get_refs(mfn_to_page(mfn), rd, ro)) )
        goto unpin;
    if ( (kinds & GNTMAP_host_map) &&
         (rc = arch_grant_map_host(ld, op->host_addr, op->flags, mfn, rd)) )
        goto put_dev;

    m = mt_entry(lgt, h);
    m->host_addr = op->host_addr;
    m->ref = op->ref;
    m->domid = rd->domain_id;
    spin_lock(&lgt->maptrack_lock);
    m->flags = op->flags & (MAP_KINDS | GNTMAP_readonly |
                            GNTMAP_application_map | GNTMAP_contains_pte);
    m->busy = false;
    spin_unlock(&lgt->maptrack_lock);
    op->dev_bus_addr = (uint64_t)mfn_x(mfn) << PAGE_SHIFT;
    op->handle = h;
    return GNTST_okay;

 put_dev:
    if ( kinds & GNTMAP_device_map )
        dev_put_refs(mfn, ro);
 unpin:
    unpin_kinds(rd, op->ref, ro, kinds);
 put_handle:
    gt_maptrack_put(lgt, h);
    return rc;
}

long gt_op_map_grant_ref(struct gt_call *c, void *arg)
{
    struct gnttab_map_grant_ref *op = arg;

    op->status = map_one(op);
    return 0;
}

/* ---- unmap ------------------------------------------------------------------ */

struct unmap_req {
    uint64_t host_addr, dev_bus_addr, new_addr;
    grant_handle_t handle;
};

/* Claim handle h for one unmap: copy out its state and mark it busy. */
static int16_t claim(struct grant_table *lgt, grant_handle_t h,
                     struct maptrack_entry *out)
{
    int16_t rc = GNTST_bad_handle;

    spin_lock(&lgt->maptrack_lock);
    if ( h < lgt->maptrack_chunks * MT_PER_CHUNK )
    {
        struct maptrack_entry *m = mt_entry(lgt, h);

        if ( m->flags && !m->busy )
        {
            m->busy = true;
            *out = *m;
            rc = GNTST_okay;
        }
    }
    spin_unlock(&lgt->maptrack_lock);
    return rc;
}

/* Finish an unmap of h: drop the kinds done, free the handle when empty. */
static void unclaim(struct grant_table *lgt, grant_handle_t h,
                    unsigned int done)
{
    struct maptrack_entry *m = mt_entry(lgt, h);
    bool empty;

    spin_lock(&lgt->maptrack_lock);
    m->flags &= ~done;
    empty = !(m->flags & MAP_KINDS);
    m->busy = false;
    spin_unlock(&lgt->maptrack_lock);
    if ( empty )
        gt_maptrack_put(lgt, h);
}

static int16_t unmap_one(const struct unmap_req *r)
{
    struct domain *ld = current->domain, *rd;
    struct grant_table *lgt = ld->grant_table;
    struct maptrack_entry m;
    unsigned int done = 0;
    int16_t rc;
    mfn_t mfn = INVALID_MFN;
    bool ro;

    rc = claim(lgt, r->handle, &m);
    if ( rc )
        return rc;
    ro = m.flags & GNTMAP_readonly;
    rd = gt_domain_mapped(m.domid);
    rc = GNTST_bad_handle;
    if ( rd )
    {
        spin_lock(&rd->grant_table->lock);
        if ( m.ref < gt_nr_entries(rd->grant_table) )
        {
            mfn = gt_act(rd->grant_table, m.ref)->mfn;
            rc = GNTST_okay;
        }
        spin_unlock(&rd->grant_table->lock);
    }
    if ( !rc && r->dev_bus_addr &&
         r->dev_bus_addr != (uint64_t)mfn_x(mfn) << PAGE_SHIFT )
        rc = GNTST_general_error;
    if ( !rc && r->host_addr && (m.flags & GNTMAP_host_map) )
    {
        rc = arch_grant_unmap_host(ld, r->host_addr, m.flags, mfn,
                                   r->new_addr);
        if ( !rc )
            done |= GNTMAP_host_map;
    }
    if ( !rc && r->dev_bus_addr && (m.flags & GNTMAP_device_map) )
    {
        dev_put_refs(mfn, ro);
        done |= GNTMAP_device_map;
    }
    /* TLBs were flushed by the PTE removal: now the granter may revoke. */
    if ( done )
        unpin_kinds(rd, m.ref, ro, done);
    unclaim(lgt, r->handle, done);
    return rc;
}

long gt_op_unmap_grant_ref(struct gt_call *c, void *arg)
{
    struct gnttab_unmap_grant_ref *op = arg;
    struct unmap_req r = { op->host_addr, op->dev_bus_addr, 0, op->handle };

    op->status = unmap_one(&r);
    return 0;
}

long gt_op_unmap_and_replace(struct gt_call *c, void *arg)
{
    struct gnttab_unmap_and_replace *op = arg;
    struct unmap_req r = { op->host_addr, 0, op->new_addr, op->handle };

    op->status = unmap_one(&r);
    return 0;
}

/* ---- domain death ------------------------------------------------------------ */

/*
 * d dies: the mappings it made lose their pins and device references. Its
 * host PTEs keep their references until its page tables are torn down.
 */
void gt_release_mappings(struct domain *d)
{
    struct grant_table *lgt = d->grant_table;

    for ( unsigned int h = 0; h < lgt->maptrack_chunks * MT_PER_CHUNK; h++ )
    {
        struct maptrack_entry *m = mt_entry(lgt, h);
        struct domain *rd;
        bool ro = m->flags & GNTMAP_readonly;

        if ( !m->flags || m->busy )
            continue;
        rd = domain_by_id(m->domid);
        if ( rd && rd->grant_table && m->ref < gt_nr_entries(rd->grant_table) )
        {
            if ( m->flags & GNTMAP_device_map )
                dev_put_refs(gt_act(rd->grant_table, m->ref)->mfn, ro);
            unpin_kinds(rd, m->ref, ro, m->flags & MAP_KINDS);
        }
        gt_maptrack_put(lgt, h);
    }
}
