/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point, the shared Xen ELF notes, the hypercall page, exception
 * entry stubs and the user-mode trampoline of the guest runtime (the test
 * kernels and xlkernel). Written as top-level asm in C so that every ABI
 * number comes from <public/...>.
 */
#include <public/xen.h>
#include <public/elfnote.h>
#include <xt-elfnote.h>

#define STACK_SIZE 0x4000

/*
 * Hypercall numbers are C enumeration constants (public/hypercall-defs.h),
 * which top-level asm cannot name: the one needed below becomes the
 * absolute assembler symbol xt_hc_iret here.
 */
static void __attribute__((used)) xt_asm_constants(void)
{
    asm volatile (".equ xt_hc_iret, %c0" :: "i" (__HYPERVISOR_iret));
}

/* ---- ELF notes (owner "Xen"), read by the domain builder --------------- */
/* XEN_ELFNOTE_GUEST_OS is the kernel's own (start.c for the test kernels). */
XT_ELFNOTE(XEN_ELFNOTE_GUEST_VERSION,  ".asciz", "\"0\"")
XT_ELFNOTE(XEN_ELFNOTE_LOADER,         ".asciz", "\"generic\"")
XT_ELFNOTE(XEN_ELFNOTE_XEN_VERSION,    ".asciz", "\"xen-3.0\"")
XT_ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, ".quad",  "hypercall_page")
XT_ELFNOTE(XEN_ELFNOTE_PAE_MODE,       ".asciz", "\"yes\"")
XT_ELFNOTE(XEN_ELFNOTE_FEATURES,       ".asciz",
     "\"!writable_page_tables|pae_pgdir_above_4gb\"")

/*
 * Entry (64-bit PV ABI): rsi = start_info, guest kernel mode, events
 * masked. Switch to our own stack and call the C runtime.
 */
asm (".pushsection .text.head, \"ax\", @progbits\n\t"
     ".globl _start\n"
     "_start:\n\t"
     "lea   boot_stack + " S(STACK_SIZE) "(%rip), %rsp\n\t"
     "mov   %rsi, %rdi\n\t"
     "call  xt_runtime_start\n\t"
     "ud2\n\t"
     ".popsection\n");

/*
 * Exception entry. The bounce frame at rsp is: rcx, r11, [error code], rip,
 * cs, rflags, rsp, ss. Each 16-byte stub restores rcx/r11, pushes a zero
 * error code for vectors the CPU gives none, pushes the vector and joins
 * handle_trap, which saves the GPRs (struct xt_regs) and calls xt_do_trap().
 * Vector n's stub is at xt_entry_base + n * 16.
 */
