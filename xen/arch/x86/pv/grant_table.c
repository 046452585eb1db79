/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant host mappings of PV guests: the PTE for GNTMAP_host_map, found by
 * guest VA or (GNTMAP_contains_pte) by its machine address, installed and
 * removed through pt_update_entry so that it holds exactly the references
 * of an ordinary L1 entry (docs/memory-model.md). The grant layer above
 * (common/grant_map.c) keeps pins and status bits; this file only touches
 * page tables.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/grant_table.h>
#include <public/grant_table.h>

/* Retries of a compare-exchange that lost against hardware A/D updates. */
#define GRANT_PTE_RETRIES 8

static intpte_t grant_pte(mfn_t mfn, unsigned int flags)
{
    unsigned long f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX;

    if ( !(flags & GNTMAP_readonly) )
        f |= _PAGE_RW;
    if ( flags & GNTMAP_application_map )
        f |= _PAGE_USER;
    f |= ((unsigned long)(flags >> _GNTMAP_guest_avail0) << 9) & _PAGE_AVAIL;
    return pte_from_mfn(mfn, f);
}

/* The vCPU whose page tables a VA of ld is looked up in. */
static struct vcpu *va_vcpu(struct domain *ld)
{
    if ( current && current->domain == ld )
        return current;
    return ld->max_vcpus && ld->vcpu ? ld->vcpu[0] : NULL;
}

/* Find the L1 entry addr names (machine address or VA, by flags). */
static int locate(struct domain *ld, uint64_t addr, unsigned int flags,
                  struct pt_update *u)
{
    struct vcpu *v;

    if ( flags & GNTMAP_contains_pte )
    {
        /* A misaligned address would straddle two entries (XSA-227). */
        if ( addr & (sizeof(intpte_t) - 1) )
            return -EINVAL;
        u->table = _mfn(addr >> PAGE_SHIFT);
        u->idx = (addr & (PAGE_SIZE - 1)) / sizeof(intpte_t);
        return 0;
    }
    v = va_vcpu(ld);
    if ( !v || mfn_eq(v->arch.pv.guest_table, INVALID_MFN) )
        return -EINVAL;
    return pt_walk_to_l1(v->arch.pv.guest_table, addr, &u->table, &u->idx);
}

static int read_entry(const struct pt_update *u, intpte_t *e)
{
    intpte_t *t;

    if ( !mm_ops->mfn_to_page(u->table) || u->idx >= PT_ENTRIES )
        return -EINVAL;
    t = mm_ops->map_frame(u->table);
    *e = __atomic_load_n(&t[u->idx], __ATOMIC_ACQUIRE);
    mm_ops->unmap_frame(t);
    return 0;
}

int16_t pv_grant_map_host(struct domain *ld, uint64_t addr,
                          unsigned int flags, mfn_t mfn, struct domain *rd)
{
    struct pt_update u = { .flags = PT_UPD_REQUIRE_L1 };

    if ( locate(ld, addr, flags, &u) )
        return GNTST_general_error;
    u.val = grant_pte(mfn, flags);
    if ( pt_update_entry(&u, ld, rd) )
        return GNTST_general_error;
    /* Whatever the entry mapped before may still be cached. */
    if ( pte_present(u.old) )
        flush_domain_tlbs(ld);
    return GNTST_okay;
}

/*
 * Replace the entry at u (which must map mfn with the grant's RW) by val,
 * atomically with the check. The old entry's references go.
 */
static int16_t swap_grant_entry(struct domain *ld, struct pt_update *u,
                                mfn_t mfn, bool rw, intpte_t val,
                                struct domain *val_owner)
{
    for ( unsigned int i = 0; i < GRANT_PTE_RETRIES; i++ )
    {
        intpte_t cur;
        int rc;

        if ( read_entry(u, &cur) || !pte_present(cur) ||
             !mfn_eq(pte_mfn(cur), mfn) || !!(cur & _PAGE_RW) != rw )
            return GNTST_general_error;
        u->flags = PT_UPD_REQUIRE_L1 | PT_UPD_CMPXCHG;
        u->expect = cur;
        u->val = val;
        rc = pt_update_entry(u, ld, val_owner);
        if ( rc != -EAGAIN )
            return rc ? GNTST_general_error : GNTST_okay;
    }
    return GNTST_general_error;
}

/*
 * unmap_and_replace: take the entry at new_addr, keeping its frame alive
 * with references of our own while it moves, clear new_addr, and return the
 * entry (0 if new_addr mapped nothing).
 */
struct moved { intpte_t e; struct page_info *pg; struct domain *owner; };

static int take_new_entry(struct domain *ld, uint64_t new_addr,
                          struct moved *m)
{
    struct pt_update u = { .flags = PT_UPD_REQUIRE_L1 | PT_UPD_CMPXCHG };

    m->pg = NULL;
    m->owner = ld;
    if ( locate(ld, new_addr, 0, &u) || read_entry(&u, &m->e) )
        return -EINVAL;
    if ( pte_present(m->e) && (m->pg = mm_ops->mfn_to_page(pte_mfn(m->e))) )
    {
        m->owner = page_get_owner(m->pg);
        if ( !m->owner || !get_page(m->pg, m->owner) )
            return -EINVAL;
        if ( (m->e & _PAGE_RW) && get_page_type(m->pg, PGT_writable_page) )
        {
            put_page(m->pg);
            return -EINVAL;
        }
    }
    u.expect = m->e;
    u.val = 0;
    if ( !pt_update_entry(&u, ld, ld) )
        return 0;
    if ( m->pg )
        (m->e & _PAGE_RW) ? put_page_and_type(m->pg) : put_page(m->pg);
    return -EINVAL;
}

static void drop_moved(struct moved *m)
{
    if ( m->pg )
        (m->e & _PAGE_RW) ? put_page_and_type(m->pg) : put_page(m->pg);
}

int16_t pv_grant_unmap_host(struct domain *ld, uint64_t addr,
                            unsigned int flags, mfn_t mfn, uint64_t new_addr)
{
    struct pt_update u = { .flags = PT_UPD_REQUIRE_L1 };
    struct moved m = { .e = 0, .pg = NULL, .owner = ld };
    bool rw = !(flags & GNTMAP_readonly);
    int16_t rc;

    if ( locate(ld, addr, flags, &u) )
        return GNTST_general_error;
    if ( new_addr )
    {
        /* Replacement exists only for VA-addressed mappings, as in Xen. */
        if ( (flags & GNTMAP_contains_pte) ||
             take_new_entry(ld, new_addr, &m) )
            return GNTST_general_error;
    }

    rc = swap_grant_entry(ld, &u, mfn, rw, m.e, m.owner);
    if ( rc && new_addr )
    {
        /* Put the stolen entry back where it was (best effort). */
        struct pt_update back = { .flags = PT_UPD_REQUIRE_L1 | PT_UPD_CMPXCHG,
                                  .val = m.e };

        if ( !locate(ld, new_addr, 0, &back) )
            pt_update_entry(&back, ld, m.owner);
    }
    drop_moved(&m);
    flush_domain_tlbs(ld);
    return rc;
}
