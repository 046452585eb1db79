/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debug-regs: the set_debugreg/get_debugreg hypercalls and emulated
 * `mov %drN` follow one set of rules (pv-abi-ladder 2.6):
 * - initial DR6 0xffff0ff0, DR7 0x400;
 * - DR0-3 only below 2^47 or at/above 0xffff880000000000, else -EPERM
 *   (XSA-444: no breakpoints in the hypervisor hole);
 * - DR6/DR7 must fit in 32 bits (-EINVAL); reserved bits forced;
 * - DR7.GD and (without CR4.DE) I/O breakpoints: -EPERM; with CR4.DE an
 *   I/O breakpoint is accepted and read back;
 * - DR4/DR5 alias DR6/DR7 unless CR4.DE, then -ENODEV / #UD;
 * - mov %drN: bad values #GP(0), user mode #GP(0);
 * - a write watchpoint on a variable fires #DB with DR6.B0 (SKIP if the
 *   CPU model never reports it);
 * - rdmsr(DEBUGCTL) #GP(0) (no MSR for PV guests).
 */
#include <xt.h>

const char test_title[] = "debug registers: set/get_debugreg and mov %dr";

#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x00000400UL
#define CR4_DE      (1UL << 3)

static volatile uint32_t watched;

static long set_dr(unsigned int reg, unsigned long val)
{
    return HC(__HYPERVISOR_set_debugreg, reg, val, 0, 0, 0);
}

static long get_dr(unsigned int reg)
{
    return HC(__HYPERVISOR_get_debugreg, reg, 0, 0, 0, 0);
}

static void set_cr4(unsigned long v)
{
    asm volatile ("mov %0, %%cr4" :: "r" (v));
}

static unsigned long get_cr4(void)
{
    unsigned long v;

    asm volatile ("mov %%cr4, %0" : "=r" (v));
    return v;
}

#define CHECK_RC(call, want) do {                                       \
    long rc_ = (call);                                                  \
    xt_check(rc_ == (long)(want), "%s = %ld (%#lx), want %ld", #call,   \
             rc_, rc_, (long)(want));                                   \
} while ( 0 )

static void test_hypercalls(void)
{
    CHECK_RC(get_dr(6), DR6_DEFAULT);
    CHECK_RC(get_dr(7), DR7_DEFAULT);

    CHECK_RC(set_dr(0, (unsigned long)&watched), 0);
    CHECK_RC(get_dr(0), (unsigned long)&watched);
    CHECK_RC(set_dr(1, 0x00007fffffffffffUL), 0);
    CHECK_RC(set_dr(2, 0xffff880000000000UL), 0);
    CHECK_RC(get_dr(2), 0xffff880000000000UL);
    CHECK_RC(set_dr(3, 0x0000800000000000UL), -XEN_EPERM);
    CHECK_RC(set_dr(3, 0xffff800000000000UL), -XEN_EPERM);
    CHECK_RC(set_dr(3, 0xffff87fffffffff8UL), -XEN_EPERM);
    CHECK_RC(get_dr(3), 0);

    CHECK_RC(set_dr(6, 0), 0);
    CHECK_RC(get_dr(6), DR6_DEFAULT);
    CHECK_RC(set_dr(6, 0x100f), 0);         /* bit 12 reads as 0 */
    CHECK_RC(get_dr(6), DR6_DEFAULT | 0xf);
    CHECK_RC(set_dr(6, 1UL << 32), -XEN_EINVAL);
    CHECK_RC(set_dr(6, DR6_DEFAULT), 0);

    CHECK_RC(set_dr(7, 0), 0);
    CHECK_RC(get_dr(7), DR7_DEFAULT);
    CHECK_RC(set_dr(7, 1UL << 32), -XEN_EINVAL);
    CHECK_RC(set_dr(7, 0x2001), -XEN_EPERM);    /* GD */
    CHECK_RC(set_dr(7, 0x20001), -XEN_EPERM);   /* L0, RW0 = I/O */
    CHECK_RC(get_dr(7), DR7_DEFAULT);

    /* DR4/5 alias DR6/7 while CR4.DE is clear. */
    CHECK_RC(set_dr(4, 0x1), 0);
    CHECK_RC(get_dr(6), DR6_DEFAULT | 0x1);
    CHECK_RC(get_dr(4), DR6_DEFAULT | 0x1);
    CHECK_RC(get_dr(5), DR7_DEFAULT);
    CHECK_RC(set_dr(6, DR6_DEFAULT), 0);

    set_cr4(get_cr4() | CR4_DE);
    if ( !(get_cr4() & CR4_DE) )
        xt_fail("CR4.DE not settable");
    CHECK_RC(get_dr(4), -XEN_ENODEV);
    CHECK_RC(set_dr(5, 0), -XEN_ENODEV);
    CHECK_RC(set_dr(0, 0x80), 0);
    CHECK_RC(set_dr(7, 0x20001), 0);            /* I/O breakpoint, port 0x80 */
    CHECK_RC(get_dr(7), 0x20001 | DR7_DEFAULT);
    CHECK_RC(set_dr(7, 0), 0);
    set_cr4(get_cr4() & ~CR4_DE);

    CHECK_RC(set_dr(8, 0), -XEN_ENODEV);
    CHECK_RC(get_dr(8), -XEN_ENODEV);
}

