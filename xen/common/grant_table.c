/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (hc 20, pv-abi-ladder 2.5): the table itself, its growth,
 * versions 1 and 2 with their status frames, the table-level sub-ops
 * (setup_table, query_size, set/get_version, get_status_frames, swap,
 * transfer) and do_grant_table_op: one table of sub-ops and one batch
 * runner for all of them. Mapping lives in grant_map.c, copying in
 * grant_copy.c. Table and status frames are hypervisor frames shared with
 * the domain (PGC_xen_heap), so the owner and a privileged domain can map
 * them with ordinary page-table updates.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include "grant_private.h"

unsigned int opt_max_grant_frames = 64;
integer_param("gnttab_max_frames", opt_max_grant_frames);

struct domain *gt_domain(domid_t id)
{
    struct domain *d;

    if ( id >= DOMID_FIRST_RESERVED )
        return NULL;
    d = domain_by_id(id);
    return d && !d->is_dying && d->grant_table ? d : NULL;
}

struct domain *gt_domain_mapped(domid_t id)
{
    struct domain *d;

    if ( id >= DOMID_FIRST_RESERVED )
        return NULL;
    d = domain_by_id(id);
    return d && d->grant_table ? d : NULL;
}

/*
 * The domain a target sub-op names: DOMID_SELF or an id. *denied: 0, -ESRCH
 * (no such domain) or -EPERM (only the privileged may name another one).
 */
static struct domain *gt_target(domid_t id, int *denied)
{
    struct domain *curr = current->domain;
    struct domain *d = id == DOMID_SELF ? curr : gt_domain(id);

    *denied = !d ? -ESRCH : d == curr || curr->is_privileged ? 0 : -EPERM;
    return d;
}

/*
 * The target's table, locked, for the sub-ops that report a refused target
 * in their status; NULL (*status set) if refused.
 */
static struct grant_table *lock_target(const struct gt_call *c,
                                       int16_t *status)
{
    *status = c->denied == -ESRCH ? GNTST_bad_domain : GNTST_permission_denied;
    if ( c->denied )
        return NULL;
    spin_lock(&c->d->grant_table->lock);
    return c->d->grant_table;
}

static void free_frame(mfn_t mfn)
{
    if ( !mfn_eq(mfn, INVALID_MFN) )
        page_relinquish(mfn_to_page(mfn));
}

static int grow_status(struct domain *d, struct grant_table *gt,
                       unsigned int frames)
{
    unsigned int want = gt_status_frames_for(frames);

    for ( ; gt->nr_status_frames < want; gt->nr_status_frames++ )
    {
        mfn_t mfn = alloc_xenheap_frame_for(d);

        if ( mfn_eq(mfn, INVALID_MFN) )
            return -ENOMEM;
        gt->status[gt->nr_status_frames] = mfn;
    }
    return 0;
}

/* Grow to nr frames (nr <= max_frames). Called with gt->lock held. */
static int grow_table(struct domain *d, struct grant_table *gt,
                      unsigned int nr)
{
    for ( ; gt->nr_frames < nr; gt->nr_frames++ )
    {
        unsigned int i = gt->nr_frames;
        mfn_t mfn;

        if ( !gt->active[i] )
            gt->active[i] = xmalloc_array(struct active_grant,
                                          GT_ACT_PER_CHUNK);
        if ( !gt->active[i] )
            return -ENOMEM;
        mfn = alloc_xenheap_frame_for(d);
        if ( mfn_eq(mfn, INVALID_MFN) )
            return -ENOMEM;
        gt->shared[i] = mfn;
    }
    return gt->version == 2 ? grow_status(d, gt, nr) : 0;
}

int gnttab_domain_init(struct domain *d)
{
    struct grant_table *gt = xmalloc(struct grant_table);
    unsigned int max = opt_max_grant_frames ? opt_max_grant_frames : 1;

    if ( !gt )
        return -ENOMEM;
    spin_lock_init(&gt->lock);
    spin_lock_init(&gt->maptrack_lock);
    gt->version = 1;
    gt->max_frames = max;
    gt->maptrack_free = MT_NONE;
    gt->shared = xmalloc_array(mfn_t, max);
    gt->status = xmalloc_array(mfn_t, gt_status_frames_for(max));
    gt->active = xmalloc_array(struct active_grant *, max);
    gt->maptrack = xmalloc_array(struct maptrack_entry *, MT_MAX_CHUNKS);
    d->grant_table = gt;
    if ( !gt->shared || !gt->status || !gt->active || !gt->maptrack ||
         grow_table(d, gt, 1) )
    {
        gnttab_domain_kill(d);
        gnttab_domain_destroy(d);
        return -ENOMEM;
    }
    return 0;
}

