/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk request execution, independent of the engine: fetching indirect
 * segments, pointing the I/O at the frontend's persistently mapped pages or
 * else moving data between its grants and a page-aligned bounce buffer
 * (gntdev grant copy), the synchronous execution the thread
 * pool uses, and the done list the main thread answers from. The engine is
 * io_uring when the kernel offers it, else the thread pool (pool.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "qdisk.h"

/* Copies each iov between the bounce buffer and the frontend's grants. */
static int grant_copy(struct qd *q, struct qd_req *req, uint8_t *buf, int to_guest)
{
    struct blkreq *r = &req->r;
    struct hcall_gnt_copy_seg *segs = calloc(r->nr_iov, sizeof(*segs));
    size_t off = 0;
    int rc = -1;

    if (!segs)
        return -1;
    for (unsigned i = 0; i < r->nr_iov; i++) {
        struct hcall_gnt_copy_side local = { .virt = buf + off };
        struct hcall_gnt_copy_side guest = {
            .is_gref = 1, .domid = (uint16_t)req->dev->domid,
            .ref = r->iov[i].gref, .offset = r->iov[i].offset,
        };

        segs[i].src = to_guest ? local : guest;
        segs[i].dst = to_guest ? guest : local;
        segs[i].len = r->iov[i].len;
        off += r->iov[i].len;
    }
    if (hcall_gntdev_copy(q->gnt, segs, r->nr_iov) < 0)
        goto out;
    for (unsigned i = 0; i < r->nr_iov; i++)
        if (segs[i].status != 0) {
            if (qd_verbose)
                qd_log("dom%u/%u: grant %u: copy status %d",
                       req->dev->domid, req->dev->devid, r->iov[i].gref,
                       segs[i].status);
            goto out;
        }
    rc = 0;
 out:
    free(segs);
    return rc;
}

/* Fetches an indirect request's segment pages and validates them. */
static int fetch_indirect(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    struct hcall_gnt_copy_seg segs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    struct blkif_request_segment *pages;
    int rc = BLKIF_RSP_ERROR;

    pages = calloc(r->nr_indirect_pages, BLKREQ_PAGE_SIZE);
    if (!pages)
        return BLKIF_RSP_ERROR;
    memset(segs, 0, sizeof(segs));
    for (unsigned i = 0; i < r->nr_indirect_pages; i++) {
        segs[i].src = (struct hcall_gnt_copy_side){
            .is_gref = 1, .domid = (uint16_t)req->dev->domid,
            .ref = r->indirect_grefs[i] };
        segs[i].dst.virt = (uint8_t *)pages + i * BLKREQ_PAGE_SIZE;
        segs[i].len = BLKREQ_PAGE_SIZE;
    }
    if (hcall_gntdev_copy(q->gnt, segs, r->nr_indirect_pages) < 0)
        goto out;
    for (unsigned i = 0; i < r->nr_indirect_pages; i++)
        if (segs[i].status != 0)
            goto out;
    /* Validated from our private copy: the frontend cannot change it now. */
    rc = blkreq_set_segments(&req->dev->geom, r, pages, r->nr_segs);
 out:
    free(pages);
    return rc;
}

/* Data straight in the frontend's pages, mapped persistently. -1: copy. */
static int setup_persistent(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;

    req->iov_all = calloc(r->nr_iov, sizeof(*req->iov_all));
    req->tmp_maps = calloc(r->nr_iov, sizeof(*req->tmp_maps));
    req->held = calloc(r->nr_iov, sizeof(*req->held));
    if (!req->iov_all || !req->tmp_maps || !req->held)
        return -1;
    for (unsigned i = 0; i < r->nr_iov; i++) {
        int tmp;
        uint8_t *page = qd_pgrant_get(q, req->dev, r->iov[i].gref, &tmp);

        if (!page)
            return -1;
        if (tmp)
            req->tmp_maps[req->ntmp++] = page;
        else
            req->held[req->nheld++] = r->iov[i].gref;
        req->iov_all[i] = (struct iovec){ .iov_base = page + r->iov[i].offset,
                                          .iov_len = r->iov[i].len };
    }
    req->niov = r->nr_iov;
    req->iov = req->iov_all;
    return 0;
}

/* Local memory for a read or write: the bounce buffer as one iovec. */
static int setup_data(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;

    if (req->dev->persistent && r->nr_iov) {
        if (setup_persistent(q, req) == 0)
            return BLKIF_RSP_OKAY;
        qd_req_release(q, req);     /* a bad grant: grant copy says so */
    }
    req->iov_all = calloc(1, sizeof(*req->iov_all));
    if (!req->iov_all ||
        posix_memalign((void **)&req->buf, BLKREQ_PAGE_SIZE, r->len ? r->len : 1))
        return BLKIF_RSP_ERROR;
    req->iov_all[0] = (struct iovec){ .iov_base = req->buf, .iov_len = r->len };
    req->niov = 1;
    req->iov = req->iov_all;
    if (r->kind == BLKREQ_WRITE && grant_copy(q, req, req->buf, 0) < 0)
        return BLKIF_RSP_ERROR;
    return BLKIF_RSP_OKAY;
}

/* Everything before the backing-store I/O. BLKIF_RSP_OKAY or an error. */
int qd_req_prepare(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    struct qd_dev *d = req->dev;
    int rc = BLKIF_RSP_OKAY;

    req->buf = NULL;
    req->iov = req->iov_all = NULL;
    req->tmp_maps = NULL;
    req->held = NULL;
    req->niov = req->ntmp = req->nheld = 0;
    req->done = 0;
    req->stage = QD_STAGE_DATA;
    req->fd = d->fd >= 0 ? d->fd : d->fd_buf;
    if (r->nr_indirect_pages)
        rc = fetch_indirect(q, req);
    if (rc == BLKIF_RSP_OKAY && (r->kind == BLKREQ_READ || r->kind == BLKREQ_WRITE))
        rc = setup_data(q, req);
    return rc;
}

/* Everything after it: a read's data to the frontend, buffers freed. */
int qd_req_finish(struct qd *q, struct qd_req *req, int status)
{
    if (status == BLKIF_RSP_OKAY && req->r.kind == BLKREQ_READ && req->buf &&
        grant_copy(q, req, req->buf, 1) < 0)
        status = BLKIF_RSP_ERROR;
    qd_req_release(q, req);
    return status;
}

/* Frees the buffers and unmaps the grants mapped for this request only. */
void qd_req_release(struct qd *q, struct qd_req *req)
{
    for (unsigned i = 0; i < req->ntmp; i++)
        if (hcall_gntdev_unmap(q->gnt, req->tmp_maps[i], 1) < 0)
            qd_log("dom%u/%u: unmap: %m", req->dev->domid, req->dev->devid);
    if (req->nheld)
        qd_pgrants_put(q, req->dev, req->held, req->nheld);
    free(req->tmp_maps);
    free(req->held);
    free(req->buf);
    free(req->iov_all);
    req->buf = NULL;
    req->tmp_maps = NULL;
    req->held = NULL;
    req->iov = req->iov_all = NULL;
    req->niov = req->ntmp = req->nheld = 0;
}

/* @n more data bytes went through: 1 when the whole transfer is done. */
int qd_req_advance(struct qd_req *req, size_t n)
{
    req->done += n;
    while (n && req->niov) {
        size_t step = n < req->iov->iov_len ? n : req->iov->iov_len;

        req->iov->iov_base = (uint8_t *)req->iov->iov_base + step;
        req->iov->iov_len -= step;
        n -= step;
        if (!req->iov->iov_len) {
            req->iov++;
            req->niov--;
        }
    }
    return req->done >= req->r.len;
}

/* preadv/pwritev until done; the buffered fd if O_DIRECT refuses. */
int qd_req_rw_sync(struct qd_req *req)
{
    struct qd_dev *d = req->dev;
    int write = req->r.kind == BLKREQ_WRITE;

    while (req->done < req->r.len) {
        off_t off = (off_t)(req->r.dev_off + req->done);
        ssize_t n = write ? pwritev(req->fd, req->iov, (int)req->niov, off)
                          : preadv(req->fd, req->iov, (int)req->niov, off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EINVAL || errno == EFAULT) && req->fd != d->fd_buf) {
            req->fd = d->fd_buf;
            continue;
        }
        if (n <= 0)
            return BLKIF_RSP_ERROR;
        qd_req_advance(req, (size_t)n);
    }
    return BLKIF_RSP_OKAY;
}

