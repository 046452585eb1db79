/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vCPU scheduling on every pCPU. A vCPU gives up its pCPU only on the way
 * back to the guest (the arch exit path calls schedule_if_needed) or never had
 * one (the idle loop): hypercalls that block or yield just say so, and the
 * switch happens with the result already in the saved registers.
 *
 * Each pCPU has a run queue under its own lock; a vCPU is in at most one
 * queue, and its queue/is_running/processor state is guarded by the lock
 * of the pCPU named by v->processor (vcpu_lock re-checks after locking).
 * is_running is set when a pCPU claims a vCPU and cleared only once
 * context_switch() has saved it (sched_context_saved), so no two pCPUs ever
 * hold the same vCPU. Order: credit (sched_credit.c): BOOST, then UNDER,
 * then OVER, most credit first; a pCPU whose best is worse than a peer's
 * steals it. A vCPU is queued and picked only where its hard affinity
 * allows. Only one pCPU lock is held at a time. Interrupts are off in
 * the hypervisor except in the idle loop's hlt, which holds no locks.
 * Runstates change under the vCPU's lock, or on its pCPU while it runs.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/event.h>
#include <xen/grace.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <public/domctl.h>

#define SLICE         MILLISECS(5)
#define ACCT_PERIOD   MILLISECS(30)
#define STEAL_MARGIN  MILLISECS(2)
#define POLL_MAX_PORTS 128         /* as sched_op.c */

struct pcpu_sched {
    spinlock_t lock;
    struct csched_runq runq;
    struct vcpu *curr;              /* claimed or running; NULL: idle */
    struct timer slice_timer;
    unsigned long nr_switches;      /* vCPUs put on this pCPU */
    unsigned long nr_steals;        /* of them, taken from another queue */
} __attribute__((aligned(64)));

static struct pcpu_sched pcpu_sched[NR_CPUS];
/* Per CPU: pick again on the next exit (read inline there, xen/sched.h). */
bool sched_need_resched[NR_CPUS];
static DEFINE_SPINLOCK(sched_global_lock);  /* vCPU list, weights, caps */
static struct csched_vcpu *all_vcpus;
static struct timer acct_timer;

void context_switch(struct vcpu *prev, struct vcpu *next);

static unsigned int vcpu_lock(const struct vcpu *v)
{
    for ( ;; )
    {
        unsigned int cpu = ACCESS_ONCE(v->processor);

        spin_lock(&pcpu_sched[cpu].lock);
        if ( ACCESS_ONCE(v->processor) == cpu )
            return cpu;
        spin_unlock(&pcpu_sched[cpu].lock);
    }
}

#define CPUS_ALL ((1UL << NR_CPUS) - 1)

/* The online pCPUs v may use (all online ones if none is in its affinity). */
static unsigned long vcpu_cpus(const struct vcpu *v)
{
    unsigned long online = __atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE);
    unsigned long m = ACCESS_ONCE(v->cpu_hard_affinity) & online;

    return m ? m : online;
}

static bool vcpu_allowed(const struct vcpu *v, unsigned int cpu)
{
    return (vcpu_cpus(v) >> cpu) & 1;
}

static void send_check(unsigned int cpu)
{
    if ( cpu < NR_CPUS && cpu != smp_processor_id() )
        smp_send_event_check(cpu);
}

/* ---- runstate (accounting in common/runstate.c) ---------------------- */

