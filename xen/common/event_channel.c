/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: ports, their bindings (unbound, interdomain, VIRQ, IPI)
 * and the in-hypervisor interface (xen/event.h). Pending/mask state lives
 * behind struct evtchn_port_ops (event_2l.c, event_fifo.c); the hypercall
 * front end is event_channel_op.c. Locking: see event_channel.h.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <xen/irq.h>
#include "event_channel.h"

/* Held across every change of an interdomain connection (outermost). */
static DEFINE_SPINLOCK(evtchn_bind_lock);

struct vcpu *evtchn_vcpu(const struct domain *d, unsigned int id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* A port d may name under its current ABI (it may be closed). */
static bool port_is_valid(const struct evtchn_domain *ed, uint32_t port)
{
    return evtchn_port_has_storage(ed, port) && port < ed->ops->max_ports;
}

/* Lock two domains (or one twice) in domain-id order, interrupts off. */
static void evtchn_double_lock(struct domain *a, struct domain *b,
                               unsigned long *flags)
{
    struct domain *first = a->domain_id <= b->domain_id ? a : b;
    struct domain *second = first == a ? b : a;

    spin_lock_irqsave(&first->evtchn->lock, *flags);
    if ( second != first )
        spin_lock(&second->evtchn->lock);
}

static void evtchn_double_unlock(struct domain *a, struct domain *b,
                                 unsigned long flags)
{
    struct domain *first = a->domain_id <= b->domain_id ? a : b;
    struct domain *second = first == a ? b : a;

    if ( second != first )
        spin_unlock(&second->evtchn->lock);
    spin_unlock_irqrestore(&first->evtchn->lock, flags);
}

/*
 * The lowest closed port (never 0), adding a bucket of storage when all
 * are in use. Does not change the port. -ENOSPC at the ABI's limit or
 * above d's max_port, -EINVAL once d is dying (as Xen). Called with d's
 * lock held.
 */
static int get_free_port(struct domain *d)
{
    struct evtchn_domain *ed;
    unsigned int limit;
    uint32_t port;
    struct evtchn *bucket;

    /* Set before d->evtchn goes: a caller may hold the lock of a retired
     * evtchn_domain (read before), whose ports are all closed. */
    if ( ACCESS_ONCE(d->is_dying) )
        return -EINVAL;
    ed = d->evtchn;
    limit = min(ed->ops->max_ports, ed->max_port + 1);
    port = max(ed->free_hint, 1U);

    for ( ; port < ed->nr_valid && port < limit; port++ )
        if ( evtchn_from_port(ed, port)->state == EVTCHNSTAT_closed )
        {
            ed->free_hint = port;
            return port;
        }
    if ( ed->nr_valid >= limit )
        return -ENOSPC;

    bucket = xmalloc_array(struct evtchn, EVTCHN_BUCKET_PORTS);
    if ( !bucket )
        return -ENOMEM;
    ed->bucket[ed->nr_valid / EVTCHN_BUCKET_PORTS] = bucket;
    port = max(ed->nr_valid, 1U);
    ed->nr_valid += EVTCHN_BUCKET_PORTS;
    ed->free_hint = port;
    return port;
}

/* Give port its binding. Called with d's lock held. */
static void bind_port(struct domain *d, uint32_t port, unsigned int state,
                      unsigned int vcpu_id)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn = evtchn_from_port(ed, port);

    spin_lock(&ed->pend_lock);
    chn->state = state;
    chn->notify_vcpu = vcpu_id;
    if ( ed->ops->init )
        ed->ops->init(d, port, chn);
    spin_unlock(&ed->pend_lock);
}

/* Mark port of d pending for its vCPU. Called with a lock that keeps the
 * port bound (d's, or the local lock of an interdomain peer). */
static void raise_port(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn = evtchn_from_port(ed, port);

    spin_lock(&ed->pend_lock);
    ed->ops->set_pending(d, evtchn_vcpu(d, chn->notify_vcpu), port, chn);
    spin_unlock(&ed->pend_lock);
}

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote_domid)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    int port;

    if ( !ed )
        return -ESRCH;
    spin_lock_irqsave(&ed->lock, flags);
    port = get_free_port(d);
    if ( port > 0 )
    {
        evtchn_from_port(ed, port)->u.remote_domid = remote_domid;
        bind_port(d, port, EVTCHNSTAT_unbound, 0);
    }
    spin_unlock_irqrestore(&ed->lock, flags);
    return port;
}

/*
 * Connect a new port of ld to rport of rd, which must be unbound and
 * waiting for ld. Loopback (rd == ld) is allowed. Returns the local port.
 */
