/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk: the user-space PV block backend daemon (docs/blkback.md).
 * One process serves every device under /local/domain/<self>/backend/qdisk:
 * the main thread owns xenstore, the event channels and the rings; a pool
 * of worker threads does grant copies and the backing-store I/O.
 */
#ifndef QDISK_H
#define QDISK_H

#include <pthread.h>
#include <stdint.h>

#include <hcall.h>
#include <public/io/blkif.h>
#include <public/io/xenbus.h>

#include "backend.h"
#include "blkif_req.h"

#define QD_WORKERS 4

struct qd_dev;

/* One request between the ring and a worker. */
struct qd_req {
    struct qd_req *next;
    struct qd_dev *dev;
    int status;                 /* BLKIF_RSP_* once done */
    struct blkreq r;
};

struct qd_dev {
    struct qd_dev *next;
    unsigned domid, devid;
    char be[96];                /* backend directory */
    char *fe;                   /* frontend directory (from "frontend") */
    unsigned seen;              /* scan generation that listed it */
    int state;                  /* our XenbusState */
    int fd, fd_buf;             /* backing store: O_DIRECT (or -1), buffered */
    struct blkreq_geom geom;
    unsigned phys_sector_size;
    unsigned info;              /* VDISK_* for the "info" node */
    /* Connected ring. */
    int connected;
    void *ring_addr;
    unsigned ring_pages;
    blkif_back_ring_t ring;
    int port;                   /* local event channel, -1 */
    int need_push;
    /* Requests handed to the workers and not yet answered. */
    unsigned inflight;
    struct qd_req *held;        /* barrier waiting for the ring to drain */
    int after_barrier;          /* consume nothing until inflight == 0 */
    int failed;                 /* misbehaved: closed until it restarts */
    int dying;                  /* backend dir gone: free when idle */
};

struct qd {
    struct hcall_xs *xs;
    struct hcall_evtchn *ev;
    struct hcall_gntdev *gnt;
    char root[64];              /* /local/domain/<self>/backend/qdisk */
    struct qd_dev *devs;
    unsigned scan_gen;
    int rescan;                 /* scan again once a dying device is freed */
    /* Worker pool: todo and done lists under one lock. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct qd_req *todo, *todo_tail, *done, *done_tail;
    int done_fd;                /* eventfd: completions waiting */
    int stop;
    pthread_t workers[QD_WORKERS];
};

/* main.c */
void qd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int qd_verbose;

/* device.c: xenstore state machine */
void qd_scan(struct qd *q);
void qd_dev_fail(struct qd *q, struct qd_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void qd_dev_idle(struct qd *q, struct qd_dev *d);
void qd_shutdown_devices(struct qd *q);

/* ring.c: consuming requests, producing responses */
void qd_ring_kick(struct qd *q, struct qd_dev *d);
void qd_ring_complete(struct qd *q, struct qd_req *req);
void qd_ring_push(struct qd *q, struct qd_dev *d);

/* io.c: worker pool */
int qd_io_start(struct qd *q);
void qd_io_stop(struct qd *q);
void qd_io_submit(struct qd *q, struct qd_req *req);
struct qd_req *qd_io_take_done(struct qd *q);

#endif /* QDISK_H */
