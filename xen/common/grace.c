/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grace periods (xen/grace.h). Each CPU counts its quiescent points; a
 * deferred item remembers the counts and is run once every CPU online
 * then has moved on. The other CPUs get an event check at defer time so
 * that an idle one passes its idle loop soon instead of at its next timer.
 */
#include <xen/lib.h>
#include <xen/grace.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>

unsigned long grace_qs_count[NR_CPUS];
static DEFINE_SPINLOCK(grace_lock);
struct grace_item *grace_waiting;
static unsigned long last_ticket;
/* Per CPU: the lowest ticket of the items it is running now (0: none). */
static unsigned long running_from[NR_CPUS];

unsigned long grace_defer(struct grace_item *item,
                          void (*fn)(struct grace_item *item))
{
    unsigned int cpu, me = smp_processor_id();
    unsigned long ticket;

    item->fn = fn;
    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        item->snap[cpu] = __atomic_load_n(&grace_qs_count[cpu], __ATOMIC_ACQUIRE);
    spin_lock(&grace_lock);
    ticket = item->ticket = ++last_ticket;
    item->next = grace_waiting;
    grace_waiting = item;
    spin_unlock(&grace_lock);
    for_each_online_cpu ( cpu )
        if ( cpu != me )
            smp_send_event_check(cpu);
    return ticket;
}

static bool grace_over(const struct grace_item *item)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
        if ( __atomic_load_n(&grace_qs_count[cpu], __ATOMIC_ACQUIRE) == item->snap[cpu] )
            return false;
    return true;
}

/* grace_quiescent() (inline) counted this point and found items waiting. */
void grace_run_due(void)
{
    unsigned int me = smp_processor_id();
    struct grace_item **pp, *done = NULL, *item;

    spin_lock(&grace_lock);
    for ( pp = &grace_waiting; (item = *pp) != NULL; )
    {
        if ( !grace_over(item) )
        {
            pp = &item->next;
            continue;
        }
        *pp = item->next;
        item->next = done;
        done = item;
        if ( !running_from[me] || item->ticket < running_from[me] )
            running_from[me] = item->ticket;
    }
    spin_unlock(&grace_lock);

    while ( (item = done) != NULL )
    {
        done = item->next;
        item->fn(item);                 /* may free item */
    }
    if ( running_from[me] )
    {
        spin_lock(&grace_lock);
        running_from[me] = 0;
        spin_unlock(&grace_lock);
    }
}

/*
 * Not while an item of ticket <= t waits, nor while a CPU runs one (its
 * fn frees what the caller wants back).
 */
bool grace_done(unsigned long ticket)
{
    const struct grace_item *it;
    unsigned int cpu;
    bool done = true;

    spin_lock(&grace_lock);
    for ( it = grace_waiting; it && done; it = it->next )
        done = it->ticket > ticket;
    for ( cpu = 0; cpu < NR_CPUS && done; cpu++ )
        done = !running_from[cpu] || running_from[cpu] > ticket;
    spin_unlock(&grace_lock);
    return done;
}
