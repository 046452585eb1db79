/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the interface other hypervisor subsystems use (domain
 * lifecycle, timers, SCHEDOP_poll, the builder). The hypercall side is
 * do_event_channel_op (xen/hypercall.h); the implementation is in
 * common/event_channel.c, common/event_2l.c and common/event_fifo.c.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>

struct domain;
struct vcpu;

/*
 * Set up d's event channels (2-level ABI, no port in use). Needs
 * d->max_vcpus and d->shared_info; vCPUs may be created later. 0 or
 * -ENOMEM.
 */
int evtchn_domain_init(struct domain *d);

/*
 * The highest port d may use (XEN_DOMCTL_createdomain's max_evtchn_port;
 * above the ABI's limit means that limit). Allocating a port above it
 * fails with -ENOSPC, as in Xen. Until set: the ABI's limit.
 */
void evtchn_set_max_port(struct domain *d, uint32_t max_port);

/*
 * Close every port of d (an interdomain peer's end goes back to unbound,
 * waiting for d), release the FIFO frames and take d->evtchn away. After
 * this no other domain can reach d through an event channel, and d gets
 * no new port. Idempotent. The memory stays until evtchn_domain_free():
 * a CPU that read d->evtchn a moment earlier may still be using it.
 */
void evtchn_domain_destroy(struct domain *d);
/* After destroy, once no CPU can hold d->evtchn (a grace period): free. */
void evtchn_domain_free(struct domain *d);

/*
 * Raise a VIRQ. Per-vCPU VIRQs (TIMER, DEBUG, XENOPROF, XENPMU) go to the
 * port v bound; global ones to the port bound on vCPU 0, notifying the
 * vCPU that port was moved to (EVTCHNOP_bind_vcpu). Unbound: dropped.
 * Safe from interrupt context.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);

/* SCHEDOP_poll: is port a port d may name, and is it pending now? */
bool evtchn_port_valid(struct domain *d, uint32_t port);
bool evtchn_port_is_pending(struct domain *d, uint32_t port);

/*
 * In-hypervisor notifications. evtchn_send: exactly as if d issued
 * EVTCHNOP_send on its own port (interdomain: the peer's end becomes
 * pending; IPI: this port; unbound: dropped); 0 or -EINVAL.
 * evtchn_raise: mark d's own port pending for its vCPU whatever its
 * binding (a backend living in the hypervisor); 0 or -EINVAL if closed.
 */
int evtchn_send(struct domain *d, uint32_t port);
int evtchn_raise(struct domain *d, uint32_t port);

/*
 * A new unbound port in d that remote_domid may bind to (the builder's
 * console and xenstore channels). Returns the port or -ENOSPC / -ENOMEM.
 */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote_domid);

/*
 * Implemented by the scheduler (common/schedule.c): a port of d just became
 * pending; wake vCPUs of d polling on it (SCHEDOP_poll). Like
 * vcpu_mark_events_pending it is called with event-channel locks held, so
 * neither may call back into the functions above.
 */
void evtchn_check_pollers(struct domain *d, uint32_t port);

#endif /* XEN_EVENT_H */
