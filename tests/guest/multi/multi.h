/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the test kernels that run as several domains started at boot
 * (tests/guest/cases/multi*.case, hypervisor option domu=): the role comes
 * from start_info (SIF_INITDOMAIN = domain 0), arguments from the kernel
 * command line ("peers=N", "port=P"), rendezvous over 2-level event
 * channels polled with events masked, and "wait until that domain has
 * shut down" through domctl getdomaininfo so the domUs' verdicts come
 * before domain 0's.
 */
#ifndef MULTI_H
#define MULTI_H

#include <xt-mm.h>
#include <public/event_channel.h>
#include <public/domctl.h>
#include <public/sysctl.h>


#define MULTI_SPINS 2000000UL   /* yields before a wait gives up */

static inline bool multi_is_dom0(void)
{
    return xt_start_info->flags & SIF_INITDOMAIN;
}

/* "key=N" from the kernel command line, or def. */
static inline unsigned long multi_arg(const char *key, unsigned long def)
{
    const char *p = strstr((const char *)xt_start_info->cmd_line, key);
    unsigned long v = 0;

    if ( !p )
        return def;
    for ( p += strlen(key); *p >= '0' && *p <= '9'; p++ )
        v = v * 10 + (*p - '0');
    return v;
}

static inline long multi_alloc_unbound(domid_t remote)
{
    evtchn_alloc_unbound_t op = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc ? rc : (long)op.port;
}

static inline bool multi_test_and_clear(uint32_t port)
{
    volatile unsigned long *w = &xt_shared_info->evtchn_pending[port / 64];
    unsigned long bit = 1UL << (port % 64);

    if ( !(*w & bit) )
        return false;
    __atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
    return true;
}

/* Bind to (remote, rport), retrying while the other side is not there yet. */
static inline long multi_bind(domid_t remote, uint32_t rport)
{
    evtchn_bind_interdomain_t op = { .remote_dom = remote,
                                     .remote_port = rport };
    long rc = -1;

    for ( unsigned long i = 0; i < MULTI_SPINS; i++ )
    {
        rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &op);
        if ( !rc )
        {
            multi_test_and_clear(op.local_port);    /* raised by the bind */
            return op.local_port;
        }
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    return rc;
}

static inline long multi_send(uint32_t port)
{
    evtchn_send_t op = { .port = port };

    return hc_event_channel_op(EVTCHNOP_send, &op);
}

/* Wait for an event on port (and consume it); false on timeout. */
static inline bool multi_wait(uint32_t port)
{
    for ( unsigned long i = 0; i < MULTI_SPINS; i++ )
    {
        if ( multi_test_and_clear(port) )
            return true;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    return false;
}

static inline long multi_domctl(struct xen_domctl *dc, uint32_t cmd, domid_t dom)
{
    dc->cmd = cmd;
    dc->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc->domain = dom;
    return hc_domctl(dc);
}

/* dom0: wait until domain `dom` has shut down; false on timeout. */
static inline bool multi_wait_shutdown(domid_t dom)
{
    static struct xen_domctl dc;

    for ( unsigned long i = 0; i < MULTI_SPINS; i++ )
    {
        memset(&dc, 0, sizeof(dc));
        if ( multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, dom) == 0 &&
             dc.domain == dom &&
             (dc.u.getdomaininfo.flags & XEN_DOMINF_shutdown) )
            return true;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    return false;
}

#endif /* MULTI_H */
