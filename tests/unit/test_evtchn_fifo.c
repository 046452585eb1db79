/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FIFO event channels (xen/common/event_fifo.c) on the shared fake machine
 * (evtchn_fake.h): control blocks and event arrays in fake RAM frames.
 */
#include "evtchn_fake.h"

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

static CU_TestInfo evtchn_fifo_cases[] = {
    { "fifo_init_control_errors", test_fifo_init_control_errors },
    { "fifo_queue_order", test_fifo_queue_order },
    { "fifo_mask_and_late_array", test_fifo_mask_and_late_array },
    { "fifo_closed_before_array", test_fifo_closed_before_array },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("evtchn_fifo", evtchn_fake_setup, evtchn_fake_teardown, evtchn_fifo_cases);
