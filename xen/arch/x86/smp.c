/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synchronous TLB shootdown. The hypervisor runs with interrupts off, so a
 * CPU waiting for a lock held by the flushing CPU could never take a
 * fixed-vector IPI: the request goes as an NMI instead, which every CPU
 * answers wherever it is (do_trap -> smp_nmi_flush). One flush at a time;
 * the initiator spins until every target has cleared its bit. The same NMI
 * stops every other CPU when the machine goes down.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>

static DEFINE_SPINLOCK(flush_lock);
static unsigned long flush_pending;     /* CPUs still to flush */

bool smp_stopping;                      /* smp_stop_other_cpus() */

noreturn void smp_stop_self(void)
{
    __atomic_fetch_and(&cpu_online_map, ~(1UL << smp_processor_id()),
                       __ATOMIC_SEQ_CST);
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

bool smp_nmi_ipi(void)
{
    unsigned long bit = 1UL << smp_processor_id();

    if ( __atomic_load_n(&smp_stopping, __ATOMIC_ACQUIRE) )
        smp_stop_self();
    if ( !(__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) & bit) )
        return false;
    tlb_note_flush();
    flush_tlb_local();
    __atomic_fetch_and(&flush_pending, ~bit, __ATOMIC_SEQ_CST);
    return true;
}

static unsigned long others_online(void)
{
    return __atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE) &
           ~(1UL << smp_processor_id());
}

/*
 * Power-off, reboot, halt: every other CPU stops. First politely (an event
 * check: they stop on their way out to a guest or in the idle loop, where
 * they hold no lock), then with an NMI wherever they are.
 */
void smp_stop_other_cpus(void)
{
    unsigned long others;
    unsigned int cpu, round, spins;

    __atomic_store_n(&smp_stopping, true, __ATOMIC_SEQ_CST);
    for ( round = 0; round < 2 && (others = others_online()); round++ )
    {
        for ( cpu = 0; cpu < NR_CPUS; cpu++ )
            if ( others & (1UL << cpu) )
            {
                if ( round )
                    apic_send_nmi(cpu);
                else
                    smp_send_event_check(cpu);
            }
        for ( spins = 0; spins < 10000000 && others_online(); spins++ )
            cpu_relax();
    }
}

void flush_tlb_mask(unsigned long mask)
{
    unsigned int me = smp_processor_id(), cpu;

    if ( mask & (1UL << me) )
    {
        tlb_note_flush();
        flush_tlb_local();
    }
    mask &= __atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE) & ~(1UL << me);
    if ( !mask )
        return;

    spin_lock(&flush_lock);
    __atomic_store_n(&flush_pending, mask, __ATOMIC_SEQ_CST);
    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( mask & (1UL << cpu) )
            apic_send_nmi(cpu);
    while ( __atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) & mask )
        cpu_relax();
    spin_unlock(&flush_lock);
}
