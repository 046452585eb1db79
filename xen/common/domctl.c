/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl: the toolstack's per-domain control interface (Xen 4.17, interface
 * version 0x15; pv-abi-ladder 4.4). Control domain only (-EPERM), exact
 * interface version only (-EACCES). Results go back in the caller's buffer.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/event.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <public/domctl.h>
#include <public/sched.h>

long arch_do_domctl(struct xen_domctl *op, struct domain *d, bool *copyback);

/*
 * One domctl at a time machine-wide, as Xen's domctl_lock: two toolstack
 * processes cannot both take the same free domain id or create a vCPU
 * twice (XEN_DOMCTL_max_vcpus). A caller that finds it taken issues the
 * hypercall again (-ERESTART) rather than spin in the hypervisor.
 */
static DEFINE_SPINLOCK(domctl_lock);

void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    struct vcpu_runstate_info r;
    struct vcpu *v;
    bool running = false, blocked = true;
    unsigned int online = 0, max_id = XEN_INVALID_MAX_VCPU_ID;
    uint64_t cpu_time = 0;

    memset(info, 0, sizeof(*info));
    for_each_vcpu ( d, v )
    {
        max_id = v->vcpu_id;
        /* Offline vCPUs count too: they may have run before going down. */
        vcpu_runstate_get(v, &r);
        cpu_time += r.time[RUNSTATE_running];
        if ( v->pause_flags & VPF_down )
            continue;
        online++;
        running |= v->is_running;
        if ( !(v->pause_flags & VPF_blocked) )
            blocked = false;
    }
    info->domain = d->domain_id;
    info->flags = (d->is_dying ? XEN_DOMINF_dying : 0) |
                  (d->is_shut_down ? XEN_DOMINF_shutdown : 0) |
                  (d->pause_count ? XEN_DOMINF_paused : 0) |
                  (online && blocked ? XEN_DOMINF_blocked : 0) |
                  (running ? XEN_DOMINF_running : 0) |
                  ((d->shutdown_code & XEN_DOMINF_shutdownmask) <<
                   XEN_DOMINF_shutdownshift);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = mfn_x(d->shared_info_mfn);
    info->nr_online_vcpus = online;
    info->max_vcpu_id = max_id;
    info->cpu_time = cpu_time;          /* ns, as Xen's getdomaininfo */
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = 52;
}

/* First domain with id >= id (tools iterate this way; xen/sched.h says
 * why walking the list without domlist_lock is safe). */
static struct domain *first_domain_from(domid_t id)
{
    struct domain *d;

    for_each_domain ( d )
        if ( d->domain_id >= id )
            return d;
    return NULL;
}

/*
 * The next free id after the last one handed out (as Xen): a domain that
 * is re-created (on_reboot=restart) gets a new id, not its old one.
 */
static domid_t free_domid(void)
{
    static domid_t rover;
    domid_t id = rover;

    for ( unsigned int n = 1; n < DOMID_FIRST_RESERVED; n++ )
    {
        if ( ++id >= DOMID_FIRST_RESERVED )
            id = 1;
        if ( !domain_by_id(id) )
            return rover = id;
    }
    return DOMID_INVALID;
}

static long create_domain(struct xen_domctl *op)
{
    const struct xen_domctl_createdomain *c = &op->u.createdomain;
    domid_t id = op->domain;
    struct domain *d;
    int rc;

    if ( c->flags & ~XEN_DOMCTL_CDF_xs_domain )
        return -EINVAL;                 /* PV only: no HVM/HAP/IOMMU */
    if ( c->max_vcpus == 0 || c->max_vcpus > MAX_VIRT_CPUS )
        return -EINVAL;
    if ( id == 0 || id >= DOMID_FIRST_RESERVED )
    {
        id = free_domid();
        if ( id == DOMID_INVALID )
            return -ENOSPC;
    }
    d = domain_create(id, c->max_vcpus, false, &rc);
    if ( !d )
        return rc;
    evtchn_set_max_port(d, c->max_evtchn_port);
    memcpy(d->handle, c->handle, sizeof(d->handle));
    d->pause_count = 1;                 /* starts paused */
    op->domain = id;
    return 0;
}

static long max_vcpus(struct domain *d, unsigned int max)
{
    if ( max != d->max_vcpus )
        return -EINVAL;
    for ( unsigned int i = 0; i < max; i++ )
        if ( !d->vcpu[i] && !vcpu_create(d, i) )
            return -ENOMEM;
    return 0;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *vi)
{
    struct vcpu_runstate_info r;
    struct vcpu *v;

    if ( vi->vcpu >= d->max_vcpus || !(v = d->vcpu[vi->vcpu]) )
        return -ENOENT;
    vi->online = !(v->pause_flags & VPF_down);
    vi->blocked = !!(v->pause_flags & VPF_blocked);
    vi->running = v->is_running;
    vcpu_runstate_get(v, &r);
    vi->cpu_time = r.time[RUNSTATE_running];
    vi->cpu = v->processor;
    return 0;
}