asm (".pushsection .text, \"ax\", @progbits\n\t"
     ".p2align 4\n\t"
     ".globl xt_entry_base\n"
     "xt_entry_base:\n\t"
     ".set vec, 0\n\t"
     ".rept 256\n\t"
     ".org xt_entry_base + vec * 16, 0xcc\n\t"  /* errors if a stub > 16 */
     "pop   %rcx\n\t"
     "pop   %r11\n\t"
     ".if ((vec == 8) | ((vec >= 10) & (vec <= 14)) | (vec == 17) | "
         "(vec == 21) | (vec == 29) | (vec == 30)) == 0\n\t"
     "push  $0\n\t"
     ".endif\n\t"
     "push  $vec\n\t"
     "jmp   handle_trap\n\t"
     ".set vec, vec + 1\n\t"
     ".endr\n\t"

     /* Event upcall / user syscall: no error code; pseudo-vectors 256/257. */
     ".p2align 4\n\t"
     ".globl xt_entry_event\n"
     "xt_entry_event:\n\t"
     "pop   %rcx\n\t"
     "pop   %r11\n\t"
     "push  $0\n\t"
     "push  $256\n\t"
     "jmp   handle_trap\n"

     ".p2align 4\n\t"
     ".globl xt_entry_syscall\n"
     "xt_entry_syscall:\n\t"
     "pop   %rcx\n\t"
     "pop   %r11\n\t"
     "push  $0\n\t"
     "push  $257\n\t"
     "jmp   handle_trap\n"

     /* Failsafe: the hypervisor could not load a guest segment. */
     ".p2align 4\n\t"
     ".globl xt_entry_failsafe\n"
     "xt_entry_failsafe:\n\t"
     "and   $~15, %rsp\n\t"
     "call  xt_failsafe\n\t"
     "ud2\n"

     "handle_trap:\n\t"
     "push %rax\n\t push %rbx\n\t push %rcx\n\t push %rdx\n\t"
     "push %rsi\n\t push %rdi\n\t push %rbp\n\t push %r8\n\t"
     "push %r9\n\t push %r10\n\t push %r11\n\t push %r12\n\t"
     "push %r13\n\t push %r14\n\t push %r15\n\t"
     "mov   %rsp, %rdi\n\t"
     "mov   %rsp, %rbx\n\t"
     "and   $~15, %rsp\n\t"
     "call  xt_do_trap\n\t"
     "mov   %rbx, %rsp\n\t"
     "pop %r15\n\t pop %r14\n\t pop %r13\n\t pop %r12\n\t"
     "pop %r11\n\t pop %r10\n\t pop %r9\n\t pop %r8\n\t"
     "pop %rbp\n\t pop %rdi\n\t pop %rsi\n\t pop %rdx\n\t"
     "pop %rcx\n\t pop %rbx\n\t pop %rax\n\t"
     "add   $16, %rsp\n\t"          /* vector, error code */
     "push  $0\n"                   /* iret flags; rip..ss are above */

     /*
      * Finish an iret frame whose flags word is at rsp: through the
      * hypercall page's iret stub (which pushes rcx, r11, rax) or by hand.
      */
     ".globl xt_iret\n"
     "xt_iret:\n\t"
     "cmpb  $0, xt_raw_hypercalls(%rip)\n\t"
     "jne   1f\n\t"
     "jmp   hypercall_page + xt_hc_iret * 32\n"
     "1:\n\t"
     "push  %rcx\n\t"
     "push  %r11\n\t"
     "push  %rax\n\t"
     "mov   $xt_hc_iret, %eax\n\t"
     "syscall\n\t"
     "ud2\n"

     /*
      * unsigned long xt_exec_user(unsigned long (*fn)(void))
      * iret to user_trampoline in guest user mode (RPL 3 CS) on user_stack,
      * fn in rax, events still masked (IF clear in the frame). The
      * trampoline comes back with int3 at xt_user_return; xt_do_trap
      * recognises that RIP and resumes kernel mode at xt_exec_user_resume
      * on xt_user_saved_rsp. (int3 has a DPL-3 gate in the hypervisor's
      * IDT; `int $n` for other n goes through #GP, whose error code QEMU's
      * TCG gets wrong, see tests/guest/README.md.)
      */
     ".globl xt_exec_user\n"
     "xt_exec_user:\n\t"
     "push %rbx\n\t push %rbp\n\t push %r12\n\t"
     "push %r13\n\t push %r14\n\t push %r15\n\t"
     "mov   %rsp, xt_user_saved_rsp(%rip)\n\t"
     "lea   user_stack + " S(STACK_SIZE) "(%rip), %rax\n\t"
     "push  $" S(FLAT_USER_SS) "\n\t"
     "push  %rax\n\t"               /* rsp */
     "push  $0x2\n\t"               /* rflags: guest IF clear */
     "push  $" S(FLAT_USER_CS) "\n\t"
     "lea   user_trampoline(%rip), %rax\n\t"
     "push  %rax\n\t"               /* rip */
     "push  $0\n\t"                 /* flags */
     "mov   %rdi, %rax\n\t"
     "jmp   xt_iret\n"

     ".globl xt_exec_user_resume\n"
     "xt_exec_user_resume:\n\t"
     "pop %r15\n\t pop %r14\n\t pop %r13\n\t"
     "pop %r12\n\t pop %rbp\n\t pop %rbx\n\t"
     "ret\n"

     "user_trampoline:\n\t"
     "call  *%rax\n\t"
     "int3\n\t"
     ".globl xt_user_return\n"
     "xt_user_return:\n\t"
     "ud2\n\t"
     ".popsection\n");

/* The hypercall page: page aligned in .data, filled by the domain builder. */
asm (".pushsection .data, \"aw\", @progbits\n\t"
     ".p2align 12\n\t"
     ".globl hypercall_page\n"
     "hypercall_page:\n\t"
     ".fill 4096, 1, 0xc3\n\t"
     ".popsection\n");

/* Stacks: boot, kernel stack for user->kernel entry, user stack. */
asm (".pushsection .bss, \"aw\", @nobits\n\t"
     ".p2align 12\n"
     "boot_stack:\n\t"
     ".skip " S(STACK_SIZE) "\n\t"
     ".globl xt_user_entry_stack\n"
     "xt_user_entry_stack:\n\t"
     ".skip " S(STACK_SIZE) "\n"
     "user_stack:\n\t"
     ".skip " S(STACK_SIZE) "\n\t"
     ".balign 8\n\t"
     ".globl xt_user_saved_rsp\n"
     "xt_user_saved_rsp:\n\t"
     ".skip 8\n\t"
     ".popsection\n");
