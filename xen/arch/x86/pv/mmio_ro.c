/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writes by a PV guest to read-only I/O memory (MSI-X tables, ECAM;
 * arch/x86/mmio_ro.c): the #PF of a write through a present read-only
 * mapping of such a frame is decoded by the emulator and the store is
 * handed to mmio_ro_write, which drops, filters or performs it. Loads
 * inside the emulated instruction read the mapping as the guest would.
 * Guest user mode too (a /dev/mem mapping): bouncing the fault would make
 * Linux restore the writable entry and fault again forever.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/mmio_ro.h>
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

struct mmio_ro_ctx {
    struct domain *d;
    unsigned long fault_addr;
    mfn_t mfn;                  /* the read-only frame written */
};

/* A store inside the faulting frame only, naturally aligned. */
static int mmio_ro_store(uint64_t addr, uint64_t old_val, uint64_t new_val,
                         unsigned int size, unsigned int flags,
                         struct x86_emulate_ctxt *ctxt)
{
    struct mmio_ro_ctx *p = ctxt->priv;
    paddr_t pa = ((paddr_t)mfn_x(p->mfn) << PAGE_SHIFT) |
                 (addr & (PAGE_SIZE - 1));

    if ( (addr >> PAGE_SHIFT) != (p->fault_addr >> PAGE_SHIFT) )
        return X86EMUL_UNHANDLEABLE;
    return mmio_ro_write(p->d, pa, size, new_val) ? X86EMUL_OKAY
                                                  : X86EMUL_UNHANDLEABLE;
}

static const struct x86_emulate_ops mmio_ro_ops = {
    .fetch = pv_emul_fetch,
    .read = pv_emul_read,
    .write = mmio_ro_store,
};

/* Is addr mapped read-only to an I/O frame that mmio_ro.c protects? */
static bool mmio_ro_target(mfn_t l4, unsigned long addr, mfn_t *target)
{
    mfn_t l1;
    unsigned int idx;
    intpte_t e, *t;

    if ( pt_walk_to_l1(l4, addr, &l1, &idx) )
        return false;
    t = mm_ops->map_frame(l1);
    e = __atomic_load_n(&t[idx], __ATOMIC_ACQUIRE);
    mm_ops->unmap_frame(t);
    if ( !pte_present(e) || (e & _PAGE_RW) )
        return false;
    *target = pte_mfn(e);
    return !mm_ops->mfn_to_page(*target) && mmio_ro_frame(mfn_x(*target));
}

bool pv_mmio_ro_fault(struct cpu_user_regs *regs, unsigned long addr,
                      unsigned int error_code)
{
    struct vcpu *curr = current;
    struct mmio_ro_ctx p = { .d = curr->domain, .fault_addr = addr };
    struct emul_regs er;
    struct x86_emulate_ctxt ctxt = { .ops = &mmio_ro_ops, .regs = &er,
                                     .priv = &p };
    mfn_t l4 = guest_kernel_mode(curr) ? curr->arch.pv.guest_table
                                       : curr->arch.pv.guest_table_user;

    if ( (error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
             (PFEC_PRESENT | PFEC_WRITE) ||
         mfn_eq(l4, INVALID_MFN) || mfn_x(l4) == 0 ||
         !mmio_ro_target(l4, addr, &p.mfn) )
        return false;

    return pv_emul_memop(&ctxt, regs);
}
