/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk's ring consumer (drivers/backend/blk/ring.c) on a ring in host
 * memory, with the worker pool, the device state machine and the event
 * channel replaced by recorders: requests are consumed in order, bad ones
 * answered at once with their id and status, barriers wait for the ring to
 * drain and hold back what follows, and a frontend whose req_prod runs
 * ahead of the ring is disconnected without a single request taken.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "qdisk.h"

int qd_verbose;
void qd_log(const char *fmt, ...)
{
    (void)fmt;
}

static struct qd_req *submitted[64];
static unsigned nsubmitted, nfailed, nidle, nnotify;

void qd_io_submit(struct qd *q, struct qd_req *req)
{
    (void)q;
    req->dev->inflight++;
    req->queue->inflight++;
    submitted[nsubmitted++] = req;
}

void qd_dev_fail(struct qd *q, struct qd_dev *d, const char *fmt, ...)
{
    (void)q;
    (void)fmt;
    d->failed = 1;
    nfailed++;
}

void qd_dev_idle(struct qd *q, struct qd_dev *d)
{
    (void)q;
    (void)d;
    nidle++;
}

int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port)
{
    (void)h;
    (void)port;
    nnotify++;
    return 0;
}

static struct qd q;
static struct qd_dev d;
static struct qd_queue *const rq = &d.queues[0];
static blkif_front_ring_t front;
static void *page;

static int setup(void)
{
    page = aligned_alloc(4096, 4096);
    if (!page)
        return -1;
    memset(&d, 0, sizeof(d));
    SHARED_RING_INIT((blkif_sring_t *)page);
    FRONT_RING_INIT(&front, (blkif_sring_t *)page, 4096);
    BACK_RING_INIT(&rq->ring, (blkif_sring_t *)page, 4096);
    rq->dev = &d;
    d.nqueues = 1;
    d.connected = 1;
    d.geom = (struct blkreq_geom){ .sectors = 2048, .sector_size = 512,
                                   .max_indirect = BLKREQ_MAX_INDIRECT };
    nsubmitted = nfailed = nidle = nnotify = 0;
    return 0;
}

static void teardown(void)
{
    for (unsigned i = 0; i < nsubmitted; i++)
        free(submitted[i]);
    free(page);
}

static void push(uint8_t op, uint64_t id, unsigned nseg)
{
    blkif_request_t *r = RING_GET_REQUEST(&front, front.req_prod_pvt++);

    memset(r, 0, sizeof(*r));
    r->operation = op;
    r->id = id;
    r->nr_segments = (uint8_t)nseg;
    for (unsigned i = 0; i < nseg; i++)
        r->seg[i].last_sect = 7;
    RING_PUSH_REQUESTS(&front);
}

static blkif_response_t *rsp(unsigned i)
{
    return RING_GET_RESPONSE(&front, i);
}

/* What a worker does when done: hand the request back. */
static void complete(unsigned i)
{
    struct qd_req *req = submitted[i];

    submitted[i] = malloc(sizeof(*req));        /* teardown frees one */
    submitted[i]->queue = NULL;
    req->status = BLKIF_RSP_OKAY;
    qd_ring_complete(&q, req);
}

static void test_consume_and_answer(void)
{
    CU_ASSERT_FATAL(setup() == 0);
    push(BLKIF_OP_READ, 1, 1);
    push(BLKIF_OP_READ, 2, 12);                 /* bad: answered at once */
    push(7, 3, 1);                              /* unknown op */
    push(BLKIF_OP_WRITE, 4, 2);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 2);
    CU_ASSERT_EQUAL(d.inflight, 2);
    CU_ASSERT_EQUAL(((blkif_sring_t *)page)->rsp_prod, 2);
    CU_ASSERT_EQUAL(rsp(0)->id, 2);
    CU_ASSERT_EQUAL(rsp(0)->status, BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(rsp(1)->id, 3);
    CU_ASSERT_EQUAL(rsp(1)->status, BLKIF_RSP_EOPNOTSUPP);
    CU_ASSERT_EQUAL(rsp(1)->operation, 7);
    CU_ASSERT_EQUAL(nnotify, 1);                /* rsp_event was 1 */
    complete(1);
    CU_ASSERT_EQUAL(rsp(2)->id, 4);
    CU_ASSERT_EQUAL(rsp(2)->status, BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(d.inflight, 1);
    CU_ASSERT_EQUAL(nidle, 0);
    complete(0);
    CU_ASSERT_EQUAL(nidle, 1);
    CU_ASSERT_EQUAL(nfailed, 0);
    teardown();
}

static void test_barrier_drains(void)
{
    CU_ASSERT_FATAL(setup() == 0);
    push(BLKIF_OP_WRITE, 1, 1);
    push(BLKIF_OP_FLUSH_DISKCACHE, 2, 0);
    push(BLKIF_OP_READ, 3, 1);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 1);             /* the flush waits */
    CU_ASSERT_PTR_NOT_NULL(rq->held);
    complete(0);
    CU_ASSERT_EQUAL(nsubmitted, 2);             /* flush alone in flight */
    CU_ASSERT_EQUAL(submitted[1]->r.id, 2);
    CU_ASSERT_EQUAL(d.inflight, 1);
    complete(1);
    CU_ASSERT_EQUAL(nsubmitted, 3);             /* then the read */
    CU_ASSERT_EQUAL(submitted[2]->r.id, 3);
    complete(2);
    CU_ASSERT_EQUAL(((blkif_sring_t *)page)->rsp_prod, 3);
    teardown();
}

