/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk: user-space PV block backend for dom0 (docs/blkback.md).
 *
 *   qdisk [-D] [-t] [-v] [-l LOGFILE] [-p PIDFILE] [-d BACKEND-DOMID]
 *
 * Watches /local/domain/<domid>/backend/qdisk and serves every device the
 * toolstack creates there. -D daemonizes; logs go to LOGFILE (else stderr);
 * -t uses the thread pool even where io_uring works. SIGHUP re-reads the
 * size of every backing store (online resize).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qdisk.h"

int qd_verbose;
static volatile sig_atomic_t stopping;
static struct be_daemon daemon_args;

/* While a ring is busy its store's size is re-read this often. */
#define RESIZE_CHECK_MS 200

void qd_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog("qdisk", fmt, ap);
    va_end(ap);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SIGHUP: every store's size; else busy ones, at most every 200 ms. */
static void check_sizes(struct qd *q, int64_t *last)
{
    int64_t now = now_ms();

    if (daemon_args.hangup) {
        daemon_args.hangup = 0;
        qd_check_sizes(q, 1);
        *last = now;
    } else if (now - *last >= RESIZE_CHECK_MS) {
        qd_check_sizes(q, 0);
        *last = now;
    }
}

static struct qd_queue *queue_by_port(struct qd *q, int port)
{
    for (struct qd_dev *d = q->devs; d; d = d->next)
        for (unsigned i = 0; d->connected && i < d->nqueues; i++)
            if (d->queues[i].port == port)
                return &d->queues[i];
    return NULL;
}

static void handle_watches(struct qd *q)
{
    char *path, *token;

    while (hcall_xs_read_watch(q->xs, &path, &token, 1) == 0)
        free(path);             /* token shares the block */
    qd_scan(q);
}

static void handle_events(struct qd *q)
{
    int port;

    while ((port = hcall_evtchn_pending(q->ev)) >= 0) {
        struct qd_queue *rq = queue_by_port(q, port);

        if (rq)
            qd_ring_kick(q, rq);
        hcall_evtchn_unmask(q->ev, port);
    }
}

static void handle_completions(struct qd *q)
{
    uint64_t n;
    struct qd_req *req;

    if (read(q->done_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        qd_log("eventfd read: %m");
    while ((req = qd_io_take_done(q)))
        qd_ring_complete(q, req);
}

/*
 * Every QD_RESCUE_MS while a device is connected: work whose notification
 * went missing - an event channel, the engine's eventfd - is picked up.
 */
static void rescue(struct qd *q, int64_t *last)
{
    int64_t now = now_ms();
    unsigned stale;

    if (now - *last < QD_RESCUE_MS)
        return;
    *last = now;
    stale = q->engine->rescue ? q->engine->rescue(q) : 0;
    if (stale) {
        qd_log("rescue: %u completion(s) unreaped since the last tick (%d ms)",
               stale, QD_RESCUE_MS);
        handle_completions(q);
    }
    for (struct qd_dev *d = q->devs; d; d = d->next)
        for (unsigned i = 0; d->connected && i < d->nqueues; i++)
            qd_ring_rescue(q, &d->queues[i]);
}

static int serve(struct qd *q)
{
    struct pollfd pfd[3] = {
        { .fd = hcall_xs_watch_fd(q->xs), .events = POLLIN },
        { .fd = hcall_evtchn_fd(q->ev), .events = POLLIN },
        { .fd = q->done_fd, .events = POLLIN },
    };

    int64_t last_check = now_ms(), last_rescue = last_check;

    if (hcall_xs_watch(q->xs, q->root, "be") < 0) {
        qd_log("cannot watch %s: %m", q->root);
        return -1;
    }
    be_daemon_ready(q->root);
    while (!stopping) {
        int timeout = qd_any_connected(q) || daemon_args.hangup ? RESIZE_CHECK_MS : -1;

        check_sizes(q, &last_check);
        if (poll(pfd, 3, timeout) < 0) {
            if (errno == EINTR)
                continue;
            qd_log("poll: %m");
            return -1;
        }
        if (pfd[2].revents & POLLIN)
            handle_completions(q);
        if (pfd[1].revents & POLLIN)
            handle_events(q);
        if (pfd[0].revents & POLLIN)
            handle_watches(q);
        rescue(q, &last_rescue);
    }
    qd_log("stopping");
    return 0;
}

static int open_handles(struct qd *q)
{
    if (be_open_handles(&q->xs, &q->ev, &q->gnt) < 0)
        return -1;
    return qd_io_start(q);
}

int main(int argc, char **argv)
{
    static struct qd q;
    struct be_daemon *d = &daemon_args;
    long ncpu;
    int rc = be_daemon_start(argc, argv, "qdisk", d, &stopping);

    if (rc)
        return rc;
    qd_verbose = d->verbose;
    q.no_uring = d->threads_only;
    snprintf(q.root, sizeof(q.root), "%s", d->root);
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    q.max_queues = ncpu < 1 ? 1 : ncpu < QD_MAX_QUEUES ? (unsigned)ncpu : QD_MAX_QUEUES;
    rc = open_handles(&q) == 0 && serve(&q) == 0 ? 0 : 1;
    if (q.done_fd > 0)
        qd_io_stop(&q);
    qd_shutdown_devices(&q);
    be_daemon_end(d);
    return rc;
}
