/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront: handshake, buffers, send and receive (netfront.h). Only the
 * kernel's ops, the public headers and memcpy/memset are used.
 */
#include <public/errno.h>
#include "netfront.h"

#define PAGE_SIZE   FE_PAGE_SIZE
#define FRAME_PAGES ((NETFRONT_MAX_FRAME + PAGE_SIZE - 1) / PAGE_SIZE)

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* "aa:bb:cc:dd:ee:ff" */
static int parse_mac(const char *s, uint8_t mac[6])
{
    for ( unsigned int i = 0; i < 6; i++ )
    {
        unsigned int v = 0;

        for ( unsigned int d = 0; d < 2; d++, s++ )
        {
            char c = *s;

            v <<= 4;
            if ( c >= '0' && c <= '9' )
                v |= c - '0';
            else if ( (c | 0x20) >= 'a' && (c | 0x20) <= 'f' )
                v |= (c | 0x20) - 'a' + 10;
            else
                return -XEN_EINVAL;
        }
        if ( *s != (i == 5 ? '\0' : ':') )
            return -XEN_EINVAL;
        s++;
        mac[i] = v;
    }
    return 0;
}

/* n buffers of one page each, granted to the backend once. */
static int setup_bufs(struct netfront *nf, struct netfront_buf *b,
                      unsigned int n, bool readonly)
{
    for ( unsigned int i = 0; i < n; i++ )
    {
        int ref;

        b[i].page = nf->ops->alloc_pages(nf->ops->ctx, 1);
        if ( !b[i].page )
            return -XEN_ENOMEM;
        ref = fe_grant_va(nf->ops, nf->backend_id, b[i].page, readonly);
        if ( ref < 0 )
            return ref;
        b[i].ref = ref;
    }
    return 0;
}

static void post_rx(struct netfront *nf, unsigned int id)
{
    netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, nf->rx.req_prod_pvt);

    req->id = id;
    req->gref = nf->rxb[id].ref;
    nf->rx.req_prod_pvt++;
}

static void push(struct netfront *nf)
{
    int ntx, nrx;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, ntx);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, nrx);
    if ( ntx || nrx )
        nf->ops->evtchn_notify(nf->ops->ctx, nf->port);
}

static int setup_rings(struct netfront *nf)
{
    const struct frontend_ops *ops = nf->ops;
    int rc;

    nf->tx_sring = ops->alloc_pages(ops->ctx, 1);
    nf->rx_sring = ops->alloc_pages(ops->ctx, 1);
    nf->frame = ops->alloc_pages(ops->ctx, FRAME_PAGES);
    if ( !nf->tx_sring || !nf->rx_sring || !nf->frame )
        return -XEN_ENOMEM;
    SHARED_RING_INIT((netif_tx_sring_t *)nf->tx_sring);
    SHARED_RING_INIT((netif_rx_sring_t *)nf->rx_sring);
    FRONT_RING_INIT(&nf->tx, (netif_tx_sring_t *)nf->tx_sring, PAGE_SIZE);
    FRONT_RING_INIT(&nf->rx, (netif_rx_sring_t *)nf->rx_sring, PAGE_SIZE);
    if ( (rc = fe_grant_va(ops, nf->backend_id, nf->tx_sring, false)) < 0 )
        return rc;
    nf->tx_ring_ref = rc;
    if ( (rc = fe_grant_va(ops, nf->backend_id, nf->rx_sring, false)) < 0 )
        return rc;
    nf->rx_ring_ref = rc;
    if ( (rc = setup_bufs(nf, nf->txb, NETFRONT_TX_BUFS, true)) < 0 ||
         (rc = setup_bufs(nf, nf->rxb, NETFRONT_RX_BUFS, false)) < 0 )
        return rc;
    nf->tx_free = NETFRONT_TX_BUFS;
    for ( unsigned int i = 0; i < NETFRONT_RX_BUFS; i++ )
        post_rx(nf, i);
    return ops->evtchn_alloc(ops->ctx, nf->backend_id, &nf->port);
}