/* The whole request with blocking calls (thread pool). */
int qd_req_execute_sync(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    struct qd_dev *d = req->dev;
    int rc = qd_req_prepare(q, req);

    if (rc != BLKIF_RSP_OKAY)
        goto out;
    switch (r->kind) {
    case BLKREQ_READ:
    case BLKREQ_WRITE:
        rc = qd_req_rw_sync(req);
        break;
    case BLKREQ_DISCARD:
        if (r->len && fallocate(d->fd_buf, FALLOC_FL_PUNCH_HOLE |
                                FALLOC_FL_KEEP_SIZE, (off_t)r->dev_off,
                                (off_t)r->len) < 0)
            rc = BLKIF_RSP_ERROR;
        break;
    default:                    /* BLKREQ_FLUSH: the flush below */
        break;
    }
    if (rc == BLKIF_RSP_OKAY && r->flush && fdatasync(d->fd_buf) < 0)
        rc = BLKIF_RSP_ERROR;
 out:
    return qd_req_finish(q, req, rc);
}

/*
 * Hands a finished request to the main thread (any thread). @wake: signal
 * done_fd (not needed from the main thread's own qd_io_take_done loop).
 */
void qd_io_done(struct qd *q, struct qd_req *req, int wake)
{
    uint64_t one = 1;

    pthread_mutex_lock(&q->lock);
    req->next = NULL;
    if (q->done_tail)
        q->done_tail->next = req;
    else
        q->done = req;
    q->done_tail = req;
    pthread_mutex_unlock(&q->lock);
    if (wake && write(q->done_fd, &one, sizeof(one)) < 0)
        qd_log("eventfd write: %s", strerror(errno));
}

