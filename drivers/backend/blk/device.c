/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk devices and their xenstore handshake (split-drivers.md section 1):
 * InitWait after publishing the features, Connected once the frontend's
 * ring is mapped and its event channel bound, Closing/Closed on the way
 * down. Everything read from the frontend's directory is checked. A device
 * is torn down (ring unmapped, port unbound) only when no request of it is
 * left with the workers.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qdisk.h"

#define FE_TOKEN "fe"

/* The shared helpers (drivers/backend/common), on this daemon's handle. */
static char *xs_get(struct qd *q, const char *dir, const char *node)
{
    return be_xs_get(q->xs, dir, node);
}

static long long xs_get_uint(struct qd *q, const char *dir, const char *node,
                             unsigned long long max)
{
    return be_xs_get_uint(q->xs, dir, node, max);
}

static int xs_put(struct qd *q, hcall_xs_tx_t tx, const char *dir,
                  const char *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int xs_put(struct qd *q, hcall_xs_tx_t tx, const char *dir,
                  const char *node, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = be_xs_vput(q->xs, tx, dir, node, fmt, ap);
    va_end(ap);
    return rc;
}

static void set_state(struct qd *q, struct qd_dev *d, int state)
{
    if (d->state == state)
        return;
    if (xs_put(q, HCALL_XS_NO_TX, d->be, "state", "%d", state) < 0)
        qd_log("dom%u/%u: cannot write state %d: %m", d->domid, d->devid, state);
    d->state = state;
}

/* Unmaps the ring and unbinds the port; the workers hold nothing of it. */
static void ring_release(struct qd *q, struct qd_dev *d)
{
    d->connected = 0;
    if (d->ring_addr && hcall_gntdev_unmap(q->gnt, d->ring_addr, d->ring_pages) < 0)
        qd_log("dom%u/%u: ring unmap: %m", d->domid, d->devid);
    d->ring_addr = NULL;
    if (d->port >= 0 && hcall_evtchn_unbind(q->ev, d->port) < 0)
        qd_log("dom%u/%u: unbind port %d: %m", d->domid, d->devid, d->port);
    d->port = -1;
}

/* Stops consuming; the ring goes once the last request is back. */
static void disconnect(struct qd *q, struct qd_dev *d)
{
    if (d->held) {
        free(d->held);
        d->held = NULL;
    }
    d->after_barrier = 0;
    if (!d->inflight)
        ring_release(q, d);
    else
        d->connected = 0;       /* responses are dropped from now on */
}

void qd_dev_fail(struct qd *q, struct qd_dev *d, const char *fmt, ...)
{
    char why[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    qd_log("dom%u/%u: disconnected: %s", d->domid, d->devid, why);
    d->failed = 1;
    disconnect(q, d);
    set_state(q, d, XenbusStateClosing);
}

static void dev_free(struct qd *q, struct qd_dev *d)
{
    char path[256];

    for (struct qd_dev **pp = &q->devs; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    if (d->fe) {
        snprintf(path, sizeof(path), "%s/state", d->fe);
        hcall_xs_unwatch(q->xs, path, FE_TOKEN);
        free(d->fe);
    }
    if (d->fd >= 0)
        close(d->fd);
    if (d->fd_buf >= 0)
        close(d->fd_buf);
    qd_log("dom%u/%u: removed", d->domid, d->devid);
    free(d);
}

/* The last in-flight request of @d came back. */
void qd_dev_idle(struct qd *q, struct qd_dev *d)
{
    if (d->ring_addr && (!d->connected || d->failed))
        ring_release(q, d);
    if (d->dying) {
        dev_free(q, d);
        if (q->rescan) {
            q->rescan = 0;
            qd_scan(q);
        }
    }
}

/* Size, sector size, discard: from the opened backing store. */
static int probe_store(struct qd *q, struct qd_dev *d)
{
    struct stat st;
    uint64_t bytes;
    long long en;

    if (fstat(d->fd_buf, &st) < 0)
        return -1;
    d->geom.sector_size = 512;
    d->phys_sector_size = 512;
    if (S_ISBLK(st.st_mode)) {
        int lss = 512;
        unsigned pss = 512;

        if (ioctl(d->fd_buf, BLKGETSIZE64, &bytes) < 0)
            return -1;
        if (ioctl(d->fd_buf, BLKSSZGET, &lss) == 0 && (lss == 512 || lss == 4096))
            d->geom.sector_size = (uint32_t)lss;
        if (ioctl(d->fd_buf, BLKPBSZGET, &pss) == 0 && pss >= d->geom.sector_size)
            d->phys_sector_size = pss;
    } else if (S_ISREG(st.st_mode)) {
        bytes = (uint64_t)st.st_size;
        /* Punching a hole past the end probes support without harm. */
        en = xs_get_uint(q, d->be, "discard-enable", 1);
        d->geom.discard = en != 0 && !d->geom.readonly &&
            fallocate(d->fd_buf, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                      (off_t)(bytes + 4096) & ~(off_t)4095, 4096) == 0;
    } else {
        errno = EINVAL;
        return -1;
    }
    d->geom.sectors = (bytes / d->geom.sector_size) * (d->geom.sector_size / 512);
    d->geom.max_indirect = BLKREQ_MAX_INDIRECT;
    return 0;
}

/* The "info" the frontend gets: VDISK_* from mode, device-type, removable. */
static unsigned info_bits(struct qd *q, struct qd_dev *d)
{
    char *type = xs_get(q, d->be, "device-type");
    unsigned info = d->geom.readonly ? VDISK_READONLY : 0;

    if (type && !strcmp(type, "cdrom"))
        info |= VDISK_CDROM;
    if (xs_get_uint(q, d->be, "removable", 1) == 1)
        info |= VDISK_REMOVABLE;
    free(type);
    return info;
}

static int open_store(struct qd *q, struct qd_dev *d)
{
    char *params = xs_get(q, d->be, "params"), *mode = xs_get(q, d->be, "mode");
    int rc = -1, flags;

    d->geom.readonly = !mode || mode[0] != 'w';
    d->info = info_bits(q, d);
    flags = (d->geom.readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC;
    if (!params || !params[0]) {
        qd_log("dom%u/%u: no params", d->domid, d->devid);
        goto out;
    }
    d->fd_buf = open(params, flags);
    if (d->fd_buf < 0) {
        qd_log("dom%u/%u: cannot open %s: %m", d->domid, d->devid, params);
        goto out;
    }
    d->fd = open(params, flags | O_DIRECT);    /* -1: tmpfs and friends */
    if (probe_store(q, d) < 0) {
        qd_log("dom%u/%u: %s: not a usable image: %m", d->domid, d->devid, params);
        goto out;
    }
    qd_log("dom%u/%u: %s, %" PRIu64 " sectors, sector-size %u, %s%s%s",
           d->domid, d->devid, params, d->geom.sectors, d->geom.sector_size,
           d->geom.readonly ? "ro" : "rw", d->fd >= 0 ? ", O_DIRECT" : "",
           d->geom.discard ? ", discard" : "");
    rc = 0;
 out:
    free(params);
    free(mode);
    return rc;
}

/* Features Linux's blkfront reads, then InitWait. */
static void advertise(struct qd *q, struct qd_dev *d)
{
    static const char *const one[] = { "feature-flush-cache", "feature-barrier" };

    for (unsigned i = 0; i < sizeof(one) / sizeof(one[0]); i++)
        xs_put(q, HCALL_XS_NO_TX, d->be, one[i], "1");
    xs_put(q, HCALL_XS_NO_TX, d->be, "feature-discard", "%d", d->geom.discard);
    if (d->geom.discard) {
        xs_put(q, HCALL_XS_NO_TX, d->be, "discard-granularity", "%u",
               d->geom.sector_size > 4096 ? d->geom.sector_size : 4096);
        xs_put(q, HCALL_XS_NO_TX, d->be, "discard-alignment", "0");
        xs_put(q, HCALL_XS_NO_TX, d->be, "discard-secure", "0");
    }
    xs_put(q, HCALL_XS_NO_TX, d->be, "feature-persistent", "0");
    xs_put(q, HCALL_XS_NO_TX, d->be, "max-ring-page-order", "%u",
           BLKREQ_MAX_RING_ORDER);
    xs_put(q, HCALL_XS_NO_TX, d->be, "multi-queue-max-queues", "1");
    xs_put(q, HCALL_XS_NO_TX, d->be, "feature-max-indirect-segments", "%u",
           d->geom.max_indirect);
    set_state(q, d, XenbusStateInitWait);
}

static struct qd_dev *dev_new(struct qd *q, unsigned domid, unsigned devid)
{
    struct qd_dev *d = calloc(1, sizeof(*d));
    char path[256];
    long long feid;

    if (!d)
        return NULL;
    d->domid = domid;
    d->devid = devid;
    d->fd = d->fd_buf = d->port = -1;
    d->state = XenbusStateInitialising;
    snprintf(d->be, sizeof(d->be), "%s/%u/%u", q->root, domid, devid);
    d->next = q->devs;
    q->devs = d;
    d->fe = xs_get(q, d->be, "frontend");
    feid = xs_get_uint(q, d->be, "frontend-id", 0x7fef);
    if (!d->fe || !d->fe[0] || feid != (long long)domid) {
        qd_dev_fail(q, d, "bad frontend or frontend-id");
        return d;
    }
    snprintf(path, sizeof(path), "%s/state", d->fe);
    if (hcall_xs_watch(q->xs, path, FE_TOKEN) < 0)
        qd_log("dom%u/%u: cannot watch %s: %m", domid, devid, path);
    if (open_store(q, d) < 0) {
        qd_dev_fail(q, d, "backing store unusable");
        return d;
    }
    advertise(q, d);
    return d;
}

/* Ring references: ring-ref, or ring-page-order and ring-ref0..N-1. */
static int read_ring_refs(struct qd *q, struct qd_dev *d, hcall_gref_t *refs,
                          unsigned *pages)
{
    long long order = xs_get_uint(q, d->fe, "ring-page-order", BLKREQ_MAX_RING_ORDER);
    char node[32];

    if (order < 0) {
        char *o = xs_get(q, d->fe, "ring-page-order");

        free(o);
        if (o)
            return -1;          /* present but out of range */
        order = 0;
    }
    *pages = 1u << order;
    for (unsigned i = 0; i < *pages; i++) {
        long long ref;

        if (order == 0)
            snprintf(node, sizeof(node), "ring-ref");
        else
            snprintf(node, sizeof(node), "ring-ref%u", i);
        ref = xs_get_uint(q, d->fe, node, UINT32_MAX);
        if (ref < 0)
            return -1;
        refs[i] = (hcall_gref_t)ref;
    }
    return 0;
}

static int check_protocol(struct qd *q, struct qd_dev *d)
{
    char *p = xs_get(q, d->fe, "protocol");
    long long nq = xs_get_uint(q, d->fe, "multi-queue-num-queues", 1);
    int ok = (!p || !strcmp(p, "x86_64-abi"));
    char *nqs = xs_get(q, d->fe, "multi-queue-num-queues");

    if (nqs && nq != 1)
        ok = 0;                 /* we offered one queue */
    free(p);
    free(nqs);
    return ok ? 0 : -1;
}

static int publish_geometry(struct qd *q, struct qd_dev *d)
{
    hcall_xs_tx_t tx;
    int rc;

    do {
        if (hcall_xs_transaction_start(q->xs, &tx) < 0)
            return -1;
        rc = xs_put(q, tx, d->be, "sectors", "%" PRIu64, d->geom.sectors);
        rc |= xs_put(q, tx, d->be, "info", "%u", d->info);
        rc |= xs_put(q, tx, d->be, "sector-size", "%u", d->geom.sector_size);
        rc |= xs_put(q, tx, d->be, "physical-sector-size", "%u", d->phys_sector_size);
        rc |= xs_put(q, tx, d->be, "state", "%d", XenbusStateConnected);
        if (hcall_xs_transaction_end(q->xs, tx, rc != 0) == 0)
            break;
        if (errno != EAGAIN)
            return -1;
    } while (1);
    if (rc)
        return -1;
    d->state = XenbusStateConnected;
    return 0;
}

/* Frontend Initialised: map its ring, bind its port, go Connected. */
static void dev_connect(struct qd *q, struct qd_dev *d)
{
    hcall_gref_t refs[1u << BLKREQ_MAX_RING_ORDER];
    long long evtchn;
    unsigned pages;

    if (read_ring_refs(q, d, refs, &pages) < 0)
        return qd_dev_fail(q, d, "bad ring-ref/ring-page-order");
    evtchn = xs_get_uint(q, d->fe, "event-channel", UINT32_MAX);
    if (evtchn < 0)
        return qd_dev_fail(q, d, "bad event-channel");
    if (check_protocol(q, d) < 0)
        return qd_dev_fail(q, d, "unsupported protocol or queue count");
    d->ring_addr = hcall_gntdev_map(q->gnt, (uint16_t)d->domid, refs, pages, 1);
    if (!d->ring_addr)
        return qd_dev_fail(q, d, "cannot map the ring (%u pages): %m", pages);
    d->ring_pages = pages;
    BACK_RING_INIT(&d->ring, (blkif_sring_t *)d->ring_addr,
                   (size_t)pages * BLKREQ_PAGE_SIZE);
    d->port = hcall_evtchn_bind_interdomain(q->ev, d->domid, (uint32_t)evtchn);
    if (d->port < 0)
        return qd_dev_fail(q, d, "cannot bind event channel %lld: %m", evtchn);
    d->connected = 1;
    if (publish_geometry(q, d) < 0)
        return qd_dev_fail(q, d, "cannot publish the geometry: %m");
    qd_log("dom%u/%u: connected, %u ring page(s), %u slots, port %d",
           d->domid, d->devid, pages, RING_SIZE(&d->ring), d->port);
    qd_ring_kick(q, d);
}

/* Follows the frontend's state. */
static void dev_update(struct qd *q, struct qd_dev *d)
{
    long long fs = d->fe ? xs_get_uint(q, d->fe, "state", 8) : -1;

    switch (fs) {
    case XenbusStateInitialising:
    case XenbusStateInitWait:
        /* A frontend that starts over gets a fresh chance. */
        if (d->fd_buf >= 0 && !d->ring_addr && !d->connected &&
            (d->state == XenbusStateClosed || d->state == XenbusStateClosing)) {
            d->failed = 0;
            advertise(q, d);
        }
        break;
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (d->state == XenbusStateInitWait && !d->failed && !d->ring_addr)
            dev_connect(q, d);
        break;
    case XenbusStateClosing:
        disconnect(q, d);
        set_state(q, d, XenbusStateClosing);
        break;
    case XenbusStateClosed:
        disconnect(q, d);
        set_state(q, d, XenbusStateClosed);
        break;
    default:                    /* frontend gone or garbage */
        if (d->connected)
            qd_dev_fail(q, d, "frontend state unreadable");
        break;
    }
}

static struct qd_dev *dev_find(struct qd *q, unsigned domid, unsigned devid)
{
    for (struct qd_dev *d = q->devs; d; d = d->next)
        if (d->domid == domid && d->devid == devid && !d->dying)
            return d;
    return NULL;
}

/* A removed device of these ids still has requests with the workers. */
static int dev_draining(struct qd *q, unsigned domid, unsigned devid)
{
    for (struct qd_dev *d = q->devs; d; d = d->next)
        if (d->domid == domid && d->devid == devid && d->dying)
            return 1;
    return 0;
}

#define entry_num be_entry_num

/*
 * The toolstack writes the backend's state (1) last, or everything in one
 * transaction: before it is there the directory is not complete.
 */
static int new_device_ready(struct qd *q, unsigned domid, unsigned devid)
{
    char dir[128];

    snprintf(dir, sizeof(dir), "%s/%u/%u", q->root, domid, devid);
    return xs_get_uint(q, dir, "state", 8) == XenbusStateInitialising;
}

static void scan_domain(struct qd *q, unsigned domid)
{
    char path[128], **devs = NULL;
    unsigned n = 0;

    snprintf(path, sizeof(path), "%s/%u", q->root, domid);
    if (hcall_xs_directory(q->xs, HCALL_XS_NO_TX, path, &devs, &n) < 0)
        return;
    for (unsigned i = 0; i < n; i++) {
        long devid = entry_num(devs[i], 0xffffffffUL);
        struct qd_dev *d;

        if (devid < 0)
            continue;
        d = dev_find(q, domid, (unsigned)devid);
        if (!d && dev_draining(q, domid, (unsigned)devid)) {
            q->rescan = 1;      /* its successor waits for it to go */
            continue;
        }
        if (!d && new_device_ready(q, domid, (unsigned)devid))
            d = dev_new(q, domid, (unsigned)devid);
        if (!d)
            continue;
        d->seen = q->scan_gen;
        dev_update(q, d);
    }
    free(devs);
}

/* Re-reads the whole backend tree: new devices, state changes, removals. */
void qd_scan(struct qd *q)
{
    char **doms = NULL;
    unsigned n = 0;
    struct qd_dev *d, *next;

    q->scan_gen++;
    if (hcall_xs_directory(q->xs, HCALL_XS_NO_TX, q->root, &doms, &n) == 0) {
        for (unsigned i = 0; i < n; i++) {
            long domid = entry_num(doms[i], 0x7fef);

            if (domid >= 0)
                scan_domain(q, (unsigned)domid);
        }
        free(doms);
    }
    for (d = q->devs; d; d = next) {
        next = d->next;
        if (d->seen == q->scan_gen || d->dying)
            continue;
        qd_log("dom%u/%u: backend directory gone", d->domid, d->devid);
        d->dying = 1;
        disconnect(q, d);
        if (!d->inflight)
            dev_free(q, d);
    }
}

/* Exit: wait for nothing (the workers are joined first), release all. */
void qd_shutdown_devices(struct qd *q)
{
    while (q->devs) {
        struct qd_dev *d = q->devs;

        d->inflight = 0;
        disconnect(q, d);
        dev_free(q, d);
    }
}
