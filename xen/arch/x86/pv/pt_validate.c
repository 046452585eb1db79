/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV page-table entries: the flags and targets a guest may install at each
 * level, the references a present entry holds, and the atomic one-entry
 * update used by mmu_update, update_va_mapping and PTE-write emulation.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/hypercall.h>
#include <asm/page.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>

#define PTE_AD (_PAGE_ACCESSED | _PAGE_DIRTY)

/*
 * Linear (same-level) page tables. A table that holds same-level entries
 * may not itself be the target of one, and vice versa (linear_pt > 0 vs
 * < 0): this keeps type references acyclic, so unpinning always unwinds.
 */
static bool linear_adjust(int32_t *p, int32_t dir)
{
    int32_t v = __atomic_load_n(p, __ATOMIC_ACQUIRE);

    do {
        if ( (dir > 0 && (v < 0 || v == INT32_MAX)) ||
             (dir < 0 && (v > 0 || v == INT32_MIN)) )
            return false;
    } while ( !__atomic_compare_exchange_n(p, &v, v + dir, false,
                                           __ATOMIC_ACQ_REL,
                                           __ATOMIC_ACQUIRE) );
    return true;
}

static void linear_undo(int32_t *p, int32_t dir)
{
    __atomic_fetch_sub(p, dir, __ATOMIC_ACQ_REL);
}

/*
 * A read-only entry of a level-`level` table pointing at a validated table
 * of the same level. A read-only self-reference holds no reference at all.
 */
static bool linear_get(intpte_t e, unsigned int level, mfn_t table_mfn,
                       struct page_info *target, const struct domain *d)
{
    struct page_info *table;

    if ( e & _PAGE_RW )
        return false;
    if ( mfn_eq(pte_mfn(e), table_mfn) )
        return true;

    table = mm_ops->mfn_to_page(table_mfn);
    if ( !table || !get_page(target, d) )
        return false;
    if ( !linear_adjust(&table->linear_pt, 1) )
        goto put;
    if ( !linear_adjust(&target->linear_pt, -1) )
        goto undo_table;
    if ( get_page_type_existing(target, PGT_pt_of_level(level)) )
        return true;

    linear_undo(&target->linear_pt, -1);
 undo_table:
    linear_undo(&table->linear_pt, 1);
 put:
    put_page(target);
    return false;
}

static int l1e_get_refs(intpte_t e, const struct domain *pt_owner,
                        const struct domain *pg_owner)
{
    unsigned long allowed = PT_GUEST_L1_FLAGS;
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if ( mm_ops->cache_attrs_allowed && mm_ops->cache_attrs_allowed(pt_owner) )
        allowed = PT_GUEST_L1_IO_FLAGS;
    if ( pte_flags(e) & ~allowed )
        return -EINVAL;

    pg = mm_ops->mfn_to_page(mfn);
    if ( !pg )
    {
        /* I/O memory has no frame-table entry and holds no reference. */
        if ( !mm_ops->iomem_access ||
             !mm_ops->iomem_access(pg_owner, mfn) ||
             (pg_owner != pt_owner && !mm_ops->iomem_access(pt_owner, mfn)) )
            return -EPERM;
        return 0;
    }

    /* Free, or owned by someone other than the named page owner. */
    if ( !get_page(pg, pg_owner) )
        return -EBUSY;
    if ( (e & PAGE_CACHE_ATTRS) && (pg->count_info & PGC_xen_heap) )
    {
        put_page(pg);
        return -EACCES;
    }
    /* A page table (or descriptor page) is never mapped writable. */
    if ( (e & _PAGE_RW) && get_page_type(pg, PGT_writable_page) )
    {
        put_page(pg);
        return -EBUSY;
    }
    return 0;
}

static void l1e_put_refs(intpte_t e)
{
    struct page_info *pg = mm_ops->mfn_to_page(pte_mfn(e));

    if ( !pg )
        return;
    if ( e & _PAGE_RW )
        put_page_and_type(pg);
    else
        put_page(pg);
}

