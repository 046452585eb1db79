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

static void expect(const char *what, unsigned int vec, uint64_t ec,
                   uint64_t rip, bool user)
{
    volatile struct xt_trap *t = &xt_last_trap;

    printk("%s: count %u vector %#x error %#lx rip %#lx cs %#lx\n", what,
           t->count, t->vector, t->error_code, t->rip, t->cs);
    if ( t->count != 1 )
    {
        xt_fail("%s: %u traps recorded, want 1", what, t->count);
        return;
    }
    xt_check(t->vector == vec, "%s: vector %#x, want %#x", what, t->vector, vec);
    xt_check(t->error_code == ec, "%s: error %#lx, want %#lx", what,
             t->error_code, ec);
    xt_check(t->rip == rip, "%s: rip %#lx, want %#lx", what, t->rip, rip);
    xt_check(((t->cs & 3) == 3) == user, "%s: frame cs %#lx, want %s RPL",
             what, t->cs, user ? "user" : "kernel");
}

/* `int $n` at a known address, fixup for the #GP case. */
#define INT_AT(n, at)                                           \
    asm volatile ("lea 1f(%%rip), %0\n\t"                       \
                  "1: int $" #n "\n\t"                          \
                  "2:\n\t" XT_EXTABLE(1b, 2b)                   \
                  : "=r" (at) :: "memory")

static unsigned long user_int80(void)  { INT_AT(0x80, user_at); return 0; }
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
    expect("int3 (kernel)", X86_EXC_BP, 0, at, false);

    xt_trap_reset();
    xt_exec_user(user_int3);
    expect("int3 (user)", X86_EXC_BP, 0, user_at, true);

    /* No handler for 0x80. */
    xt_trap_reset();
    INT_AT(0x80, at);
    expect("int $0x80, no handler (kernel)", X86_EXC_GP, (0x80 << 3) | 2,
           at, false);

    xt_trap_reset();
    xt_exec_user(user_int80);
    expect("int $0x80, no handler (user)", X86_EXC_GP, (0x80 << 3) | 2,
           user_at, true);

    /* DPL 3 handler: reachable from both modes, RIP after the insn. */
    rc = xt_set_trap(0x80, 3);
    xt_check(rc == 0, "set_trap_table(0x80, DPL 3) = %ld", rc);
    xt_trap_reset();
    INT_AT(0x80, at);
    expect("int $0x80, DPL 3 (kernel)", 0x80, 0, at + 2, false);

    xt_trap_reset();
    xt_exec_user(user_int80);
    expect("int $0x80, DPL 3 (user)", 0x80, 0, user_at + 2, true);
}
