/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall transports and typed wrappers for the guest test kernels.
 *
 * hypercall_page_call(): `call hypercall_page + nr * 32` (the stub the
 * hypervisor wrote; nr < 128). hypercall_raw(): an inline `syscall` with the
 * number in rax, exactly what the stub does. Arguments go in rdi, rsi, rdx,
 * r10, r8; all five are treated as clobbered, and so are rcx/r11.
 * hypercall() and the typed hc_*() wrappers use one or the other according
 * to xt_raw_hypercalls.
 */
#ifndef XT_HYPERCALL_H
#define XT_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>

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

/*
 * Typed wrappers hc_<name>(args...), one per hypercall of the list
 * (public/hypercall-defs.h), through hypercall(). Arguments naming guest
 * memory are pointers (a hostile address is cast: (void *)0xffff8300...).
 */
#define XEN_HC_PTR const volatile void *
#define XT_HC_WRAPPER(name, nr, nargs, types) \
    XEN_HC_GUEST_WRAPPER(hc_, (), hypercall, name, nr, nargs, types)
XEN_HYPERCALL_LIST(XT_HC_WRAPPER, XEN_HC_SKIP_N)
#undef XT_HC_WRAPPER

#endif /* XT_HYPERCALL_H */
