/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state at the top of each CPU's stack. The guest's registers are
 * saved in guest_cpu_user_regs on every entry from guest context: the TSS's
 * RSP0 points just past its ss field, so the hardware frame lands in place.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <xen/types.h>
#include <public/xen.h>

struct vcpu;

struct cpu_info {
    struct cpu_user_regs guest_cpu_user_regs;
    unsigned int processor_id;
    unsigned int _pad0;
    struct vcpu *current_vcpu;
    unsigned long guest_rsp_scratch;    /* SYSCALL entry parks the guest RSP */
    unsigned long _pad1;                /* keeps regs.es 16-byte aligned */
};

extern char cpu_stacks[];               /* NR_CPUS * STACK_SIZE, aligned */

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    asm ( "mov %%rsp, %0" : "=r" (sp) );
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

static inline struct cpu_info *cpu_info_of(unsigned int cpu)
{
    return (struct cpu_info *)(cpu_stacks + (cpu + 1) * STACK_SIZE) - 1;
}

#define smp_processor_id() (get_cpu_info()->processor_id)
#define current            (get_cpu_info()->current_vcpu)
#define guest_cpu_user_regs() (&get_cpu_info()->guest_cpu_user_regs)

#endif /* ASM_CURRENT_H */
