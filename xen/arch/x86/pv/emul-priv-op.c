/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Privileged-instruction emulation for 64-bit PV guests (pv-abi-ladder
 * 1.11, 2.7). The guest kernel runs at CPL 3, so CR/DR moves, MSRs, I/O,
 * CLI/STI and friends raise #GP(0); we decode the instruction, perform it
 * against the vCPU's virtual state and step over it. Also the #UD path of
 * the forced-emulation prefix `ud2;"xen";cpuid`.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>
#include "emul-priv.h"

#define PFEC_insn_fetch (1U << 4)

/* ---- register file and instruction fetch ------------------------------ */



static int priv_fetch(uint64_t addr, void *buf, unsigned int len,
                      struct x86_emulate_ctxt *ctxt)
{
    if ( copy_from_guest_va(buf, addr, len) )
    {
        x86_emul_set_pagefault(ctxt, PFEC_insn_fetch, addr);
        return X86EMUL_EXCEPTION;
    }
    return X86EMUL_OKAY;
}

static const struct x86_emulate_ops priv_ops = { .fetch = priv_fetch };

/*
 * Decode the instruction at regs->rip into pc. Only 64-bit code is
 * decoded: the flat compat-mode selector means a 32-bit user process.
 */
static int priv_decode(struct priv_ctxt *pc, const struct cpu_user_regs *regs)
{
    memset(pc, 0, sizeof(*pc));
    pc->v = current;
    pv_emul_regs_in(&pc->regs, regs);
    pc->ctxt.ops = &priv_ops;
    pc->ctxt.regs = &pc->regs;
    if ( regs->cs == FLAT_RING3_CS32 )
        return X86EMUL_UNHANDLEABLE;
    return x86_decode_priv(&pc->ctxt, &pc->pi);
}

/*
 * Finish a performed instruction: step over it, then deliver #DB if it was
 * single-stepped or hit an emulated I/O breakpoint.
 */
static void priv_complete(struct priv_ctxt *pc, struct cpu_user_regs *regs)
{
    struct vcpu *v = pc->v;
    unsigned int dr6 = pc->bpmatch;

    x86_priv_complete(&pc->regs, &pc->pi);
    pv_emul_regs_out(regs, &pc->regs);
    if ( regs->rflags & X86_EFLAGS_TF )
        dr6 |= 1U << 14;                /* DR6.BS */
    if ( dr6 )
    {
        v->arch.pv.debugreg[6] |= dr6 | 0xffff0ff0UL;
        pv_inject_hw_exception(X86_EXC_DB, X86_EVENT_NO_EC);
    }
}

/* ---- control registers ------------------------------------------------- */

#define PV_CR4_GUEST_MASK   (X86_CR4_TSD | X86_CR4_DE | X86_CR4_FSGSBASE | \
                             X86_CR4_OSXSAVE)
#define PV_CR4_VISIBLE_MASK (X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | \
                             X86_CR4_OSXMMEXCPT)

unsigned long pv_guest_cr0(const struct vcpu *v)
{
    return (hw_read_cr0() & ~X86_CR0_TS) | (v->arch.pv.ctrlreg[0] & X86_CR0_TS);
}

/* The guest-controllable CR4 bits its CPUID policy allows. */
static unsigned long cr4_allowed(const struct vcpu *v)
{
    struct cpuid_leaf l1, l7;
    unsigned long ok = 0;

    guest_cpuid(v, 1, 0, &l1);
    guest_cpuid(v, 7, 0, &l7);
    if ( l1.d & (1U << 4) )
        ok |= X86_CR4_TSD;
    if ( l1.d & (1U << 2) )
        ok |= X86_CR4_DE;
    if ( l7.b & (1U << 0) )
        ok |= X86_CR4_FSGSBASE;
    if ( l1.c & (1U << 26) )
        ok |= X86_CR4_OSXSAVE;
    return ok;
}

/*
 * Real CR4 while v runs. The hypervisor itself uses none of the
 * guest-controllable bits, so they come from the guest alone.
 */
unsigned long pv_make_cr4(const struct vcpu *v)
{
    return (hw_read_cr4() & ~PV_CR4_GUEST_MASK) |
           (v->arch.pv.ctrlreg[4] & PV_CR4_GUEST_MASK);
}

static unsigned long guest_cr4(const struct vcpu *v)
{
    return (hw_read_cr4() & PV_CR4_VISIBLE_MASK) |
           (v->arch.pv.ctrlreg[4] & PV_CR4_GUEST_MASK);
}

