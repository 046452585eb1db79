/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall transports and typed wrappers for the guest test kernels.
 *
 * hypercall_page_call(): `call hypercall_page + nr * 32` (the stub the
 * hypervisor wrote; nr < 128). hypercall_raw(): an inline `syscall` with the
 * number in rax, exactly what the stub does. Arguments go in rdi, rsi, rdx,
 * r10, r8; all five are treated as clobbered, and so are rcx/r11.
 * The typed hc_*() wrappers use one or the other according to
 * xt_raw_hypercalls.
 */
#ifndef XT_HYPERCALL_H
#define XT_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

extern uint8_t hypercall_page[4096];
extern bool xt_raw_hypercalls;

static inline long hypercall_page_call(unsigned long nr, unsigned long a1,
                                       unsigned long a2, unsigned long a3,
                                       unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm ("r10") = a4;
    register unsigned long r8 asm ("r8") = a5;
    long rax;

    asm volatile ("call *%[stub]"
                  : "=a" (rax), "+D" (a1), "+S" (a2), "+d" (a3),
                    "+r" (r10), "+r" (r8)
                  : [stub] "r" (hypercall_page + (nr & 127) * 32)
                  : "rcx", "r9", "r11", "memory");
    return rax;
}

static inline long hypercall_raw(unsigned long nr, unsigned long a1,
                                 unsigned long a2, unsigned long a3,
                                 unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm ("r10") = a4;
    register unsigned long r8 asm ("r8") = a5;
    long rax;

    asm volatile ("syscall"
                  : "=a" (rax), "+D" (a1), "+S" (a2), "+d" (a3),
                    "+r" (r10), "+r" (r8)
                  : "a" (nr)
                  : "rcx", "r9", "r11", "memory");
    return rax;
}

/* Dispatch on the runtime's transport choice. */
static inline long hypercall(unsigned long nr, unsigned long a1,
                             unsigned long a2, unsigned long a3,
                             unsigned long a4, unsigned long a5)
{
    if ( xt_raw_hypercalls || nr >= 128 )
        return hypercall_raw(nr, a1, a2, a3, a4, a5);
    return hypercall_page_call(nr, a1, a2, a3, a4, a5);
}

#define HC(nr, a1, a2, a3, a4, a5)                                      \
    hypercall(nr, (unsigned long)(a1), (unsigned long)(a2),             \
              (unsigned long)(a3), (unsigned long)(a4), (unsigned long)(a5))

#define hc_set_trap_table(t)        HC(__HYPERVISOR_set_trap_table, t, 0, 0, 0, 0)
#define hc_stack_switch(ss, sp)     HC(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0)
#define hc_fpu_taskswitch(set)      HC(__HYPERVISOR_fpu_taskswitch, set, 0, 0, 0, 0)
#define hc_multicall(l, n)          HC(__HYPERVISOR_multicall, l, n, 0, 0, 0)
#define hc_update_va_mapping(va, pte, fl) \
    HC(__HYPERVISOR_update_va_mapping, va, pte, fl, 0, 0)
#define hc_xen_version(cmd, arg)    HC(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0)
#define hc_console_io(cmd, n, buf)  HC(__HYPERVISOR_console_io, cmd, n, buf, 0, 0)
#define hc_set_segment_base(w, b)   HC(__HYPERVISOR_set_segment_base, w, b, 0, 0, 0)
#define hc_mmuext_op(op, n, done, dom) \
    HC(__HYPERVISOR_mmuext_op, op, n, done, dom, 0)
#define hc_sched_op(cmd, arg)       HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0)
#define hc_callback_op(cmd, arg)    HC(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0)

#endif /* XT_HYPERCALL_H */
