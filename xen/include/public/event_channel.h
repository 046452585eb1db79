/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op hypercall (hc 32): (cmd, arg). Event channels are the
 * virtual interrupt lines between domains, vCPUs, VIRQs and physical IRQs.
 * event_channel_op_compat (hc 16) takes a struct evtchn_op instead.
 *
 * Common errors for every sub-op: -EFAULT (arg unreadable/unwritable),
 * -ESRCH (a named domain does not exist), -EPERM (acting on another domain
 * without privilege), -ENOSYS (unknown cmd).
 *
 * Two ABIs exist for where pending/mask state lives:
 *   2-level: bitmaps in shared_info (4096 ports on 64-bit), always on.
 *   FIFO:    per-port event words + per-vCPU control blocks, switched on by
 *            EVTCHNOP_init_control (layouts at the end of this file).
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include <stdint.h>

#include "xen.h"

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* Ports available with the 2-level ABI: 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13
#define EVTCHNOP_reset_cont      14

/*
 * EVTCHNOP_alloc_unbound: allocate a port in domain `dom` that waits for
 * `remote_dom` to bind to it. dom may be another domain only for a
 * privileged caller (that is how a toolstack makes a guest's xenstore and
 * console ports). remote_dom may be DOMID_SELF.
 * Errors: -ENOSPC no free port, -ESRCH, -EPERM.
 */
struct evtchn_alloc_unbound {
    domid_t dom;          /* 0x0: IN domain that gets the port (DOMID_SELF ok) */
    domid_t remote_dom;   /* 0x2: IN domain allowed to bind it */
    evtchn_port_t port;   /* 0x4: OUT the new port */
};                        /* 8 bytes */
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to remote_port in
 * remote_dom, which must be unbound and waiting for the caller. Both ends
 * become interdomain. Errors: -EINVAL remote port not unbound or not waiting
 * for the caller, -ENOSPC no free local port, -ESRCH.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;          /* 0x0: IN */
    uint16_t _pad;
    evtchn_port_t remote_port;   /* 0x4: IN */
    evtchn_port_t local_port;    /* 0x8: OUT */
};                               /* 12 bytes */
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind a VIRQ_* to a new port notifying `vcpu`. Global
 * VIRQs must use vCPU 0. Errors: -EINVAL bad virq or global VIRQ on another
 * vCPU, -ENOENT no such vCPU, -EEXIST already bound on that vCPU, -ENOSPC.
 */
struct evtchn_bind_virq {
    uint32_t virq;        /* 0x0: IN VIRQ_* */
    uint32_t vcpu;        /* 0x4: IN vCPU to notify */
    evtchn_port_t port;   /* 0x8: OUT */
};                        /* 12 bytes */
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind a physical IRQ (as numbered by PHYSDEVOP_map_pirq)
 * to a new port on vCPU 0. Hardware/driver domains only. Errors: -EINVAL bad
 * pirq, -EEXIST already bound, -EPERM no access to the IRQ, -ENOSPC.
 */
struct evtchn_bind_pirq {
    uint32_t pirq;        /* 0x0: IN */
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;       /* 0x4: IN BIND_PIRQ__* */
    evtchn_port_t port;   /* 0x8: OUT */
};                        /* 12 bytes */
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/*
 * EVTCHNOP_bind_ipi: a new port for signalling `vcpu` of the caller's own
 * domain (send on it notifies that vCPU). Errors: -ENOENT no such vCPU,
 * -ENOSPC.
 */
struct evtchn_bind_ipi {
    uint32_t vcpu;        /* 0x0: IN */
    evtchn_port_t port;   /* 0x4: OUT */
};                        /* 8 bytes */
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: close a local port. An interdomain peer's end goes back
 * to unbound (waiting for this domain). Errors: -EINVAL port not in use.
 */
struct evtchn_close {
    evtchn_port_t port;   /* IN */
};
typedef struct evtchn_close evtchn_close_t;

/*
 * EVTCHNOP_send: signal a local port. Interdomain: marks the remote end
 * pending; IPI: marks this port pending for its vCPU; unbound: silently
 * dropped (returns 0). Errors: -EINVAL port closed, VIRQ or PIRQ.
 */
