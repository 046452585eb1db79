/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk's fallback engine, for kernels without io_uring (ENOSYS, or a
 * sandbox refusing io_uring_setup): QD_WORKERS threads each execute one
 * request at a time with blocking calls. Workers never touch the ring:
 * finished requests go to the done list for the main thread.
 */
#include <errno.h>
#include <stdlib.h>

#include "qdisk.h"

static void *worker(void *arg)
{
    struct qd *q = arg;

    pthread_mutex_lock(&q->lock);
    for (;;) {
        struct qd_req *req;

        while (!q->todo && !q->stop)
            pthread_cond_wait(&q->cond, &q->lock);
        if (!q->todo)
            break;
        req = q->todo;
        q->todo = req->next;
        pthread_mutex_unlock(&q->lock);

        req->status = qd_req_execute_sync(q, req);
        qd_io_done(q, req, 1);

        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

static void pool_submit(struct qd *q, struct qd_req *req)
{
    pthread_mutex_lock(&q->lock);
    if (q->todo)
        q->todo_tail->next = req;
    else
        q->todo = req;
    q->todo_tail = req;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

static int pool_start(struct qd *q)
{
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
static void pool_stop(struct qd *q)
{
    pthread_mutex_lock(&q->lock);
    q->stop = 1;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    for (int i = 0; i < QD_WORKERS; i++)
        pthread_join(q->workers[i], NULL);
}

const struct qd_engine qd_engine_pool = {
    .name = "thread pool",
    .start = pool_start,
    .stop = pool_stop,
    .submit = pool_submit,
};
