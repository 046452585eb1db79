/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (xen/common/event_*.c) on a fake machine: domains with a
 * shared_info in host memory, a vcpu_mark_events_pending that records
 * kicks, guest "virtual addresses" that are host pointers, and RAM frames
 * (for FIFO control blocks and event arrays) with fake reference counts.
 * Every hypercall goes through the real do_event_channel_op.
 */
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

/* No PIRQ is mapped here (the arch side, arch/x86/irq.c, is not built). */
int pirq_guest_check(struct domain *d, unsigned int pirq)
{
    return -EPERM;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, uint32_t port,
                    bool will_share)
{
    return -EPERM;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq, uint32_t port)
{
}

/* ---- fake machine ------------------------------------------------------ */

#define NR_FRAMES   16
#define DOM_A       1
#define DOM_B       2
#define DOM_CTL     0

struct vcpu *unit_current_vcpu;
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;

static struct domain *doms[3];
static unsigned int nr_kicks, nr_polls;
static unsigned int fake_errors;        /* reference counts gone negative */
static struct vcpu *last_kick;

void vcpu_mark_events_pending(struct vcpu *v)
{
    nr_kicks++;
    last_kick = v;
    v->vcpu_info->evtchn_upcall_pending = 1;
}

void evtchn_check_pollers(struct domain *d, uint32_t port)
{
    (void)d;
    (void)port;
    nr_polls++;
}

struct domain *domain_by_id(domid_t id)
{
    if ( id == DOMID_SELF )
        return current->domain;
    for ( unsigned int i = 0; i < ARRAY_SIZE(doms); i++ )
        if ( doms[i] && doms[i]->domain_id == id )
            return doms[i];
    return NULL;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    if ( pg->owner != d )
        return false;
    pg->count_info++;
    return true;
}

void put_page(struct page_info *pg)
{
    if ( !(pg->count_info & PGC_count_mask) )
        fake_errors++;
    pg->count_info--;
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    if ( (pg->type_info & PGT_count_mask) &&
         (pg->type_info & PGT_type_mask) != type )
        return -EINVAL;
    pg->type_info = type | ((pg->type_info & PGT_count_mask) + 1);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    if ( !(pg->type_info & PGT_count_mask) )
        fake_errors++;
    pg->type_info--;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

static struct domain *mkdom(domid_t id, unsigned int nr_vcpus, bool priv)
{
    struct domain *d = calloc(1, sizeof(*d));

    d->domain_id = id;
    d->is_privileged = priv;
    d->max_vcpus = 3;                   /* vCPU 2 is never created */
    d->vcpu = calloc(d->max_vcpus, sizeof(*d->vcpu));
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(d->shared_info, 0, PAGE_SIZE);
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        struct vcpu *v = calloc(1, sizeof(*v));

        v->vcpu_id = i;
        v->domain = d;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        d->vcpu[i] = v;
    }
    if ( evtchn_domain_init(d) )
        abort();
    return d;
}

static void rmdom(struct domain *d)
{
    evtchn_domain_destroy(d);
    evtchn_domain_free(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        free(d->vcpu[i]);
    free(d->vcpu);
    free(d->shared_info);
    free(d);
}

/* Frames 0-7 belong to A, 8-15 to B; frame 7 is an L1 page table. */
static int setup(void)
{
    doms[0] = mkdom(DOM_A, 2, false);
    doms[1] = mkdom(DOM_B, 2, false);
    doms[2] = mkdom(DOM_CTL, 1, true);
    unit_current_vcpu = doms[0]->vcpu[0];
    max_page = NR_FRAMES;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    unit_frame_mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    memset(unit_frame_mem, 0, NR_FRAMES * PAGE_SIZE);
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        frame_table[i].owner = i < 8 ? doms[0] : doms[1];
    frame_table[7].type_info = PGT_l1_page_table | 1;
    nr_kicks = nr_polls = 0;
    return 0;
}

static int teardown(void)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(doms); i++ )
        if ( doms[i] )
            rmdom(doms[i]);
    memset(doms, 0, sizeof(doms));
    free(frame_table);
    free(unit_frame_mem);
    return 0;
}

/* Each case starts from fresh domains. */
static void reset_world(void)
{
    teardown();
    CU_ASSERT_EQUAL(fake_errors, 0);
    setup();
}

#define A   (doms[0])
#define B   (doms[1])
#define CTL (doms[2])

static long evop(struct domain *d, unsigned int cmd, void *arg)
{
    unit_current_vcpu = d->vcpu[0];
    return do_event_channel_op(cmd, (unsigned long)arg);
}

static int alloc_unbound(struct domain *d, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
    long rc = evop(d, EVTCHNOP_alloc_unbound, &op);

    return rc ? rc : (int)op.port;
}

