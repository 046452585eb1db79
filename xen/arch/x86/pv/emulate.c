/* SPDX-License-Identifier: GPL-2.0-only */
/* Register and fault glue for the PV users of the instruction emulator. */
#include <xen/lib.h>
#include <asm/pv/traps.h>
#include "emulate.h"

void pv_emul_regs_in(struct emul_regs *e, const struct cpu_user_regs *r)
{
    const uint64_t g[X86_NR_GPRS] = {
        r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
        r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
    };

    memcpy(e->gpr, g, sizeof(g));
    e->rip = r->rip;
    e->rflags = r->rflags;
}

void pv_emul_regs_out(struct cpu_user_regs *r, const struct emul_regs *e)
{
    r->rax = e->gpr[X86_GPR_RAX]; r->rcx = e->gpr[X86_GPR_RCX];
    r->rdx = e->gpr[X86_GPR_RDX]; r->rbx = e->gpr[X86_GPR_RBX];
    r->rsp = e->gpr[X86_GPR_RSP]; r->rbp = e->gpr[X86_GPR_RBP];
    r->rsi = e->gpr[X86_GPR_RSI]; r->rdi = e->gpr[X86_GPR_RDI];
    r->r8 = e->gpr[X86_GPR_R8];   r->r9 = e->gpr[X86_GPR_R9];
    r->r10 = e->gpr[X86_GPR_R10]; r->r11 = e->gpr[X86_GPR_R11];
    r->r12 = e->gpr[X86_GPR_R12]; r->r13 = e->gpr[X86_GPR_R13];
    r->r14 = e->gpr[X86_GPR_R14]; r->r15 = e->gpr[X86_GPR_R15];
    r->rip = e->rip;
    r->rflags = e->rflags;
}

void pv_emul_inject_event(const struct x86_emul_event *ev)
{
    if ( ev->vector == X86_EXC_PF )
        pv_inject_page_fault(ev->error_code, ev->cr2);
    else
        pv_inject_hw_exception(ev->vector, ev->has_error_code ?
                               ev->error_code : X86_EVENT_NO_EC);
}
