/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exceptions: faults raised in guest kernel mode are bounced to the
 * handlers registered with set_trap_table with the right vector, error
 * code, faulting RIP and (for #PF) cr2 in vcpu_info.arch.cr2.
 */
#include <xt.h>

const char test_title[] = "exception bounce: #DE #UD #GP #PF from kernel mode";

static void expect(const char *what, uint64_t fault_rip, unsigned int vec,
                   uint64_t ec)
{
    volatile struct xt_trap *t = &xt_last_trap;

    if ( t->count != 1 )
    {
        xt_fail("%s: %u traps recorded, want 1", what, t->count);
        return;
    }
    printk("%s: vector %u error %#lx rip %#lx cs %#lx cr2 %#lx\n", what,
           t->vector, t->error_code, t->rip, t->cs, t->cr2);
    xt_check(t->vector == vec, "%s: vector %u, want %u", what, t->vector, vec);
    xt_check(t->error_code == ec, "%s: error code %#lx, want %#lx", what,
             t->error_code, ec);
    xt_check(t->rip == fault_rip, "%s: rip %#lx, want %#lx", what, t->rip,
             fault_rip);
    xt_check((t->cs & 3) == 0, "%s: frame cs %#lx has RPL 3 (user)", what,
             t->cs);
}

static void test_de(void)
{
    uint64_t at;
    unsigned int a = 1, d = 0;

    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: divl %[zero]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [at] "=&r" (at), "+a" (a), "+d" (d)
                  : [zero] "r" (0));
    expect("#DE (div by 0)", at, X86_EXC_DE, 0);
}

static void test_ud(void)
{
    uint64_t at;

    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: ud2\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b) : [at] "=r" (at));
    expect("#UD (ud2)", at, X86_EXC_UD, 0);

    /* A forced-emulation prefix on a non-emulable instruction: #UD too. */
    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: " XT_FEP "nop\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b) : [at] "=r" (at));
    expect("#UD (FEP + nop)", at, X86_EXC_UD, 0);
}

static void test_gp(void)
{
    uint64_t at, v = 0;

    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: mov (%[p]), %[v]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [at] "=&r" (at), [v] "+r" (v)
                  : [p] "r" (0x8000000000000000UL));
    expect("#GP (non-canonical read)", at, X86_EXC_GP, 0);
}

static void test_pf(void)
{
    uint64_t at, v = 0;
    volatile uint8_t *l4 = (volatile uint8_t *)xt_start_info->pt_base;

    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: mov (%[p]), %[v]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [at] "=&r" (at), [v] "+r" (v) : [p] "r" (0UL));
    expect("#PF (read of unmapped VA 0)", at, X86_EXC_PF, 0);
    xt_check(xt_last_trap.cr2 == 0, "#PF read: cr2 %#lx, want 0",
             xt_last_trap.cr2);

    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: movb $1, (%[p])\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [at] "=&r" (at) : [p] "r" (0x123UL) : "memory");
    expect("#PF (write to unmapped VA 0x123)", at, X86_EXC_PF,
           X86_PFEC_WRITE);
    xt_check(xt_last_trap.cr2 == 0x123, "#PF write: cr2 %#lx, want 0x123",
             xt_last_trap.cr2);

    /* Page-table pages are mapped read-only: present + write. */
    xt_trap_reset();
    asm volatile ("lea 1f(%%rip), %[at]\n\t"
                  "1: movb %%al, 8(%[p])\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [at] "=&r" (at) : [p] "r" (l4), "a" (0) : "memory");
    expect("#PF (write to the read-only L4)", at, X86_EXC_PF,
           X86_PFEC_PRESENT | X86_PFEC_WRITE);
    xt_check(xt_last_trap.cr2 == (uint64_t)l4 + 8,
             "#PF L4 write: cr2 %#lx, want %#lx", xt_last_trap.cr2,
             (uint64_t)l4 + 8);
}

void test_main(void)
{
    test_de();
    test_ud();
    test_gp();
    test_pf();
}