static int bind_interdomain(struct domain *d, domid_t remote, uint32_t rport)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = remote, .remote_port = rport,
    };
    long rc = evop(d, EVTCHNOP_bind_interdomain, &op);

    return rc ? rc : (int)op.local_port;
}

static int bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = evop(d, EVTCHNOP_bind_virq, &op);

    return rc ? rc : (int)op.port;
}

static int bind_ipi(struct domain *d, uint32_t vcpu)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = evop(d, EVTCHNOP_bind_ipi, &op);

    return rc ? rc : (int)op.port;
}

static long port_op(struct domain *d, unsigned int cmd, uint32_t port)
{
    uint32_t p = port;                  /* close, send, unmask: {port} */

    return evop(d, cmd, &p);
}

static long status(struct domain *d, domid_t dom, uint32_t port,
                   struct evtchn_status *st)
{
    memset(st, 0xa5, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return evop(d, EVTCHNOP_status, st);
}

static bool pending(struct domain *d, uint32_t port)
{
    return (d->shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void set_mask(struct domain *d, uint32_t port, bool on)
{
    if ( on )
        d->shared_info->evtchn_mask[port / 64] |= 1UL << (port % 64);
    else
        d->shared_info->evtchn_mask[port / 64] &= ~(1UL << (port % 64));
}

static void clear_guest_state(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0,
           sizeof(d->shared_info->evtchn_pending));
    for ( unsigned int i = 0; i < 2; i++ )
    {
        d->shared_info->vcpu_info[i].evtchn_upcall_pending = 0;
        d->shared_info->vcpu_info[i].evtchn_pending_sel = 0;
    }
    nr_kicks = nr_polls = 0;
    last_kick = NULL;
}

/* ---- ports and bindings ------------------------------------------------ */

static void test_port_zero_never_allocated(void)
{
    struct evtchn_status st;

    reset_world();
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOMID_SELF), 1);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, 0, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, 0), -EINVAL);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, 0), -EINVAL);
    /* A closed port is reused lowest first, still never 0. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, 1), 0);
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOMID_SELF), 1);
}

static void test_port_exhaustion(void)
{
    unsigned int i;
    struct evtchn_status st;

    reset_world();
    for ( i = 1; i < EVTCHN_2L_NR_CHANNELS; i++ )
        if ( alloc_unbound(A, DOMID_SELF, DOM_B) != (int)i )
            break;
    CU_ASSERT_EQUAL(i, EVTCHN_2L_NR_CHANNELS);
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOM_B), -ENOSPC);
    CU_ASSERT_EQUAL(bind_ipi(A, 0), -ENOSPC);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 0), -ENOSPC);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &st), -EINVAL);
    /* One freed port can be had again, then the domain is full again. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, 1234), 0);
    CU_ASSERT_EQUAL(bind_ipi(A, 1), 1234);
    CU_ASSERT_EQUAL(bind_ipi(A, 1), -ENOSPC);
}

/*
 * createdomain's max_evtchn_port (evtchn_set_max_port): ports above it
 * are -ENOSPC for every kind of binding, as in Xen; a freed port below it
 * can be had again. Caught: the limit did not exist (any port of the ABI).
 */
static void test_max_port_limit(void)
{
    int pb;

    reset_world();
    evtchn_set_max_port(A, 3);
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOM_B), 1);
    CU_ASSERT_EQUAL(bind_ipi(A, 0), 2);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 0), 3);
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOM_B), -ENOSPC);
    CU_ASSERT_EQUAL(alloc_unbound(CTL, DOM_A, DOM_B), -ENOSPC);
    CU_ASSERT_EQUAL(bind_ipi(A, 1), -ENOSPC);
    pb = alloc_unbound(B, DOMID_SELF, DOM_A);
    CU_ASSERT_EQUAL(bind_interdomain(A, DOM_B, pb), -ENOSPC);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, 2), 0);
    CU_ASSERT_EQUAL(bind_interdomain(A, DOM_B, pb), 2);
    /* Above the ABI's limit means the ABI's limit. */
    evtchn_set_max_port(A, UINT32_MAX);
    CU_ASSERT_EQUAL(bind_ipi(A, 1), 4);
}

/* A dying domain gets no new port (-EINVAL, as Xen), other ops go on. */
static void test_dying_gets_no_port(void)
{
    int p;

    reset_world();
    p = alloc_unbound(A, DOMID_SELF, DOM_B);
    A->is_dying = true;
    CU_ASSERT_EQUAL(alloc_unbound(A, DOMID_SELF, DOM_B), -EINVAL);
    CU_ASSERT_EQUAL(bind_ipi(A, 0), -EINVAL);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, p), 0);
    A->is_dying = false;
}

