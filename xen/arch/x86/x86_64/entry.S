/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry/exit.
 *
 * Every vector has a stub that leaves a complete struct cpu_user_regs on the
 * stack: the CPU pushes ss/rsp/rflags/cs/rip (and an error code for some
 * vectors); the stub pushes a zero error code where the CPU did not and
 * stores the vector number in entry_vector; handle_exception pushes the GPRs.
 * From guest context (CPL 3) the frame is the per-CPU guest_cpu_user_regs
 * (TSS.RSP0 points just past it); from hypervisor context it is wherever the
 * stack was. Then do_trap(regs) runs with interrupts as the gate left them.
 */
#include <asm/config.h>
#include <asm-offsets.h>
#define FLAT_KERNEL_CS 0xe033
#define FLAT_KERNEL_SS 0xe02b

#define _ASM_EXTABLE(from, to) \
        .pushsection .ex_table, "a"; .balign 4; .long from - ., to - .; .popsection

        .macro SAVE_ALL
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        .endm

        .macro RESTORE_ALL
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        .endm

        /*
         * A guest may enter with EFLAGS.AC set (an exception keeps it):
         * SMAP must be closed again in the hypervisor (x86_smap_on: clac
         * is #UD without SMAP). SYSCALL clears AC through its mask.
         */
        .macro CLAC_IF_SMAP
        cmpb    $0, x86_smap_on(%rip)
        je      .Lno_clac\@
        clac
.Lno_clac\@:
        .endm

        .text
        .globl handle_exception
handle_exception:
        SAVE_ALL
        cld
        CLAC_IF_SMAP
        mov     %rsp, %rdi
        call    do_trap
        /* Back to a guest goes through the exit path; to ourselves directly. */
        testb   $3, UREGS_cs(%rsp)
        jnz     ret_to_guest
        jmp     restore_all

/*
 * Return to the guest whose registers are at %rsp (this CPU's
 * guest_cpu_user_regs): deliver pending bounces and events, reschedule if
 * needed, then iretq. Interrupts stay off until the iretq.
 */
        .globl ret_to_guest
ret_to_guest:
        cli
        mov     %rsp, %rdi
        call    pv_exit_to_guest
        .globl restore_all
restore_all:
        RESTORE_ALL
        add     $8, %rsp                        /* error_code, entry_vector */
.Lft_iret:
        iretq
        _ASM_EXTABLE(.Lft_iret, iret_fault)

/*
 * The iretq back to a guest faulted (a selector the guest supplied is not
 * usable): the fixup resumes here with %rsp pointing at the guest's rip.
 */
iret_fault:
        /*
         * The nested exception frame overwrote the low part of the saved
         * registers, but the registers themselves still hold the guest's
         * values (RESTORE_ALL ran): save them again.
         */
        push    $0
        SAVE_ALL
        mov     %rsp, %rdi
        call    pv_iret_fault
        jmp     ret_to_guest

/*
 * SYSCALL from a guest (LSTAR/CSTAR point at per-CPU trampolines built by
 * syscall_init(), which park the guest %rsp in cpu_info and switch %rsp to
 * &guest_cpu_user_regs.es). Build the same frame an exception would:
 * ss, rsp, rflags (r11), cs, rip (rcx), error code/vector, then the GPRs.
 */
        .macro SYSCALL_FRAME vector
        push    $FLAT_KERNEL_SS
        push    (CPUINFO_guest_rsp_scratch - UREGS_ss)(%rsp)
        push    %r11
        push    $FLAT_KERNEL_CS
        push    %rcx
        push    $0
        movl    $\vector, 4(%rsp)
        SAVE_ALL
        cld
        mov     %rsp, %rdi
        .endm

        .globl lstar_enter
lstar_enter:
        SYSCALL_FRAME 0x100
        xor     %esi, %esi
        call    pv_do_syscall
        jmp     ret_to_guest

        .globl cstar_enter
cstar_enter:
        SYSCALL_FRAME 0x101
        mov     $1, %esi
        call    pv_do_syscall
        jmp     ret_to_guest

/*
 * Vectors 8, 10-14, 17, 21, 29 and 30 come with a CPU-pushed error code.
 * Each stub is padded to 16 bytes so the table below is regular.
 */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .balign 16
        .globl vector_stubs
vector_stubs:
        .set    vec, 0
        .rept   256
        .balign 16
        .if     HAS_ERRCODE(vec)
        movl    $vec, 4(%rsp)
        .else
        push    $0
        movl    $vec, 4(%rsp)
        .endif
        jmp     handle_exception
        .set    vec, vec + 1
        .endr
