/* SPDX-License-Identifier: GPL-2.0-only */
/* Control registers, MSRs, CPUID and other processor wrappers. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>

#define X86_CR0_PE  (1UL << 0)
#define X86_CR0_MP  (1UL << 1)
#define X86_CR0_EM  (1UL << 2)
#define X86_CR0_TS  (1UL << 3)
#define X86_CR0_NE  (1UL << 5)
#define X86_CR0_WP  (1UL << 16)
#define X86_CR0_AM  (1UL << 18)
#define X86_CR0_PG  (1UL << 31)

#define X86_CR4_VME        (1UL << 0)
#define X86_CR4_PVI        (1UL << 1)
#define X86_CR4_TSD        (1UL << 2)
#define X86_CR4_DE         (1UL << 3)
#define X86_CR4_PSE        (1UL << 4)
#define X86_CR4_PAE        (1UL << 5)
#define X86_CR4_MCE        (1UL << 6)
#define X86_CR4_PGE        (1UL << 7)
#define X86_CR4_OSFXSR     (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_UMIP       (1UL << 11)
#define X86_CR4_FSGSBASE   (1UL << 16)
#define X86_CR4_PCIDE      (1UL << 17)
#define X86_CR4_OSXSAVE    (1UL << 18)
#define X86_CR4_SMEP       (1UL << 20)
#define X86_CR4_SMAP       (1UL << 21)

#include <asm/x86-defns.h>

#define MSR_EFER            0xc0000080
#define  EFER_SCE           (1UL << 0)
#define  EFER_LME           (1UL << 8)
#define  EFER_LMA           (1UL << 10)
#define  EFER_NXE           (1UL << 11)
#define MSR_STAR            0xc0000081
#define MSR_LSTAR           0xc0000082
#define MSR_CSTAR           0xc0000083
#define MSR_SYSCALL_MASK    0xc0000084
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_SHADOW_GS_BASE  0xc0000102
#define MSR_TSC_AUX         0xc0000103
#define MSR_IA32_APICBASE   0x0000001b
#define MSR_IA32_SYSENTER_CS  0x00000174
#define MSR_IA32_SYSENTER_ESP 0x00000175
#define MSR_IA32_SYSENTER_EIP 0x00000176
#define MSR_IA32_MISC_ENABLE  0x000001a0
#define MSR_IA32_CR_PAT     0x00000277
#define MSR_IA32_TSC        0x00000010
#define MSR_IA32_TSC_DEADLINE 0x000006e0

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ( "wrmsr" :: "c" (msr), "a" ((uint32_t)val),
                   "d" ((uint32_t)(val >> 32)) );
}

/* Returns 0 on success, -1 if the access faulted (#GP). */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
                               uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile ( "cpuid" : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
                   : "0" (leaf), "2" (sub) );
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c,
                         uint32_t *d)
{
    cpuid_count(leaf, 0, a, b, c, d);
}

/*
 * SMAP (setup.c turns CR4.SMAP on when the CPU has it): the hypervisor
 * may touch a user page (every PV guest page) only between stac() and
 * clac(), which the guest-copy routines (usercopy.c) do. Without SMAP
 * both are no-ops (the instructions would be #UD).
 */
extern bool x86_smap_on;

static inline void stac(void)
{
    if ( x86_smap_on )
        asm volatile ( "stac" ::: "memory" );
}

static inline void clac(void)
{
    if ( x86_smap_on )
        asm volatile ( "clac" ::: "memory" );
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                          \
    static inline unsigned long read_cr##n(void)                        \
    {                                                                   \
        unsigned long v;                                                \
        asm volatile ( "mov %%cr" #n ", %0" : "=r" (v) );               \
        return v;                                                       \
    }                                                                   \
    static inline void write_cr##n(unsigned long v)                     \
    {                                                                   \
        asm volatile ( "mov %0, %%cr" #n :: "r" (v) : "memory" );       \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline void invlpg(unsigned long va)
{
    asm volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}

static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

static inline void halt(void)
{
    asm volatile ( "hlt" ::: "memory" );
}

static inline void cpu_relax(void)
{
    asm volatile ( "pause" ::: "memory" );
}

static inline unsigned long read_rflags(void)
{
    unsigned long f;

    asm volatile ( "pushf; pop %0" : "=r" (f) );
    return f;
}

static inline void local_irq_disable(void)
{
    asm volatile ( "cli" ::: "memory" );
}

static inline void local_irq_enable(void)
{
    asm volatile ( "sti" ::: "memory" );
}

/*
 * The idle loop's wait, with interrupts off on entry and exit: sti's
 * shadow covers hlt, so an interrupt due now still wakes the CPU.
 */
static inline void arch_cpu_idle(void)
{
    asm volatile ( "sti; hlt; cli" ::: "memory" );
}

static inline void wbinvd(void)
{
    asm volatile ( "wbinvd" ::: "memory" );
}

static inline void write_xcr0(uint64_t v)
{
    asm volatile ( "xsetbv" :: "c" (0), "a" ((uint32_t)v),
                   "d" ((uint32_t)(v >> 32)) );
}

struct cpu_user_regs;
/* Log a guest's registers (domain_crash of the current domain). */
void show_guest_registers(const struct cpu_user_regs *regs);

#endif /* ASM_PROCESSOR_H */
