/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic's receive path (drivers/backend/net/rx.c): frames come from a
 * SOCK_SEQPACKET socket standing in for the tap (one read, one frame, like
 * a tap queue), go to a real rx ring in memory, and gntdev's grant copy is
 * a table of fake guest pages. Checks what the guest sees (data, lengths,
 * flags, the GSO extra, request ids), that frames read in one kick share
 * one grant copy, and that a frame without enough requests waits, in
 * order, for the frontend's next requests.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "harness.h"
#include "qnic.h"

int qn_verbose;
void qn_log(const char *fmt, ...)
{
    (void)fmt;
}

#define NPAGES 256
static uint8_t guest[NPAGES][NETREQ_PAGE_SIZE];     /* gref N is guest[N] */
static unsigned ncopies, nnotify, nfail;

int hcall_gntdev_copy(struct hcall_gntdev *h, struct hcall_gnt_copy_seg *segs,
                      uint32_t count)
{
    (void)h;
    ncopies++;
    for (uint32_t i = 0; i < count; i++) {
        const struct hcall_gnt_copy_side *d = &segs[i].dst;

        if (!d->is_gref || d->ref >= NPAGES || d->offset + segs[i].len > NETREQ_PAGE_SIZE) {
            segs[i].status = -1;
            continue;
        }
        memcpy(guest[d->ref] + d->offset, segs[i].src.virt, segs[i].len);
        segs[i].status = 0;
    }
    return 0;
}

int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port)
{
    (void)h, (void)port;
    nnotify++;
    return 0;
}

void qn_vif_fail(struct qn *q, struct qn_vif *v, const char *fmt, ...)
{
    (void)q, (void)fmt;
    v->connected = 0;
    nfail++;
}

static struct qn q;
static struct qn_vif vif;
static struct qn_queue *qu = &vif.q[0];
static netif_rx_front_ring_t front;
static void *page;
static int peer = -1;                   /* our end of the fake tap */
static unsigned next_gref;

static void setup(int sg, int gso)
{
    int sv[2];

    memset(&vif, 0, sizeof(vif));
    memset(guest, 0, sizeof(guest));
    ncopies = nnotify = nfail = 0;
    next_gref = 0;
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv), 0);
    /* Room for test_many_frames' quarter MiB (the kernel caps it). */
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &(int){ 1 << 20 }, sizeof(int));
    CU_ASSERT_EQUAL_FATAL(posix_memalign(&page, NETREQ_PAGE_SIZE, NETREQ_PAGE_SIZE), 0);
    memset(page, 0, NETREQ_PAGE_SIZE);
    SHARED_RING_INIT((netif_rx_sring_t *)page);
    FRONT_RING_INIT(&front, (netif_rx_sring_t *)page, NETREQ_PAGE_SIZE);
    BACK_RING_INIT(&qu->rx, (netif_rx_sring_t *)page, NETREQ_PAGE_SIZE);
    vif.domid = 7;
    vif.connected = 1;
    vif.rx_notify = 1;
    vif.caps = (struct netrx_caps){ .sg = sg, .gso_tcpv4 = gso, .gso_tcpv6 = gso, .csum = 1 };
    vif.nr_queues = 1;
    qu->vif = &vif;
    qu->tap = sv[0];
    qu->rx_addr = page;
    qu->port_rx = 3;
    qu->rx_buf = malloc(QN_RX_AREA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(qu->rx_buf);
    peer = sv[1];
}

static void teardown(void)
{
    close(qu->tap);
    close(peer);
    free(qu->rx_buf);
    free(page);
}

/* The frontend posts @n requests (id and gref count up from 0). */
static void post(unsigned n)
{
    for (unsigned i = 0; i < n; i++, next_gref++) {
        netif_rx_request_t *r = RING_GET_REQUEST(&front, front.req_prod_pvt++);

        r->id = (uint16_t)next_gref;
        r->gref = next_gref;
    }
    RING_PUSH_REQUESTS(&front);
}

/* A frame of @len bytes of value @fill through the fake tap. */
static void frame(uint32_t len, uint8_t fill, uint8_t gso_type, uint16_t gso_size)
{
    static uint8_t buf[QN_BUF_SIZE];
    struct virtio_net_hdr *h = (struct virtio_net_hdr *)buf;

    memset(buf, 0, QN_VNET_HLEN);
    h->gso_type = gso_type;
    h->gso_size = gso_size;
    if (gso_type)
        h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    memset(buf + QN_VNET_HLEN, fill, len);
    CU_ASSERT_EQUAL(write(peer, buf, QN_VNET_HLEN + len), (ssize_t)(QN_VNET_HLEN + len));
}

