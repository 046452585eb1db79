/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk worker pool: each worker takes a validated request, moves its data
 * between the frontend's granted pages and a page-aligned bounce buffer
 * with gntdev grant copies, and does the backing-store I/O (pread/pwrite,
 * O_DIRECT when the store allows it, fdatasync, punching holes). Workers
 * never touch the ring: completions go back to the main thread.
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

/* Full pread/pwrite; retries on the buffered fd if O_DIRECT refuses. */
static int rw_full(struct qd_dev *d, int write, uint8_t *buf, size_t len, off_t off)
{
    int fd = d->fd >= 0 ? d->fd : d->fd_buf;

    while (len) {
        ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EINVAL && fd != d->fd_buf) {
            fd = d->fd_buf;
            continue;
        }
        if (n <= 0)
            return -1;
        buf += n;
        off += n;
        len -= (size_t)n;
    }
    return 0;
}

static int do_rw(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    int write = r->kind == BLKREQ_WRITE;
    uint8_t *buf = NULL;
    int rc = BLKIF_RSP_ERROR;

    if (posix_memalign((void **)&buf, BLKREQ_PAGE_SIZE, r->len ? r->len : 1))
        return BLKIF_RSP_ERROR;
    if (write && grant_copy(q, req, buf, 0) < 0)
        goto out;
    if (rw_full(req->dev, write, buf, r->len, (off_t)r->dev_off) < 0)
        goto out;
    if (!write && grant_copy(q, req, buf, 1) < 0)
        goto out;
    rc = BLKIF_RSP_OKAY;
 out:
    free(buf);
    return rc;
}

static int execute(struct qd *q, struct qd_req *req)
{
    struct blkreq *r = &req->r;
    struct qd_dev *d = req->dev;
    int rc;

    if (r->nr_indirect_pages) {
        rc = fetch_indirect(q, req);
        if (rc != BLKIF_RSP_OKAY)
            return rc;
    }
    switch (r->kind) {
    case BLKREQ_READ:
    case BLKREQ_WRITE:
        rc = do_rw(q, req);
        break;
    case BLKREQ_DISCARD:
        rc = BLKIF_RSP_OKAY;
        if (r->len && fallocate(d->fd_buf, FALLOC_FL_PUNCH_HOLE |
                                FALLOC_FL_KEEP_SIZE, (off_t)r->dev_off,
                                (off_t)r->len) < 0)
            rc = BLKIF_RSP_ERROR;
        break;
    default:
        rc = BLKIF_RSP_OKAY;    /* BLKREQ_FLUSH: the flush below */
        break;
    }
    if (rc == BLKIF_RSP_OKAY && r->flush && fdatasync(d->fd_buf) < 0)
        rc = BLKIF_RSP_ERROR;
    return rc;
}

static void *worker(void *arg)
{
    struct qd *q = arg;

    pthread_mutex_lock(&q->lock);
    for (;;) {
        struct qd_req *req;
        uint64_t one = 1;

        while (!q->todo && !q->stop)
            pthread_cond_wait(&q->cond, &q->lock);
        if (!q->todo)
            break;
        req = q->todo;
        q->todo = req->next;
        pthread_mutex_unlock(&q->lock);

        req->status = execute(q, req);

        pthread_mutex_lock(&q->lock);
        req->next = NULL;
        if (q->done_tail)
            q->done_tail->next = req;
        else
            q->done = req;
        q->done_tail = req;
        if (write(q->done_fd, &one, sizeof(one)) < 0)
            qd_log("eventfd write: %s", strerror(errno));
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

void qd_io_submit(struct qd *q, struct qd_req *req)
{
    req->next = NULL;
    req->dev->inflight++;
    pthread_mutex_lock(&q->lock);
    if (q->todo)
        q->todo_tail->next = req;
    else
        q->todo = req;
    q->todo_tail = req;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

/* One completed request, or NULL. Main thread only. */
struct qd_req *qd_io_take_done(struct qd *q)
{
    struct qd_req *req;

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

int qd_io_start(struct qd *q)
{
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    q->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (q->done_fd < 0)
        return -1;
    for (int i = 0; i < QD_WORKERS; i++) {
        int err = pthread_create(&q->workers[i], NULL, worker, q);

        if (err) {
            errno = err;
            return -1;
        }
    }
    return 0;
}

/* Lets the workers finish what is queued, then joins them. */
void qd_io_stop(struct qd *q)
{
    pthread_mutex_lock(&q->lock);
    q->stop = 1;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    for (int i = 0; i < QD_WORKERS; i++)
        pthread_join(q->workers[i], NULL);
}
