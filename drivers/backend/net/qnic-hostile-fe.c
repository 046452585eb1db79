/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic-hostile-fe: a hostile netif frontend in dom0 for the dom0-qnic boot
 * case. It shares its tx and rx ring pages and a data page with itself
 * (gntalloc, domid 0), plays the frontend of an existing qnic backend
 * directory, sends one good packet (answered OKAY), then one hostile tx
 * chain named by CASE and checks the outcome: "19-slots" gets an error
 * response and the vif keeps serving; every other case must get the vif
 * disabled (backend state Closing) without a response.
 *
 *   qnic-hostile-fe BACKEND-DIR FRONTEND-DIR CASE
 *
 * CASE: 19-slots 21-slots cross-page sizes foreign-grant bad-extra runahead.
 * Prints PASS:/FAIL: dom0-qnic/hostile-CASE lines; exit status = failures.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include <public/io/netif.h>
#include <public/io/xenbus.h>

static struct hcall_xs *xs;
static struct hcall_evtchn *ev;
static int port, nfail;
static const char *be, *fe, *name;
static netif_tx_front_ring_t tx;
static hcall_gref_t data_ref;

static void result(const char *what, int ok, const char *fmt, long got)
{
    printf("%s: dom0-qnic/hostile-%s%s", ok ? "PASS" : "FAIL", name, what);
    if (!ok) {
        printf(": ");
        printf(fmt, got);
        nfail++;
    }
    putchar('\n');
    fflush(stdout);
}

static void put(const char *node, long v)
{
    if (be_xs_put(xs, HCALL_XS_NO_TX, fe, node, "%ld", v) < 0)
        fprintf(stderr, "hostile-fe: write %s/%s: %s\n", fe, node, strerror(errno));
}

/* Waits up to 10 s for the backend's state; returns the last one seen. */
static long wait_state(long want)
{
    return be_xs_wait_state(xs, be, want, 100);
}

/* Queues @n slots, notifies, waits 5 s for their responses: first status. */
static int send_chain(const netif_tx_request_t *slots, unsigned n)
{
    RING_IDX first = tx.req_prod_pvt;
    int notify;

    for (unsigned i = 0; i < n; i++)
        *RING_GET_REQUEST(&tx, tx.req_prod_pvt++) = slots[i];
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&tx, notify);
    (void)notify;
    hcall_evtchn_notify(ev, port);
    for (int i = 0; i < 500; i++) {
        if (tx.sring->rsp_prod - first >= n) {
            xen_rmb();
            tx.rsp_cons = first + n;
            return RING_GET_RESPONSE(&tx, first)->status;
        }
        usleep(10000);
    }
    return 2000;                        /* no answer */
}

static int good_packet(void)
{
    netif_tx_request_t s = { .gref = data_ref, .size = 60, .id = 1 };

    return send_chain(&s, 1);
}

/* A chain of @n slots of 100 bytes. */
static unsigned chain(netif_tx_request_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        s[i] = (netif_tx_request_t){
            .gref = data_ref, .offset = (uint16_t)(i * 100), .id = (uint16_t)(10 + i),
            .size = (uint16_t)(i ? 100 : n * 100),
            .flags = i + 1 < n ? NETTXF_more_data : 0 };
    return n;
}

/* The hostile chain of @c into @s; its slot count. */
static unsigned hostile(const char *c, netif_tx_request_t *s)
{
    struct netif_extra_info ex = { .type = 9 };

    if (!strcmp(c, "19-slots"))
        return chain(s, 19);
    if (!strcmp(c, "21-slots"))
        return chain(s, 21);
    s[0] = (netif_tx_request_t){ .gref = data_ref, .id = 40, .size = 200 };
    if (!strcmp(c, "cross-page")) {
        s[0].offset = 4000;
        return 1;
    }
    if (!strcmp(c, "foreign-grant")) {
        s[0].gref = 0x7ffffff0u;        /* past any grant table */
        return 1;
    }
    if (!strcmp(c, "sizes")) {
        chain(s, 2);
        s[1].size = 1000;               /* more than the packet's 200 */
        return 2;
    }
    if (!strcmp(c, "bad-extra")) {
        s[0].flags = NETTXF_extra_info;
        memcpy(&s[1], &ex, sizeof(ex));
        return 2;
    }
    return 0;
}

static int setup(struct hcall_gntalloc *ga)
{
    hcall_gref_t tx_ref, rx_ref;
    netif_tx_sring_t *txs = hcall_gntalloc_share(ga, 0, 1, 1, &tx_ref);
    netif_rx_sring_t *rxs = hcall_gntalloc_share(ga, 0, 1, 1, &rx_ref);
    uint8_t *data = hcall_gntalloc_share(ga, 0, 1, 1, &data_ref);

    if (!txs || !rxs || !data)
        return -1;
    SHARED_RING_INIT(txs);
    SHARED_RING_INIT(rxs);
    FRONT_RING_INIT(&tx, txs, 4096);
    memset(data, 0xff, 6);              /* broadcast, ethertype 0x88b5 */
    data[12] = 0x88;
    data[13] = 0xb5;
    port = hcall_evtchn_bind_unbound(ev, 0);
    if (port < 0)
        return -1;
    put("tx-ring-ref", tx_ref);
    put("rx-ring-ref", rx_ref);
    put("event-channel", port);
    put("request-rx-copy", 1);
    put("feature-rx-notify", 1);
    return 0;
}

int main(int argc, char **argv)
{
    netif_tx_request_t bad[32];
    struct hcall_gntalloc *ga;
    unsigned n;
    long s;
    int st;

    if (argc != 4) {
        fprintf(stderr, "usage: %s BACKEND-DIR FRONTEND-DIR CASE\n", argv[0]);
        return 2;
    }
    be = argv[1];
    fe = argv[2];
    name = argv[3];
    xs = hcall_xs_open(0);
    ev = hcall_evtchn_open();
    ga = hcall_gntalloc_open();
    n = hostile(name, bad);
    s = wait_state(XenbusStateInitWait);
    if (!xs || !ev || !ga || (!n && strcmp(name, "runahead")) ||
        s != XenbusStateInitWait || setup(ga) < 0) {
        result("", 0, "setup failed (backend state %ld)", s);
        return 1;
    }
    put("state", XenbusStateConnected);
    s = wait_state(XenbusStateConnected);
    st = good_packet();
    if (s != XenbusStateConnected || st != XEN_NETIF_RSP_OKAY) {
        result("", 0, "good packet before: status %ld", s == 4 ? st : -s);
        return 1;
    }
    if (!strcmp(name, "runahead")) {
        tx.sring->req_prod = tx.req_prod_pvt + 1000;
        hcall_evtchn_notify(ev, port);
    } else {
        st = send_chain(bad, n);
    }
    if (!strcmp(name, "19-slots")) {
        s = good_packet();
        result("", st == XEN_NETIF_RSP_ERROR && s == XEN_NETIF_RSP_OKAY,
               "statuses %ld", st * 10000 + s);
    } else {
        s = wait_state(XenbusStateClosing);
        result("", s == XenbusStateClosing, "backend state %ld", s);
    }
    put("state", XenbusStateClosed);
    s = wait_state(XenbusStateClosed);
    hcall_evtchn_unbind(ev, port);
    return nfail;
}
