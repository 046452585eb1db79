/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shadow of asm/pv/priv-hw.h for unit tests: the hardware the PV
 * emulation touches becomes a fake CPU the test defines and inspects
 * (tests/unit/test_emul_priv.c).
 */
#ifndef ASM_PV_PRIV_HW_H
#define ASM_PV_PRIV_HW_H

#include <xen/types.h>
#include <asm/processor.h>
#include <asm/pv/traps.h>

void hw_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res);
int hw_rdmsr_safe(uint32_t msr, uint64_t *val);
void hw_wrmsr(uint32_t msr, uint64_t val);
uint64_t hw_rdtsc(void);
unsigned long hw_read_cr0(void);
void hw_write_cr0(unsigned long v);
unsigned long hw_read_cr3(void);
void hw_write_cr3(unsigned long v);
unsigned long hw_read_cr4(void);
void hw_write_cr4(unsigned long v);
void hw_invlpg(unsigned long va);
void hw_write_dr(unsigned int reg, unsigned long val);

#endif /* ASM_PV_PRIV_HW_H */
