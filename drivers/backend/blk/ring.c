/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk rings (main thread only): consume requests from a connected
 * device's shared ring, validate each one (blkif_req.c) before anything
 * else, hand good ones to the workers, answer bad ones at once, and publish
 * responses. A frontend whose indexes cannot be valid is disconnected.
 */
#include <stdlib.h>
#include <string.h>

#include "qdisk.h"

static void respond(struct qd_dev *d, uint64_t id, uint8_t op, int status)
{
    blkif_response_t *rsp = RING_GET_RESPONSE(&d->ring, d->ring.rsp_prod_pvt);

    rsp->id = id;
    rsp->operation = op;
    rsp->status = (int16_t)status;
    d->ring.rsp_prod_pvt++;
    d->need_push = 1;
}

void qd_ring_push(struct qd *q, struct qd_dev *d)
{
    int notify;

    if (!d->connected || !d->need_push)
        return;
    d->need_push = 0;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&d->ring, notify);
    if (notify && hcall_evtchn_notify(q->ev, d->port) < 0)
        qd_log("dom%u/%u: notify: %m", d->domid, d->devid);
}

/* Barriers: nothing else in flight before one starts, nothing after it. */
static int barrier_blocks(struct qd *q, struct qd_dev *d)
{
    if (d->held) {
        if (d->inflight)
            return 1;
        qd_io_submit(q, d->held);
        d->held = NULL;
        d->after_barrier = 1;
    }
    if (d->after_barrier) {
        if (d->inflight)
            return 1;
        d->after_barrier = 0;
    }
    return 0;
}

/* Takes one request at req_cons. 1 to go on, 0 to stop consuming. */
static int take_one(struct qd *q, struct qd_dev *d)
{
    struct blkif_request raw;
    struct qd_req *req;
    int rc;

    RING_COPY_REQUEST(&d->ring, d->ring.req_cons, &raw);
    d->ring.req_cons++;
    req = malloc(sizeof(*req));
    if (!req) {
        respond(d, raw.id, raw.operation, BLKIF_RSP_ERROR);
        return 1;
    }
    req->dev = d;
    rc = blkreq_parse(&d->geom, &raw, &req->r);
    if (rc != BLKIF_RSP_OKAY) {
        if (qd_verbose)
            qd_log("dom%u/%u: refused op %u id %#llx: %d", d->domid,
                   d->devid, raw.operation, (unsigned long long)raw.id, rc);
        respond(d, req->r.id, req->r.rsp_op, rc);
        free(req);
        return 1;
    }
    if (req->r.barrier) {
        d->held = req;
        return !barrier_blocks(q, d);
    }
    qd_io_submit(q, req);
    return 1;
}

/* Consumes what the frontend pushed. Called on its event and completions. */
void qd_ring_kick(struct qd *q, struct qd_dev *d)
{
    int more = 1;

    while (more && d->connected && !d->failed) {
        uint32_t prod, avail;

        if (barrier_blocks(q, d))
            break;
        prod = d->ring.sring->req_prod;
        xen_rmb();              /* requests are read after the index */
        if (blkreq_ring_avail(prod, d->ring.req_cons, d->ring.rsp_prod_pvt,
                              RING_SIZE(&d->ring), &avail) < 0) {
            qd_dev_fail(q, d, "req_prod %u runs ahead (req_cons %u, rsp %u, "
                        "%u slots)", prod, d->ring.req_cons,
                        d->ring.rsp_prod_pvt, RING_SIZE(&d->ring));
            return;
        }
        while (avail--)
            if (!take_one(q, d))
                goto out;
        RING_FINAL_CHECK_FOR_REQUESTS(&d->ring, more);
    }
 out:
    qd_ring_push(q, d);
}

/* A worker finished @req: answer it, then look at the ring again. */
void qd_ring_complete(struct qd *q, struct qd_req *req)
{
    struct qd_dev *d = req->dev;

    d->inflight--;
    if (d->connected && !d->failed)
        respond(d, req->r.id, req->r.rsp_op, req->status);
    free(req);
    if (d->connected && !d->failed)
        qd_ring_kick(q, d);
    if (!d->inflight)
        qd_dev_idle(q, d);
}
