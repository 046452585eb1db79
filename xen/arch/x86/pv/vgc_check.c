/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rules a vcpu_guest_context must follow before VCPUOP_initialise may
 * load it (pv-abi-ladder 3.8). Pure: no vCPU or hardware state is touched,
 * so the host tests run it as is.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/pv/vcpu_context.h>

#define LDT_MAX_ENTS   8192
#define SELECTOR_RPL3  3
#define FXSAVE_MXCSR   24       /* byte offset of MXCSR in an FXSAVE image */

/* Set from the boot CPU's FXSAVE image; until then the architectural default. */
uint32_t mxcsr_mask = MXCSR_MASK_DEFAULT;

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

int pv_vcpu_context_check(struct vcpu_guest_context *c, unsigned int vcpu_id,
                          uint64_t vm_assist_valid)
{
    const uint64_t addrs[] = {
        c->user_regs.rip, c->user_regs.rsp, c->kernel_sp, c->fs_base,
        c->gs_base_kernel, c->gs_base_user, c->event_callback_eip,
        c->failsafe_callback_eip, c->syscall_callback_eip,
    };
    unsigned int i;

    for ( i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++ )
        if ( !canonical(addrs[i]) )
            return -EINVAL;
    for ( i = 0; i < 256; i++ )
        if ( !canonical(c->trap_ctxt[i].address) )
            return -EINVAL;

    if ( (c->ldt_ents && !canonical(c->ldt_base)) ||
         (c->ldt_base & 0xfff) || c->ldt_ents > LDT_MAX_ENTS )
        return -EINVAL;
    if ( c->gdt_ents > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    if ( vcpu_id == 0 && (c->vm_assist & ~vm_assist_valid) )
        return -EINVAL;
    if ( !(c->flags & VGCF_in_kernel) && !c->ctrlreg[1] )
        return -EINVAL;
    /* A reserved MXCSR bit would make the hypervisor's fxrstor #GP. */
    if ( c->flags & VGCF_i387_valid )
    {
        uint32_t mxcsr;

        memcpy(&mxcsr, &c->fpu_ctxt.x[FXSAVE_MXCSR], sizeof(mxcsr));
        if ( mxcsr & ~mxcsr_mask )
            return -EINVAL;
    }

    /* The guest kernel runs in ring 3: its selectors carry RPL 3. */
    c->user_regs.cs |= SELECTOR_RPL3;
    c->user_regs.ss |= SELECTOR_RPL3;
    c->kernel_ss |= SELECTOR_RPL3;
    for ( i = 0; i < 256; i++ )
        c->trap_ctxt[i].cs = FLAT_KERNEL_CS;
    return 0;
}
