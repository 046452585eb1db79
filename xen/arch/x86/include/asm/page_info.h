/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frame table entry (struct page_info) of every machine frame: owner,
 * general reference count, type with its own count, and the operations that
 * keep a frame from ever being both writable-mapped and a page table.
 * The model is described in docs/memory-model.md.
 */
#ifndef ASM_PAGE_INFO_H
#define ASM_PAGE_INFO_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <asm/page.h>

struct domain;                  /* opaque here: only stored and compared */

/*
 * Two packed words, each changed only with compare-and-swap loops so that
 * "check state, then take a reference" is one atomic step on SMP.
 *
 * count_info: PGC_* flags | general reference count (bits 0-47).
 *   A general reference keeps the frame allocated to its owner. The
 *   allocator's own reference carries PGC_allocated.
 *
 * type_info: PGT type (bits 61-63) | PGT_validated | PGT_pinned |
 *   type count (bits 0-47). The type may change only while the type count
 *   is 0. Page-table types additionally need PGT_validated before a second
 *   user may rely on them; while a count is non-zero but PGT_validated is
 *   clear the frame is being validated or devalidated by one CPU, and other
 *   CPUs asking for the same type wait. PGT_partial (count exactly 1, not
 *   validated): a preempted validation or devalidation of a page table left
 *   entries [0, nr_validated) holding their references; the state itself
 *   owns the type reference and one general reference, and whoever takes
 *   the type next (or finishes the put) takes it over and continues.
 */
struct page_info {
    unsigned long count_info;
    unsigned long type_info;
    struct domain *owner;       /* written by the allocator only */
    uint32_t tlbflush_timestamp;/* TLB clock when the type count last hit 0 */
    /*
     * Linear (same-level) page-table bookkeeping, changed by cmpxchg:
     * > 0: this table holds that many same-level entries to other tables;
     * < 0: this table is the target of that many same-level entries.
     * A table is never both, which rules out reference cycles.
     */
    int32_t linear_pt;
    /*
     * Page tables being (de)validated, written only by the CPU doing it:
     * entries [0, nr_validated) hold their references; partial_child: the
     * target of entry nr_validated may be left partially devalidated by
     * us (its references from this table are already dropped);
     * partial_err: the validation failed with this error and its undo was
     * preempted: whoever continues finishes the undo and returns it.
     */
    uint16_t nr_validated;
    bool partial_child;
    int16_t partial_err;
    spinlock_t pt_lock;         /* serialises entry updates of a table */
    /* Links on the owner's frame list (struct page_list), NULL at the ends. */
    struct page_info *list_next, *list_prev;
};

/*
 * The frames a domain owns, in no order, so that its teardown and its
 * leak check cost what the domain holds rather than what the host has.
 * A frame is on its owner's list from page_assign() until it is freed or
 * stolen (memory_exchange.c). Changed under the owner's page_alloc_lock.
 */
struct page_list {
    struct page_info *head, *tail;
    unsigned long count;
};

static inline void page_list_add_tail(struct page_list *l,
                                      struct page_info *pg)
{
    pg->list_next = NULL;
    pg->list_prev = l->tail;
    if ( l->tail )
        l->tail->list_next = pg;
    else
        l->head = pg;
    l->tail = pg;
    l->count++;
}

/* pg must be on l. */
static inline void page_list_del(struct page_list *l, struct page_info *pg)
{
    if ( pg->list_prev )
        pg->list_prev->list_next = pg->list_next;
    else
        l->head = pg->list_next;
    if ( pg->list_next )
        pg->list_next->list_prev = pg->list_prev;
    else
        l->tail = pg->list_prev;
    pg->list_next = pg->list_prev = NULL;
    l->count--;
}

/* Move the head to the tail and return it (a walk that survives removals). */
static inline struct page_info *page_list_rotate(struct page_list *l)
{
    struct page_info *pg = l->head;

    if ( pg && pg != l->tail )
    {
        page_list_del(l, pg);
        page_list_add_tail(l, pg);
    }
    return pg;
}

#define PGC_count_width     48
#define PGC_count_mask      ((1UL << PGC_count_width) - 1)
#define PGC_allocated       (1UL << 63)  /* allocator's reference held */
#define PGC_xen_heap        (1UL << 62)  /* hypervisor page shared with a guest */

