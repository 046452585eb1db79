/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op (hc 24, pv-abi-ladder 3.6): bringing vCPUs up and down, their
 * runstate, timers, and where their vcpu_info / runstate / time copies
 * live. Every sub-op names a vCPU of the caller's own domain (-ENOENT if
 * there is none); unknown sub-ops are -ENOSYS.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <asm/domain.h>
#include <public/sched.h>
#include <public/vcpu.h>

int vcpu_set_context_from_guest(struct vcpu *v, unsigned long va,
                                bool reload)
{
    struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
    int rc;

    if ( !c )
        return -ENOMEM;
    rc = -EFAULT;
    if ( copy_from_guest_va(c, va, sizeof(*c)) )
        goto out;
    rc = -EEXIST;
    if ( v->is_initialised && !reload )
        goto out;
    rc = arch_set_vcpu_context(v, c);
 out:
    xfree(c);
    return rc;
}

/* The last vCPU going down powers the domain off. */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vcpu *o;

    for_each_vcpu ( d, o )
        if ( o != v && !(o->pause_flags & VPF_down) )
        {
            if ( !(v->pause_flags & VPF_down) )
                vcpu_sleep(v, VPF_down);
            return 0;
        }
    domain_shutdown(d, SHUTDOWN_poweroff);
    return 0;
}

static long register_runstate_area(struct vcpu *v, unsigned long arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info r;

    if ( copy_from_guest_va(&area, arg, sizeof(area)) )
        return -EFAULT;
    if ( !guest_range_ok(area.addr.p, sizeof(r)) )
        return -EFAULT;
    v->runstate_va = area.addr.p;
    /* Written at once through the caller's page tables (same domain). */
    vcpu_runstate_get(v, &r);
    if ( area.addr.p )
        copy_to_guest_va(area.addr.p, &r, sizeof(r));
    return 0;
}

static long register_time_area(struct vcpu *v, unsigned long arg)
{
    struct vcpu_register_time_memory_area area;

    if ( copy_from_guest_va(&area, arg, sizeof(area)) )
        return -EFAULT;
    if ( !guest_range_ok(area.addr.p, sizeof(struct vcpu_time_info)) )
        return -EFAULT;
    v->time_area_va = area.addr.p;
    update_vcpu_system_time(v);
    return 0;
}

/*
 * Move v's vcpu_info into a guest frame (ladder 3.4): once per vCPU, for
 * the caller itself or an offline vCPU; the old contents move along and a
 * full rescan is forced.
 */
static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
    struct vcpu_register_vcpu_info info;
    vcpu_info_t *vi;
    mfn_t mfn;

    if ( copy_from_guest_va(&info, arg, sizeof(info)) )
        return -EFAULT;
    if ( info.offset > PAGE_SIZE - sizeof(vcpu_info_t) ||
         (info.offset & (__alignof__(vcpu_info_t) - 1)) )
        return -ENXIO;
    if ( !mfn_eq(v->vcpu_info_mfn, INVALID_MFN) )
        return -EINVAL;
    if ( v != current && !(v->pause_flags & VPF_down) )
        return -EINVAL;
    mfn = _mfn(info.mfn);
    if ( !mfn_valid(mfn) ||
         get_page_and_type(mfn_to_page(mfn), v->domain, PGT_writable_page) )
        return -EINVAL;

    vi = (vcpu_info_t *)((uint8_t *)mfn_to_virt(mfn) + info.offset);
    memcpy(vi, v->vcpu_info, sizeof(*vi));
    v->vcpu_info = vi;
    v->vcpu_info_mfn = mfn;
    __atomic_store_n(&vi->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    vcpu_mark_events_pending(v);
    update_vcpu_system_time(v);
    return 0;
}

void vcpu_info_release(struct vcpu *v)
{
    if ( mfn_eq(v->vcpu_info_mfn, INVALID_MFN) )
        return;
    v->vcpu_info = &v->domain->shared_info->vcpu_info[v->vcpu_id];
    put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
    v->vcpu_info_mfn = INVALID_MFN;
}

static long vcpu_timer_op(unsigned int cmd, struct vcpu *v, unsigned long arg)
{
    struct vcpu_set_periodic_timer per;
    struct vcpu_set_singleshot_timer one;

    switch ( cmd )
    {
    case VCPUOP_set_periodic_timer:
        if ( copy_from_guest_va(&per, arg, sizeof(per)) )
            return -EFAULT;
        if ( per.period_ns < (uint64_t)MILLISECS(1) ||
             per.period_ns > (~0ULL >> 2) )
            return -EINVAL;
        vcpu_set_periodic_timer(v, per.period_ns);
        return 0;
    case VCPUOP_stop_periodic_timer:
        vcpu_set_periodic_timer(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        if ( copy_from_guest_va(&one, arg, sizeof(one)) )
            return -EFAULT;
        /* A deadline already past fires at once (VCPU_SSHOTTMR_future ignored). */
        vcpu_set_singleshot_timer(v, one.timeout_abs_ns);
        return 0;
    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        vcpu_stop_singleshot_timer(v);
        return 0;
    }
    return -ENOSYS;
}

long do_vcpu_op(unsigned int cmd, unsigned int vcpuid, unsigned long arg)
{
    struct domain *d = current->domain;
    struct vcpu_runstate_info r;
    struct vcpu *v;

    if ( vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]) )
        return -ENOENT;

    switch ( cmd )
    {
    case VCPUOP_initialise:
        return vcpu_set_context_from_guest(v, arg, false);
    case VCPUOP_up:
        if ( !v->is_initialised )
            return -EINVAL;
        if ( v->pause_flags & VPF_down )
            vcpu_wake(v, VPF_down);
        return 0;
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    case VCPUOP_get_runstate_info:
        vcpu_runstate_get(v, &r);
        return copy_to_guest_va(arg, &r, sizeof(r));
    case VCPUOP_register_runstate_memory_area:
        return register_runstate_area(v, arg);
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
        return vcpu_timer_op(cmd, v, arg);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    case VCPUOP_send_nmi:
        return -ENOSYS;
    case VCPUOP_get_physid:
        /* Only for vCPUs pinned 1:1 to pCPUs (dom0_vcpus_pin): never here. */
        return -EINVAL;
    case VCPUOP_register_vcpu_time_memory_area:
        return register_time_area(v, arg);
    }
    return -ENOSYS;
}
