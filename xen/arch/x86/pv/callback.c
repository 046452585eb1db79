/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a PV guest wants to be entered: the virtual IDT (set_trap_table),
 * the event/failsafe/syscall/sysenter/NMI callbacks (callback_op,
 * set_callbacks, nmi_op), the kernel stack for entries from user mode
 * (stack_switch), and the return path back out of them (iret).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/page.h>
#include <asm/uaccess.h>
#include <asm/pv/traps.h>
#include <public/callback.h>
#include <public/nmi.h>

long do_set_trap_table(unsigned long traps)
{
    struct trap_info *ctxt = current->arch.pv.trap_ctxt;
    struct trap_info ti;
    unsigned int i;

    if ( !traps )
    {
        memset(ctxt, 0, sizeof(current->arch.pv.trap_ctxt));
        return 0;
    }
    for ( i = 0; ; i++ )
    {
        if ( copy_from_guest_va(&ti, traps + i * sizeof(ti), sizeof(ti)) )
            return -EFAULT;
        if ( ti.address == 0 )
            return 0;
        if ( !is_canonical_address(ti.address) )
            return -EINVAL;
        ti.cs = FLAT_KERNEL_CS;         /* the only code segment on 64-bit */
        ctxt[ti.vector] = ti;
        if ( i >= 256 && hypercall_preempt_check() )
            return hypercall_create_continuation(__HYPERVISOR_set_trap_table,
                                                 1, traps + (i + 1) * sizeof(ti));
    }
}

static long register_callback(const struct callback_register *cb)
{
    struct pv_vcpu *pv = &current->arch.pv;
    struct pv_callback *slot;

    if ( !is_canonical_address(cb->address) )
        return -EINVAL;
    switch ( cb->type )
    {
    case CALLBACKTYPE_event:     slot = &pv->event_callback; break;
    case CALLBACKTYPE_failsafe:  slot = &pv->failsafe_callback; break;
    case CALLBACKTYPE_syscall:   slot = &pv->syscall_callback; break;
    case CALLBACKTYPE_syscall32: slot = &pv->syscall32_callback; break;
    case CALLBACKTYPE_sysenter:  slot = &pv->sysenter_callback; break;
    case CALLBACKTYPE_nmi:       slot = &pv->nmi_callback; break;
    default:
        return -ENOSYS;
    }
    slot->eip = cb->address;
    slot->flags = cb->flags;
    return 0;
}

long do_callback_op(unsigned int cmd, unsigned long arg)
{
    struct callback_register reg;
    struct callback_unregister unreg;

    switch ( cmd )
    {
    case CALLBACKOP_register:
        if ( copy_from_guest_va(&reg, arg, sizeof(reg)) )
            return -EFAULT;
        return register_callback(&reg);

    case CALLBACKOP_unregister:
        if ( copy_from_guest_va(&unreg, arg, sizeof(unreg)) )
            return -EFAULT;
        switch ( unreg.type )
        {
        case CALLBACKTYPE_nmi:
            current->arch.pv.nmi_callback.eip = 0;
            return 0;
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_syscall32:
        case CALLBACKTYPE_sysenter:
            return -EINVAL;
        default:
            return -ENOSYS;
        }

    default:
        return -ENOSYS;
    }
}

long do_set_callbacks(unsigned long event_address, unsigned long failsafe_address,
                      unsigned long syscall_address)
{
    struct callback_register ev = {
        .type = CALLBACKTYPE_event, .address = event_address,
    };
    struct callback_register fs = {
        .type = CALLBACKTYPE_failsafe, .address = failsafe_address,
    };
    struct callback_register sc = {
        .type = CALLBACKTYPE_syscall, .address = syscall_address,
    };

    if ( !is_canonical_address(event_address) ||
         !is_canonical_address(failsafe_address) ||
         !is_canonical_address(syscall_address) )
        return -EINVAL;
    register_callback(&ev);
    register_callback(&fs);
    register_callback(&sc);
    return 0;
}

long do_nmi_op(unsigned int cmd, unsigned long arg)
{
    struct xennmi_callback cb;

    switch ( cmd )
    {
    case XENNMI_register_callback:
        if ( copy_from_guest_va(&cb, arg, sizeof(cb)) )
            return -EFAULT;
        if ( !is_canonical_address(cb.handler_address) )
            return -EINVAL;
        current->arch.pv.nmi_callback.eip = cb.handler_address;
        return 0;
    case XENNMI_unregister_callback:
        current->arch.pv.nmi_callback.eip = 0;
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_stack_switch(unsigned long ss, unsigned long esp)
{
    /* Guest selectors always carry RPL 3 (the guest kernel runs in ring 3). */
    current->arch.pv.kernel_ss = ss | 3;
    current->arch.pv.kernel_sp = esp;
    return 0;
}

/*
 * iret: pop the iret_context the guest pushed at its RSP and resume it,
 * switching to guest user mode when the target CS has RPL 3.
 */
long do_iret(void)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct vcpu *v = current;
    struct iret_context ic;

    if ( copy_from_guest_va(&ic, regs->rsp, sizeof(ic)) )
    {
        domain_crash(v->domain, "unreadable iret frame at %#lx",
                     (unsigned long)regs->rsp);
        return -EFAULT;
    }

    if ( (ic.cs & 3) == 3 && v->arch.pv.kernel_mode )
    {
        if ( mfn_eq(v->arch.pv.guest_table_user, INVALID_MFN) )
        {
            domain_crash(v->domain, "iret to user mode without user page tables");
            return -EFAULT;
        }
        pv_toggle_guest_mode(v);
    }

    regs->rip = ic.rip;
    regs->cs = ic.cs | 3;
    regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
                   X86_EFLAGS_IF;
    regs->rsp = ic.rsp;
    regs->ss = ic.ss | 3;
    if ( ic.flags & VGCF_in_syscall )
    {
        regs->r11 = regs->rflags;
        regs->rcx = regs->rip;
    }
    else
    {
        regs->r11 = ic.r11;
        regs->rcx = ic.rcx;
    }
    v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
    if ( v->domain->arch.pv.vm_assist & (1UL << VMASST_TYPE_architectural_iopl) )
        v->arch.pv.iopl = ic.rflags & X86_EFLAGS_IOPL;
    v->arch.pv.nmi_masked = false;

    regs->rax = ic.rax;
    if ( in_multicall() )
        multicall_stop();
    return ic.rax;
}
