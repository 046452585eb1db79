/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions and events for 64-bit PV guests: queuing a bounce, writing
 * the bounce frame on the guest kernel stack (pv-abi-ladder 1.12), guest
 * kernel/user mode switches, and the exit path every return to a guest
 * takes (pending events re-checked there, pitfall 9).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/domain.h>
#include <xen/grace.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/smp.h>
#include <asm/pv/traps.h>
#include <public/callback.h>

#define TRAP_page_fault 14
#define PFEC_user_mode  (1U << 2)

void pv_update_cr3(struct vcpu *v)
{
    mfn_t mfn = v->arch.pv.kernel_mode ? v->arch.pv.guest_table
                                       : v->arch.pv.guest_table_user;

    if ( mfn_eq(mfn, INVALID_MFN) )
        mfn = v->arch.pv.guest_table;
    if ( !mfn_eq(mfn, INVALID_MFN) )
    {
        tlb_note_flush();               /* TLB clock (mm/machine.c) */
        write_cr3(mfn_x(mfn) << PAGE_SHIFT);
    }
}

void pv_toggle_guest_mode(struct vcpu *v)
{
    v->arch.pv.kernel_mode = !v->arch.pv.kernel_mode;
    /* Kernel and user GS bases trade places; the hypervisor never uses GS. */
    asm volatile ( "swapgs" ::: "memory" );
    pv_update_cr3(v);
}

static void queue_bounce(unsigned long eip, bool has_ec, unsigned int ec,
                         bool mask)
{
    struct trap_bounce *tb = &current->arch.pv.trap_bounce;

    tb->pending = true;
    tb->eip = eip;
    tb->has_error_code = has_ec;
    tb->error_code = ec;
    tb->mask_events = mask;
}

void pv_inject_hw_exception(unsigned int vector, unsigned int error_code)
{
    struct vcpu *v = current;
    const struct trap_info *ti = &v->arch.pv.trap_ctxt[vector & 0xff];

    if ( !ti->address )
    {
        domain_crash(v->domain, "no handler for exception %u (error %#x)",
                     vector, error_code == X86_EVENT_NO_EC ? 0 : error_code);
        return;
    }
    queue_bounce(ti->address, error_code != X86_EVENT_NO_EC, error_code,
                 ti->flags & 4);
}

void pv_inject_page_fault(unsigned int error_code, unsigned long cr2)
{
    struct vcpu *v = current;

    /* Hardware always says "user": the guest kernel runs at CPL 3. */
    error_code &= ~PFEC_user_mode;
    if ( !v->arch.pv.kernel_mode )
        error_code |= PFEC_user_mode;
    v->arch.pv.ctrlreg[2] = cr2;
    v->vcpu_info->arch.cr2 = cr2;
    pv_inject_hw_exception(TRAP_page_fault, error_code);
}

void pv_inject_sw_interrupt(unsigned int vector)
{
    pv_inject_hw_exception(vector, X86_EVENT_NO_EC);
}

/* May `int n` from the current mode reach the guest's handler for n? */
bool pv_int_permitted(const struct vcpu *v, unsigned int vector)
{
    const struct trap_info *ti = &v->arch.pv.trap_ctxt[vector & 0xff];
    unsigned int dpl = ti->flags & 3;

    if ( !ti->address )
        return false;
    return v->arch.pv.kernel_mode ? dpl >= 1 : dpl == 3;
}

/*
 * Write the bounce frame {rcx, r11, [error code], rip, cs|mask<<32, rflags,
 * rsp, ss} for the queued trap and enter the handler in guest kernel mode.
 */
static void create_bounce_frame(struct cpu_user_regs *regs,
                                struct trap_bounce *tb)
{
    struct vcpu *v = current;
    vcpu_info_t *vi = v->vcpu_info;
    bool from_kernel = v->arch.pv.kernel_mode;
    uint8_t saved_mask = vi->evtchn_upcall_mask;
    uint64_t frame[8];
    unsigned int n = 0;
    unsigned long sp, rflags;

