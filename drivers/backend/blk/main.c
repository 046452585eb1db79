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

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
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
    q->xs = hcall_xs_open(0);
    if (!q->xs) {
        qd_log("cannot reach xenstored: %m");
        return -1;
    }
    q->ev = hcall_evtchn_open();
    q->gnt = hcall_gntdev_open();
    if (!q->ev || !q->gnt) {
        qd_log("cannot open /dev/xen/evtchn or gntdev: %m "
               "(load xen-evtchn and xen-gntdev)");
        return -1;
    }
    if (hcall_evtchn_set_nonblock(q->ev, 1) < 0)
        return -1;
    return qd_io_start(q);
}

static int write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fprintf(f, "%ld\n", (long)getpid());
    return fclose(f);
}

int main(int argc, char **argv)
{
    static struct qd q;
    const char *logpath = NULL, *pidfile = NULL;
    unsigned self = 0;
    int opt, daemonize = 0, rc = 1;

    while ((opt = getopt(argc, argv, "Dvl:p:d:")) != -1) {
        switch (opt) {
        case 'D': daemonize = 1; break;
        case 'v': qd_verbose = 1; break;
        case 'l': logpath = optarg; break;
        case 'p': pidfile = optarg; break;
        case 'd': self = (unsigned)strtoul(optarg, NULL, 10); break;
        default:
            fprintf(stderr, "usage: %s [-D] [-v] [-l LOGFILE] [-p PIDFILE] "
                    "[-d BACKEND-DOMID]\n", argv[0]);
            return 2;
        }
    }
    if (be_log_open(logpath) < 0) {
        perror(logpath);
        return 1;
    }
    /* Before any handle exists: they do not survive fork(). */
    if (daemonize && daemon(0, logpath == NULL) < 0) {
        perror("daemon");
        return 1;
    }
    if (pidfile && write_pidfile(pidfile) < 0)
        qd_log("cannot write %s: %m", pidfile);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    snprintf(q.root, sizeof(q.root), "/local/domain/%u/backend/qdisk", self);
    if (open_handles(&q) == 0 && serve(&q) == 0)
        rc = 0;
    if (q.done_fd > 0)
        qd_io_stop(&q);
    qd_shutdown_devices(&q);
    if (pidfile)
        unlink(pidfile);
    return rc;
}