static void test_virq_binding(void)
{
    int p;

    reset_world();
    p = bind_virq(A, VIRQ_TIMER, 0);
    CU_ASSERT(p > 0);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 0), -EEXIST);
    CU_ASSERT(bind_virq(A, VIRQ_TIMER, 1) > 0);     /* per-vCPU */
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 2), -ENOENT);  /* not created */
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 99), -ENOENT);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_DOM_EXC, 1), -EINVAL); /* global */
    CU_ASSERT(bind_virq(A, VIRQ_DOM_EXC, 0) > 0);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_DOM_EXC, 0), -EEXIST);
    CU_ASSERT(bind_virq(A, VIRQ_CONSOLE, 0) > 0);
    CU_ASSERT(bind_virq(A, VIRQ_DEBUG, 1) > 0);
    CU_ASSERT_EQUAL(bind_virq(A, NR_VIRQS, 0), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(A, ~0U, 0), -EINVAL);
    /* Closing frees the VIRQ for binding again. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, p), 0);
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 0), p);
    /* VIRQ ports cannot be sent on. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p), -EINVAL);
}

static void test_virq_delivery(void)
{
    int t0, t1, exc;

    reset_world();
    t0 = bind_virq(A, VIRQ_TIMER, 0);
    t1 = bind_virq(A, VIRQ_TIMER, 1);
    exc = bind_virq(A, VIRQ_DOM_EXC, 0);
    clear_guest_state(A);

    send_guest_vcpu_virq(A->vcpu[1], VIRQ_TIMER);
    CU_ASSERT(pending(A, t1));
    CU_ASSERT(!pending(A, t0));
    CU_ASSERT_PTR_EQUAL(last_kick, A->vcpu[1]);
    CU_ASSERT_EQUAL(A->shared_info->vcpu_info[1].evtchn_pending_sel,
                    1UL << (t1 / 64));

    /* A global VIRQ moved to vCPU 1 notifies vCPU 1. */
    struct evtchn_bind_vcpu bv = { .port = exc, .vcpu = 1 };
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_bind_vcpu, &bv), 0);
    clear_guest_state(A);
    send_guest_global_virq(A, VIRQ_DOM_EXC);
    CU_ASSERT(pending(A, exc));
    CU_ASSERT_PTR_EQUAL(last_kick, A->vcpu[1]);

    /* Unbound VIRQs are dropped. */
    clear_guest_state(A);
    send_guest_global_virq(A, VIRQ_CONSOLE);
    send_guest_vcpu_virq(B->vcpu[0], VIRQ_TIMER);
    CU_ASSERT_EQUAL(nr_kicks, 0);
}

static void test_interdomain_send(void)
{
    int pa, pb;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    CU_ASSERT(pa > 0);
    /* Only the named domain may bind; the port must be unbound. */
    CU_ASSERT_EQUAL(bind_interdomain(CTL, DOM_A, pa), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(B, DOM_A, pa + 1), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(B, 77, pa), -ESRCH);
    clear_guest_state(B);
    pb = bind_interdomain(B, DOM_A, pa);
    CU_ASSERT(pb > 0);
    /* Binding raises the new local port once (lost notifications). */
    CU_ASSERT(pending(B, pb));
    CU_ASSERT_EQUAL(bind_interdomain(B, DOM_A, pa), -EINVAL);

    clear_guest_state(A);
    clear_guest_state(B);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, pa), 0);
    CU_ASSERT(pending(B, pb));
    CU_ASSERT(!pending(A, pa));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_pending_sel,
                    1UL << (pb / 64));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(nr_kicks, 1);
    CU_ASSERT_PTR_EQUAL(last_kick, B->vcpu[0]);
    CU_ASSERT_EQUAL(nr_polls, 1);
    CU_ASSERT(evtchn_port_is_pending(B, pb));
    CU_ASSERT(evtchn_port_valid(B, pb));

    /* Already pending: no second upcall. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, pa), 0);
    CU_ASSERT_EQUAL(nr_kicks, 1);

    /* And back the other way. */
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_send, pb), 0);
    CU_ASSERT(pending(A, pa));
    CU_ASSERT_PTR_EQUAL(last_kick, A->vcpu[0]);

    /* The in-hypervisor form behaves the same. */
    clear_guest_state(B);
    CU_ASSERT_EQUAL(evtchn_send(A, pa), 0);
    CU_ASSERT(pending(B, pb));
    clear_guest_state(A);
    CU_ASSERT_EQUAL(evtchn_raise(A, pa), 0);
    CU_ASSERT(pending(A, pa));
}

static void test_loopback_and_ipi(void)
{
    int p1, p2, ipi;

    reset_world();
    p1 = alloc_unbound(A, DOMID_SELF, DOMID_SELF);
    p2 = bind_interdomain(A, DOMID_SELF, p1);
    CU_ASSERT(p1 > 0 && p2 > 0 && p1 != p2);
    clear_guest_state(A);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p2), 0);
    CU_ASSERT(pending(A, p1));
    CU_ASSERT(!pending(A, p2));

    ipi = bind_ipi(A, 1);
    CU_ASSERT(ipi > 0);
    CU_ASSERT_EQUAL(bind_ipi(A, 2), -ENOENT);
    clear_guest_state(A);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, ipi), 0);
    CU_ASSERT(pending(A, ipi));
    CU_ASSERT_PTR_EQUAL(last_kick, A->vcpu[1]);
}

