/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk request layer: turns one blkif ring request, copied out of the
 * shared page, into a validated list of I/O vectors against one device.
 * Pure (no I/O, no globals): the daemon and the host unit tests share it.
 */
#ifndef BLKIF_REQ_H
#define BLKIF_REQ_H

#include <stdint.h>
#include <public/io/blkif.h>

#define BLKREQ_PAGE_SIZE      4096u
#define BLKREQ_SEGS_PER_PAGE  (BLKREQ_PAGE_SIZE / sizeof(struct blkif_request_segment))
/* Indirect segments we advertise (feature-max-indirect-segments), as Linux. */
#define BLKREQ_MAX_INDIRECT   256u
#define BLKREQ_MAX_SEGS       BLKREQ_MAX_INDIRECT
/* Largest multi-page ring we accept (max-ring-page-order). */
#define BLKREQ_MAX_RING_ORDER 4u

/* What a request is checked against. */
struct blkreq_geom {
    uint64_t sectors;       /* device size in 512-byte sectors */
    uint32_t sector_size;   /* logical sector size: 512 or 4096 */
    int readonly;           /* refuse WRITE, BARRIER with data, DISCARD */
    int discard;            /* feature-discard offered */
    unsigned max_indirect;  /* feature-max-indirect-segments (0: none) */
};

/* One piece of guest memory and where it goes on the device. */
struct blkreq_iov {
    uint32_t gref;          /* frontend's grant */
    uint16_t offset;        /* byte offset in the granted page */
    uint16_t len;           /* bytes, multiple of 512, inside the page */
    uint64_t dev_off;       /* byte offset on the device */
};

/* What the backend does. */
enum blkreq_kind {
    BLKREQ_READ,
    BLKREQ_WRITE,
    BLKREQ_FLUSH,           /* no data: flush the cache */
    BLKREQ_DISCARD,
};

struct blkreq {
    uint64_t id;            /* echoed in the response */
    uint8_t rsp_op;         /* operation the response carries */
    enum blkreq_kind kind;
    int flush;              /* flush after the data (flush/barrier ops) */
    int barrier;            /* earlier requests must complete first */
    uint64_t sector;        /* first 512-byte sector */
    uint64_t dev_off, len;  /* byte range on the device */
    /* Indirect: pages still to fetch before blkreq_set_segments(). */
    unsigned nr_indirect_pages;
    uint32_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    unsigned nr_segs;       /* segments announced */
    unsigned nr_iov;        /* segments validated into iov[] */
    struct blkreq_iov iov[BLKREQ_MAX_SEGS];
};

/*
 * Parses and validates the fixed part of @raw (already copied out of the
 * ring). Returns BLKIF_RSP_OKAY with @out filled (for a direct request
 * including the segments), BLKIF_RSP_ERROR or BLKIF_RSP_EOPNOTSUPP. Even on
 * error out->id and out->rsp_op are set for the response. For an indirect
 * request out->nr_indirect_pages > 0: fetch those pages and call
 * blkreq_set_segments() with their contents.
 */
int blkreq_parse(const struct blkreq_geom *g, const struct blkif_request *raw,
                 struct blkreq *out);

/*
 * Validates @n segments (from the request or the indirect pages; n must be
 * out->nr_segs) and builds out->iov[]. BLKIF_RSP_OKAY or BLKIF_RSP_ERROR.
 */
int blkreq_set_segments(const struct blkreq_geom *g, struct blkreq *r,
                        const struct blkif_request_segment *segs, unsigned n);

/*
 * Ring index check before consuming: the frontend's req_prod may run at
 * most the ring size ahead of the responses we produced. 0 if sane and
 * *avail gets the number of requests to take; -1 if hostile (disconnect).
 */
int blkreq_ring_avail(uint32_t req_prod, uint32_t req_cons,
                      uint32_t rsp_prod_pvt, uint32_t size, uint32_t *avail);

/*
 * The frontend's multi-queue-num-queues (@s, NULL if absent: one queue)
 * against the @max we offered: the count, or -1 (0, above max, not a
 * decimal number).
 */
long blkreq_queue_count(const char *s, unsigned max);

/*
 * The logical sector size a device gets: the backend node "sector-size"
 * (@node, NULL if absent: the toolstack's choice for an image file) or
 * else what the store reports (@store: 512 for files, BLKSSZGET for block
 * devices). -1 if the node is not 512 or 4096 or is below @store (a 4096
 * device cannot be offered with 512-byte sectors).
 */
long blkreq_sector_size(const char *node, unsigned store);

/* Size in 512-byte sectors of @bytes cut to whole @sector_size sectors. */
uint64_t blkreq_sectors(uint64_t bytes, unsigned sector_size);

/* Slots of a ring of 2^order pages (32 per page). 0 for a bad order. */
uint32_t blkreq_ring_slots(unsigned order);

#endif /* BLKIF_REQ_H */
