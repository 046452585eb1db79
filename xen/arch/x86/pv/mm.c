/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV page-table updates: mmu_update (hc 1), update_va_mapping (hc 14) and
 * update_va_mapping_otherdomain (hc 22), the kernel/user CR3 changes
 * behind MMUEXT_NEW_(USER_)BASEPTR and `mov %cr3`, and the owner and TLB
 * flush helpers mmuext_op shares (pv-abi-ladder 2.2, 4.5).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/pv/mm.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/traps.h>

/*
 * DOMID_IO as a page owner: owns no RAM, so only I/O frames can be mapped
 * with it, and then the page-table owner's own I/O permission decides
 * (pt_validate checks both owners).
 */
static struct domain dom_io = {
    .domain_id = DOMID_IO,
    .is_privileged = true,
};

struct domain *pv_get_pg_owner(domid_t domid)
{
    struct domain *curr = current->domain, *d;

    if ( domid == DOMID_SELF )
        return curr;
    if ( domid == curr->domain_id )
        return NULL;
    if ( domid == DOMID_IO )
        return &dom_io;
    if ( domid >= DOMID_FIRST_RESERVED )
        return NULL;
    d = domain_by_id(domid);
    /* No new mappings of a dying domain's frames. */
    return d && !d->is_dying ? d : NULL;
}

bool pv_may_target(const struct domain *d, const struct domain *t)
{
    return domain_may_target(d, t);
}

/* Flush this CPU for v's sake: the whole TLB, or va if it is a guest VA. */
static void flush_local(bool va_only, unsigned long va)
{
    if ( !va_only )
        flush_tlb_local();
    else if ( pv_guest_va_ok(va) )
        invlpg(va);
}

void pv_flush_all_vcpus(struct domain *d, bool va_only, unsigned long va)
{
    if ( va_only && !pv_guest_va_ok(va) )
        return;
    /* Remote CPUs get a full flush: more than asked, never less. */
    flush_domain_tlbs(d);
    flush_local(va_only, va);
}

int pv_flush_vcpumask(struct domain *d, unsigned long mask_va,
                      bool va_only, unsigned long va)
{
    bool self = false, others = false;
    unsigned int id;

    for ( id = 0; id < d->max_vcpus; id += 64 )
    {
        uint64_t word;

        if ( copy_from_guest_va(&word, mask_va + id / 8, sizeof(word)) )
            return -EFAULT;
        for ( ; word; word &= word - 1 )
        {
            unsigned int i = id + __builtin_ctzll(word);

            if ( i >= d->max_vcpus || !d->vcpu[i] )
                continue;
            if ( d->vcpu[i] == current )
                self = true;
            else
                others = true;
        }
    }

    if ( others )
        pv_flush_all_vcpus(d, va_only, va);
    else if ( self )
        flush_local(va_only, va);
    return 0;
}

/*
 * The owner to check an L1 entry's frame against. As in Xen, a privileged
 * caller that names another page owner (a domain, or DOMID_IO) may map any
 * domain's RAM: the frame's real owner is used.
 */
static struct domain *l1_pg_owner(const struct domain *d,
                                  const struct domain *pt_owner,
                                  struct domain *pg_owner, intpte_t val)
{
    struct domain *real;

    if ( pg_owner == pt_owner || !d->is_privileged || !pte_present(val) ||
         !mfn_valid(pte_mfn(val)) )
        return pg_owner;
    real = page_get_owner(mfn_to_page(pte_mfn(val)));
    return real ? real : pg_owner;
}

/* ---- mmu_update ---------------------------------------------------------- */

struct mmu_ctx {
    struct domain *d, *pt_owner, *pg_owner;
    bool flush;                 /* an L2..L4 entry changed */
};

