/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake machine the event-channel suites share (evtchn_fake.c): three
 * domains (A, B and a privileged CTL) with host-memory shared_info pages,
 * NR_FRAMES RAM frames with fake reference counts, recorded kicks and polls,
 * and wrappers that issue each hypercall through do_event_channel_op.
 */
#ifndef UNIT_EVTCHN_FAKE_H
#define UNIT_EVTCHN_FAKE_H

#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <xen/irq.h>
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <public/event_channel.h>

#define NR_FRAMES   16
#define DOM_A       1
#define DOM_B       2
#define DOM_CTL     0

extern struct domain *doms[3];
extern unsigned int nr_kicks, nr_polls;
extern unsigned int fake_errors;        /* reference counts gone negative */
extern struct vcpu *last_kick;

#define A   (doms[0])
#define B   (doms[1])
#define CTL (doms[2])

struct domain *mkdom(domid_t id, unsigned int nr_vcpus, bool priv);
void rmdom(struct domain *d);
int evtchn_fake_setup(void);
int evtchn_fake_teardown(void);
void reset_world(void);
long evop(struct domain *d, unsigned int cmd, void *arg);
int alloc_unbound(struct domain *d, domid_t dom, domid_t remote);
int bind_interdomain(struct domain *d, domid_t remote, uint32_t rport);
int bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu);
int bind_ipi(struct domain *d, uint32_t vcpu);
long port_op(struct domain *d, unsigned int cmd, uint32_t port);
long status(struct domain *d, domid_t dom, uint32_t port,
            struct evtchn_status *st);
bool pending(struct domain *d, uint32_t port);
void set_mask(struct domain *d, uint32_t port, bool on);
void clear_guest_state(struct domain *d);

#endif /* UNIT_EVTCHN_FAKE_H */
