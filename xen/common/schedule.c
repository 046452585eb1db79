/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vCPU scheduling and sched_op. A vCPU gives up its pCPU only on the way
 * back to the guest (pv_exit_to_guest -> schedule_if_needed): hypercalls
 * that block or yield just say so, finish, and the switch happens with the
 * result already in the saved registers. Round robin over all runnable
 * vCPUs with a 30 ms slice; with nothing to run the pCPU sleeps in hlt
 * until an interrupt (the APIC timer is armed for the next deadline).
 * Runstate changes are driven from here (common/runstate.c accounts).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <public/sched.h>

#define SLICE MILLISECS(30)

static bool need_resched[NR_CPUS];
static struct timer slice_timer[NR_CPUS];

static void raise_schedule(void)
{
    need_resched[smp_processor_id()] = true;
}

static void slice_expired(void *unused)
{
    raise_schedule();
}

/* ---- runstate (accounting in common/runstate.c) ---------------------- */

/* What a vCPU that is not on a pCPU is doing. */
static int vcpu_idle_state(const struct vcpu *v)
{
    if ( vcpu_runnable(v) )
        return RUNSTATE_runnable;
    return v->pause_flags & VPF_blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

static void vcpu_runstate_sync(struct vcpu *v)
{
    if ( !v->is_running )
        vcpu_runstate_change(v, vcpu_idle_state(v), NOW());
}

/* ---- per-vCPU state -------------------------------------------------------- */

void sched_init_vcpu(struct vcpu *v)
{
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    vcpu_timers_init(v);
    /* The domain's wallclock is there before any of its vCPUs runs. */
    if ( v->vcpu_id == 0 )
        update_domain_wallclock_time(v->domain);
}

void sched_destroy_vcpu(struct vcpu *v)
{
    vcpu_timers_destroy(v);
    vcpu_info_release(v);
}

static void vcpu_unblock(struct vcpu *v)
{
    v->pause_flags &= ~VPF_blocked;
    v->poll_ports = NULL;
    v->poll_deadline = 0;
    stop_timer(&v->poll_timer);
    vcpu_runstate_sync(v);
}

bool vcpu_event_deliverable(const struct vcpu *v)
{
    const vcpu_info_t *vi = v->vcpu_info;

    return ACCESS_ONCE(vi->evtchn_upcall_pending) &&
           !ACCESS_ONCE(vi->evtchn_upcall_mask);
}

void vcpu_sleep(struct vcpu *v, unsigned long flag)
{
    __atomic_fetch_or(&v->pause_flags, flag, __ATOMIC_SEQ_CST);
    vcpu_runstate_sync(v);
    if ( v == current )
        raise_schedule();
}

void vcpu_wake(struct vcpu *v, unsigned long flag)
{
    __atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST);
    vcpu_runstate_sync(v);
    vcpu_kick(v);
}

void vcpu_kick(struct vcpu *v)
{
    /* One pCPU runs guests: the exit path re-checks events every time. */
    if ( v != current )
        raise_schedule();
}

/*
 * Blocked vCPUs (SCHEDOP_block) wake on any deliverable event; polling ones
 * (SCHEDOP_poll) on one of their ports or an upcall, or their deadline.
 */
static bool vcpu_should_wake(struct vcpu *v)
{
    if ( !(v->pause_flags & VPF_blocked) )
        return false;
    if ( vcpu_event_deliverable(v) )
        return true;
    if ( v->poll_ports )
    {
        for ( unsigned int i = 0; i < v->poll_nr; i++ )
            if ( evtchn_port_is_pending(v->domain, v->poll_ports[i]) )
                return true;
        if ( v->poll_deadline && NOW() >= v->poll_deadline )
            return true;
    }
    return false;
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST) )
        return;
    vcpu_kick(v);
}

void evtchn_check_pollers(struct domain *d, uint32_t port)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        if ( v->poll_ports )
            vcpu_kick(v);
}

void context_switch(struct vcpu *prev, struct vcpu *next);

/* Next runnable vCPU after prev in (domain, vCPU) order, or NULL. */
static struct vcpu *pick_next(struct vcpu *prev)
{
    struct domain *d;
    struct vcpu *v, *first = NULL;
    bool after = prev == NULL;

    for_each_domain ( d )
        for_each_vcpu ( d, v )
        {
            if ( vcpu_should_wake(v) )
                vcpu_unblock(v);
            if ( v == prev )
            {
                after = true;
                continue;
            }
            if ( !vcpu_runnable(v) )
                continue;
            if ( after )
                return v;
            if ( !first )
                first = v;
        }
    /* Wrap around to the first runnable one; prev only if it is alone. */
    if ( first )
        return first;
    return prev && vcpu_runnable(prev) ? prev : NULL;
}

/* Nothing to run: sleep until an interrupt makes a vCPU runnable. */
static struct vcpu *idle_until_runnable(struct vcpu *prev)
{
    struct vcpu *next;

    for ( ;; )
    {
        if ( timer_softirq_pending() )
            timer_softirq();
        next = pick_next(prev);
        if ( next )
            return next;
        /* sti's shadow covers hlt: an interrupt due now still wakes us. */
        asm volatile ( "sti; hlt; cli" ::: "memory" );
    }
}

