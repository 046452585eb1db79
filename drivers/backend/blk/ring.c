/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk rings (main thread only): consume requests from one queue of a
 * connected device (its shared ring), validate each one (blkif_req.c) before anything
 * else, hand good ones to the workers, answer bad ones at once, and publish
 * responses. A frontend whose indexes cannot be valid is disconnected.
 */
#include <stdlib.h>
#include <string.h>

#include "qdisk.h"

static void respond(struct qd_queue *rq, uint64_t id, uint8_t op, int status)
{
    blkif_response_t *rsp = RING_GET_RESPONSE(&rq->ring, rq->ring.rsp_prod_pvt);

    rsp->id = id;
    rsp->operation = op;
    rsp->status = (int16_t)status;
    rq->ring.rsp_prod_pvt++;
    rq->need_push = 1;
}

void qd_ring_push(struct qd *q, struct qd_queue *rq)
{
    int notify;

    if (!rq->dev->connected || !rq->need_push)
        return;
    rq->need_push = 0;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&rq->ring, notify);
    if (notify && hcall_evtchn_notify(q->ev, rq->port) < 0)
        qd_log("dom%u/%u: queue %u: notify: %m", rq->dev->domid,
               rq->dev->devid, rq->idx);
}

/*
 * Barriers: nothing else of this queue in flight before one starts,
 * nothing after it (blkfront orders requests per queue).
 */
static int barrier_blocks(struct qd *q, struct qd_queue *rq)
{
    if (rq->held) {
        if (rq->inflight)
            return 1;
        qd_io_submit(q, rq->held);
        rq->held = NULL;
        rq->after_barrier = 1;
    }
    if (rq->after_barrier) {
        if (rq->inflight)
            return 1;
        rq->after_barrier = 0;
    }
    return 0;
}

/* Takes one request at req_cons. 1 to go on, 0 to stop consuming. */
static int take_one(struct qd *q, struct qd_queue *rq)
{
    struct qd_dev *d = rq->dev;
    struct blkif_request raw;
    struct qd_req *req;
    int rc;

    RING_COPY_REQUEST(&rq->ring, rq->ring.req_cons, &raw);
    rq->ring.req_cons++;
    d->active = 1;
    req = malloc(sizeof(*req));
    if (!req) {
        respond(rq, raw.id, raw.operation, BLKIF_RSP_ERROR);
        return 1;
    }
    req->dev = d;
    req->queue = rq;
    rc = blkreq_parse(&d->geom, &raw, &req->r);
    if (rc != BLKIF_RSP_OKAY) {
        if (qd_verbose)
            qd_log("dom%u/%u: refused op %u id %#llx: %d", d->domid,
                   d->devid, raw.operation, (unsigned long long)raw.id, rc);
        respond(rq, req->r.id, req->r.rsp_op, rc);
        free(req);
        return 1;
    }
    if (req->r.barrier) {
        rq->held = req;
        return !barrier_blocks(q, rq);
    }
    qd_io_submit(q, req);
    return 1;
}

/* Consumes what the frontend pushed. Called on its event and completions. */
void qd_ring_kick(struct qd *q, struct qd_queue *rq)
{
    struct qd_dev *d = rq->dev;
    int more = 1;

    while (more && d->connected && !d->failed) {
        uint32_t prod, avail;

        if (barrier_blocks(q, rq))
            break;
        prod = rq->ring.sring->req_prod;
        xen_rmb();              /* requests are read after the index */
        if (blkreq_ring_avail(prod, rq->ring.req_cons, rq->ring.rsp_prod_pvt,
                              RING_SIZE(&rq->ring), &avail) < 0) {
            qd_dev_fail(q, d, "req_prod %u runs ahead (queue %u, req_cons %u, "
                        "rsp %u, %u slots)", prod, rq->idx, rq->ring.req_cons,
                        rq->ring.rsp_prod_pvt, RING_SIZE(&rq->ring));
            return;
        }
        while (avail--)
            if (!take_one(q, rq))
                goto out;
        RING_FINAL_CHECK_FOR_REQUESTS(&rq->ring, more);
    }
 out:
    qd_ring_push(q, rq);
}

/* The engine finished @req: answer it, then look at its ring again. */
void qd_ring_complete(struct qd *q, struct qd_req *req)
{
    struct qd_dev *d = req->dev;
    struct qd_queue *rq = req->queue;

    d->inflight--;
    rq->inflight--;
    if (d->connected && !d->failed)
        respond(rq, req->r.id, req->r.rsp_op, req->status);
    free(req);
    if (d->connected && !d->failed)
        qd_ring_kick(q, rq);
    if (!d->inflight)
        qd_dev_idle(q, d);
}

/*
 * The timer rescue (main thread, every QD_RESCUE_MS, connected queues): an
 * event lost in either direction would otherwise stall the queue for good
 * (seen as an ext4 hang on Xen 4.17). Requests that sat unconsumed for a
 * whole period while nothing holds them back (a barrier waits for the ring
 * to drain) are taken now; a frontend that asked to be woken for responses
 * already there (rsp_event at or before rsp_prod) and moved neither index
 * for a whole period is notified again. Both are logged: each one is a
 * notification that went missing.
 */
void qd_ring_rescue(struct qd *q, struct qd_queue *rq)
{
    struct qd_dev *d = rq->dev;
    volatile blkif_sring_t *s = rq->ring.sring;
    uint32_t req_prod, rsp_prod, rsp_event;

    if (!d->connected || d->failed)
        return;
    req_prod = s->req_prod;
    rsp_prod = s->rsp_prod;
    rsp_event = s->rsp_event;
    xen_rmb();
    if (req_prod != rq->ring.req_cons && req_prod == rq->tick_req_prod &&
        !rq->held && !rq->after_barrier) {
        rq->rescued++;
        qd_log("dom%u/%u: queue %u: rescue: requests up to %u waited %d ms "
               "with no event (req_cons %u)", d->domid, d->devid, rq->idx,
               req_prod, QD_RESCUE_MS, rq->ring.req_cons);
        qd_ring_kick(q, rq);
    }
    if ((int32_t)(rsp_prod - rsp_event) >= 0 && rsp_prod == rq->tick_rsp_prod &&
        rsp_event == rq->tick_rsp_event) {
        rq->rescued++;
        qd_log("dom%u/%u: queue %u: rescue: frontend waits for response %u, "
               "%u produced, notified again", d->domid, d->devid, rq->idx,
               rsp_event, rsp_prod);
        if (hcall_evtchn_notify(q->ev, rq->port) < 0)
            qd_log("dom%u/%u: queue %u: notify: %m", d->domid, d->devid, rq->idx);
    }
    rq->tick_req_prod = s->req_prod;
    rq->tick_rsp_prod = s->rsp_prod;
    rq->tick_rsp_event = s->rsp_event;
}
