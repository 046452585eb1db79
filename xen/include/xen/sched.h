/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: identity, lifecycle, the shared_info page and the
 * per-vCPU state every subsystem hangs off. Architecture state lives in
 * struct arch_domain / arch_vcpu (asm/domain.h).
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/types.h>
#include <xen/grace.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/sched_credit.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <asm/domain.h>
#include <asm/smp.h>

#define MAX_VIRT_CPUS       XEN_LEGACY_MAX_VCPUS /* vcpu_info in shared_info */

/* vCPU pause_flags bits: the vCPU runs only while none is set. */
#define VPF_blocked    (1UL << 0)   /* SCHEDOP_block / poll: waits for an event */
#define VPF_down       (1UL << 1)   /* not brought up (VCPUOP_up) or taken down */
#define VPF_shutdown   (1UL << 2)   /* its domain is shut down */

struct evtchn_domain;               /* common/event_channel.c */
struct grant_table;                 /* common/grant_table.c */
struct domain_memory_map;           /* common/memory.c */

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;

    /* Where this vCPU's vcpu_info lives (hypervisor VA). */
    vcpu_info_t *vcpu_info;
    mfn_t vcpu_info_mfn;            /* INVALID_MFN: inside shared_info */

    unsigned long pause_flags;      /* VPF_* */
    bool is_initialised;            /* has a context (boot or VCPUOP_initialise) */
    bool is_running;                /* on a pCPU now */
    unsigned int processor;         /* pCPU it runs (or last ran) on */
    /*
     * pCPUs it may run on (hard: a bit per pCPU, all set by default; an
     * affinity with no online pCPU left is ignored) and prefers (soft:
     * kept and reported, not used by the scheduler).
     */
    unsigned long cpu_hard_affinity;
    unsigned long cpu_soft_affinity;

    /* SCHEDOP_poll: ports waited on (NULL when not polling), deadline. */
    const uint32_t *poll_ports;
    unsigned int poll_nr;
    s_time_t poll_deadline;

    /*
     * Timers (common/vcpu_op.c): VIRQ_TIMER from the singleshot timer
     * (set_timer_op, VCPUOP_set_singleshot_timer) and the periodic one
     * (period 0 = off; it runs only while the vCPU runs); the poll timer
     * ends a SCHEDOP_poll at poll_deadline.
     */
    struct timer singleshot_timer;
    struct timer periodic_timer;
    struct timer poll_timer;
    s_time_t periodic_period;
    s_time_t periodic_last_event;

    /* Runstate accounting and its guest copies (guest VAs, 0 = none). */
    struct vcpu_runstate_info runstate;
    unsigned long runstate_va;      /* VCPUOP_register_runstate_memory_area */
    unsigned long time_area_va;     /* VCPUOP_register_vcpu_time_memory_area */

    /* Per-vCPU event-channel state owned by common/event_channel.c. */
    void *evtchn_vcpu;

    /* Scheduler state (common/schedule.c, common/sched_credit.c). */
    struct csched_vcpu sched;
    uint32_t *poll_buf;             /* SCHEDOP_poll's ports, per vCPU */

    /*
     * A destroydomain this vCPU issued freed its domain: the call is
     * issued again (-ERESTART) until the memory is back (grace_done of
     * destroy_ticket, 0 = none). common/domctl.c.
     */
    unsigned long destroy_ticket;
    domid_t destroy_domid;

    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    struct grace_item grace;        /* freeing the struct (common/grace.c) */
    bool is_privileged;             /* control domain: domctl/sysctl, foreign maps */
    bool console_line_start;        /* for "(dN) " prefixes */
    xen_domain_handle_t handle;     /* UUID */
    spinlock_t lock;

    /* vCPUs: vcpu[0..max_vcpus) (NULL entries not yet created). */
    unsigned int max_vcpus;
    struct vcpu **vcpu;

    /* The shared_info page (a hypervisor frame shared with the guest). */
    shared_info_t *shared_info;
    mfn_t shared_info_mfn;

    /* Memory: frames owned (tot_pages) and the limit (max_pages). */
    spinlock_t page_alloc_lock;
    unsigned long tot_pages;
    unsigned long max_pages;
    /* XENMEM_set_memory_map's E820 (xen/memory.h), NULL if none. */
    struct domain_memory_map *memory_map;

    /* Lifecycle. */
    bool is_shutting_down;          /* SCHEDOP_shutdown seen */
    bool is_shut_down;              /* all vCPUs stopped */
    bool is_dying;                  /* being destroyed */
    unsigned int shutdown_code;     /* SHUTDOWN_* reason */
    unsigned int pause_count;       /* domctl pause / builder */

    /* Scheduler: weight and cap (common/schedule.c). */
    struct csched_dom sched;
    /* pCPUs that may hold this domain's translations (bit per pCPU). */
    unsigned long dirty_cpumask;

    /* Event channels and grant table (owned by their subsystems). */
    struct evtchn_domain *evtchn;
    struct evtchn_domain *evtchn_retired;   /* destroyed, not yet freed */
    struct grant_table *grant_table;

    /* Start-of-day information for the console and xenstore. */
    mfn_t store_mfn, console_mfn;
    uint32_t store_evtchn, console_evtchn;

    struct arch_domain arch;
    struct domain *next_in_list;
    /* Dead with no frame left: next in this CPU's list to free. */
    struct domain *next_dead;
};