static int announce(struct netfront *nf)
{
    const struct frontend_ops *ops = nf->ops;
    int rc = 0;

    rc |= fe_write_u64(ops, nf->node, "tx-ring-ref", nf->tx_ring_ref);
    rc |= fe_write_u64(ops, nf->node, "rx-ring-ref", nf->rx_ring_ref);
    rc |= fe_write_u64(ops, nf->node, "event-channel", nf->port);
    rc |= fe_write_u64(ops, nf->node, "request-rx-copy", 1);
    rc |= fe_write_u64(ops, nf->node, "feature-rx-notify", 1);
    rc |= fe_write_u64(ops, nf->node, "feature-sg", 1);
    rc |= fe_write_u64(ops, nf->node, "feature-gso-tcpv4", 0);
    return rc ? -XEN_EIO : fe_write_u64(ops, nf->node, "state", FE_CONNECTED);
}

int netfront_init(struct netfront *nf, const struct frontend_ops *ops,
                  const char *node, unsigned int timeout_ms)
{
    char mac[24];
    int rc;

    memset(nf, 0, sizeof(*nf));
    nf->ops = ops;
    for ( size_t i = 0; node[i] && i + 1 < sizeof(nf->node); i++ )
        nf->node[i] = node[i];
    rc = fe_read(ops, node, "backend", nf->backend, sizeof(nf->backend));
    if ( rc == 0 )
        rc = fe_read(ops, node, "mac", mac, sizeof(mac));
    if ( rc == 0 )
        rc = parse_mac(mac, nf->mac);
    if ( rc < 0 )
        return rc;
    nf->backend_id = fe_read_u64(ops, node, "backend-id", 0);
    rc = fe_wait_state(ops, nf->backend, FE_INITWAIT, timeout_ms);
    if ( rc < 0 )
        return rc;
    if ( !fe_read_u64(ops, nf->backend, "feature-rx-copy", 0) )
        return -XEN_EOPNOTSUPP;
    nf->sg = fe_read_u64(ops, nf->backend, "feature-sg", 0);
    rc = setup_rings(nf);
    if ( rc == 0 )
        rc = announce(nf);
    if ( rc == 0 )
        rc = fe_wait_state(ops, nf->backend, FE_CONNECTED, timeout_ms);
    if ( rc == 0 )
        push(nf);
    return rc;
}

static int tx_buf(struct netfront *nf)
{
    for ( unsigned int i = 0; i < NETFRONT_TX_BUFS; i++ )
        if ( !nf->txb[i].busy )
            return i;
    return -1;
}

int netfront_send(struct netfront *nf, const struct netfront_frag *frag,
                  unsigned int n, unsigned int flags)
{
    size_t len = 0, fi_off = 0;
    unsigned int slots, fi = 0;

    for ( unsigned int i = 0; i < n; i++ )
        len += frag[i].len;
    slots = (len + PAGE_SIZE - 1) / PAGE_SIZE;
    if ( len == 0 || len > NETFRONT_MAX_FRAME || (slots > 1 && !nf->sg) )
        return -XEN_EINVAL;
    if ( slots > nf->tx_free || slots > RING_FREE_REQUESTS(&nf->tx) )
        return -XEN_EAGAIN;

    for ( unsigned int s = 0; s < slots; s++ )
    {
        int id = tx_buf(nf);
        netif_tx_request_t *req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
        size_t chunk = len - s * PAGE_SIZE < PAGE_SIZE ? len - s * PAGE_SIZE
                                                       : PAGE_SIZE;

        /* Gather this slot's bytes from the fragments. */
        for ( size_t got = 0; got < chunk; )
        {
            size_t k = frag[fi].len - fi_off;

            if ( k > chunk - got )
                k = chunk - got;
            memcpy(nf->txb[id].page + got,
                   (const uint8_t *)frag[fi].data + fi_off, k);
            got += k, fi_off += k;
            if ( fi_off == frag[fi].len )
                fi++, fi_off = 0;
        }
        nf->txb[id].busy = true;
        nf->tx_free--;
        req->gref = nf->txb[id].ref;
        req->offset = 0;
        req->id = id;
        req->size = s == 0 ? len : chunk;
        req->flags = s + 1 < slots ? NETTXF_more_data : 0;
        if ( s == 0 && (flags & NETFRONT_CSUM_BLANK) )
            req->flags |= NETTXF_csum_blank | NETTXF_data_validated;
        else if ( s == 0 && (flags & NETFRONT_DATA_VALIDATED) )
            req->flags |= NETTXF_data_validated;
        nf->tx.req_prod_pvt++;
    }
    nf->tx_packets++;
    push(nf);
    return 0;
}

