/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Glue between a guest's saved registers and the instruction emulator,
 * shared by privileged-op emulation, writable page tables and read-only
 * I/O memory.
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

/*
 * emul-memop.c, for the #PF emulations: fetch/read ops through the guest's
 * current mappings, and one run over the faulting instruction (ctxt->regs
 * loaded from and, on success, stored to regs; a #DB for TF, or the
 * emulator's fault injected). false: not handled, bounce the #PF.
 */
int pv_emul_fetch(uint64_t addr, void *buf, unsigned int len,
                  struct x86_emulate_ctxt *ctxt);
int pv_emul_read(uint64_t addr, uint64_t *val, unsigned int size,
                 struct x86_emulate_ctxt *ctxt);
bool pv_emul_memop(struct x86_emulate_ctxt *ctxt, struct cpu_user_regs *regs);

#endif /* PV_EMULATE_H */
