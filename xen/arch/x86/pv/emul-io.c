/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O by PV guests (pv-abi-ladder 2.7): IN/OUT/INS/OUTS are allowed by
 * the vCPU's virtual IOPL or its I/O bitmap (PHYSDEVOP_set_iopl/iobitmap),
 * else the guest gets #GP(0). What a permitted access does is the domain's
 * port permissions' business (arch/x86/ioport.c): real ports for those it
 * owns, PCI configuration filtered, all ones and dropped writes otherwise.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/ioport.h>
#include <asm/uaccess.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>
#include "emul-priv.h"

#define PFEC_write      (1U << 1)
#define STRING_IO_BATCH 1024            /* elements per trap, then re-execute */

/*
 * Guest kernel mode has CPL 1, or 0 with VMASST_TYPE_architectural_iopl;
 * guest user mode has CPL 3. Allowed when CPL <= virtual IOPL.
 */
bool pv_iopl_ok(const struct vcpu *v)
{
    unsigned int cpl = 3;

    if ( guest_kernel_mode(v) )
        cpl = (v->domain->arch.pv.vm_assist &
               (1UL << VMASST_TYPE_architectural_iopl)) ? 0 : 1;
    return ((unsigned long)cpl << 12) <= v->arch.pv.iopl;
}

/*
 * The TSS-style bitmap (clear bit = allowed) lives at a guest-kernel
 * address: read it through the kernel page tables even from user mode.
 * Unreadable bytes count as all ones (denied).
 */
static bool iobmp_allows(struct vcpu *v, unsigned int port, unsigned int bytes)
{
    unsigned long va = v->arch.pv.iobmp + port / 8;
    bool user = !guest_kernel_mode(v);
    uint8_t b[2] = { 0xff, 0xff };
    unsigned long cr3 = 0;
    unsigned int mask;

    if ( port + bytes > v->arch.pv.iobmp_limit )
        return false;
    if ( user )
    {
        cr3 = hw_read_cr3();
        hw_write_cr3(mfn_x(v->arch.pv.guest_table) << PAGE_SHIFT);
    }
    if ( !copy_from_guest_va(&b[0], va, 1) )
        (void)copy_from_guest_va(&b[1], va + 1, 1);
    if ( user )
        hw_write_cr3(cr3);

    mask = b[0] | (b[1] << 8);
    return !(mask & (((1U << bytes) - 1) << (port & 7)));
}

bool pv_io_permitted(struct vcpu *v, unsigned int port, unsigned int bytes)
{
    return pv_iopl_ok(v) || iobmp_allows(v, port, bytes);
}

int priv_io(struct priv_ctxt *pc)
{
    const struct x86_priv_insn *pi = &pc->pi;
    unsigned int port = pi->port_in_dx ? pc->regs.gpr[X86_GPR_RDX] & 0xffff
                                       : pi->port;
    unsigned int bytes = pi->size;

    if ( !pv_io_permitted(pc->v, port, bytes) )
        return PRIV_NO;
    if ( pi->kind == X86_PRIV_IN )
        x86_gpr_write(&pc->regs, X86_GPR_RAX, bytes, false,
                      guest_io_read(pc->v->domain, port, bytes));
    else
        guest_io_write(pc->v->domain, port, bytes,
                       x86_gpr_read(&pc->regs, X86_GPR_RAX, bytes, false));
    pc->bpmatch |= pv_io_breakpoint_match(pc->v, port, bytes);
    return PRIV_DONE;
}

static bool canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/* One INS/OUTS element at addr; false if it faulted (exception injected). */
static bool string_element(struct priv_ctxt *pc, uint64_t addr,
                           unsigned int port)
{
    unsigned int bytes = pc->pi.size;
    uint32_t data;

    if ( !canonical(addr) )
    {
        pv_inject_hw_exception(X86_EXC_GP, 0);
        return false;
    }
    if ( pc->pi.kind == X86_PRIV_INS )
    {
        data = guest_io_read(pc->v->domain, port, bytes);
        if ( copy_to_guest_va(addr, &data, bytes) )
        {
            pv_inject_page_fault(PFEC_write, addr);
            return false;
        }
    }
    else
    {
        data = 0;
        if ( copy_from_guest_va(&data, addr, bytes) )
        {
            pv_inject_page_fault(0, addr);
            return false;
        }
        guest_io_write(pc->v->domain, port, bytes, data);
    }
    pc->bpmatch |= pv_io_breakpoint_match(pc->v, port, bytes);
    return true;
}

/*
 * INS/OUTS, REP or not. A long REP is done in batches: registers are
 * written back with RIP unchanged and the guest re-executes the rest.
 */
int priv_string_io(struct priv_ctxt *pc)
{
    const struct x86_priv_insn *pi = &pc->pi;
    unsigned int port = pc->regs.gpr[X86_GPR_RDX] & 0xffff;
    uint64_t base;

    if ( !pv_io_permitted(pc->v, port, pi->size) )
        return PRIV_NO;
    if ( x86_priv_string_empty(&pc->regs, pi) )
        return PRIV_DONE;
    if ( pi->kind == X86_PRIV_OUTS && pi->seg == X86_SEG_FS &&
         !guest_rdmsr(pc->v, MSR_FS_BASE, &base) )
        pc->ctxt.fs_base = base;
    if ( pi->kind == X86_PRIV_OUTS && pi->seg == X86_SEG_GS &&
         !guest_rdmsr(pc->v, MSR_GS_BASE, &base) )
        pc->ctxt.gs_base = base;

    for ( unsigned int n = 1; ; n++ )
    {
        if ( !string_element(pc, x86_priv_string_addr(&pc->ctxt, pi), port) )
            return PRIV_PARTIAL;        /* progress so far + the fault */
        if ( !x86_priv_string_advance(&pc->regs, pi) )
            return PRIV_DONE;
        if ( n == STRING_IO_BATCH )
            return PRIV_PARTIAL;
    }
}
