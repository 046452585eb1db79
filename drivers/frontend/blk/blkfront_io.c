/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront requests: direct (up to 11 segments) or indirect, many in
 * flight, completed from the response ring; flush; close.
 */
#include <public/errno.h>
#include "blkfront.h"

#define PAGE_SIZE FE_PAGE_SIZE

void *memset(void *s, int c, size_t n);

/* Withdraw a slot's grants; the backend is done with them (it answered). */
static void slot_release(struct blkfront *bf, struct blkfront_slot *s)
{
    for ( unsigned int i = 0; i < s->nr_refs; i++ )
    {
        /* A backend still unmapping: give it a moment. */
        for ( unsigned int t = 0; t < 100; t++ )
            if ( bf->ops->grant_end(bf->ops->ctx, s->refs[i]) != -XEN_EBUSY )
                break;
    }
    s->nr_refs = 0;
}

static void poll_responses(struct blkfront *bf)
{
    int more;

    do {
        RING_IDX rp = bf->ring.sring->rsp_prod, i;

        xen_rmb();
        for ( i = bf->ring.rsp_cons; i != rp; i++ )
        {
            blkif_response_t *r = RING_GET_RESPONSE(&bf->ring, i);
            uint64_t id = r->id;

            if ( id >= bf->nr_slots || !bf->slot[id].busy || bf->slot[id].done )
                continue;               /* not ours: ignore */
            bf->slot[id].status = r->status;
            bf->slot[id].done = true;
        }
        bf->ring.rsp_cons = rp;
        RING_FINAL_CHECK_FOR_RESPONSES(&bf->ring, more);
    } while ( more );
}

static int free_slot(struct blkfront *bf)
{
    for ( unsigned int i = 0; i < bf->nr_slots; i++ )
        if ( !bf->slot[i].busy )
            return i;
    return -1;
}

/* Grant page va for this request; its segment. */
static int seg_for(struct blkfront *bf, struct blkfront_slot *s, const uint8_t *va,
                   unsigned int bytes, bool write,
                   struct blkif_request_segment *seg)
{
    int ref = fe_grant_va(bf->ops, bf->backend_id, va, write);

    if ( ref < 0 )
        return ref;
    s->refs[s->nr_refs++] = ref;
    seg->gref = ref;
    seg->first_sect = 0;
    seg->last_sect = bytes / 512 - 1;
    return 0;
}

/* Queue one request for up to max_segs pages at buf; bytes queued or <0. */
static long submit(struct blkfront *bf, int slot, bool write, uint64_t offset,
                   const uint8_t *buf, size_t len)
{
    struct blkfront_slot *s = &bf->slot[slot];
    blkif_request_t *req = RING_GET_REQUEST(&bf->ring, bf->ring.req_prod_pvt);
    unsigned int n = 0, op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
    bool indirect = bf->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST;
    size_t done = 0;
    int rc;

    s->nr_refs = 0;
    while ( done < len && n < bf->max_segs )
    {
        unsigned int bytes = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
        struct blkif_request_segment *seg = indirect ? &s->indirect[n]
                                                     : &req->seg[n];

        rc = seg_for(bf, s, buf + done, bytes, write, seg);
        if ( rc < 0 )
            goto fail;
        done += bytes, n++;
    }
    if ( indirect )
    {
        blkif_request_indirect_t *ind = (blkif_request_indirect_t *)req;

        rc = fe_grant_va(bf->ops, bf->backend_id, s->indirect, true);
        if ( rc < 0 )
            goto fail;
        s->refs[s->nr_refs++] = rc;
        memset(ind, 0, sizeof(*ind));
        ind->operation = BLKIF_OP_INDIRECT;
        ind->indirect_op = op;
        ind->nr_segments = n;
        ind->id = slot;
        ind->sector_number = offset / 512;
        ind->indirect_grefs[0] = rc;
    }
    else
    {
        req->operation = op;
        req->nr_segments = n;
        req->handle = 0;
        req->id = slot;
        req->sector_number = offset / 512;
    }
    s->busy = true, s->done = false;
    bf->ring.req_prod_pvt++;
    bf->inflight++, bf->requests++;
    return done;

fail:
    slot_release(bf, s);
    return rc;
}

static void kick(struct blkfront *bf)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&bf->ring, notify);
    if ( notify )
        bf->ops->evtchn_notify(bf->ops->ctx, bf->port);
}