int evtchn_bind_interdomain_port(struct domain *ld, struct domain *rd,
                                 uint32_t rport)
{
    struct evtchn_domain *led, *red;
    struct evtchn *lchn, *rchn;
    unsigned long flags;
    int lport;

    spin_lock(&evtchn_bind_lock);
    led = ld->evtchn;
    red = rd->evtchn;
    if ( !led || !red )
    {
        spin_unlock(&evtchn_bind_lock);
        return -ESRCH;                  /* being destroyed */
    }
    evtchn_double_lock(ld, rd, &flags);
    lport = -EINVAL;
    if ( !port_is_valid(red, rport) )
        goto out;
    rchn = evtchn_from_port(red, rport);
    if ( rchn->state != EVTCHNSTAT_unbound ||
         rchn->u.remote_domid != ld->domain_id )
        goto out;
    lport = get_free_port(ld);
    if ( lport < 0 )
        goto out;

    lchn = evtchn_from_port(led, lport);
    lchn->u.interdomain.dom = rd;
    lchn->u.interdomain.port = rport;
    bind_port(ld, lport, EVTCHNSTAT_interdomain, 0);
    spin_lock(&red->pend_lock);
    rchn->u.interdomain.dom = ld;
    rchn->u.interdomain.port = lport;
    rchn->state = EVTCHNSTAT_interdomain;
    spin_unlock(&red->pend_lock);

    /*
     * Notifications sent to the unbound end were dropped: make the new
     * local port pending so the binder looks at the ring once.
     */
    raise_port(ld, lport);
 out:
    evtchn_double_unlock(ld, rd, flags);
    spin_unlock(&evtchn_bind_lock);
    return lport;
}

/* Bind a VIRQ or IPI of d to a new port notifying vCPU vcpu_id. */
int evtchn_bind_local_port(struct domain *d, unsigned int state,
                           unsigned int vcpu_id, unsigned int virq)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    int port;

    spin_lock_irqsave(&ed->lock, flags);
    port = -EEXIST;
    if ( state == EVTCHNSTAT_virq && ed->virq_port[vcpu_id][virq] )
        goto out;
    port = get_free_port(d);
    if ( port < 0 )
        goto out;
    if ( state == EVTCHNSTAT_virq )
    {
        evtchn_from_port(ed, port)->u.virq = virq;
        ed->virq_port[vcpu_id][virq] = port;
    }
    bind_port(d, port, state, vcpu_id);
 out:
    spin_unlock_irqrestore(&ed->lock, flags);
    return port;
}

/* A new port of d for pirq, notifying vCPU 0 (EVTCHNOP_bind_pirq). */
int evtchn_bind_pirq_port(struct domain *d, unsigned int pirq)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    int port;

    spin_lock_irqsave(&ed->lock, flags);
    port = get_free_port(d);
    if ( port > 0 )
    {
        evtchn_from_port(ed, port)->u.pirq = pirq;
        bind_port(d, port, EVTCHNSTAT_pirq, 0);
    }
    spin_unlock_irqrestore(&ed->lock, flags);
    return port;
}

/*
 * Close port of d, with the bind lock held and d's lock not held. An
 * interdomain peer goes back to unbound, waiting for d.
 */
static int close_port(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    struct domain *rd = d;
    struct evtchn *chn;
    unsigned long flags;
    int rc = -EINVAL;

    /* The connection cannot change while the bind lock is held. */
    spin_lock_irqsave(&ed->lock, flags);
    if ( port_is_valid(ed, port) &&
         evtchn_from_port(ed, port)->state == EVTCHNSTAT_interdomain )
        rd = evtchn_from_port(ed, port)->u.interdomain.dom;
    spin_unlock_irqrestore(&ed->lock, flags);

    evtchn_double_lock(d, rd, &flags);
    if ( !port_is_valid(ed, port) )
        goto out;
    chn = evtchn_from_port(ed, port);
    switch ( chn->state )
    {
    case EVTCHNSTAT_closed:
        goto out;
    case EVTCHNSTAT_virq:
        for ( unsigned int i = 0; i < d->max_vcpus; i++ )
            if ( ed->virq_port[i][chn->u.virq] == port )
                ed->virq_port[i][chn->u.virq] = 0;
        break;
    case EVTCHNSTAT_interdomain:
    {
        struct evtchn_domain *red = rd->evtchn;
        struct evtchn *rchn = evtchn_from_port(red, chn->u.interdomain.port);

        spin_lock(&red->pend_lock);
        rchn->state = EVTCHNSTAT_unbound;
        rchn->u.remote_domid = d->domain_id;
        spin_unlock(&red->pend_lock);
        break;
    }
    case EVTCHNSTAT_pirq:
        pirq_guest_unbind(d, chn->u.pirq, port);
        break;
    default:
        break;
    }

    spin_lock(&ed->pend_lock);
    ed->ops->clear_pending(d, port);
    chn->state = EVTCHNSTAT_closed;
    chn->notify_vcpu = 0;
    chn->fifo_pending = false;
    spin_unlock(&ed->pend_lock);
    ed->free_hint = min(ed->free_hint, port);
    rc = 0;
 out:
    evtchn_double_unlock(d, rd, flags);
    return rc;
}