static int upper_get_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                          const struct domain *d, bool preemptible)
{
    struct page_info *pg;
    int rc;

    if ( pte_flags(e) & ~PT_GUEST_UPPER_FLAGS )
        return -EINVAL;         /* notably PSE: no guest superpages */
    pg = mm_ops->mfn_to_page(pte_mfn(e));
    if ( !pg )
        return -EINVAL;

    rc = preemptible
         ? get_page_and_type_preemptible(pg, d, PGT_pt_of_level(level - 1))
         : get_page_and_type(pg, d, PGT_pt_of_level(level - 1));
    if ( rc == -EINVAL && linear_get(e, level, table_mfn, pg, d) )
        rc = 0;
    return rc;
}

/* -ERESTART: released, but the target's devalidation was preempted. */
static int upper_put_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                          bool preemptible)
{
    struct page_info *pg, *table;
    int rc = 0;

    if ( mfn_eq(pte_mfn(e), table_mfn) )
        return 0;               /* read-only self-map: nothing held */
    pg = mm_ops->mfn_to_page(pte_mfn(e));
    BUG_ON(!pg);
    /* Our type reference pins the target's type, so this test is stable. */
    if ( page_type(pg) == PGT_pt_of_level(level) )
    {
        table = mm_ops->mfn_to_page(table_mfn);
        linear_undo(&table->linear_pt, 1);
        linear_undo(&pg->linear_pt, -1);
    }
    if ( preemptible )
        rc = put_page_type_preemptible(pg);
    else
        put_page_type(pg);
    put_page(pg);
    return rc;
}

static int get_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                          const struct domain *pt_owner,
                          const struct domain *pg_owner, bool preemptible)
{
    ASSERT(level >= 1 && level <= 4);
    if ( !pte_present(e) )
        return 0;
    if ( level == 1 )
        return l1e_get_refs(e, pt_owner, pg_owner);
    return upper_get_refs(e, level, table_mfn, pt_owner, preemptible);
}

static int put_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                          bool preemptible)
{
    if ( !pte_present(e) )
        return 0;
    if ( level == 1 )
    {
        l1e_put_refs(e);
        return 0;
    }
    return upper_put_refs(e, level, table_mfn, preemptible);
}

int pt_get_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn,
                      const struct domain *pt_owner,
                      const struct domain *pg_owner)
{
    return get_entry_refs(e, level, table_mfn, pt_owner, pg_owner, false);
}

void pt_put_entry_refs(intpte_t e, unsigned int level, mfn_t table_mfn)
{
    put_entry_refs(e, level, table_mfn, false);
}

intpte_t pt_guest_to_hw(intpte_t e, unsigned int level)
{
    if ( !pte_present(e) )
        return e;
    if ( level == 1 )
    {
        /*
         * The guest kernel runs at CPL 3, so its mappings must be US=1 in
         * hardware; the marker remembers they are kernel-only, and the
         * separate user L4 is what keeps them from guest user mode. Global
         * entries would survive the kernel->user CR3 switch, so G is
         * dropped.
         */
        if ( !(e & _PAGE_USER) )
            e |= _PAGE_USER | _PAGE_GUEST_KERNEL;
        /* Read-only I/O memory (MSI-X tables, ECAM): writes must trap. */
        if ( (e & _PAGE_RW) && mm_ops->iomem_ro &&
             !mm_ops->mfn_to_page(pte_mfn(e)) &&
             mm_ops->iomem_ro(pte_mfn(e)) )
            e &= ~_PAGE_RW;
        return e & ~_PAGE_GLOBAL;
    }
    e |= _PAGE_USER;
    if ( level == 4 )
        e |= _PAGE_ACCESSED;
    return e;
}

static bool skip_slot(unsigned int level, unsigned int i)
{
    return level == 4 && pt_is_xen_l4_slot(i);
}

/*
 * Stop here? Only between entries of L2..L4 tables (an L1's 512 entries
 * are cheap), and only after one entry of this call, so every call moves on.
 */
static bool preempt(bool preemptible, unsigned int level, unsigned int *done)
{
    return preemptible && level > 1 && (*done)++ &&
           hypercall_preempt_check();
}

