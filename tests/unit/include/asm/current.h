/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shadow of asm/current.h for unit tests: `current` is a variable the
 * test defines and sets (the real one is found from the hypervisor stack
 * pointer); so is guest_cpu_user_regs() for tests that use it. With
 * -DUNIT_SMP, smp_processor_id() is the test's unit_cpu.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <xen/types.h>
#include <public/xen.h>

struct vcpu;

extern struct vcpu *unit_current_vcpu;
extern struct cpu_user_regs unit_guest_regs;

#ifdef UNIT_SMP
extern unsigned int unit_cpu;           /* the CPU the test plays */
#define smp_processor_id()    unit_cpu
#else
#define smp_processor_id()    0U
#endif
#define current               unit_current_vcpu
#define guest_cpu_user_regs() (&unit_guest_regs)

#endif /* ASM_CURRENT_H */