void gnttab_domain_kill(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    unsigned int i;

    if ( !gt )
        return;
    spin_lock(&gt->lock);
    gt->dying = true;
    spin_unlock(&gt->lock);
    gt_release_mappings(d);

    /* Grantees may still map them: such frames go when they unmap. */
    for ( i = 0; gt->shared && i < gt->nr_frames; i++ )
        free_frame(gt->shared[i]);
    for ( i = 0; gt->status && i < gt->nr_status_frames; i++ )
        free_frame(gt->status[i]);
}

void gnttab_domain_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    unsigned int i;

    if ( !gt )
        return;
    d->grant_table = NULL;
    for ( i = 0; gt->active && i < gt->max_frames; i++ )
        xfree(gt->active[i]);
    if ( gt->maptrack )
        gt_maptrack_free_all(gt);
    xfree(gt->maptrack);
    xfree(gt->active);
    xfree(gt->status);
    xfree(gt->shared);
    xfree(gt);
}

int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee,
                      unsigned long frame)
{
    struct grant_table *gt = d->grant_table;
    int rc = -EINVAL;

    spin_lock(&gt->lock);
    if ( ref >= gt_nr_entries(gt) )
        goto out;
    if ( gt->version == 1 )
    {
        gt_v1(gt, ref)->domid = grantee;
        gt_v1(gt, ref)->frame = frame;
        __atomic_store_n(&gt_v1(gt, ref)->flags, GTF_permit_access,
                         __ATOMIC_RELEASE);
    }
    else
    {
        gt_v2(gt, ref)->full_page.frame = frame;
        gt_v2(gt, ref)->hdr.domid = grantee;
        __atomic_store_n(&gt_v2(gt, ref)->hdr.flags, GTF_permit_access,
                         __ATOMIC_RELEASE);
    }
    rc = 0;
 out:
    spin_unlock(&gt->lock);
    return rc;
}

int gnttab_get_shared_frame(struct domain *d, unsigned int idx, mfn_t *mfn)
{
    struct grant_table *gt = d->grant_table;
    int rc = -EINVAL;

    spin_lock(&gt->lock);
    if ( idx < gt->max_frames && !grow_table(d, gt, max(idx + 1, gt->nr_frames)) )
    {
        *mfn = gt->shared[idx];
        rc = 0;
    }
    spin_unlock(&gt->lock);
    return rc;
}

/* ---- setup_table / query_size --------------------------------------------- */

/* Frame numbers (64-bit) of frames[0..n) to the guest's list: a GNTST_ code. */
static int16_t copy_frame_list(unsigned long list, const mfn_t *frames,
                               unsigned int n)
{
    for ( unsigned int i = 0; i < n; i++ )
    {
        uint64_t f = mfn_x(frames[i]);

        if ( copy_to_guest_va(list + i * sizeof(f), &f, sizeof(f)) )
            return GNTST_bad_virt_addr;
    }
    return GNTST_okay;
}

static long gt_op_setup_table(struct gt_call *c, void *arg)
{
    struct gnttab_setup_table *op = arg;
    unsigned long list = guest_handle_va(op->frame_list);
    struct grant_table *gt;

    if ( !guest_range_ok(list, (size_t)op->nr_frames * sizeof(xen_pfn_t)) )
        return -EFAULT;
    gt = lock_target(c, &op->status);
    if ( !gt )
        return 0;
    op->status = GNTST_general_error;
    if ( op->nr_frames <= gt->max_frames &&
         !grow_table(c->d, gt, op->nr_frames) )
        op->status = copy_frame_list(list, gt->shared, op->nr_frames);
    spin_unlock(&gt->lock);
    return 0;
}