int pt_validate_table(struct page_info *pg, unsigned int level,
                      bool preemptible)
{
    mfn_t mfn = mm_ops->page_to_mfn(pg);
    const struct domain *d = page_get_owner(pg);
    intpte_t *t = mm_ops->map_frame(mfn);
    unsigned int i, done = 0;
    int rc = 0;

    /*
     * We hold the only type reference and stale writable translations are
     * flushed, so nobody but us writes this frame now. Entries below
     * nr_validated hold their references already (a resumed validation).
     */
    for ( i = pg->nr_validated; i < PT_ENTRIES; i++ )
    {
        intpte_t e;

        if ( skip_slot(level, i) )
            continue;
        if ( preempt(preemptible, level, &done) )
        {
            rc = -ERESTART;
            break;
        }
        e = __atomic_load_n(&t[i], __ATOMIC_RELAXED);
        rc = get_entry_refs(e, level, mfn, d, d, preemptible);
        if ( rc )
            break;
        if ( pte_present(e) )
            __atomic_store_n(&t[i], pt_guest_to_hw(e, level), __ATOMIC_RELAXED);
    }

    if ( !rc && level == 4 && mm_ops->fill_xen_l4_slots )
        mm_ops->fill_xen_l4_slots(t, mfn, d);
    mm_ops->unmap_frame(t);

    pg->nr_validated = i;
    if ( rc && rc != -ERESTART &&
         pt_devalidate_table(pg, level, preemptible) )
    {
        /* Undoing entries [0, i) was preempted: the error waits. */
        pg->partial_err = rc;
        rc = -ERESTART;
    }
    return rc;
}

/* The target of e, if we left it PGT_partial: continue its devalidation. */
static int finish_child(intpte_t e, mfn_t table_mfn, const struct domain *d,
                        bool preemptible)
{
    struct page_info *pg = mm_ops->mfn_to_page(pte_mfn(e));
    int rc;

    if ( !pg || mfn_eq(pte_mfn(e), table_mfn) || !get_page(pg, d) )
        return 0;
    rc = page_finish_partial(pg, preemptible);
    put_page(pg);
    return rc;
}

int pt_devalidate_table(struct page_info *pg, unsigned int level,
                        bool preemptible)
{
    mfn_t mfn = mm_ops->page_to_mfn(pg);
    intpte_t *t = mm_ops->map_frame(mfn);
    unsigned int i = pg->nr_validated, done = 0;
    int rc = 0;

    if ( pg->partial_child )
    {
        done = 1;
        rc = finish_child(t[i], mfn, page_get_owner(pg), preemptible);
        if ( rc )
            goto out;
        pg->partial_child = false;
    }
    while ( i > 0 )
    {
        if ( skip_slot(level, i - 1) )
        {
            t[--i] = 0;         /* the guest may map the frame RW next */
            continue;
        }
        if ( preempt(preemptible, level, &done) )
        {
            rc = -ERESTART;
            break;
        }
        rc = put_entry_refs(t[--i], level, mfn, preemptible);
        if ( rc )
        {
            pg->partial_child = true;   /* entry i itself is released */
            break;
        }
    }
    pg->nr_validated = i;
 out:
    mm_ops->unmap_frame(t);
    return rc;
}

