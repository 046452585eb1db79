/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user-syscall: a guest user process with its own address space
 * (pv-abi-ladder 3.7). The user L4 maps only a user code page (read-only)
 * and a user stack at 0x8000000000; the kernel L4 is the runtime's. The
 * kernel irets to user mode; the user program makes a `syscall` that
 * reaches our syscall callback in kernel mode with the SYSCALL frame
 * {rcx, r11, rip, cs 0xe033, rflags, rsp, ss 0xe02b}, and the kernel returns
 * a result with the iret hypercall. In user mode a read of a kernel
 * variable faults (#PF, U, not present: the user L4 does not map it) and a
 * write to its own code page faults (#PF, P|W|U). A last syscall ends the
 * program. Afterwards every frame of the user tables is writable again.
 */
#include <xt-mm.h>

const char test_title[] = "separate user L4, user syscall, iret back";

#define WIN        6
#define UVA_CODE   0x8000000000UL
#define UVA_STACK  (UVA_CODE + 0x1000)
#define UVA_TOP    (UVA_CODE + 0x2000)
#define NR_SERVICE 1
#define NR_EXIT    2
#define NR_SNAP    3

static volatile uint64_t kernel_secret = 0x5ec2e7;
uint64_t us_saved_rsp, us_out[3];
static volatile uint64_t us_frame[5];
static volatile struct xt_trap us_snap;
static volatile unsigned int us_calls;

void us_enter(unsigned long kernel_va);
unsigned long us_dispatch(unsigned long nr, unsigned long arg,
                          const uint64_t *frame);
extern const uint8_t ublob[], ublob_end[], ublob_after_sys[], ublob_wr[];

#define S_(x) #x
#define S(x) S_(x)

asm (".pushsection .text, \"ax\", @progbits\n\t"
     /* void us_enter(kernel_va): iret to the user program, r12 = kernel_va */
     ".globl us_enter\n"
     "us_enter:\n\t"
     "push %rbx\n\t push %rbp\n\t push %r12\n\t"
     "push %r13\n\t push %r14\n\t push %r15\n\t"
     "mov   %rsp, us_saved_rsp(%rip)\n\t"
     "mov   %rdi, %r12\n\t"
     "push  $" S(FLAT_USER_SS) "\n\t"
     "movabs $" S(UVA_TOP) ", %rax\n\t"
     "push  %rax\n\t"
     "push  $0x2\n\t"
     "push  $" S(FLAT_USER_CS) "\n\t"
     "movabs $" S(UVA_CODE) ", %rax\n\t"
     "push  %rax\n\t"
     "push  $0\n\t"
     "jmp   xt_iret\n"

     /* Syscall callback: {rcx, r11, rip, cs, rflags, rsp, ss} on the stack. */
     ".globl us_syscall_entry\n"
     "us_syscall_entry:\n\t"
     "pop   %rcx\n\t"
     "pop   %r11\n\t"
     "cmp   $" S(NR_EXIT) ", %eax\n\t"
     "je    1f\n\t"
     "push  %rbx\n\t push %rbp\n\t"
     "mov   %rsp, %rbp\n\t"
     "and   $~15, %rsp\n\t"
     "mov   %rdi, %rsi\n\t"
     "mov   %eax, %edi\n\t"
     "lea   16(%rbp), %rdx\n\t"
     "call  us_dispatch\n\t"
     "mov   %rbp, %rsp\n\t"
     "pop   %rbp\n\t pop %rbx\n\t"
     "push  $0\n\t"
     "jmp   xt_iret\n"
     "1:\n\t"                       /* exit: back into us_enter's caller */
     "mov   %r13, us_out(%rip)\n\t"
     "mov   %r14, us_out+8(%rip)\n\t"
     "mov   %r15, us_out+16(%rip)\n\t"
     "mov   us_saved_rsp(%rip), %rsp\n\t"
     "pop %r15\n\t pop %r14\n\t pop %r13\n\t"
     "pop %r12\n\t pop %rbp\n\t pop %rbx\n\t"
     "ret\n"

     /* The user program, copied to UVA_CODE (position independent). */
     ".globl ublob\n"
     "ublob:\n\t"
     "mov   $0x1234, %edi\n\t"
     "mov   $" S(NR_SERVICE) ", %eax\n\t"
     "syscall\n"
     ".globl ublob_after_sys\n"
     "ublob_after_sys:\n\t"
     "mov   %rax, %r13\n\t"
     "mov   $0x5a5a, %r14\n"
     "2:\n\t"
     "mov   (%r12), %r14\n"         /* kernel-only: must fault */
     "3:\n\t"
     "mov   $" S(NR_SNAP) ", %eax\n\t"
     "syscall\n\t"
     "push  $0x99\n\t"
     "pop   %r15\n\t"
     "lea   ublob(%rip), %rsi\n"
     ".globl ublob_wr\n"
     "ublob_wr:\n\t"
     "movb  $1, (%rsi)\n"           /* read-only code page: must fault */
     "5:\n\t"
     "mov   $" S(NR_EXIT) ", %eax\n\t"
     "syscall\n\t"
     "ud2\n"
     ".globl ublob_end\n"
     "ublob_end:\n\t"
     ".pushsection .xt_extable, \"a\"\n\t"
     ".balign 8\n\t"
     ".quad " S(UVA_CODE) " + (2b - ublob), " S(UVA_CODE) " + (3b - ublob)\n\t"
     ".quad " S(UVA_CODE) " + (ublob_wr - ublob), " S(UVA_CODE) " + (5b - ublob)\n\t"
     ".popsection\n\t"
     ".popsection\n");

extern const uint8_t us_syscall_entry[];

unsigned long us_dispatch(unsigned long nr, unsigned long arg,
                          const uint64_t *frame)
{
    switch ( nr )
    {
    case NR_SERVICE:
        for ( unsigned int i = 0; i < 5; i++ )
            us_frame[i] = frame[i];
        us_calls++;
        return arg * 2 + 1;
    case NR_SNAP:
        us_snap = xt_last_trap;
        return 0;
    default:
        return -1;
    }
}

static unsigned long user_ok(void)
{
    return 0x600d;
}

static unsigned long fr[6];     /* L4, L3, L2, L1, code, stack */

static void set_entry(unsigned long mfn, unsigned int idx, uint64_t val)
{
    uint64_t *t = xt_scratch(WIN);

    if ( xt_map(WIN, mfn, PTE_P | PTE_RW) )
        panic("cannot map frame %#lx RW", mfn);
    t[idx] = val;
    xt_restore(WIN);
}

static void build_user_space(void)
{
    long rc;

    for ( unsigned int i = 0; i < 6; i++ )
    {
        fr[i] = xt_spare_mfn(i);
        if ( xt_mmuext1(MMUEXT_CLEAR_PAGE, fr[i], 0) )
            panic("CLEAR_PAGE of spare frame %u failed", i);
    }
    if ( xt_map(WIN, fr[4], PTE_P | PTE_RW) )
        panic("cannot map the code frame");
    memcpy(xt_scratch(WIN), ublob, ublob_end - ublob);
    xt_restore(WIN);

    set_entry(fr[3], 0, (fr[4] << 12) | PTE_P | PTE_US);           /* code */
    set_entry(fr[3], 1, (fr[5] << 12) | PTE_P | PTE_RW | PTE_US);  /* stack */
    set_entry(fr[2], 0, (fr[3] << 12) | PTE_P | PTE_RW | PTE_US);
    set_entry(fr[1], 0, (fr[2] << 12) | PTE_P | PTE_RW | PTE_US);
    set_entry(fr[0], 1, (fr[1] << 12) | PTE_P | PTE_RW | PTE_US);
    rc = xt_mmuext1(MMUEXT_PIN_L4_TABLE, fr[0], 0);
    if ( rc )
        panic("PIN_L4 of the user L4 = %ld", rc);
}

static void set_syscall_callback(const void *addr)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
        .address = (uint64_t)addr,
    };

    if ( hc_callback_op(CALLBACKOP_register, &cb) )
        panic("cannot register the syscall callback");
}