static void test_masked_until_unmask(void)
{
    int pa, pb;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    pb = bind_interdomain(B, DOM_A, pa);
    set_mask(B, pb, true);
    clear_guest_state(B);

    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, pa), 0);
    CU_ASSERT(pending(B, pb));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_pending_sel, 0);
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_upcall_pending, 0);
    CU_ASSERT_EQUAL(nr_kicks, 0);

    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_unmask, pb), 0);
    CU_ASSERT(!(B->shared_info->evtchn_mask[pb / 64] & (1UL << (pb % 64))));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_pending_sel,
                    1UL << (pb / 64));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(nr_kicks, 1);

    /* Unmasking a port that is not pending raises nothing. */
    set_mask(B, pb, true);
    clear_guest_state(B);
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_unmask, pb), 0);
    CU_ASSERT_EQUAL(nr_kicks, 0);
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_unmask, EVTCHN_2L_NR_CHANNELS),
                    -EINVAL);
}

static void test_close_makes_peer_unbound(void)
{
    struct evtchn_status st;
    int pa, pb;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    pb = bind_interdomain(B, DOM_A, pa);
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_close, pb), 0);
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_close, pb), -EINVAL);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, pa, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, DOM_B);
    /* Sending on an unbound port is silently dropped. */
    clear_guest_state(B);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, pa), 0);
    CU_ASSERT_EQUAL(nr_kicks, 0);
    /* B may bind again. */
    CU_ASSERT(bind_interdomain(B, DOM_A, pa) > 0);
}

static void test_status_every_state(void)
{
    struct evtchn_status st;
    int unb, inter, peer, virq, ipi;

    reset_world();
    unb = alloc_unbound(A, DOMID_SELF, DOMID_SELF);
    peer = alloc_unbound(B, DOMID_SELF, DOM_A);
    inter = bind_interdomain(A, DOM_B, peer);
    virq = bind_virq(A, VIRQ_TIMER, 1);
    ipi = bind_ipi(A, 1);

    CU_ASSERT_EQUAL(status(A, DOMID_SELF, unb, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, DOM_A);   /* never DOMID_SELF */
    CU_ASSERT_EQUAL(st.vcpu, 0);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, inter, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, DOM_B);
    CU_ASSERT_EQUAL(st.u.interdomain.port, (uint32_t)peer);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, virq, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_virq);
    CU_ASSERT_EQUAL(st.u.virq, VIRQ_TIMER);
    CU_ASSERT_EQUAL(st.vcpu, 1);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, ipi, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_ipi);
    CU_ASSERT_EQUAL(st.vcpu, 1);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, ipi + 1, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, 1U << 20, &st), -EINVAL);

    /* Another domain: only for the privileged one. */
    CU_ASSERT_EQUAL(status(B, DOM_A, inter, &st), -EPERM);
    CU_ASSERT_EQUAL(status(CTL, DOM_A, inter, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(status(CTL, 99, 1, &st), -ESRCH);
}

static void test_alloc_for_other_domain(void)
{
    struct evtchn_status st;
    int p;

    reset_world();
    CU_ASSERT_EQUAL(alloc_unbound(B, DOM_A, DOM_B), -EPERM);
    CU_ASSERT_EQUAL(alloc_unbound(CTL, 99, DOM_B), -ESRCH);
    /* The toolstack makes A's port for B; DOMID_SELF names the caller. */
    p = alloc_unbound(CTL, DOM_A, DOMID_SELF);
    CU_ASSERT(p > 0);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, p, &st), 0);
    CU_ASSERT_EQUAL(st.u.unbound.dom, DOM_CTL);
    CU_ASSERT(bind_interdomain(CTL, DOM_A, p) > 0);
    /* The builder's form. */
    p = evtchn_alloc_unbound_port(B, DOM_CTL);
    CU_ASSERT(p > 0);
    CU_ASSERT(bind_interdomain(CTL, DOM_B, p) > 0);
}

