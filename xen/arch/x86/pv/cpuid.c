/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPUID a 64-bit PV guest sees (forced-emulation and, with faulting,
 * native CPUID): the host's leaves filtered to what a PV kernel running at
 * CPL 3 can use, plus Xen's leaves at 0x40000000 (pv-abi-ladder 1.11, 3.2).
 * Features are allow-listed: anything not named here is hidden.
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <xen/sched.h>
#include <asm/mm.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>

extern uint64_t cpu_khz;                /* arch/x86/time.c */

#define BASIC_MAX    0x0000000dU
#define EXTD_MAX     0x80000008U
#define XEN_BASE     0x40000000U
#define XEN_MAX_IDX  5U                 /* leaves 0x40000000-0x40000005 */

#define B(n) (1U << (n))

/* Leaf 1 EDX: FPU DE TSC MSR PAE CX8 SEP CMOV PAT CLFSH MMX FXSR SSE SSE2 SS. */
#define L1_EDX_OK (B(0) | B(2) | B(4) | B(5) | B(6) | B(8) | B(11) | B(15) | \
                   B(16) | B(19) | B(23) | B(24) | B(25) | B(26) | B(27))
/* Leaf 1 ECX: SSE3 PCLMUL SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES RDRAND. */
#define L1_ECX_OK (B(0) | B(1) | B(9) | B(13) | B(19) | B(20) | B(22) | \
                   B(23) | B(25) | B(30))
#define L1_EDX_APIC      B(9)
#define L1_ECX_XSAVE     B(26)
#define L1_ECX_OSXSAVE   B(27)
#define L1_ECX_HYPERVISOR B(31)
#define L1_EDX_HTT       B(28)
/* Leaf 7.0 EBX: BMI1 FDP_EXCP_ONLY BMI2 ERMS NO_FPU_SEL RDSEED ADX CLFLUSHOPT
 * CLWB SHA. (FSGSBASE, SMEP/SMAP, INVPCID, TSX, AVX*, MPX, PT: hidden.) */
#define L7_EBX_OK (B(3) | B(6) | B(8) | B(9) | B(13) | B(18) | B(19) | \
                   B(23) | B(24) | B(29))
/* Leaf 7.0 ECX: PREFETCHWT1 MOVDIRI MOVDIR64B (PKU, UMIP, RDPID: hidden). */
#define L7_ECX_OK (B(0) | B(27) | B(28))
/* Leaf 7.0 EDX: FSRM MD_CLEAR SERIALIZE (no SPEC_CTRL/ARCH_CAPS MSRs). */
#define L7_EDX_OK (B(4) | B(10) | B(14))
/* 0x80000001 ECX: LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE 3DNOWPREFETCH. */
#define E1_ECX_OK (B(0) | B(1) | B(5) | B(6) | B(7) | B(8))
/* 0x80000001 EDX: the leaf-1 mirror bits plus SYSCALL NX MMXEXT LM 3DNow!.
 * (RDTSCP hidden: we do not virtualise TSC_AUX; 1G pages: no superpages.) */
#define E1_EDX_OK (B(0) | B(2) | B(4) | B(5) | B(6) | B(8) | B(11) | \
                   B(15) | B(16) | B(20) | B(22) | B(23) | B(24) | B(29) | \
                   B(30) | B(31))

static void host_leaf(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res)
{
    hw_cpuid(leaf, subleaf, res);
}

static void basic_leaf(const struct vcpu *v, uint32_t leaf, uint32_t subleaf,
                       struct cpuid_leaf *res)
{
    struct cpuid_leaf host;

    host_leaf(0, 0, &host);
    if ( leaf > min(host.a, BASIC_MAX) )
        return;                         /* out of range: all zero */

    switch ( leaf )
    {
    case 0:
        *res = host;
        res->a = min(host.a, BASIC_MAX);
        break;
    case 1:
        host_leaf(1, 0, res);
        /* Brand index and CLFLUSH size kept; no HTT; APIC id per vCPU. */
        res->b = (res->b & 0x0000ffffU) | ((v->vcpu_id * 2U) << 24);
        res->c = (res->c & L1_ECX_OK) | L1_ECX_HYPERVISOR;
        if ( (v->arch.pv.ctrlreg[4] & X86_CR4_OSXSAVE) && (res->c & L1_ECX_XSAVE) )
            res->c |= L1_ECX_OSXSAVE;
        /*
         * The hardware domain sees the host's APIC bit, as on Xen: Linux
         * then parses the MADT's IO-APICs and routes GSIs through ACPI
         * (PHYSDEVOP_map_pirq); its APIC ops are Xen's PV stubs.
         */
        res->d &= L1_EDX_OK | (v->domain == hardware_domain ? L1_EDX_APIC : 0);
        break;
    case 2:
    case 4:                             /* cache descriptors/parameters */
        host_leaf(leaf, subleaf, res);
        break;
    case 7:
        if ( subleaf != 0 )
            break;
        host_leaf(7, 0, res);
        res->a = 0;                     /* only subleaf 0 */
        res->b &= L7_EBX_OK;
        res->c &= L7_ECX_OK;
        res->d &= L7_EDX_OK;
        break;
    default:
        /*
         * 3 (PSN), 5 (MONITOR), 6 (power), 8-0xc (perfmon, topology),
         * 0xd (XSAVE): nothing a PV guest may use.
         */
        break;
    }
}

