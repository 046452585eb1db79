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

static unsigned long qs_count[NR_CPUS];
static DEFINE_SPINLOCK(grace_lock);
static struct grace_item *waiting;
/* Items taken off `waiting` whose fn has not returned yet. */
static unsigned int running;

void grace_defer(struct grace_item *item, void (*fn)(struct grace_item *item))
{
    unsigned int cpu, me = smp_processor_id();

    item->fn = fn;
    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        item->snap[cpu] = __atomic_load_n(&qs_count[cpu], __ATOMIC_ACQUIRE);
    spin_lock(&grace_lock);
    item->next = waiting;
    waiting = item;
    spin_unlock(&grace_lock);
    for_each_online_cpu ( cpu )
        if ( cpu != me )
            smp_send_event_check(cpu);
}

static bool grace_over(const struct grace_item *item)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
        if ( __atomic_load_n(&qs_count[cpu], __ATOMIC_ACQUIRE) == item->snap[cpu] )
            return false;
    return true;
}

void grace_quiescent(void)
{
    struct grace_item **pp, *done = NULL, *item;

    __atomic_fetch_add(&qs_count[smp_processor_id()], 1, __ATOMIC_RELEASE);
    if ( !ACCESS_ONCE(waiting) )
        return;

    spin_lock(&grace_lock);
    for ( pp = &waiting; (item = *pp) != NULL; )
    {
        if ( !grace_over(item) )
        {
            pp = &item->next;
            continue;
        }
        *pp = item->next;
        item->next = done;
        done = item;
        __atomic_fetch_add(&running, 1, __ATOMIC_RELAXED);
    }
    spin_unlock(&grace_lock);

    while ( (item = done) != NULL )
    {
        done = item->next;
        item->fn(item);                 /* may free item */
        __atomic_fetch_sub(&running, 1, __ATOMIC_RELEASE);
    }
}

/*
 * item has not run to its end: it is still waiting, or it may be the one
 * another CPU has taken off the list and is running (its fn frees what
 * our caller wants back, so wait until no such run is left).
 */
static bool still_waiting(const struct grace_item *item)
{
    const struct grace_item *it;
    bool found;

    spin_lock(&grace_lock);
    found = __atomic_load_n(&running, __ATOMIC_ACQUIRE) != 0;
    for ( it = waiting; it && !found; it = it->next )
        found = it == item;
    spin_unlock(&grace_lock);
    return found;
}

bool grace_wait(const struct grace_item *item, s_time_t timeout)
{
    s_time_t end = NOW() + timeout;

    for ( ;; )
    {
        grace_quiescent();
        if ( !still_waiting(item) )
            return true;
        if ( NOW() > end )
            return false;
        cpu_relax();
    }
}