static void test_bind_vcpu(void)
{
    int pa, pb, virq, ipi;
    struct evtchn_bind_vcpu bv;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    pb = bind_interdomain(B, DOM_A, pa);
    virq = bind_virq(B, VIRQ_TIMER, 0);
    ipi = bind_ipi(B, 0);

    bv = (struct evtchn_bind_vcpu){ .port = pb, .vcpu = 1 };
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_bind_vcpu, &bv), 0);
    bv = (struct evtchn_bind_vcpu){ .port = virq, .vcpu = 1 };
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_bind_vcpu, &bv), -EINVAL);
    bv = (struct evtchn_bind_vcpu){ .port = ipi, .vcpu = 1 };
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_bind_vcpu, &bv), -EINVAL);
    bv = (struct evtchn_bind_vcpu){ .port = pb, .vcpu = 2 };
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_bind_vcpu, &bv), -ENOENT);
    bv = (struct evtchn_bind_vcpu){ .port = 999, .vcpu = 0 };
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_bind_vcpu, &bv), -EINVAL);

    clear_guest_state(B);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, pa), 0);
    CU_ASSERT_PTR_EQUAL(last_kick, B->vcpu[1]);
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[1].evtchn_pending_sel,
                    1UL << (pb / 64));
    CU_ASSERT_EQUAL(B->shared_info->vcpu_info[0].evtchn_pending_sel, 0);
}

static void test_reset(void)
{
    struct evtchn_status st;
    struct evtchn_reset r = { .dom = DOMID_SELF };
    int pa, pb;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    pb = bind_interdomain(B, DOM_A, pa);
    CU_ASSERT(bind_virq(A, VIRQ_TIMER, 0) > 0);
    CU_ASSERT(bind_ipi(A, 0) > 0);

    r.dom = DOM_A;
    CU_ASSERT_EQUAL(evop(B, EVTCHNOP_reset, &r), -EPERM);
    CU_ASSERT_EQUAL(evop(CTL, EVTCHNOP_reset, &r), -EINVAL); /* not paused */
    r.dom = DOMID_SELF;
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_reset, &r), 0);
    for ( uint32_t p = 1; p < 8; p++ )
    {
        CU_ASSERT_EQUAL(status(A, DOMID_SELF, p, &st), 0);
        CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
    }
    CU_ASSERT_EQUAL(status(B, DOMID_SELF, pb, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, DOM_A);
    /* Everything can be bound again. */
    CU_ASSERT_EQUAL(bind_virq(A, VIRQ_TIMER, 0), 1);

    /* The controller may reset a domain it has paused. */
    B->pause_count = 1;
    r.dom = DOM_B;
    CU_ASSERT_EQUAL(evop(CTL, EVTCHNOP_reset, &r), 0);
    CU_ASSERT_EQUAL(status(B, DOMID_SELF, pb, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
}

static void test_destroy_closes_everything(void)
{
    struct evtchn_status st;
    int pa, pb, pc;

    reset_world();
    pa = alloc_unbound(A, DOMID_SELF, DOM_B);
    pb = bind_interdomain(B, DOM_A, pa);
    pc = alloc_unbound(B, DOMID_SELF, DOM_A);
    CU_ASSERT(bind_interdomain(A, DOM_B, pc) > 0);
    CU_ASSERT(bind_virq(A, VIRQ_TIMER, 0) > 0);

    rmdom(A);
    doms[0] = NULL;
    CU_ASSERT_EQUAL(status(B, DOMID_SELF, pb, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, DOM_A);
    CU_ASSERT_EQUAL(status(B, DOMID_SELF, pc, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    /* Sending towards the dead domain goes nowhere. */
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_send, pb), 0);
    evtchn_domain_destroy(B);           /* twice is harmless */
    evtchn_domain_destroy(B);
    CU_ASSERT_PTR_NULL(B->evtchn);
    CU_ASSERT_EQUAL(evtchn_send(B, pb), -EINVAL);
    CU_ASSERT(!evtchn_port_valid(B, pb));
    rmdom(B);
    doms[1] = NULL;
}

static void test_hypercall_forms(void)
{
    struct evtchn_op op = { .cmd = EVTCHNOP_alloc_unbound };
    uint32_t port = 1;

    reset_world();
    op.u.alloc_unbound.dom = DOMID_SELF;
    op.u.alloc_unbound.remote_dom = DOM_B;
    unit_current_vcpu = A->vcpu[0];
    CU_ASSERT_EQUAL(do_event_channel_op_compat((unsigned long)&op), 0);
    CU_ASSERT_EQUAL(op.u.alloc_unbound.port, 1);
    op.cmd = EVTCHNOP_init_control;
    CU_ASSERT_EQUAL(do_event_channel_op_compat((unsigned long)&op), -ENOSYS);
    op.cmd = EVTCHNOP_reset;
    CU_ASSERT_EQUAL(do_event_channel_op_compat((unsigned long)&op), -ENOSYS);
    CU_ASSERT_EQUAL(do_event_channel_op_compat(0xffff800000000000UL), -EFAULT);

    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_reset_cont + 1, &port), -ENOSYS);
    CU_ASSERT_EQUAL(evop(A, ~0U, &port), -ENOSYS);
    CU_ASSERT_EQUAL(do_event_channel_op(EVTCHNOP_send, 0xffff800000001000UL),
                    -EFAULT);
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_bind_pirq,
                         &(struct evtchn_bind_pirq){ .pirq = 1 }), -EPERM);
    /* 2-level: no priorities, no array. */
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_set_priority,
                         &(struct evtchn_set_priority){ .port = 1 }), -ENOSYS);
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_set_priority,
                         &(struct evtchn_set_priority){ .port = 4096 }),
                    -EINVAL);
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_expand_array,
                         &(struct evtchn_expand_array){ .array_gfn = 2 }),
                    -EOPNOTSUPP);
}