static void check_results(void)
{
    uint64_t after_sys = UVA_CODE + (ublob_after_sys - ublob);

    xt_check(us_calls == 1 && us_out[0] == 0x1234 * 2 + 1,
             "service syscall: calls %u, result %#lx", us_calls,
             (unsigned long)us_out[0]);
    printk("syscall frame: rip %#lx cs %#lx rflags %#lx rsp %#lx ss %#lx\n",
           (unsigned long)us_frame[0], (unsigned long)us_frame[1],
           (unsigned long)us_frame[2], (unsigned long)us_frame[3],
           (unsigned long)us_frame[4]);
    /* CS carries the saved upcall mask in bits 32-39 (ladder 1.12). */
    xt_check(us_frame[0] == after_sys &&
             (us_frame[1] & 0xffff) == FLAT_USER_CS &&
             us_frame[3] == UVA_TOP && us_frame[4] == FLAT_USER_SS,
             "syscall frame rip %#lx cs %#lx rsp %#lx ss %#lx",
             (unsigned long)us_frame[0], (unsigned long)us_frame[1],
             (unsigned long)us_frame[3], (unsigned long)us_frame[4]);
    printk("kernel-only read: vector %d error %#lx cr2 %#lx, r14 %#lx\n",
           (int)us_snap.vector, us_snap.error_code, us_snap.cr2,
           (unsigned long)us_out[1]);
    xt_check(us_snap.vector == X86_EXC_PF &&
             us_snap.error_code == X86_PFEC_USER &&
             us_snap.cr2 == (uint64_t)&kernel_secret && us_out[1] == 0x5a5a,
             "user read of a kernel variable did not fault as #PF[U]");
    xt_check(us_out[2] == 0x99, "user stack push/pop gave %#lx",
             (unsigned long)us_out[2]);
    xt_check(xt_last_trap.count == 2 && xt_last_trap.vector == X86_EXC_PF &&
             xt_last_trap.error_code == (X86_PFEC_PRESENT | X86_PFEC_WRITE |
                                         X86_PFEC_USER) &&
             xt_last_trap.cr2 == UVA_CODE && (xt_last_trap.cs & 3) == 3,
             "write to the user code page: traps %u vector %d error %#lx "
             "cr2 %#lx", xt_last_trap.count, (int)xt_last_trap.vector,
             xt_last_trap.error_code, xt_last_trap.cr2);
}

void test_main(void)
{
    long rc;

    build_user_space();
    rc = xt_mmuext1(MMUEXT_NEW_USER_BASEPTR, fr[0], 0);
    xt_check(rc == 0, "NEW_USER_BASEPTR = %ld", rc);
    set_syscall_callback(us_syscall_entry);

    xt_trap_reset();
    us_enter((unsigned long)&kernel_secret);
    check_results();

    /* The kernel is back on its own tables and still works. */
    xt_check(kernel_secret == 0x5ec2e7, "kernel variable changed");
    xt_install_callbacks();
    rc = xt_mmuext1(MMUEXT_NEW_USER_BASEPTR, xt_l4_mfn(), 0);
    xt_check(rc == 0, "NEW_USER_BASEPTR back = %ld", rc);
    xt_check(xt_exec_user(user_ok) == 0x600d, "runtime user mode broken");
    rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, fr[0], 0);
    xt_check(rc == 0, "UNPIN of the user L4 = %ld", rc);
    for ( unsigned int i = 0; i < 6; i++ )
    {
        rc = xt_map(WIN, fr[i], PTE_P | PTE_RW);
        xt_check(rc == 0, "frame %u not writable after unpin: %ld", i, rc);
    }
    xt_restore(WIN);
}
