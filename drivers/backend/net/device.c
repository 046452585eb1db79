/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic vifs and their xenstore handshake (docs/netback.md): the tap is
 * created and the features published at InitWait; the frontend's rings
 * are mapped and its event channels bound on its Initialised/Connected;
 * Closing/Closed on the way down; the tap goes with the backend directory.
 * Everything read from the frontend's directory is checked.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qnic.h"

#define FE_TOKEN "fe"

static long long fe_uint(struct qn *q, const char *dir, const char *node,
                         unsigned long long max, long long dflt)
{
    char *s = be_xs_get(q->xs, dir, node);
    long long v = be_xs_get_uint(q->xs, dir, node, max);

    free(s);
    return s ? v : dflt;        /* present but bad: -1 */
}

/*
 * Every write into the backend directory is a be_dir_write(): a directory
 * the toolstack removed (detach, destroy) is never made again by a late
 * state or feature write.
 */
static void set_state(struct qn *q, struct qn_vif *v, int state)
{
    int rc;

    if (v->state == state)
        return;
    rc = be_dir_put_state(q->xs, v->be, state);
    if (rc < 0)
        qn_log("dom%u/%u: cannot write state %d: %m", v->domid, v->devid, state);
    else if (rc > 0)
        qn_log("dom%u/%u: backend directory gone, state %d not written",
               v->domid, v->devid, state);
    v->state = state;
}

/* The queue's work counters, then zero for its next connection. */
static void queue_stats(struct qn_vif *v, struct qn_queue *qu)
{
    if (!qu->tx_kicks && !qu->rx_kicks)
        return;
    qn_log("dom%u/%u: queue %u: tx %lu pkts %lu dropped %lu kicks %lu copies "
           "%lu notifies; rx %lu pkts %lu dropped %lu kicks %lu reads "
           "%lu copies %lu notifies", v->domid, v->devid, qu->idx,
           qu->tx_pkts, qu->tx_dropped, qu->tx_kicks, qu->tx_copies,
           qu->tx_notifies, qu->rx_pkts, qu->rx_dropped, qu->rx_kicks,
           qu->rx_reads, qu->rx_copies, qu->rx_notifies);
    qu->tx_pkts = qu->tx_dropped = qu->tx_kicks = qu->tx_copies = 0;
    qu->tx_notifies = qu->rx_pkts = qu->rx_dropped = qu->rx_kicks = 0;
    qu->rx_reads = qu->rx_copies = qu->rx_notifies = 0;
}

static void queue_release(struct qn *q, struct qn_vif *v, struct qn_queue *qu)
{
    queue_stats(v, qu);
    if (qu->tx_addr && hcall_gntdev_unmap(q->gnt, qu->tx_addr, 1) < 0)
        qn_log("dom%u/%u: tx ring unmap: %m", v->domid, v->devid);
    if (qu->rx_addr && hcall_gntdev_unmap(q->gnt, qu->rx_addr, 1) < 0)
        qn_log("dom%u/%u: rx ring unmap: %m", v->domid, v->devid);
    qu->tx_addr = qu->rx_addr = NULL;
    if (qu->port_rx >= 0 && qu->port_rx != qu->port_tx)
        hcall_evtchn_unbind(q->ev, qu->port_rx);
    if (qu->port_tx >= 0)
        hcall_evtchn_unbind(q->ev, qu->port_tx);
    qu->port_tx = qu->port_rx = -1;
    free(qu->rx_buf);
    free(qu->tx_buf);
    qu->rx_buf = qu->tx_buf = NULL;
    qu->rx_pending = 0;
    qu->rx_stalled = 0;
    qu->tx_resume_us = 0;
    if (qu->idx > 0 && qu->tap >= 0) {
        close(qu->tap);
        qu->tap = -1;
    }
}

/* Unmaps every ring and unbinds every port; the tap stays. */
static void disconnect(struct qn *q, struct qn_vif *v)
{
    for (unsigned i = 0; i < QN_MAX_QUEUES; i++)
        queue_release(q, v, &v->q[i]);
    v->nr_queues = 0;
    v->connected = 0;
}

