/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic receive path (tap to guest): a frame is read from the tap queue
 * with its virtio-net header, placed only once the frontend has posted
 * enough rx requests (one page each; the GSO extra takes one more), copied
 * into those grants with one gntdev ioctl and answered in the slots of the
 * requests. Without requests the tap is not read (the kernel queues, then
 * drops) until the frontend's rx event.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "qnic.h"

#define RX_BUDGET 64            /* frames per kick before the loop goes on */

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

/* Copies the pending frame into m->slots posted requests. -1: disabled. */
static int place(struct qn *q, struct qn_queue *qu, const struct netrx_meta *m,
                 uint32_t len)
{
    struct hcall_gnt_copy_seg segs[NETREQ_MAX_FRAME / NETREQ_PAGE_SIZE + 1];
    netif_rx_request_t reqs[NETREQ_MAX_FRAME / NETREQ_PAGE_SIZE + 2];
    unsigned nd = 0, extra = m->gso_type ? 1 : 0;
    RING_IDX base = qu->rx.req_cons;
    uint32_t off = 0;

    for (unsigned s = 0; s < m->slots; s++)
        RING_COPY_REQUEST(&qu->rx, base + s, &reqs[s]);
    for (unsigned s = 0; s < m->slots; s++) {
        if (extra && s == 1)
            continue;
        memset(&segs[nd], 0, sizeof(segs[nd]));
        segs[nd].src.virt = qu->rx_buf + QN_VNET_HLEN + off;
        segs[nd].dst = (struct hcall_gnt_copy_side){
            .is_gref = 1, .domid = (uint16_t)qu->vif->domid,
            .ref = reqs[s].gref };
        segs[nd].len = (uint16_t)(len - off < NETREQ_PAGE_SIZE ?
                                  len - off : NETREQ_PAGE_SIZE);
        off += segs[nd++].len;
    }
    qu->rx_copies++;
    if (hcall_gntdev_copy(q->gnt, segs, nd) < 0) {
        qn_vif_fail(q, qu->vif, "rx grant copy: %m");
        return -1;
    }
    for (unsigned i = 0; i < nd; i++)
        if (segs[i].status != 0) {
            qn_vif_fail(q, qu->vif, "rx grant copy to gref %u: status %d",
                        segs[i].dst.ref, segs[i].status);
            return -1;
        }
    for (unsigned s = 0, d = 0; s < m->slots; s++) {
        uint16_t flags = 0;

        if (extra && s == 1) {
            put_gso(qu, base + s, m);
            continue;
        }
        if (s == 0)
            flags = m->flags | (extra ? NETRXF_extra_info : 0);
        if (d + 1 < nd)
            flags |= NETRXF_more_data;
        put_data(qu, base + s, reqs[s].id, flags, segs[d++].len);
    }
    qu->rx.req_cons += m->slots;
    qu->rx.rsp_prod_pvt += m->slots;
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

/* Moves frames from the tap while the frontend has room. */
void qn_rx_kick(struct qn *q, struct qn_queue *qu)
{
    struct qn_vif *v = qu->vif;
    struct netrx_meta m;

    if (!v->connected || !qu->rx_addr)
        return;
    qu->rx_stalled = 0;
    qu->rx_kicks++;
    for (unsigned n = 0; n < RX_BUDGET; n++) {
        uint32_t len;
        int rc;

        if (!qu->rx_pending) {
            ssize_t got = read(qu->tap, qu->rx_buf, QN_BUF_SIZE);

            qu->rx_reads++;
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                break;
            if (got < 0) {
                qn_vif_fail(q, v, "tap read: %m");
                return;
            }
            qu->rx_pending = (uint32_t)got;
        }
        len = qu->rx_pending > QN_VNET_HLEN ? qu->rx_pending - QN_VNET_HLEN : 0;
        if (netrx_meta((struct virtio_net_hdr *)qu->rx_buf, len, &v->caps, &m) < 0) {
            qu->rx_dropped++;
            qu->rx_pending = 0;
            continue;
        }
        rc = have_slots(q, qu, m.slots);
        if (rc < 0)
            return;
        if (rc == 0) {
            qu->rx_stalled = 1;
            break;
        }
        if (place(q, qu, &m, len) < 0)
            return;
        qu->rx_pending = 0;
        qu->rx_pkts++;
    }
    push(q, qu);
}