static int mmu_pt_update(struct mmu_ctx *c, const struct mmu_update *req,
                         unsigned int cmd)
{
    struct pt_update u = {
        .table = mmu_req_table(req->ptr),
        .idx = mmu_req_index(req->ptr),
        .flags = PT_UPD_PREEMPTIBLE |
                 (cmd == MMU_PT_UPDATE_PRESERVE_AD ? PT_UPD_PRESERVE_AD : 0),
        .val = req->val,
    };
    int rc;

    if ( !pv_may_target(c->d, c->pt_owner) ||
         (c->pg_owner != &dom_io && !pv_may_target(c->d, c->pg_owner)) )
        return -EPERM;

    /* Foreign frames go into L1 tables only. */
    if ( c->pg_owner != c->pt_owner && mfn_valid(u.table) &&
         pgt_level(page_type(mfn_to_page(u.table))) > 1 )
        return -EINVAL;

    rc = pt_update_entry(&u, c->pt_owner,
                         l1_pg_owner(c->d, c->pt_owner, c->pg_owner, u.val));
    if ( !rc && u.level >= 2 )
        c->flush = true;
    if ( u.pending )
    {
        ASSERT(!current->arch.pv.pending_put);
        current->arch.pv.pending_put = u.pending;
    }
    return rc;
}

static int mmu_machphys_update(struct mmu_ctx *c, const struct mmu_update *req)
{
    mfn_t mfn = _mfn(req->ptr >> PAGE_SHIFT);
    struct page_info *pg;

    if ( c->pt_owner != c->d )
        return -EPERM;
    if ( c->pg_owner != &dom_io && !pv_may_target(c->d, c->pg_owner) )
        return -EPERM;
    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( !get_page(pg, c->pg_owner) )
        return -EINVAL;
    set_gpfn_from_mfn(mfn, req->val);
    put_page(pg);
    return 0;
}

static int mmu_update_one(struct mmu_ctx *c, const struct mmu_update *req)
{
    unsigned int cmd = mmu_req_cmd(req->ptr);

    switch ( cmd )
    {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
    case MMU_PT_UPDATE_NO_TRANSLATE:    /* PV owners: the same as normal */
        return mmu_pt_update(c, req, cmd);
    case MMU_MACHPHYS_UPDATE:
        return mmu_machphys_update(c, req);
    default:
        return -ENOSYS;
    }
}

/* Resolve foreigndom into the two owners (checked per request later). */
static int mmu_owners(struct mmu_ctx *c, unsigned int foreigndom)
{
    struct mmu_foreign f = mmu_split_foreigndom(foreigndom);

    c->pt_owner = c->d;
    if ( f.pt_foreign )
    {
        c->pt_owner = domain_by_id(f.pt_dom);
        if ( !c->pt_owner || f.pt_dom >= DOMID_FIRST_RESERVED ||
             c->pt_owner->is_dying )
            return -ESRCH;
        if ( c->pt_owner != c->d && (!c->pt_owner->vcpu ||
                                     !c->pt_owner->vcpu[0]) )
            return -EINVAL;
    }
    c->pg_owner = pv_get_pg_owner(f.pg_dom);
    return c->pg_owner ? 0 : -ESRCH;
}

/* *pdone += done (4 bytes); failures to write it are ignored, as in Xen. */
static void add_pdone(unsigned long pdone, unsigned int prev, unsigned int i)
{
    unsigned int done = prev + i;

    if ( pdone )
        copy_to_guest_va(pdone, &done, sizeof(done));
}

