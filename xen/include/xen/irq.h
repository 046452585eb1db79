/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical IRQs of a domain (PIRQs) as common code sees them: event
 * channels bind to them (EVTCHNOP_bind_pirq) and close them. The arch
 * keeps the mapping to hardware (arch/x86/irq.c, PHYSDEVOP_map_pirq).
 */
#ifndef XEN_IRQ_H
#define XEN_IRQ_H

#include <xen/types.h>

struct domain;

/*
 * May d bind pirq now? 0, -EINVAL out of range, -EPERM not a PIRQ d
 * mapped, -EEXIST already bound.
 */
int pirq_guest_check(struct domain *d, unsigned int pirq);
/* Deliver pirq to port from now on (unmasks the source); as check. */
int pirq_guest_bind(struct domain *d, unsigned int pirq, uint32_t port,
                    bool will_share);
/*
 * port, bound to pirq, now notifies a vCPU that runs on pCPU cpu: aim the
 * source's interrupts there (nothing if port is not pirq's).
 */
void pirq_guest_set_cpu(struct domain *d, unsigned int pirq, uint32_t port,
                        unsigned int cpu);
/* port, bound to pirq, closes: mask the source again. */
void pirq_guest_unbind(struct domain *d, unsigned int pirq, uint32_t port);

#endif /* XEN_IRQ_H */