/* The next response, with the frontend's consumer moved on. */
static netif_rx_response_t *rsp(void)
{
    CU_ASSERT_FATAL(front.rsp_cons != front.sring->rsp_prod);
    return RING_GET_RESPONSE(&front, front.rsp_cons++);
}

/* Every byte of guest page @gref's first @len is @fill. */
static int page_is(unsigned gref, uint32_t len, uint8_t fill)
{
    for (uint32_t i = 0; i < len; i++)
        if (guest[gref][i] != fill)
            return 0;
    return 1;
}

/* Small frames read in one kick: one grant copy, one notify, in order. */
static void test_batch(void)
{
    setup(1, 1);
    post(8);
    for (unsigned i = 0; i < 5; i++)
        frame(60 + i, (uint8_t)(0x10 + i), 0, 0);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(ncopies, 1);
    CU_ASSERT_EQUAL(nnotify, 1);
    CU_ASSERT_EQUAL(qu->rx_pkts, 5);
    CU_ASSERT_EQUAL(qu->rx_stalled, 0);
    for (unsigned i = 0; i < 5; i++) {
        netif_rx_response_t *r = rsp();

        CU_ASSERT_EQUAL(r->id, i);
        CU_ASSERT_EQUAL(r->status, 60 + (int)i);
        CU_ASSERT_EQUAL(r->flags & NETRXF_more_data, 0);
        CU_ASSERT(page_is(i, 60 + i, (uint8_t)(0x10 + i)));
    }
    CU_ASSERT_EQUAL(front.rsp_cons, front.sring->rsp_prod);
    CU_ASSERT_EQUAL(nfail, 0);
    teardown();
}

/* Multi-page and GSO frames: more_data on all but the last, the extra. */
static void test_multi_slot(void)
{
    netif_rx_response_t *r;
    struct netif_extra_info *ex;

    setup(1, 1);
    post(16);
    frame(9000, 0xa1, 0, 0);                            /* 3 slots */
    frame(5000, 0xb2, VIRTIO_NET_HDR_GSO_TCPV4, 1448);  /* 2 + extra */
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(ncopies, 1);
    r = rsp();
    CU_ASSERT_EQUAL(r->status, 4096);
    CU_ASSERT(r->flags & NETRXF_more_data);
    r = rsp();
    CU_ASSERT_EQUAL(r->status, 4096);
    CU_ASSERT(r->flags & NETRXF_more_data);
    r = rsp();
    CU_ASSERT_EQUAL(r->status, 9000 - 8192);
    CU_ASSERT_EQUAL(r->flags & NETRXF_more_data, 0);
    CU_ASSERT(page_is(0, 4096, 0xa1) && page_is(2, 9000 - 8192, 0xa1));
    r = rsp();
    CU_ASSERT_EQUAL(r->id, 3);
    CU_ASSERT_EQUAL(r->status, 4096);
    CU_ASSERT(r->flags & NETRXF_extra_info);
    CU_ASSERT(r->flags & NETRXF_more_data);
    CU_ASSERT(r->flags & NETRXF_csum_blank);
    ex = (struct netif_extra_info *)rsp();
    CU_ASSERT_EQUAL(ex->type, XEN_NETIF_EXTRA_TYPE_GSO);
    CU_ASSERT_EQUAL(ex->u.gso.size, 1448);
    CU_ASSERT_EQUAL(ex->u.gso.type, XEN_NETIF_GSO_TYPE_TCPV4);
    r = rsp();
    CU_ASSERT_EQUAL(r->id, 5);          /* the extra's request carries no data */
    CU_ASSERT_EQUAL(r->status, 5000 - 4096);
    CU_ASSERT(page_is(3, 4096, 0xb2) && page_is(5, 5000 - 4096, 0xb2));
    CU_ASSERT(page_is(4, 1, 0));
    teardown();
}

/*
 * Too few requests: what fits is placed, the next frame waits (the ring's
 * req_event armed) and comes first once the frontend posts more.
 */
