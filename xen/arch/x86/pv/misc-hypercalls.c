/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small PV state hypercalls: fpu_taskswitch (virtual CR0.TS),
 * set_segment_base (FS/GS bases and the user GS selector), vm_assist, and
 * the XENFEAT_* bits xen_version(XENVER_get_features) reports.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <public/features.h>

long do_fpu_taskswitch(unsigned int set)
{
    struct vcpu *v = current;

    if ( set )
    {
        v->arch.pv.ctrlreg[0] |= X86_CR0_TS;
        write_cr0(read_cr0() | X86_CR0_TS);
    }
    else
    {
        v->arch.pv.ctrlreg[0] &= ~X86_CR0_TS;
        asm volatile ( "clts" );
    }
    return 0;
}

/* Load sel into %gs, or the null selector if the guest's descriptor faults. */
static void load_user_gs_selector(uint16_t sel)
{
    asm volatile ( "swapgs\n"
                   "1: mov %w0, %%gs\n"
                   "2: swapgs\n"
                   "   .pushsection .fixup, \"ax\"\n"
                   "3: xor %k0, %k0\n"
                   "   mov %w0, %%gs\n"
                   "   jmp 2b\n"
                   "   .popsection\n"
                   _ASM_EXTABLE(1b, 3b)
                   : "+r" (sel) :: "memory" );
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
    struct vcpu *v = current;

    switch ( which )
    {
    case SEGBASE_FS:
        if ( !is_canonical_address(base) )
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        v->arch.pv.fs_base = base;
        return 0;
    case SEGBASE_GS_USER:
        if ( !is_canonical_address(base) )
            return -EINVAL;
        wrmsr(MSR_SHADOW_GS_BASE, base);
        v->arch.pv.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if ( !is_canonical_address(base) )
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        v->arch.pv.gs_base_kernel = base;
        return 0;
    case SEGBASE_GS_USER_SEL:
        load_user_gs_selector(base & 0xffff);
        v->arch.pv.gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
        return 0;
    default:
        return -EINVAL;
    }
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type >= 64 || !(XEN_VMASST_VALID_PV64 & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->arch.pv.vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->arch.pv.vm_assist, ~(1UL << type),
                           __ATOMIC_SEQ_CST);
        return 0;
    default:
        return -ENOSYS;
    }
}

uint32_t arch_xen_features(const struct domain *d, unsigned int submap_idx)
{
    uint32_t f;

    if ( submap_idx != 0 )
        return 0;
    f = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
        (1U << XENFEAT_highmem_assist) |
        (1U << XENFEAT_gnttab_map_avail_bits) |
        (1U << XENFEAT_memory_op_vnode_supported);
    if ( d->arch.pv.vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3) )
        f |= 1U << XENFEAT_pae_pgdir_above_4gb;
    if ( d == hardware_domain )
        f |= 1U << XENFEAT_dom0;
    return f;
}