/* Sub-ops on an existing domain d. */
static long domctl_domain(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    switch ( op->cmd )
    {
    case XEN_DOMCTL_destroydomain:
    {
        unsigned long ticket;
        int rc = domain_destroy(d, &ticket);

        if ( rc || !ticket || grace_done(ticket) )
            return rc;
        /* Back to the caller once d's memory is: see destroy_wait(). */
        current->destroy_ticket = ticket;
        current->destroy_domid = op->domain;
        return -ERESTART;
    }
    case XEN_DOMCTL_pausedomain:
        if ( d == current->domain )
            return -EINVAL;
        domain_pause(d);
        return 0;
    case XEN_DOMCTL_unpausedomain:
        if ( !d->pause_count )
            return -EINVAL;
        domain_unpause(d);
        return 0;
    case XEN_DOMCTL_resumedomain:
        if ( d == current->domain || d->is_dying )
            return -EINVAL;             /* no pausing itself */
        domain_resume(d);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        return max_vcpus(d, op->u.max_vcpus.max);
    case XEN_DOMCTL_max_mem:
    {
        uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

        if ( pages < d->tot_pages )
            return -EINVAL;
        d->max_pages = pages;
        return 0;
    }
    case XEN_DOMCTL_getvcpuinfo:
        *copyback = true;
        return getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return vcpu_affinity_domctl(d, op->cmd, &op->u.vcpuaffinity);
    case XEN_DOMCTL_setnodeaffinity:
        return 0;                       /* one NUMA node: nothing to do */
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_set_address_size:
        return op->u.address_size.size == 64 ? 0 : -EINVAL;
    case XEN_DOMCTL_get_address_size:
        op->u.address_size.size = 64;
        *copyback = true;
        return 0;
    case XEN_DOMCTL_settscinfo:
        return op->u.tsc_info.tsc_mode <= XEN_DOMCTL_TSC_MODE_NATIVE ? 0
                                                                     : -EINVAL;
    case XEN_DOMCTL_gettscinfo:
        /*
         * The guest's TSC is the host's, never emulated: Xen's default
         * mode on a domain that has not moved (elapsed 0, no incarnation).
         */
        memset(&op->u.tsc_info, 0, sizeof(op->u.tsc_info));
        op->u.tsc_info.tsc_mode = XEN_DOMCTL_TSC_MODE_DEFAULT;
        op->u.tsc_info.gtsc_khz = cpu_khz;
        *copyback = true;
        return 0;
    case XEN_DOMCTL_settimeoffset:
        return 0;
    case XEN_DOMCTL_scheduler_op:
        *copyback = op->u.scheduler_op.cmd == XEN_DOMCTL_SCHEDOP_getinfo;
        return sched_adjust(d, &op->u.scheduler_op);
    default:
        return arch_do_domctl(op, d, copyback);  /* the arch's domctls */
    }
}

/*
 * The destroydomain that freed its domain, issued again: done once the
 * freeing has run (the exit to the guest in between is this CPU's
 * quiescent point). Any other call drops the wait.
 */
static bool destroy_wait(const struct xen_domctl *op, long *rc)
{
    struct vcpu *v = current;

    if ( !v->destroy_ticket )
        return false;
    if ( op->cmd != XEN_DOMCTL_destroydomain ||
         op->domain != v->destroy_domid )
    {
        v->destroy_ticket = 0;
        return false;
    }
    if ( !grace_done(v->destroy_ticket) )
    {
        *rc = -ERESTART;
        return true;
    }
    v->destroy_ticket = 0;
    *rc = 0;
    return true;
}

long do_domctl(unsigned long u_domctl)
{
    struct xen_domctl op;
    struct domain *d;
    bool copyback = false;
    long rc;

    if ( copy_from_guest_va(&op, u_domctl, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( destroy_wait(&op, &rc) )
        return rc;
    if ( !spin_trylock(&domctl_lock) )
        return -ERESTART;

    switch ( op.cmd )
    {
    case XEN_DOMCTL_createdomain:
        rc = create_domain(&op);
        copyback = !rc;
        break;

    case XEN_DOMCTL_getdomaininfo:
        rc = -ESRCH;
        d = first_domain_from(op.domain);
        if ( !d )
            break;
        getdomaininfo(d, &op.u.getdomaininfo);
        op.domain = d->domain_id;
        copyback = true;
        rc = 0;
        break;

    default:
        rc = -ESRCH;
        d = domain_by_id(op.domain);
        if ( d )
            rc = domctl_domain(&op, d, &copyback);
        break;
    }
    spin_unlock(&domctl_lock);

    if ( copyback && copy_to_guest_va(u_domctl, &op, sizeof(op)) )
        return -EFAULT;
    return rc;
}
