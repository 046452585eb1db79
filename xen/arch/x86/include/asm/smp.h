/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical CPUs (arch/x86/smpboot.c, apic.c): which are online, their
 * local APIC ids, and the two IPIs: "event check" (a fixed vector that
 * makes the target re-run its exit path or idle loop) and the synchronous
 * TLB flush (sent as an NMI, so a CPU spinning with interrupts off still
 * answers).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xen/types.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/processor.h>

extern unsigned long cpu_online_map;        /* bit per online pCPU */
extern unsigned int nr_cpu_ids;             /* CPUs found (MADT), online or not */
extern uint32_t cpu_apic_id[NR_CPUS];

#define cpu_online(c)  ((c) < NR_CPUS && \
                        (__atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE) >> (c)) & 1)
#define for_each_online_cpu(c) \
    for ( (c) = 0; (c) < NR_CPUS; (c)++ ) if ( cpu_online(c) )

static inline unsigned int num_online_cpus(void)
{
    unsigned long m = __atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE);
    unsigned int n = 0;

    for ( ; m; m &= m - 1 )
        n++;
    return n;
}

/* Bring up the other CPUs listed in the MADT (after mm_machine_init). */
void smp_boot_cpus(void);

/* Give cpu (not started yet) its time stamp and refresh timer (time.c). */
void time_init_secondary(unsigned int cpu);

/* IPIs (apic.c). */
void smp_send_event_check(unsigned int cpu);
void apic_send_nmi(unsigned int cpu);
void apic_send_init_sipi(uint32_t apic_id, unsigned int vector);
uint32_t apic_read_id(void);
void apic_init_secondary(void);

/* CPUs that have some guest's page tables loaded (mm/machine.c). */
extern unsigned long guest_tables_cpumask;
/*
 * This CPU is about to load CR3 (a full flush): for the TLB clock
 * (mm/machine.c), whose unit is the TSC. Inline: every guest kernel/user
 * switch loads CR3.
 */
extern uint64_t tlb_last_flush[NR_CPUS];
static inline void tlb_note_flush(void)
{
    __atomic_store_n(&tlb_last_flush[smp_processor_id()], rdtsc(),
                     __ATOMIC_SEQ_CST);
}
/* Flush the TLBs of the CPUs in mask (this CPU's locally), synchronously. */
void flush_tlb_mask(unsigned long mask);
/*
 * An NMI arrived: answer a pending flush request (true if there was one),
 * or stop here for good if the machine is going down.
 */
bool smp_nmi_ipi(void);
/* Stop every other CPU (machine going down); they call smp_stop_self(). */
void smp_stop_other_cpus(void);
extern bool smp_stopping;
noreturn void smp_stop_self(void);

#endif /* ASM_SMP_H */
