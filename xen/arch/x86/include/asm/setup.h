/* SPDX-License-Identifier: GPL-2.0-only */
/* What the boot loader handed over, normalised from multiboot1/2. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

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

/* Physical <-> direct-map virtual. */
#define __va(pa) ((void *)((unsigned long)(pa) + DIRECTMAP_VIRT_START))
#define __pa(va) ((paddr_t)((unsigned long)(va) >= XEN_VIRT_START && \
                            (unsigned long)(va) < DIRECTMAP_VIRT_START ? \
                            (unsigned long)(va) - XEN_VIRT_START :      \
                            (unsigned long)(va) - DIRECTMAP_VIRT_START))

noreturn void machine_halt(void);
noreturn void machine_power_off(void);
noreturn void machine_restart(void);
/* The initial domain shut down: power off, or reboot (halt with noreboot). */
noreturn void hypervisor_shutdown(bool reboot);

void acpi_boot_init(paddr_t rsdp);
/* Enabled processors' APIC ids from the MADT; returns the count (<= max). */
unsigned int acpi_madt_apic_ids(uint32_t *ids, unsigned int max);
/* Frame table and allocator from the e820 map (arch/x86/mm.c). */
void memory_init(struct boot_info *bi);

#endif /* ASM_SETUP_H */
