/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk's io_uring engine (liburing): the main thread prepares a request
 * (indirect segments, grant copy of a write's data), queues its read,
 * write, fallocate or fdatasync and goes back to polling; the ring's
 * completions signal done_fd (a registered eventfd). Any number of
 * requests of any number of devices are in flight at once. A short
 * transfer is resubmitted for the rest, an O_DIRECT refusal (EINVAL) on the
 * buffered fd; a flush after data is a second step.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdlib.h>

#include "qdisk.h"

#define QD_URING_ENTRIES 256

static struct io_uring_sqe *get_sqe(struct qd *q)
{
    struct io_uring *ring = q->uring;
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

    if (!sqe) {                 /* submission queue full: flush it */
        io_uring_submit(ring);
        sqe = io_uring_get_sqe(ring);
    }
    return sqe;
}

/* Queues the next step of @req: data (or the rest of it), discard, flush. */
static int queue_step(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    struct qd_dev *d = req->dev;
    struct io_uring_sqe *sqe = get_sqe(q);
    off_t off = (off_t)(r->dev_off + req->done);

    if (!sqe)
        return -1;
    if (req->stage == QD_STAGE_FLUSH)
        io_uring_prep_fsync(sqe, d->fd_buf, IORING_FSYNC_DATASYNC);
    else if (r->kind == BLKREQ_READ)
        io_uring_prep_readv(sqe, req->fd, req->iov, req->niov, (uint64_t)off);
    else if (r->kind == BLKREQ_WRITE)
        io_uring_prep_writev(sqe, req->fd, req->iov, req->niov, (uint64_t)off);
    else                        /* BLKREQ_DISCARD */
        io_uring_prep_fallocate(sqe, d->fd_buf, FALLOC_FL_PUNCH_HOLE |
                                FALLOC_FL_KEEP_SIZE, (off_t)r->dev_off,
                                (off_t)r->len);
    io_uring_sqe_set_data(sqe, req);
    q->uring_pending++;
    /* A failed submit leaves the SQE queued: the next submit takes it. */
    if (io_uring_submit(q->uring) < 0 && qd_verbose)
        qd_log("io_uring_submit: %m");
    return 0;
}

/* The first step that has work, or finish at once. */
static void uring_submit(struct qd *q, struct qd_req *req)
{
    int rc = qd_req_prepare(q, req);

    /*
     * A write to an image on tmpfs is a memory copy that never blocks on
     * I/O, but Linux 6.1's tmpfs has no non-blocking writes, so io_uring
     * would hand each one to an io-wq thread (and serialize them per
     * file): copy it here instead, then go on with its flush if any.
     */
    if (rc == BLKIF_RSP_OKAY && req->r.kind == BLKREQ_WRITE && req->dev->mem_store) {
        rc = qd_req_rw_sync(req);
        req->stage = req->r.flush ? QD_STAGE_FLUSH : -1;
    }
    /* No data to move: straight to the flush, or nothing to do. */
    if (rc == BLKIF_RSP_OKAY && (req->r.kind == BLKREQ_FLUSH ||
                                 (req->r.kind == BLKREQ_DISCARD && !req->r.len)))
        req->stage = req->r.flush ? QD_STAGE_FLUSH : -1;
    if (rc == BLKIF_RSP_OKAY && req->stage >= 0) {
        if (queue_step(q, req) == 0)
            return;
        rc = BLKIF_RSP_ERROR;
    }
    req->status = qd_req_finish(q, req, rc);
    qd_io_done(q, req, 1);
}

/* One completion: 1 if @req is finished, 0 if it goes on. */
static int step_done(struct qd *q, struct qd_req *req, int res)
{
    struct blkreq *r = &req->r;
    struct qd_dev *d = req->dev;
    int data = req->stage == QD_STAGE_DATA &&
               (r->kind == BLKREQ_READ || r->kind == BLKREQ_WRITE);

    if ((res == -EINVAL || res == -EFAULT) && data && req->fd != d->fd_buf) {
        req->fd = d->fd_buf;            /* O_DIRECT refused this one */
        return queue_step(q, req) < 0;
    }
    if (res == -EAGAIN || res == -EINTR)
        return queue_step(q, req) < 0;
    if (res < 0 || (data && res == 0 && r->len)) {
        req->status = BLKIF_RSP_ERROR;
        return 1;
    }
    if (data && !qd_req_advance(req, (size_t)res))
        return queue_step(q, req) < 0;  /* short transfer: the rest */
    if (req->stage == QD_STAGE_DATA && r->flush) {
        req->stage = QD_STAGE_FLUSH;
        return queue_step(q, req) < 0;
    }
    req->status = BLKIF_RSP_OKAY;
    return 1;
}

static void uring_reap(struct qd *q)
{
    struct io_uring_cqe *cqe;

    while (io_uring_peek_cqe(q->uring, &cqe) == 0) {
        struct qd_req *req = io_uring_cqe_get_data(cqe);
        int res = cqe->res;

        io_uring_cqe_seen(q->uring, cqe);
        q->uring_pending--;
        req->status = BLKIF_RSP_ERROR;
        if (step_done(q, req, res)) {
            req->status = qd_req_finish(q, req, req->status);
            qd_io_done(q, req, 0);      /* the caller takes it next */
        }
    }
}

/*
 * Rescue tick: SQEs a failed io_uring_submit() left queued go now (nothing
 * else would submit them while the rings are idle), and completions that
 * were already posted at the previous tick and are still not reaped are
 * counted for the caller to reap: their eventfd signal went missing (a
 * signalled eventfd has the main loop reap everything at once). Ones
 * posted since, e.g. inline in this loop's own submits, do not count.
 */
static unsigned uring_rescue(struct qd *q)
{
    struct io_uring *ring = q->uring;
    unsigned sq = io_uring_sq_ready(ring), cq = io_uring_cq_ready(ring);
    unsigned head = *ring->cq.khead, stale;

    if (sq) {
        qd_log("io_uring: rescue: %u request(s) queued but not submitted", sq);
        if (io_uring_submit(ring) < 0)
            qd_log("io_uring_submit: %m");
    }
    stale = (int)(q->uring_tick_tail - head) > 0 ? q->uring_tick_tail - head : 0;
    q->uring_tick_tail = head + cq;
    return stale;
}

/* Negative errno if the kernel refuses io_uring (the pool takes over). */
static int uring_start(struct qd *q)
{
    struct io_uring *ring = calloc(1, sizeof(*ring));
    int rc;

    if (!ring)
        return -ENOMEM;
    rc = io_uring_queue_init(QD_URING_ENTRIES, ring, 0);
    if (rc < 0)
        goto out;
    rc = io_uring_register_eventfd(ring, q->done_fd);
    if (rc < 0) {
        io_uring_queue_exit(ring);
        goto out;
    }
    q->uring = ring;
    return 0;
 out:
    free(ring);
    return rc;
}

/* Waits for what is in flight (the main loop has stopped), then exits. */
static void uring_stop(struct qd *q)
{
    struct io_uring_cqe *cqe;

    while (q->uring_pending && io_uring_wait_cqe(q->uring, &cqe) == 0)
        uring_reap(q);
    io_uring_queue_exit(q->uring);
    free(q->uring);
    q->uring = NULL;
}

const struct qd_engine qd_engine_uring = {
    .name = "io_uring",
    .start = uring_start,
    .stop = uring_stop,
    .submit = uring_submit,
    .reap = uring_reap,
    .rescue = uring_rescue,
};