#define PGT_count_width     48
#define PGT_count_mask      ((1UL << PGT_count_width) - 1)
#define PGT_partial         (1UL << 58)  /* preempted (de)validation */
#define PGT_pinned          (1UL << 59)  /* MMUEXT_PIN_*: holds one type ref */
#define PGT_validated       (1UL << 60)
#define PGT_type_shift      61
#define PGT_type_mask       (7UL << PGT_type_shift)
#define PGT_none            (0UL << PGT_type_shift)
#define PGT_l1_page_table   (1UL << PGT_type_shift)
#define PGT_l2_page_table   (2UL << PGT_type_shift)
#define PGT_l3_page_table   (3UL << PGT_type_shift)
#define PGT_l4_page_table   (4UL << PGT_type_shift)
#define PGT_seg_desc_page   (5UL << PGT_type_shift) /* GDT/LDT frames */
#define PGT_writable_page   (6UL << PGT_type_shift)
#define PGT_shared_page     (7UL << PGT_type_shift)

/* Page-table type of a level (1..4) and back. */
#define PGT_pt_of_level(l)  ((unsigned long)(l) << PGT_type_shift)
static inline unsigned int pgt_level(unsigned long type)
{
    unsigned long t = (type & PGT_type_mask) >> PGT_type_shift;

    return (t >= 1 && t <= 4) ? t : 0;
}

static inline bool pgt_is_page_table(unsigned long type)
{
    return pgt_level(type) != 0;
}

static inline struct domain *page_get_owner(const struct page_info *pg)
{
    return pg->owner;
}

static inline unsigned long page_type(const struct page_info *pg)
{
    return __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_type_mask;
}

static inline unsigned long page_type_count(const struct page_info *pg)
{
    return __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_count_mask;
}

static inline unsigned long page_ref_count(const struct page_info *pg)
{
    return __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE) & PGC_count_mask;
}

static inline bool page_is_pinned(const struct page_info *pg)
{
    return __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_pinned;
}

static inline bool page_is_validated(const struct page_info *pg)
{
    return __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_validated;
}

const char *pgt_name(unsigned long type);

/*
 * How this code reaches the machine. The hypervisor registers its own at
 * boot (mm_set_ops); host tests register a fake machine that records
 * flushes. Optional members may be NULL.
 */
struct mm_ops {
    /* Frame-table entry of a RAM frame; NULL if mfn is not RAM (MMIO). */
    struct page_info *(*mfn_to_page)(mfn_t mfn);
    mfn_t (*page_to_mfn)(const struct page_info *pg);
    /* Hypervisor mapping of a whole frame, and its release. */
    void *(*map_frame)(mfn_t mfn);
    void (*unmap_frame)(void *va);
    /* May d map the non-RAM frame mfn (I/O memory permission)? */
    bool (*iomem_access)(const struct domain *d, mfn_t mfn);
    /* Optional: must guest mappings of I/O frame mfn be read-only? */
    bool (*iomem_ro)(mfn_t mfn);
    /* May d use PCD/PWT/PAT in L1 entries (has I/O privileges)? */
    bool (*cache_attrs_allowed)(const struct domain *d);
    /* Write the hypervisor's slots 256..271 into a guest L4 being validated. */
    void (*fill_xen_l4_slots)(intpte_t *l4, mfn_t l4_mfn,
                              const struct domain *d);
    /* Optional: check a GDT/LDT frame's descriptors; 0 or -EINVAL. */
    int (*validate_desc_page)(const void *va);
    /* Optional: current TLB clock, stored when a type count drops to 0. */
    uint32_t (*tlb_clock)(void);
    /*
     * A frame of d changes type; flush every CPU that may still cache a
     * translation made before TLB clock `stamp` (writable mappings or
     * paging-structure entries of the old type).
     */
    void (*flush_stale_tlbs)(const struct domain *d, uint32_t stamp);
    /* Optional: the last general reference of pg is gone. */
    void (*free_page)(struct page_info *pg);
    /*
     * Optional: pg gains or loses its writable access (a PGT_writable_page
     * reference is taken, or the last one dropped): log-dirty mode.
     */
    void (*mark_dirty)(struct page_info *pg);
    /*
     * Optional: pg's owner gained it (page_assign, a stolen frame given
     * back) or is losing it while it stays allocated (stolen): on to or
     * off the owner's frame list.
     */
    void (*link_page)(struct page_info *pg);
    void (*unlink_page)(struct page_info *pg);
};

extern const struct mm_ops *mm_ops;
void mm_set_ops(const struct mm_ops *ops);

/*
 * The allocator hands pg to d: owner d, one general ref (PGC_allocated),
 * on d's frame list (mm_ops->link_page).
 */
