/* SPDX-License-Identifier: MIT */
/*
 * The hypercall list: every hypercall number of Xen's 64-bit PV ABI, named
 * once. Everything else is expanded from it: the __HYPERVISOR_* numbers
 * (below), the hypervisor's dispatch table, handler prototypes and trace
 * names, tests/abi's checks and the guest-side typed wrappers
 * (XEN_HC_GUEST_WRAPPER, used by libhcall's freestanding build and the guest
 * test kernels). Included by xen.h; see README ("The hypercall list").
 */
#ifndef XEN_PUBLIC_HYPERCALL_DEFS_H
#define XEN_PUBLIC_HYPERCALL_DEFS_H

/*
 * XEN_HYPERCALL_LIST(H, N): one line per number.
 *
 * H(name, number, nargs, (types)): a hypercall Xenolite handles, with
 *   do_<name>(types) in the hypervisor taking nargs arguments (rdi, rsi,
 *   rdx, r10, r8 in that order; (void) when none). An argument naming guest
 *   memory (a buffer, or the page update_va_mapping remaps) is XEN_HC_PTR:
 *   a guest virtual address to the hypervisor, a pointer in the guest
 *   wrappers. An unsigned int argument uses only the low 32 bits
 *   of its register, as on Xen.
 * N(name, number): a number of Xen's ABI Xenolite does not handle: it
 *   returns -ENOSYS, as do numbers not listed (11, 43..47, 56..63).
 *
 * Adding a hypercall: one H line here and its do_<name> handler.
 */
#define XEN_HYPERCALL_LIST(H, N)                                            \
    H(set_trap_table,          0, 1, (XEN_HC_PTR))                          \
    H(mmu_update,              1, 4, (XEN_HC_PTR, unsigned int, XEN_HC_PTR, \
                                      unsigned int))                        \
    H(set_gdt,                 2, 2, (XEN_HC_PTR, unsigned int))            \
    H(stack_switch,            3, 2, (unsigned long, unsigned long))        \
    H(set_callbacks,           4, 3, (unsigned long, unsigned long,         \
                                      unsigned long))                       \
    H(fpu_taskswitch,          5, 1, (unsigned int))                        \
    H(sched_op_compat,         6, 2, (unsigned int, unsigned long))         \
    H(platform_op,             7, 1, (XEN_HC_PTR))                          \
    H(set_debugreg,            8, 2, (unsigned int, unsigned long))         \
    H(get_debugreg,            9, 1, (unsigned int))                        \
    H(update_descriptor,      10, 2, (uint64_t, uint64_t))                  \
    H(memory_op,              12, 2, (unsigned long, XEN_HC_PTR))           \
    H(multicall,              13, 2, (XEN_HC_PTR, unsigned int))            \
    H(update_va_mapping,      14, 3, (XEN_HC_PTR, uint64_t, unsigned long)) \
    H(set_timer_op,           15, 1, (uint64_t))                            \
    H(event_channel_op_compat, 16, 1, (XEN_HC_PTR))                         \
    H(xen_version,            17, 2, (unsigned int, XEN_HC_PTR))            \
    H(console_io,             18, 3, (unsigned int, unsigned int,           \
                                      XEN_HC_PTR))                          \
    H(physdev_op_compat,      19, 1, (XEN_HC_PTR))                          \
    H(grant_table_op,         20, 3, (unsigned int, XEN_HC_PTR,             \
                                      unsigned int))                        \
    H(vm_assist,              21, 2, (unsigned int, unsigned int))          \
    H(update_va_mapping_otherdomain, 22, 4, (XEN_HC_PTR, uint64_t,          \
                                             unsigned long, domid_t))       \
    H(iret,                   23, 0, (void))                                \
    H(vcpu_op,                24, 3, (unsigned int, unsigned int,           \
                                      XEN_HC_PTR))                          \
    H(set_segment_base,       25, 2, (unsigned int, unsigned long))         \
    H(mmuext_op,              26, 4, (XEN_HC_PTR, unsigned int, XEN_HC_PTR, \
                                      unsigned int))                        \
    N(xsm_op,                 27)                                           \
    H(nmi_op,                 28, 2, (unsigned int, XEN_HC_PTR))            \
    H(sched_op,               29, 2, (unsigned int, XEN_HC_PTR))            \
    H(callback_op,            30, 2, (unsigned int, XEN_HC_PTR))            \
    N(xenoprof_op,            31)                                           \
    H(event_channel_op,       32, 2, (unsigned int, XEN_HC_PTR))            \
    H(physdev_op,             33, 2, (unsigned int, XEN_HC_PTR))            \
    N(hvm_op,                 34)                                           \
    H(sysctl,                 35, 1, (XEN_HC_PTR))                          \
    H(domctl,                 36, 1, (XEN_HC_PTR))                          \
    N(kexec_op,               37)                                           \
    N(tmem_op,                38)  /* removed from Xen */                   \
    N(argo_op,                39)                                           \
    N(xenpmu_op,              40)                                           \
    N(dm_op,                  41)                                           \
    N(hypfs_op,               42)                                           \
    N(arch_0,                 48)  /* x86: machine check (mca) */           \
    N(arch_1,                 49)                                           \
    N(arch_2,                 50)                                           \
    N(arch_3,                 51)                                           \
    N(arch_4,                 52)                                           \
    N(arch_5,                 53)                                           \
    N(arch_6,                 54)                                           \
    N(arch_7,                 55)

