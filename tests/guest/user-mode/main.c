/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user-mode: the iret hypercall with an RPL-3 frame switches to guest user
 * mode (on the page tables set with MMUEXT_NEW_USER_BASEPTR) and an
 * exception there switches back to guest kernel mode on the stack_switch
 * stack. Checked through both iret transports (stub and raw syscall):
 * results come back, faults in user mode carry a user CS and the U bit in
 * the #PF error code, and a user `syscall` reaches the syscall callback.
 */
#include <xt.h>

const char test_title[] = "iret to guest user mode and back";

static volatile unsigned long user_counter;

static unsigned long user_value(void)
{
    user_counter++;
    return 0x1234abcd5678ef00UL;
}

static unsigned long user_pf(void)
{
    unsigned long v = 0;

    asm volatile ("1: mov (%[p]), %[v]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [v] "+r" (v) : [p] "r" (0UL));
    return v;
}

static unsigned long user_pf_write(void)
{
    asm volatile ("1: movb $0, (%[p])\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b) :: [p] "r" (0x10UL)
                  : "memory");
    return 0;
}

static unsigned long user_syscall(void)
{
    unsigned long rax = 0x55;

    asm volatile ("syscall" : "+a" (rax) :: "rcx", "r11", "memory");
    return rax;
}

static void check_mode(const char *mode)
{
    unsigned long r;

    user_counter = 0;
    r = xt_exec_user(user_value);
    xt_check(r == 0x1234abcd5678ef00UL && user_counter == 1,
             "%s: user function returned %#lx (counter %lu)", mode, r,
             user_counter);

    xt_trap_reset();
    xt_exec_user(user_pf);
    printk("%s: user read of VA 0: vector %u error %#lx cr2 %#lx cs %#lx\n",
           mode, xt_last_trap.vector, xt_last_trap.error_code,
           xt_last_trap.cr2, xt_last_trap.cs);
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_PF &&
             xt_last_trap.error_code == X86_PFEC_USER &&
             xt_last_trap.cr2 == 0 && (xt_last_trap.cs & 3) == 3,
             "%s: user #PF read: count %u vector %u error %#lx cr2 %#lx",
             mode, xt_last_trap.count, xt_last_trap.vector,
             xt_last_trap.error_code, xt_last_trap.cr2);

    xt_trap_reset();
    xt_exec_user(user_pf_write);
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_PF &&
             xt_last_trap.error_code == (X86_PFEC_USER | X86_PFEC_WRITE) &&
             xt_last_trap.cr2 == 0x10,
             "%s: user #PF write: count %u vector %u error %#lx cr2 %#lx",
             mode, xt_last_trap.count, xt_last_trap.vector,
             xt_last_trap.error_code, xt_last_trap.cr2);

    xt_trap_reset();
    r = xt_exec_user(user_syscall);
    printk("%s: user syscall: count %u vector %u rip %#lx cs %#lx rax %#lx\n",
           mode, xt_last_trap.count, xt_last_trap.vector, xt_last_trap.rip,
           xt_last_trap.cs, r);
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == XT_VEC_SYSCALL &&
             (xt_last_trap.cs & 3) == 3 && r == 0x55,
             "%s: user syscall: count %u vector %u cs %#lx rax %#lx", mode,
             xt_last_trap.count, xt_last_trap.vector, xt_last_trap.cs, r);

    /* And kernel mode is really back: a kernel fault has RPL 0. */
    xt_trap_reset();
    asm volatile ("int3" ::: "memory");
    xt_check(xt_last_trap.count == 1 && (xt_last_trap.cs & 3) == 0,
             "%s: after returning, int3 frame cs %#lx is not kernel", mode,
             xt_last_trap.cs);
}

void test_main(void)
{
    check_mode("stub iret");
    xt_raw_hypercalls = true;
    check_mode("raw iret");
    xt_raw_hypercalls = false;
}
