/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest RDMSR/WRMSR for 64-bit PV guests (pv-abi-ladder 2.7). A guest may
 * write only its own FS/GS bases to hardware; every other write is either
 * a no-op (value unchanged) or #GP(0). Unknown MSRs #GP(0).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>

#define MSR_IA32_SPEC_CTRL          0x00000048
#define MSR_IA32_PRED_CMD           0x00000049
#define MSR_IA32_ARCH_CAPABILITIES  0x0000010a
#define MSR_INTEL_PLATFORM_INFO     0x000000ce
#define MSR_INTEL_MISC_FEATURES     0x00000140
/*
 * Xen's MSR base (CPUID 0x40000002 EBX): writing gmfn<<12 installs a
 * hypercall page. PV guests use the ELF note instead; writes #GP for now.
 */
#define MSR_XEN_HYPERCALL_PAGE      0x40000000

#define APIC_BASE_BSP       (1UL << 8)
#define APIC_BASE_EXTD      (1UL << 10)     /* x2APIC mode: hidden */

/* EFER bits a guest may see: SCE LME LMA NXE FFXSE. */
#define EFER_GUEST_MASK     0x00004d01UL

/* MISC_ENABLE as guests see it (what Xen reports). */
#define MISC_EN_PERF_AVAIL      (1UL << 7)
#define MISC_EN_BTS_UNAVAIL     (1UL << 11)
#define MISC_EN_PEBS_UNAVAIL    (1UL << 12)
#define MISC_EN_MONITOR         (1UL << 18)
#define MISC_EN_XTPR_DISABLE    (1UL << 23)

static bool is_canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/*
 * Segment bases. In the vCPU's current mode hardware GS_BASE holds that
 * mode's GS base and SHADOW_GS_BASE the other one (swapgs on mode switch).
 */
static unsigned long *gs_slot(struct vcpu *v, bool shadow)
{
    bool kernel = guest_kernel_mode(v) ^ shadow;

    return kernel ? &v->arch.pv.gs_base_kernel : &v->arch.pv.gs_base_user;
}

static int read_base(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    if ( v == current )
        return hw_rdmsr_safe(msr, val);
    if ( msr == MSR_FS_BASE )
        *val = v->arch.pv.fs_base;
    else
        *val = *gs_slot(v, msr == MSR_SHADOW_GS_BASE);
    return 0;
}

static int write_base(struct vcpu *v, uint32_t msr, uint64_t val)
{
    if ( !is_canonical(val) )
        return -1;                      /* XSA-193 */
    if ( msr == MSR_FS_BASE )
        v->arch.pv.fs_base = val;
    else
        *gs_slot(v, msr == MSR_SHADOW_GS_BASE) = val;
    if ( v == current )
        hw_wrmsr(msr, val);
    return 0;
}

static int read_misc_enable(uint64_t *val)
{
    /* Absent on AMD: the read faults and so does the guest's (XSA-333). */
    if ( hw_rdmsr_safe(MSR_IA32_MISC_ENABLE, val) )
        return -1;
    *val &= ~(MISC_EN_PERF_AVAIL | MISC_EN_MONITOR);
    *val |= MISC_EN_BTS_UNAVAIL | MISC_EN_PEBS_UNAVAIL | MISC_EN_XTPR_DISABLE;
    return 0;
}

/* MSRs the guest may read: 0 (value), -1 (#GP) or 1 (not one of them). */
static int read_known(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        return read_base(v, msr, val);
    case MSR_EFER:
        if ( hw_rdmsr_safe(MSR_EFER, val) )
            return -1;
        *val &= EFER_GUEST_MASK;
        return 0;
    case MSR_IA32_CR_PAT:
        return hw_rdmsr_safe(MSR_IA32_CR_PAT, val);
    case MSR_IA32_TSC:
        *val = hw_rdtsc();
        return 0;
    case MSR_IA32_MISC_ENABLE:
        return read_misc_enable(val);
    case MSR_IA32_APICBASE:
        if ( hw_rdmsr_safe(MSR_IA32_APICBASE, val) )
            return -1;
        *val &= ~(APIC_BASE_BSP | APIC_BASE_EXTD);
        if ( v->vcpu_id == 0 )
            *val |= APIC_BASE_BSP;
        return 0;
    case MSR_INTEL_PLATFORM_INFO:
        *val = 0;                       /* bit 31: no CPUID faulting */
        return 0;
    case MSR_INTEL_MISC_FEATURES:
        *val = 0;                       /* CPUID faulting off */
        return 0;
    case MSR_XEN_HYPERCALL_PAGE:
        *val = 0;                       /* write-only: reads as zero */
        return 0;
    }
    /*
     * SPEC_CTRL, PRED_CMD, ARCH_CAPABILITIES: the CPUID policy offers none
     * of IBRS/IBPB/STIBP/SSBD/ARCH_CAPS, so they #GP like unknown MSRs.
     */
    return 1;
}

int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    uint64_t tmp;
    int rc = read_known(v, msr, val);

    if ( rc <= 0 )
        return rc;
    /*
     * Xen's compatibility quirk: a guest that has no #GP handler yet (early
     * boot) reads 0 from an unknown MSR the hardware has, instead of dying.
     */
    if ( !v->arch.pv.trap_ctxt[13].address && !hw_rdmsr_safe(msr, &tmp) )
    {
        *val = 0;
        return 0;
    }
    return -1;
}

int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    uint64_t cur;

    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        return write_base(v, msr, val);
    case MSR_EFER:
    case MSR_IA32_CR_PAT:
    case MSR_IA32_MISC_ENABLE:
    case MSR_INTEL_MISC_FEATURES:
        /* Read-only to guests: rewriting the value they read is a no-op. */
        if ( read_known(v, msr, &cur) != 0 || cur != val )
            return -1;
        return 0;
    }
    return -1;
}
