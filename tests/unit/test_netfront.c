/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront (drivers/frontend/net) against a fake backend and store: the
 * handshake nodes and the MAC, rx buffers posted and re-posted, frames sent
 * from several pieces over one or more slots with checksum flags, ring-full
 * back-pressure, frames received in one or several slots with their flags,
 * errors, close leaving no grant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "netfront.h"
#include "fake_frontend.h"
#include <public/errno.h>

#define PG 4096u
#define BE "/local/domain/0/backend/vif/1/0"
#define FE "device/vif/0"

static struct {
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    bool connected;
    /* Frames the frontend sent: the last one's bytes, counts, flags. */
    unsigned int sent, slots;
    uint16_t first_flags;
    size_t last_len;
    uint8_t last[NETFRONT_MAX_FRAME];
    /* Frames to deliver: lengths; content byte i = (i + seq) & 0xff. */
    unsigned int to_rx[256], nr_to_rx, rx_done;
    uint16_t rx_flags;
} be;

/* Received by the test's callback. */
static unsigned int got, got_bad;
static size_t got_len;
static unsigned int got_flags;

static void backend_connect(void)
{
    BACK_RING_INIT(&be.tx, (netif_tx_sring_t *)fake_fe_map(
                   atoi(fake_fe_get(FE "/tx-ring-ref")), true), PG);
    BACK_RING_INIT(&be.rx, (netif_rx_sring_t *)fake_fe_map(
                   atoi(fake_fe_get(FE "/rx-ring-ref")), true), PG);
    be.connected = true;
    fake_fe_set(BE "/state", "4");
}

static void on_write(const char *path, const char *val)
{
    if ( !strcmp(path, FE "/state") && !strcmp(val, "4") )
        backend_connect();
    if ( !strcmp(path, FE "/state") && !strcmp(val, "5") )
        fake_fe_set(BE "/state", "6");
}

static void tx_run(void)
{
    RING_IDX rp = be.tx.sring->req_prod;
    int notify;

    while ( be.tx.req_cons != rp )
    {
        netif_tx_request_t req = *RING_GET_REQUEST(&be.tx, be.tx.req_cons);
        netif_tx_response_t *rsp;
        size_t total = req.size, off = 0;
        bool first = true;

        be.first_flags = req.flags;
        for ( ; ; )
        {
            size_t n = first ? (total < PG ? total : PG) : req.size;

            CU_ASSERT_FATAL(fake_fe_readonly(req.gref));
            CU_ASSERT_FATAL(off + n <= sizeof(be.last));
            memcpy(be.last + off, (uint8_t *)fake_fe_map(req.gref, false) +
                   req.offset, n);
            off += n, be.slots++;
            rsp = RING_GET_RESPONSE(&be.tx, be.tx.rsp_prod_pvt++);
            rsp->id = req.id;
            rsp->status = XEN_NETIF_RSP_OKAY;
            be.tx.req_cons++;
            if ( !(req.flags & NETTXF_more_data) )
                break;
            CU_ASSERT_FATAL(be.tx.req_cons != rp);
            req = *RING_GET_REQUEST(&be.tx, be.tx.req_cons);
            first = false;
        }
        CU_ASSERT(off == total);
        be.last_len = off;
        be.sent++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&be.tx, notify);
    (void)notify;
}

/* Deliver the queued frames while rx requests last. */
static void rx_run(void)
{
    int notify;

    while ( be.rx_done < be.nr_to_rx )
    {
        size_t len = be.to_rx[be.rx_done], off = 0;
        unsigned int need = (len + PG - 1) / PG;

        if ( be.rx.sring->req_prod - be.rx.req_cons < need )
            break;
        while ( off < len )
        {
            netif_rx_request_t req = *RING_GET_REQUEST(&be.rx, be.rx.req_cons++);
            netif_rx_response_t *rsp = RING_GET_RESPONSE(&be.rx, be.rx.rsp_prod_pvt++);
            size_t n = len - off < PG ? len - off : PG;
            uint8_t *page = fake_fe_map(req.gref, true);

            for ( size_t i = 0; i < n; i++ )
                page[i] = (uint8_t)(off + i + be.rx_done);
            rsp->id = req.id;
            rsp->offset = 0;
            rsp->status = n;
            rsp->flags = (off + n < len ? NETRXF_more_data : 0) |
                         (off == 0 ? be.rx_flags : 0);
            off += n;
        }
        be.rx_done++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&be.rx, notify);
    (void)notify;
}