int evtchn_close_port(struct domain *d, uint32_t port)
{
    int rc;

    spin_lock(&evtchn_bind_lock);
    rc = close_port(d, port);
    spin_unlock(&evtchn_bind_lock);
    return rc;
}

/* Close every port of d and return it to the 2-level ABI (bind lock held). */
static void close_all(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    uint32_t port;

    for ( port = 1; evtchn_port_has_storage(ed, port); port++ )
        close_port(d, port);

    spin_lock_irqsave(&ed->lock, flags);
    spin_lock(&ed->pend_lock);
    evtchn_fifo_destroy(d);
    spin_unlock(&ed->pend_lock);
    spin_unlock_irqrestore(&ed->lock, flags);
}

void evtchn_close_all(struct domain *d)
{
    spin_lock(&evtchn_bind_lock);
    if ( d->evtchn )                    /* not destroyed meanwhile */
        close_all(d);
    spin_unlock(&evtchn_bind_lock);
}

int evtchn_send(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn;
    unsigned long flags;
    int rc = -EINVAL;

    if ( !ed )
        return -EINVAL;
    spin_lock_irqsave(&ed->lock, flags);
    if ( !port_is_valid(ed, port) )
        goto out;
    chn = evtchn_from_port(ed, port);
    switch ( chn->state )
    {
    case EVTCHNSTAT_interdomain:
        /* Our lock keeps the peer connected (closing takes both). */
        raise_port(chn->u.interdomain.dom, chn->u.interdomain.port);
        rc = 0;
        break;
    case EVTCHNSTAT_ipi:
        raise_port(d, port);
        rc = 0;
        break;
    case EVTCHNSTAT_unbound:
        rc = 0;                         /* nobody to tell: dropped */
        break;
    }
 out:
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

int evtchn_raise(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    int rc = -EINVAL;

    if ( !ed )
        return -EINVAL;
    spin_lock_irqsave(&ed->lock, flags);
    if ( port_is_valid(ed, port) &&
         evtchn_from_port(ed, port)->state != EVTCHNSTAT_closed )
    {
        raise_port(d, port);
        rc = 0;
    }
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

/* EVTCHNOP_status of port of d (the caller checked permission). */
int evtchn_port_status(struct domain *d, uint32_t port, struct evtchn_status *st)
{
    struct evtchn_domain *ed = d->evtchn;
    const struct evtchn *chn;
    unsigned long flags;
    int rc = -EINVAL;

    if ( !ed )
        return -ESRCH;                  /* another domain, being destroyed */
    spin_lock_irqsave(&ed->lock, flags);
    if ( !port_is_valid(ed, port) )
        goto out;
    chn = evtchn_from_port(ed, port);
    memset(&st->u, 0, sizeof(st->u));
    st->status = chn->state;
    st->vcpu = chn->notify_vcpu;
    switch ( chn->state )
    {
    case EVTCHNSTAT_unbound:
        st->u.unbound.dom = chn->u.remote_domid;
        break;
    case EVTCHNSTAT_interdomain:
        st->u.interdomain.dom = chn->u.interdomain.dom->domain_id;
        st->u.interdomain.port = chn->u.interdomain.port;
        break;
    case EVTCHNSTAT_pirq:
        st->u.pirq = chn->u.pirq;
        break;
    case EVTCHNSTAT_virq:
        st->u.virq = chn->u.virq;
        break;
    }
    rc = 0;
 out:
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

/*
 * EVTCHNOP_bind_vcpu: only ports whose vCPU is not part of their identity
 * move (unbound, interdomain, global VIRQs, PIRQs). A PIRQ's source is
 * aimed at the pCPU the vCPU last ran on (the event reaches the vCPU
 * wherever it runs; that only saves a kick).
 */
int evtchn_bind_vcpu_port(struct domain *d, uint32_t port, unsigned int vcpu_id)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn;
    unsigned long flags;
    int rc = -EINVAL;

    spin_lock_irqsave(&ed->lock, flags);
    if ( !port_is_valid(ed, port) )
        goto out;
    chn = evtchn_from_port(ed, port);
    switch ( chn->state )
    {
    case EVTCHNSTAT_virq:
        if ( !evtchn_virq_is_global(chn->u.virq) )
            goto out;
        break;
    case EVTCHNSTAT_unbound:
    case EVTCHNSTAT_interdomain:
    case EVTCHNSTAT_pirq:
        break;
    default:
        goto out;
    }
    spin_lock(&ed->pend_lock);
    chn->notify_vcpu = vcpu_id;
    spin_unlock(&ed->pend_lock);
    /* As Xen: the device's interrupts go where that vCPU last ran. */
    if ( chn->state == EVTCHNSTAT_pirq && evtchn_vcpu(d, vcpu_id) )
        pirq_guest_set_cpu(d, chn->u.pirq, port,
                           evtchn_vcpu(d, vcpu_id)->processor);
    rc = 0;
 out:
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

int evtchn_unmask_port(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn;
    unsigned long flags;
    int rc = -EINVAL;

    spin_lock_irqsave(&ed->lock, flags);
    if ( port_is_valid(ed, port) )
    {
        chn = evtchn_from_port(ed, port);
        spin_lock(&ed->pend_lock);
        ed->ops->unmask(d, evtchn_vcpu(d, chn->notify_vcpu), port, chn);
        spin_unlock(&ed->pend_lock);
        rc = 0;
    }
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

int evtchn_set_port_priority(struct domain *d, uint32_t port,
                             unsigned int priority)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    int rc = -EINVAL;

    spin_lock_irqsave(&ed->lock, flags);
    if ( !port_is_valid(ed, port) )
        goto out;
    rc = -ENOSYS;
    if ( !ed->ops->set_priority )
        goto out;
    spin_lock(&ed->pend_lock);
    rc = ed->ops->set_priority(d, evtchn_from_port(ed, port), priority);
    spin_unlock(&ed->pend_lock);
 out:
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}

static void send_virq(struct domain *d, unsigned int vcpu_id, unsigned int virq)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    uint32_t port;

    if ( !ed || virq >= NR_VIRQS || vcpu_id >= d->max_vcpus )
        return;
    spin_lock_irqsave(&ed->lock, flags);
    port = ed->virq_port[vcpu_id][virq];
    if ( port )
        raise_port(d, port);
    spin_unlock_irqrestore(&ed->lock, flags);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    send_virq(v->domain, v->vcpu_id, virq);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    /* Bound on vCPU 0; the port's notify_vcpu says whom to tell. */
    send_virq(d, 0, virq);
}

bool evtchn_port_valid(struct domain *d, uint32_t port)
{
    return d->evtchn && port_is_valid(d->evtchn, port);
}

bool evtchn_port_is_pending(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;
    bool pending = false;

    if ( !ed )
        return false;
    spin_lock_irqsave(&ed->pend_lock, flags);
    if ( port_is_valid(ed, port) )
        pending = ed->ops->is_pending(d, port);
    spin_unlock_irqrestore(&ed->pend_lock, flags);
    return pending;
}

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *ed = xmalloc(struct evtchn_domain);

    if ( !ed )
        return -ENOMEM;
    ed->virq_port = xmalloc_bytes(d->max_vcpus * sizeof(*ed->virq_port));
    if ( !ed->virq_port )
    {
        xfree(ed);
        return -ENOMEM;
    }
    spin_lock_init(&ed->lock);
    spin_lock_init(&ed->pend_lock);
    ed->ops = &evtchn_2l_ops;
    ed->max_port = EVTCHN_MAX_PORTS - 1;
    d->evtchn = ed;
    return 0;
}

void evtchn_set_max_port(struct domain *d, uint32_t max_port)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;

    spin_lock_irqsave(&ed->lock, flags);
    ed->max_port = min(max_port, (uint32_t)EVTCHN_MAX_PORTS - 1);
    spin_unlock_irqrestore(&ed->lock, flags);
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;

    if ( !ed )
        return;
    /* Binders look d->evtchn up under the bind lock: none can follow. */
    spin_lock(&evtchn_bind_lock);
    close_all(d);
    d->evtchn = NULL;
    d->evtchn_retired = ed;
    spin_unlock(&evtchn_bind_lock);
}

void evtchn_domain_free(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn_retired;
    unsigned int i;

    if ( !ed )
        return;
    for ( i = 0; i < ed->nr_valid / EVTCHN_BUCKET_PORTS; i++ )
        xfree(ed->bucket[i]);
    xfree(ed->virq_port);
    xfree(ed);
    d->evtchn_retired = NULL;
}