static int vcpu_idle_state(const struct vcpu *v)
{
    if ( vcpu_runnable(v) )
        return RUNSTATE_runnable;
    return v->pause_flags & VPF_blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

/* With v's lock held. */
static void vcpu_runstate_sync(struct vcpu *v)
{
    if ( !v->is_running )
        vcpu_runstate_change(v, vcpu_idle_state(v), NOW());
}

/* ---- queueing --------------------------------------------------------------- */

/* Some idle pCPU other than cpu that v may use, or NR_CPUS. */
static unsigned int idle_peer(const struct vcpu *v, unsigned int cpu)
{
    unsigned long m = vcpu_cpus(v);
    unsigned int c;

    for ( c = 0; c < NR_CPUS; c++ )
        if ( c != cpu && ((m >> c) & 1) && !ACCESS_ONCE(pcpu_sched[c].curr) )
            return c;
    return NR_CPUS;
}

/* Where v should go: an idle pCPU it may use, else its first one. */
static unsigned int place(const struct vcpu *v)
{
    unsigned long m = vcpu_cpus(v);
    unsigned int c;

    for ( c = 0; c < NR_CPUS; c++ )
        if ( ((m >> c) & 1) && !ACCESS_ONCE(pcpu_sched[c].curr) )
            return c;
    return __builtin_ctzl(m);
}

/*
 * Lock v on the pCPU where it is or may be queued: a vCPU neither running
 * nor queued whose pCPU its affinity excludes moves first (its processor
 * changes under the old lock; vcpu_lock re-checks).
 */
static unsigned int vcpu_lock_placed(struct vcpu *v)
{
    for ( ;; )
    {
        unsigned int cpu = vcpu_lock(v);

        if ( v->is_running || v->sched.on_runq || vcpu_allowed(v, cpu) )
            return cpu;
        v->processor = place(v);
        spin_unlock(&pcpu_sched[cpu].lock);
    }
}

/*
 * Queue runnable v on cpu (its lock held). Returns the pCPU to send an
 * event check to: cpu if idle or to be preempted, else an idle peer.
 */
static unsigned int enqueue(struct vcpu *v, unsigned int cpu)
{
    struct pcpu_sched *p = &pcpu_sched[cpu];

    csched_runq_insert(&p->runq, &v->sched);
    vcpu_runstate_sync(v);
    if ( !p->curr )
        return cpu;
    if ( csched_prio(&v->sched) > csched_prio(&p->curr->sched) )
    {
        sched_need_resched[cpu] = true;
        return cpu;
    }
    return idle_peer(v, cpu);
}

/*
 * Who cpu may pick: not running elsewhere (prev may be), not excluded,
 * allowed on cpu.
 */
struct pick_arg {
    const struct vcpu *prev, *exclude;
    unsigned int cpu;
};

static bool eligible(const struct csched_vcpu *sv, const void *arg)
{
    const struct pick_arg *a = arg;
    const struct vcpu *v = sv->owner;

    return (!v->is_running || v == a->prev) && v != a->exclude &&
           vcpu_runnable(v) && vcpu_allowed(v, a->cpu);
}

/* ---- wake, sleep, kick ---------------------------------------------------- */

/* Wake conditions that need no event-channel lock (callers may hold one). */
static bool wake_cond_nolock(const struct vcpu *v)
{
    if ( vcpu_event_deliverable(v) )
        return true;
    return ACCESS_ONCE(v->poll_ports) && v->poll_deadline &&
           NOW() >= v->poll_deadline;
}

/* All of them, ports included: only where no event lock is held. */
static bool vcpu_should_wake(const struct vcpu *v)
{
    const uint32_t *ports = ACCESS_ONCE(v->poll_ports);

    if ( !(ACCESS_ONCE(v->pause_flags) & VPF_blocked) )
        return false;
    if ( wake_cond_nolock(v) )
        return true;
    for ( unsigned int i = 0; ports && i < v->poll_nr; i++ )
        if ( evtchn_port_is_pending(v->domain, ports[i]) )
            return true;
    return false;
}

/* Clear VPF_blocked; true for the one caller that did. */
static bool vcpu_unblock(struct vcpu *v)
{
    if ( !(__atomic_fetch_and(&v->pause_flags, ~VPF_blocked,
                              __ATOMIC_SEQ_CST) & VPF_blocked) )
        return false;
    csched_wake(&v->sched);
    return true;
}

void vcpu_kick(struct vcpu *v)
{
    unsigned int cpu, target = NR_CPUS;

    if ( (ACCESS_ONCE(v->pause_flags) & VPF_blocked) && wake_cond_nolock(v) )
        vcpu_unblock(v);

    /*
     * The caller's own vCPU (an event it sent itself) runs here: its exit
     * path re-checks events, and the locked path below would only find it
     * running on this CPU and send no check. Only this CPU ends its run.
     */
    if ( v == current && v->is_running )
        return;

    cpu = vcpu_lock_placed(v);
    if ( v->is_running )
        target = cpu;                   /* it re-checks events on exit */
    else if ( v->sched.on_runq )
        target = pcpu_sched[cpu].curr ? idle_peer(v, cpu) : cpu;
    else if ( vcpu_runnable(v) )
        target = enqueue(v, cpu);
    else
        vcpu_runstate_sync(v);
    spin_unlock(&pcpu_sched[cpu].lock);
    send_check(target);
}

void vcpu_wake(struct vcpu *v, unsigned long flag)
{
    __atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST);
    if ( flag & VPF_blocked )
        csched_wake(&v->sched);
    vcpu_kick(v);
}

