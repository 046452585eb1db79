/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hardware state that PV privileged-op emulation, the CPUID policy,
 * guest MSRs and guest debug registers touch, in one place. Host unit tests
 * shadow this header (tests/unit/include/asm/pv/priv-hw.h) with a fake CPU.
 */
#ifndef ASM_PV_PRIV_HW_H
#define ASM_PV_PRIV_HW_H

#include <xen/types.h>
#include <asm/processor.h>
#include <asm/pv/traps.h>

static inline void hw_cpuid(uint32_t leaf, uint32_t subleaf,
                            struct cpuid_leaf *res)
{
    cpuid_count(leaf, subleaf, &res->a, &res->b, &res->c, &res->d);
}

/* 0, or -1 if the MSR does not exist here (#GP). */
static inline int hw_rdmsr_safe(uint32_t msr, uint64_t *val)
{
    return rdmsr_safe(msr, val);
}

/* Only for the segment-base MSRs, with a canonical value. */
static inline void hw_wrmsr(uint32_t msr, uint64_t val)
{
    wrmsr(msr, val);
}

static inline uint64_t hw_rdtsc(void) { return rdtsc(); }
static inline unsigned long hw_read_cr0(void) { return read_cr0(); }
static inline void hw_write_cr0(unsigned long v) { write_cr0(v); }
static inline unsigned long hw_read_cr3(void) { return read_cr3(); }
static inline void hw_write_cr3(unsigned long v) { write_cr3(v); }
static inline unsigned long hw_read_cr4(void) { return read_cr4(); }
static inline void hw_write_cr4(unsigned long v) { write_cr4(v); }
static inline void hw_invlpg(unsigned long va) { invlpg(va); }

/* Debug registers 0-3, 6 and 7 (SDM Vol. 3 18.2). */
static inline void hw_write_dr(unsigned int reg, unsigned long val)
{
    switch ( reg )
    {
    case 0: asm volatile ( "mov %0, %%dr0" :: "r" (val) ); break;
    case 1: asm volatile ( "mov %0, %%dr1" :: "r" (val) ); break;
    case 2: asm volatile ( "mov %0, %%dr2" :: "r" (val) ); break;
    case 3: asm volatile ( "mov %0, %%dr3" :: "r" (val) ); break;
    case 6: asm volatile ( "mov %0, %%dr6" :: "r" (val) ); break;
    case 7: asm volatile ( "mov %0, %%dr7" :: "r" (val) ); break;
    }
}

#endif /* ASM_PV_PRIV_HW_H */
