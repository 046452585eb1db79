/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the PV privileged-op emulation (emul-priv-op.c, emul-io.c):
 * the per-instruction context and the results of the emulation steps.
 */
#ifndef PV_EMUL_PRIV_H
#define PV_EMUL_PRIV_H

#include <xen/types.h>
#include <asm/processor.h>
#include <asm/x86_emulate.h>
#include "emulate.h"

struct vcpu;

struct priv_ctxt {
    struct x86_emulate_ctxt ctxt;
    struct emul_regs regs;      /* the guest's, changed as emulated */
    struct x86_priv_insn pi;    /* the decoded instruction */
    struct vcpu *v;             /* current */
    unsigned int bpmatch;       /* DR6 B0-B3 of I/O breakpoints hit */
};

enum priv_result {
    PRIV_NO,        /* not emulated: the guest gets the original #GP(0) */
    PRIV_DONE,      /* performed: step over the instruction */
    PRIV_PARTIAL,   /* string I/O progress (and maybe a fault injected):
                       registers written back, RIP stays to re-execute */
    PRIV_RAISED,    /* an exception was injected; registers unchanged */
};

/* May v, in its current mode, use I/O instructions and CLI/STI? */
bool pv_iopl_ok(const struct vcpu *v);
/* ... or the port range [port, port + bytes) through its I/O bitmap? */
bool pv_io_permitted(struct vcpu *v, unsigned int port, unsigned int bytes);

/* IN/OUT and INS/OUTS. */
int priv_io(struct priv_ctxt *pc);
int priv_string_io(struct priv_ctxt *pc);

#endif /* PV_EMUL_PRIV_H */
