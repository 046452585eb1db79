/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic: the user-space PV net backend daemon (docs/netback.md). One
 * thread serves every vif under /local/domain/<self>/backend/qnic: it
 * owns xenstore, the event channels, the rings and one tap queue per ring
 * pair, all driven from a single poll loop.
 */
#ifndef QNIC_H
#define QNIC_H

#include <net/if.h>
#include <stdint.h>

#include <hcall.h>
#include <public/io/netif.h>
#include <public/io/xenbus.h>

#include "backend.h"
#include "netif_req.h"

#define QN_MAX_QUEUES 4
/* tx packets grant-copied with one ioctl. */
#define QN_TX_BATCH   16
#define QN_VNET_HLEN  ((unsigned)sizeof(struct virtio_net_hdr))
#define QN_BUF_SIZE   (QN_VNET_HLEN + NETREQ_MAX_FRAME)
/* rx frames read from the tap before one batched grant copy (rx.c). */
#define QN_RX_AREA    (3 * QN_BUF_SIZE)

struct qn_vif;

/* One ring pair, its event channel(s) and its tap queue. */
struct qn_queue {
    struct qn_vif *vif;
    unsigned idx;
    int tap;                    /* tap queue fd, -1 */
    void *tx_addr, *rx_addr;    /* mapped ring pages */
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    int port_tx, port_rx;       /* equal without split event channels */
    struct netrate rate;
    uint64_t tx_resume_us;      /* rate-limited until then, 0 */
    int rx_stalled;             /* no rx requests: the tap is not read */
    uint8_t *rx_buf;            /* QN_RX_AREA: frames behind vnet headers */
    uint32_t rx_pending;        /* bytes of a frame read but not placed,
                                   at the start of rx_buf */
    uint8_t *tx_buf;            /* QN_TX_BATCH frames behind vnet headers */
    unsigned long tx_pkts, rx_pkts, tx_dropped, rx_dropped;
    /* Work counters, logged when the queue is released (docs/netback.md). */
    unsigned long tx_kicks, tx_copies, tx_notifies;
    unsigned long rx_kicks, rx_reads, rx_copies, rx_notifies;
};

struct qn_vif {
    struct qn_vif *next;
    unsigned domid, devid;
    char be[96];                /* backend directory */
    char *fe;                   /* frontend directory */
    unsigned seen;              /* scan generation that listed it */
    int state;                  /* our XenbusState */
    char ifname[IFNAMSIZ];
    unsigned mtu;
    uint64_t rate_bytes, rate_usec;
    struct netrx_caps caps;     /* what the frontend takes on rx */
    int rx_notify;              /* frontend sends rx-notify events */
    unsigned nr_queues;         /* connected queues */
    struct qn_queue q[QN_MAX_QUEUES];
    int connected, failed;
};

struct qn {
    struct hcall_xs *xs;
    struct hcall_evtchn *ev;
    struct hcall_gntdev *gnt;
    int sock;                   /* for interface ioctls */
    char root[64];              /* /local/domain/<self>/backend/qnic */
    struct qn_vif *vifs;
    unsigned scan_gen;
};

/* main.c */
void qn_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int qn_verbose;
uint64_t qn_now_us(void);

/* device.c: xenstore state machine */
void qn_scan(struct qn *q);
void qn_vif_fail(struct qn *q, struct qn_vif *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void qn_shutdown(struct qn *q);

/* tap.c: the vif's tap interface */
int qn_tap_create(struct qn *q, struct qn_vif *v, const char *bridge);
int qn_tap_open_queue(struct qn_vif *v, unsigned idx);
int qn_tap_offload(struct qn_vif *v);
void qn_tap_carrier(struct qn *q, struct qn_vif *v, int on);
void qn_tap_close(struct qn_vif *v);

/* tx.c / rx.c: the data path */
void qn_tx_kick(struct qn *q, struct qn_queue *qu);
void qn_rx_kick(struct qn *q, struct qn_queue *qu);

#endif /* QNIC_H */
