/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk: user-space PV block backend for dom0 (docs/blkback.md).
 *
 *   qdisk [-D] [-v] [-l LOGFILE] [-p PIDFILE] [-d BACKEND-DOMID]
 *
 * Watches /local/domain/<domid>/backend/qdisk and serves every device the
 * toolstack creates there. -D daemonizes; logs go to LOGFILE (else stderr).
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

void qd_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    be_vlog("qdisk", fmt, ap);
    va_end(ap);
}

static struct qd_dev *dev_by_port(struct qd *q, int port)
{
    for (struct qd_dev *d = q->devs; d; d = d->next)
        if (d->port == port && d->connected)
            return d;
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
        struct qd_dev *d = dev_by_port(q, port);

        if (d)
            qd_ring_kick(q, d);
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

static int serve(struct qd *q)
{
    struct pollfd pfd[3] = {
        { .fd = hcall_xs_watch_fd(q->xs), .events = POLLIN },
        { .fd = hcall_evtchn_fd(q->ev), .events = POLLIN },
        { .fd = q->done_fd, .events = POLLIN },
    };

    if (hcall_xs_watch(q->xs, q->root, "be") < 0) {
        qd_log("cannot watch %s: %m", q->root);
        return -1;
    }
    qd_log("serving %s", q->root);
    while (!stopping) {
        if (poll(pfd, 3, -1) < 0) {
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
    static struct be_daemon d;
    int rc = be_daemon_start(argc, argv, "qdisk", &d, &stopping);

    if (rc)
        return rc;
    qd_verbose = d.verbose;
    snprintf(q.root, sizeof(q.root), "%s", d.root);
    rc = open_handles(&q) == 0 && serve(&q) == 0 ? 0 : 1;
    if (q.done_fd > 0)
        qd_io_stop(&q);
    qd_shutdown_devices(&q);
    be_daemon_end(&d);
    return rc;
}
