/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot entry: multiboot1/multiboot2 headers and the 32->64-bit trampoline.
 *
 * Entered from the boot loader in 32-bit protected mode, paging off, flat
 * segments, interrupts off:
 *   multiboot2: eax = 0x36d76289, ebx = physical address of the MBI
 *   multiboot1: eax = 0x2badb002, ebx = physical address of the MBI
 * Leaves for __start_xen(magic, mbi_phys) in 64-bit mode on CPU 0's stack,
 * running at the image's high virtual address (XEN_VIRT_START + phys).
 */
#include <asm/config.h>
#include <asm-offsets.h>

#define sym_phys(s)  ((s) - XEN_VIRT_START)

#define MB1_MAGIC    0x1badb002
#define MB1_FLAGS    0x00000003         /* page-aligned modules, memory info */
#define MB2_MAGIC    0xe85250d6
#define MB2_ARCH_I386 0

#define PTE_P_RW     0x003
#define GDT_RESERVED_BYTES 0x70         /* 0xe000-0xe06f in use */
#define PDE_PSE_RW   0x083

        .section .text.head, "ax", @progbits
        .code32
        .globl start
start:
        /* Offset 0 is the ELF entry point of the loaded image. */
        jmp     __start

        .balign 8
mb1_header:
        .long   MB1_MAGIC
        .long   MB1_FLAGS
        .long   -(MB1_MAGIC + MB1_FLAGS)

        .balign 8
mb2_header:
        .long   MB2_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

        /* Information request (optional): cmdline, modules, mmap, ACPI. */
        .balign 8
mb2_info_req:
        .short  1, 1
        .long   mb2_info_req_end - mb2_info_req
        .long   1, 3, 6, 14, 15
mb2_info_req_end:

        /* Page-align modules so they can be handed to guests frame by frame. */
        .balign 8
        .short  6, 0
        .long   8

        .balign 8
        .short  0, 0
        .long   8
mb2_header_end:

/* Print the NUL-terminated string at %esi on COM1 (polled), then halt. */
early_fail:
        mov     $0x3fd, %dx
1:      in      %dx, %al
        test    $0x20, %al
        jz      1b
        mov     $0x3f8, %dx
        lodsb
        test    %al, %al
        jz      2f
        out     %al, %dx
        jmp     early_fail
2:      hlt
        jmp     2b

__start:
        cli
        cld
        mov     %eax, %ebp                      /* magic */
        mov     %ebx, %edi                      /* MBI */

        /* Zero .bss before using anything in it (the boot stack lives there). */
        mov     %edi, %edx
        mov     $sym_phys(__bss_start), %edi
        mov     $sym_phys(__bss_end), %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb
        mov     %edx, %edi

        mov     $sym_phys(boot_stack_top), %esp

        /* Long mode support is mandatory. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      .Lno_lm
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     .Lno_lm
        mov     %edx, %ebx                      /* keep NX support bit (20) */

        /* Boot page tables (static, see below): identity + image + direct map. */
        mov     $sym_phys(boot_l4), %eax
        mov     %eax, %cr3

        mov     %cr4, %eax
        or      $(1 << 5), %eax                 /* CR4.PAE */
        mov     %eax, %cr4

        mov     $0xc0000080, %ecx               /* EFER */
        rdmsr
        or      $((1 << 8) | (1 << 0)), %eax    /* LME | SCE */
        bt      $20, %ebx
        jnc     1f
        or      $(1 << 11), %eax                /* NXE */
1:      wrmsr

        mov     $0x80010023, %eax               /* PG | WP | NE | MP | PE */
        mov     %eax, %cr0

        lgdt    sym_phys(boot_gdtr32)
        ljmp    $0xe008, $sym_phys(start64_low)

.Lno_lm:
        mov     $sym_phys(msg_no_lm), %esi
        jmp     early_fail

        .code64
start64_low:
        /* Now in 64-bit mode on the identity map; move to the high mapping. */
        movabs  $start64_high, %rax
        jmp     *%rax

        .section .text, "ax", @progbits
