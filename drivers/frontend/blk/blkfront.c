/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront: handshake, ring and requests (blkfront.h). Only the kernel's
 * ops, the public headers and memset/snprintf are used.
 */
#include <public/errno.h>
#include "blkfront.h"

#define PAGE_SIZE FE_PAGE_SIZE

void *memset(void *s, int c, size_t n);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Ring pages, their grants and the event channel; the nodes announcing them. */
static int setup_ring(struct blkfront *bf)
{
    unsigned int order = fe_read_u64(bf->ops, bf->backend,
                                     "max-ring-page-order", 0);
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
        rc = fe_grant_va(bf->ops, bf->backend_id,
                         (uint8_t *)bf->sring + i * PAGE_SIZE, false);
        if ( rc < 0 )
            return rc;
        bf->ring_refs[i] = rc;
        if ( order == 0 )
            rc = fe_write_u64(bf->ops, bf->node, "ring-ref", bf->ring_refs[i]);
        else
        {
            snprintf(key, sizeof(key), "ring-ref%u", i);
            rc = fe_write_u64(bf->ops, bf->node, key, bf->ring_refs[i]);
        }
        if ( rc < 0 )
            return rc;
    }
    if ( order &&
         (rc = fe_write_u64(bf->ops, bf->node, "ring-page-order", order)) < 0 )
        return rc;
    rc = bf->ops->evtchn_alloc(bf->ops->ctx, bf->backend_id, &bf->port);
    if ( rc < 0 )
        return rc;
    return fe_write_u64(bf->ops, bf->node, "event-channel", bf->port);
}

/* Request slots; with indirect descriptors, one indirect page each. */
static int setup_slots(struct blkfront *bf)
{
    unsigned int ind = fe_read_u64(bf->ops, bf->backend,
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

int blkfront_init(struct blkfront *bf, const struct frontend_ops *ops,
                  const char *node, unsigned int timeout_ms)
{
    int rc;

    memset(bf, 0, sizeof(*bf));
    bf->ops = ops;
    snprintf(bf->node, sizeof(bf->node), "%s", node);
    rc = fe_read(bf->ops, node, "backend", bf->backend, sizeof(bf->backend));
    if ( rc < 0 )
        return rc;
    bf->backend_id = fe_read_u64(bf->ops, node, "backend-id", 0);

    rc = fe_wait_state(bf->ops, bf->backend, FE_INITWAIT, timeout_ms);
    if ( rc < 0 )
        return rc;
    rc = setup_ring(bf);
    if ( rc == 0 )
        rc = setup_slots(bf);
    if ( rc < 0 )
        return rc;
    rc = fe_write_str(ops, node, "protocol", "x86_64-abi");
    if ( rc == 0 )
        rc = fe_write_u64(bf->ops, bf->node, "feature-persistent", 0);
    if ( rc == 0 )
        rc = fe_write_u64(bf->ops, bf->node, "state", FE_INITIALISED);
    if ( rc == 0 )
        rc = fe_wait_state(bf->ops, bf->backend, FE_CONNECTED, timeout_ms);
    if ( rc < 0 )
        return rc;

    bf->sectors = fe_read_u64(bf->ops, bf->backend, "sectors", 0);
    bf->sector_size = fe_read_u64(bf->ops, bf->backend, "sector-size", 512);
    bf->info = fe_read_u64(bf->ops, bf->backend, "info", 0);
    bf->flush = fe_read_u64(bf->ops, bf->backend, "feature-flush-cache", 0);
    bf->barrier = fe_read_u64(bf->ops, bf->backend, "feature-barrier", 0);
    if ( !bf->sectors )
        return -XEN_EIO;
    return fe_write_u64(bf->ops, bf->node, "state", FE_CONNECTED);
}