void vcpu_sleep(struct vcpu *v, unsigned long flag)
{
    unsigned int cpu, target = NR_CPUS;

    __atomic_fetch_or(&v->pause_flags, flag, __ATOMIC_SEQ_CST);
    cpu = vcpu_lock(v);
    if ( v->is_running )
    {
        sched_need_resched[cpu] = true;
        target = cpu;
    }
    else
    {
        if ( v->sched.on_runq && !vcpu_runnable(v) )
            csched_runq_remove(&pcpu_sched[cpu].runq, &v->sched);
        vcpu_runstate_sync(v);
    }
    spin_unlock(&pcpu_sched[cpu].lock);
    send_check(target);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST) )
        return;
    vcpu_kick(v);
}

/* port of d became pending (event locks held): wake its pollers. */
void evtchn_check_pollers(struct domain *d, uint32_t port)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
    {
        const uint32_t *ports = ACCESS_ONCE(v->poll_ports);
        bool hit = false;

        if ( !ports || !(ACCESS_ONCE(v->pause_flags) & VPF_blocked) )
            continue;
        for ( unsigned int i = 0; i < v->poll_nr && !hit; i++ )
            hit = ports[i] == port;
        if ( hit && vcpu_unblock(v) )
            vcpu_kick(v);
    }
}

/* SCHEDOP_yield: others of the same priority go first. */
void sched_yield(void)
{
    current->sched.yielded = true;
    sched_need_resched[smp_processor_id()] = true;
}

