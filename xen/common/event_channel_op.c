/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_channel_op (hc 32) and event_channel_op_compat (hc 16): copy the
 * sub-op's argument in, check domains, permissions and vCPU ids, run the
 * port operation (event_channel.c / event_fifo.c), copy the result out.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <xen/irq.h>
#include "event_channel.h"

/* Resolve dom (DOMID_SELF allowed); another domain needs privilege. */
static struct domain *op_domain(struct domain *cd, domid_t dom, int *rc)
{
    struct domain *d = dom == DOMID_SELF ? cd : domain_by_id(dom);

    *rc = -ESRCH;
    if ( !d || !d->evtchn )
        return NULL;
    *rc = -EPERM;
    if ( d != cd && !cd->is_privileged )
        return NULL;
    return d;
}

static int op_alloc_unbound(struct domain *cd, void *arg)
{
    struct evtchn_alloc_unbound *op = arg;
    struct domain *d;
    int rc;

    d = op_domain(cd, op->dom, &rc);
    if ( !d )
        return rc;
    /* The remote end is named from the caller's point of view. */
    rc = evtchn_alloc_unbound_port(d, op->remote_dom == DOMID_SELF
                                      ? cd->domain_id : op->remote_dom);
    if ( rc < 0 )
        return rc;
    op->port = rc;
    return 0;
}

static int op_bind_interdomain(struct domain *cd, void *arg)
{
    struct evtchn_bind_interdomain *op = arg;
    domid_t rdom = op->remote_dom == DOMID_SELF ? cd->domain_id
                                                : op->remote_dom;
    struct domain *rd = domain_by_id(rdom);
    int rc;

    if ( !rd || !rd->evtchn )
        return -ESRCH;
    rc = evtchn_bind_interdomain_port(cd, rd, op->remote_port);
    if ( rc < 0 )
        return rc;
    op->local_port = rc;
    return 0;
}

static int op_bind_virq(struct domain *cd, void *arg)
{
    struct evtchn_bind_virq *op = arg;
    int rc;

    if ( op->virq >= NR_VIRQS )
        return -EINVAL;
    if ( evtchn_virq_is_global(op->virq) && op->vcpu != 0 )
        return -EINVAL;
    if ( !evtchn_vcpu(cd, op->vcpu) )
        return -ENOENT;
    rc = evtchn_bind_local_port(cd, EVTCHNSTAT_virq, op->vcpu, op->virq);
    if ( rc < 0 )
        return rc;
    op->port = rc;
    return 0;
}

/*
 * A PIRQ the caller mapped (PHYSDEVOP_map_pirq) to a new port on vCPU 0.
 * The arch checks it first so that no port is taken for nothing; a bind
 * racing with another on the same PIRQ loses with -EEXIST.
 */
static int op_bind_pirq(struct domain *cd, void *arg)
{
    struct evtchn_bind_pirq *op = arg;
    int rc, port;

    rc = pirq_guest_check(cd, op->pirq);
    if ( rc )
        return rc;
    port = evtchn_bind_pirq_port(cd, op->pirq);
    if ( port < 0 )
        return port;
    rc = pirq_guest_bind(cd, op->pirq, port,
                         op->flags & BIND_PIRQ__WILL_SHARE);
    if ( rc )
    {
        evtchn_close_port(cd, port);
        return rc;
    }
    op->port = port;
    return 0;
}

static int op_bind_ipi(struct domain *cd, void *arg)
{
    struct evtchn_bind_ipi *op = arg;
    int rc;

    if ( !evtchn_vcpu(cd, op->vcpu) )
        return -ENOENT;
    rc = evtchn_bind_local_port(cd, EVTCHNSTAT_ipi, op->vcpu, 0);
    if ( rc < 0 )
        return rc;
    op->port = rc;
    return 0;
}

static int op_close(struct domain *cd, void *arg)
{
    return evtchn_close_port(cd, ((struct evtchn_close *)arg)->port);
}

static int op_send(struct domain *cd, void *arg)
{
    return evtchn_send(cd, ((struct evtchn_send *)arg)->port);
}

static int op_status(struct domain *cd, void *arg)
{
    struct evtchn_status *op = arg;
    struct domain *d;
    int rc;

    d = op_domain(cd, op->dom, &rc);
    if ( !d )
        return rc;
    return evtchn_port_status(d, op->port, op);
}

