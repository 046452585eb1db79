/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic packet layer: validates one tx request chain copied out of the
 * shared ring, turns the frontend's offload flags into a virtio-net header
 * for the tap and a tap frame's header into rx flags, counts the rx slots
 * a frame needs, and runs the rate= credit limiter. Pure (no I/O, no
 * globals): the daemon and the host unit tests share it.
 */
#ifndef NETIF_REQ_H
#define NETIF_REQ_H

#include <stdint.h>
#include <linux/virtio_net.h>
#include <public/io/netif.h>

#define NETREQ_PAGE_SIZE   4096u
#define NETREQ_ETH_HLEN    14u
/* Data slots every packet may use (XEN_NETIF_NR_SLOTS_MIN, Linux's max). */
#define NETREQ_MAX_SLOTS   XEN_NETIF_NR_SLOTS_MIN
/* More than this is hostile (Linux netback's fatal_skb_slots default). */
#define NETREQ_FATAL_SLOTS 20u
/* Extra-info slots one packet may carry: one per type. */
#define NETREQ_MAX_EXTRAS  (XEN_NETIF_EXTRA_TYPE_MAX - 1)
/* Ring slots of the longest chain parsed at once. */
#define NETREQ_MAX_CHAIN   (NETREQ_FATAL_SLOTS + 1 + NETREQ_MAX_EXTRAS)
/* Largest frame (without the vnet header) either way. */
#define NETREQ_MAX_FRAME   65536u

enum netreq_verdict {
    NETREQ_OK,          /* send it */
    NETREQ_INCOMPLETE,  /* the chain goes on past the slots given: wait */
    NETREQ_DROP,        /* answer every slot with an error, go on */
    NETREQ_FATAL,       /* hostile frontend: disable the vif */
};

struct netreq_seg {
    uint32_t gref;
    uint16_t offset, len;
};

/* One tx packet as the frontend chained it. */
struct nettx_pkt {
    unsigned nr_slots;                  /* ring slots taken, extras included */
    uint16_t ids[NETREQ_MAX_CHAIN];     /* request id of each slot */
    uint8_t extra[NETREQ_MAX_CHAIN];    /* slot held extra info (RSP_NULL) */
    unsigned nr_segs;
    struct netreq_seg segs[NETREQ_FATAL_SLOTS];
    uint32_t len;                       /* whole frame */
    uint16_t flags;                     /* NETTXF_csum_blank, data_validated */
    uint8_t gso_type;                   /* XEN_NETIF_GSO_TYPE_* */
    uint16_t gso_size;
    const char *why;                    /* reason of DROP or FATAL */
};

/*
 * Parses the chain starting at slots[0] (n slots copied from the ring, in
 * order). NETREQ_OK fills @p; DROP and FATAL set p->why (DROP also sets
 * nr_slots, ids and extra so every slot gets its response).
 */
enum netreq_verdict nettx_parse(const netif_tx_request_t *slots, unsigned n,
                                struct nettx_pkt *p);

/*
 * The virtio-net header for the tap from @p's flags and GSO info and the
 * headers in @frame (p->len bytes). 0, or -1 if the packet asks for an
 * offload its headers do not allow (drop it).
 */
int nettx_vnet_hdr(const struct nettx_pkt *p, const uint8_t *frame,
                   struct virtio_net_hdr *h);

/*
 * Where the L4 checksum of @frame goes: csum_start (from the frame's start)
 * and csum_offset for TCP or UDP over IPv4/IPv6 (optionally one VLAN tag),
 * and for TCP the length of all headers. 0, or -1 if not such a frame.
 */
int netreq_l4_offsets(const uint8_t *frame, uint32_t len, uint16_t *start,
                      uint16_t *offset, uint16_t *hdr_len, uint8_t *proto);

/* What the frontend told us it accepts on rx. */
struct netrx_caps {
    int sg, gso_tcpv4, gso_tcpv6, csum;
};

/* A tap frame's rx response flags and GSO extra. */
struct netrx_meta {
    uint16_t flags;         /* NETRXF_csum_blank, data_validated */
    uint8_t gso_type;       /* XEN_NETIF_GSO_TYPE_NONE or TCPV4/6 */
    uint16_t gso_size;
    unsigned slots;         /* ring slots it needs, the GSO extra included */
};

/*
 * From the vnet header the tap gave with a frame of @len bytes. 0, or -1 if
 * the frontend cannot take it (too big without sg, an offload it lacks).
 */
int netrx_meta(const struct virtio_net_hdr *h, uint32_t len,
               const struct netrx_caps *caps, struct netrx_meta *m);

/* Rate limiter: credit_bytes every credit_usec (0 bytes: unlimited). */
struct netrate {
    uint64_t bytes, usec;   /* credit and its period */
    uint64_t remaining;     /* credit left in this period */
    uint64_t next_us;       /* when the next credit comes */
};

/* Parses xl's "BYTES,USECS". 0, or -1 if malformed. */
int netrate_parse(const char *s, uint64_t *bytes, uint64_t *usec);
void netrate_init(struct netrate *r, uint64_t bytes, uint64_t usec, uint64_t now_us);
/*
 * Takes @len bytes of credit at @now_us: 0 if the packet may go now, else
 * how many microseconds to wait before asking again.
 */
uint64_t netrate_take(struct netrate *r, uint64_t now_us, uint32_t len);

#endif /* NETIF_REQ_H */