void page_assign(struct page_info *pg, struct domain *d, bool xen_heap);
/*
 * Domain teardown, per frame of d: drop a pin and then the allocator's
 * reference. Frames still referenced elsewhere are freed when the last
 * reference goes.
 */
void page_relinquish(struct page_info *pg);

/* General references. get_page fails if pg is free or not owned by d. */
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);

/*
 * Type references. type is one PGT_* type. Returns 0, or:
 *   -EINVAL  the frame has another type with a non-zero count, or the
 *            count would overflow;
 *   any error of validating a page table (first Ln reference).
 * put_page_type of the last page-table reference releases every reference
 * the table's entries held ("devalidation").
 */
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
/*
 * The same, but a page-table (de)validation checks hypercall_preempt_check()
 * between the entries of L2..L4 tables and stops with -ERESTART, leaving
 * the table (and possibly tables below it) PGT_partial. get: nothing is
 * held by the caller then; calling again continues. put: the reference
 * is gone but the frame keeps its type until page_finish_partial() (or
 * anyone taking the type) completes it.
 */
int get_page_type_preemptible(struct page_info *pg, unsigned long type);
int put_page_type_preemptible(struct page_info *pg);
/*
 * If pg is PGT_partial, take it over and devalidate the rest: 0 when the
 * type count reached 0 (or pg was not partial), -ERESTART if preempted
 * again (only if preemptible). The caller holds a general reference.
 */
int page_finish_partial(struct page_info *pg, bool preemptible);
/*
 * Another reference of a type pg already holds validated; never changes
 * the type or validates. False if pg is not (or no longer) of that type.
 */
bool get_page_type_existing(struct page_info *pg, unsigned long type);

/* Both at once; -EINVAL if get_page fails. */
int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type);
int get_page_and_type_preemptible(struct page_info *pg, const struct domain *d,
                                  unsigned long type);
void put_page_and_type(struct page_info *pg);

/*
 * MMUEXT_PIN_Ln_TABLE / MMUEXT_UNPIN_TABLE. A pin is one general plus one
 * type reference. -EINVAL if not owned by d, wrong type, already pinned
 * (pin) or not pinned (unpin); validation errors are passed on.
 */
int page_pin_table(struct page_info *pg, const struct domain *d,
                   unsigned long type);
int page_unpin_table(struct page_info *pg, const struct domain *d);
/*
 * Preemptible versions (mmuext_op). Pin: -ERESTART means nothing is pinned
 * yet; the same pin again continues. Unpin: -ERESTART means unpinned, but
 * the devalidation was preempted: the caller now holds one general
 * reference of pg and must call page_finish_partial(pg) until it returns
 * 0, then put_page(pg).
 */
int page_pin_table_preemptible(struct page_info *pg, const struct domain *d,
                               unsigned long type);
int page_unpin_table_preemptible(struct page_info *pg, const struct domain *d);

/*
 * Debug self-check over frames [first, first + nr). Checks every frame's
 * flags against its counts and every entry of every validated page table
 * owned by d (any owner if d is NULL): RW L1 targets are writable-typed,
 * Ln targets are L(n-1) (or validated same-level linear) tables.
 *   FT_AUDIT_DYING: d is dead, all its frames must have zero counts.
 *   FT_AUDIT_EXACT: no references exist besides the allocator's, pins and
 *                   page-table entries; counts must match exactly.
 * Prints each problem found (the first few) and returns their number.
 */
#define FT_AUDIT_DYING  (1U << 0)
#define FT_AUDIT_EXACT  (1U << 1)
unsigned long frame_table_audit(const struct domain *d, mfn_t first,
                                unsigned long nr, unsigned int flags);
/*
 * The same over the frames on d's list l (what d owns), with the list's
 * own consistency: every frame owned by d, as many as it counts. A dying
 * d must own none; each it still owns is reported (a leak).
 */
unsigned long frame_list_audit(const struct domain *d,
                               const struct page_list *l, unsigned int flags);
unsigned long frame_audit_list_report(const struct domain *d,
                                      unsigned int domid,
                                      const struct page_list *l,
                                      unsigned int flags);
/* The same, then one line "frame audit: d<domid>: <K> problem(s)". */
unsigned long frame_audit_report(const struct domain *d, unsigned int domid,
                                 mfn_t first, unsigned long nr,
                                 unsigned int flags);

#endif /* ASM_PAGE_INFO_H */
