/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC (arch/x86/apic.c): the vectors the hypervisor uses. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

#define APIC_TIMER_VECTOR     0xf0
#define APIC_EVENT_CHECK_VECTOR 0xf1    /* IPI: re-check run queue, events */
#define APIC_ERROR_VECTOR     0xfe
#define APIC_SPURIOUS_VECTOR  0xff

/* Enable this CPU's APIC and calibrate its timer (needs NOW()). */
void apic_init(void);
void apic_eoi(void);
void apic_timer_interrupt(void);
/* Handle a hypervisor-owned interrupt vector; false if vec is not ours. */
bool apic_do_interrupt(unsigned int vec);

#endif /* ASM_APIC_H */