/* Virtual CR0.TS, as fpu_taskswitch: the next FPU use raises guest #NM. */
static void set_guest_ts(struct vcpu *v, bool set)
{
    if ( set )
    {
        v->arch.pv.ctrlreg[0] |= X86_CR0_TS;
        hw_write_cr0(hw_read_cr0() | X86_CR0_TS);
    }
    else
    {
        v->arch.pv.ctrlreg[0] &= ~X86_CR0_TS;
        hw_write_cr0(hw_read_cr0() & ~X86_CR0_TS);
    }
}

/* CR0 writes may change TS only (as Xen: anything else is #GP(0)). */
static int guest_write_cr0(struct vcpu *v, unsigned long val)
{
    if ( (val ^ pv_guest_cr0(v)) & ~X86_CR0_TS )
        return PRIV_NO;
    set_guest_ts(v, val & X86_CR0_TS);
    return PRIV_DONE;
}

static int read_cr(struct priv_ctxt *pc, unsigned int cr, unsigned long *val)
{
    const struct vcpu *v = pc->v;

    switch ( cr )
    {
    case 0: *val = pv_guest_cr0(v); return PRIV_DONE;
    case 2: *val = v->arch.pv.ctrlreg[2]; return PRIV_DONE;
    case 3: *val = mfn_x(v->arch.pv.guest_table) << PAGE_SHIFT; return PRIV_DONE;
    case 4: *val = guest_cr4(v); return PRIV_DONE;
    }
    return PRIV_NO;
}

static int write_cr(struct priv_ctxt *pc, unsigned int cr, unsigned long val)
{
    struct vcpu *v = pc->v;

    switch ( cr )
    {
    case 0:
        return guest_write_cr0(v, val);
    case 2:
        v->arch.pv.ctrlreg[2] = val;
        if ( v->vcpu_info )
            v->vcpu_info->arch.cr2 = val;
        return PRIV_DONE;
    case 3:
        /* Like MMUEXT_NEW_BASEPTR; a frame that cannot be an L4 is #GP. */
        return pv_new_guest_cr3(v, _mfn(val >> PAGE_SHIFT)) ? PRIV_NO
                                                              : PRIV_DONE;
    case 4:
        /* Bits outside the policy are silently dropped, as on Xen. */
        v->arch.pv.ctrlreg[4] = val & cr4_allowed(v);
        hw_write_cr4(pv_make_cr4(v));
        return PRIV_DONE;
    }
    return PRIV_NO;
}

/* LMSW: CR0 bits 0-3 from the operand; PE can be set, never cleared. */
static int do_lmsw(struct priv_ctxt *pc)
{
    unsigned long cr0 = pv_guest_cr0(pc->v);
    uint16_t src;

    if ( pc->pi.has_mem )
    {
        if ( copy_from_guest_va(&src, pc->pi.linear, sizeof(src)) )
        {
            pv_inject_page_fault(0, pc->pi.linear);
            return PRIV_RAISED;
        }
    }
    else
        src = x86_gpr_read(&pc->regs, pc->pi.reg, 2, false);
    return guest_write_cr0(pc->v, (cr0 & ~0xeUL) | (src & 0xfUL));
}

/* ---- debug registers, MSRs, TSC ------------------------------------------ */

static int mov_dr(struct priv_ctxt *pc, bool to)
{
    uint64_t *gpr = &pc->regs.gpr[pc->pi.reg];
    unsigned long val;
    long rc;

    if ( to )
        rc = set_debugreg(pc->v, pc->pi.num, *gpr);
    else
    {
        rc = get_debugreg(pc->v, pc->pi.num, &val);
        if ( !rc )
            *gpr = val;
    }
    if ( rc == -ENODEV )                /* DR4/5 with CR4.DE */
    {
        pv_inject_hw_exception(X86_EXC_UD, X86_EVENT_NO_EC);
        return PRIV_RAISED;
    }
    return rc ? PRIV_NO : PRIV_DONE;
}

static int do_msr(struct priv_ctxt *pc, bool write)
{
    uint64_t *gpr = pc->regs.gpr;
    uint32_t msr = gpr[X86_GPR_RCX];
    uint64_t val;

    if ( write )
    {
        val = ((gpr[X86_GPR_RDX] & 0xffffffffULL) << 32) |
              (gpr[X86_GPR_RAX] & 0xffffffffULL);
        return guest_wrmsr(pc->v, msr, val) ? PRIV_NO : PRIV_DONE;
    }
    if ( guest_rdmsr(pc->v, msr, &val) )
        return PRIV_NO;
    gpr[X86_GPR_RAX] = (uint32_t)val;
    gpr[X86_GPR_RDX] = val >> 32;
    return PRIV_DONE;
}

/* RDTSC traps only while the guest has CR4.TSD set; kernel mode may. */
static int do_rdtsc(struct priv_ctxt *pc)
{
    uint64_t tsc = hw_rdtsc();

    pc->regs.gpr[X86_GPR_RAX] = (uint32_t)tsc;
    pc->regs.gpr[X86_GPR_RDX] = tsc >> 32;
    return PRIV_DONE;
}

