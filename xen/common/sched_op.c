/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op (hc 29) and its pre-3.0.2 form (hc 6). Blocking and yielding
 * only mark the vCPU; the switch happens on the way out to the guest
 * (schedule_if_needed), which also re-checks the wake conditions after the
 * block flag is set, so an event racing with SCHEDOP_block is never lost.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <public/sched.h>

#define POLL_MAX_PORTS 128

static long sched_block(void)
{
    struct vcpu *v = current;

    v->poll_ports = NULL;
    /* Unmask and test in one step with respect to event delivery. */
    v->vcpu_info->evtchn_upcall_mask = 0;
    if ( vcpu_event_deliverable(v) )
        return 0;
    vcpu_sleep(v, VPF_blocked);
    return 0;
}

static long sched_poll(unsigned long arg)
{
    struct vcpu *v = current;
    uint32_t *p = v->poll_buf;
    struct sched_poll sp;
    unsigned int i;

    if ( copy_from_guest_va(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports > POLL_MAX_PORTS )
        return -EINVAL;
    if ( !p )
        return -ENOMEM;
    v->poll_ports = NULL;
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

    v->poll_nr = sp.nr_ports;
    v->poll_deadline = sp.timeout;
    __atomic_store_n(&v->poll_ports, p, __ATOMIC_RELEASE);
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
    if ( !d || d->is_dying )
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
        sched_yield();
        return 0;

    case SCHEDOP_block:
        return sched_block();

    case SCHEDOP_shutdown:
        /*
         * SHUTDOWN_suspend: a PV guest passes its start_info MFN in the
         * third argument register (rdx), for the toolstack to read from
         * its context; the call returns 0 (resumed in a new domain) or,
         * when the toolstack cancels the suspend, the 1 it writes into
         * rax before XEN_DOMCTL_resumedomain. Xen keeps 8 bits of reason.
         */
        if ( copy_from_guest_va(&ss, arg, sizeof(ss)) )
            return -EFAULT;
        domain_shutdown(current->domain, (uint8_t)ss.reason);
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

/*
 * sched_op_compat (hc 6), the pre-3.0.2 form: arg is the value itself, the
 * shutdown reason, of which Xen keeps the low 8 bits.
 */
long do_sched_op_compat(unsigned int cmd, unsigned long arg)
{
    switch ( cmd )
    {
    case SCHEDOP_yield:
        sched_yield();
        return 0;
    case SCHEDOP_block:
        return sched_block();
    case SCHEDOP_shutdown:
        domain_shutdown(current->domain, (uint8_t)arg);
        return 0;
    default:
        return -ENOSYS;
    }
}
