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
#include <sys/vfs.h>
#include <linux/magic.h>
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

/*
 * Every write into a device's backend directory: be_dir_write() (only while
 * the directory exists) with @fill's nodes. 0 written, 1 the directory is
 * gone (nothing written), -1 error.
 */
struct dev_fill {
    struct qd *q;
    struct qd_dev *d;
    int (*fill)(struct qd *q, struct qd_dev *d, hcall_xs_tx_t tx, int arg);
    int arg;
};

static int dev_fill_fn(void *p, hcall_xs_tx_t tx)
{
    struct dev_fill *f = p;

    return f->fill(f->q, f->d, tx, f->arg);
}

static int dev_write(struct qd *q, struct qd_dev *d,
                     int (*fill)(struct qd *, struct qd_dev *, hcall_xs_tx_t, int),
                     int arg)
{
    struct dev_fill f = { .q = q, .d = d, .fill = fill, .arg = arg };

    return be_dir_write(q->xs, d->be, dev_fill_fn, &f);
}

static void set_state(struct qd *q, struct qd_dev *d, int state)
{
    int rc;

    if (d->state == state)
        return;
    rc = be_dir_put_state(q->xs, d->be, state);
    if (rc < 0)
        qd_log("dom%u/%u: cannot write state %d: %m", d->domid, d->devid, state);
    else if (rc > 0)
        qd_log("dom%u/%u: backend directory gone, state %d not written",
               d->domid, d->devid, state);
    d->state = state;
}

/* Unmaps the rings and unbinds the ports; the engine holds nothing of them. */
static void ring_release(struct qd *q, struct qd_dev *d)
{
    d->connected = 0;
    for (unsigned i = 0; i < QD_MAX_QUEUES; i++) {
        struct qd_queue *rq = &d->queues[i];

        if (rq->ring_addr && hcall_gntdev_unmap(q->gnt, rq->ring_addr, rq->ring_pages) < 0)
            qd_log("dom%u/%u: queue %u: ring unmap: %m", d->domid, d->devid, i);
        rq->ring_addr = NULL;
        if (rq->port >= 0 && hcall_evtchn_unbind(q->ev, rq->port) < 0)
            qd_log("dom%u/%u: unbind port %d: %m", d->domid, d->devid, rq->port);
        rq->port = -1;
    }
    qd_pgrants_release(q, d);
}

/* Some ring of @d is still mapped or some port bound. */
static int dev_mapped(const struct qd_dev *d)
{
    for (unsigned i = 0; i < QD_MAX_QUEUES; i++)
        if (d->queues[i].ring_addr || d->queues[i].port >= 0)
            return 1;
    return 0;
}

/* Stops consuming; the rings go once the last request is back. */
static void disconnect(struct qd *q, struct qd_dev *d)
{
    for (unsigned i = 0; i < QD_MAX_QUEUES; i++) {
        free(d->queues[i].held);
        d->queues[i].held = NULL;
        d->queues[i].after_barrier = 0;
    }
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
    if (dev_mapped(d) && (!d->connected || d->failed))
        ring_release(q, d);
    if (d->dying) {
        dev_free(q, d);
        if (q->rescan) {
            q->rescan = 0;
            qd_scan(q);
        }
    }
}

/* The store's size in bytes and its sector sizes: 1 file, 0 block device. */
static int store_size(struct qd_dev *d, uint64_t *bytes, unsigned *lss,
                      unsigned *pss)
{
    struct stat st;
    int bs = 512;

    if (fstat(d->fd_buf, &st) < 0)
        return -1;
    *lss = *pss = 512;
    if (S_ISREG(st.st_mode)) {
        *bytes = (uint64_t)st.st_size;
        return 1;
    }
    if (!S_ISBLK(st.st_mode) || ioctl(d->fd_buf, BLKGETSIZE64, bytes) < 0) {
        errno = EINVAL;
        return -1;
    }
    if (ioctl(d->fd_buf, BLKSSZGET, &bs) == 0)
        *lss = (unsigned)bs;
    if (ioctl(d->fd_buf, BLKPBSZGET, pss) < 0)
        *pss = *lss;
    return 0;
}