static void tx_complete(struct netfront *nf)
{
    int more;

    do {
        RING_IDX rp = nf->tx.sring->rsp_prod;

        xen_rmb();
        for ( RING_IDX i = nf->tx.rsp_cons; i != rp; i++ )
        {
            netif_tx_response_t *r = RING_GET_RESPONSE(&nf->tx, i);

            if ( r->status == XEN_NETIF_RSP_NULL )
                continue;
            if ( r->status != XEN_NETIF_RSP_OKAY )
                nf->tx_errors++;
            if ( r->id < NETFRONT_TX_BUFS && nf->txb[r->id].busy )
            {
                nf->txb[r->id].busy = false;
                nf->tx_free++;
            }
        }
        nf->tx.rsp_cons = rp;
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
    } while ( more );
}

/* One rx response: append to the frame; deliver it on its last slot. */
static int rx_one(struct netfront *nf, const netif_rx_response_t *r,
                  netfront_rx_fn fn, void *arg)
{
    unsigned int id = r->id;
    int delivered = 0;

    if ( id >= NETFRONT_RX_BUFS )
        return 0;                       /* not ours: cannot re-post */
    if ( nf->frame_len == 0 )
        nf->frame_flags =
            ((r->flags & NETRXF_csum_blank) ? NETFRONT_CSUM_BLANK : 0) |
            ((r->flags & NETRXF_data_validated) ? NETFRONT_DATA_VALIDATED : 0);
    if ( r->status <= 0 || r->offset + (unsigned int)r->status > PAGE_SIZE ||
         nf->frame_len + r->status > NETFRONT_MAX_FRAME ||
         (r->flags & NETRXF_extra_info) )
        nf->frame_bad = true;
    else
    {
        memcpy(nf->frame + nf->frame_len, nf->rxb[id].page + r->offset,
               r->status);
        nf->frame_len += r->status;
    }
    if ( !(r->flags & NETRXF_more_data) )
    {
        if ( nf->frame_bad )
            nf->rx_errors++;
        else
        {
            fn(arg, nf->frame, nf->frame_len, nf->frame_flags);
            nf->rx_packets++;
            delivered = 1;
        }
        nf->frame_len = 0;
        nf->frame_bad = false;
    }
    post_rx(nf, id);
    return delivered;
}

int netfront_poll(struct netfront *nf, netfront_rx_fn fn, void *arg)
{
    int n = 0, more;

    tx_complete(nf);
    do {
        RING_IDX rp = nf->rx.sring->rsp_prod;

        xen_rmb();
        for ( RING_IDX i = nf->rx.rsp_cons; i != rp; i++ )
            n += rx_one(nf, RING_GET_RESPONSE(&nf->rx, i), fn, arg);
        nf->rx.rsp_cons = rp;
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
    } while ( more );
    push(nf);
    return n;
}

static void free_bufs(struct netfront *nf, struct netfront_buf *b, unsigned int n)
{
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( !b[i].page )
            continue;
        nf->ops->grant_end(nf->ops->ctx, b[i].ref);
        nf->ops->free_pages(nf->ops->ctx, b[i].page, 1);
        b[i].page = NULL;
    }
}

int netfront_close(struct netfront *nf, unsigned int timeout_ms)
{
    const struct frontend_ops *ops = nf->ops;
    int rc = fe_close(ops, nf->node, nf->backend, timeout_ms);

    ops->evtchn_close(ops->ctx, nf->port);
    ops->grant_end(ops->ctx, nf->tx_ring_ref);
    ops->grant_end(ops->ctx, nf->rx_ring_ref);
    free_bufs(nf, nf->txb, NETFRONT_TX_BUFS);
    free_bufs(nf, nf->rxb, NETFRONT_RX_BUFS);
    ops->free_pages(ops->ctx, nf->tx_sring, 1);
    ops->free_pages(ops->ctx, nf->rx_sring, 1);
    ops->free_pages(ops->ctx, nf->frame, FRAME_PAGES);
    return rc;
}
