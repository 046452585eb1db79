/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic: user-space PV net backend for dom0 (docs/netback.md).
 *
 *   qnic [-D] [-v] [-l LOGFILE] [-p PIDFILE] [-d BACKEND-DOMID]
 *
 * Watches /local/domain/<domid>/backend/qnic and serves every vif the
 * toolstack creates there. -D daemonizes; logs go to LOGFILE (else stderr).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "qnic.h"

#define MAX_POLL (2 + 64 * QN_MAX_QUEUES)
/* Rx without the frontend's rx-notify: look at its ring this often. */
#define RX_POLL_MS 10

int qn_verbose;
static volatile sig_atomic_t stopping;

void qn_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog("qnic", fmt, ap);
    va_end(ap);
}

uint64_t qn_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Pending ports taken (and unmasked) per system call. */
#define EV_BATCH 64

/*
 * Every pending port with one read, its queues kicked, then all unmasked
 * with one write: two system calls per wake-up, not two per port plus the
 * read that finds none (a port that fires meanwhile wakes poll again).
 */
static void handle_events(struct qn *q)
{
    hcall_port_t ports[EV_BATCH];
    int n;

    do {
        n = hcall_evtchn_pending_many(q->ev, ports, EV_BATCH);
        for (int k = 0; k < n; k++)
            for (struct qn_vif *v = q->vifs; v; v = v->next)
                for (unsigned i = 0; i < v->nr_queues && v->connected; i++) {
                    if (v->q[i].port_tx == (int)ports[k])
                        qn_tx_kick(q, &v->q[i]);
                    if (v->q[i].port_rx == (int)ports[k] && v->connected)
                        qn_rx_kick(q, &v->q[i]);
                }
        if (n > 0 && hcall_evtchn_unmask_many(q->ev, ports, (unsigned)n) < 0)
            qn_log("event channel unmask: %m");
    } while (n == EV_BATCH);
}

static void handle_watches(struct qn *q)
{
    char *path, *token;

    while (hcall_xs_read_watch(q->xs, &path, &token, 1) == 0)
        free(path);             /* token shares the block */
    qn_scan(q);
}

/*
 * The poll set: xenstore, event channels, then every tap queue with rx
 * room. Returns the count and the timeout (rate timers, rx polling).
 */
static unsigned build_poll(struct qn *q, struct pollfd *pfd,
                           struct qn_queue **who, int *timeout)
{
    uint64_t now = qn_now_us();
    unsigned n = 2;

    *timeout = -1;
    for (struct qn_vif *v = q->vifs; v; v = v->next)
        for (unsigned i = 0; i < v->nr_queues && v->connected; i++) {
            struct qn_queue *qu = &v->q[i];

            if (qu->tx_resume_us) {
                int ms = qu->tx_resume_us > now ?
                    (int)((qu->tx_resume_us - now + 999) / 1000) : 0;

                if (*timeout < 0 || ms < *timeout)
                    *timeout = ms;
            }
            if (qu->rx_stalled && !v->rx_notify &&
                (*timeout < 0 || *timeout > RX_POLL_MS))
                *timeout = RX_POLL_MS;
            if (qu->rx_stalled || n == MAX_POLL)
                continue;
            pfd[n] = (struct pollfd){ .fd = qu->tap, .events = POLLIN };
            who[n++] = qu;
        }
    return n;
}

/* Rate-limited queues whose credit came, stalled ones without rx-notify. */
static void handle_timers(struct qn *q)
{
    uint64_t now = qn_now_us();

    for (struct qn_vif *v = q->vifs; v; v = v->next)
        for (unsigned i = 0; i < v->nr_queues && v->connected; i++) {
            if (v->q[i].tx_resume_us && v->q[i].tx_resume_us <= now)
                qn_tx_kick(q, &v->q[i]);
            if (v->connected && v->q[i].rx_stalled && !v->rx_notify)
                qn_rx_kick(q, &v->q[i]);
        }
}

static int serve(struct qn *q)
{
    static struct pollfd pfd[MAX_POLL];
    static struct qn_queue *who[MAX_POLL];
    int timeout;

    if (hcall_xs_watch(q->xs, q->root, "be") < 0) {
        qn_log("cannot watch %s: %m", q->root);
        return -1;
    }
    be_daemon_ready(q->root);
    pfd[0] = (struct pollfd){ .fd = hcall_xs_watch_fd(q->xs), .events = POLLIN };
    pfd[1] = (struct pollfd){ .fd = hcall_evtchn_fd(q->ev), .events = POLLIN };
    while (!stopping) {
        unsigned n = build_poll(q, pfd, who, &timeout);

        if (poll(pfd, n, timeout) < 0) {
            if (errno == EINTR)
                continue;
            qn_log("poll: %m");
            return -1;
        }
        if (pfd[1].revents & POLLIN)
            handle_events(q);
        for (unsigned i = 2; i < n; i++)
            if (pfd[i].revents)
                qn_rx_kick(q, who[i]);
        handle_timers(q);
        /* Last: a scan may free vifs the poll set points to. */
        if (pfd[0].revents & POLLIN)
            handle_watches(q);
    }
    qn_log("stopping");
    return 0;
}

int main(int argc, char **argv)
{
    static struct qn q;
    static struct be_daemon d;
    int rc = be_daemon_start(argc, argv, "qnic", &d, &stopping);

    if (rc)
        return rc;
    if (d.threads_only) {
        fprintf(stderr, "qnic: -t (no io_uring) is qdisk's option; qnic has no I/O engine to choose\n");
        be_daemon_end(&d);
        return 2;
    }
    qn_verbose = d.verbose;
    snprintf(q.root, sizeof(q.root), "%s", d.root);
    q.sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (q.sock < 0)
        qn_log("socket: %m");
    else if (be_open_handles(&q.xs, &q.ev, &q.gnt) == 0 && serve(&q) == 0)
        rc = 0;
    else
        rc = 1;
    qn_shutdown(&q);
    be_daemon_end(&d);
    return rc;
}
