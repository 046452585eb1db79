/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest timers (pv-abi-ladder 3.6, pitfall 14): each vCPU has a singleshot
 * timer (set_timer_op, VCPUOP_set_singleshot_timer; a deadline already
 * past fires at once) and a periodic one (10 ms by default for PV vCPUs,
 * running only while the vCPU runs, as in Xen), both raising VIRQ_TIMER;
 * and a poll timer that ends SCHEDOP_poll at its timeout.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/timer.h>
#include <asm/current.h>

#define DEFAULT_PERIOD   MILLISECS(10)
/* set_timer_op: further out than this is a guest's wrapped jiffy value. */
#define TIMEOUT_FAR_SHIFT 50

static void singleshot_fn(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void periodic_fn(void *data)
{
    struct vcpu *v = data;
    s_time_t now = NOW(), next;

    if ( !v->periodic_period )
        return;
    next = v->periodic_last_event + v->periodic_period;
    if ( now >= next )
    {
        send_guest_vcpu_virq(v, VIRQ_TIMER);
        v->periodic_last_event = now;
        next = now + v->periodic_period;
    }
    set_timer(&v->periodic_timer, next);
}

static void poll_fn(void *data)
{
    vcpu_kick(data);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_fn, v, v->processor);
    init_timer(&v->periodic_timer, periodic_fn, v, v->processor);
    init_timer(&v->poll_timer, poll_fn, v, v->processor);
    v->periodic_period = DEFAULT_PERIOD;
    v->periodic_last_event = NOW();
}

void vcpu_timers_destroy(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->periodic_timer);
    stop_timer(&v->poll_timer);
}

void vcpu_timers_descheduled(struct vcpu *v)
{
    stop_timer(&v->periodic_timer);
}

/* On a pCPU again: catch up on a missed period, then re-arm. */
void vcpu_timers_scheduled(struct vcpu *v)
{
    migrate_timer(&v->singleshot_timer, v->processor);
    migrate_timer(&v->poll_timer, v->processor);
    migrate_timer(&v->periodic_timer, v->processor);
    if ( v->periodic_period )
        periodic_fn(v);
}

void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
    stop_timer(&v->periodic_timer);
    v->periodic_period = period;
    v->periodic_last_event = NOW();
    /* Only a running vCPU has its periodic timer armed. */
    if ( period && v == current )
        set_timer(&v->periodic_timer, v->periodic_last_event + period);
}

void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline)
{
    migrate_timer(&v->singleshot_timer, smp_processor_id());
    set_timer(&v->singleshot_timer, deadline);
}

void vcpu_stop_singleshot_timer(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
}

/*
 * set_timer_op (hc 15): absolute deadline, 0 cancels. Negative or more than
 * 2^50 ns (13 days) ahead is taken as a wrapped value: fire in 100 ms.
 */
long do_set_timer_op(uint64_t timeout)
{
    struct vcpu *v = current;
    s_time_t t = (s_time_t)timeout, offset = t - NOW();

    if ( timeout == 0 )
        vcpu_stop_singleshot_timer(v);
    else if ( t < 0 || (offset > 0 && (offset >> TIMEOUT_FAR_SHIFT)) )
        vcpu_set_singleshot_timer(v, NOW() + MILLISECS(100));
    else
        vcpu_set_singleshot_timer(v, t);
    return 0;
}