static long gt_op_query_size(struct gt_call *c, void *arg)
{
    struct gnttab_query_size *op = arg;
    struct grant_table *gt;

    gt = lock_target(c, &op->status);
    if ( !gt )
        return 0;
    op->nr_frames = gt->nr_frames;
    op->max_nr_frames = gt->max_frames;
    op->status = GNTST_okay;
    spin_unlock(&gt->lock);
    return 0;
}

/* ---- versions ----------------------------------------------------------- */

/* v2 -> v1: the status frames go, unless the guest still maps one (XSA-255). */
static int drop_status_frames(struct grant_table *gt)
{
    unsigned int i;

    for ( i = 0; i < gt->nr_status_frames; i++ )
        if ( page_ref_count(mfn_to_page(gt->status[i])) > 1 )
            return -EBUSY;
    for ( i = 0; i < gt->nr_status_frames; i++ )
        free_frame(gt->status[i]);
    gt->nr_status_frames = 0;
    return 0;
}

/* Entries 0-7 (toolstack-seeded) survive a version change, as v1 entries. */
static void save_reserved(const struct grant_table *gt, grant_entry_v1_t *r)
{
    for ( unsigned int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++ )
    {
        const grant_entry_v2_t *e;

        if ( gt->version == 1 )
        {
            r[i] = *gt_v1(gt, i);
            continue;
        }
        e = gt_v2(gt, i);
        memset(&r[i], 0, sizeof(r[i]));
        if ( (e->hdr.flags & GTF_type_mask) != GTF_permit_access )
            continue;
        r[i].flags = e->hdr.flags | *gt_status_word(gt, i);
        r[i].domid = e->hdr.domid;
        r[i].frame = e->full_page.frame;
    }
}

static void restore_reserved(struct grant_table *gt, const grant_entry_v1_t *r)
{
    const uint16_t busy = GTF_reading | GTF_writing;

    for ( unsigned int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++ )
    {
        grant_entry_v2_t *e;

        if ( gt->version == 1 )
        {
            *gt_v1(gt, i) = r[i];
            continue;
        }
        e = gt_v2(gt, i);
        *gt_status_word(gt, i) = r[i].flags & busy;
        e->hdr.flags = r[i].flags & ~busy;
        e->hdr.domid = r[i].domid;
        e->full_page.frame = r[i].frame;
    }
}

static int change_version(struct domain *d, struct grant_table *gt,
                          unsigned int version)
{
    grant_entry_v1_t saved[GNTTAB_NR_RESERVED_ENTRIES];
    unsigned int i;
    int rc;

    for ( i = GNTTAB_NR_RESERVED_ENTRIES; i < gt_nr_entries(gt); i++ )
        if ( act_pinned(gt_act(gt, i)) )
            return -EBUSY;

    if ( version == 2 )
    {
        rc = grow_status(d, gt, gt->nr_frames);
        if ( rc )
            return rc;
    }
    else
        for ( i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++ )
        {
            const grant_entry_v2_t *e = gt_v2(gt, i);
            unsigned int type = e->hdr.flags & GTF_type_mask;

            if ( type == GTF_transitive ||
                 (type == GTF_permit_access && (e->full_page.frame >> 32)) )
                return -ERANGE;
        }

    save_reserved(gt, saved);
    if ( version == 1 )
    {
        rc = drop_status_frames(gt);
        if ( rc )
            return rc;
    }
    for ( i = 0; i < gt->nr_frames; i++ )
        memset(mfn_to_virt(gt->shared[i]), 0, PAGE_SIZE);
    gt->version = version;
    restore_reserved(gt, saved);
    return 0;
}

/* The version now in force is copied back whatever the outcome. */
static long gt_op_set_version(struct gt_call *c, void *arg)
{
    struct gnttab_set_version *op = arg;
    struct grant_table *gt = c->d->grant_table;
    long rc = -EINVAL;

    if ( op->version == 1 || op->version == 2 )
    {
        spin_lock(&gt->lock);
        rc = op->version == gt->version ? 0
                                        : change_version(c->d, gt, op->version);
        spin_unlock(&gt->lock);
    }
    op->version = gt->version;
    return rc;
}

