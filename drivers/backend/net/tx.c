/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic transmit path (guest to tap): request chains are copied out of the
 * shared ring and validated (netif_req.c) before anything else, up to
 * QN_TX_BATCH packets are grant-copied with one gntdev ioctl into private
 * buffers behind a virtio-net header, written to the tap queue and
 * answered. A hostile chain or a grant fault disables the vif.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "qnic.h"

struct tx_batch {
    unsigned n, nsegs;
    struct nettx_pkt pkt[QN_TX_BATCH];
    struct hcall_gnt_copy_seg segs[QN_TX_BATCH * NETREQ_FATAL_SLOTS];
    unsigned first_seg[QN_TX_BATCH];
};

static void respond(struct qn_queue *qu, const struct nettx_pkt *p, int16_t status)
{
    for (unsigned i = 0; i < p->nr_slots; i++) {
        netif_tx_response_t *rsp = RING_GET_RESPONSE(&qu->tx, qu->tx.rsp_prod_pvt);

        rsp->id = p->ids[i];
        rsp->status = p->extra[i] ? XEN_NETIF_RSP_NULL : status;
        qu->tx.rsp_prod_pvt++;
    }
}

static uint8_t *frame_buf(struct qn_queue *qu, unsigned i)
{
    return qu->tx_buf + (size_t)i * QN_BUF_SIZE;
}

/* Queues the grant copies of b->pkt[b->n]. */
static void add_copies(struct qn_queue *qu, struct tx_batch *b)
{
    struct nettx_pkt *p = &b->pkt[b->n];
    uint8_t *dst = frame_buf(qu, b->n) + QN_VNET_HLEN;

    b->first_seg[b->n] = b->nsegs;
    for (unsigned i = 0; i < p->nr_segs; i++) {
        struct hcall_gnt_copy_seg *s = &b->segs[b->nsegs];

        if (!p->segs[i].len)
            continue;
        memset(s, 0, sizeof(*s));
        s->src = (struct hcall_gnt_copy_side){
            .is_gref = 1, .domid = (uint16_t)qu->vif->domid,
            .ref = p->segs[i].gref, .offset = p->segs[i].offset };
        s->dst.virt = dst;
        s->len = p->segs[i].len;
        dst += p->segs[i].len;
        b->nsegs++;
    }
    b->n++;
}

/* Copies, writes and answers the batch. -1 if the vif was disabled. */
static int flush(struct qn *q, struct qn_queue *qu, struct tx_batch *b)
{
    struct qn_vif *v = qu->vif;

    if (b->nsegs) {
        qu->tx_copies++;
        if (hcall_gntdev_copy(q->gnt, b->segs, b->nsegs) < 0) {
            qn_vif_fail(q, v, "tx grant copy: %m");
            return -1;
        }
    }
    for (unsigned i = 0; i < b->nsegs; i++)
        if (b->segs[i].status != 0) {
            qn_vif_fail(q, v, "tx grant copy of gref %u: status %d",
                        b->segs[i].src.ref, b->segs[i].status);
            return -1;
        }
    for (unsigned i = 0; i < b->n; i++) {
        struct nettx_pkt *p = &b->pkt[i];
        uint8_t *buf = frame_buf(qu, i);

        if (nettx_vnet_hdr(p, buf + QN_VNET_HLEN, (struct virtio_net_hdr *)buf) < 0 ||
            write(qu->tap, buf, QN_VNET_HLEN + p->len) < 0) {
            if (qn_verbose)
                qn_log("dom%u/%u: tx packet of %u bytes dropped: %m",
                       v->domid, v->devid, p->len);
            qu->tx_dropped++;
        } else {
            qu->tx_pkts++;
        }
        respond(qu, p, XEN_NETIF_RSP_OKAY);
    }
    b->n = b->nsegs = 0;
    return 0;
}

/*
 * Parses the next chain into b->pkt[b->n]. 1 to go on, 0 to stop
 * (incomplete chain, rate limit), -1 if the vif was disabled.
 */
static int take_one(struct qn *q, struct qn_queue *qu, struct tx_batch *b,
                    uint32_t avail)
{
    netif_tx_request_t slots[NETREQ_MAX_CHAIN];
    unsigned n = avail < NETREQ_MAX_CHAIN ? avail : NETREQ_MAX_CHAIN;
    struct nettx_pkt *p = &b->pkt[b->n];
    enum netreq_verdict vd;
    uint64_t now, wait;

    for (unsigned i = 0; i < n; i++)
        RING_COPY_REQUEST(&qu->tx, qu->tx.req_cons + i, &slots[i]);
    vd = nettx_parse(slots, n, p);
    if (vd == NETREQ_INCOMPLETE)
        return 0;
    if (vd == NETREQ_FATAL) {
        qn_vif_fail(q, qu->vif, "tx: %s", p->why);
        return -1;
    }
    now = qn_now_us();
    wait = netrate_take(&qu->rate, now, p->len);
    if (wait) {
        qu->tx_resume_us = now + wait;
        return 0;
    }
    qu->tx.req_cons += p->nr_slots;
    if (vd == NETREQ_DROP) {
        if (qn_verbose)
            qn_log("dom%u/%u: tx packet dropped: %s", qu->vif->domid,
                   qu->vif->devid, p->why);
        qu->tx_dropped++;
        respond(qu, p, XEN_NETIF_RSP_ERROR);
        return 1;
    }
    add_copies(qu, b);
    return 1;
}

static void push(struct qn *q, struct qn_queue *qu)
{
    int notify;

    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&qu->tx, notify);
    qu->tx_notifies += (unsigned)notify;
    if (notify && hcall_evtchn_notify(q->ev, qu->port_tx) < 0)
        qn_log("dom%u/%u: notify: %m", qu->vif->domid, qu->vif->devid);
}

/* Consumes what the frontend queued. On its tx event and the rate timer. */
void qn_tx_kick(struct qn *q, struct qn_queue *qu)
{
    static struct tx_batch b;
    int rc = 1;

    if (!qu->vif->connected || !qu->tx_addr)
        return;
    if (qu->tx_resume_us) {
        if (qn_now_us() < qu->tx_resume_us)
            return;
        qu->tx_resume_us = 0;
    }
    qu->tx_kicks++;
    b.n = b.nsegs = 0;
    for (;;) {
        uint32_t prod = qu->tx.sring->req_prod, avail;

        xen_rmb();              /* requests are read after the index */
        if (be_ring_avail(prod, qu->tx.req_cons, qu->tx.rsp_prod_pvt,
                          RING_SIZE(&qu->tx), &avail) < 0) {
            qn_vif_fail(q, qu->vif, "tx req_prod %u runs ahead (req_cons %u)",
                        prod, qu->tx.req_cons);
            return;
        }
        while (avail && (rc = take_one(q, qu, &b, avail)) > 0) {
            avail = prod - qu->tx.req_cons;
            if (b.n == QN_TX_BATCH && flush(q, qu, &b) < 0)
                return;
        }
        if (rc < 0 || flush(q, qu, &b) < 0)
            return;
        push(q, qu);
        if (qu->tx_resume_us)
            return;             /* the rate timer calls again */
        /* An event once anything past prod comes (the rest of a chain too). */
        qu->tx.sring->req_event = prod + 1;
        xen_mb();
        if (qu->tx.sring->req_prod == prod)
            return;
    }
}
