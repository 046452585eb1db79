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
#include <sys/uio.h>

#include <hcall.h>
#include <public/io/blkif.h>
#include <public/io/xenbus.h>

#include "backend.h"
#include "blkif_req.h"

#define QD_WORKERS 4
/* Grants kept mapped per device, as Linux's blkback (max_persistent_grants). */
#define QD_MAX_PGRANTS 1056
/* multi-queue-max-queues: at most this many, and no more than the CPUs. */
#define QD_MAX_QUEUES 4
/* How often the rings and the engine are checked for work an event missed. */
#define QD_RESCUE_MS 1000

struct qd_dev;
struct qd_queue;

/* One request between the ring and the I/O engine. */
struct qd_req {
    struct qd_req *next;
    struct qd_dev *dev;
    struct qd_queue *queue;     /* whose ring gets the response */
    int status;                 /* BLKIF_RSP_* once done */
    /*
     * Data in local memory: iov[] over the frontend's pages mapped
     * persistently (buf NULL), or over a bounce buffer (grant copy).
     */
    uint8_t *buf;
    void **tmp_maps;            /* grants mapped for this request only */
    unsigned ntmp;
    uint32_t *held;             /* persistent grants it uses (qd_pgrants_put) */
    unsigned nheld;
    unsigned niov;
    struct iovec *iov_all;      /* allocated array */
    struct iovec *iov;          /* first one not done: partial transfers */
    uint64_t done;              /* data bytes transferred so far */
    int fd;                     /* fd the data goes through */
    int stage;                  /* io_uring: QD_STAGE_* */
    struct blkreq r;
};

enum { QD_STAGE_DATA, QD_STAGE_FLUSH };

struct qd_dev {
    struct qd_dev *next;
    unsigned domid, devid;
    char be[96];                /* backend directory */
    char *fe;                   /* frontend directory (from "frontend") */
    unsigned seen;              /* scan generation that listed it */
    int state;                  /* our XenbusState */
    int fd, fd_buf;             /* backing store: O_DIRECT (or -1), buffered */
    int mem_store;              /* on tmpfs: writes are memory copies */
    struct blkreq_geom geom;
    unsigned phys_sector_size;
    unsigned info;              /* VDISK_* for the "info" node */
    /* Connected: nqueues rings, each with its own event channel. */
    int connected;
    unsigned nqueues;
    struct qd_queue {
        struct qd_dev *dev;
        unsigned idx;
        void *ring_addr;
        unsigned ring_pages;
        blkif_back_ring_t ring;
        int port;               /* local event channel, -1 */
        int need_push;
        unsigned inflight;      /* requests of this ring with the engine */
        struct qd_req *held;    /* barrier waiting for the ring to drain */
        int after_barrier;      /* consume nothing until inflight == 0 */
        /* The shared indexes at the last rescue tick (qd_ring_rescue). */
        uint32_t tick_req_prod, tick_rsp_prod, tick_rsp_event;
        unsigned rescued;       /* notifications found missing, both ways */
    } queues[QD_MAX_QUEUES];
    int persistent;             /* both sides offer feature-persistent */
    /*
     * Persistent grants, sorted by gref: users = requests using the page
     * now (never evicted then), last_used = pg_clock at the last use.
     */
    struct qd_pgrant {
        uint32_t gref;
        unsigned users;
        uint64_t last_used;
        void *addr;
    } *pg;
    unsigned npg, pg_cap;
    uint64_t pg_clock;
    unsigned long pg_evicted;   /* least recently used ones unmapped */
    /* Requests of every queue handed to the engine and not yet answered. */
    unsigned inflight;
    int active;                 /* took requests since the last size check */
    int failed;                 /* misbehaved: closed until it restarts */
    int dying;                  /* backend dir gone: free when idle */
};

struct qd;

/* How requests are executed: io_uring, or the thread pool as a fallback. */
struct qd_engine {
    const char *name;
    int (*start)(struct qd *q);
    void (*stop)(struct qd *q);
    void (*submit)(struct qd *q, struct qd_req *req);
    /* Main thread, on done_fd: move finished requests to the done list. */
    void (*reap)(struct qd *q);
    /*
     * Main thread, every QD_RESCUE_MS (optional): submits what sat queued
     * and returns how many completions waited a whole period unreaped
     * (their done_fd signal went missing); the caller then reaps.
     */
    unsigned (*rescue)(struct qd *q);
};

struct qd {
    struct hcall_xs *xs;
    struct hcall_evtchn *ev;
    struct hcall_gntdev *gnt;
    char root[64];              /* /local/domain/<self>/backend/qdisk */
    struct qd_dev *devs;
    unsigned scan_gen;
    int rescan;                 /* scan again once a dying device is freed */
    const struct qd_engine *engine;
    pthread_mutex_t pg_lock;    /* every device's persistent grants */
    int no_uring;               /* -t: the thread pool even if io_uring works */
    unsigned max_queues;        /* multi-queue-max-queues we offer */
    /* Worker pool: todo and done lists under one lock. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct qd_req *todo, *todo_tail, *done, *done_tail;
    int done_fd;                /* eventfd: completions waiting */
    int stop;
    pthread_t workers[QD_WORKERS];
    /* io_uring engine (uring.c). */
    void *uring;
    unsigned uring_pending;     /* SQEs submitted, CQE not yet reaped */
    unsigned uring_tick_tail;   /* CQ tail at the last rescue tick */
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
void qd_check_sizes(struct qd *q, int all);
int qd_any_connected(struct qd *q);

/* ring.c: consuming requests, producing responses (one queue's ring) */
void qd_ring_kick(struct qd *q, struct qd_queue *rq);
void qd_ring_complete(struct qd *q, struct qd_req *req);
void qd_ring_push(struct qd *q, struct qd_queue *rq);
void qd_ring_rescue(struct qd *q, struct qd_queue *rq);

/* io.c: the engine-independent part of executing a request */
int qd_io_start(struct qd *q);
void qd_io_stop(struct qd *q);
void qd_io_submit(struct qd *q, struct qd_req *req);
struct qd_req *qd_io_take_done(struct qd *q);
int qd_req_prepare(struct qd *q, struct qd_req *req);
int qd_req_finish(struct qd *q, struct qd_req *req, int status);
void qd_req_release(struct qd *q, struct qd_req *req);
int qd_req_advance(struct qd_req *req, size_t n);
void qd_io_done(struct qd *q, struct qd_req *req, int wake);
int qd_req_execute_sync(struct qd *q, struct qd_req *req);
int qd_req_rw_sync(struct qd_req *req);

/* grants.c: persistent grants */
void *qd_pgrant_get(struct qd *q, struct qd_dev *d, uint32_t gref, int *tmp);
void qd_pgrants_put(struct qd *q, struct qd_dev *d, const uint32_t *grefs,
                    unsigned n);
void qd_pgrants_release(struct qd *q, struct qd_dev *d);

/* pool.c, uring.c */
extern const struct qd_engine qd_engine_pool, qd_engine_uring;

#endif /* QDISK_H */
