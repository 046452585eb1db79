/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader handed over, normalised from multiboot1/2: the
 * command line, the e820 map, the modules and the ACPI RSDP.
 */
#ifndef ASM_BOOTINFO_H
#define ASM_BOOTINFO_H

#include <xen/types.h>

#define MAX_E820  128
#define MAX_MODS  16

#define E820_RAM       1
#define E820_RESERVED  2
#define E820_ACPI      3
#define E820_NVS       4
#define E820_UNUSABLE  5

struct e820entry {
    uint64_t addr, size;
    uint32_t type;
};

struct boot_module {
    paddr_t start;                      /* page aligned */
    size_t size;
    const char *cmdline;                /* loader image name already removed */
};

struct boot_info {
    const char *cmdline;
    const char *loader;
    unsigned int nr_e820;
    struct e820entry e820[MAX_E820];
    unsigned int nr_mods;
    struct boot_module mods[MAX_MODS];
    paddr_t rsdp;                       /* 0: not given by the loader */
    paddr_t mbi_start, mbi_end;         /* keep the MBI until parsed */
};

extern struct boot_info boot_info;

int multiboot_parse(uint32_t magic, paddr_t mbi, struct boot_info *bi);

/* Frame table and allocator from the e820 map (arch/x86/mm.c). */
void memory_init(struct boot_info *bi);

#endif /* ASM_BOOTINFO_H */