void qd_io_submit(struct qd *q, struct qd_req *req)
{
    req->next = NULL;
    req->dev->inflight++;
    if (req->queue)
        req->queue->inflight++;
    q->engine->submit(q, req);
}

/* One completed request, or NULL. Main thread only. */
struct qd_req *qd_io_take_done(struct qd *q)
{
    struct qd_req *req;

    if (q->engine->reap)
        q->engine->reap(q);
    pthread_mutex_lock(&q->lock);
    req = q->done;
    if (req) {
        q->done = req->next;
        if (!q->done)
            q->done_tail = NULL;
    }
    pthread_mutex_unlock(&q->lock);
    return req;
}

/* io_uring if the kernel has it (and -t was not given), else the pool. */
int qd_io_start(struct qd *q)
{
    int err = 0;

    pthread_mutex_init(&q->lock, NULL);
    pthread_mutex_init(&q->pg_lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    q->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (q->done_fd < 0)
        return -1;
    if (!q->no_uring) {
        err = qd_engine_uring.start(q);
        if (err == 0) {
            q->engine = &qd_engine_uring;
            qd_log("io engine: io_uring");
            return 0;
        }
    }
    q->engine = &qd_engine_pool;
    if (q->no_uring)
        qd_log("io engine: thread pool, %d workers (-t)", QD_WORKERS);
    else
        qd_log("io engine: thread pool, %d workers (io_uring_setup: %s)",
               QD_WORKERS, strerror(-err));
    return q->engine->start(q);
}

/* Lets what is in flight finish, then stops the engine. */
void qd_io_stop(struct qd *q)
{
    if (q->engine)
        q->engine->stop(q);
}
