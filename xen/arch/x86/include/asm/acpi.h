/* SPDX-License-Identifier: GPL-2.0-only */
/* The ACPI tables read at boot (arch/x86/acpi.c): FADT, MADT, MCFG. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/types.h>

/* Find the FADT (power off, reset) from the RSDP; 0: scan the BIOS areas. */
void acpi_boot_init(paddr_t rsdp);
/* Enabled processors' APIC ids from the MADT; returns the count (<= max). */
unsigned int acpi_madt_apic_ids(uint32_t *ids, unsigned int max);
/* Call fn for every MADT entry (type byte, length byte, body). */
void acpi_madt_for_each(void (*fn)(const uint8_t *entry, void *arg), void *arg);
/* Call fn for every MCFG entry: ECAM base (of bus 0), segment, bus range. */
void acpi_mcfg_for_each(void (*fn)(uint64_t base, unsigned int seg,
                                   unsigned int sbus, unsigned int ebus,
                                   void *arg), void *arg);

#endif /* ASM_ACPI_H */
