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

        .text
        .globl handle_exception
handle_exception:
        SAVE_ALL
        cld
        mov     %rsp, %rdi
        call    do_trap
        /* fall through */
        .globl restore_all
restore_all:
        RESTORE_ALL
        add     $8, %rsp                        /* error_code, entry_vector */
        iretq

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