long do_mmu_update(unsigned long ureqs, unsigned int count,
                   unsigned long pdone, unsigned int foreigndom)
{
    struct mmu_ctx c = { .d = current->domain };
    unsigned int i = 0, prev = 0;
    struct mmu_update req;
    unsigned int orig_count = count;
    long rc;

    if ( count & MMU_UPDATE_PREEMPTED )
    {
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest_va(&prev, pdone, sizeof(prev)) )
            prev = 0;
    }
    if ( !guest_range_ok(ureqs, (size_t)count * sizeof(req)) )
        return -EFAULT;

    rc = mmu_owners(&c, foreigndom);
    if ( rc )
        goto out;

    /* A put this vCPU left preempted (docs/memory-model.md 4a) goes first. */
    if ( pv_finish_pending_put(current) )
        return hypercall_create_continuation(__HYPERVISOR_mmu_update, 4, ureqs,
                                             (unsigned long)orig_count, pdone,
                                             (unsigned long)foreigndom);

    for ( ; i < count; i++ )
    {
        if ( i && hypercall_preempt_check() )
        {
            rc = -ERESTART;
            break;
        }
        if ( copy_from_guest_va(&req, ureqs + i * sizeof(req), sizeof(req)) )
        {
            rc = -EFAULT;
            break;
        }
        rc = mmu_update_one(&c, &req);
        if ( rc )
            break;
        if ( current->arch.pv.pending_put )
        {
            /* Done; the old table's devalidation goes on in the next call. */
            i++;
            rc = -ERESTART;
            break;
        }
    }

    /* The linear and paging-structure caches may hold the old entries. */
    if ( c.flush )
        flush_domain_tlbs(c.pt_owner);

    if ( rc == -ERESTART )
        rc = hypercall_create_continuation(__HYPERVISOR_mmu_update, 4,
                                           ureqs + i * sizeof(req),
                                           (unsigned long)((count - i) |
                                                   MMU_UPDATE_PREEMPTED),
                                           pdone, (unsigned long)foreigndom);
 out:
    add_pdone(pdone, prev, i);
    return rc;
}

/* ---- update_va_mapping ----------------------------------------------------- */

static int uvmf_flush(struct domain *d, unsigned long va, unsigned long flags)
{
    struct uvmf f = uvmf_decode(flags);
    bool va_only = f.type == UVMF_INVLPG;

    if ( f.type != UVMF_TLB_FLUSH && f.type != UVMF_INVLPG )
        return 0;
    switch ( f.scope )
    {
    case UVMF_SCOPE_LOCAL:
        flush_local(va_only, va);
        return 0;
    case UVMF_SCOPE_ALL:
        pv_flush_all_vcpus(d, va_only, va);
        return 0;
    default:
        return pv_flush_vcpumask(d, f.mask_va, va_only, va);
    }
}

static long update_va_mapping(unsigned long va, uint64_t val,
                              unsigned long flags, struct domain *pg_owner)
{
    struct vcpu *curr = current;
    struct domain *d = curr->domain;
    struct pt_update u = { .flags = PT_UPD_REQUIRE_L1, .val = val };
    int rc;

    /* Only a present entry names a frame the owner check is about. */
    if ( (val & _PAGE_PRESENT) && pg_owner != &dom_io &&
         !pv_may_target(d, pg_owner) )
        return -EPERM;

    rc = pt_walk_to_l1(curr->arch.pv.guest_table, va, &u.table, &u.idx);
    if ( !rc )
        rc = pt_update_entry(&u, d, l1_pg_owner(d, d, pg_owner, val));
    /*
     * No flush after a failure: nothing changed, and va may be
     * non-canonical (XSA-279).
     */
    if ( rc )
        return rc;
    return uvmf_flush(d, va, flags);
}

long do_update_va_mapping(unsigned long va, uint64_t val64, unsigned long flags)
{
    return update_va_mapping(va, val64, flags, current->domain);
}

long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val64,
                                      unsigned long flags, domid_t domid)
{
    struct domain *pg_owner = pv_get_pg_owner(domid);

    if ( !pg_owner )
        return -ESRCH;
    return update_va_mapping(va, val64, flags, pg_owner);
}

/* ---- CR3 ------------------------------------------------------------------- */

/*
 * VMASST m2p_strict (pv-abi-ladder 1.5, 2.2.3): the read-only M2P (L4 slot
 * 256) is taken out of an L4 when it becomes a user L4, and put back when
 * an L4 becomes the kernel one unless m2p_strict is on (as in Xen). L4s
 * are validated with the slot filled, so without m2p_strict guest user
 * mode can read the M2P through any L4.
 */
#define L4_SLOT_RO_MPT 256

static bool m2p_strict(const struct domain *d)
{
    return d->arch.pv.vm_assist & (1UL << VMASST_TYPE_m2p_strict);
}

