/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront: a PV network frontend as a library for freestanding kernels,
 * on the kernel's struct frontend_ops (../common/frontend.h). Handshake per
 * ../shared/docs/split-drivers.md section 1 (Net); receive by copy
 * (request-rx-copy), scatter-gather both ways (a frame over several slots),
 * checksum offload flags both ways. Buffers are granted once at connect
 * and reused (the backend copies). See drivers/frontend/README.md.
 */
#ifndef NETFRONT_H
#define NETFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/netif.h>
#include "frontend.h"

#define NETFRONT_TX_BUFS  64            /* tx slots (one page each) */
#define NETFRONT_RX_BUFS  64            /* rx pages posted to the backend */
#define NETFRONT_MAX_FRAME 65535        /* with scatter-gather */

/* Frame flags, both ways. */
#define NETFRONT_CSUM_BLANK     1u      /* L4 checksum not filled in */
#define NETFRONT_DATA_VALIDATED 2u      /* checksum known good */

struct netfront_buf {
    uint8_t *page;
    uint32_t ref;
    bool busy;
};

struct netfront {
    const struct frontend_ops *ops;
    char node[64];
    char backend[128];
    uint16_t backend_id;
    uint8_t mac[6];
    uint32_t port;
    bool sg;                            /* backend feature-sg */
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    void *tx_sring, *rx_sring;
    uint32_t tx_ring_ref, rx_ring_ref;
    struct netfront_buf txb[NETFRONT_TX_BUFS], rxb[NETFRONT_RX_BUFS];
    unsigned int tx_free;               /* free tx buffers */
    uint8_t *frame;                     /* reassembly of multi-slot frames */
    size_t frame_len;
    unsigned int frame_flags;
    bool frame_bad;
    uint64_t tx_packets, rx_packets, tx_errors, rx_errors;
};

struct netfront_frag {
    const void *data;
    size_t len;
};

/* Connect to the vif at node ("device/vif/0"): 0 or a negative Xen errno. */
int netfront_init(struct netfront *nf, const struct frontend_ops *ops,
                  const char *node, unsigned int timeout_ms);
/*
 * Queue one frame gathered from n pieces (flags NETFRONT_*): 0,
 * -XEN_EAGAIN when the ring or the buffers are full (poll, then retry),
 * -XEN_EINVAL when too big.
 */
int netfront_send(struct netfront *nf, const struct netfront_frag *frag,
                  unsigned int n, unsigned int flags);
/*
 * Retire sent frames and hand each received one to fn (frame valid during
 * the call). The number of frames received, or a negative Xen errno.
 */
typedef void (*netfront_rx_fn)(void *arg, const void *frame, size_t len,
                               unsigned int flags);
int netfront_poll(struct netfront *nf, netfront_rx_fn fn, void *arg);
int netfront_close(struct netfront *nf, unsigned int timeout_ms);

#endif /* NETFRONT_H */
