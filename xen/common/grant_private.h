/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant-table internals shared by grant_table.c (table, versions, setup),
 * grant_map.c (pins, maptrack, map/unmap) and grant_copy.c (copy, cache
 * flush). Not for use outside xen/common/grant_*.c.
 *
 * Locking: gt->lock protects the table's size, version, frames and active
 * entries; gt->maptrack_lock protects the maptrack of the domain owning gt
 * (the mappings it made). Only one table lock is held at a time, the
 * maptrack lock is innermost, and no page-table work runs under either.
 */
#ifndef XEN_COMMON_GRANT_PRIVATE_H
#define XEN_COMMON_GRANT_PRIVATE_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/grant_table.h>
#include <asm/mm.h>

struct domain;

#define GT_V1_PER_FRAME     (PAGE_SIZE / sizeof(grant_entry_v1_t))   /* 512 */
#define GT_V2_PER_FRAME     (PAGE_SIZE / sizeof(grant_entry_v2_t))   /* 256 */
#define GT_STATUS_PER_FRAME (PAGE_SIZE / sizeof(grant_status_t))     /* 2048 */
#define GT_ACT_PER_CHUNK    GT_V1_PER_FRAME   /* one chunk per table frame */

#define MT_PER_CHUNK        256U
#define MT_MAX_CHUNKS       1024U     /* 262144 handles per mapping domain */
#define MT_NONE             (~0U)

#define GT_PIN_MAX          0xffffU

/* Hypervisor view of one grant entry of a granting domain. */
struct active_grant {
    uint16_t hst_w, hst_r;      /* host mappings and copies in progress */
    uint16_t dev_w, dev_r;      /* device (bus address) mappings */
    domid_t domid;              /* the grantee while pinned */
    uint16_t start, length;     /* granted window (v2 sub-page grants) */
    bool sub_page;
    mfn_t mfn;                  /* the granted frame while pinned */
};

/* One mapping a domain made of another domain's grant (its handle). */
struct maptrack_entry {
    uint64_t host_addr;         /* where the host mapping was made */
    grant_ref_t ref;
    uint16_t flags;             /* GNTMAP_* still mapped; 0 = free */
    domid_t domid;              /* the granting domain */
    uint32_t next_free;         /* free list link */
    bool busy;                  /* an unmap is under way */
};

struct grant_table {
    spinlock_t lock;
    unsigned int version;               /* 1 or 2 */
    unsigned int nr_frames, max_frames;
    unsigned int nr_status_frames;
    mfn_t *shared;                      /* [max_frames] */
    mfn_t *status;                      /* [status frames of max_frames] */
    struct active_grant **active;       /* [max_frames] chunks */

    spinlock_t maptrack_lock;
    struct maptrack_entry **maptrack;   /* [MT_MAX_CHUNKS] chunks */
    unsigned int maptrack_chunks;
    unsigned int maptrack_free;         /* head of the free list */
    unsigned int maptrack_used;

    /* The owner is dying (set under lock): its frames may be gone. */
    bool dying;
};

static inline unsigned int gt_nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames *
           (gt->version == 1 ? GT_V1_PER_FRAME : GT_V2_PER_FRAME);
}

static inline unsigned int gt_status_frames_for(unsigned int frames)
{
    return (frames * GT_V2_PER_FRAME + GT_STATUS_PER_FRAME - 1) /
           GT_STATUS_PER_FRAME;
}

static inline grant_entry_v1_t *gt_v1(const struct grant_table *gt,
                                      grant_ref_t ref)
{
    grant_entry_v1_t *f = mfn_to_virt(gt->shared[ref / GT_V1_PER_FRAME]);

    return &f[ref % GT_V1_PER_FRAME];
}

static inline grant_entry_v2_t *gt_v2(const struct grant_table *gt,
                                      grant_ref_t ref)
{
    grant_entry_v2_t *f = mfn_to_virt(gt->shared[ref / GT_V2_PER_FRAME]);

    return &f[ref % GT_V2_PER_FRAME];
}

/* The word holding GTF_reading/GTF_writing of ref (v1 flags, v2 status). */
static inline uint16_t *gt_status_word(const struct grant_table *gt,
                                       grant_ref_t ref)
{
    grant_status_t *f;

    if ( gt->version == 1 )
        return &gt_v1(gt, ref)->flags;
    f = mfn_to_virt(gt->status[ref / GT_STATUS_PER_FRAME]);
    return &f[ref % GT_STATUS_PER_FRAME];
}

static inline struct active_grant *gt_act(const struct grant_table *gt,
                                          grant_ref_t ref)
{
    return &gt->active[ref / GT_ACT_PER_CHUNK][ref % GT_ACT_PER_CHUNK];
}

static inline bool act_pinned(const struct active_grant *a)
{
    return a->hst_w || a->hst_r || a->dev_w || a->dev_r;
}

static inline struct maptrack_entry *mt_entry(const struct grant_table *gt,
                                              unsigned int h)
{
    return &gt->maptrack[h / MT_PER_CHUNK][h % MT_PER_CHUNK];
}

/* Pin kinds (which counter of struct active_grant). */
enum gt_pin { PIN_HOST, PIN_DEV };

/*
 * grant_pin.c: pin ref of rd for ld (checks the shared entry, sets the
 * status bits exactly, records the frame on the first pin) and unpin.
 * Called with rd's gt->lock held. for_map refuses sub-page grants.
 */
int16_t gt_pin(struct domain *rd, grant_ref_t ref, domid_t ld, bool ro,
               enum gt_pin kind, bool for_map);
void gt_unpin(struct domain *rd, grant_ref_t ref, bool ro, enum gt_pin kind);
/* grant_map.c: the mapping side of domain death (see gnttab_domain_kill). */
void gt_release_mappings(struct domain *d);
/* grant_pin.c: a free handle (MT_NONE if none), marked busy; and back. */
unsigned int gt_maptrack_get(struct grant_table *lgt);
void gt_maptrack_put(struct grant_table *lgt, unsigned int h);
void gt_maptrack_free_all(struct grant_table *gt);

/*
 * A sub-op handler runs one element (of a batch) on its argument, copied
 * in by the runner in grant_table.c, which copies back what the sub-op's
 * entry says. It returns 0 or -errno (a batch stops there); per-element
 * outcomes go in the element's status.
 */
struct gt_call {
    struct domain *d;       /* acted on: the caller or a target sub-op's dom */
    int denied;             /* target sub-ops: 0, -ESRCH or -EPERM */
};
long gt_op_map_grant_ref(struct gt_call *c, void *arg);
long gt_op_unmap_grant_ref(struct gt_call *c, void *arg);
long gt_op_unmap_and_replace(struct gt_call *c, void *arg);
long gt_op_copy(struct gt_call *c, void *arg);
long gt_op_cache_flush(struct gt_call *c, void *arg);

/* A real domain by id (no DOMID_SELF), NULL if none or dying. */
struct domain *gt_domain(domid_t id);
/* The same, dying domains included (unmapping what one granted). */
struct domain *gt_domain_mapped(domid_t id);

#endif /* XEN_COMMON_GRANT_PRIVATE_H */
