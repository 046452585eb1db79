/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softint: int3 and `int $0x80`, the two software interrupts with DPL-3
 * gates in the hypervisor's own IDT. int3 reaches the #BP handler with RIP
 * after the instruction, from kernel and user mode. `int $0x80` with no
 * handler gives #GP with error code (0x80 << 3) | 2 at the instruction
 * (XSA-259); with a DPL-3 handler it reaches vector 0x80 from both modes.
 */
#include <xt.h>

const char test_title[] = "software interrupts: int3, int $0x80 with/without handler";

static uint64_t user_at;

static unsigned long user_int80(void)  { XT_INT_AT(0x80, user_at); return 0; }
static unsigned long user_int3(void)
{
    asm volatile ("int3\n1: lea 1b(%%rip), %0" : "=r" (user_at) :: "memory");
    return 0;
}

void test_main(void)
{
    uint64_t at;
    long rc;

    xt_trap_reset();
    asm volatile ("int3\n1: lea 1b(%%rip), %0" : "=r" (at) :: "memory");
    xt_expect_trap("int3 (kernel)", X86_EXC_BP, 0, at, false);

    xt_trap_reset();
    xt_exec_user(user_int3);
    xt_expect_trap("int3 (user)", X86_EXC_BP, 0, user_at, true);

    /* No handler for 0x80. */
    xt_trap_reset();
    XT_INT_AT(0x80, at);
    xt_expect_trap("int $0x80, no handler (kernel)", X86_EXC_GP, (0x80 << 3) | 2,
           at, false);

    xt_trap_reset();
    xt_exec_user(user_int80);
    xt_expect_trap("int $0x80, no handler (user)", X86_EXC_GP, (0x80 << 3) | 2,
           user_at, true);

    /* DPL 3 handler: reachable from both modes, RIP after the insn. */
    rc = xt_set_trap(0x80, 3);
    xt_check(rc == 0, "set_trap_table(0x80, DPL 3) = %ld", rc);
    xt_trap_reset();
    XT_INT_AT(0x80, at);
    xt_expect_trap("int $0x80, DPL 3 (kernel)", 0x80, 0, at + 2, false);

    xt_trap_reset();
    xt_exec_user(user_int80);
    xt_expect_trap("int $0x80, DPL 3 (user)", 0x80, 0, user_at + 2, true);
}
