/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_copy and GNTTABOP_cache_flush. A copy names each side by grant
 * reference (pinned like a host mapping for the duration, with the status
 * bits set) or by frame: DOMID_SELF's own frames, or for the privileged
 * domain the frames of the named domain. The writable side takes a
 * writable type reference, so a page table is never a copy target.
 * cache_flush is a no-op on x86 (coherent caches) after Xen's checks.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include "grant_private.h"

struct copy_side {
    struct domain *d;
    struct page_info *pg;       /* general reference held */
    grant_ref_t ref;
    uint16_t start, len;        /* granted window */
    bool pinned, typed, ro;
};

static struct domain *copy_domain(domid_t id)
{
    return id == DOMID_SELF ? current->domain : gt_domain(id);
}

static int16_t pin_side(const struct gnttab_copy_ptr *p, struct copy_side *s,
                        mfn_t *mfn)
{
    struct grant_table *gt = s->d->grant_table;
    const struct active_grant *a;
    int16_t rc;

    spin_lock(&gt->lock);
    rc = gt_pin(s->d, p->u.ref, current->domain->domain_id, s->ro, PIN_HOST,
                false);
    if ( !rc )
    {
        a = gt_act(gt, p->u.ref);
        *mfn = a->mfn;
        s->start = a->start;
        s->len = a->length;
        s->ref = p->u.ref;
        s->pinned = true;
    }
    spin_unlock(&gt->lock);
    return rc;
}

static void release_side(struct copy_side *s)
{
    if ( s->typed )
        put_page_type(s->pg);
    if ( s->pg )
        put_page(s->pg);
    if ( s->pinned )
    {
        spin_lock(&s->d->grant_table->lock);
        gt_unpin(s->d, s->ref, s->ro, PIN_HOST);
        spin_unlock(&s->d->grant_table->lock);
    }
    s->typed = s->pinned = false;
    s->pg = NULL;
}

static int16_t claim_side(const struct gnttab_copy_ptr *p, bool gref,
                          struct copy_side *s)
{
    mfn_t mfn = _mfn(p->u.gmfn);
    int16_t rc;

    s->start = 0;
    s->len = PAGE_SIZE;
    if ( gref )
    {
        rc = pin_side(p, s, &mfn);
        if ( rc )
            return rc;
    }
    if ( !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), s->d) )
        return GNTST_bad_page;
    s->pg = mfn_to_page(mfn);
    if ( !s->ro )
    {
        if ( get_page_type(s->pg, PGT_writable_page) )
            return GNTST_general_error;
        s->typed = true;
    }
    return GNTST_okay;
}

static bool in_window(unsigned int off, unsigned int len,
                      const struct copy_side *s)
{
    return off >= s->start && off + len <= (unsigned int)s->start + s->len;
}

static int16_t copy_one(const struct gnttab_copy *op)
{
    bool sg = op->flags & GNTCOPY_source_gref;
    bool dg = op->flags & GNTCOPY_dest_gref;
    struct copy_side src = { .ro = true }, dst = { .ro = false };
    int16_t rc;

    /* By frame: only DOMID_SELF, except for the privileged domain. */
    if ( (!sg && op->source.domid != DOMID_SELF) ||
         (!dg && op->dest.domid != DOMID_SELF) )
        if ( !current->domain->is_privileged )
            return GNTST_permission_denied;
    src.d = copy_domain(op->source.domid);
    dst.d = copy_domain(op->dest.domid);
    if ( !src.d || !dst.d )
        return GNTST_bad_domain;

    rc = claim_side(&op->source, sg, &src);
    if ( !rc )
        rc = claim_side(&op->dest, dg, &dst);
    if ( rc )
        goto out;
    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
        rc = GNTST_bad_copy_arg;
    else if ( !in_window(op->source.offset, op->len, &src) ||
              !in_window(op->dest.offset, op->len, &dst) )
        rc = GNTST_general_error;
    else
        memmove((uint8_t *)mfn_to_virt(page_to_mfn(dst.pg)) + op->dest.offset,
                (uint8_t *)mfn_to_virt(page_to_mfn(src.pg)) + op->source.offset,
                op->len);
 out:
    release_side(&dst);
    release_side(&src);
    return rc;
}

long gt_op_copy(struct gt_call *c, void *arg)
{
    struct gnttab_copy *op = arg;

    op->status = copy_one(op);
    return 0;
}

/* ---- cache_flush ------------------------------------------------------------ */

/* Does owner's table hold a pinned grant of mfn to d? */
static bool granted_to(struct domain *owner, const struct domain *d, mfn_t mfn)
{
    struct grant_table *gt = owner->grant_table;
    bool found = false;

    spin_lock(&gt->lock);
    for ( unsigned int r = 0; r < gt_nr_entries(gt) && !found; r++ )
    {
        const struct active_grant *a = gt_act(gt, r);

        found = act_pinned(a) && a->domid == d->domain_id &&
                mfn_eq(a->mfn, mfn);
    }
    spin_unlock(&gt->lock);
    return found;
}

static long flush_one(const struct gnttab_cache_flush *c)
{
    const uint32_t ops = GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN;
    struct domain *d = current->domain, *owner;
    mfn_t mfn = _mfn(c->a.dev_bus_addr >> PAGE_SHIFT);
    struct page_info *pg;
    long rc = 0;

    if ( c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
         c->offset + c->length > PAGE_SIZE || (c->op & ~ops) )
        return -EINVAL;
    if ( !c->length || !c->op )
        return 0;
    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    owner = page_get_owner(pg);
    if ( !owner || !get_page(pg, owner) )
        return -EPERM;
    if ( !owner->grant_table )
        rc = -EPERM;
    else if ( owner != d && !granted_to(owner, d, mfn) )
        rc = -EINVAL;
    else if ( c->op == GNTTAB_CACHE_INVAL )
        rc = -EOPNOTSUPP;       /* x86 cannot discard dirty lines safely */
    put_page(pg);
    return rc;
}

long gt_op_cache_flush(struct gt_call *c, void *arg)
{
    return flush_one(arg);
}