    rflags = regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL);
    if ( !saved_mask )
        rflags |= X86_EFLAGS_IF;
    if ( v->domain->arch.pv.vm_assist & (1UL << VMASST_TYPE_architectural_iopl) )
        rflags |= v->arch.pv.iopl;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if ( tb->has_error_code )
        frame[n++] = tb->error_code;
    frame[n++] = regs->rip;
    frame[n++] = (from_kernel ? (regs->cs & ~3) : regs->cs) |
                 ((uint64_t)saved_mask << 32);
    frame[n++] = rflags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;

    if ( !from_kernel )
    {
        pv_toggle_guest_mode(v);
        sp = v->arch.pv.kernel_sp;
    }
    else
        sp = regs->rsp;
    sp = (sp & ~15UL) - n * sizeof(uint64_t);

    tb->pending = false;
    if ( !is_canonical_address(sp) ||
         copy_to_guest_va(sp, frame, n * sizeof(uint64_t)) )
    {
        domain_crash(v->domain, "cannot write a bounce frame at %#lx", sp);
        return;
    }

    regs->rsp = sp;
    regs->ss = FLAT_KERNEL_SS;
    regs->rip = tb->eip;
    regs->cs = FLAT_KERNEL_CS;
    regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
                      X86_EFLAGS_AC | X86_EFLAGS_VM);
    if ( tb->mask_events )
        vi->evtchn_upcall_mask = 1;
}

void pv_deliver_pending(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct trap_bounce *tb = &v->arch.pv.trap_bounce;

    if ( tb->pending )
        create_bounce_frame(regs, tb);

    /* Events: deliverable when pending and not masked, if a callback exists. */
    if ( !v->domain->is_shutting_down && vcpu_event_deliverable(v) &&
         v->arch.pv.event_callback.eip )
    {
        queue_bounce(v->arch.pv.event_callback.eip, false, 0, true);
        create_bounce_frame(regs, tb);
    }
}

/* Has pv_deliver_pending() anything to do (the same tests, inline)? */
static inline bool pv_delivery_needed(const struct vcpu *v)
{
    return v->arch.pv.trap_bounce.pending ||
           (vcpu_event_deliverable(v) && !v->domain->is_shutting_down &&
            v->arch.pv.event_callback.eip);
}

/*
 * The last C code before every return to a guest. Interrupts are off from
 * here to the iretq. Each step below asks inline whether it has anything
 * to do and calls out only then: on most exits nothing is called. The CPU
 * and the vCPU are read once (the vCPU again only after a slow path that
 * may have switched).
 */
void pv_exit_to_guest(struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *v = current;

    domain_reap_pending_on(cpu);        /* nothing of them is in use now */
    grace_quiescent_on(cpu);
    if ( schedule_maybe_needed(cpu, v) )
    {
        schedule_if_needed_slow();
        v = current;
    }
    if ( pv_delivery_needed(v) )
        pv_deliver_pending(regs);

    if ( v->domain->is_shutting_down )
    {
        /* A crashed/shut-down domain never runs again. */
        vcpu_sleep(v, VPF_shutdown);
        schedule_if_needed();
        v = current;
    }

    /* Never iretq to a non-canonical RIP (xsa-7): the guest gets #GP(0). */
    if ( !is_canonical_address(regs->rip) )
    {
        pv_inject_hw_exception(13, 0);
        pv_deliver_pending(regs);
    }

    /* Hardware view: CPL 3, interrupts on, IOPL 0 (virtual IOPL is ours). */
    regs->cs |= 3;
    regs->ss |= 3;
    regs->rflags = (regs->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM |
                                     X86_EFLAGS_NT)) |
                   X86_EFLAGS_IF | X86_EFLAGS_MBS;
}

/* Vectors whose hardware exception frame carries an error code. */
static bool vector_has_error_code(unsigned int vec)
{
    return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 ||
           vec == 29 || vec == 30;
}

