/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic receive path (tap to guest): frames are read from the tap queue
 * with their virtio-net headers, each placed only once the frontend has
 * posted enough rx requests (one page each; the GSO extra takes one more);
 * every frame read in one kick (up to RX_BATCH) goes into its grants with
 * one gntdev ioctl, answered in the slots of its requests, and the
 * frontend is notified once. Without requests the tap is not read (the
 * kernel queues, then drops) until the frontend's rx event.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "qnic.h"

#define RX_BUDGET 64            /* frames per kick before the loop goes on */
#define RX_BATCH  32            /* frames per grant copy */
#define RX_FRAME_SEGS (NETREQ_MAX_FRAME / NETREQ_PAGE_SIZE + 1)

/* Frames read from the tap, their requests taken, copied by one ioctl. */
struct rx_batch {
    unsigned n, nsegs, slots;   /* frames, copy segments, ring slots */
    struct rx_frame {
        struct netrx_meta m;
        unsigned seg, nd;       /* its data segments: segs[seg..seg+nd) */
    } f[RX_BATCH];
    netif_rx_request_t reqs[RX_BATCH * (RX_FRAME_SEGS + 1)];
    struct hcall_gnt_copy_seg segs[RX_BATCH * RX_FRAME_SEGS];
};

static void put_data(struct qn_queue *qu, RING_IDX i, uint16_t id, uint16_t flags,
                     uint32_t len)
{
    netif_rx_response_t *rsp = RING_GET_RESPONSE(&qu->rx, i);

    rsp->id = id;
    rsp->offset = 0;
    rsp->flags = flags;
    rsp->status = (int16_t)len;
}

static void put_gso(struct qn_queue *qu, RING_IDX i, const struct netrx_meta *m)
{
    struct netif_extra_info ex;

    memset(&ex, 0, sizeof(ex));
    ex.type = XEN_NETIF_EXTRA_TYPE_GSO;
    ex.u.gso.type = m->gso_type;
    ex.u.gso.size = m->gso_size;
    memcpy(RING_GET_RESPONSE(&qu->rx, i), &ex, sizeof(ex));
}

/*
 * Adds the frame of @len bytes at @data to the batch: its m->slots
 * requests (after those the batch holds) are copied out of the ring and
 * its copy segments queued, one page per data request.
 */
static void add(struct qn_queue *qu, struct rx_batch *b, const uint8_t *data,
                const struct netrx_meta *m, uint32_t len)
{
    struct rx_frame *f = &b->f[b->n++];
    netif_rx_request_t *reqs = &b->reqs[b->slots];
    unsigned extra = m->gso_type ? 1 : 0;
    uint32_t off = 0;

    for (unsigned s = 0; s < m->slots; s++)
        RING_COPY_REQUEST(&qu->rx, qu->rx.req_cons + b->slots + s, &reqs[s]);
    f->m = *m;
    f->seg = b->nsegs;
    f->nd = 0;
    for (unsigned s = 0; s < m->slots; s++) {
        struct hcall_gnt_copy_seg *sg = &b->segs[b->nsegs];

        if (extra && s == 1)
            continue;
        memset(sg, 0, sizeof(*sg));
        sg->src.virt = (void *)(uintptr_t)(data + off);
        sg->dst = (struct hcall_gnt_copy_side){
            .is_gref = 1, .domid = (uint16_t)qu->vif->domid,
            .ref = reqs[s].gref };
        sg->len = (uint16_t)(len - off < NETREQ_PAGE_SIZE ?
                             len - off : NETREQ_PAGE_SIZE);
        off += sg->len;
        b->nsegs++;
        f->nd++;
    }
    b->slots += m->slots;
}

