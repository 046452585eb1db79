/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (xen/common/event_*.c) on a fake machine: domains with a
 * shared_info in host memory, a vcpu_mark_events_pending that records
 * kicks, guest "virtual addresses" that are host pointers, and RAM frames
 * (for FIFO control blocks and event arrays) with fake reference counts.
 * Every hypercall goes through the real do_event_channel_op.
 */
#include "evtchn_fake.h"

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
    CU_TEST_INFO_NULL
};
UNIT_SUITE("evtchn", evtchn_fake_setup, evtchn_fake_teardown, evtchn_cases);