static unsigned long user_mov_dr(void)
{
    unsigned long v = 0;

    asm volatile ("1: mov %%dr7, %0; 2:\n\t" XT_EXTABLE(1b, 2b) : "+r" (v));
    return v;
}

#define MOV_TO_DR(n, val) ({                                            \
    xt_trap_reset();                                                    \
    asm volatile ("1: mov %0, %%dr" #n "; 2:\n\t" XT_EXTABLE(1b, 2b)    \
                  :: "r" ((unsigned long)(val)));                       \
    xt_last_trap.count ? (int)xt_last_trap.vector : -1; })

#define MOV_FROM_DR(n, out) ({                                          \
    xt_trap_reset();                                                    \
    asm volatile ("1: mov %%dr" #n ", %0; 2:\n\t" XT_EXTABLE(1b, 2b)    \
                  : "+r" (out));                                        \
    xt_last_trap.count ? (int)xt_last_trap.vector : -1; })

static void test_mov_dr(void)
{
    unsigned long v = 0;
    int vec;

    xt_check(MOV_FROM_DR(7, v) < 0 && v == DR7_DEFAULT, "mov %%dr7 = %#lx", v);
    xt_check(MOV_FROM_DR(6, v) < 0 && v == DR6_DEFAULT, "mov %%dr6 = %#lx", v);
    xt_check(MOV_TO_DR(1, 0x1234000) < 0, "mov to %%dr1 faulted");
    xt_check(MOV_FROM_DR(1, v) < 0 && v == 0x1234000, "mov %%dr1 = %#lx", v);
    CHECK_RC(get_dr(1), 0x1234000);

    vec = MOV_TO_DR(1, 0xffff800000001000UL);
    xt_check(vec == X86_EXC_GP && xt_last_trap.error_code == 0,
             "mov of a hole address to %%dr1: vector %d, want #GP(0)", vec);
    vec = MOV_TO_DR(7, 0x2001);
    xt_check(vec == X86_EXC_GP && xt_last_trap.error_code == 0,
             "mov of GD to %%dr7: vector %d, want #GP(0)", vec);

    set_cr4(get_cr4() | CR4_DE);
    vec = MOV_FROM_DR(4, v);
    xt_check(vec == X86_EXC_UD, "mov %%dr4 with CR4.DE: vector %d, want #UD",
             vec);
    vec = MOV_TO_DR(5, 0);
    xt_check(vec == X86_EXC_UD, "mov to %%dr5 with CR4.DE: vector %d, want "
             "#UD", vec);
    set_cr4(get_cr4() & ~CR4_DE);

    xt_trap_reset();
    xt_exec_user(user_mov_dr);
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_GP &&
             xt_last_trap.error_code == 0, "user mov %%dr7: %u traps, vector "
             "%u error %#lx, want #GP(0)", xt_last_trap.count,
             xt_last_trap.vector, xt_last_trap.error_code);
}

static void test_watchpoint(void)
{
    long dr6;

    set_dr(6, DR6_DEFAULT);
    set_dr(0, (unsigned long)&watched);
    /* L0, RW0 = 01 (data writes), LEN0 = 11 (4 bytes). */
    CHECK_RC(set_dr(7, 0xd0001), 0);
    xt_trap_reset();
    asm volatile ("movl $1, %0\n\t"
                  "1:\n\t" XT_EXTABLE(1b, 1b) : "=m" (watched));
    set_dr(7, 0);
    dr6 = get_dr(6);
    printk("watchpoint: %u traps, vector %u, dr6 %#lx\n", xt_last_trap.count,
           xt_last_trap.vector, dr6);
    if ( !xt_last_trap.count )
        xt_skip("no #DB from a write watchpoint (CPU model?)");
    else
        xt_check(xt_last_trap.vector == X86_EXC_DB && (dr6 & 1),
                 "watchpoint: vector %u dr6 %#lx, want #DB with B0",
                 xt_last_trap.vector, dr6);
    set_dr(6, DR6_DEFAULT);
}

void test_main(void)
{
    uint64_t v;
    int vec;

    test_hypercalls();
    test_mov_dr();
    test_watchpoint();

    vec = rdmsr_safe(0x1d9, &v);
    xt_check(vec == X86_EXC_GP && xt_last_trap.error_code == 0,
             "rdmsr(DEBUGCTL): vector %d, want #GP(0)", vec);
}