/* ---- FIFO ---------------------------------------------------------------- */

#define W_PENDING (1U << EVTCHN_FIFO_PENDING)
#define W_MASKED  (1U << EVTCHN_FIFO_MASKED)
#define W_LINKED  (1U << EVTCHN_FIFO_LINKED)

static struct evtchn_fifo_control_block *frame_cb(unsigned long mfn,
                                                  unsigned int offset)
{
    return (void *)(unit_frame_mem + mfn * PAGE_SIZE + offset);
}

static event_word_t *frame_words(unsigned long mfn)
{
    return (event_word_t *)(unit_frame_mem + mfn * PAGE_SIZE);
}

static long init_control(struct domain *d, uint64_t gfn, uint32_t offset,
                         uint32_t vcpu)
{
    struct evtchn_init_control ic = {
        .control_gfn = gfn, .offset = offset, .vcpu = vcpu,
    };
    long rc = evop(d, EVTCHNOP_init_control, &ic);

    if ( !rc )
        CU_ASSERT_EQUAL(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
    return rc;
}

static long expand_array(struct domain *d, uint64_t gfn)
{
    struct evtchn_expand_array ea = { .array_gfn = gfn };

    return evop(d, EVTCHNOP_expand_array, &ea);
}

static long set_priority(struct domain *d, uint32_t port, uint32_t prio)
{
    struct evtchn_set_priority sp = { .port = port, .priority = prio };

    return evop(d, EVTCHNOP_set_priority, &sp);
}

/*
 * Consume queue prio like Linux does: follow LINK from the head, unlinking
 * and acknowledging each event; the queue is then empty.
 */
static unsigned int consume(struct evtchn_fifo_control_block *cb,
                            event_word_t *w, unsigned int prio,
                            uint32_t *out, unsigned int max)
{
    uint32_t port = cb->head[prio];
    unsigned int n = 0;

    cb->ready &= ~(1U << prio);
    while ( port && n < max )
    {
        uint32_t link = w[port] & EVTCHN_FIFO_LINK_MASK;

        out[n++] = port;
        w[port] &= ~(W_LINKED | EVTCHN_FIFO_LINK_MASK | W_PENDING);
        port = link;
    }
    return n;
}

static void test_fifo_init_control_errors(void)
{
    struct evtchn_status st;

    reset_world();
    /* XSA-188: a bad gfn fails cleanly and leaves the 2-level ABI. */
    CU_ASSERT_EQUAL(init_control(A, (uint64_t)-2, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(expand_array(A, 2), -EOPNOTSUPP);
    CU_ASSERT_EQUAL(init_control(A, (uint64_t)-1, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(init_control(A, NR_FRAMES, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(init_control(A, 8, 0, 0), -EINVAL);    /* B's frame */
    CU_ASSERT_EQUAL(init_control(A, 7, 0, 0), -EINVAL);    /* page table */
    CU_ASSERT_EQUAL(init_control(A, 1, 4, 0), -EINVAL);    /* misaligned */
    CU_ASSERT_EQUAL(init_control(A, 1, PAGE_SIZE - 64, 0), -EINVAL);
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 2), -ENOENT);
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 1000), -ENOENT);
    CU_ASSERT_EQUAL(frame_table[1].count_info, 0);
    CU_ASSERT(alloc_unbound(A, DOMID_SELF, DOMID_SELF) > 0);
    CU_ASSERT_EQUAL(set_priority(A, 1, 0), -ENOSYS);

    CU_ASSERT_EQUAL(init_control(A, 1, PAGE_SIZE - 72, 0), 0);
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 0), -EINVAL);    /* again */
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 1), 0);          /* same frame */
    CU_ASSERT_EQUAL(frame_table[1].count_info, 2);
    CU_ASSERT_EQUAL(frame_table[1].type_info, PGT_writable_page | 2);
    CU_ASSERT_EQUAL(set_priority(A, 1, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
    CU_ASSERT_EQUAL(set_priority(A, 1, EVTCHN_FIFO_PRIORITY_MIN), 0);
    CU_ASSERT_EQUAL(expand_array(A, (uint64_t)-2), -EINVAL);
    CU_ASSERT_EQUAL(expand_array(A, 7), -EINVAL);

    /* More than 4096 ports exist under FIFO. */
    for ( unsigned int i = 0; i < EVTCHN_2L_NR_CHANNELS; i++ )
        CU_ASSERT_FATAL(alloc_unbound(A, DOMID_SELF, DOM_B) > 0);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);

    /* Reset: back to 2-level, frames released, high ports gone. */
    CU_ASSERT_EQUAL(evop(A, EVTCHNOP_reset, &(struct evtchn_reset){ DOMID_SELF }), 0);
    CU_ASSERT_EQUAL(frame_table[1].count_info, 0);
    CU_ASSERT_EQUAL(frame_table[1].type_info & PGT_count_mask, 0);
    CU_ASSERT_EQUAL(set_priority(A, 1, 0), -ENOSYS);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &st), -EINVAL);
    CU_ASSERT_EQUAL(expand_array(A, 2), -EOPNOTSUPP);
}

