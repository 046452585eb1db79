/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables, pv-abi-ladder
 * 2.2.4): a guest kernel's write to a read-only mapping of one of its own
 * L1 tables is decoded by the emulator and the new entry is validated and
 * installed as if by MMU_NORMAL_PT_UPDATE. Linux writes PTEs with mov, xchg,
 * lock cmpxchg and lock bts/btr/and. Higher levels are never emulated.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/x86_emulate.h>
#include "emulate.h"
#include <asm/pv/pt_validate.h>
#include <asm/pv/traps.h>

#define PFEC_PRESENT    (1U << 0)
#define PFEC_WRITE      (1U << 1)
#define PFEC_RSVD       (1U << 3)
#define PFEC_INSN       (1U << 4)

struct ptwr_ctx {
    struct domain *d;
    unsigned long fault_addr;
    mfn_t l1;                   /* the L1 table being written */
};

/*
 * Merge a 1/2/4/8-byte store into the PTE it lands in and install the
 * result with cmpxchg against the value the merge started from.
 */
static int ptwr_write(uint64_t addr, uint64_t old_val, uint64_t new_val,
                      unsigned int size, unsigned int flags,
                      struct x86_emulate_ctxt *ctxt)
{
    struct ptwr_ctx *p = ctxt->priv;
    unsigned int shift = (addr & 7) * 8;
    uint64_t mask = size == 8 ? ~0UL : ((1UL << (size * 8)) - 1) << shift;
    struct pt_update u = {
        .table = p->l1,
        .idx = (addr & (PAGE_SIZE - 1)) >> 3,
        .flags = PT_UPD_REQUIRE_L1 | PT_UPD_CMPXCHG,
    };
    intpte_t *t;
    int rc;

    /* Naturally aligned, inside one entry of the faulting page only. */
    if ( (addr >> PAGE_SHIFT) != (p->fault_addr >> PAGE_SHIFT) ||
         (size & (size - 1)) || size > 8 || (addr & (size - 1)) )
        return X86EMUL_UNHANDLEABLE;

    t = mm_ops->map_frame(p->l1);
    u.expect = __atomic_load_n(&t[u.idx], __ATOMIC_ACQUIRE);
    mm_ops->unmap_frame(t);

    /* Read-modify-write forms computed from a value that is gone. */
    if ( flags && ((u.expect & mask) >> shift) !=
                  (old_val & (mask >> shift)) )
        return X86EMUL_RETRY;

    u.val = (u.expect & ~mask) | ((new_val << shift) & mask);
    rc = pt_update_entry(&u, p->d, p->d);
    if ( rc == -EAGAIN )
        return X86EMUL_RETRY;
    /* An entry the guest may not install: it gets its #PF instead. */
    return rc ? X86EMUL_UNHANDLEABLE : X86EMUL_OKAY;
}

static const struct x86_emulate_ops ptwr_ops = {
    .fetch = pv_emul_fetch,
    .read = pv_emul_read,
    .write = ptwr_write,
};

/* Is addr mapped read-only to a validated L1 table of d? Which one? */
static bool ptwr_target(struct domain *d, mfn_t l4, unsigned long addr,
                        mfn_t *target)
{
    mfn_t l1;
    unsigned int idx;
    intpte_t e, *t;
    struct page_info *pg;

    if ( pt_walk_to_l1(l4, addr, &l1, &idx) )
        return false;
    t = mm_ops->map_frame(l1);
    e = __atomic_load_n(&t[idx], __ATOMIC_ACQUIRE);
    mm_ops->unmap_frame(t);
    if ( !pte_present(e) || (e & _PAGE_RW) )
        return false;

    *target = pte_mfn(e);
    pg = mm_ops->mfn_to_page(*target);
    return pg && page_get_owner(pg) == d &&
           page_type(pg) == PGT_l1_page_table && page_is_validated(pg);
}




bool pv_ptwr_fault(struct cpu_user_regs *regs, unsigned long addr,
                   unsigned int error_code)
{
    struct vcpu *curr = current;
    struct ptwr_ctx p = { .d = curr->domain, .fault_addr = addr };
    struct emul_regs er;
    struct x86_emulate_ctxt ctxt = { .ops = &ptwr_ops, .regs = &er, .priv = &p };

    if ( !guest_kernel_mode(curr) ||
         !(p.d->arch.pv.vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
         (error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
             (PFEC_PRESENT | PFEC_WRITE) ||
         !ptwr_target(p.d, curr->arch.pv.guest_table, addr, &p.l1) )
        return false;

    return pv_emul_memop(&ctxt, regs);
}
