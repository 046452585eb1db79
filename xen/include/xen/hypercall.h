/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers and the machinery around them.
 *
 * Every handler takes its arguments as the guest passed them in registers
 * (rdi, rsi, rdx, r10, r8; multicall entries may carry a sixth): integers
 * as unsigned long/unsigned int, guest pointers as unsigned long guest
 * virtual addresses read with asm/uaccess.h. A handler validates all of its
 * input before changing anything and returns 0/positive or -errno.
 * arch/x86/hypercall.c holds the one dispatch table; a number without a
 * handler returns -ENOSYS.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>
#include <public/xen.h>

struct cpu_user_regs;

/* Entry from the guest's `syscall` in guest kernel mode (regs->rax = nr). */
void pv_hypercall(struct cpu_user_regs *regs);

/* Run hypercall nr with args[0..5] (also used by multicall). */
long hypercall_dispatch(unsigned int nr, const unsigned long args[6]);

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

/* Set while a multicall entry runs; iret ends the batch (XSA-213). */
bool in_multicall(void);
void multicall_stop(void);

/* arch/x86/pv/hypercall handlers owned by the trap code. */
long do_set_trap_table(unsigned long traps);
long do_iret(void);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_callbacks(unsigned long event_address, unsigned long failsafe_address,
                      unsigned long syscall_address);
long do_callback_op(unsigned int cmd, unsigned long arg);
long do_fpu_taskswitch(unsigned int set);
long do_set_segment_base(unsigned int which, unsigned long base);
long do_set_gdt(unsigned long frame_list, unsigned int entries);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_nmi_op(unsigned int cmd, unsigned long arg);

/* common/ */
long do_console_io(unsigned int cmd, unsigned int count, unsigned long buffer);
long do_xen_version(unsigned int cmd, unsigned long arg);
long do_sched_op(unsigned int cmd, unsigned long arg);
long do_sched_op_compat(unsigned int cmd, unsigned long arg);
long do_multicall(unsigned long call_list, unsigned int nr_calls);
long do_set_timer_op(uint64_t timeout);
long do_vcpu_op(unsigned int cmd, unsigned int vcpuid, unsigned long arg);
long do_event_channel_op(unsigned int cmd, unsigned long arg);
long do_event_channel_op_compat(unsigned long arg);
long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_domctl(unsigned long u_domctl);
long do_sysctl(unsigned long u_sysctl);
long do_xsm_op(unsigned long op);
long do_argo_op(unsigned int cmd, unsigned long arg1, unsigned long arg2,
                unsigned long arg3, unsigned long arg4);
long do_hypfs_op(unsigned int cmd, unsigned long arg1, unsigned long arg2,
                 unsigned long arg3, unsigned long arg4);

/* arch/x86/pv/ memory management (pv-abi-ladder 2.2). */
long do_mmu_update(unsigned long ureqs, unsigned int count,
                   unsigned long pdone, unsigned int foreigndom);
long do_update_va_mapping(unsigned long va, uint64_t val64, unsigned long flags);
long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val64,
                                      unsigned long flags, domid_t domid);
long do_mmuext_op(unsigned long uops, unsigned int count,
                  unsigned long pdone, unsigned int foreigndom);

/* arch/x86/ privileged-state calls (priv-op emulation shares their rules). */
long do_set_debugreg(unsigned int reg, unsigned long value);
long do_get_debugreg(unsigned int reg);
long do_physdev_op(unsigned int cmd, unsigned long arg);
long do_physdev_op_compat(unsigned long arg);
long do_platform_op(unsigned long u_xenpf_op);

#endif /* XEN_HYPERCALL_H */
