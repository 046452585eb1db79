/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall for guest kernels: event channels through EVTCHNOP_* hypercalls
 * and, for hcall_evtchn_pending(), the 2-level bitmaps in shared_info.
 */
#include "hcall_guest.h"

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static long evtchn_op(struct hcall_evtchn *h, unsigned int cmd, void *arg)
{
    return hcall_guest_event_channel_op(h->env, cmd, arg);
}

int hcall_evtchn_init(struct hcall_evtchn *h,
                      const struct hcall_guest_env *env)
{
    if (!env || !env->hypercall)
        return -XEN_EINVAL;
    h->env = env;
    return 0;
}

int hcall_evtchn_bind_unbound(struct hcall_evtchn *h, uint16_t remote_domid)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
                                       .remote_dom = remote_domid };
    long rc = evtchn_op(h, EVTCHNOP_alloc_unbound, &op);

    return rc ? (int)rc : (int)op.port;
}

int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h,
                                  uint16_t remote_domid,
                                  hcall_port_t remote_port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote_domid,
                                          .remote_port = remote_port };
    long rc = evtchn_op(h, EVTCHNOP_bind_interdomain, &op);

    return rc ? (int)rc : (int)op.local_port;
}

int hcall_evtchn_bind_virq(struct hcall_evtchn *h, unsigned int virq)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
    long rc = evtchn_op(h, EVTCHNOP_bind_virq, &op);

    return rc ? (int)rc : (int)op.port;
}

int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port)
{
    struct evtchn_close op = { .port = port };

    return (int)evtchn_op(h, EVTCHNOP_close, &op);
}

int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port)
{
    struct evtchn_send op = { .port = port };

    return (int)evtchn_op(h, EVTCHNOP_send, &op);
}

/*
 * Like the device's read(): a pending port comes back masked (so it is
 * reported once) and with its pending bit cleared; unmask it when done.
 */
int hcall_evtchn_pending(struct hcall_evtchn *h)
{
    struct shared_info *s = h->env->shared_info;
    unsigned int nr_words = sizeof(s->evtchn_pending) / sizeof(xen_ulong_t);

    if (!s)
        return -XEN_ENOSYS;
    for (unsigned int w = 0; w < nr_words; w++) {
        xen_ulong_t ready = __atomic_load_n(&s->evtchn_pending[w],
                                            __ATOMIC_ACQUIRE) &
                            ~__atomic_load_n(&s->evtchn_mask[w],
                                             __ATOMIC_ACQUIRE);
        unsigned int bit;
        xen_ulong_t m;

        if (!ready)
            continue;
        bit = (unsigned int)__builtin_ctzl(ready);
        m = (xen_ulong_t)1 << bit;
        __atomic_fetch_or(&s->evtchn_mask[w], m, __ATOMIC_SEQ_CST);
        __atomic_fetch_and(&s->evtchn_pending[w], ~m, __ATOMIC_SEQ_CST);
        return (int)(w * BITS_PER_WORD + bit);
    }
    return -XEN_EAGAIN;
}

/* The hypercall re-raises the upcall if the port became pending meanwhile. */
int hcall_evtchn_unmask(struct hcall_evtchn *h, hcall_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    return (int)evtchn_op(h, EVTCHNOP_unmask, &op);
}