/* Install nval at *slot under the table's lock; hardware may set A/D. */
static int install_entry(intpte_t *slot, struct pt_update *u, intpte_t nval)
{
    intpte_t old = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

    for ( ;; )
    {
        intpte_t want = nval;

        if ( (u->flags & PT_UPD_CMPXCHG) && old != u->expect )
        {
            u->old = old;
            return -EAGAIN;
        }
        if ( u->flags & PT_UPD_PRESERVE_AD )
            want |= old & PTE_AD;
        if ( __atomic_compare_exchange_n(slot, &old, want, false,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
            break;
    }
    u->old = old;
    return 0;
}

/*
 * The old entry's target whose devalidation was preempted: a general
 * reference for the caller to finish it with (NULL if someone else already
 * took it over and freed it).
 */
static struct page_info *pending_target(intpte_t e, const struct domain *d)
{
    struct page_info *pg = mm_ops->mfn_to_page(pte_mfn(e));

    return pg && get_page(pg, d) ? pg : NULL;
}

/* Update of a validated table of the given level (its type ref is held). */
static int update_table_entry(struct page_info *tpg, unsigned int level,
                              struct pt_update *u,
                              const struct domain *pt_owner,
                              const struct domain *pg_owner)
{
    intpte_t nval = u->val, *t;
    int rc;

    if ( skip_slot(level, u->idx) )
        return -EINVAL;
    /* Always a full check: no "only flags changed" shortcut (XSA-182). */
    rc = get_entry_refs(nval, level, u->table, pt_owner, pg_owner,
                        u->flags & PT_UPD_PREEMPTIBLE);
    if ( rc )
        return rc;
    nval = pt_guest_to_hw(nval, level);

    t = mm_ops->map_frame(u->table);
    spin_lock(&tpg->pt_lock);
    rc = install_entry(&t[u->idx], u, nval);
    spin_unlock(&tpg->pt_lock);
    mm_ops->unmap_frame(t);

    if ( rc )
        pt_put_entry_refs(nval, level, u->table);
    else
    {
        if ( put_entry_refs(u->old, level, u->table,
                            u->flags & PT_UPD_PREEMPTIBLE) )
            u->pending = pending_target(u->old, pt_owner);
        u->level = level;
    }
    return rc;
}

/* Frame without page-table type: the guest could write it directly too. */
static int update_plain(struct page_info *tpg, struct pt_update *u)
{
    intpte_t *t;
    int rc;

    if ( get_page_type(tpg, PGT_writable_page) )
        return -EINVAL;
    t = mm_ops->map_frame(u->table);
    rc = install_entry(&t[u->idx], u, u->val);
    mm_ops->unmap_frame(t);
    put_page_type(tpg);
    return rc;
}

int pt_update_entry(struct pt_update *u, const struct domain *pt_owner,
                    const struct domain *pg_owner)
{
    struct page_info *tpg;
    unsigned long type;
    unsigned int level;
    int rc;

    u->level = 0;
    u->pending = NULL;
    if ( u->idx >= PT_ENTRIES )
        return -EINVAL;
    tpg = mm_ops->mfn_to_page(u->table);
    if ( !tpg || !get_page(tpg, pt_owner) )
        return -EINVAL;

    type = page_type(tpg);
    level = pgt_level(type);
    if ( level && get_page_type_existing(tpg, type) )
    {
        if ( (u->flags & PT_UPD_REQUIRE_L1) && level != 1 )
            rc = -EINVAL;
        else
            rc = update_table_entry(tpg, level, u, pt_owner, pg_owner);
        put_page_type(tpg);
    }
    else if ( u->flags & PT_UPD_REQUIRE_L1 )
        rc = -EINVAL;
    else
        rc = update_plain(tpg, u);

    put_page(tpg);
    return rc;
}

int pt_walk_to_l1(mfn_t l4, unsigned long va, mfn_t *l1, unsigned int *idx)
{
    mfn_t mfn = l4;
    unsigned int level;

    if ( !is_canonical_address(va) ||
         pt_is_xen_l4_slot(l4_table_offset(va)) )
        return -EINVAL;

    for ( level = 4; level > 1; level-- )
    {
        intpte_t *t, e;

        if ( !mm_ops->mfn_to_page(mfn) )
            return -EINVAL;
        t = mm_ops->map_frame(mfn);
        e = __atomic_load_n(&t[pt_index(va, level)], __ATOMIC_ACQUIRE);
        mm_ops->unmap_frame(t);
        if ( !pte_present(e) || (level < 4 && (e & _PAGE_PSE)) )
            return -EINVAL;
        mfn = pte_mfn(e);
    }
    if ( !mm_ops->mfn_to_page(mfn) )
        return -EINVAL;
    *l1 = mfn;
    *idx = l1_table_offset(va);
    return 0;
}