static void backend_run(void)
{
    if ( !be.connected )
        return;
    tx_run();
    rx_run();
}

static void on_frame(void *arg, const void *frame, size_t len, unsigned int flags)
{
    const uint8_t *p = frame;
    unsigned int seq = *(unsigned int *)arg;

    for ( size_t i = 0; i < len; i++ )
        if ( p[i] != (uint8_t)(i + seq) )
        {
            got_bad++;
            break;
        }
    got++, got_len = len, got_flags = flags;
    (*(unsigned int *)arg)++;
}

static struct netfront *setup(bool sg)
{
    static struct netfront nf;

    fake_fe_reset();
    fake_fe_on_write = on_write;
    fake_fe_run = backend_run;
    memset(&be, 0, sizeof(be));
    got = got_bad = 0;
    fake_fe_set(FE "/backend", BE);
    fake_fe_set(FE "/backend-id", "0");
    fake_fe_set(FE "/mac", "00:16:3e:0a:Bc:ff");
    fake_fe_set(BE "/state", "2");
    fake_fe_set(BE "/feature-rx-copy", "1");
    fake_fe_set(BE "/feature-sg", sg ? "1" : "0");
    return &nf;
}

static void test_handshake(void)
{
    struct netfront *nf = setup(true);
    static const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x0a, 0xbc, 0xff };

    CU_ASSERT_EQUAL_FATAL(netfront_init(nf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT(memcmp(nf->mac, mac, 6) == 0);
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/request-rx-copy"), "1");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/feature-rx-notify"), "1");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/feature-sg"), "1");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/event-channel"), "7");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/state"), "4");
    CU_ASSERT_EQUAL(be.rx.sring->req_prod, NETFRONT_RX_BUFS);
    CU_ASSERT(nf->sg);
    CU_ASSERT_EQUAL(netfront_close(nf, 1000), 0);
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/state"), "6");
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);

    /* A backend that cannot copy to us. */
    nf = setup(true);
    fake_fe_set(BE "/feature-rx-copy", "0");
    CU_ASSERT_EQUAL(netfront_init(nf, &fake_fe_ops, FE, 1000), -XEN_EOPNOTSUPP);
    nf = setup(true);
    fake_fe_set(FE "/mac", "00:16:3e:0a:bc");
    CU_ASSERT_EQUAL(netfront_init(nf, &fake_fe_ops, FE, 1000), -XEN_EINVAL);
}