void vcpu_sync_descheduled(struct vcpu *v)
{
    while ( ACCESS_ONCE(v->is_running) )
    {
        send_check(ACCESS_ONCE(v->processor));
        for ( unsigned int i = 0; i < 1000 && ACCESS_ONCE(v->is_running); i++ )
            cpu_relax();
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- per-vCPU state -------------------------------------------------------- */

void sched_init_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;

    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    if ( !d->sched.weight )
        csched_dom_init(&d->sched);
    csched_vcpu_init(&v->sched, &d->sched, v);
    v->cpu_hard_affinity = CPUS_ALL;
    v->cpu_soft_affinity = CPUS_ALL;
    v->poll_buf = xmalloc_array(uint32_t, POLL_MAX_PORTS);
    vcpu_timers_init(v);
    /* The domain's wallclock is there before any of its vCPUs runs. */
    if ( v->vcpu_id == 0 )
        update_domain_wallclock_time(d);

    spin_lock(&sched_global_lock);
    v->sched.all_next = all_vcpus;
    all_vcpus = &v->sched;
    spin_unlock(&sched_global_lock);
}

/* The domain is dying (v cannot become runnable): take v off everything. */
void sched_destroy_vcpu(struct vcpu *v)
{
    struct csched_vcpu **pp;
    unsigned int cpu;

    vcpu_sync_descheduled(v);
    cpu = vcpu_lock(v);
    if ( v->sched.on_runq )
        csched_runq_remove(&pcpu_sched[cpu].runq, &v->sched);
    spin_unlock(&pcpu_sched[cpu].lock);

    spin_lock(&sched_global_lock);
    for ( pp = &all_vcpus; *pp && *pp != &v->sched; pp = &(*pp)->all_next )
        ;
    if ( *pp )
        *pp = v->sched.all_next;
    spin_unlock(&sched_global_lock);

    vcpu_timers_destroy(v);
    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
    kill_timer(&v->poll_timer);
    v->poll_ports = NULL;
    xfree(v->poll_buf);
    v->poll_buf = NULL;
    vcpu_info_release(v);
}

/* ---- choosing ------------------------------------------------------------------ */

/* The best vCPU queued on p; a yielding prev goes after its equals. */
static struct csched_vcpu *pick_local(unsigned int cpu, struct vcpu *prev)
{
    struct pcpu_sched *p = &pcpu_sched[cpu];
    struct pick_arg a = { .prev = prev, .cpu = cpu };
    struct csched_vcpu *best = csched_runq_best(&p->runq, eligible, &a);
    struct csched_vcpu *other;

    if ( !prev || best != &prev->sched || !prev->sched.yielded )
        return best;
    a.exclude = prev;
    other = csched_runq_best(&p->runq, eligible, &a);
    return other && csched_prio(other) >= csched_prio(best) ? other : best;
}

/* Claim a queued vCPU of a peer better than local (a snapshot) for cpu. */
static struct vcpu *steal_work(unsigned int cpu, const struct csched_vcpu *local)
{
    const struct pick_arg any = { .cpu = cpu };

    for ( unsigned int i = 1; i < NR_CPUS; i++ )
    {
        unsigned int peer = (cpu + i) % NR_CPUS;
        struct pcpu_sched *q = &pcpu_sched[peer];
        struct csched_vcpu *cand;
        struct vcpu *v = NULL;

        if ( !cpu_online(peer) || !ACCESS_ONCE(q->runq.nr) )
            continue;
        spin_lock(&q->lock);
        cand = csched_runq_best(&q->runq, eligible, &any);
        if ( cand && csched_better(cand, local, local ? STEAL_MARGIN : 0) )
        {
            csched_runq_remove(&q->runq, cand);
            v = cand->owner;
            v->is_running = true;
            v->processor = cpu;
        }
        spin_unlock(&q->lock);
        if ( v )
            return v;
    }
    return NULL;
}

static void slice_expired(void *data)
{
    sched_need_resched[(unsigned long)data] = true;
}

/*
 * Decide what cpu runs next (prev: its current vCPU, NULL when idle).
 * Returns the claimed vCPU (prev to keep it), NULL to idle.
 */
static struct vcpu *do_schedule(unsigned int cpu, struct vcpu *prev)
{
    struct pcpu_sched *p = &pcpu_sched[cpu];
    struct csched_vcpu *local, snap;
    struct vcpu *next = NULL;
    s_time_t now = NOW();

    spin_lock(&p->lock);
    sched_need_resched[cpu] = false;
    if ( prev )
    {
        csched_charge(&prev->sched, now);
        /* One no longer allowed here is placed once it is saved. */
        if ( vcpu_runnable(prev) && !prev->sched.on_runq &&
             vcpu_allowed(prev, cpu) )
            csched_runq_insert(&p->runq, &prev->sched);
    }
    local = pick_local(cpu, prev);
    if ( local )
        snap = *local;
    spin_unlock(&p->lock);

    if ( num_online_cpus() > 1 )
        next = steal_work(cpu, local ? &snap : NULL);
    if ( next )
        p->nr_steals++;

    spin_lock(&p->lock);
    if ( !next && (local = pick_local(cpu, prev)) != NULL )
    {
        next = local->owner;
        csched_runq_remove(&p->runq, local);
        next->is_running = true;
    }
    if ( prev )
        prev->sched.yielded = false;
    if ( next && next != prev )
    {
        csched_start(&next->sched, now);
        p->nr_switches++;
    }
    ACCESS_ONCE(p->curr) = next;
    spin_unlock(&p->lock);

    if ( next )
        set_timer(&p->slice_timer, now + SLICE);
    else
        stop_timer(&p->slice_timer);
    return next;
}

/*
 * schedule_if_needed() (xen/sched.h) found something to look at: the same
 * checks in full. Returns if current keeps the pCPU; otherwise switches
 * (and does not return here).
 */
void schedule_if_needed_slow(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *prev = current, *next;

    if ( ACCESS_ONCE(smp_stopping) )
        smp_stop_self();
    /* No NOW() here: a due timer's own interrupt runs it (timer.c). */
    if ( timer_softirq_raised() )
        timer_softirq();
    if ( vcpu_should_wake(prev) )
        vcpu_unblock(prev);
    if ( !ACCESS_ONCE(sched_need_resched[cpu]) && vcpu_runnable(prev) &&
         !prev->sched.parked )
        return;

    next = do_schedule(cpu, prev);
    if ( next != prev )
        context_switch(prev, next);     /* does not return */
}

/* No guest runs anywhere before the boot CPU has built them all. */
static bool guests_started;

void sched_start_guests(void)
{
    unsigned int cpu;

    __atomic_store_n(&guests_started, true, __ATOMIC_SEQ_CST);
    for_each_online_cpu ( cpu )
        send_check(cpu);
}

noreturn void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *next = NULL;

    for ( ;; )
    {
        if ( ACCESS_ONCE(smp_stopping) )
            smp_stop_self();
        if ( timer_softirq_pending() )
            timer_softirq();
        grace_quiescent();
        if ( __atomic_load_n(&guests_started, __ATOMIC_ACQUIRE) )
            next = do_schedule(cpu, NULL);
        if ( next )
            context_switch(NULL, next); /* does not return */
        arch_cpu_idle();
    }
}

