/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled: relays each domain's PV console ring (start_info console,
 * grant ref 0 / the ring MFN, its event channel) to a log file under
 * /var/log/xen/console/, to `xl console` clients on a Unix socket, and to
 * a pty whose path is the domain's console/tty (Xen's convention, for
 * `xenconsole`, `virsh console`, screen or minicom).
 */
#ifndef XENCONSOLED_H
#define XENCONSOLED_H

#include <stdbool.h>
#include <stdint.h>

#include <hcall.h>
#include <public/io/console.h>

#define XC_SOCKET   "/run/xenconsoled/socket"
#define XC_LOG_DIR  "/var/log/xen/console"
#define XC_HISTORY  65536               /* replayed to a new client */
#define XC_MAX_CLIENTS 8

struct xc_dom {
    uint32_t domid;
    struct xencons_interface *ring;
    bool ring_is_grant;                 /* gntdev, else privcmd mapping */
    int local_port;
    int log_fd;
    char log_path[160];                 /* reopened by xc_reopen_logs() */
    int pty_master;                     /* -1: no pty */
    int pty_slave;                      /* held open so the master never
                                           reads EIO with nobody attached */
    char pty_name[64];                  /* the slave's path, as in console/tty */
    char history[XC_HISTORY];
    uint64_t history_len;               /* total bytes ever seen */
    int clients[XC_MAX_CLIENTS];        /* -1: free */
    struct xc_dom *next;
};

struct xc_state {
    struct hcall_evtchn *evtchn;
    struct hcall_gntdev *gntdev;        /* may be NULL */
    struct hcall_privcmd *privcmd;      /* may be NULL */
    struct hcall_xs *xs;
    struct xc_dom *doms;
    bool verbose;
};

/* console.c */
void xc_scan(struct xc_state *s);       /* connect new, drop dead domains */
struct xc_dom *xc_find(struct xc_state *s, uint32_t domid);
struct xc_dom *xc_find_port(struct xc_state *s, int port);
void xc_drain(struct xc_state *s, struct xc_dom *d);
void xc_input(struct xc_state *s, struct xc_dom *d, const char *buf, int n);
void xc_add_client(struct xc_dom *d, int fd);
/* After SIGHUP: every guest's console log reopened (logrotate renamed it). */
void xc_reopen_logs(struct xc_state *s);
/* pty.c: the console's pty, its path in the store as console/tty. */
void xc_pty_open(struct xc_state *s, struct xc_dom *d);
void xc_pty_close(struct xc_state *s, struct xc_dom *d);
/* A watch fired on console/tty: put the pty's path back if it was changed. */
void xc_pty_check(struct xc_state *s, const char *path);
void xc_pty_write(struct xc_dom *d, const char *buf, size_t n);
void xc_pty_read(struct xc_state *s, struct xc_dom *d);
void xc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* XENCONSOLED_H */
