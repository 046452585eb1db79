/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront: a PV block frontend as a library for freestanding kernels. The
 * kernel supplies struct frontend_ops (../common/frontend.h: pages, grants,
 * an event channel, the store, waiting); the library does the xenbus handshake
 * (../shared/docs/split-drivers.md section 1), a multi-page ring, indirect
 * descriptors and flushes. Synchronous calls, many requests in flight.
 * See drivers/frontend/README.md.
 */
#ifndef BLKFRONT_H
#define BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/blkif.h>
#include "frontend.h"

#define BLKFRONT_MAX_RING_ORDER 2       /* up to 4 ring pages */
#define BLKFRONT_MAX_SLOTS      32      /* requests in flight */
#define BLKFRONT_MAX_INDIRECT   64      /* segments per indirect request */

struct blkfront_slot {
    bool busy, done;
    int16_t status;
    uint16_t nr_refs;
    uint32_t refs[BLKFRONT_MAX_INDIRECT + 1];   /* data pages, indirect page */
    struct blkif_request_segment *indirect;     /* its page, if any */
};

struct blkfront {
    const struct frontend_ops *ops;
    char node[64];                  /* our device directory */
    char backend[128];              /* the backend's */
    uint16_t backend_id;
    uint32_t port;
    unsigned int ring_order;
    void *sring;
    uint32_t ring_refs[1u << BLKFRONT_MAX_RING_ORDER];
    blkif_front_ring_t ring;
    /* From the backend at Connected. */
    uint64_t sectors;               /* in 512-byte units, always */
    uint32_t sector_size;
    uint32_t info;                  /* VDISK_* */
    bool flush;                     /* feature-flush-cache */
    bool barrier;                   /* feature-barrier */
    unsigned int max_segs;          /* per request: 11 or the indirect limit */
    unsigned int nr_slots, inflight;
    uint64_t requests, errors;      /* statistics */
    struct blkfront_slot slot[BLKFRONT_MAX_SLOTS];
};

/*
 * Connect to the device at node (e.g. "device/vbd/51712"); up to
 * timeout_ms for the backend. 0 or a negative errno (XEN_E*).
 */
int blkfront_init(struct blkfront *bf, const struct frontend_ops *ops,
                  const char *node, unsigned int timeout_ms);
/*
 * Read or write len bytes at byte offset (512-byte multiples) from/to buf,
 * which must be page aligned and mapped 1:1 (virt_to_mfn per page).
 */
int blkfront_read(struct blkfront *bf, uint64_t offset, void *buf, size_t len);
int blkfront_write(struct blkfront *bf, uint64_t offset, const void *buf,
                   size_t len);
/* Flush the disk cache (or a barrier); -XEN_EOPNOTSUPP if neither. */
int blkfront_flush(struct blkfront *bf);
/* Closing -> Closed with the backend; frees the ring and grants. */
int blkfront_close(struct blkfront *bf, unsigned int timeout_ms);
/* Size in bytes. */
static inline uint64_t blkfront_bytes(const struct blkfront *bf)
{
    return bf->sectors * 512;
}

#endif /* BLKFRONT_H */