/*
 * The domain list, ordered by domain id. Changed only with domlist_lock
 * held; a domain is published complete (release store) and, once
 * unlinked, freed only after a grace period (xen/grace.h). So a walk
 * inside one hypercall (for_each_domain, domain_by_id) needs no lock: a
 * domain it reaches, and the rest of the list after it, stay readable
 * until the hypercall ends. Check is_dying before acting on one.
 */
extern struct domain *domain_list;
extern spinlock_t domlist_lock;
extern struct domain *hardware_domain;  /* domain 0 */

/*
 * Create a domain with id domid and room for max_vcpus vCPUs (none created
 * yet): shared_info allocated, all upcall masks set, event channels and
 * grant table initialised. Returns NULL (and *err) on failure.
 */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             bool privileged, int *err);
/* Create vCPU id of d, down (VPF_down) until brought up. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);

/* Look up a domain by id (DOMID_SELF means current->domain). NULL if none. */
struct domain *domain_by_id(domid_t id);
struct domain *domain_from_domid(domid_t id); /* DOMID_SELF aware */

/*
 * SCHEDOP_shutdown and friends: record the reason, stop every vCPU, raise
 * VIRQ_DOM_EXC for the control domain. For the initial domain with no
 * toolstack to act, the hypervisor powers off / reboots the machine.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * XEN_DOMCTL_resumedomain: undo a shutdown (a suspend the toolstack
 * cancelled, or one a restored domain left behind): the shutdown state
 * and code are cleared and the vCPUs run on from the context they had
 * (the toolstack may have set rax = 1 there first). The caller excludes
 * its own domain and dying ones.
 */
void domain_resume(struct domain *d);

/*
 * The domain did something fatal (bad bounce frame, no handler): print why
 * and the guest registers, then shut it down with SHUTDOWN_crash. Returns
 * to the caller, which must not go back into that guest context.
 */
void domain_crash(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* XEN_DOMCTL_getdomaininfo's view of d (also sysctl getdomaininfolist). */
struct xen_domctl_getdomaininfo;
void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info);

/* Tear down: every frame, grant, port and vCPU returns. */
int domain_destroy(struct domain *d, unsigned long *ticket);

void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/*
 * Scheduler hooks (common/schedule.c). vcpu_wake: clear a pause flag and
 * make the vCPU runnable if nothing else holds it; vcpu_kick: make a
 * running or blocked vCPU notice new events.
 */
void vcpu_wake(struct vcpu *v, unsigned long flag);
void vcpu_sleep(struct vcpu *v, unsigned long flag);
void vcpu_kick(struct vcpu *v);
/*
 * Is any event deliverable to v (upcall pending and not masked)? Inline:
 * every exit to a guest asks.
 */
static inline bool vcpu_event_deliverable(const struct vcpu *v)
{
    const vcpu_info_t *vi = v->vcpu_info;

    return __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_RELAXED) &&
           !__atomic_load_n(&vi->evtchn_upcall_mask, __ATOMIC_RELAXED);
}
/* Mark v's upcall pending and kick it (called by event channels). */
void vcpu_mark_events_pending(struct vcpu *v);
/* A port of d became pending: wake vCPUs polling (SCHEDOP_poll) on it. */
void evtchn_check_pollers(struct domain *d, uint32_t port);
/* Exit path: switch vCPUs if the current one blocked, yielded or died. */
void schedule_if_needed_slow(void);
/* Per CPU: pick again on the next exit (common/schedule.c). */
extern bool sched_need_resched[NR_CPUS];

/*
 * Per-vCPU scheduler/timer state: sched_init_vcpu when a vCPU is created
 * (default 10 ms periodic timer, runstate offline), sched_destroy_vcpu
 * before it is freed (timers stopped, registered vcpu_info released).
 */
void sched_init_vcpu(struct vcpu *v);
void sched_destroy_vcpu(struct vcpu *v);
/* Account v's runstate up to now and enter `state` (RUNSTATE_*). */
void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now);
/* v's runstate with the time in the current state added up to now. */
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r);
/* v leaves its pCPU: runstate accounted and published, periodic timer off. */
void vcpu_stop_running(struct vcpu *v);
/* Write v's runstate to its registered area (v's page tables loaded). */
void vcpu_update_runstate_area(struct vcpu *v);
/* v's timers (common/vcpu_timer.c): set up, torn down, context switch. */
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_destroy(struct vcpu *v);
void vcpu_timers_descheduled(struct vcpu *v);
void vcpu_timers_scheduled(struct vcpu *v);
/* period 0 stops it; deadlines are absolute system time. */
void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);
void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline);
void vcpu_stop_singleshot_timer(struct vcpu *v);
/* Drop a vcpu_info registered with VCPUOP_register_vcpu_info (vcpu_op.c). */
void vcpu_info_release(struct vcpu *v);
/*
 * Copy to a guest kernel VA of v, whose page tables are loaded: in guest
 * user mode the kernel L4 is borrowed for the copy (ladder 3.4). 0/-EFAULT.
 */
int vcpu_copy_to_guest_kernel(struct vcpu *v, unsigned long va,
                              const void *src, size_t len);
/*
 * Give v the vcpu_guest_context at the caller's va (-EFAULT): the one path
 * of VCPUOP_initialise (reload false: v must not be initialised yet,
 * -EEXIST) and XEN_DOMCTL_setvcpucontext (reload true: an initialised v,
 * paused by the caller, takes new registers as long as its page tables,
 * GDT and LDT stay the same, as Xen's). The arch checks and loads it
 * (arch_set_vcpu_context); 0 or its error. vcpu_op.c.
 */
int vcpu_set_context_from_guest(struct vcpu *v, unsigned long va,
                                bool reload);

/*
 * May d operate on t's memory (t itself, or d is the control domain)? The
 * one policy behind memory_op's foreign sub-ops and the PV MMU ops.
 */
static inline bool domain_may_target(const struct domain *d,
                                     const struct domain *t)
{
    return d == t || d->is_privileged;
}

/* Runnable: initialised, no pause flags, domain not paused/shut down. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    return v->is_initialised && !v->pause_flags && !v->domain->pause_count &&
           !v->domain->is_shut_down && !v->domain->is_dying;
}

/*
 * Every exit to a guest: switch vCPUs if the current one blocked, yielded,
 * was paused or died, or this CPU must pick again. Inline: the question the
 * slow path asks first, whether anything at all is to be done, answered
 * here (a vCPU without pause flags is not blocked, so it has nothing to
 * wake); the slow path asks everything again.
 */
static inline bool schedule_maybe_needed(unsigned int cpu,
                                         const struct vcpu *prev)
{
    return __atomic_load_n(&smp_stopping, __ATOMIC_RELAXED) ||
           __atomic_load_n(&timer_raised[cpu], __ATOMIC_RELAXED) ||
           __atomic_load_n(&sched_need_resched[cpu], __ATOMIC_RELAXED) ||
           !vcpu_runnable(prev) || prev->sched.parked;
}

static inline void schedule_if_needed(void)
{
    if ( schedule_maybe_needed(smp_processor_id(), current) )
        schedule_if_needed_slow();
}

#define for_each_domain(d) \
    for ( (d) = __atomic_load_n(&domain_list, __ATOMIC_ACQUIRE); (d); \
          (d) = __atomic_load_n(&(d)->next_in_list, __ATOMIC_ACQUIRE) )
#define for_each_vcpu(d, v) \
    for ( unsigned int _i = 0; _i < (d)->max_vcpus; _i++ ) \
        if ( ((v) = (d)->vcpu[_i]) != NULL )

#endif /* XEN_SCHED_H */