void qn_vif_fail(struct qn *q, struct qn_vif *v, const char *fmt, ...)
{
    char why[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    qn_log("dom%u/%u: disabled: %s", v->domid, v->devid, why);
    v->failed = 1;
    qn_tap_carrier(q, v, 0);
    disconnect(q, v);
    set_state(q, v, XenbusStateClosing);
}

static void vif_free(struct qn *q, struct qn_vif *v)
{
    char path[256];

    for (struct qn_vif **pp = &q->vifs; *pp; pp = &(*pp)->next)
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    disconnect(q, v);
    qn_tap_close(v);
    if (v->fe) {
        snprintf(path, sizeof(path), "%s/state", v->fe);
        hcall_xs_unwatch(q->xs, path, FE_TOKEN);
        free(v->fe);
    }
    qn_log("dom%u/%u: removed", v->domid, v->devid);
    free(v);
}

struct vif_fill {
    struct qn *q;
    struct qn_vif *v;
};

/* hotplug-status, the features Linux's netfront looks for, and InitWait. */
static int fill_features(void *arg, hcall_xs_tx_t tx)
{
    static const char *const one[] = {
        "feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
        "feature-ipv6-csum-offload", "feature-rx-copy", "feature-rx-notify",
        "feature-split-event-channels",
    };
    struct vif_fill *f = arg;
    struct hcall_xs *xs = f->q->xs;
    const char *be = f->v->be;
    int rc;

    rc = be_xs_put(xs, tx, be, "hotplug-status", "connected");
    for (unsigned i = 0; i < sizeof(one) / sizeof(one[0]); i++)
        rc |= be_xs_put(xs, tx, be, one[i], "1");
    rc |= be_xs_put(xs, tx, be, "feature-rx-flip", "0");
    rc |= be_xs_put(xs, tx, be, "multi-queue-max-queues", "%u", QN_MAX_QUEUES);
    rc |= be_xs_put(xs, tx, be, "state", "%d", XenbusStateInitWait);
    return rc;
}

static void advertise(struct qn *q, struct qn_vif *v)
{
    struct vif_fill f = { .q = q, .v = v };
    int rc = be_dir_write(q->xs, v->be, fill_features, &f);

    if (rc < 0)
        qn_log("dom%u/%u: cannot publish the features: %m", v->domid, v->devid);
    else if (rc > 0)
        qn_log("dom%u/%u: backend directory gone, features not written",
               v->domid, v->devid);
    v->state = XenbusStateInitWait;
}

/* An interface name: 1-15 of [A-Za-z0-9._-]. */
static int good_ifname(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= IFNAMSIZ)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return 0;
    return 1;
}

/* mtu, rate, vifname, bridge from the backend directory; the tap. */
static int configure(struct qn *q, struct qn_vif *v)
{
    char *name = be_xs_get(q->xs, v->be, "vifname");
    char *bridge = be_xs_get(q->xs, v->be, "bridge");
    char *rate = be_xs_get(q->xs, v->be, "rate");
    long long mtu = fe_uint(q, v->be, "mtu", NETREQ_MAX_FRAME - NETREQ_ETH_HLEN, 1500);
    int rc = -1;

    if (mtu < 68) {
        qn_log("dom%u/%u: bad mtu", v->domid, v->devid);
        goto out;
    }
    v->mtu = (unsigned)mtu;
    if (rate && netrate_parse(rate, &v->rate_bytes, &v->rate_usec) < 0) {
        qn_log("dom%u/%u: bad rate '%s'", v->domid, v->devid, rate);
        goto out;
    }
    if (name && name[0] && good_ifname(name))
        snprintf(v->ifname, sizeof(v->ifname), "%s", name);
    else if (name && name[0]) {
        qn_log("dom%u/%u: bad vifname", v->domid, v->devid);
        goto out;
    } else
        snprintf(v->ifname, sizeof(v->ifname), "vif%u.%u", v->domid, v->devid);
    if (bridge && bridge[0] && !good_ifname(bridge)) {
        qn_log("dom%u/%u: bad bridge name", v->domid, v->devid);
        goto out;
    }
    rc = qn_tap_create(q, v, bridge);
 out:
    free(name);
    free(bridge);
    free(rate);
    return rc;
}

static struct qn_vif *vif_new(struct qn *q, unsigned domid, unsigned devid)
{
    struct qn_vif *v = calloc(1, sizeof(*v));
    char path[256];