static void test_send(void)
{
    struct netfront *nf = setup(true);
    static uint8_t big[6000];
    uint8_t hdr[14] = { 1, 2, 3 }, body[46];
    struct netfront_frag f[2] = { { hdr, sizeof(hdr) }, { body, sizeof(body) } };
    unsigned int i;

    memset(body, 0x42, sizeof(body));
    CU_ASSERT_EQUAL_FATAL(netfront_init(nf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_EQUAL(netfront_send(nf, f, 2, NETFRONT_CSUM_BLANK), 0);
    backend_run();
    CU_ASSERT_EQUAL(be.sent, 1);
    CU_ASSERT_EQUAL(be.last_len, 60);
    CU_ASSERT(be.last[0] == 1 && be.last[13] == 0 && be.last[14] == 0x42 &&
              be.last[59] == 0x42);
    CU_ASSERT_EQUAL(be.first_flags, NETTXF_csum_blank | NETTXF_data_validated);

    /* Over two slots (scatter-gather). */
    for ( i = 0; i < sizeof(big); i++ )
        big[i] = (uint8_t)(i * 3);
    f[0] = (struct netfront_frag){ big, 100 };
    f[1] = (struct netfront_frag){ big + 100, sizeof(big) - 100 };
    CU_ASSERT_EQUAL(netfront_send(nf, f, 2, 0), 0);
    backend_run();
    CU_ASSERT_EQUAL(be.slots, 3);
    CU_ASSERT_EQUAL(be.last_len, sizeof(big));
    CU_ASSERT(memcmp(be.last, big, sizeof(big)) == 0);
    CU_ASSERT(be.first_flags & NETTXF_more_data);

    /* Back-pressure: with the backend stopped, the buffers run out. */
    netfront_poll(nf, on_frame, &i);
    CU_ASSERT_EQUAL(nf->tx_free, NETFRONT_TX_BUFS);
    f[0] = (struct netfront_frag){ big, 60 };
    for ( i = 0; i < NETFRONT_TX_BUFS; i++ )
        CU_ASSERT_EQUAL(netfront_send(nf, f, 1, 0), 0);
    CU_ASSERT_EQUAL(netfront_send(nf, f, 1, 0), -XEN_EAGAIN);
    backend_run();
    netfront_poll(nf, on_frame, &i);
    CU_ASSERT_EQUAL(nf->tx_free, NETFRONT_TX_BUFS);
    CU_ASSERT_EQUAL(netfront_send(nf, f, 1, 0), 0);
    f[0] = (struct netfront_frag){ big, 0 };
    CU_ASSERT_EQUAL(netfront_send(nf, f, 1, 0), -XEN_EINVAL);
    netfront_close(nf, 1000);

    /* Without scatter-gather a frame must fit a page. */
    nf = setup(false);
    CU_ASSERT_EQUAL_FATAL(netfront_init(nf, &fake_fe_ops, FE, 1000), 0);
    f[0] = (struct netfront_frag){ big, sizeof(big) };
    CU_ASSERT_EQUAL(netfront_send(nf, f, 1, 0), -XEN_EINVAL);
    netfront_close(nf, 1000);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);
}

static void test_receive(void)
{
    struct netfront *nf = setup(true);
    unsigned int seq = 0, i;

    CU_ASSERT_EQUAL_FATAL(netfront_init(nf, &fake_fe_ops, FE, 1000), 0);
    be.to_rx[0] = 100;
    be.to_rx[1] = 5000;                 /* two slots */
    be.nr_to_rx = 2;
    be.rx_flags = NETRXF_data_validated;
    backend_run();
    CU_ASSERT_EQUAL(netfront_poll(nf, on_frame, &seq), 2);
    CU_ASSERT_EQUAL(got, 2);
    CU_ASSERT_EQUAL(got_bad, 0);
    CU_ASSERT_EQUAL(got_len, 5000);
    CU_ASSERT_EQUAL(got_flags, NETFRONT_DATA_VALIDATED);

    /* More frames than buffers: they come in as buffers are re-posted. */
    for ( i = 0; i < 200; i++ )
        be.to_rx[2 + i] = 60 + i;
    be.nr_to_rx = 202;
    be.rx_flags = 0;
    for ( i = 0; i < 10 && got < 202; i++ )
    {
        backend_run();
        netfront_poll(nf, on_frame, &seq);
    }
    CU_ASSERT_EQUAL(got, 202);
    CU_ASSERT_EQUAL(got_bad, 0);
    CU_ASSERT_EQUAL(got_len, 259);
    CU_ASSERT_EQUAL(got_flags, 0);
    CU_ASSERT_EQUAL(nf->rx_packets, 202);
    CU_ASSERT_EQUAL(be.rx.sring->req_prod - be.rx.req_cons, NETFRONT_RX_BUFS);
    netfront_close(nf, 1000);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);
}

static CU_TestInfo cases[] = {
    { "handshake", test_handshake },
    { "send", test_send },
    { "receive", test_receive },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("netfront", NULL, NULL, cases);
