/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pieces every user-space PV backend daemon (qdisk, qnic) shares (the log
 * itself is dom0-tools/common's, with every dom0 daemon's): checked xenstore reads and writes, walking the backend tree
 * of one kind, and the sanity check of a frontend's ring indexes.
 */
#ifndef BACKEND_COMMON_H
#define BACKEND_COMMON_H

#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include <hcall.h>

#include "dom0_daemon.h"

/* dom0_vlog() (dom0-tools/common) under the name be_daemon_start() was given. */
void be_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What the common command line sets. */
struct be_daemon {
    int verbose;                /* -v */
    int threads_only;           /* -t: no io_uring (qdisk's thread pool) */
    volatile sig_atomic_t hangup;   /* set by SIGHUP; the daemon clears it */
    const char *pidfile;        /* -p, removed by be_daemon_end() */
    char root[64];              /* /local/domain/<-d>/backend/<kind> */
};
/*
 * Parses [-D] [-t] [-v] [-l LOGFILE] [-p PIDFILE] [-d BACKEND-DOMID], opens
 * the log, daemonizes, writes the pid file; SIGTERM/SIGINT set *stopping,
 * SIGHUP sets d->hangup.
 * 0, or the exit status to return.
 */
int be_daemon_start(int argc, char **argv, const char *kind,
                    struct be_daemon *d, volatile sig_atomic_t *stopping);
/* The backend watch is set: logs "serving ROOT", tells systemd READY=1. */
void be_daemon_ready(const char *root);
void be_daemon_end(const struct be_daemon *d);
/* xenstore, event channels (non-blocking), gntdev. 0, or -1 (logged). */
int be_open_handles(struct hcall_xs **xs, struct hcall_evtchn **ev,
                    struct hcall_gntdev **gnt);
/* Polls dir/state every 10 ms for up to tenths/10 s; the last value. */
long be_xs_wait_state(struct hcall_xs *xs, const char *dir, long want,
                      unsigned tenths);

/* dir/node as a malloc'd string, NULL if absent. */
char *be_xs_get(struct hcall_xs *xs, const char *dir, const char *node);
/* An unsigned decimal no larger than max; -1 if absent or not one. */
long long be_xs_get_uint(struct hcall_xs *xs, const char *dir,
                         const char *node, unsigned long long max);
/* Writes the formatted value (up to 63 characters) to dir/node. */
int be_xs_vput(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
               const char *node, const char *fmt, va_list ap);
int be_xs_put(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
              const char *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/*
 * Every write into a device's backend directory goes through here: @fill
 * writes its nodes in transaction @tx, but only after @dir was read in that
 * same transaction and found. The toolstack removes the directory on detach
 * and destroy, and a plain write would create it again (the store makes
 * missing parents), leaving a stray node behind; a removal between the
 * check and the writes makes the commit fail with EAGAIN and the retry
 * finds the directory gone. @fill returns 0, or non-zero to abort.
 * 0 written, 1 the directory is gone (nothing written), -1 error (errno).
 */
int be_dir_write(struct hcall_xs *xs, const char *dir,
                 int (*fill)(void *arg, hcall_xs_tx_t tx), void *arg);
/* dir/state = @state through be_dir_write(): 0, 1 gone, -1 error. */
int be_dir_put_state(struct hcall_xs *xs, const char *dir, int state);
/* A directory entry as a number no larger than max; -1 if not one. */
long be_entry_num(const char *s, unsigned long max);

/*
 * Calls visit(ctx, domid, devid) for every <root>/<domid>/<devid> entry
 * whose names are numbers. -1 if root itself cannot be listed.
 */
int be_scan_tree(struct hcall_xs *xs, const char *root,
                 void (*visit)(void *ctx, unsigned domid, unsigned devid),
                 void *ctx);

/*
 * Ring index check before consuming: the frontend's req_prod may run at
 * most the ring size ahead of the responses produced. 0 and *avail = the
 * requests to take if sane; -1 if hostile.
 */
int be_ring_avail(uint32_t req_prod, uint32_t req_cons, uint32_t rsp_prod_pvt,
                  uint32_t size, uint32_t *avail);

#endif /* BACKEND_COMMON_H */
