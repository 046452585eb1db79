/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (hc 20, pv-abi-ladder 2.5): the table itself, its growth,
 * versions 1 and 2 with their status frames, the table-level sub-ops
 * (setup_table, query_size, set/get_version, get_status_frames, swap,
 * transfer) and the dispatcher. Mapping lives in grant_map.c, copying in
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

/* DOMID_SELF or an id; *perm false if the caller may not act on it. */
static struct domain *gt_target(domid_t id, bool *perm)
{
    struct domain *curr = current->domain;
    struct domain *d = id == DOMID_SELF ? curr : gt_domain(id);

    *perm = d && (d == curr || curr->is_privileged);
    return d;
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

static long setup_table(unsigned long uop, unsigned int count)
{
    struct gnttab_setup_table op;
    struct grant_table *gt;
    struct domain *d;
    unsigned long list;
    bool perm;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest_va(&op, uop, sizeof(op)) )
        return -EFAULT;
    list = guest_handle_va(op.frame_list);
    if ( !guest_range_ok(list, (size_t)op.nr_frames * sizeof(xen_pfn_t)) )
        return -EFAULT;

    d = gt_target(op.dom, &perm);
    op.status = !d ? GNTST_bad_domain : GNTST_permission_denied;
    if ( !perm )
        goto out;

    gt = d->grant_table;
    spin_lock(&gt->lock);
    op.status = GNTST_general_error;
    if ( op.nr_frames <= gt->max_frames && !grow_table(d, gt, op.nr_frames) )
        op.status = copy_frame_list(list, gt->shared, op.nr_frames);
    spin_unlock(&gt->lock);
 out:
    return copy_field_to_guest_va(uop, &op, struct gnttab_setup_table,
                                  status);
}