static void test_stall_keeps_order(void)
{
    netif_rx_response_t *r;

    setup(1, 0);
    post(3);
    frame(100, 0x01, 0, 0);
    frame(200, 0x02, 0, 0);
    frame(6000, 0x03, 0, 0);                            /* 2 slots: 1 left */
    frame(300, 0x04, 0, 0);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(qu->rx_pkts, 2);
    CU_ASSERT_EQUAL(qu->rx_stalled, 1);
    CU_ASSERT_EQUAL(qu->rx_pending, QN_VNET_HLEN + 6000);
    CU_ASSERT_EQUAL(front.sring->req_event, front.req_prod_pvt + 1);
    CU_ASSERT_EQUAL(rsp()->status, 100);
    CU_ASSERT_EQUAL(rsp()->status, 200);
    CU_ASSERT_EQUAL(front.rsp_cons, front.sring->rsp_prod);
    post(4);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(qu->rx_pkts, 4);
    CU_ASSERT_EQUAL(qu->rx_stalled, 0);
    CU_ASSERT_EQUAL(qu->rx_pending, 0);
    r = rsp();
    CU_ASSERT_EQUAL(r->id, 2);
    CU_ASSERT_EQUAL(r->status, 4096);
    CU_ASSERT(page_is(2, 4096, 0x03));
    r = rsp();
    CU_ASSERT_EQUAL(r->status, 6000 - 4096);
    CU_ASSERT(page_is(3, 6000 - 4096, 0x03));
    r = rsp();
    CU_ASSERT_EQUAL(r->status, 300);
    CU_ASSERT(page_is(4, 300, 0x04));
    CU_ASSERT_EQUAL(nfail, 0);
    teardown();
}

/* More frames than one copy takes: several copies, every frame intact. */
static void test_many_frames(void)
{
    setup(1, 1);
    post(200);
    for (unsigned i = 0; i < 40; i++)
        frame(1500, (uint8_t)i, 0, 0);
    frame(65000, 0x77, 0, 0);                           /* 16 slots */
    frame(65000, 0x78, 0, 0);
    frame(65000, 0x79, 0, 0);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(qu->rx_pkts, 43);
    CU_ASSERT(ncopies >= 2 && ncopies <= 4);
    for (unsigned i = 0; i < 40; i++) {
        netif_rx_response_t *r = rsp();

        CU_ASSERT_EQUAL(r->status, 1500);
        CU_ASSERT(page_is(i, 1500, (uint8_t)i));
    }
    for (unsigned f = 0; f < 3; f++)
        for (unsigned s = 0; s < 16; s++) {
            netif_rx_response_t *r = rsp();
            uint32_t want = s < 15 ? 4096 : 65000 - 15 * 4096;

            CU_ASSERT_EQUAL(r->status, (int)want);
            CU_ASSERT(page_is(40 + f * 16 + s, want, (uint8_t)(0x77 + f)));
        }
    CU_ASSERT_EQUAL(nfail, 0);
    teardown();
}

/* A frame the frontend cannot take (over a page without sg) is dropped. */
static void test_drop_no_sg(void)
{
    setup(0, 0);
    post(4);
    frame(80, 0x41, 0, 0);
    frame(3000 + 4096, 0x42, 0, 0);
    frame(90, 0x43, 0, 0);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(qu->rx_pkts, 2);
    CU_ASSERT_EQUAL(qu->rx_dropped, 1);
    CU_ASSERT_EQUAL(rsp()->status, 80);
    CU_ASSERT_EQUAL(rsp()->status, 90);
    CU_ASSERT(page_is(1, 90, 0x43));
    teardown();
}

/* A grant the frontend does not own fails the vif, no response. */
static void test_bad_grant(void)
{
    setup(1, 1);
    next_gref = NPAGES + 5;
    post(2);
    frame(100, 0x51, 0, 0);
    qn_rx_kick(&q, qu);
    CU_ASSERT_EQUAL(nfail, 1);
    CU_ASSERT_EQUAL(front.sring->rsp_prod, 0);
    teardown();
}

static CU_TestInfo cases[] = {
    { "batch", test_batch },
    { "multi_slot", test_multi_slot },
    { "stall_keeps_order", test_stall_keeps_order },
    { "many_frames", test_many_frames },
    { "drop_no_sg", test_drop_no_sg },
    { "bad_grant", test_bad_grant },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("netback_rx", NULL, NULL, cases);