/*
 * v stops running on this pCPU (context switch away, or idling with v still
 * loaded): account it, update its runstate copy while its page tables are
 * still loaded, stop its periodic timer.
 */
void vcpu_stop_running(struct vcpu *v)
{
    if ( v->runstate.state == RUNSTATE_running )
    {
        vcpu_runstate_change(v, vcpu_idle_state(v), NOW());
        vcpu_update_runstate_area(v);
    }
    vcpu_timers_descheduled(v);
}

/*
 * Called on every exit to the guest. Returns if current keeps the pCPU;
 * otherwise switches (and does not return here).
 */
void schedule_if_needed(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *prev = current, *next;

    if ( timer_softirq_pending() )
        timer_softirq();
    if ( prev && vcpu_should_wake(prev) )
        vcpu_unblock(prev);
    if ( !need_resched[cpu] && prev && vcpu_runnable(prev) )
        return;
    need_resched[cpu] = false;

    next = pick_next(prev);
    if ( !next )
    {
        if ( prev )
            vcpu_stop_running(prev);
        next = idle_until_runnable(prev);
    }

    if ( !slice_timer[cpu].fn )
        init_timer(&slice_timer[cpu], slice_expired, NULL, cpu);
    set_timer(&slice_timer[cpu], NOW() + SLICE);

    if ( next != prev )
        context_switch(prev, next);
    if ( prev->runstate.state != RUNSTATE_running )
    {
        /* Back from idling: running again, time republished. */
        vcpu_runstate_change(prev, RUNSTATE_running, NOW());
        update_vcpu_system_time(prev);
        vcpu_update_runstate_area(prev);
        vcpu_timers_scheduled(prev);
    }
}

static long sched_block(void)
{
    struct vcpu *v = current;

    /* Unmask and test in one step with respect to event delivery. */
    v->vcpu_info->evtchn_upcall_mask = 0;
    if ( vcpu_event_deliverable(v) )
        return 0;
    vcpu_sleep(v, VPF_blocked);
    return 0;
}

#define POLL_MAX_PORTS 128

static long sched_poll(unsigned long arg)
{
    static uint32_t ports[NR_CPUS][POLL_MAX_PORTS];
    uint32_t *p = ports[smp_processor_id()];
    struct vcpu *v = current;
    struct sched_poll sp;
    unsigned int i;

    if ( copy_from_guest_va(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports > POLL_MAX_PORTS )
        return -EINVAL;
    if ( copy_from_guest_va(p, guest_handle_va(sp.ports),
                            sp.nr_ports * sizeof(*p)) )
        return -EFAULT;
    for ( i = 0; i < sp.nr_ports; i++ )
        if ( !evtchn_port_valid(v->domain, p[i]) )
            return -EINVAL;

    for ( i = 0; i < sp.nr_ports; i++ )
        if ( evtchn_port_is_pending(v->domain, p[i]) )
            return 0;
    if ( vcpu_event_deliverable(v) )
        return 0;
    if ( sp.timeout && sp.timeout <= (uint64_t)NOW() )
        return 0;

    v->poll_ports = p;
    v->poll_nr = sp.nr_ports;
    v->poll_deadline = sp.timeout;
    if ( sp.timeout )
        set_timer(&v->poll_timer, sp.timeout);
    vcpu_sleep(v, VPF_blocked);
    return 0;
}

static long sched_remote_shutdown(unsigned long arg)
{
    struct sched_remote_shutdown rs;
    struct domain *d;

    if ( copy_from_guest_va(&rs, arg, sizeof(rs)) )
        return -EFAULT;
    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( rs.reason > SHUTDOWN_MAX )
        return -EINVAL;
    d = domain_by_id(rs.domain_id);
    if ( !d )
        return -ESRCH;
    domain_shutdown(d, rs.reason);
    return 0;
}

long do_sched_op(unsigned int cmd, unsigned long arg)
{
    struct sched_shutdown ss;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        raise_schedule();
        return 0;

    case SCHEDOP_block:
        return sched_block();

    case SCHEDOP_shutdown:
        if ( copy_from_guest_va(&ss, arg, sizeof(ss)) )
            return -EFAULT;
        domain_shutdown(current->domain, ss.reason);
        return 0;

    case SCHEDOP_shutdown_code:
        if ( copy_from_guest_va(&ss, arg, sizeof(ss)) )
            return -EFAULT;
        current->domain->shutdown_code = ss.reason;
        return 0;

    case SCHEDOP_poll:
        return sched_poll(arg);

    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(arg);

    case SCHEDOP_watchdog:
    case SCHEDOP_pin_override:
        return current->domain->is_privileged || cmd == SCHEDOP_watchdog
               ? -ENOSYS : -EPERM;

    default:
        return -ENOSYS;
    }
}

/* The pre-3.0.2 form: arg is the value itself (shutdown reason). */
long do_sched_op_compat(unsigned int cmd, unsigned long arg)
{
    switch ( cmd )
    {
    case SCHEDOP_yield:
        raise_schedule();
        return 0;
    case SCHEDOP_block:
        return sched_block();
    case SCHEDOP_shutdown:
        domain_shutdown(current->domain, arg);
        return 0;
    default:
        return -ENOSYS;
    }
}