static long query_size(unsigned long uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct domain *d;
    bool perm;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest_va(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = gt_target(op.dom, &perm);
    op.status = !d ? GNTST_bad_domain : GNTST_permission_denied;
    if ( perm )
    {
        spin_lock(&d->grant_table->lock);
        op.nr_frames = d->grant_table->nr_frames;
        op.max_nr_frames = d->grant_table->max_frames;
        op.status = GNTST_okay;
        spin_unlock(&d->grant_table->lock);
    }
    return copy_to_guest_va(uop, &op, sizeof(op));
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

static long set_version(unsigned long uop, unsigned int count)
{
    struct domain *d = current->domain;
    struct grant_table *gt = d->grant_table;
    struct gnttab_set_version op;
    long rc = -EINVAL;

    if ( copy_from_guest_va(&op, uop, sizeof(op)) )
        return -EFAULT;
    if ( op.version == 1 || op.version == 2 )
    {
        spin_lock(&gt->lock);
        rc = op.version == gt->version ? 0 : change_version(d, gt, op.version);
        spin_unlock(&gt->lock);
    }
    op.version = gt->version;
    if ( copy_to_guest_va(uop, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}

static long get_version(unsigned long uop, unsigned int count)
{
    struct gnttab_get_version op;
    struct domain *d;
    bool perm;

    if ( copy_from_guest_va(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = gt_target(op.dom, &perm);
    if ( !d )
        return -ESRCH;
    if ( !perm )
        return -EPERM;
    op.version = d->grant_table->version;
    return copy_field_to_guest_va(uop, &op, struct gnttab_get_version,
                                  version);
}

static long get_status_frames(unsigned long uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    struct grant_table *gt;
    struct domain *d;
    unsigned long list;
    bool perm;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest_va(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = gt_target(op.dom, &perm);
    op.status = !d ? GNTST_bad_domain : GNTST_permission_denied;
    if ( !perm )
        goto out;

    gt = d->grant_table;
    list = guest_handle_va(op.frame_list);
    spin_lock(&gt->lock);
    op.status = op.nr_frames > gt->nr_status_frames
                ? GNTST_general_error
                : copy_frame_list(list, gt->status, op.nr_frames);
    spin_unlock(&gt->lock);
 out:
    return copy_field_to_guest_va(uop, &op, struct gnttab_get_status_frames,
                                  status);
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

static long swap_grant_ref(unsigned long uop, unsigned int count)
{
    struct grant_table *gt = current->domain->grant_table;
    struct gnttab_swap_grant_ref op;

    for ( unsigned int i = 0; i < count; i++, uop += sizeof(op) )
    {
        if ( i && hypercall_preempt_check() )
            return i;           /* do_grant_table_op continues */
        if ( copy_from_guest_va(&op, uop, sizeof(op)) )
            return -EFAULT;
        spin_lock(&gt->lock);
        op.status = swap_one(gt, op.ref_a, op.ref_b);
        spin_unlock(&gt->lock);
        if ( copy_field_to_guest_va(uop, &op, struct gnttab_swap_grant_ref,
                                    status) )
            return -EFAULT;
    }
    return 0;
}

/* Page transfer is obsolete (no PV guest of interest uses it). */
static long transfer(unsigned long uop, unsigned int count)
{
    struct gnttab_transfer op;

    for ( unsigned int i = 0; i < count; i++, uop += sizeof(op) )
    {
        if ( i && hypercall_preempt_check() )
            return i;           /* do_grant_table_op continues */
        if ( copy_from_guest_va(&op, uop, sizeof(op)) )
            return -EFAULT;
        op.status = GNTST_general_error;
        if ( copy_field_to_guest_va(uop, &op, struct gnttab_transfer, status) )
            return -EFAULT;
    }
    return 0;
}

/* ---- dispatcher ----------------------------------------------------------- */

#define GNTTABOP_CMD_MASK 0xfffU   /* higher bits: cache_flush progress only */

static long grant_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:     return gnttab_map(uop, count);
    case GNTTABOP_unmap_grant_ref:   return gnttab_unmap(uop, count);
    case GNTTABOP_setup_table:       return setup_table(uop, count);
    case GNTTABOP_transfer:          return transfer(uop, count);
    case GNTTABOP_copy:              return gnttab_copy(uop, count);
    case GNTTABOP_query_size:        return query_size(uop, count);
    case GNTTABOP_unmap_and_replace: return gnttab_unmap_and_replace(uop, count);
    case GNTTABOP_set_version:       return set_version(uop, count);
    case GNTTABOP_get_status_frames: return get_status_frames(uop, count);
    case GNTTABOP_get_version:       return get_version(uop, count);
    case GNTTABOP_swap_grant_ref:    return swap_grant_ref(uop, count);
    case GNTTABOP_cache_flush:       return gnttab_cache_flush(uop, count);
    default:                         return -ENOSYS;
    }
}

long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
    static const size_t op_size[] = {
        [GNTTABOP_map_grant_ref] = sizeof(struct gnttab_map_grant_ref),
        [GNTTABOP_unmap_grant_ref] = sizeof(struct gnttab_unmap_grant_ref),
        [GNTTABOP_transfer] = sizeof(struct gnttab_transfer),
        [GNTTABOP_copy] = sizeof(struct gnttab_copy),
        [GNTTABOP_unmap_and_replace] = sizeof(struct gnttab_unmap_and_replace),
        [GNTTABOP_swap_grant_ref] = sizeof(struct gnttab_swap_grant_ref),
        [GNTTABOP_cache_flush] = sizeof(struct gnttab_cache_flush),
    };
    long rc;

    if ( (int)count < 0 )
        return -EINVAL;
    if ( (cmd & ~GNTTABOP_CMD_MASK) && (cmd & GNTTABOP_CMD_MASK) !=
                                       GNTTABOP_cache_flush )
        return -EINVAL;
    cmd &= GNTTABOP_CMD_MASK;
    if ( !current->domain->grant_table )
        return -ENOSYS;
    if ( cmd < ARRAY_SIZE(op_size) && op_size[cmd] &&
         !guest_range_ok(uop, (size_t)count * op_size[cmd]) )
        return -EFAULT;

    rc = grant_op(cmd, uop, count);
    if ( rc > 0 && cmd < ARRAY_SIZE(op_size) )
        /* Preempted after rc operations: the rest later, from the next. */
        rc = hypercall_create_continuation(__HYPERVISOR_grant_table_op, 3,
                                           (unsigned long)cmd,
                                           uop + rc * op_size[cmd],
                                           (unsigned long)(count - rc));
    return rc;
}
