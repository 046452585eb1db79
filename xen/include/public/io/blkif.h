/* SPDX-License-Identifier: MIT */
/*
 * PV block device protocol: one shared ring (io/ring.h) of requests and
 * responses between blkfront and blkback, data pages passed by grant
 * reference, negotiated through xenstore.
 *
 * Xenstore keys (front end dir):  ring-ref, event-channel, protocol
 * ("x86_64-abi"), feature-persistent; multi-page/multi-queue variants:
 * ring-page-order, ring-ref%u, multi-queue-num-queues, queue-%u/.
 * Back end dir: sectors, sector-size, info (VDISK_*), feature-flush-cache,
 * feature-barrier, feature-discard, feature-max-indirect-segments,
 * max-ring-page-order, multi-queue-max-queues.
 *
 * Sectors are always 512 bytes in requests, whatever sector-size says.
 */
#ifndef XEN_PUBLIC_IO_BLKIF_H
#define XEN_PUBLIC_IO_BLKIF_H

#include <stdint.h>

#include "ring.h"
#include "../grant_table.h"

typedef uint16_t blkif_vdev_t;    /* virtual device handle */
typedef uint64_t blkif_sector_t;  /* 512-byte sector index */

/* Operations. */
#define BLKIF_OP_READ            0
#define BLKIF_OP_WRITE           1
#define BLKIF_OP_WRITE_BARRIER   2  /* write, ordered after all earlier ones */
#define BLKIF_OP_FLUSH_DISKCACHE 3  /* flush the disk cache (nr_segments may be 0) */
#define BLKIF_OP_RESERVED_1      4  /* used by an old out-of-tree back end */
#define BLKIF_OP_DISCARD         5  /* struct blkif_request_discard */
#define BLKIF_OP_INDIRECT        6  /* struct blkif_request_indirect */

/* Segments carried directly in a request. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
/* Grant references to indirect segment pages an indirect request may carry. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/*
 * One segment: sectors first_sect..last_sect (inclusive, 0..7) of the
 * 4 KiB page granted by gref.
 */
struct blkif_request_segment {
    grant_ref_t gref;     /* 0x0 */
    uint8_t first_sect;   /* 0x4 */
    uint8_t last_sect;    /* 0x5 */
    uint16_t _pad;
};                        /* 8 bytes */

/* Read/write/barrier/flush request (112 bytes on x86_64). */
struct blkif_request {
    uint8_t operation;          /* 0x00: BLKIF_OP_* */
    uint8_t nr_segments;        /* 0x01: 1..11 (0 for a pure flush) */
    blkif_vdev_t handle;        /* 0x02: only for multi-device back ends */
    uint32_t _pad;
    uint64_t id;                /* 0x08: echoed in the response */
    blkif_sector_t sector_number; /* 0x10: start sector */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST]; /* 0x18 */
};
typedef struct blkif_request blkif_request_t;

/* BLKIF_OP_DISCARD: the range may be dropped (trim). */
#define BLKIF_DISCARD_SECURE (1 << 0)  /* erase securely (feature-discard-secure) */
struct blkif_request_discard {
    uint8_t operation;          /* 0x00: BLKIF_OP_DISCARD */
    uint8_t flag;               /* 0x01: BLKIF_DISCARD_* */
    blkif_vdev_t handle;        /* 0x02 */
    uint32_t _pad1;
    uint64_t id;                /* 0x08 */
    blkif_sector_t sector_number; /* 0x10 */
    uint64_t nr_sectors;        /* 0x18 */
};                              /* 32 bytes */
typedef struct blkif_request_discard blkif_request_discard_t;

/*
 * BLKIF_OP_INDIRECT: the segments live in granted pages, each holding
 * 512 struct blkif_request_segment (feature-max-indirect-segments).
 */
struct blkif_request_indirect {
    uint8_t operation;          /* 0x00: BLKIF_OP_INDIRECT */
    uint8_t indirect_op;        /* 0x01: BLKIF_OP_READ or WRITE */
    uint16_t nr_segments;       /* 0x02 */
    uint32_t _pad1;
    uint64_t id;                /* 0x08 */
    blkif_sector_t sector_number; /* 0x10 */
    blkif_vdev_t handle;        /* 0x18 */
    uint16_t _pad2;
    grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST]; /* 0x1c */
};                              /* 64 bytes */
typedef struct blkif_request_indirect blkif_request_indirect_t;

/* Response (16 bytes). */
struct blkif_response {
    uint64_t id;                /* 0x0: the request's id */
    uint8_t operation;          /* 0x8: the request's operation */
    uint8_t _pad;
    int16_t status;             /* 0xa: BLKIF_RSP_* */
    uint32_t _pad2;
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP -2  /* operation not supported (e.g. barrier) */
#define BLKIF_RSP_ERROR      -1  /* I/O error */
#define BLKIF_RSP_OKAY        0

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Back end "info" bits. */
#define VDISK_CDROM     0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY  0x4

#endif /* XEN_PUBLIC_IO_BLKIF_H */