static void extd_leaf(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res)
{
    struct cpuid_leaf host;

    host_leaf(0x80000000U, 0, &host);
    if ( host.a < 0x80000000U || leaf > min(host.a, EXTD_MAX) )
        return;

    switch ( leaf )
    {
    case 0x80000000U:
        *res = host;
        res->a = min(host.a, EXTD_MAX);
        break;
    case 0x80000001U:
        host_leaf(leaf, 0, res);
        res->b = 0;
        res->c &= E1_ECX_OK;
        res->d &= E1_EDX_OK;
        break;
    case 0x80000002U ... 0x80000006U:   /* brand string, caches */
        host_leaf(leaf, subleaf, res);
        break;
    case 0x80000008U:
        host_leaf(leaf, 0, res);
        res->b = res->c = res->d = 0;   /* address sizes only */
        break;
    default:                            /* 0x80000007: power management */
        break;
    }
}

/* TSC ticks -> ns as (ticks << shift) * mul >> 32 (vcpu_time_info form). */
static void tsc_scale(uint64_t khz, uint32_t *mul, int8_t *shift)
{
    uint64_t tps = khz * 1000;
    int s = 0;

    if ( !tps )
    {
        *mul = 0;
        *shift = 0;
        return;
    }
    while ( tps > 2000000000ULL )
    {
        tps >>= 1;
        s--;
    }
    while ( tps <= 1000000000ULL )
    {
        tps <<= 1;
        s++;
    }
    *mul = (uint32_t)((1000000000ULL << 32) / tps);
    *shift = s;
}

/* Bits needed for the highest machine address (leaf 0x40000005 EBX). */
static unsigned int machine_address_bits(void)
{
    unsigned long top = max_page ? max_page - 1 : 0;
    unsigned int bits = 0;

    while ( top )
    {
        bits++;
        top >>= 1;
    }
    return bits + PAGE_SHIFT;
}

/* Xen's leaves (public arch-x86/cpuid.h), base 0x40000000. */
static void xen_leaf(uint32_t idx, uint32_t subleaf, struct cpuid_leaf *res)
{
    uint32_t mul;
    int8_t shift;

    switch ( idx )
    {
    case 0:
        res->a = XEN_BASE + XEN_MAX_IDX;
        res->b = 0x566e6558;            /* "XenVMMXenVMM" */
        res->c = 0x65584d4d;
        res->d = 0x4d4d566e;
        break;
    case 1:
        res->a = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
        break;
    case 2:
        res->a = 1;                     /* hypercall pages */
        res->b = XEN_BASE;              /* Xen MSR base */
        res->c = 1U << 0;               /* MMU_PT_UPDATE_PRESERVE_AD */
        break;
    case 3:                             /* time: native TSC, no emulation */
        if ( subleaf == 0 )
            res->c = cpu_khz;           /* a: no vtsc/RDTSCP; b: tsc_mode 0 */
        else if ( subleaf == 1 )
        {
            tsc_scale(cpu_khz, &mul, &shift);
            res->c = mul;               /* a/b: offset 0 */
            res->d = (uint32_t)(int32_t)shift;
        }
        else if ( subleaf == 2 )
            res->a = cpu_khz;
        break;
    case 5:                             /* PV parameters */
        if ( subleaf == 0 )
            res->b = machine_address_bits();
        break;
    default:                            /* 4: HVM only */
        break;
    }
}

void guest_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t subleaf,
                 struct cpuid_leaf *res)
{
    *res = (struct cpuid_leaf){ 0 };

    if ( leaf < XEN_BASE )
        basic_leaf(v, leaf, subleaf, res);
    else if ( leaf - XEN_BASE <= XEN_MAX_IDX )
        xen_leaf(leaf - XEN_BASE, subleaf, res);
    else if ( leaf >= 0x80000000U )
        extd_leaf(leaf, subleaf, res);
}