static bool canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/* Instructions only guest kernel mode may execute. */
static int emulate_kernel_op(struct priv_ctxt *pc)
{
    const struct x86_priv_insn *pi = &pc->pi;
    uint64_t *gpr = &pc->regs.gpr[pi->reg];
    unsigned long val;
    int rc;

    switch ( pi->kind )
    {
    case X86_PRIV_MOV_FROM_CR:
        rc = read_cr(pc, pi->num, &val);
        if ( rc == PRIV_DONE )
            *gpr = val;
        return rc;
    case X86_PRIV_MOV_TO_CR:  return write_cr(pc, pi->num, *gpr);
    case X86_PRIV_MOV_FROM_DR: return mov_dr(pc, false);
    case X86_PRIV_MOV_TO_DR:  return mov_dr(pc, true);
    case X86_PRIV_RDMSR:      return do_msr(pc, false);
    case X86_PRIV_WRMSR:      return do_msr(pc, true);
    case X86_PRIV_RDTSC:      return do_rdtsc(pc);
    case X86_PRIV_RDTSCP:                 /* not in the CPUID policy */
        pv_inject_hw_exception(X86_EXC_UD, X86_EVENT_NO_EC);
        return PRIV_RAISED;
    case X86_PRIV_CLTS:
        set_guest_ts(pc->v, false);
        return PRIV_DONE;
    case X86_PRIV_LMSW:       return do_lmsw(pc);
    case X86_PRIV_INVLPG:
        if ( !canonical(pi->linear) )
            return PRIV_NO;
        if ( guest_range_ok(pi->linear, 1) )
            hw_invlpg(pi->linear);
        return PRIV_DONE;
    case X86_PRIV_WBINVD:                 /* no cache-flush permission */
    case X86_PRIV_HLT:                    /* a yield: events are checked on exit */
        return PRIV_DONE;
    default:
        return PRIV_NO;
    }
}

static int emulate(struct priv_ctxt *pc)
{
    switch ( pc->pi.kind )
    {
    case X86_PRIV_IN:
    case X86_PRIV_OUT:
        return priv_io(pc);
    case X86_PRIV_INS:
    case X86_PRIV_OUTS:
        return priv_string_io(pc);
    case X86_PRIV_CLI:
    case X86_PRIV_STI:
        /* No-ops: the upcall mask is the guest's interrupt flag. */
        return pv_iopl_ok(pc->v) ? PRIV_DONE : PRIV_NO;
    default:
        break;
    }
    if ( !guest_kernel_mode(pc->v) )
        return PRIV_NO;
    return emulate_kernel_op(pc);
}

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
    struct priv_ctxt pc;
    int rc = priv_decode(&pc, regs);

    if ( rc == X86EMUL_EXCEPTION && pc.ctxt.event.pending )
    {
        /* Fetch fault, or a non-canonical LMSW operand. */
        const struct x86_emul_event *e = &pc.ctxt.event;

        if ( e->vector == X86_EXC_PF )
            pv_inject_page_fault(e->error_code, e->cr2);
        else
            pv_inject_hw_exception(e->vector, e->has_error_code
                                              ? e->error_code
                                              : X86_EVENT_NO_EC);
        return true;
    }
    if ( rc != X86EMUL_OKAY || pc.pi.forced )
        return false;

    switch ( emulate(&pc) )
    {
    case PRIV_DONE:
        priv_complete(&pc, regs);
        return true;
    case PRIV_PARTIAL:                  /* string I/O: re-executes */
        pv_emul_regs_out(regs, &pc.regs);
        return true;
    case PRIV_RAISED:
        return true;
    default:
        return false;
    }
}

/* #UD: `ud2;"xen";cpuid` runs CPUID against the guest's policy. */
bool pv_emulate_forced_invalid_op(struct cpu_user_regs *regs)
{
    struct priv_ctxt pc;
    struct cpuid_leaf res;
    uint64_t *gpr = pc.regs.gpr;

    if ( priv_decode(&pc, regs) != X86EMUL_OKAY || !pc.pi.forced ||
         pc.pi.kind != X86_PRIV_CPUID )
        return false;                   /* guest #UD at the ud2 */

    guest_cpuid(pc.v, gpr[X86_GPR_RAX], gpr[X86_GPR_RCX], &res);
    gpr[X86_GPR_RAX] = res.a;
    gpr[X86_GPR_RBX] = res.b;
    gpr[X86_GPR_RCX] = res.c;
    gpr[X86_GPR_RDX] = res.d;
    priv_complete(&pc, regs);
    return true;
}