static int op_bind_vcpu(struct domain *cd, void *arg)
{
    struct evtchn_bind_vcpu *op = arg;

    if ( !evtchn_vcpu(cd, op->vcpu) )
        return -ENOENT;
    return evtchn_bind_vcpu_port(cd, op->port, op->vcpu);
}

static int op_unmask(struct domain *cd, void *arg)
{
    return evtchn_unmask_port(cd, ((struct evtchn_unmask *)arg)->port);
}

/* Another domain may only be reset while its controller has it paused. */
static int op_reset(struct domain *cd, void *arg)
{
    struct evtchn_reset *op = arg;
    struct domain *d;
    int rc;

    d = op_domain(cd, op->dom, &rc);
    if ( !d )
        return rc;
    if ( d != cd && !d->pause_count )
        return -EINVAL;
    evtchn_close_all(d);
    return 0;
}

static int op_init_control(struct domain *cd, void *arg)
{
    return evtchn_fifo_init_control(cd, arg);
}

static int op_expand_array(struct domain *cd, void *arg)
{
    return evtchn_fifo_expand_array(cd,
                                    ((struct evtchn_expand_array *)arg)->array_gfn);
}

static int op_set_priority(struct domain *cd, void *arg)
{
    struct evtchn_set_priority *op = arg;

    return evtchn_set_port_priority(cd, op->port, op->priority);
}

/* One entry per sub-op: handler, argument size, copy back on success. */
static const struct evtchn_op_desc {
    int (*fn)(struct domain *cd, void *arg);
    uint8_t size;
    bool out;
} evtchn_ops[] = {
#define OP(n, s, o) [EVTCHNOP_##n] = { op_##n, sizeof(struct s), o }
    OP(bind_interdomain, evtchn_bind_interdomain, true),
    OP(bind_virq,        evtchn_bind_virq,        true),
    OP(bind_pirq,        evtchn_bind_pirq,        true),
    OP(close,            evtchn_close,            false),
    OP(send,             evtchn_send,             false),
    OP(status,           evtchn_status,           true),
    OP(alloc_unbound,    evtchn_alloc_unbound,    true),
    OP(bind_ipi,         evtchn_bind_ipi,         true),
    OP(bind_vcpu,        evtchn_bind_vcpu,        false),
    OP(unmask,           evtchn_unmask,           false),
    OP(reset,            evtchn_reset,            false),
    [EVTCHNOP_reset_cont] = { op_reset, sizeof(struct evtchn_reset), false },
    OP(init_control,     evtchn_init_control,     true),
    OP(expand_array,     evtchn_expand_array,     false),
    OP(set_priority,     evtchn_set_priority,     false),
#undef OP
};

long do_event_channel_op(unsigned int cmd, unsigned long arg)
{
    const struct evtchn_op_desc *desc;
    union {
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_status status;
        struct evtchn_init_control init_control;
        uint8_t raw[32];
    } op;
    int rc;

    if ( cmd >= ARRAY_SIZE(evtchn_ops) || !evtchn_ops[cmd].fn )
        return -ENOSYS;
    desc = &evtchn_ops[cmd];
    BUILD_BUG_ON(sizeof(struct evtchn_status) > sizeof(op.raw));
    BUILD_BUG_ON(sizeof(struct evtchn_init_control) > sizeof(op.raw));

    if ( copy_from_guest_va(&op, arg, desc->size) )
        return -EFAULT;
    rc = desc->fn(current->domain, &op);
    if ( !rc && desc->out && copy_to_guest_va(arg, &op, desc->size) )
        rc = -EFAULT;
    return rc;
}

/* The old form: {cmd, union} in one buffer; only the original sub-ops. */
long do_event_channel_op_compat(unsigned long arg)
{
    struct evtchn_op op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    switch ( op.cmd )
    {
    case EVTCHNOP_bind_interdomain:
    case EVTCHNOP_bind_virq:
    case EVTCHNOP_bind_pirq:
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_status:
    case EVTCHNOP_alloc_unbound:
    case EVTCHNOP_bind_ipi:
    case EVTCHNOP_bind_vcpu:
    case EVTCHNOP_unmask:
        return do_event_channel_op(op.cmd, arg + offsetof(struct evtchn_op, u));
    default:
        return -ENOSYS;
    }
}