static void guest_gp(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int ec = regs->error_code;

    /*
     * `int n` through a DPL-0 gate: error code (n << 3) | 2 (IDT). Check the
     * guest's virtual DPL; if allowed, step over the 2-byte instruction and
     * deliver n without an error code (pv-abi-ladder 1.12).
     */
    if ( (ec & 3) == 2 )
    {
        unsigned int n = (ec >> 3) & 0xff;
        uint8_t insn[2];

        /*
         * Take the vector from the instruction when it is `int n` (some
         * emulated CPUs report a wrong IDT error code for software ints).
         */
        if ( !copy_from_guest_va(insn, regs->rip, 2) && insn[0] == 0xcd )
        {
            n = insn[1];
            ec = (n << 3) | 2;
        }

        if ( pv_int_permitted(v, n) )
        {
            regs->rip += 2;
            pv_inject_sw_interrupt(n);
            return;
        }
        pv_inject_hw_exception(13, ec);
        return;
    }
    if ( ec == 0 && pv_emulate_privileged_op(regs) )
        return;
    pv_inject_hw_exception(13, ec);
}

/* Every exception or interrupt taken while a PV guest was running. */
void pv_do_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int vec = regs->entry_vector;
    unsigned long cr2;

    switch ( vec )
    {
    case 2:                             /* NMI: the machine's, not the guest's */
        return;
    case 18:
        panic("Machine check while running d%u\n", v->domain->domain_id);
    case 6:                             /* #UD: forced emulation prefix? */
        if ( pv_emulate_forced_invalid_op(regs) )
            return;
        pv_inject_hw_exception(6, X86_EVENT_NO_EC);
        return;
    case 7:                             /* #NM: virtual CR0.TS */
        asm volatile ( "clts" );
        if ( v->arch.pv.ctrlreg[0] & X86_CR0_TS )
        {
            v->arch.pv.ctrlreg[0] &= ~X86_CR0_TS;
            pv_inject_hw_exception(7, X86_EVENT_NO_EC);
        }
        return;
    case 13:
        guest_gp(regs);
        return;
    case 14:
        cr2 = read_cr2();
        if ( pv_ldt_fault(regs, cr2) ||
             pv_ptwr_fault(regs, cr2, regs->error_code) ||
             pv_mmio_ro_fault(regs, cr2, regs->error_code) )
            return;
        pv_inject_page_fault(regs->error_code, cr2);
        return;
    case 0x80:                          /* int $0x80 through its DPL-3 gate */
        if ( pv_int_permitted(v, 0x80) )
            pv_inject_sw_interrupt(0x80);
        else
        {
            regs->rip -= 2;
            pv_inject_hw_exception(13, (0x80 << 3) | 2);
        }
        return;
    }

    if ( vec < 32 )
    {
        if ( vec == 1 )
        {
            unsigned long dr6;

            asm volatile ( "mov %%db6, %0" : "=r" (dr6) );
            v->arch.pv.debugreg[6] = dr6;
            asm volatile ( "mov %0, %%db6" :: "r" (0xffff0ff0UL) );
        }
        pv_inject_hw_exception(vec, vector_has_error_code(vec)
                                    ? regs->error_code : X86_EVENT_NO_EC);
        return;
    }
    /* The hypervisor's own APIC vectors (timer); device interrupts: none yet. */
    apic_do_interrupt(vec);
}

/*
 * SYSCALL from the guest: a hypercall in guest kernel mode, the guest's own
 * system call in guest user mode (bounced to its syscall callback, which
 * sees the SYSCALL registers: rcx = return rip, r11 = rflags).
 */
void pv_hypercall(struct cpu_user_regs *regs);

void pv_do_syscall(struct cpu_user_regs *regs, bool compat)
{
    struct vcpu *v = current;
    const struct pv_callback *cb;

    if ( v->arch.pv.kernel_mode && !compat )
    {
        pv_hypercall(regs);
        return;
    }
    cb = compat ? &v->arch.pv.syscall32_callback : &v->arch.pv.syscall_callback;
    if ( !cb->eip )
    {
        /* No callback: what the hardware does without SYSCALL (#UD). */
        regs->rip -= 2;
        pv_inject_hw_exception(6, X86_EVENT_NO_EC);
        return;
    }
    /*
     * The guest's SYSCALL semantics: DF cleared, events masked if asked.
     * The frame is written now, as Xen's entry does: nothing is pending
     * across the exit path (which only nests an event upcall on top), and a
     * context saved meanwhile already shows the kernel's syscall entry.
     */
    regs->rflags &= ~X86_EFLAGS_DF;
    queue_bounce(cb->eip, false, 0, cb->flags & CALLBACKF_mask_events);
    create_bounce_frame(regs, &v->arch.pv.trap_bounce);
}