static long gt_op_get_version(struct gt_call *c, void *arg)
{
    struct gnttab_get_version *op = arg;

    if ( c->denied )
        return c->denied;
    op->version = c->d->grant_table->version;
    return 0;
}

static long gt_op_get_status_frames(struct gt_call *c, void *arg)
{
    struct gnttab_get_status_frames *op = arg;
    struct grant_table *gt;

    gt = lock_target(c, &op->status);
    if ( !gt )
        return 0;
    op->status = op->nr_frames > gt->nr_status_frames
                 ? GNTST_general_error
                 : copy_frame_list(guest_handle_va(op->frame_list), gt->status,
                                   op->nr_frames);
    spin_unlock(&gt->lock);
    return 0;
}

/* ---- swap_grant_ref, transfer --------------------------------------------- */

static int16_t swap_one(struct grant_table *gt, grant_ref_t a, grant_ref_t b)
{
    if ( a >= gt_nr_entries(gt) || b >= gt_nr_entries(gt) )
        return GNTST_bad_gntref;
    if ( a == b )
        return GNTST_okay;
    if ( act_pinned(gt_act(gt, a)) || act_pinned(gt_act(gt, b)) )
        return GNTST_eagain;
    if ( gt->version == 1 )
    {
        grant_entry_v1_t t = *gt_v1(gt, a);

        *gt_v1(gt, a) = *gt_v1(gt, b);
        *gt_v1(gt, b) = t;
    }
    else
    {
        grant_entry_v2_t t = *gt_v2(gt, a);
        grant_status_t s = *gt_status_word(gt, a);

        *gt_v2(gt, a) = *gt_v2(gt, b);
        *gt_status_word(gt, a) = *gt_status_word(gt, b);
        *gt_v2(gt, b) = t;
        *gt_status_word(gt, b) = s;
    }
    return GNTST_okay;
}

static long gt_op_swap_grant_ref(struct gt_call *c, void *arg)
{
    struct gnttab_swap_grant_ref *op = arg;
    struct grant_table *gt = c->d->grant_table;

    spin_lock(&gt->lock);
    op->status = swap_one(gt, op->ref_a, op->ref_b);
    spin_unlock(&gt->lock);
    return 0;
}

/* Page transfer is obsolete (no PV guest of interest uses it). */
static long gt_op_transfer(struct gt_call *c, void *arg)
{
    ((struct gnttab_transfer *)arg)->status = GNTST_general_error;
    return 0;
}

/* ---- the sub-op table and its runner --------------------------------------- */

#define GNTTABOP_CMD_MASK 0xfffU   /* higher bits: cache_flush progress only */

/* How a sub-op reads count. */
enum gt_count {
    GT_BATCH,           /* count elements, preemptible between two */
    GT_ONE,             /* count must be 1 */
    GT_ANY,             /* one element whatever count says (as in Xen) */
};

/*
 * One entry per sub-op: the handler of one element, the size of one
 * element, how count is read, the part of an element copied back after it
 * ran (out_len 0: nothing; out_always: even when the handler failed), and
 * whom it acts on: the caller, or for target sub-ops the domain named by
 * the element's dom, another domain only for the privileged (gt_target).
 * Grant references carry their own permission (the granter's entry).
 */