struct evtchn_send {
    evtchn_port_t port;   /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: describe port `port` of domain `dom` (another domain
 * only if privileged). Errors: -EINVAL port out of range.
 */
struct evtchn_status {
    domid_t dom;          /* 0x00: IN DOMID_SELF or a domain */
    uint16_t _pad;
    evtchn_port_t port;   /* 0x04: IN */
#define EVTCHNSTAT_closed      0  /* free */
#define EVTCHNSTAT_unbound     1  /* waiting for u.unbound.dom to bind */
#define EVTCHNSTAT_interdomain 2  /* connected to u.interdomain */
#define EVTCHNSTAT_pirq        3  /* bound to physical IRQ u.pirq */
#define EVTCHNSTAT_virq        4  /* bound to VIRQ u.virq */
#define EVTCHNSTAT_ipi         5  /* IPI port */
    uint32_t status;      /* 0x08: OUT EVTCHNSTAT_* */
    uint32_t vcpu;        /* 0x0c: OUT vCPU notified */
    union {
        struct {
            domid_t dom;          /* the real domid, never DOMID_SELF */
        } unbound;
        struct {
            domid_t dom;
            uint16_t _pad;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                  /* 0x10: OUT */
};                        /* 24 bytes */
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: deliver future notifications for `port` to `vcpu`.
 * Only interdomain, unbound, global-VIRQ and PIRQ ports can move.
 * Errors: -ENOENT no such vCPU, -EINVAL port not movable or not in use.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;   /* 0x0: IN */
    uint32_t vcpu;        /* 0x4: IN */
};                        /* 8 bytes */
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear the port's mask bit; if it is pending, raise the
 * upcall as a fresh event would. Errors: -EINVAL port out of range.
 */
struct evtchn_unmask {
    evtchn_port_t port;   /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset / EVTCHNOP_reset_cont: close every port of `dom` (DOMID_SELF
 * or, privileged, another domain) and return to the 2-level ABI. May be
 * preempted: reset returns -EAGAIN and reset_cont continues the work.
 */
struct evtchn_reset {
    domid_t dom;          /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: switch the caller to the FIFO ABI and register the
 * control block of `vcpu`: evtchn_fifo_control_block at `offset` inside
 * guest frame `control_gfn`. Errors: -EINVAL bad gfn, offset (must leave room
 * for the block and be 8-byte aligned) or vcpu; -EINVAL already registered
 * for that vCPU; -ENOSYS if FIFO is not provided (valid arguments only).
 */
struct evtchn_init_control {
    uint64_t control_gfn;   /* 0x00: IN */
    uint32_t offset;        /* 0x08: IN */
    uint32_t vcpu;          /* 0x0c: IN */
    uint8_t link_bits;      /* 0x10: OUT EVTCHN_FIFO_LINK_BITS */
    uint8_t _pad[7];        /* 0x11 */
};                          /* 24 bytes */
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * EVTCHNOP_expand_array: add one more page of FIFO event words (1024 ports)
 * at guest frame array_gfn. Errors: -EINVAL bad frame or FIFO not
 * initialised, -ENOSPC maximum ports reached, -ENOSYS no FIFO.
 */
struct evtchn_expand_array {
    uint64_t array_gfn;     /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/*
 * EVTCHNOP_set_priority: FIFO queue priority of a port (0 highest).
 * Errors: -EINVAL priority > EVTCHN_FIFO_PRIORITY_MIN or bad port,
 * -ENOSYS 2-level ABI in use.
 */
struct evtchn_set_priority {
    evtchn_port_t port;     /* 0x0: IN */
    uint32_t priority;      /* 0x4: IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * event_channel_op_compat (hc 16): the command and its argument in one
 * buffer (28 bytes). Only the sub-ops below exist in this form.
 */
struct evtchn_op {
    uint32_t cmd;   /* EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t bind_virq;
        evtchn_bind_pirq_t bind_pirq;
        evtchn_bind_ipi_t bind_ipi;
        evtchn_close_t close;
        evtchn_send_t send;
        evtchn_status_t status;
        evtchn_bind_vcpu_t bind_vcpu;
        evtchn_unmask_t unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/*
 * FIFO ABI shared layouts.
 *
 * Each port has a 32-bit event word in guest-provided array pages:
 *   bit 31 PENDING, bit 30 MASKED, bit 29 LINKED, bit 28 BUSY,
 *   bits 0-16 LINK = next port in the same queue (0 = end).
 * Each vCPU has a control block with one queue head per priority and a
 * READY bitmap of non-empty queues.
 */
typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1U << EVTCHN_FIFO_LINK_BITS) - 1)

#define EVTCHN_FIFO_NR_CHANNELS (1U << EVTCHN_FIFO_LINK_BITS)

#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

struct evtchn_fifo_control_block {
    uint32_t ready;                                /* 0x00: bit p = queue p non-empty */
    uint32_t _rsvd;                                /* 0x04 */
    event_word_t head[EVTCHN_FIFO_MAX_QUEUES];     /* 0x08: first port per queue */
};                                                 /* 72 bytes */
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