static void test_fifo_queue_order(void)
{
    struct evtchn_fifo_control_block *cb;
    event_word_t *w;
    uint32_t got[8];
    int p[5];

    reset_world();
    cb = frame_cb(1, 0);
    w = frame_words(2);
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 0), 0);
    CU_ASSERT_EQUAL(expand_array(A, 2), 0);
    for ( unsigned int i = 1; i <= 4; i++ )
        p[i] = bind_ipi(A, 0);
    CU_ASSERT_EQUAL(set_priority(A, p[4], 3), 0);
    clear_guest_state(A);

    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[1]), 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[2]), 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[3]), 0);
    CU_ASSERT_EQUAL(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)p[1]);
    CU_ASSERT_EQUAL(w[p[1]], W_PENDING | W_LINKED | p[2]);
    CU_ASSERT_EQUAL(w[p[2]], W_PENDING | W_LINKED | p[3]);
    CU_ASSERT_EQUAL(w[p[3]], W_PENDING | W_LINKED);
    CU_ASSERT_EQUAL(cb->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
    CU_ASSERT_EQUAL(nr_kicks, 1);       /* only the new head upcalls */
    CU_ASSERT_EQUAL(nr_polls, 3);

    /* A higher priority has its own queue and READY bit. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[4]), 0);
    CU_ASSERT_EQUAL(cb->head[3], (uint32_t)p[4]);
    CU_ASSERT_EQUAL(cb->ready, (1U << 3) | (1U << EVTCHN_FIFO_PRIORITY_DEFAULT));
    CU_ASSERT_EQUAL(nr_kicks, 2);
    /* Already linked: nothing changes. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[1]), 0);
    CU_ASSERT_EQUAL(nr_kicks, 2);
    CU_ASSERT_EQUAL(w[p[3]], W_PENDING | W_LINKED);
    CU_ASSERT(evtchn_port_is_pending(A, p[2]));

    CU_ASSERT_EQUAL(consume(cb, w, EVTCHN_FIFO_PRIORITY_DEFAULT, got, 8), 3);
    CU_ASSERT(got[0] == (uint32_t)p[1] && got[1] == (uint32_t)p[2] &&
              got[2] == (uint32_t)p[3]);
    CU_ASSERT_EQUAL(consume(cb, w, 3, got, 8), 1);
    CU_ASSERT(!evtchn_port_is_pending(A, p[2]));

    /* The consumed tail is unlinked: the next event is a new head. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[3]), 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[2]), 0);
    CU_ASSERT_EQUAL(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)p[3]);
    CU_ASSERT_EQUAL(w[p[3]], W_PENDING | W_LINKED | p[2]);
    CU_ASSERT_EQUAL(nr_kicks, 3);
    CU_ASSERT_EQUAL(consume(cb, w, EVTCHN_FIFO_PRIORITY_DEFAULT, got, 8), 2);
    CU_ASSERT(got[0] == (uint32_t)p[3] && got[1] == (uint32_t)p[2]);

    /* A priority change takes effect at the next link. */
    CU_ASSERT_EQUAL(set_priority(A, p[2], 0), 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p[2]), 0);
    CU_ASSERT_EQUAL(cb->head[0], (uint32_t)p[2]);
    CU_ASSERT_EQUAL(cb->ready, 1U << 0);
}

