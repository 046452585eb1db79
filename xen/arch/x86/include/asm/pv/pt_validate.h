/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guest page-table entries: which entries a guest may install, the
 * references each present entry holds, and the one-entry update behind
 * mmu_update, update_va_mapping and writable-page-table emulation.
 */
#ifndef ASM_PV_PT_VALIDATE_H
#define ASM_PV_PT_VALIDATE_H

#include <xen/types.h>
#include <asm/page.h>
#include <asm/page_info.h>

/* Flags a guest may set, per level. Anything else in a present entry: -EINVAL. */
#define PT_GUEST_BASE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
                             _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_AVAIL | \
                             _PAGE_AVAIL_HIGH | _PAGE_NX)
#define PT_GUEST_L1_FLAGS   (PT_GUEST_BASE_FLAGS | _PAGE_GLOBAL)
#define PT_GUEST_L1_IO_FLAGS (PT_GUEST_L1_FLAGS | PAGE_CACHE_ATTRS)
#define PT_GUEST_UPPER_FLAGS PT_GUEST_BASE_FLAGS  /* L2..L4: never PSE */

/*
 * Called by get_page_type/put_page_type on the first/last reference of
 * type L<level>: take (or release) the references of every present entry,
 * rewrite entries to their hardware form, fill an L4's hypervisor slots.
 * Both work on pg->nr_validated: validation goes up from it (0 for a fresh
 * table), devalidation down from it (PT_ENTRIES for a validated table).
 * preemptible: -ERESTART between two entries when hypercall_preempt_check()
 * says so, with nr_validated (and partial_child) recording where to go on.
 * On any other failure of validation, entries [0, i) are devalidated (also
 * preemptible: then -ERESTART with the error kept in pg->partial_err), so
 * nothing stays taken.
 */
int pt_validate_table(struct page_info *pg, unsigned int level,
                      bool preemptible);
int pt_devalidate_table(struct page_info *pg, unsigned int level,
                        bool preemptible);

/*
 * References of one entry of a level-`level` table at table_mfn owned by
 * pt_owner; L1 targets must belong to pg_owner (foreigndom), upper-level
 * targets to pt_owner. Errors: -EINVAL bad flags / not owned (upper
 * levels) / wrong type / RW or unvalidated linear entry; -EBUSY L1 target
 * of another owner or not obtainable writable; -EPERM non-RAM frame without
 * I/O permission; -EACCES non-WB mapping of a hypervisor page.
 */
int pt_get_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                      const struct domain *pt_owner,
                      const struct domain *pg_owner);
void pt_put_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn);

/*
 * The value stored for a guest-written present entry (what the guest reads
 * back): US=1 everywhere; a US=0 L1 entry also gets _PAGE_GUEST_KERNEL; G is
 * dropped; L4 entries get A=1. See docs/memory-model.md.
 */
intpte_t pt_guest_to_hw(intpte_t e, unsigned int level);

/* One-entry update (mmu_update MMU_NORMAL_PT_UPDATE and friends). */
#define PT_UPD_PRESERVE_AD  (1U << 0) /* OR in the current entry's A/D */
#define PT_UPD_CMPXCHG      (1U << 1) /* install only if current == expect */
#define PT_UPD_REQUIRE_L1   (1U << 2) /* table must be an L1 (va mapping, emulation) */
#define PT_UPD_PREEMPTIBLE  (1U << 3) /* (de)validation of L2..L4 targets may stop */

struct pt_update {
    mfn_t table;            /* IN: frame holding the entry */
    unsigned int idx;       /* IN: entry index, 0..511 */
    unsigned int flags;     /* IN: PT_UPD_* */
    intpte_t val;           /* IN: new value as the guest wrote it */
    intpte_t expect;        /* IN: PT_UPD_CMPXCHG comparand */
    intpte_t old;           /* OUT: value replaced, or current on -EAGAIN */
    unsigned int level;     /* OUT: 1..4 validated update, 0 plain store */
    /*
     * OUT (PT_UPD_PREEMPTIBLE): the old entry's target, left PGT_partial by
     * a preempted devalidation, with a general reference for the caller
     * (to finish with page_finish_partial, then put_page); else NULL.
     */
    struct page_info *pending;
};

/*
 * If the table frame is a validated L1..L4: check the new entry, take its
 * references, install it atomically, then drop the old entry's references.
 * Otherwise (no type / writable) a plain store through a writable type
 * reference. The caller flushes: L2..L4 updates (u->level >= 2) need a flush
 * of all the domain's TLBs, L1 updates none.
 * Errors: -EINVAL frame not RAM / not owned by pt_owner / hypervisor L4 slot
 * / bad index / not an L1 with PT_UPD_REQUIRE_L1 / other type;
 * -EAGAIN PT_UPD_CMPXCHG mismatch; entry errors of pt_get_entry_refs;
 * -ERESTART (PT_UPD_PREEMPTIBLE) validating the new entry's table was
 * preempted: nothing changed, the same update again continues it. A
 * preempted devalidation of the old entry's table is not an error: see
 * u->pending.
 */
int pt_update_entry(struct pt_update *u, const struct domain *pt_owner,
                    const struct domain *pg_owner);

/*
 * Walk from the L4 at l4 to the L1 entry mapping va (update_va_mapping).
 * -EINVAL if va is non-canonical or in the hypervisor hole, or an upper
 * entry is not present (or a superpage).
 */
int pt_walk_to_l1(mfn_t l4, unsigned long va, mfn_t *l1, unsigned int *idx);

#endif /* ASM_PV_PT_VALIDATE_H */
