/* SPDX-License-Identifier: MIT */
/*
 * PV network protocol: a transmit ring and a receive ring (io/ring.h) per
 * queue between netfront and netback, packet data in granted pages.
 *
 * Xenstore keys (front end): tx-ring-ref, rx-ring-ref, event-channel (or
 * event-channel-tx/-rx), request-rx-copy = 1, feature-rx-notify,
 * feature-sg, feature-gso-tcpv4, multi-queue-num-queues, queue-%u/.
 * Back end: mac, feature-sg, feature-gso-tcpv4/6, feature-rx-copy,
 * feature-split-event-channels, multi-queue-max-queues.
 *
 * A packet may span several slots: every slot but the last has
 * NETTXF_more_data / NETRXF_more_data; extra-info slots (netif_extra_info)
 * follow the first slot when NETTXF_extra_info / NETRXF_extra_info is set.
 */
#ifndef XEN_PUBLIC_IO_NETIF_H
#define XEN_PUBLIC_IO_NETIF_H

#include <stdint.h>

#include "ring.h"
#include "../grant_table.h"

/* Largest packet and the fewest slots a back end must accept per packet. */
#define XEN_NETIF_MAX_TX_SIZE  0xFFFF
#define XEN_NETIF_NR_SLOTS_MIN 18

/* Transmit request flags. */
#define _NETTXF_csum_blank     0   /* checksum must be computed */
#define NETTXF_csum_blank      (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated 1   /* checksum already verified */
#define NETTXF_data_validated  (1U << _NETTXF_data_validated)
#define _NETTXF_more_data      2   /* packet continues in the next slot */
#define NETTXF_more_data       (1U << _NETTXF_more_data)
#define _NETTXF_extra_info     3   /* a netif_extra_info slot follows */
#define NETTXF_extra_info      (1U << _NETTXF_extra_info)

/* Transmit request (12 bytes). */
struct netif_tx_request {
    grant_ref_t gref;   /* 0x0: page holding the data */
    uint16_t offset;    /* 0x4: data offset in the page */
    uint16_t flags;     /* 0x6: NETTXF_* */
    uint16_t id;        /* 0x8: echoed in the response */
    uint16_t size;      /* 0xa: first slot: whole packet; others: this slot */
};
typedef struct netif_tx_request netif_tx_request_t;

/* Extra-info slot types and flags. */
#define XEN_NETIF_EXTRA_TYPE_NONE     0
#define XEN_NETIF_EXTRA_TYPE_GSO      1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XEN_NETIF_EXTRA_TYPE_HASH     4
#define XEN_NETIF_EXTRA_TYPE_MAX      5

#define _XEN_NETIF_EXTRA_FLAG_MORE 0   /* another extra-info slot follows */
#define XEN_NETIF_EXTRA_FLAG_MORE  (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

#define XEN_NETIF_GSO_TYPE_NONE  0
#define XEN_NETIF_GSO_TYPE_TCPV4 1
#define XEN_NETIF_GSO_TYPE_TCPV6 2

/* Extra information slot (8 bytes), shares the ring slot of a request. */
struct netif_extra_info {
    uint8_t type;    /* 0x0: XEN_NETIF_EXTRA_TYPE_* */
    uint8_t flags;   /* 0x1: XEN_NETIF_EXTRA_FLAG_* */
    union {
        struct {
            uint16_t size;      /* MSS */
            uint8_t type;       /* XEN_NETIF_GSO_TYPE_* */
            uint8_t pad;
            uint16_t features;  /* XEN_NETIF_GSO_FEAT_* (none defined) */
        } gso;
        struct {
            uint8_t addr[6];    /* multicast MAC */
        } mcast;
        struct {
            uint8_t type;       /* hash type */
            uint8_t algorithm;  /* hash algorithm */
            uint8_t value[4];   /* hash value */
        } hash;
        uint16_t pad[3];
    } u;             /* 0x2 */
};
typedef struct netif_extra_info netif_extra_info_t;

/* Transmit response (4 bytes). */
struct netif_tx_response {
    uint16_t id;       /* the request's id */
    int16_t status;    /* XEN_NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* Receive request (8 bytes): an empty page for the back end to fill. */
struct netif_rx_request {
    uint16_t id;        /* 0x0: echoed in the response */
    uint16_t pad;
    grant_ref_t gref;   /* 0x4: writable grant of the page */
};
typedef struct netif_rx_request netif_rx_request_t;

/* Receive response flags. */
#define _NETRXF_data_validated 0
#define NETRXF_data_validated  (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank     1
#define NETRXF_csum_blank      (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data      2
#define NETRXF_more_data       (1U << _NETRXF_more_data)
#define _NETRXF_extra_info     3
#define NETRXF_extra_info      (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix     4
#define NETRXF_gso_prefix      (1U << _NETRXF_gso_prefix)

/* Receive response (8 bytes). */
struct netif_rx_response {
    uint16_t id;       /* 0x0: the request's id */
    uint16_t offset;   /* 0x2: data offset in the page */
    uint16_t flags;    /* 0x4: NETRXF_* */
    int16_t status;    /* 0x6: > 0 bytes received, else XEN_NETIF_RSP_* */
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define XEN_NETIF_RSP_DROPPED -2
#define XEN_NETIF_RSP_ERROR   -1
#define XEN_NETIF_RSP_OKAY     0
#define XEN_NETIF_RSP_NULL     1   /* no response: slot held extra info */

#endif /* XEN_PUBLIC_IO_NETIF_H */