/* Retire answered slots; the first error seen, else 0. */
static int reap(struct blkfront *bf)
{
    int rc = 0;

    poll_responses(bf);
    for ( unsigned int i = 0; i < bf->nr_slots; i++ )
    {
        struct blkfront_slot *s = &bf->slot[i];

        if ( !s->busy || !s->done )
            continue;
        slot_release(bf, s);
        if ( s->status != BLKIF_RSP_OKAY )
        {
            bf->errors++;
            if ( !rc )
                rc = s->status == BLKIF_RSP_EOPNOTSUPP ? -XEN_EOPNOTSUPP
                                                       : -XEN_EIO;
        }
        s->busy = false;
        bf->inflight--;
    }
    return rc;
}

static int do_io(struct blkfront *bf, bool write, uint64_t offset,
                 const uint8_t *buf, size_t len)
{
    size_t queued = 0;
    int rc = 0, slot;

    if ( (offset | len) & 511 || ((uintptr_t)buf & (PAGE_SIZE - 1)) ||
         offset + len > blkfront_bytes(bf) || offset + len < offset )
        return -XEN_EINVAL;
    if ( write && (bf->info & VDISK_READONLY) )
        return -XEN_EROFS;
    while ( queued < len || bf->inflight )
    {
        while ( !rc && queued < len && !RING_FULL(&bf->ring) &&
                (slot = free_slot(bf)) >= 0 )
        {
            long n = submit(bf, slot, write, offset + queued, buf + queued,
                            len - queued);

            if ( n < 0 )
            {
                rc = n;
                break;
            }
            queued += n;
        }
        kick(bf);
        if ( !bf->inflight )
            break;
        int r = reap(bf);

        if ( r && !rc )
            rc = r;
        if ( rc )
            queued = len;               /* stop queueing, drain */
        if ( bf->inflight && (queued >= len || RING_FULL(&bf->ring) ||
                              free_slot(bf) < 0) )
            bf->ops->wait(bf->ops->ctx, 100);
    }
    return rc;
}

int blkfront_read(struct blkfront *bf, uint64_t offset, void *buf, size_t len)
{
    return do_io(bf, false, offset, buf, len);
}

int blkfront_write(struct blkfront *bf, uint64_t offset, const void *buf,
                   size_t len)
{
    return do_io(bf, true, offset, buf, len);
}

int blkfront_flush(struct blkfront *bf)
{
    blkif_request_t *req;
    int slot, rc;

    if ( !bf->flush && !bf->barrier )
        return -XEN_EOPNOTSUPP;
    while ( (slot = free_slot(bf)) < 0 || RING_FULL(&bf->ring) )
    {
        reap(bf);
        bf->ops->wait(bf->ops->ctx, 100);
    }
    req = RING_GET_REQUEST(&bf->ring, bf->ring.req_prod_pvt);
    memset(req, 0, sizeof(*req));
    req->operation = bf->flush ? BLKIF_OP_FLUSH_DISKCACHE
                               : BLKIF_OP_WRITE_BARRIER;
    req->id = slot;
    bf->slot[slot].busy = true, bf->slot[slot].done = false;
    bf->slot[slot].nr_refs = 0;
    bf->ring.req_prod_pvt++;
    bf->inflight++, bf->requests++;
    kick(bf);
    rc = 0;
    while ( bf->inflight )
    {
        int r = reap(bf);

        if ( r && !rc )
            rc = r;
        if ( bf->inflight )
            bf->ops->wait(bf->ops->ctx, 100);
    }
    return rc;
}

int blkfront_close(struct blkfront *bf, unsigned int timeout_ms)
{
    unsigned int n = 1u << bf->ring_order;
    int rc = fe_close(bf->ops, bf->node, bf->backend, timeout_ms);

    bf->ops->evtchn_close(bf->ops->ctx, bf->port);
    for ( unsigned int i = 0; i < n; i++ )
        bf->ops->grant_end(bf->ops->ctx, bf->ring_refs[i]);
    bf->ops->free_pages(bf->ops->ctx, bf->sring, n);
    for ( unsigned int i = 0; i < bf->nr_slots; i++ )
        if ( bf->slot[i].indirect )
            bf->ops->free_pages(bf->ops->ctx, bf->slot[i].indirect, 1);
    return rc;
}
