/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront: handshake, ring and requests (blkfront.h). Only the kernel's
 * ops, the public headers and memset/memcpy/snprintf are used.
 */
#include <public/errno.h>
#include "blkfront.h"

#define PAGE_SIZE   4096u
#define SECT_PER_PG (PAGE_SIZE / 512)
#define SEGS_PER_INDIRECT_PAGE (PAGE_SIZE / sizeof(struct blkif_request_segment))

void *memset(void *s, int c, size_t n);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

enum { ST_INITWAIT = 2, ST_INITIALISED = 3, ST_CONNECTED = 4,
       ST_CLOSING = 5, ST_CLOSED = 6 };

static int path_read(struct blkfront *bf, const char *dir, const char *key,
                     char *buf, size_t size)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return bf->ops->xs_read(bf->ops->ctx, path, buf, size);
}

/* An unsigned number at dir/key, or dflt if absent or not a number. */
static uint64_t read_u64(struct blkfront *bf, const char *dir, const char *key,
                         uint64_t dflt)
{
    char v[32];
    uint64_t n = 0;

    if ( path_read(bf, dir, key, v, sizeof(v)) < 0 || !v[0] )
        return dflt;
    for ( const char *p = v; *p; p++ )
    {
        if ( *p < '0' || *p > '9' )
            return dflt;
        n = n * 10 + (*p - '0');
    }
    return n;
}

static int write_node(struct blkfront *bf, const char *key, const char *fmt,
                      uint64_t val)
{
    char path[192], v[32];

    snprintf(path, sizeof(path), "%s/%s", bf->node, key);
    snprintf(v, sizeof(v), fmt, (unsigned long)val);
    return bf->ops->xs_write(bf->ops->ctx, path, v);
}

/* Wait for the backend's state to be `want` (a closing one fails early). */
static int wait_backend(struct blkfront *bf, unsigned int want,
                        unsigned int timeout_ms)
{
    uint64_t deadline = bf->ops->now_ns(bf->ops->ctx) +
                        (uint64_t)timeout_ms * 1000000;

    for ( ; ; )
    {
        unsigned int st = read_u64(bf, bf->backend, "state", 0);

        if ( st == want )
            return 0;
        if ( want < ST_CLOSING && st >= ST_CLOSING )
            return -XEN_ENODEV;
        if ( bf->ops->now_ns(bf->ops->ctx) >= deadline )
            return -XEN_ETIMEDOUT;
        bf->ops->wait(bf->ops->ctx, 10);
    }
}

/* Ring pages, their grants and the event channel; the nodes announcing them. */
static int setup_ring(struct blkfront *bf)
{
    unsigned int order = read_u64(bf, bf->backend, "max-ring-page-order", 0);
    unsigned int n, i;
    char key[16];
    int rc;

    if ( order > BLKFRONT_MAX_RING_ORDER )
        order = BLKFRONT_MAX_RING_ORDER;
    n = 1u << order;
    bf->ring_order = order;
    bf->sring = bf->ops->alloc_pages(bf->ops->ctx, n);
    if ( !bf->sring )
        return -XEN_ENOMEM;
    SHARED_RING_INIT((blkif_sring_t *)bf->sring);
    FRONT_RING_INIT(&bf->ring, (blkif_sring_t *)bf->sring, PAGE_SIZE * n);
    for ( i = 0; i < n; i++ )
    {
        rc = bf->ops->grant(bf->ops->ctx, bf->backend_id,
                            bf->ops->virt_to_mfn(bf->ops->ctx,
                                                 (uint8_t *)bf->sring + i * PAGE_SIZE),
                            false);
        if ( rc < 0 )
            return rc;
        bf->ring_refs[i] = rc;
        if ( order == 0 )
            rc = write_node(bf, "ring-ref", "%lu", bf->ring_refs[i]);
        else
        {
            snprintf(key, sizeof(key), "ring-ref%u", i);
            rc = write_node(bf, key, "%lu", bf->ring_refs[i]);
        }
        if ( rc < 0 )
            return rc;
    }
    if ( order && (rc = write_node(bf, "ring-page-order", "%lu", order)) < 0 )
        return rc;
    rc = bf->ops->evtchn_alloc(bf->ops->ctx, bf->backend_id, &bf->port);
    if ( rc < 0 )
        return rc;
    return write_node(bf, "event-channel", "%lu", bf->port);
}

/* Request slots; with indirect descriptors, one indirect page each. */
static int setup_slots(struct blkfront *bf)
{
    unsigned int ind = read_u64(bf, bf->backend,
                                "feature-max-indirect-segments", 0);

    bf->nr_slots = RING_SIZE(&bf->ring);
    if ( bf->nr_slots > BLKFRONT_MAX_SLOTS )
        bf->nr_slots = BLKFRONT_MAX_SLOTS;
    bf->max_segs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
    if ( ind > BLKIF_MAX_SEGMENTS_PER_REQUEST )
    {
        bf->max_segs = ind < BLKFRONT_MAX_INDIRECT ? ind : BLKFRONT_MAX_INDIRECT;
        for ( unsigned int i = 0; i < bf->nr_slots; i++ )
        {
            bf->slot[i].indirect = bf->ops->alloc_pages(bf->ops->ctx, 1);
            if ( !bf->slot[i].indirect )
                return -XEN_ENOMEM;
        }
    }
    return 0;
}

int blkfront_init(struct blkfront *bf, const struct blkfront_ops *ops,
                  const char *node, unsigned int timeout_ms)
{
    char protocol[] = "x86_64-abi";
    char path[192];
    int rc;

    memset(bf, 0, sizeof(*bf));
    bf->ops = ops;
    snprintf(bf->node, sizeof(bf->node), "%s", node);
    rc = path_read(bf, node, "backend", bf->backend, sizeof(bf->backend));
    if ( rc < 0 )
        return rc;
    bf->backend_id = read_u64(bf, node, "backend-id", 0);

    rc = wait_backend(bf, ST_INITWAIT, timeout_ms);
    if ( rc < 0 )
        return rc;
    rc = setup_ring(bf);
    if ( rc == 0 )
        rc = setup_slots(bf);
    if ( rc < 0 )
        return rc;
    snprintf(path, sizeof(path), "%s/protocol", node);
    rc = ops->xs_write(ops->ctx, path, protocol);
    if ( rc == 0 )
        rc = write_node(bf, "feature-persistent", "%lu", 0);
    if ( rc == 0 )
        rc = write_node(bf, "state", "%lu", ST_INITIALISED);
    if ( rc == 0 )
        rc = wait_backend(bf, ST_CONNECTED, timeout_ms);
    if ( rc < 0 )
        return rc;

    bf->sectors = read_u64(bf, bf->backend, "sectors", 0);
    bf->sector_size = read_u64(bf, bf->backend, "sector-size", 512);
    bf->info = read_u64(bf, bf->backend, "info", 0);
    bf->flush = read_u64(bf, bf->backend, "feature-flush-cache", 0);
    bf->barrier = read_u64(bf, bf->backend, "feature-barrier", 0);
    if ( !bf->sectors )
        return -XEN_EIO;
    return write_node(bf, "state", "%lu", ST_CONNECTED);
}