void sched_context_saved(struct vcpu *prev)
{
    unsigned int cpu = vcpu_lock(prev), target = NR_CPUS;

    prev->is_running = false;
    if ( !prev->sched.on_runq && vcpu_runnable(prev) &&
         !vcpu_allowed(prev, cpu) )
    {
        /* Its affinity changed while it ran: queue it where it may run. */
        spin_unlock(&pcpu_sched[cpu].lock);
        vcpu_kick(prev);
        return;
    }
    if ( prev->sched.on_runq )
        target = idle_peer(prev, cpu);  /* preempted: someone may take it */
    else if ( vcpu_runnable(prev) )
        target = enqueue(prev, cpu);    /* woken while being saved */
    else
        vcpu_runstate_sync(prev);
    spin_unlock(&pcpu_sched[cpu].lock);
    send_check(target);
}

/*
 * v stops running on this pCPU: account it, update its runstate copy while
 * its page tables are still loaded, stop its periodic timer.
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

/* ---- accounting and parameters ------------------------------------------------ */

static bool acct_active(const struct csched_vcpu *sv)
{
    const struct vcpu *v = sv->owner;

    return v->is_running || vcpu_runnable(v);
}

static void acct_unpark(struct csched_vcpu *sv)
{
    vcpu_kick(sv->owner);
}

static void acct_tick(void *unused)
{
    static s_time_t last;
    s_time_t now = NOW();

    spin_lock(&sched_global_lock);
    csched_account(all_vcpus, last ? now - last : ACCT_PERIOD, ACCT_PERIOD,
                   num_online_cpus(), acct_active, acct_unpark);
    last = now;
    spin_unlock(&sched_global_lock);
    set_timer(&acct_timer, now + ACCT_PERIOD);
}

void sched_print_stats(void)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
        printk("sched: pCPU%u ran %lu vCPU(s) (%lu taken from other queues)\n",
               cpu, pcpu_sched[cpu].nr_switches, pcpu_sched[cpu].nr_steals);
}

void sched_init_pcpu(unsigned int cpu)
{
    struct pcpu_sched *p = &pcpu_sched[cpu];

    spin_lock_init(&p->lock);
    init_timer(&p->slice_timer, slice_expired, (void *)(unsigned long)cpu, cpu);
    if ( cpu == 0 )
    {
        init_timer(&acct_timer, acct_tick, NULL, 0);
        set_timer(&acct_timer, NOW() + ACCT_PERIOD);
    }
}

/*
 * Pick up v's new hard affinity: off a pCPU it may no longer use, and a
 * queued v re-placed (a pCPU the old affinity kept out may be idle now).
 */
void sched_affinity_changed(struct vcpu *v)
{
    unsigned int cpu = vcpu_lock(v), target = NR_CPUS;
    bool requeue = false;

    if ( v->is_running )
    {
        if ( !vcpu_allowed(v, cpu) )
        {
            sched_need_resched[cpu] = true;
            target = cpu;
        }
    }
    else if ( v->sched.on_runq )
    {
        csched_runq_remove(&pcpu_sched[cpu].runq, &v->sched);
        v->processor = place(v);
        requeue = true;
    }
    else if ( !vcpu_allowed(v, cpu) )
        v->processor = place(v);        /* blocked or down: wakes there */
    spin_unlock(&pcpu_sched[cpu].lock);
    send_check(target);
    if ( requeue )
        vcpu_kick(v);
}

int sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op)
{
    struct xen_domctl_sched_credit *c = &op->u.credit;

    if ( op->sched_id != XEN_SCHEDULER_CREDIT )
        return -EINVAL;
    switch ( op->cmd )
    {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        spin_lock(&sched_global_lock);
        c->weight = d->sched.weight;
        c->cap = d->sched.cap;
        spin_unlock(&sched_global_lock);
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        /* Weight 0 and cap 0xffff mean "leave unchanged" (as Xen). */
        if ( c->cap != 0xffff && c->cap > 100 * max(d->max_vcpus, 1U) )
            return -EINVAL;
        spin_lock(&sched_global_lock);
        if ( c->weight )
            d->sched.weight = c->weight;
        if ( c->cap != 0xffff )
            d->sched.cap = c->cap;
        spin_unlock(&sched_global_lock);
        return 0;
    default:
        return -EINVAL;
    }
}