static void test_runaway_req_prod(void)
{
    CU_ASSERT_FATAL(setup() == 0);
    push(BLKIF_OP_READ, 1, 1);
    ((blkif_sring_t *)page)->req_prod = 33;     /* 33 requests, 32 slots */
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nfailed, 1);
    CU_ASSERT_EQUAL(nsubmitted, 0);
    CU_ASSERT_EQUAL(rq->ring.req_cons, 0);
    teardown();
}

static void test_full_ring_waits(void)
{
    CU_ASSERT_FATAL(setup() == 0);
    for (unsigned i = 0; i < 32; i++)
        push(BLKIF_OP_READ, i, 1);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 32);
    CU_ASSERT_EQUAL(nfailed, 0);
    /* The frontend cannot legally add a 33rd before a response. */
    push(BLKIF_OP_READ, 32, 1);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nfailed, 1);
    teardown();
}

/*
 * Two queues: each request is answered on the ring it came from, and a
 * barrier waiting on queue 0 does not hold queue 1 back.
 */
static void test_two_queues(void)
{
    struct qd_queue *rq1 = &d.queues[1];
    blkif_front_ring_t front1;
    void *page1 = aligned_alloc(4096, 4096);

    CU_ASSERT_FATAL(setup() == 0 && page1);
    SHARED_RING_INIT((blkif_sring_t *)page1);
    FRONT_RING_INIT(&front1, (blkif_sring_t *)page1, 4096);
    BACK_RING_INIT(&rq1->ring, (blkif_sring_t *)page1, 4096);
    rq1->dev = &d;
    rq1->idx = 1;
    d.nqueues = 2;
    push(BLKIF_OP_WRITE, 1, 1);
    push(BLKIF_OP_FLUSH_DISKCACHE, 2, 0);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 1);
    CU_ASSERT_PTR_NOT_NULL(rq->held);
    {
        blkif_request_t *r = RING_GET_REQUEST(&front1, front1.req_prod_pvt++);

        memset(r, 0, sizeof(*r));
        r->operation = BLKIF_OP_READ;
        r->id = 10;
        r->nr_segments = 1;
        r->seg[0].last_sect = 7;
        RING_PUSH_REQUESTS(&front1);
    }
    qd_ring_kick(&q, rq1);
    CU_ASSERT_EQUAL(nsubmitted, 2);             /* not behind the barrier */
    CU_ASSERT_PTR_EQUAL(submitted[1]->queue, rq1);
    CU_ASSERT_EQUAL(rq->inflight, 1);
    CU_ASSERT_EQUAL(rq1->inflight, 1);
    CU_ASSERT_EQUAL(d.inflight, 2);
    complete(1);
    CU_ASSERT_EQUAL(((blkif_sring_t *)page1)->rsp_prod, 1);
    CU_ASSERT_EQUAL(RING_GET_RESPONSE(&front1, 0)->id, 10);
    CU_ASSERT_EQUAL(((blkif_sring_t *)page)->rsp_prod, 0);
    CU_ASSERT_EQUAL(nsubmitted, 2);             /* the write still runs */
    complete(0);
    CU_ASSERT_EQUAL(nsubmitted, 3);             /* now the flush */
    complete(2);
    CU_ASSERT_EQUAL(((blkif_sring_t *)page)->rsp_prod, 2);
    CU_ASSERT_EQUAL(nidle, 1);
    teardown();
    free(page1);
}

/*
 * The timer rescue: a request whose event went missing is taken at the
 * second tick (it waited a whole period), not at the first; a frontend
 * waiting for a response already produced is notified again once the
 * indexes stood still for a period; a barrier's wait is not a lost event.
 */
static void test_rescue(void)
{
    blkif_sring_t *s;

    CU_ASSERT_FATAL(setup() == 0);
    s = (blkif_sring_t *)page;
    push(BLKIF_OP_READ, 1, 1);                  /* no kick: event lost */
    qd_ring_rescue(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 0);             /* may still be on its way */
    qd_ring_rescue(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 1);
    CU_ASSERT_EQUAL(rq->rescued, 1);
    complete(0);                                /* rsp_event 1: notified */
    CU_ASSERT_EQUAL(nnotify, 1);
    qd_ring_rescue(&q, rq);
    qd_ring_rescue(&q, rq);
    CU_ASSERT_EQUAL(nnotify, 2);                /* never consumed: again */
    CU_ASSERT_EQUAL(rq->rescued, 2);
    front.rsp_cons = s->rsp_prod;               /* the frontend caught up */
    s->rsp_event = front.rsp_cons + 1;
    qd_ring_rescue(&q, rq);
    qd_ring_rescue(&q, rq);
    CU_ASSERT_EQUAL(nnotify, 2);
    /* A barrier holds back what follows: waiting is not a lost event. */
    push(BLKIF_OP_READ, 2, 1);
    qd_ring_kick(&q, rq);
    push(BLKIF_OP_FLUSH_DISKCACHE, 3, 0);
    push(BLKIF_OP_READ, 4, 1);
    qd_ring_kick(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 2);
    qd_ring_rescue(&q, rq);
    qd_ring_rescue(&q, rq);
    CU_ASSERT_EQUAL(nsubmitted, 2);
    CU_ASSERT_EQUAL(rq->rescued, 2);
    CU_ASSERT_EQUAL(nfailed, 0);
    free(rq->held);
    rq->held = NULL;
    teardown();
}

static CU_TestInfo cases[] = {
    { "ring_rescue", test_rescue },
    { "ring_consume_and_answer", test_consume_and_answer },
    { "ring_barrier_drains", test_barrier_drains },
    { "ring_runaway_req_prod", test_runaway_req_prod },
    { "ring_full_ring_waits", test_full_ring_waits },
    { "ring_two_queues", test_two_queues },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("blkback_ring", NULL, NULL, cases);
