/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, private to common/event_*.c: the per-port record, the
 * per-domain state, and the ops struct behind which the 2-level and FIFO
 * ABIs keep their pending/mask state.
 */
#ifndef COMMON_EVENT_CHANNEL_H
#define COMMON_EVENT_CHANNEL_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/event.h>
#include <public/xen.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/* Highest port count of any ABI (FIFO); port storage comes in buckets. */
#define EVTCHN_MAX_PORTS     EVTCHN_FIFO_NR_CHANNELS
#define EVTCHN_BUCKET_PORTS  128
#define EVTCHN_NR_BUCKETS    (EVTCHN_MAX_PORTS / EVTCHN_BUCKET_PORTS)

/*
 * One port. state is an EVTCHNSTAT_* value (closed = free). Fields that
 * decide delivery (state, notify_vcpu, priority, last_*) change only with
 * both the domain's lock and its pend_lock held.
 */
struct evtchn {
    uint8_t state;
    uint8_t priority;           /* FIFO: queue for the next link */
    uint8_t last_priority;      /* FIFO: queue it was last linked on */
    bool fifo_pending;          /* FIFO: raised while it had no event word */
    uint16_t notify_vcpu;
    uint16_t last_vcpu;         /* FIFO: vCPU whose queue it was linked on */
    union {
        domid_t remote_domid;   /* unbound: who may bind (never DOMID_SELF) */
        struct {
            struct domain *dom;
            uint32_t port;
        } interdomain;
        uint32_t virq;
        uint32_t pirq;
    } u;
};

/*
 * The pending/mask state of one ABI. All hooks run with the domain's
 * pend_lock held. v is the vCPU to notify; NULL if it does not exist (yet),
 * in which case the port only becomes pending.
 */
struct evtchn_port_ops {
    const char *name;
    unsigned int max_ports;
    void (*init)(struct domain *d, uint32_t port, struct evtchn *chn);
    void (*set_pending)(struct domain *d, struct vcpu *v, uint32_t port,
                        struct evtchn *chn);
    void (*clear_pending)(struct domain *d, uint32_t port);
    void (*unmask)(struct domain *d, struct vcpu *v, uint32_t port,
                   struct evtchn *chn);
    bool (*is_pending)(const struct domain *d, uint32_t port);
    /* NULL: -ENOSYS (the 2-level ABI has no priorities). */
    int (*set_priority)(struct domain *d, struct evtchn *chn,
                        unsigned int priority);
};

extern const struct evtchn_port_ops evtchn_2l_ops;
extern const struct evtchn_port_ops evtchn_fifo_ops;

struct evtchn_fifo_domain;

/*
 * Per-domain state (d->evtchn).
 *
 * Locking, outermost first:
 *   evtchn_bind_lock (global)  any change of an interdomain connection;
 *   lock                       port states and bindings of this domain;
 *                              two domains' locks are taken in domain-id
 *                              order (evtchn_double_lock);
 *   pend_lock                  leaf: delivery state (bitmaps are atomic,
 *                              but the FIFO queues, the ABI switch and the
 *                              delivery fields of struct evtchn need it).
 * A sender holds its own lock (which keeps an interdomain peer connected)
 * and then only the peer's pend_lock, so two domains signalling each other
 * cannot deadlock. All are taken with interrupts off (VIRQs may be raised
 * from interrupt context).
 */
struct evtchn_domain {
    spinlock_t lock;
    spinlock_t pend_lock;
    const struct evtchn_port_ops *ops;
    unsigned int nr_valid;                  /* buckets allocated * size */
    unsigned int max_port;                  /* highest port d may use */
    unsigned int free_hint;                 /* no closed port below this */
    struct evtchn *bucket[EVTCHN_NR_BUCKETS];
    uint32_t (*virq_port)[NR_VIRQS];        /* [max_vcpus]; 0 = unbound */
    struct evtchn_fifo_domain *fifo;        /* NULL: 2-level ABI */
};

static inline struct evtchn *evtchn_from_port(const struct evtchn_domain *ed,
                                              uint32_t port)
{
    return &ed->bucket[port / EVTCHN_BUCKET_PORTS][port % EVTCHN_BUCKET_PORTS];
}

/* Has port storage (it may still be closed)? */
static inline bool evtchn_port_has_storage(const struct evtchn_domain *ed,
                                           uint32_t port)
{
    return port < ed->nr_valid;
}

/* The vCPU of d with this id, or NULL. */
struct vcpu *evtchn_vcpu(const struct domain *d, unsigned int id);

/* Per-vCPU VIRQs are bound once per vCPU; the others on vCPU 0 only. */
static inline bool evtchn_virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
           virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/*
 * Port operations (event_channel.c) behind the hypercalls, which have
 * already resolved the domain, checked permission and vCPU ids. Each
 * returns 0 (or the new port) or -errno.
 */
int evtchn_bind_interdomain_port(struct domain *ld, struct domain *rd,
                                 uint32_t rport);
/* state: EVTCHNSTAT_virq (virq used) or EVTCHNSTAT_ipi. */
int evtchn_bind_local_port(struct domain *d, unsigned int state,
                           unsigned int vcpu_id, unsigned int virq);
/* A new port bound to physical IRQ pirq (the arch checked it). */
int evtchn_bind_pirq_port(struct domain *d, unsigned int pirq);
int evtchn_close_port(struct domain *d, uint32_t port);
void evtchn_close_all(struct domain *d);
int evtchn_port_status(struct domain *d, uint32_t port,
                       struct evtchn_status *st);
int evtchn_bind_vcpu_port(struct domain *d, uint32_t port, unsigned int vcpu_id);
int evtchn_unmask_port(struct domain *d, uint32_t port);
int evtchn_set_port_priority(struct domain *d, uint32_t port,
                             unsigned int priority);

/* FIFO hypercalls (event_fifo.c); d is the caller's domain. */
int evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic);
int evtchn_fifo_expand_array(struct domain *d, uint64_t array_gfn);
/* Back to the 2-level ABI, releasing the guest frames (pend_lock held). */
void evtchn_fifo_destroy(struct domain *d);

/* Atomic bit helpers for guest-shared words. */
static inline bool evtchn_test_and_set_bit(unsigned int nr,
                                           volatile xen_ulong_t *addr)
{
    xen_ulong_t m = (xen_ulong_t)1 << (nr % 64);

    return __atomic_fetch_or(&addr[nr / 64], m, __ATOMIC_SEQ_CST) & m;
}

static inline bool evtchn_test_and_clear_bit(unsigned int nr,
                                             volatile xen_ulong_t *addr)
{
    xen_ulong_t m = (xen_ulong_t)1 << (nr % 64);

    return __atomic_fetch_and(&addr[nr / 64], ~m, __ATOMIC_SEQ_CST) & m;
}

static inline bool evtchn_test_bit(unsigned int nr,
                                   const volatile xen_ulong_t *addr)
{
    return (__atomic_load_n(&addr[nr / 64], __ATOMIC_SEQ_CST) >> (nr % 64)) & 1;
}

#endif /* COMMON_EVENT_CHANNEL_H */
