/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IO-APICs (arch/x86/io_apic.c): found in the MADT with the ISA
 * interrupt source overrides, every pin masked at boot; pins are routed to
 * a vector on the boot CPU when a GSI gets an owner.
 */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include <xen/types.h>

/* Parse the MADT and mask every pin (after acpi_boot_init). */
void ioapic_init(void);

/* GSIs 0..ioapic_nr_gsis()-1 exist (0: no IO-APIC). */
unsigned int ioapic_nr_gsis(void);
/* The GSI ISA IRQ irq arrives on, and its default trigger/polarity. */
unsigned int ioapic_isa_gsi(unsigned int irq);
/* IO-APIC i's register page (i < ioapic_count()), for permissions. */
unsigned int ioapic_count(void);
paddr_t ioapic_base(unsigned int i);
/*
 * The firmware's trigger (level) and polarity (active low) for gsi: ISA
 * IRQs from the overrides (default edge/high), others level/low (PCI).
 */
void ioapic_gsi_default_mode(unsigned int gsi, bool *level, bool *low);

/* Program gsi's pin: vector to the boot CPU, masked. */
void ioapic_route(unsigned int gsi, unsigned int vector, bool level, bool low);
void ioapic_set_dest(unsigned int gsi, unsigned int cpu);
void ioapic_mask(unsigned int gsi);
void ioapic_unmask(unsigned int gsi);

/* Register reg of the IO-APIC at physical address base; -EINVAL unknown. */
int ioapic_reg_read(paddr_t base, unsigned int reg, uint32_t *val);

#endif /* ASM_IO_APIC_H */