/* Number of slots in a dispatch table and in the hypercall page. */
#define XEN_NR_HYPERCALLS 64

/*
 * The numbers: __HYPERVISOR_<name> for every line. They are enumeration
 * constants, not macros: usable in C expressions and case labels but not
 * in #if or assembly (pass them as an "i" operand).
 */
#define XEN_HC_ENUM_H(name, nr, nargs, types) __HYPERVISOR_##name = nr,
#define XEN_HC_ENUM_N(name, nr) __HYPERVISOR_##name = nr,
enum xen_hypercall_nr {
    XEN_HYPERCALL_LIST(XEN_HC_ENUM_H, XEN_HC_ENUM_N)
};
#undef XEN_HC_ENUM_H
#undef XEN_HC_ENUM_N

#define __HYPERVISOR_mca     __HYPERVISOR_arch_0
#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op  /* old name */

/* Expand nothing for one kind of line: XEN_HYPERCALL_LIST(F, XEN_HC_SKIP_N). */
#define XEN_HC_SKIP_H(name, nr, nargs, types)
#define XEN_HC_SKIP_N(name, nr)

/*
 * Parameter lists and register values for nargs arguments: the parameters
 * are named a1..a5, XEN_HC_PARAMS<n> types declares them, XEN_HC_ARGS<n>
 * gives the five argument registers (unused ones 0).
 */
#define XEN_HC_PARAMS0(t1)                  t1
#define XEN_HC_PARAMS1(t1)                  t1 a1
#define XEN_HC_PARAMS2(t1, t2)              t1 a1, t2 a2
#define XEN_HC_PARAMS3(t1, t2, t3)          t1 a1, t2 a2, t3 a3
#define XEN_HC_PARAMS4(t1, t2, t3, t4)      t1 a1, t2 a2, t3 a3, t4 a4
#define XEN_HC_PARAMS5(t1, t2, t3, t4, t5)  t1 a1, t2 a2, t3 a3, t4 a4, t5 a5

#define XEN_HC_UL(a) ((unsigned long)(a))
#define XEN_HC_ARGS0 0, 0, 0, 0, 0
#define XEN_HC_ARGS1 XEN_HC_UL(a1), 0, 0, 0, 0
#define XEN_HC_ARGS2 XEN_HC_UL(a1), XEN_HC_UL(a2), 0, 0, 0
#define XEN_HC_ARGS3 XEN_HC_UL(a1), XEN_HC_UL(a2), XEN_HC_UL(a3), 0, 0
#define XEN_HC_ARGS4 XEN_HC_UL(a1), XEN_HC_UL(a2), XEN_HC_UL(a3), \
                     XEN_HC_UL(a4), 0
#define XEN_HC_ARGS5 XEN_HC_UL(a1), XEN_HC_UL(a2), XEN_HC_UL(a3), \
                     XEN_HC_UL(a4), XEN_HC_UL(a5)

/*
 * Guest-side typed wrappers. A user defines XEN_HC_PTR (a pointer type,
 * normally const volatile void * so that any pointer may be passed) and
 * its own H macro on top of this one:
 *
 *   #define MY_HC(name, nr, nargs, types) \
 *       XEN_HC_GUEST_WRAPPER(my_, (first parameters,), my_call, \
 *                            name, nr, nargs, types)
 *   XEN_HYPERCALL_LIST(MY_HC, XEN_HC_SKIP_N)
 *
 * which defines, for each handled hypercall with arguments,
 *   static inline long my_<name>(first parameters, <typed a1..an>)
 * returning my_call(nr, a1, a2, a3, a4, a5) with every argument converted
 * to unsigned long. The first parameters (in parentheses, ending with a
 * comma, or ()) are for the caller's context, e.g. a transport handle.
 * iret (no arguments) gets no wrapper: it never returns to its caller.
 */
#define XEN_HC_STRIP(...) __VA_ARGS__
#define XEN_HC_INVOKE(call, ...) call(__VA_ARGS__)
#define XEN_HC_GUEST_WRAPPER(pfx, first, call, name, nr, nargs, types)      \
    XEN_HC_GUEST_WRAPPER_##nargs(pfx, first, call, name, nr, nargs, types)
#define XEN_HC_GUEST_WRAPPER_0(pfx, first, call, name, nr, nargs, types)
#define XEN_HC_GUEST_WRAPPER_N(pfx, first, call, name, nr, nargs, types)    \
    static inline long pfx##name(XEN_HC_STRIP first                         \
                                 XEN_HC_PARAMS##nargs types)                \
    {                                                                       \
        return XEN_HC_INVOKE(call, nr, XEN_HC_ARGS##nargs);                 \
    }
#define XEN_HC_GUEST_WRAPPER_1 XEN_HC_GUEST_WRAPPER_N
#define XEN_HC_GUEST_WRAPPER_2 XEN_HC_GUEST_WRAPPER_N
#define XEN_HC_GUEST_WRAPPER_3 XEN_HC_GUEST_WRAPPER_N
#define XEN_HC_GUEST_WRAPPER_4 XEN_HC_GUEST_WRAPPER_N
#define XEN_HC_GUEST_WRAPPER_5 XEN_HC_GUEST_WRAPPER_N

#endif /* XEN_PUBLIC_HYPERCALL_DEFS_H */