static void test_fifo_mask_and_late_array(void)
{
    struct evtchn_fifo_control_block *cb, *cb1;
    struct evtchn_status st;
    event_word_t *w;
    uint32_t got[4];
    int p1, p2, early, pb;

    reset_world();
    cb = frame_cb(1, 64);
    cb1 = frame_cb(3, 0);
    w = frame_words(2);
    /* Pending under 2-level before the switch: raised once FIFO has words. */
    early = bind_ipi(A, 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, early), 0);
    CU_ASSERT_EQUAL(init_control(A, 1, 64, 0), 0);
    CU_ASSERT_EQUAL(init_control(A, 3, 0, 1), 0);
    p1 = bind_ipi(A, 0);
    p2 = bind_ipi(A, 1);
    clear_guest_state(A);
    /* No array page yet: sends are remembered, not lost. */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p2), 0);
    CU_ASSERT_EQUAL(nr_kicks, 0);
    CU_ASSERT(!evtchn_port_is_pending(A, p2));
    w[p1] = W_MASKED;                   /* the guest masks p1 */
    CU_ASSERT_EQUAL(expand_array(A, 2), 0);
    CU_ASSERT_EQUAL(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)early);
    CU_ASSERT_EQUAL(cb1->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)p2);
    CU_ASSERT_EQUAL(nr_kicks, 2);
    CU_ASSERT_EQUAL(consume(cb, w, EVTCHN_FIFO_PRIORITY_DEFAULT, got, 4), 1);

    /* Masked: pending but not linked, no upcall, until unmask. */
    clear_guest_state(A);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p1), 0);
    CU_ASSERT_EQUAL(w[p1], W_MASKED | W_PENDING);
    CU_ASSERT_EQUAL(nr_kicks, 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_unmask, p1), 0);
    CU_ASSERT_EQUAL(w[p1], W_PENDING | W_LINKED);
    CU_ASSERT_EQUAL(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)p1);
    CU_ASSERT_EQUAL(nr_kicks, 1);

    /* Close clears PENDING (the linked word is skipped as spurious). */
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, p1), 0);
    CU_ASSERT_EQUAL(w[p1], W_LINKED);

    /* Interdomain into a FIFO domain from a 2-level one. */
    pb = alloc_unbound(A, DOMID_SELF, DOM_B);
    CU_ASSERT(bind_interdomain(B, DOM_A, pb) > 0);
    consume(cb, w, EVTCHN_FIFO_PRIORITY_DEFAULT, got, 4);
    clear_guest_state(A);
    CU_ASSERT_EQUAL(status(A, DOMID_SELF, pb, &st), 0);
    CU_ASSERT_EQUAL(port_op(B, EVTCHNOP_send, st.u.interdomain.port), 0);
    CU_ASSERT(w[pb] & W_PENDING);
    CU_ASSERT_EQUAL(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (uint32_t)pb);

    /* Destroy releases the control blocks and the array page. */
    rmdom(A);
    doms[0] = NULL;
    CU_ASSERT_EQUAL(frame_table[1].count_info, 0);
    CU_ASSERT_EQUAL(frame_table[2].count_info, 0);
    CU_ASSERT_EQUAL(frame_table[3].count_info, 0);
    CU_ASSERT_EQUAL(frame_table[2].type_info & PGT_count_mask, 0);
}

/* A port raised without an event word and then closed stays quiet. */
static void test_fifo_closed_before_array(void)
{
    int p;

    reset_world();
    CU_ASSERT_EQUAL(init_control(A, 1, 0, 0), 0);
    p = bind_ipi(A, 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_send, p), 0);
    CU_ASSERT_EQUAL(port_op(A, EVTCHNOP_close, p), 0);
    clear_guest_state(A);
    CU_ASSERT_EQUAL(expand_array(A, 2), 0);
    CU_ASSERT_EQUAL(nr_kicks, 0);
    CU_ASSERT_EQUAL(frame_words(2)[p], 0);
    /* Array pages run out at 128 (131072 ports). */
    for ( unsigned int i = 1; i < 128; i++ )
        CU_ASSERT_EQUAL_FATAL(expand_array(A, 3), 0);
    CU_ASSERT_EQUAL(expand_array(A, 3), -ENOSPC);
    CU_ASSERT_EQUAL(frame_table[3].count_info, 127);
}

static CU_TestInfo evtchn_cases[] = {
    { "port_zero_never_allocated", test_port_zero_never_allocated },
    { "port_exhaustion", test_port_exhaustion },
    { "max_port_limit", test_max_port_limit },
    { "dying_gets_no_port", test_dying_gets_no_port },
    { "virq_binding", test_virq_binding },
    { "virq_delivery", test_virq_delivery },
    { "interdomain_send", test_interdomain_send },
    { "loopback_and_ipi", test_loopback_and_ipi },
    { "masked_until_unmask", test_masked_until_unmask },
    { "close_makes_peer_unbound", test_close_makes_peer_unbound },
    { "status_every_state", test_status_every_state },
    { "alloc_for_other_domain", test_alloc_for_other_domain },
    { "bind_vcpu", test_bind_vcpu },
    { "reset", test_reset },
    { "destroy_closes_everything", test_destroy_closes_everything },
    { "hypercall_forms", test_hypercall_forms },
    { "fifo_init_control_errors", test_fifo_init_control_errors },
    { "fifo_queue_order", test_fifo_queue_order },
    { "fifo_mask_and_late_array", test_fifo_mask_and_late_array },
    { "fifo_closed_before_array", test_fifo_closed_before_array },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("evtchn", setup, teardown, evtchn_cases);
