/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event ABI: pending and mask bitmaps in shared_info (4096
 * ports on 64-bit), a per-vCPU selector word saying which bitmap words to
 * scan, and evtchn_upcall_pending (pv-abi-ladder 2.4).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include "event_channel.h"

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

/*
 * The order matters: pending bit first (the guest clears it when it
 * handles the port), then the selector, then the upcall flag (set by
 * vcpu_mark_events_pending, which also kicks the vCPU), so a guest
 * scanning concurrently never loses an event. The atomics are full
 * barriers on x86.
 */
static void evtchn_2l_set_pending(struct domain *d, struct vcpu *v,
                                  uint32_t port, struct evtchn *chn)
{
    shared_info_t *si = d->shared_info;

    if ( evtchn_test_and_set_bit(port, si->evtchn_pending) )
        return;

    if ( v && !evtchn_test_bit(port, si->evtchn_mask) &&
         !evtchn_test_and_set_bit(port / BITS_PER_WORD,
                                  &v->vcpu_info->evtchn_pending_sel) )
        vcpu_mark_events_pending(v);

    evtchn_check_pollers(d, port);
}

static void evtchn_2l_clear_pending(struct domain *d, uint32_t port)
{
    evtchn_test_and_clear_bit(port, d->shared_info->evtchn_pending);
}

/* EVTCHNOP_unmask: clear the mask; a pending port upcalls as if new. */
static void evtchn_2l_unmask(struct domain *d, struct vcpu *v, uint32_t port,
                             struct evtchn *chn)
{
    shared_info_t *si = d->shared_info;

    if ( evtchn_test_and_clear_bit(port, si->evtchn_mask) &&
         v && evtchn_test_bit(port, si->evtchn_pending) &&
         !evtchn_test_and_set_bit(port / BITS_PER_WORD,
                                  &v->vcpu_info->evtchn_pending_sel) )
        vcpu_mark_events_pending(v);
}

static bool evtchn_2l_is_pending(const struct domain *d, uint32_t port)
{
    return port < EVTCHN_2L_NR_CHANNELS &&
           evtchn_test_bit(port, d->shared_info->evtchn_pending);
}

const struct evtchn_port_ops evtchn_2l_ops = {
    .name          = "2-level",
    .max_ports     = EVTCHN_2L_NR_CHANNELS,
    .set_pending   = evtchn_2l_set_pending,
    .clear_pending = evtchn_2l_clear_pending,
    .unmask        = evtchn_2l_unmask,
    .is_pending    = evtchn_2l_is_pending,
};