static const struct gnttab_op_desc {
    long (*fn)(struct gt_call *c, void *arg);
    uint8_t size;
    uint8_t count;                      /* enum gt_count */
    uint8_t out_off, out_len;
    bool out_always;
    bool target;
    uint8_t dom_off;                    /* target: offset of dom */
} gnttab_ops[] = {
#define OP(n, cnt, ...) [GNTTABOP_##n] = { .fn = gt_op_##n,                 \
    .size = sizeof(struct gnttab_##n), .count = GT_##cnt, __VA_ARGS__ }
#define OUT(n, f) .out_off = offsetof(struct gnttab_##n, f),                \
                  .out_len = sizeof(((struct gnttab_##n *)0)->f)
#define OUT_ALL(n) .out_len = sizeof(struct gnttab_##n)
#define TARGET(n) .target = true, .dom_off = offsetof(struct gnttab_##n, dom)
    OP(map_grant_ref,     BATCH, OUT_ALL(map_grant_ref)),
    OP(unmap_grant_ref,   BATCH, OUT(unmap_grant_ref, status)),
    OP(setup_table,       ONE,   OUT(setup_table, status),
                                 TARGET(setup_table)),
    OP(transfer,          BATCH, OUT(transfer, status)),
    OP(copy,              BATCH, OUT(copy, status)),
    OP(query_size,        ONE,   OUT_ALL(query_size), TARGET(query_size)),
    OP(unmap_and_replace, BATCH, OUT(unmap_and_replace, status)),
    OP(set_version,       ANY,   OUT_ALL(set_version), .out_always = true),
    OP(get_status_frames, ONE,   OUT(get_status_frames, status),
                                 TARGET(get_status_frames)),
    OP(get_version,       ANY,   OUT(get_version, version),
                                 TARGET(get_version)),
    OP(swap_grant_ref,    BATCH, OUT(swap_grant_ref, status)),
    OP(cache_flush,       BATCH),
#undef TARGET
#undef OUT_ALL
#undef OUT
#undef OP
};

/* Room for the argument of any sub-op (one element of a batch). */
union gnttab_op_arg {
    struct gnttab_map_grant_ref map_grant_ref;
    struct gnttab_unmap_grant_ref unmap_grant_ref;
    struct gnttab_setup_table setup_table;
    struct gnttab_transfer transfer;
    struct gnttab_copy copy;
    struct gnttab_query_size query_size;
    struct gnttab_unmap_and_replace unmap_and_replace;
    struct gnttab_set_version set_version;
    struct gnttab_get_status_frames get_status_frames;
    struct gnttab_get_version get_version;
    struct gnttab_swap_grant_ref swap_grant_ref;
    struct gnttab_cache_flush cache_flush;
};

/* One element at uop: copy in, find the target, run, copy back. */
static long run_one(const struct gnttab_op_desc *desc, unsigned long uop)
{
    union gnttab_op_arg arg;
    struct gt_call c = { .d = current->domain };
    long rc;

    if ( copy_from_guest_va(&arg, uop, desc->size) )
        return -EFAULT;
    if ( desc->target )
    {
        domid_t dom;

        memcpy(&dom, (uint8_t *)&arg + desc->dom_off, sizeof(dom));
        c.d = gt_target(dom, &c.denied);
    }
    rc = desc->fn(&c, &arg);
    if ( (!rc || desc->out_always) && desc->out_len &&
         copy_to_guest_va(uop + desc->out_off,
                          (uint8_t *)&arg + desc->out_off, desc->out_len) )
        rc = -EFAULT;
    return rc;
}

/*
 * The one batch loop: 0, -errno (the elements before the failing one are
 * done), or i > 0 when preempted before element i (nothing of it done).
 */
static long run_batch(const struct gnttab_op_desc *desc, unsigned long uop,
                      unsigned int count)
{
    long rc = 0;

    for ( unsigned int i = 0; i < count && !rc; i++, uop += desc->size )
    {
        if ( i && hypercall_preempt_check() )
            return i;
        rc = run_one(desc, uop);
    }
    return rc;
}

long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
    const struct gnttab_op_desc *desc;
    long rc;

    if ( (int)count < 0 )
        return -EINVAL;
    if ( (cmd & ~GNTTABOP_CMD_MASK) && (cmd & GNTTABOP_CMD_MASK) !=
                                       GNTTABOP_cache_flush )
        return -EINVAL;
    cmd &= GNTTABOP_CMD_MASK;
    if ( !current->domain->grant_table || cmd >= ARRAY_SIZE(gnttab_ops) ||
         !gnttab_ops[cmd].fn )
        return -ENOSYS;
    desc = &gnttab_ops[cmd];
    if ( desc->count == GT_ONE && count != 1 )
        return -EINVAL;
    if ( desc->count != GT_BATCH )
        return run_one(desc, uop);
    if ( !guest_range_ok(uop, (size_t)count * desc->size) )
        return -EFAULT;

    rc = run_batch(desc, uop, count);
    if ( rc > 0 )
        /* Preempted after rc operations: the rest later, from the next. */
        rc = hypercall_create_continuation(__HYPERVISOR_grant_table_op, 3,
                                           (unsigned long)cmd,
                                           uop + rc * desc->size,
                                           (unsigned long)(count - rc));
    return rc;
}
