/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmuext_op (hc 26): pinning page tables, new kernel/user base pointers,
 * TLB and cache flushes, the LDT, and clearing/copying frames
 * (pv-abi-ladder 2.2.3). Only pin/unpin and clear/copy may name a foreign
 * domain (the control domain building a guest); the rest are self-only.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/pv/mm.h>
#include <asm/pv/traps.h>

/* A general reference to frame mfn of owner d, or NULL. */
static struct page_info *get_owned(mfn_t mfn, const struct domain *d)
{
    struct page_info *pg;

    if ( !mfn_valid(mfn) )
        return NULL;
    pg = mfn_to_page(mfn);
    return get_page(pg, d) ? pg : NULL;
}

static int op_pin(const struct mmuext_op *op, struct domain *pg_owner)
{
    unsigned long type = PGT_pt_of_level(op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    mfn_t mfn = _mfn(op->arg1.mfn);

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    return page_pin_table_preemptible(mfn_to_page(mfn), pg_owner, type);
}

/* Done even if the devalidation was preempted: it goes on as pending put. */
static int op_unpin(struct vcpu *curr, const struct mmuext_op *op,
                    struct domain *pg_owner)
{
    mfn_t mfn = _mfn(op->arg1.mfn);
    int rc;

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    rc = page_unpin_table_preemptible(mfn_to_page(mfn), pg_owner);
    if ( rc != -ERESTART )
        return rc;
    ASSERT(!curr->arch.pv.pending_put);
    curr->arch.pv.pending_put = mfn_to_page(mfn);
    return 0;
}

static int op_clear_page(const struct mmuext_op *op, struct domain *pg_owner)
{
    struct page_info *pg = get_owned(_mfn(op->arg1.mfn), pg_owner);
    void *va;

    if ( !pg )
        return -EINVAL;
    if ( get_page_type(pg, PGT_writable_page) )
    {
        put_page(pg);
        return -EINVAL;
    }
    va = mm_ops->map_frame(_mfn(op->arg1.mfn));
    memset(va, 0, PAGE_SIZE);
    mm_ops->unmap_frame(va);
    put_page_and_type(pg);
    return 0;
}

static int op_copy_page(const struct mmuext_op *op, struct domain *pg_owner)
{
    struct page_info *src = get_owned(_mfn(op->arg2.src_mfn), pg_owner);
    struct page_info *dst;
    void *s, *t;

    if ( !src )
        return -EINVAL;
    dst = get_owned(_mfn(op->arg1.mfn), pg_owner);
    if ( !dst || get_page_type(dst, PGT_writable_page) )
    {
        if ( dst )
            put_page(dst);
        put_page(src);
        return -EINVAL;
    }
    s = mm_ops->map_frame(_mfn(op->arg2.src_mfn));
    t = mm_ops->map_frame(_mfn(op->arg1.mfn));
    memcpy(t, s, PAGE_SIZE);
    mm_ops->unmap_frame(t);
    mm_ops->unmap_frame(s);
    put_page_and_type(dst);
    put_page(src);
    return 0;
}

static int op_flush(struct domain *d, const struct mmuext_op *op)
{
    unsigned long va = op->arg1.linear_addr;

    switch ( op->cmd )
    {
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
        if ( pv_guest_va_ok(va) )       /* XSA-279: never a faulting invlpg */
            invlpg(va);
        return 0;
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        if ( pv_flush_vcpumask(d, (unsigned long)op->arg2.vcpumask.p,
                               op->cmd == MMUEXT_INVLPG_MULTI, va) )
            return -EINVAL;
        return 0;
    case MMUEXT_TLB_FLUSH_ALL:
        pv_flush_all_vcpus(d, false, 0);
        return 0;
    default: /* MMUEXT_INVLPG_ALL */
        pv_flush_all_vcpus(d, true, va);
        return 0;
    }
}

/* Cache flushes need I/O privileges (the control domain here). */
static int op_flush_cache(struct domain *d, unsigned int cmd)
{
    if ( !d->is_privileged )
        return cmd == MMUEXT_FLUSH_CACHE ? -EACCES : -EINVAL;
    wbinvd();
    return 0;
}

static int mmuext_one(struct vcpu *curr, const struct mmuext_op *op,
                      struct domain *pg_owner)
{
    struct domain *d = curr->domain;

    switch ( op->cmd )
    {
    case MMUEXT_PIN_L1_TABLE ... MMUEXT_PIN_L4_TABLE:
        return op_pin(op, pg_owner);
    case MMUEXT_UNPIN_TABLE:
        return op_unpin(curr, op, pg_owner);
    case MMUEXT_CLEAR_PAGE:
        return op_clear_page(op, pg_owner);
    case MMUEXT_COPY_PAGE:
        return op_copy_page(op, pg_owner);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    case MMUEXT_NEW_BASEPTR:
    case MMUEXT_NEW_USER_BASEPTR:
    case MMUEXT_TLB_FLUSH_LOCAL ... MMUEXT_SET_LDT:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        break;
    default:
        return -ENOSYS;
    }

    /* The remaining commands act on the caller itself. */
    if ( pg_owner != d )
        return -EPERM;
    switch ( op->cmd )
    {
    case MMUEXT_NEW_BASEPTR:
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_new_baseptr_preemptible(curr, _mfn(op->arg1.mfn),
                                          op->cmd == MMUEXT_NEW_USER_BASEPTR);
    case MMUEXT_SET_LDT:
        return pv_set_ldt(curr, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return op_flush_cache(d, op->cmd);
    default:
        return op_flush(d, op);
    }
}

long do_mmuext_op(unsigned long uops, unsigned int count,
                  unsigned long pdone, unsigned int foreigndom)
{
    struct vcpu *curr = current;
    struct domain *pg_owner;
    unsigned int i = 0, done = 0;
    struct mmuext_op op;
    unsigned int orig_count = count;
    long rc = 0;

    if ( count & MMU_UPDATE_PREEMPTED )
    {
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest_va(&done, pdone, sizeof(done)) )
            done = 0;
    }
    if ( !guest_range_ok(uops, (size_t)count * sizeof(op)) )
        return -EFAULT;

    pg_owner = pv_get_pg_owner((domid_t)foreigndom);
    if ( !pg_owner )
        return -ESRCH;
    if ( !pv_may_target(curr->domain, pg_owner) )
        return -EPERM;

    /* An unpin or base pointer change this vCPU made goes on first. */
    if ( pv_finish_pending_put(curr) )
        return hypercall_create_continuation(__HYPERVISOR_mmuext_op, 4, uops,
                                             (unsigned long)orig_count, pdone,
                                             (unsigned long)foreigndom);

    for ( ; i < count; i++ )
    {
        if ( i && hypercall_preempt_check() )
        {
            rc = -ERESTART;
            break;
        }
        if ( copy_from_guest_va(&op, uops + i * sizeof(op), sizeof(op)) )
        {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(curr, &op, pg_owner);
        if ( rc )
            break;
        if ( curr->arch.pv.pending_put )
        {
            /* The op is done; its devalidation goes on in the next call. */
            i++;
            rc = -ERESTART;
            break;
        }
    }

    if ( rc == -ERESTART )
        rc = hypercall_create_continuation(__HYPERVISOR_mmuext_op, 4,
                                           uops + i * sizeof(op),
                                           (unsigned long)((count - i) |
                                                   MMU_UPDATE_PREEMPTED),
                                           pdone, (unsigned long)foreigndom);
    if ( pdone )
    {
        done += i;
        copy_to_guest_va(pdone, &done, sizeof(done));
    }
    return rc;
}