start64_high:
        lgdt    boot_gdtr64(%rip)
        mov     $0xe010, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        /* CPU 0's stack, with its struct cpu_info at the top. */
        lea     cpu_stacks + STACK_SIZE - CPUINFO_sizeof(%rip), %rsp
        mov     %edi, %esi                      /* MBI (zero-extends) */
        mov     %ebp, %edi                      /* magic */
        call    __start_xen
        ud2

        .section .rodata, "a", @progbits
msg_no_lm:
        .asciz  "Xenolite: this CPU has no 64-bit long mode; cannot boot.\r\n"

        .section .data, "aw", @progbits
        .balign 8
boot_gdtr32:
        .short  0xe000 + GDT_RESERVED_BYTES - 1
        .long   sym_phys(boot_gdt) - 0xe000
        .balign 8
        .short  0
        .short  0
        .short  0
        .globl  boot_gdtr64                     /* also for the APs (trampoline.S) */
boot_gdtr64:
        .short  0xe000 + GDT_RESERVED_BYTES - 1
        .quad   boot_gdt - 0xe000

/*
 * The hypervisor's reserved GDT page. Selectors are Xen's (0xe008 ...): a
 * GDTR base of (page - 0xe000) makes selector 0xe000 the page's first entry.
 * Guests only ever see this page at index 14 of their own GDT.
 */
        .section .data.page_aligned, "aw", @progbits
        .balign 4096
        .globl boot_gdt
boot_gdt:
        .quad   0                               /* 0xe000 null */
        .quad   0x00af9b000000ffff              /* 0xe008 ring-0 CS, 64-bit */
        .quad   0x00cf93000000ffff              /* 0xe010 ring-0 DS */
        .quad   0                               /* 0xe018 reserved */
        .quad   0x00cffb000000ffff              /* 0xe023 ring-3 CS, 32-bit */
        .quad   0x00cff3000000ffff              /* 0xe02b ring-3 DS/SS */
        .quad   0x00affb000000ffff              /* 0xe033 ring-3 CS, 64-bit */
        .quad   0                               /* 0xe038 reserved */
        .quad   0, 0                            /* 0xe040 TSS (set at runtime) */
        .quad   0, 0                            /* 0xe050 LDT (set per vCPU) */
        .quad   0x0000910000000000              /* 0xe060 per-CPU marker */
        .fill   4096 - GDT_RESERVED_BYTES, 1, 0

/*
 * Boot page tables: the first 4 GiB identity mapped and also at the direct
 * map (slot 262), and the first 1 GiB at XEN_VIRT_START (slot 261), all with
 * 2 MiB pages. Replaced by the real tables in setup.
 */
        .balign 4096
        .globl boot_l4
boot_l4:
        .quad   sym_phys(boot_l3_ident) + PTE_P_RW
        .fill   260, 8, 0
        .quad   sym_phys(boot_l3_xen) + PTE_P_RW        /* slot 261 */
        .quad   sym_phys(boot_l3_ident) + PTE_P_RW      /* slot 262 */
        .fill   512 - 263, 8, 0
boot_l3_ident:
        .quad   sym_phys(boot_l2_ident) + 0x0000 + PTE_P_RW
        .quad   sym_phys(boot_l2_ident) + 0x1000 + PTE_P_RW
        .quad   sym_phys(boot_l2_ident) + 0x2000 + PTE_P_RW
        .quad   sym_phys(boot_l2_ident) + 0x3000 + PTE_P_RW
        .fill   508, 8, 0
boot_l3_xen:
        .fill   321, 8, 0
        .quad   sym_phys(boot_l2_ident) + PTE_P_RW      /* 0xffff82d040000000 */
        .fill   512 - 322, 8, 0
boot_l2_ident:
        .set    i, 0
        .rept   2048
        .quad   (i << 21) + PDE_PSE_RW
        .set    i, i + 1
        .endr

        /* Stack for the 32-bit part only. */
        .section .bss.page_aligned, "aw", @nobits
        .balign 4096
boot_stack:
        .skip   4096
boot_stack_top:
