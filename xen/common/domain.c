/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU lifecycle: creation with a shared_info page and masked
 * upcalls, lookup, shutdown (with the initial domain's shutdown ending the
 * machine), crash, pause, and destruction returning every frame. A dying
 * domain is still found by id (its id stays taken); code that would act
 * on it checks is_dying. Its struct is freed once its teardown is done and
 * no other domain references any of its frames (xen/domain.h).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/grace.h>
#include <xen/schedule.h>
#include <xen/xmalloc.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/dom0less.h>
#include <xen/domain.h>
#include <xen/memory.h>
#include <xen/shutdown.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <public/sched.h>

struct domain *domain_list;
DEFINE_SPINLOCK(domlist_lock);
struct domain *hardware_domain;

static void domain_insert(struct domain *d)
{
    struct domain **pp;

    spin_lock(&domlist_lock);
    for ( pp = &domain_list; *pp && (*pp)->domain_id < d->domain_id;
          pp = &(*pp)->next_in_list )
        ;
    d->next_in_list = *pp;
    __atomic_store_n(pp, d, __ATOMIC_RELEASE);  /* lock-free walkers */
    spin_unlock(&domlist_lock);
}

struct domain *domain_by_id(domid_t id)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain ( d )
        if ( d->domain_id == id )
            break;
    spin_unlock(&domlist_lock);
    return d;
}

struct domain *domain_from_domid(domid_t id)
{
    if ( id == DOMID_SELF )
        return current ? current->domain : NULL;
    return domain_by_id(id);
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             bool privileged, int *err)
{
    struct domain *d;
    unsigned int i;
    int rc = -ENOMEM;

    if ( max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS )
    {
        rc = -EINVAL;
        goto fail;
    }
    if ( domid >= DOMID_FIRST_RESERVED || domain_by_id(domid) )
    {
        rc = -EEXIST;
        goto fail;
    }

    d = xmalloc(struct domain);
    if ( !d )
        goto fail;
    d->domain_id = domid;
    d->is_privileged = privileged;
    d->console_line_start = true;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->page_alloc_lock);
    d->max_vcpus = max_vcpus;
    d->store_mfn = d->console_mfn = INVALID_MFN;
    arch_domain_init(d);
    d->vcpu = xmalloc_array(struct vcpu *, max_vcpus);
    if ( !d->vcpu )
        goto fail_free;

    d->shared_info_mfn = alloc_xenheap_frame_for(d);
    if ( mfn_eq(d->shared_info_mfn, INVALID_MFN) )
        goto fail_free;
    d->shared_info = mfn_to_virt(d->shared_info_mfn);
    /* No upcall before the guest has an event callback (ladder 1.14.7). */
    for ( i = 0; i < XEN_LEGACY_MAX_VCPUS; i++ )
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;

    rc = evtchn_domain_init(d);
    if ( rc )
        goto fail_shinfo;
    rc = gnttab_domain_init(d);
    if ( rc )
    {
        evtchn_domain_destroy(d);
        evtchn_domain_free(d);
        goto fail_shinfo;
    }

    domain_insert(d);
    if ( domid == 0 )
        hardware_domain = d;
    return d;

 fail_shinfo:
    put_page(mfn_to_page(d->shared_info_mfn));
 fail_free:
    xfree(d->vcpu);
    xfree(d);
 fail:
    if ( err )
        *err = rc;
    return NULL;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v;

    if ( id >= d->max_vcpus || d->vcpu[id] || d->is_dying )
        return NULL;
    v = xmalloc(struct vcpu);
    if ( !v )
        return NULL;
    v->vcpu_id = id;
    v->domain = d;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->vcpu_info_mfn = INVALID_MFN;
    v->pause_flags = VPF_down;
    v->processor = 0;
    arch_vcpu_init(v);
    sched_init_vcpu(v);
    d->vcpu[id] = v;
    return v;
}

void domain_pause(struct domain *d)
{
    struct vcpu *v;

    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    /* Paused means off every pCPU (its context may be read or set now). */
    for_each_vcpu ( d, v )
        if ( v != current )
            vcpu_sync_descheduled(v);
}

void domain_unpause(struct domain *d)
{
    struct vcpu *v;

    /* A dying domain's vCPUs are off the scheduler for good. */
    if ( __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) == 0 &&
         !d->is_dying )
        for_each_vcpu ( d, v )
            vcpu_kick(v);
}

static const char *shutdown_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason]
                                                       : "unknown";
}

/*
 * The initial domain has no toolstack above it: its shutdown ends the
 * machine, as Xen's does (poweroff -> power off; reboot/crash -> reboot, or
 * halt with noreboot).
 */
static noreturn void hardware_domain_shutdown(unsigned int reason)
{
    console_backend_flush();            /* boot domUs' last words */
    /* Debug self-check of the live tables before the machine goes. */
    frame_audit_report(hardware_domain, hardware_domain->domain_id, _mfn(0),
                       max_page, 0);

    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        printk("Hardware Dom0 halted: halting machine\n");
        hypervisor_shutdown(false);
    case SHUTDOWN_crash:
        printk("Hardware Dom0 crashed: rebooting machine\n");
        hypervisor_shutdown(true);
    default:
        printk("Hardware Dom0 shutdown (%s): rebooting machine\n",
               shutdown_name(reason));
        hypervisor_shutdown(true);
    }
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    struct vcpu *v;

    spin_lock(&d->lock);
    if ( d->is_shutting_down || d->is_dying )
    {
        spin_unlock(&d->lock);
        return;
    }
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    spin_unlock(&d->lock);

    console_backend_flush();            /* its last console words first */
    printk("Domain %u shutdown: %s (reason %u)\n", d->domain_id,
           shutdown_name(reason), reason);
    if ( d == hardware_domain )
        hardware_domain_shutdown(reason);

    for_each_vcpu ( d, v )
        vcpu_sleep(v, VPF_shutdown);
    d->is_shut_down = true;
    if ( hardware_domain && hardware_domain != d )
        send_guest_global_virq(hardware_domain, VIRQ_DOM_EXC);
}

void domain_resume(struct domain *d)
{
    struct vcpu *v;

    domain_pause(d);
    spin_lock(&d->lock);
    d->is_shutting_down = d->is_shut_down = false;
    d->shutdown_code = 0;
    spin_unlock(&d->lock);
    for_each_vcpu ( d, v )
        vcpu_wake(v, VPF_shutdown);
    domain_unpause(d);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    printk(XENLOG_ERR "Domain %u crashed: %s\n", d->domain_id, msg);
    if ( current && current->domain == d )
        show_guest_registers(guest_cpu_user_regs());
    domain_shutdown(d, SHUTDOWN_crash);
}

/* ---- death --------------------------------------------------------------- */

/* One teardown step at a time machine-wide (as Xen's domctl lock). */
static DEFINE_SPINLOCK(destroy_lock);
/* Per CPU: dead domains whose last frame went, to free on the way out. */
struct domain *domain_reap_list[NR_CPUS];

/*
 * First destroy call: everything but memory stops (bounded work). d is
 * paused first, and that waits until none of its vCPUs is on a pCPU any
 * more (so none is inside a hypercall either: they leave their pCPU only
 * on the way back to the guest), as Xen's domain_kill does; only then may
 * its event channels and grant state go. is_dying keeps them off for good.
 */
static void domain_kill(struct domain *d)
{
    struct vcpu *v;

    domain_pause(d);
    evtchn_domain_destroy(d);
    gnttab_domain_kill(d);
    for_each_vcpu ( d, v )
        sched_destroy_vcpu(v);      /* timers off, vcpu_info frame back */
}

/* No CPU can still be using d (a grace period has passed): free it. */
static void domain_free_now(struct grace_item *item)
{
    struct domain *d = container_of(item, struct domain, grace);
    struct vcpu *v;

    gnttab_domain_destroy(d);
    evtchn_domain_free(d);
    domain_memory_map_free(d);
    for_each_vcpu ( d, v )
        xfree(v);
    xfree(d->vcpu);
    xfree(d);
}

/*
 * d is dead and owns no frame: its id is free at once, its struct once
 * every CPU that may have looked it up has moved on. Returns the ticket
 * of that (grace_done()).
 */
static unsigned long domain_free(struct domain *d)
{
    struct domain **pp;

    spin_lock(&domlist_lock);
    for ( pp = &domain_list; *pp && *pp != d; pp = &(*pp)->next_in_list )
        ;
    if ( *pp )
        __atomic_store_n(pp, d->next_in_list, __ATOMIC_RELEASE);
    spin_unlock(&domlist_lock);

    /* Every frame d owned must be free now (or someone still holds it). */
    arch_domain_audit_dead(d);
    return grace_defer(&d->grace, domain_free_now);
}

void domain_reap_later(struct domain *d)
{
    unsigned int cpu = smp_processor_id();

    d->next_dead = domain_reap_list[cpu];
    domain_reap_list[cpu] = d;
}

void domain_reap_run(void)
{
    unsigned int cpu = smp_processor_id();
    struct domain *d;

    while ( (d = domain_reap_list[cpu]) != NULL )
    {
        domain_reap_list[cpu] = d->next_dead;
        domain_free(d);
    }
}

/*
 * XEN_DOMCTL_destroydomain: -ERESTART while there is more to do (the
 * domctl is issued again), 0 once d is dead. A dead domain whose frames
 * others still map stays listed until they let go. When d is freed here,
 * *ticket (if given) says when its memory is back (grace_done()), else 0.
 */
int domain_destroy(struct domain *d, unsigned long *ticket)
{
    bool first, gone;
    int rc;

    if ( ticket )
        *ticket = 0;
    if ( d == hardware_domain || (current && current->domain == d) )
        return -EINVAL;

    /* Callers racing on one domain: only the first kills it, all go on. */
    spin_lock(&destroy_lock);
    spin_lock(&d->lock);
    first = !d->is_dying;
    d->is_dying = true;
    spin_unlock(&d->lock);
    if ( first )
        domain_kill(d);
    rc = arch_domain_relinquish_resources(d, &gone);
    spin_unlock(&destroy_lock);
    if ( !rc && gone )
    {
        unsigned long t = domain_free(d);

        if ( ticket )
            *ticket = t;
    }
    return rc;
}