/* Copies every frame of the batch and answers its requests. -1: disabled. */
static int flush(struct qn *q, struct qn_queue *qu, struct rx_batch *b)
{
    RING_IDX base = qu->rx.req_cons;
    unsigned r = 0;

    if (!b->n)
        return 0;
    qu->rx_copies++;
    if (hcall_gntdev_copy(q->gnt, b->segs, b->nsegs) < 0) {
        qn_vif_fail(q, qu->vif, "rx grant copy: %m");
        return -1;
    }
    for (unsigned i = 0; i < b->nsegs; i++)
        if (b->segs[i].status != 0) {
            qn_vif_fail(q, qu->vif, "rx grant copy to gref %u: status %d",
                        b->segs[i].dst.ref, b->segs[i].status);
            return -1;
        }
    for (unsigned i = 0; i < b->n; i++) {
        const struct rx_frame *f = &b->f[i];
        unsigned extra = f->m.gso_type ? 1 : 0;

        for (unsigned s = 0, d = 0; s < f->m.slots; s++, r++) {
            uint16_t flags = 0;

            if (extra && s == 1) {
                put_gso(qu, base + r, &f->m);
                continue;
            }
            if (s == 0)
                flags = f->m.flags | (extra ? NETRXF_extra_info : 0);
            if (d + 1 < f->nd)
                flags |= NETRXF_more_data;
            put_data(qu, base + r, b->reqs[r].id, flags, b->segs[f->seg + d++].len);
        }
    }
    qu->rx.req_cons += b->slots;
    qu->rx.rsp_prod_pvt += b->slots;
    qu->rx_pkts += b->n;
    b->n = b->nsegs = b->slots = 0;
    return 0;
}

/* Enough posted requests for @need slots? Arms the frontend's event if not. */
static int have_slots(struct qn *q, struct qn_queue *qu, unsigned need)
{
    for (int armed = 0;; armed = 1) {
        uint32_t prod = qu->rx.sring->req_prod, avail;

        xen_rmb();
        if (be_ring_avail(prod, qu->rx.req_cons, qu->rx.rsp_prod_pvt,
                          RING_SIZE(&qu->rx), &avail) < 0) {
            qn_vif_fail(q, qu->vif, "rx req_prod %u runs ahead (req_cons %u)",
                        prod, qu->rx.req_cons);
            return -1;
        }
        if (avail >= need)
            return 1;
        if (armed)
            return 0;
        qu->rx.sring->req_event = prod + 1;
        xen_mb();
    }
}

static void push(struct qn *q, struct qn_queue *qu)
{
    int notify;

    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&qu->rx, notify);
    qu->rx_notifies += (unsigned)notify;
    if (notify && hcall_evtchn_notify(q->ev, qu->port_rx) < 0)
        qn_log("dom%u/%u: notify: %m", qu->vif->domid, qu->vif->devid);
}

/*
 * Moves frames from the tap while the frontend has room. Frames are read
 * one after the other into qu->rx_buf (QN_RX_AREA) and copied in batches;
 * a frame without enough requests stays at the start of the area
 * (rx_pending) until the frontend's rx event.
 */
void qn_rx_kick(struct qn *q, struct qn_queue *qu)
{
    static struct rx_batch b;
    struct qn_vif *v = qu->vif;
    struct netrx_meta m;
    size_t off = 0;

    if (!v->connected || !qu->rx_addr)
        return;
    qu->rx_stalled = 0;
    qu->rx_kicks++;
    b.n = b.nsegs = b.slots = 0;
    for (unsigned n = 0; n < RX_BUDGET; n++) {
        uint8_t *buf;
        uint32_t got, len;
        int rc;

        if (qu->rx_pending) {
            got = qu->rx_pending;       /* at offset 0: off is 0 here */
            qu->rx_pending = 0;
        } else {
            ssize_t r;

            if (QN_RX_AREA - off < QN_BUF_SIZE || b.n == RX_BATCH) {
                if (flush(q, qu, &b) < 0)
                    return;
                off = 0;
            }
            r = read(qu->tap, qu->rx_buf + off, QN_BUF_SIZE);
            qu->rx_reads++;
            if (r < 0 && (errno == EAGAIN || errno == EINTR))
                break;
            if (r < 0) {
                qn_vif_fail(q, v, "tap read: %m");
                return;
            }
            got = (uint32_t)r;
        }
        buf = qu->rx_buf + off;
        len = got > QN_VNET_HLEN ? got - QN_VNET_HLEN : 0;
        if (netrx_meta((struct virtio_net_hdr *)buf, len, &v->caps, &m) < 0) {
            qu->rx_dropped++;
            continue;
        }
        rc = have_slots(q, qu, b.slots + m.slots);
        if (rc < 0)
            return;
        if (rc == 0) {
            /* Kept for the next kick: at the start, once the batch is out. */
            if (flush(q, qu, &b) < 0)
                return;
            if (off)
                memmove(qu->rx_buf, buf, got);
            qu->rx_pending = got;
            qu->rx_stalled = 1;
            break;
        }
        add(qu, &b, buf + QN_VNET_HLEN, &m, len);
        off += (got + 7u) & ~7u;
    }
    if (flush(q, qu, &b) < 0)
        return;
    push(q, qu);
}
