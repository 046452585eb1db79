/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Glue between a guest's saved registers and the instruction emulator,
 * shared by privileged-op emulation and writable page tables.
 */
#ifndef PV_EMULATE_H
#define PV_EMULATE_H

#include <public/xen.h>
#include <asm/x86_emulate.h>

/* cpu_user_regs <-> the emulator's hardware-ordered register file. */
void pv_emul_regs_in(struct emul_regs *e, const struct cpu_user_regs *r);
void pv_emul_regs_out(struct cpu_user_regs *r, const struct emul_regs *e);
/* Queue the fault the emulator reported for the current vCPU. */
void pv_emul_inject_event(const struct x86_emul_event *ev);

#endif /* PV_EMULATE_H */
