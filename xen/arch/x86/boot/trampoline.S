/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The secondary CPUs' way from the STARTUP IPI to C (arch/x86/smpboot.c).
 *
 * trampoline_start..trampoline_end is copied to a page below 1 MiB and
 * patched there (its GDT base, the two far-jump targets, CR3 and EFER);
 * the AP starts in real mode at that page with CS = page >> 4, so the
 * code finds its base from CS and addresses its data relative to it.
 * Real mode -> 32-bit protected mode on a private flat GDT -> PAE, EFER,
 * paging on the boot page tables (head.S: the first 4 GiB identity mapped)
 * -> 64-bit mode -> ap_start64 at the image's high address, which takes
 * the hypervisor's GDT (head.S's template, selector 0xe008), the stack
 * and CPU number the boot CPU left in ap_boot_stack/ap_boot_cpu, and
 * calls start_secondary(cpu).
 */
#include <asm/config.h>

#define TR(x)   ((x) - trampoline_start)

        .section .rodata, "a", @progbits
        .balign 16
        .code16
        .globl trampoline_start
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        xor     %ebx, %ebx
        mov     %cs, %bx
        shl     $4, %ebx                        /* linear base of this page */
        lgdtl   TR(tr_gdt_desc)
        mov     $0x11, %eax                     /* PE | ET */
        mov     %eax, %cr0
        ljmpl   *TR(tr_pm_jump)

        .code32
tr_pm:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     TR(tr_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $(1 << 5), %eax                 /* PAE */
        mov     %eax, %cr4
        mov     $0xc0000080, %ecx               /* EFER: the boot CPU's bits */
        rdmsr
        or      TR(tr_efer)(%ebx), %eax
        wrmsr
        mov     $0x80010023, %eax               /* PG | WP | NE | MP | PE */
        mov     %eax, %cr0
        ljmp    *TR(tr_lm_jump)(%ebx)

        .code64
tr_lm:
        movabs  $ap_start64, %rax
        jmp     *%rax

        .balign 8
tr_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff              /* 0x08 32-bit code */
        .quad   0x00cf92000000ffff              /* 0x10 data */
        .quad   0x00af9a000000ffff              /* 0x18 64-bit code */
        .globl  tr_gdt_desc, tr_pm_jump, tr_lm_jump, tr_cr3, tr_efer, tr_gdt
        .globl  tr_pm, tr_lm
tr_gdt_desc:
        .short  4 * 8 - 1
        .long   0                               /* patched: base + TR(tr_gdt) */
tr_pm_jump:
        .long   0                               /* patched: base + TR(tr_pm) */
        .short  0x08
tr_lm_jump:
        .long   0                               /* patched: base + TR(tr_lm) */
        .short  0x18
tr_cr3:
        .long   0
tr_efer:
        .long   0
        .globl  trampoline_end
trampoline_end:

        .text
        .code64
ap_start64:
        lgdt    boot_gdtr64(%rip)
        mov     $0xe010, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        mov     ap_boot_stack(%rip), %rsp
        pushq   $0xe008
        lea     1f(%rip), %rax
        push    %rax
        lretq
1:      mov     ap_boot_cpu(%rip), %edi
        call    start_secondary
        ud2
