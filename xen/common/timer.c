/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers (xen/timer.h): one deadline-sorted list per CPU, the
 * head programmed into the local APIC. The hypervisor runs with interrupts
 * off except in the idle loop's hlt, so list changes only need interrupts
 * off, never a lock across CPUs (each timer belongs to one CPU's list).
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/config.h>
#include <asm/current.h>

static struct timer *timer_list[NR_CPUS];
static bool timer_raised[NR_CPUS];     /* armed in the past: run soon */

static void list_remove(struct timer *t)
{
    struct timer **pp;

    for ( pp = &timer_list[t->cpu]; *pp; pp = &(*pp)->next )
        if ( *pp == t )
        {
            *pp = t->next;
            break;
        }
    t->next = NULL;
    t->active = false;
}

/* Insert after every timer with the same or an earlier deadline (FIFO). */
static void list_insert(struct timer *t)
{
    struct timer **pp = &timer_list[t->cpu];

    while ( *pp && (*pp)->expires <= t->expires )
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->active = true;
}

/* Tell the hardware about the head of this CPU's list. */
static void reprogram(unsigned int cpu)
{
    if ( cpu != smp_processor_id() )
        return;
    apic_timer_program(timer_list[cpu] ? timer_list[cpu]->expires : 0);
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->fn = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags = local_irq_save();
    bool was_head = timer_list[t->cpu] == t;

    if ( t->active )
        list_remove(t);
    t->expires = expires;
    list_insert(t);
    if ( expires <= NOW() )
        timer_raised[t->cpu] = true;
    if ( was_head || timer_list[t->cpu] == t )
        reprogram(t->cpu);
    local_irq_restore(flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags = local_irq_save();
    bool was_head = timer_list[t->cpu] == t;

    if ( t->active )
        list_remove(t);
    if ( was_head )
        reprogram(t->cpu);
    local_irq_restore(flags);
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    bool active = t->active;

    if ( t->cpu == cpu )
        return;
    stop_timer(t);
    t->cpu = cpu;
    if ( active )
        set_timer(t, t->expires);
}

s_time_t timer_next_deadline(unsigned int cpu)
{
    return timer_list[cpu] ? timer_list[cpu]->expires : 0;
}

bool timer_softirq_pending(void)
{
    unsigned int cpu = smp_processor_id();

    return timer_raised[cpu] ||
           (timer_list[cpu] && timer_list[cpu]->expires <= NOW());
}

void timer_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long flags = local_irq_save();
    struct timer *t;

    timer_raised[cpu] = false;
    /* A callback may re-arm its timer: always look at the current head. */
    while ( (t = timer_list[cpu]) != NULL && t->expires <= NOW() )
    {
        list_remove(t);
        t->fn(t->data);
    }
    reprogram(cpu);
    local_irq_restore(flags);
}