static void set_ro_mpt(mfn_t l4, bool present)
{
    intpte_t *t = mm_ops->map_frame(l4);

    __atomic_store_n(&t[L4_SLOT_RO_MPT],
                     present ? idle_pg_table[L4_SLOT_RO_MPT] : 0,
                     __ATOMIC_RELEASE);
    mm_ops->unmap_frame(t);
}

static bool root_is_none(mfn_t mfn)
{
    return mfn_x(mfn) == 0 || mfn_eq(mfn, INVALID_MFN);
}

/* An L4 type reference on mfn for v's domain (validating it if needed). */
static int get_root(struct vcpu *v, mfn_t mfn, bool preemptible)
{
    struct page_info *pg;

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    return preemptible
           ? get_page_and_type_preemptible(pg, v->domain, PGT_l4_page_table)
           : get_page_and_type(pg, v->domain, PGT_l4_page_table);
}

/* Drop a root's references; a preempted devalidation becomes v's pending put. */
static void put_root(struct vcpu *v, mfn_t mfn, bool preemptible)
{
    struct page_info *pg = mfn_to_page(mfn);

    if ( !preemptible )
        put_page_type(pg);
    else if ( put_page_type_preemptible(pg) )
    {
        ASSERT(!v->arch.pv.pending_put);
        v->arch.pv.pending_put = pg;    /* with our general reference */
        return;
    }
    put_page(pg);
}

int pv_finish_pending_put(struct vcpu *v)
{
    struct page_info *pg = v->arch.pv.pending_put;

    if ( !pg )
        return 0;
    if ( page_finish_partial(pg, true) )
        return -ERESTART;
    v->arch.pv.pending_put = NULL;
    put_page(pg);
    return 0;
}

void pv_drop_pending_put(struct vcpu *v)
{
    struct page_info *pg = v->arch.pv.pending_put;

    if ( !pg )
        return;
    page_finish_partial(pg, false);
    v->arch.pv.pending_put = NULL;
    put_page(pg);
}

static int new_guest_cr3(struct vcpu *v, mfn_t mfn, bool preemptible)
{
    mfn_t old = v->arch.pv.guest_table;
    int rc;

    if ( !mfn_eq(old, mfn) )
    {
        rc = get_root(v, mfn, preemptible);
        if ( rc )
            return rc;
        /* LDT pages are looked up again through the new tables. */
        pv_unmap_ldt(v);
        if ( !m2p_strict(v->domain) )
            set_ro_mpt(mfn, true);
        v->arch.pv.guest_table = mfn;
    }
    if ( v == current )
        pv_update_cr3(v);
    /* Only now, with CR3 elsewhere, may the old table be devalidated. */
    if ( !mfn_eq(old, mfn) && !root_is_none(old) )
        put_root(v, old, preemptible);
    return 0;
}

static int new_user_cr3(struct vcpu *v, mfn_t mfn, bool preemptible)
{
    mfn_t old = v->arch.pv.guest_table_user;
    int rc;

    if ( mfn_eq(old, mfn) || (root_is_none(old) && root_is_none(mfn)) )
        return 0;
    if ( !root_is_none(mfn) )
    {
        rc = get_root(v, mfn, preemptible);
        if ( rc )
            return rc;
        if ( m2p_strict(v->domain) )
            set_ro_mpt(mfn, false);
    }
    v->arch.pv.guest_table_user = root_is_none(mfn) ? _mfn(0) : mfn;
    if ( v == current )
        pv_update_cr3(v);
    if ( !root_is_none(old) )
        put_root(v, old, preemptible);
    return 0;
}

int pv_new_guest_cr3(struct vcpu *v, mfn_t mfn)
{
    return new_guest_cr3(v, mfn, false);
}

int pv_new_user_cr3(struct vcpu *v, mfn_t mfn)
{
    return new_user_cr3(v, mfn, false);
}

int pv_new_baseptr_preemptible(struct vcpu *v, mfn_t mfn, bool user)
{
    return user ? new_user_cr3(v, mfn, true) : new_guest_cr3(v, mfn, true);
}