    if (!v)
        return NULL;
    v->domid = domid;
    v->devid = devid;
    v->state = XenbusStateInitialising;
    for (unsigned i = 0; i < QN_MAX_QUEUES; i++)
        v->q[i] = (struct qn_queue){ .vif = v, .idx = i, .tap = -1,
                                     .port_tx = -1, .port_rx = -1 };
    snprintf(v->be, sizeof(v->be), "%s/%u/%u", q->root, domid, devid);
    v->next = q->vifs;
    q->vifs = v;
    v->fe = be_xs_get(q->xs, v->be, "frontend");
    if (!v->fe || !v->fe[0] ||
        be_xs_get_uint(q->xs, v->be, "frontend-id", 0x7fef) != (long long)domid) {
        qn_vif_fail(q, v, "bad frontend or frontend-id");
        return v;
    }
    snprintf(path, sizeof(path), "%s/state", v->fe);
    if (hcall_xs_watch(q->xs, path, FE_TOKEN) < 0)
        qn_log("dom%u/%u: cannot watch %s: %m", domid, devid, path);
    if (configure(q, v) < 0) {
        qn_vif_fail(q, v, "cannot set up the tap");
        return v;
    }
    advertise(q, v);
    return v;
}

/* The frontend's rx capabilities. 0, or -1 if it does not do rx-copy. */
static int read_caps(struct qn *q, struct qn_vif *v)
{
    const char *fe = v->fe;

    if (fe_uint(q, fe, "request-rx-copy", 1, 0) != 1)
        return -1;
    v->caps.sg = fe_uint(q, fe, "feature-sg", 1, 0) == 1;
    v->caps.gso_tcpv4 = fe_uint(q, fe, "feature-gso-tcpv4", 1, 0) == 1;
    v->caps.gso_tcpv6 = fe_uint(q, fe, "feature-gso-tcpv6", 1, 0) == 1;
    /* Partial checksums both ways, or none. */
    v->caps.csum = fe_uint(q, fe, "feature-no-csum-offload", 1, 0) == 0 &&
        fe_uint(q, fe, "feature-ipv6-csum-offload", 1, 0) == 1;
    v->rx_notify = fe_uint(q, fe, "feature-rx-notify", 1, 0) == 1;
    return 0;
}

static void *map_ring(struct qn *q, struct qn_vif *v, const char *dir,
                      const char *node)
{
    long long ref = be_xs_get_uint(q->xs, dir, node, UINT32_MAX);
    hcall_gref_t gref = (hcall_gref_t)ref;

    if (ref < 0)
        return NULL;
    return hcall_gntdev_map(q->gnt, (uint16_t)v->domid, &gref, 1, 1);
}

static int bind_port(struct qn *q, struct qn_vif *v, const char *dir,
                     const char *node)
{
    long long port = be_xs_get_uint(q->xs, dir, node, UINT32_MAX);

    if (port < 0)
        return -1;
    return hcall_evtchn_bind_interdomain(q->ev, v->domid, (uint32_t)port);
}

/* One queue's rings, ports, tap queue and buffers; NULL or what failed. */
static const char *queue_connect(struct qn *q, struct qn_vif *v,
                                 struct qn_queue *qu, const char *dir)
{
    qu->tx_addr = map_ring(q, v, dir, "tx-ring-ref");
    qu->rx_addr = map_ring(q, v, dir, "rx-ring-ref");
    if (!qu->tx_addr || !qu->rx_addr)
        return "cannot map tx-ring-ref/rx-ring-ref";
    BACK_RING_INIT(&qu->tx, (netif_tx_sring_t *)qu->tx_addr, NETREQ_PAGE_SIZE);
    BACK_RING_INIT(&qu->rx, (netif_rx_sring_t *)qu->rx_addr, NETREQ_PAGE_SIZE);
    qu->port_tx = bind_port(q, v, dir, "event-channel-tx");
    if (qu->port_tx >= 0) {
        qu->port_rx = bind_port(q, v, dir, "event-channel-rx");
        if (qu->port_rx < 0)
            return "cannot bind event-channel-rx";
    } else {
        qu->port_tx = qu->port_rx = bind_port(q, v, dir, "event-channel");
        if (qu->port_tx < 0)
            return "cannot bind event-channel";
    }
    if (qu->idx > 0 && qn_tap_open_queue(v, qu->idx) < 0)
        return "cannot open a tap queue";
    qu->rx_buf = malloc(QN_RX_AREA);
    qu->tx_buf = malloc((size_t)QN_TX_BATCH * QN_BUF_SIZE);
    if (!qu->rx_buf || !qu->tx_buf)
        return "out of memory";
    netrate_init(&qu->rate, v->rate_bytes, v->rate_usec, qn_now_us());
    return NULL;
}

