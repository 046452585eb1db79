/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers and the machinery around them.
 *
 * Every handler takes its arguments as the guest passed them in registers
 * (rdi, rsi, rdx, r10, r8; multicall entries may carry a sixth): integers
 * as unsigned long/unsigned int, guest pointers as unsigned long guest
 * virtual addresses read with asm/uaccess.h. A handler validates all of its
 * input before changing anything and returns 0/positive or -errno.
 * The handlers, their numbers and argument types come from the one list,
 * XEN_HYPERCALL_LIST (public/hypercall-defs.h); arch/x86/pv/hypercall.c
 * expands it into the dispatch table. A number without a handler returns
 * -ENOSYS.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>
#include <public/xen.h>
#include <asm/config.h>
#include <asm/current.h>

struct cpu_user_regs;

/*
 * Entry from the guest's `syscall` in guest kernel mode (regs->rax = nr):
 * arch/x86/pv/hypercall.c.
 */
void pv_hypercall(struct cpu_user_regs *regs);

/* Run hypercall nr with args[0..5] (also used by multicall); -ENOSYS if none. */
long hypercall_dispatch(unsigned long nr, const unsigned long args[6]);

/*
 * Per-CPU state of the guest hypercall being run (a vCPU leaves its pCPU
 * only on the way out, so it stays on this CPU throughout): whether one is
 * running, whether a continuation rewrote the guest's registers, whether
 * a multicall entry is running (common/multicall.c), and when it first
 * asked whether to stop (0: not yet).
 */
struct hc_state {
    bool active;
    bool continued;
    bool multicall;
    s_time_t start;
};
extern struct hc_state hc_state[NR_CPUS];

/*
 * Around a guest's hypercall (hs: the caller's CPU's state):
 * hypercall_preempt_check() is live in between. Inline: every hypercall
 * passes both.
 */
static inline void hypercall_begin(struct hc_state *hs)
{
    hs->active = true;
    hs->continued = false;
    hs->start = 0;
}

static inline void hypercall_end(struct hc_state *hs)
{
    hs->active = false;
}

/*
 * Continuations: a handler that stops early for preemption calls
 * hypercall_create_continuation(nr, n, a1...) and returns its result. The
 * guest's registers get the new arguments and RIP is rewound by 2 so the
 * `syscall` runs again; inside a multicall the entry is written back with
 * the new arguments and the multicall continues from it. A handler that
 * returns -ERESTART without a continuation is re-issued with the same
 * arguments. hypercall_preempt_check() says whether to stop now (a due
 * timer of this CPU, an event for the caller, or 1 ms spent in this call);
 * check it only after some progress, so every call moves on.
 */
long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...);
bool hypercall_preempt_check(void);

/*
 * common/multicall.c. in_multicall() is set while a multicall entry runs;
 * iret ends the batch with multicall_stop() (XSA-213). Inside an entry,
 * multicall_save_continuation() keeps a continuation's number and its first
 * nargs arguments (the others keep the entry's values) for the batch to
 * write back and returns true; outside, false.
 */
static inline bool in_multicall(void)
{
    return hc_state[smp_processor_id()].multicall;
}
void multicall_stop(void);
bool multicall_save_continuation(unsigned long nr, const unsigned long a[6],
                                 unsigned int nargs);

/*
 * One prototype per handled hypercall: long do_<name>(types). Guest buffers
 * are guest virtual addresses (XEN_HC_PTR), read with asm/uaccess.h.
 */
#define XEN_HC_PTR unsigned long
#define XEN_HC_PROTOTYPE(name, nr, nargs, types) long do_##name types;
XEN_HYPERCALL_LIST(XEN_HC_PROTOTYPE, XEN_HC_SKIP_N)
#undef XEN_HC_PROTOTYPE

#endif /* XEN_HYPERCALL_H */
