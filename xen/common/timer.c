/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers (xen/timer.h): one deadline-sorted list per CPU under
 * that CPU's lock, the head programmed into its local APIC. A timer is in
 * the list of t->cpu; t->cpu changes only with both CPUs' locks held
 * (migrate_timer), so lock_timer() re-checks it after locking. Callbacks
 * run on their CPU without the lock (they may re-arm their own timer);
 * kill_timer() waits for a running one. A timer armed on another CPU that
 * becomes its list head gets that CPU an event check so it reprograms.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/config.h>
#include <asm/current.h>

static struct timer *timer_list[NR_CPUS];
bool timer_raised[NR_CPUS];            /* armed in the past: run soon */
static struct timer *timer_running[NR_CPUS];
static spinlock_t timer_lock[NR_CPUS];

/* Ask cpu to reprogram its APIC (smp code overrides; unit tests do not). */
__attribute__((weak)) void timer_notify_cpu(unsigned int cpu)
{
    (void)cpu;
}

static unsigned int lock_timer(const struct timer *t, unsigned long *flags)
{
    *flags = local_irq_save();
    for ( ;; )
    {
        unsigned int cpu = ACCESS_ONCE(t->cpu);

        spin_lock(&timer_lock[cpu]);
        if ( ACCESS_ONCE(t->cpu) == cpu )
            return cpu;
        spin_unlock(&timer_lock[cpu]);
    }
}

static void unlock_timer(unsigned int cpu, unsigned long flags)
{
    spin_unlock(&timer_lock[cpu]);
    local_irq_restore(flags);
}

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

/* Tell the hardware about the head of cpu's list (its lock held). */
static void reprogram(unsigned int cpu)
{
    if ( cpu != smp_processor_id() )
    {
        timer_notify_cpu(cpu);
        return;
    }
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
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);
    bool was_head = timer_list[cpu] == t;

    if ( t->active )
        list_remove(t);
    t->expires = expires;
    list_insert(t);
    if ( expires <= NOW() )
        timer_raised[cpu] = true;
    if ( was_head || timer_list[cpu] == t )
        reprogram(cpu);
    unlock_timer(cpu, flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);
    bool was_head = timer_list[cpu] == t;

    if ( t->active )
        list_remove(t);
    if ( was_head && cpu == smp_processor_id() )
        reprogram(cpu);
    unlock_timer(cpu, flags);
}

void kill_timer(struct timer *t)
{
    unsigned int cpu;

    stop_timer(t);
    for ( ;; )
    {
        cpu = ACCESS_ONCE(t->cpu);
        if ( cpu == smp_processor_id() ||
             __atomic_load_n(&timer_running[cpu], __ATOMIC_ACQUIRE) != t )
            break;
        __builtin_ia32_pause();
    }
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    unsigned long flags;
    unsigned int old;
    bool active;

    for ( ;; )
    {
        old = ACCESS_ONCE(t->cpu);
        if ( old == cpu )
            return;
        flags = local_irq_save();
        /* Both locks, lower CPU first. */
        spin_lock(&timer_lock[min(old, cpu)]);
        spin_lock(&timer_lock[max(old, cpu)]);
        if ( ACCESS_ONCE(t->cpu) == old )
            break;
        spin_unlock(&timer_lock[max(old, cpu)]);
        spin_unlock(&timer_lock[min(old, cpu)]);
        local_irq_restore(flags);
    }

    active = t->active;
    if ( active )
        list_remove(t);
    t->cpu = cpu;
    if ( active )
    {
        list_insert(t);
        if ( t->expires <= NOW() )
            timer_raised[cpu] = true;
        if ( timer_list[cpu] == t )
            reprogram(cpu);
    }
    spin_unlock(&timer_lock[max(old, cpu)]);
    spin_unlock(&timer_lock[min(old, cpu)]);
    local_irq_restore(flags);
}

s_time_t timer_next_deadline(unsigned int cpu)
{
    struct timer *t = ACCESS_ONCE(timer_list[cpu]);

    return t ? ACCESS_ONCE(t->expires) : 0;
}

bool timer_softirq_pending(void)
{
    unsigned int cpu = smp_processor_id();
    struct timer *t = ACCESS_ONCE(timer_list[cpu]);

    return ACCESS_ONCE(timer_raised[cpu]) ||
           (t && ACCESS_ONCE(t->expires) <= NOW());
}

void timer_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long flags = local_irq_save();
    struct timer *t;

    spin_lock(&timer_lock[cpu]);
    timer_raised[cpu] = false;
    /* A callback may re-arm its timer: always look at the current head. */
    while ( (t = timer_list[cpu]) != NULL && t->expires <= NOW() )
    {
        list_remove(t);
        __atomic_store_n(&timer_running[cpu], t, __ATOMIC_RELEASE);
        spin_unlock(&timer_lock[cpu]);
        t->fn(t->data);
        spin_lock(&timer_lock[cpu]);
        __atomic_store_n(&timer_running[cpu], NULL, __ATOMIC_RELEASE);
    }
    reprogram(cpu);
    spin_unlock(&timer_lock[cpu]);
    local_irq_restore(flags);
}
