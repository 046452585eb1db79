/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runstate accounting (pv-abi-ladder 3.4): the time each vCPU spent
 * running, runnable, blocked and offline, and the copy in the guest's
 * registered runstate area, written with the XEN_RUNSTATE_UPDATE protocol
 * when the domain enabled VMASST runstate_update_flag.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <public/vcpu.h>

void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now)
{
    struct vcpu_runstate_info *r = &v->runstate;

    if ( r->state == state )
        return;
    if ( now > (s_time_t)r->state_entry_time )
    {
        r->time[r->state] += now - r->state_entry_time;
        r->state_entry_time = now;
    }
    r->state = state;
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r)
{
    s_time_t now = NOW();

    *r = v->runstate;
    if ( now > (s_time_t)r->state_entry_time )
        r->time[r->state] += now - r->state_entry_time;
}

/*
 * The guest copy: state_entry_time carries XEN_RUNSTATE_UPDATE while the
 * rest is rewritten, when the domain asked for it.
 */
void vcpu_update_runstate_area(struct vcpu *v)
{
    struct vcpu_runstate_info r = v->runstate;
    unsigned long va = v->runstate_va;
    unsigned long at = va + offsetof(struct vcpu_runstate_info, state_entry_time);
    bool flag = arch_vm_assist(v->domain, VMASST_TYPE_runstate_update_flag);
    uint64_t t = r.state_entry_time | XEN_RUNSTATE_UPDATE;

    if ( !va )
        return;
    if ( flag )
    {
        if ( vcpu_copy_to_guest_kernel(v, at, &t, sizeof(t)) )
            return;
        r.state_entry_time = t;
    }
    if ( vcpu_copy_to_guest_kernel(v, va, &r, sizeof(r)) || !flag )
        return;
    t &= ~XEN_RUNSTATE_UPDATE;
    vcpu_copy_to_guest_kernel(v, at, &t, sizeof(t));
}
