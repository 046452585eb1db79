/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU software timers: each CPU keeps its armed timers in a list
 * sorted by deadline and programs the earliest one into its local APIC.
 * Expired timers run from timer_softirq() (APIC interrupt, idle loop, exit
 * to a guest) with interrupts off; a callback may re-arm its own timer.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/types.h>
#include <asm/config.h>
#include <asm/current.h>

struct timer {
    s_time_t expires;               /* system time (ns) it fires at */
    void (*fn)(void *data);
    void *data;
    struct timer *next;             /* in its CPU's list, while active */
    unsigned int cpu;
    bool active;
};

/* Set up t to call fn(data) on cpu. t must not be active. */
void init_timer(struct timer *t, void (*fn)(void *data), void *data,
                unsigned int cpu);
/* (Re)arm t for expires; a deadline already past fires on the next run. */
void set_timer(struct timer *t, s_time_t expires);
/* Disarm t (no-op if not active). */
void stop_timer(struct timer *t);
/* Disarm t and wait until its callback is not running on another CPU. */
void kill_timer(struct timer *t);
/* Disarm t and let it run on cpu from now on. */
void migrate_timer(struct timer *t, unsigned int cpu);
static inline bool timer_is_active(const struct timer *t)
{
    return t->active;
}

/* Run every expired timer of this CPU and program the next deadline. */
void timer_softirq(void);
/* Has a timer of this CPU expired (or been armed in the past)? */
bool timer_softirq_pending(void);
/*
 * Only "armed in the past": enough where interrupts come on next, i.e. the
 * exit path's cheaper question. A timer that falls due later has the APIC
 * timer armed for it (never early, see apic_timer_program), so its
 * interrupt comes as soon as interrupts are on again, at the latest right
 * after the iretq to the guest. Inline: every exit to a guest asks.
 */
extern bool timer_raised[NR_CPUS];
static inline bool timer_softirq_raised(void)
{
    return __atomic_load_n(&timer_raised[smp_processor_id()], __ATOMIC_RELAXED);
}
/* Earliest deadline armed on cpu, or 0 if none. */
s_time_t timer_next_deadline(unsigned int cpu);

/* The hardware side (arch/x86/apic.c): fire once at deadline (0 = never). */
void apic_timer_program(s_time_t deadline);
/* Another CPU's list head changed: make it reprogram (event check IPI). */
void timer_notify_cpu(unsigned int cpu);

#endif /* XEN_TIMER_H */