/* Frontend Initialised/Connected: map, bind, go Connected. */
static void vif_connect(struct qn *q, struct qn_vif *v)
{
    long long nq = fe_uint(q, v->fe, "multi-queue-num-queues", QN_MAX_QUEUES, 1);
    const char *err = NULL;
    char dir[160];

    if (read_caps(q, v) < 0)
        return qn_vif_fail(q, v, "frontend does not request rx-copy");
    if (nq < 1)
        return qn_vif_fail(q, v, "bad multi-queue-num-queues");
    for (unsigned i = 0; i < nq && !err; i++) {
        if (nq == 1)
            snprintf(dir, sizeof(dir), "%s", v->fe);
        else
            snprintf(dir, sizeof(dir), "%s/queue-%u", v->fe, i);
        err = queue_connect(q, v, &v->q[i], dir);
    }
    if (err)
        return qn_vif_fail(q, v, "%s: %m", err);
    v->nr_queues = (unsigned)nq;
    if (qn_tap_offload(v) < 0)
        qn_log("dom%u/%u: TUNSETOFFLOAD: %m", v->domid, v->devid);
    v->connected = 1;
    qn_tap_carrier(q, v, 1);
    set_state(q, v, XenbusStateConnected);
    qn_log("dom%u/%u: connected, %u queue(s), port(s) %d/%d, sg %d gso %d/%d "
           "csum %d rx-notify %d", v->domid, v->devid, v->nr_queues,
           v->q[0].port_tx, v->q[0].port_rx, v->caps.sg, v->caps.gso_tcpv4,
           v->caps.gso_tcpv6, v->caps.csum, v->rx_notify);
    for (unsigned i = 0; i < v->nr_queues; i++) {
        qn_tx_kick(q, &v->q[i]);
        qn_rx_kick(q, &v->q[i]);
    }
}

/* Follows the frontend's state. */
static void vif_update(struct qn *q, struct qn_vif *v)
{
    long long fs = v->fe ? be_xs_get_uint(q->xs, v->fe, "state", 8) : -1;

    switch (fs) {
    case XenbusStateInitialising:
    case XenbusStateInitWait:
        /* A frontend that starts over gets a fresh chance. */
        if (v->q[0].tap >= 0 && !v->connected &&
            (v->state == XenbusStateClosed || v->state == XenbusStateClosing)) {
            v->failed = 0;
            qn_tap_carrier(q, v, 1);
            advertise(q, v);
        }
        break;
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (v->state == XenbusStateInitWait && !v->failed && !v->connected)
            vif_connect(q, v);
        break;
    case XenbusStateClosing:
    case XenbusStateClosed:
        disconnect(q, v);
        set_state(q, v, (int)fs);
        break;
    default:                    /* frontend gone or garbage */
        if (v->connected)
            qn_vif_fail(q, v, "frontend state unreadable");
        /*
         * No frontend left to close with (a destroy removes its directory
         * first): Closed, as Linux's netback does, or the toolstack waits
         * out its whole teardown deadline for a state that never comes.
         */
        set_state(q, v, XenbusStateClosed);
        break;
    }
}

static struct qn_vif *vif_find(struct qn *q, unsigned domid, unsigned devid)
{
    for (struct qn_vif *v = q->vifs; v; v = v->next)
        if (v->domid == domid && v->devid == devid)
            return v;
    return NULL;
}

static void visit(void *ctx, unsigned domid, unsigned devid)
{
    struct qn *q = ctx;
    struct qn_vif *v = vif_find(q, domid, devid);
    char dir[128];

    if (!v) {
        /* The toolstack writes state 1 last: before, the dir is partial. */
        snprintf(dir, sizeof(dir), "%s/%u/%u", q->root, domid, devid);
        if (be_xs_get_uint(q->xs, dir, "state", 8) != XenbusStateInitialising)
            return;
        v = vif_new(q, domid, devid);
        if (!v)
            return;
    }
    v->seen = q->scan_gen;
    vif_update(q, v);
}

/* Re-reads the whole backend tree: new vifs, state changes, removals. */
void qn_scan(struct qn *q)
{
    struct qn_vif *v, *next;

    q->scan_gen++;
    be_scan_tree(q->xs, q->root, visit, q);
    for (v = q->vifs; v; v = next) {
        next = v->next;
        if (v->seen != q->scan_gen)
            vif_free(q, v);
    }
}

void qn_shutdown(struct qn *q)
{
    while (q->vifs)
        vif_free(q, q->vifs);
}
