/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared half of the PV #PF emulations (writable page tables in
 * ptwr.c, read-only I/O memory in mmio_ro.c): instruction fetch and loads
 * through the guest's current mappings, and one run of the emulator over
 * the faulting instruction with its outcome applied to the guest.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/x86_emulate.h>
#include "emulate.h"
#include <asm/pv/traps.h>

int pv_emul_fetch(uint64_t addr, void *buf, unsigned int len,
                  struct x86_emulate_ctxt *ctxt)
{
    return copy_from_guest_va(buf, addr, len) ? X86EMUL_UNHANDLEABLE
                                              : X86EMUL_OKAY;
}

int pv_emul_read(uint64_t addr, uint64_t *val, unsigned int size,
                 struct x86_emulate_ctxt *ctxt)
{
    *val = 0;
    return copy_from_guest_va(val, addr, size) ? X86EMUL_UNHANDLEABLE
                                               : X86EMUL_OKAY;
}

bool pv_emul_memop(struct x86_emulate_ctxt *ctxt, struct cpu_user_regs *regs)
{
    pv_emul_regs_in(ctxt->regs, regs);
    /* The hypervisor leaves the guest's FS/GS bases loaded while it runs. */
    ctxt->fs_base = rdmsr(MSR_FS_BASE);
    ctxt->gs_base = rdmsr(MSR_GS_BASE);

    switch ( x86_emulate_memop(ctxt) )
    {
    case X86EMUL_OKAY:
        pv_emul_regs_out(regs, ctxt->regs);
        if ( regs->rflags & X86_EFLAGS_TF )
            pv_inject_hw_exception(X86_EXC_DB, X86_EVENT_NO_EC);
        return true;
    case X86EMUL_RETRY:
        return true;                    /* re-executes and faults again */
    case X86EMUL_EXCEPTION:
        if ( !ctxt->event.pending )
            return false;
        pv_emul_inject_event(&ctxt->event);
        return true;
    default:
        return false;
    }
}