/*
 * Size, sector size, discard: from the opened backing store and the
 * optional "sector-size" node (512 or 4096) the toolstack may write.
 */
static int probe_store(struct qd *q, struct qd_dev *d)
{
    char *node = xs_get(q, d->be, "sector-size");
    unsigned lss, pss;
    uint64_t bytes;
    long ss;
    long long en;
    int file = store_size(d, &bytes, &lss, &pss);

    if (file < 0) {
        free(node);
        return -1;
    }
    ss = blkreq_sector_size(node, lss);
    free(node);
    if (ss < 0) {
        qd_log("dom%u/%u: sector-size: want 512 or 4096, not below the "
               "store's %u", d->domid, d->devid, lss);
        errno = EINVAL;
        return -1;
    }
    d->geom.sector_size = (uint32_t)ss;
    d->phys_sector_size = pss > (unsigned)ss ? pss : (unsigned)ss;
    d->geom.sectors = blkreq_sectors(bytes, d->geom.sector_size);
    d->geom.max_indirect = BLKREQ_MAX_INDIRECT;
    d->geom.discard = 0;
    if (d->geom.readonly || !file)
        return 0;               /* discard: writable regular files only */
    /* Punching a hole past the end probes support without harm. */
    en = xs_get_uint(q, d->be, "discard-enable", 1);
    d->geom.discard = en != 0 &&
        fallocate(d->fd_buf, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  (off_t)(bytes + 4096) & ~(off_t)4095, 4096) == 0;
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
    struct statfs sfs;
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
    d->mem_store = fstatfs(d->fd_buf, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC;
    if (probe_store(q, d) < 0) {
        qd_log("dom%u/%u: %s: not a usable image: %m", d->domid, d->devid, params);
        goto out;
    }
    qd_log("dom%u/%u: %s, %" PRIu64 " sectors, sector-size %u, %s%s%s%s",
           d->domid, d->devid, params, d->geom.sectors, d->geom.sector_size,
           d->geom.readonly ? "ro" : "rw", d->fd >= 0 ? ", O_DIRECT" : "",
           d->mem_store ? ", tmpfs" : "", d->geom.discard ? ", discard" : "");
    rc = 0;
 out:
    free(params);
    free(mode);
    return rc;
}

/* Features Linux's blkfront reads, and InitWait, in one transaction. */
static int fill_features(struct qd *q, struct qd_dev *d, hcall_xs_tx_t tx, int arg)
{
    static const char *const one[] = { "feature-flush-cache", "feature-barrier" };
    int rc = 0;

    (void)arg;
    for (unsigned i = 0; i < sizeof(one) / sizeof(one[0]); i++)
        rc |= xs_put(q, tx, d->be, one[i], "1");
    rc |= xs_put(q, tx, d->be, "feature-discard", "%d", d->geom.discard);
    if (d->geom.discard) {
        rc |= xs_put(q, tx, d->be, "discard-granularity", "%u",
                     d->geom.sector_size > 4096 ? d->geom.sector_size : 4096);
        rc |= xs_put(q, tx, d->be, "discard-alignment", "0");
        rc |= xs_put(q, tx, d->be, "discard-secure", "0");
    }
    rc |= xs_put(q, tx, d->be, "feature-persistent", "1");
    rc |= xs_put(q, tx, d->be, "max-ring-page-order", "%u", BLKREQ_MAX_RING_ORDER);
    rc |= xs_put(q, tx, d->be, "multi-queue-max-queues", "%u", q->max_queues);
    rc |= xs_put(q, tx, d->be, "feature-max-indirect-segments", "%u",
                 d->geom.max_indirect);
    rc |= xs_put(q, tx, d->be, "state", "%d", XenbusStateInitWait);
    return rc;
}

static void advertise(struct qd *q, struct qd_dev *d)
{
    int rc = dev_write(q, d, fill_features, 0);

    if (rc < 0)
        qd_log("dom%u/%u: cannot publish the features: %m", d->domid, d->devid);
    else if (rc > 0)
        qd_log("dom%u/%u: backend directory gone, features not written",
               d->domid, d->devid);
    d->state = XenbusStateInitWait;
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
    d->fd = d->fd_buf = -1;
    for (unsigned i = 0; i < QD_MAX_QUEUES; i++)
        d->queues[i] = (struct qd_queue){ .dev = d, .idx = i, .port = -1 };
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

/* ring-page-order (top level, for every queue): 0 if absent, -1 if bad. */
static long long read_ring_order(struct qd *q, struct qd_dev *d)
{
    long long order = xs_get_uint(q, d->fe, "ring-page-order", BLKREQ_MAX_RING_ORDER);
    char *o;

    if (order >= 0)
        return order;
    o = xs_get(q, d->fe, "ring-page-order");
    free(o);
    return o ? -1 : 0;          /* present but out of range, or absent */
}

/* Ring references in @dir: ring-ref, or ring-ref0..N-1 for 2^order pages. */
static int read_ring_refs(struct qd *q, const char *dir, unsigned order,
                          hcall_gref_t *refs)
{
    char node[32];

    for (unsigned i = 0; i < 1u << order; i++) {
        long long ref;

        if (order == 0)
            snprintf(node, sizeof(node), "ring-ref");
        else
            snprintf(node, sizeof(node), "ring-ref%u", i);
        ref = xs_get_uint(q, dir, node, UINT32_MAX);
        if (ref < 0)
            return -1;
        refs[i] = (hcall_gref_t)ref;
    }
    return 0;
}

static int check_protocol(struct qd *q, struct qd_dev *d)
{
    char *p = xs_get(q, d->fe, "protocol");
    int ok = !p || !strcmp(p, "x86_64-abi");

    free(p);
    return ok ? 0 : -1;
}

static int fill_geometry(struct qd *q, struct qd_dev *d, hcall_xs_tx_t tx, int arg)
{
    int rc;

    (void)arg;
    rc = xs_put(q, tx, d->be, "sectors", "%" PRIu64, d->geom.sectors);
    rc |= xs_put(q, tx, d->be, "info", "%u", d->info);
    rc |= xs_put(q, tx, d->be, "sector-size", "%u", d->geom.sector_size);
    rc |= xs_put(q, tx, d->be, "physical-sector-size", "%u", d->phys_sector_size);
    rc |= xs_put(q, tx, d->be, "state", "%d", XenbusStateConnected);
    return rc;
}

/* The geometry and Connected; -1 if not written (directory gone too). */
static int publish_geometry(struct qd *q, struct qd_dev *d)
{
    int rc = dev_write(q, d, fill_geometry, 0);

    if (rc > 0)
        errno = ENOENT;
    if (rc)
        return -1;
    d->state = XenbusStateConnected;
    return 0;
}

/*
 * Online resize: re-reads the store's size; on a change a connected
 * frontend gets the new "sectors" and "state" 4 again in one transaction,
 * as Linux's blkback does, and blkfront updates its capacity.
 */
static void check_size(struct qd *q, struct qd_dev *d)
{
    unsigned lss, pss;
    uint64_t bytes, sectors;

    if (d->fd_buf < 0 || d->dying || store_size(d, &bytes, &lss, &pss) < 0)
        return;
    sectors = blkreq_sectors(bytes, d->geom.sector_size);
    if (sectors == d->geom.sectors)
        return;
    qd_log("dom%u/%u: resized, %" PRIu64 " -> %" PRIu64 " sectors", d->domid,
           d->devid, d->geom.sectors, sectors);
    d->geom.sectors = sectors;
    if (d->connected && d->state == XenbusStateConnected &&
        publish_geometry(q, d) < 0)
        qd_log("dom%u/%u: cannot publish the new size: %m", d->domid, d->devid);
}

/* @all: every device (SIGHUP); else those whose rings were busy since. */
void qd_check_sizes(struct qd *q, int all)
{
    for (struct qd_dev *d = q->devs; d; d = d->next) {
        if (all || d->active)
            check_size(q, d);
        d->active = 0;
    }
}

/* Some device is connected (its size is then watched while busy). */
int qd_any_connected(struct qd *q)
{
    for (struct qd_dev *d = q->devs; d; d = d->next)
        if (d->connected)
            return 1;
    return 0;
}

/* One queue: its ring (in @dir) mapped, its event channel bound. */
static int connect_queue(struct qd *q, struct qd_queue *rq, const char *dir,
                         unsigned order)
{
    struct qd_dev *d = rq->dev;
    hcall_gref_t refs[1u << BLKREQ_MAX_RING_ORDER];
    unsigned pages = 1u << order;
    long long evtchn = xs_get_uint(q, dir, "event-channel", UINT32_MAX);

    if (read_ring_refs(q, dir, order, refs) < 0 || evtchn < 0) {
        qd_dev_fail(q, d, "queue %u: bad ring-ref or event-channel", rq->idx);
        return -1;
    }
    rq->ring_addr = hcall_gntdev_map(q->gnt, (uint16_t)d->domid, refs, pages, 1);
    if (!rq->ring_addr) {
        qd_dev_fail(q, d, "queue %u: cannot map the ring (%u pages): %m",
                    rq->idx, pages);
        return -1;
    }
    rq->ring_pages = pages;
    rq->tick_req_prod = rq->tick_rsp_prod = rq->tick_rsp_event = 0;
    BACK_RING_INIT(&rq->ring, (blkif_sring_t *)rq->ring_addr,
                   (size_t)pages * BLKREQ_PAGE_SIZE);
    rq->port = hcall_evtchn_bind_interdomain(q->ev, d->domid, (uint32_t)evtchn);
    if (rq->port < 0) {
        qd_dev_fail(q, d, "queue %u: cannot bind event channel %lld: %m",
                    rq->idx, evtchn);
        return -1;
    }
    return 0;
}

/*
 * Frontend Initialised: map each queue's ring, bind its port, go
 * Connected. One queue: its nodes at the top; more: in queue-N/.
 */
static void dev_connect(struct qd *q, struct qd_dev *d)
{
    char *nqs = xs_get(q, d->fe, "multi-queue-num-queues"), dir[160];
    long nq = blkreq_queue_count(nqs, q->max_queues);
    long long order = read_ring_order(q, d);

    free(nqs);
    if (nq < 0)
        return qd_dev_fail(q, d, "bad multi-queue-num-queues (%u offered)",
                           q->max_queues);
    if (order < 0)
        return qd_dev_fail(q, d, "bad ring-page-order");
    if (check_protocol(q, d) < 0)
        return qd_dev_fail(q, d, "unsupported protocol");
    d->nqueues = (unsigned)nq;
    for (unsigned i = 0; i < d->nqueues; i++) {
        if (nq == 1)
            snprintf(dir, sizeof(dir), "%s", d->fe);
        else
            snprintf(dir, sizeof(dir), "%s/queue-%u", d->fe, i);
        if (connect_queue(q, &d->queues[i], dir, (unsigned)order) < 0)
            return;
    }
    d->persistent = xs_get_uint(q, d->fe, "feature-persistent", 1) == 1;
    d->connected = 1;
    if (publish_geometry(q, d) < 0)
        return qd_dev_fail(q, d, "cannot publish the geometry: %m");
    qd_log("dom%u/%u: connected, %u ring page(s), %u slots, port %d, %u queue(s)%s",
           d->domid, d->devid, 1u << order, RING_SIZE(&d->queues[0].ring),
           d->queues[0].port, d->nqueues,
           d->persistent ? ", persistent grants" : "");
    for (unsigned i = 0; i < d->nqueues; i++)
        qd_ring_kick(q, &d->queues[i]);
}

/* Follows the frontend's state. */
static void dev_update(struct qd *q, struct qd_dev *d)
{
    long long fs = d->fe ? xs_get_uint(q, d->fe, "state", 8) : -1;

    switch (fs) {
    case XenbusStateInitialising:
    case XenbusStateInitWait:
        /* A frontend that starts over gets a fresh chance. */
        if (d->fd_buf >= 0 && !dev_mapped(d) && !d->connected &&
            (d->state == XenbusStateClosed || d->state == XenbusStateClosing)) {
            d->failed = 0;
            advertise(q, d);
        }
        break;
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (d->state == XenbusStateInitWait && !d->failed && !dev_mapped(d))
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
