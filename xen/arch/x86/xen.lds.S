/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link the hypervisor at its high virtual address (XEN_VIRT_START + phys),
 * loaded at XEN_LOAD_PHYS. The first byte of .text.head is the entry point.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start_phys)

PHDRS
{
    image PT_LOAD FLAGS(7);
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_PHYS;
    __image_start = .;
    start_phys = start - XEN_VIRT_START;

    .text : AT(ADDR(.text) - XEN_VIRT_START)
    {
        *(.text.head)
        *(.text .text.*)
        *(.fixup)
        . = ALIGN(4096);
    } :image
    __text_end = .;

    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START)
    {
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __param_start = .;
        *(.init.param)
        __param_end = .;
        . = ALIGN(8);
        __ex_table_start = .;
        *(.ex_table)
        __ex_table_end = .;
        . = ALIGN(4096);
    } :image
    __rodata_end = .;

    .data : AT(ADDR(.data) - XEN_VIRT_START)
    {
        *(.data.page_aligned)
        *(.data .data.*)
        . = ALIGN(4096);
    } :image

    .bss : AT(ADDR(.bss) - XEN_VIRT_START)
    {
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.* COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :image
    __image_end = .;

    /DISCARD/ : { *(.note.gnu.property) *(.comment) *(.eh_frame) *(.note.GNU-stack) }
}
