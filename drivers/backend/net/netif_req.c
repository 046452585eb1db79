/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic packet layer (netif_req.h): tx chain validation, offload headers
 * both ways, rx slot counts, the credit limiter. Every field read here was
 * copied out of the shared ring first: the frontend cannot change it while
 * it is checked.
 */
#include <stdlib.h>
#include <string.h>

#include "netif_req.h"

/* Extra-info slots after the first request. NETREQ_OK or a verdict. */
static enum netreq_verdict parse_extras(const netif_tx_request_t *slots,
                                        unsigned n, struct nettx_pkt *p,
                                        unsigned *i)
{
    struct netif_extra_info ex;

    do {
        if (*i >= n)
            return NETREQ_INCOMPLETE;
        if (*i > NETREQ_MAX_EXTRAS) {
            p->why = "too many extra-info slots";
            return NETREQ_FATAL;
        }
        memcpy(&ex, &slots[*i], sizeof(ex));
        p->ids[*i] = slots[*i].id;
        p->extra[*i] = 1;
        (*i)++;
        if (ex.type == XEN_NETIF_EXTRA_TYPE_NONE ||
            ex.type >= XEN_NETIF_EXTRA_TYPE_MAX) {
            p->why = "bad extra-info type";
            return NETREQ_FATAL;
        }
        if (ex.type != XEN_NETIF_EXTRA_TYPE_GSO)
            continue;           /* multicast lists and hashes: not used */
        if (ex.u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 &&
            ex.u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6) {
            p->why = "bad GSO type";
            return NETREQ_FATAL;
        }
        if (ex.u.gso.size == 0) {
            p->why = "GSO size 0";
            return NETREQ_FATAL;
        }
        p->gso_type = ex.u.gso.type;
        p->gso_size = ex.u.gso.size;
    } while (ex.flags & XEN_NETIF_EXTRA_FLAG_MORE);
    return NETREQ_OK;
}

/* One data slot: inside its page, and no bigger than what is left. */
static enum netreq_verdict add_seg(struct nettx_pkt *p,
                                   const netif_tx_request_t *s,
                                   uint32_t len)
{
    if ((uint32_t)s->offset + len > NETREQ_PAGE_SIZE) {
        p->why = "slot crosses its page";
        return NETREQ_FATAL;
    }
    p->segs[p->nr_segs++] = (struct netreq_seg){
        .gref = s->gref, .offset = s->offset, .len = (uint16_t)len };
    return NETREQ_OK;
}

enum netreq_verdict nettx_parse(const netif_tx_request_t *slots, unsigned n,
                                struct nettx_pkt *p)
{
    unsigned i = 1, data = 1;
    uint32_t rest = 0;
    uint16_t more;
    enum netreq_verdict v;

    memset(p, 0, sizeof(*p));
    if (n == 0)
        return NETREQ_INCOMPLETE;
    p->ids[0] = slots[0].id;
    p->len = slots[0].size;
    p->flags = slots[0].flags & (NETTXF_csum_blank | NETTXF_data_validated);
    if (slots[0].flags & NETTXF_extra_info) {
        v = parse_extras(slots, n, p, &i);
        if (v != NETREQ_OK)
            return v;
    }
    /* Count the data slots and their sizes before taking any. */
    more = slots[0].flags & NETTXF_more_data;
    for (unsigned j = i; more; j++) {
        if (data >= NETREQ_FATAL_SLOTS) {
            p->why = "more than 20 slots";
            return NETREQ_FATAL;
        }
        if (j >= n)
            return NETREQ_INCOMPLETE;
        if (slots[j].size > p->len - rest) {
            p->why = "slot sizes exceed the packet size";
            return NETREQ_FATAL;
        }
        rest += slots[j].size;
        more = slots[j].flags & NETTXF_more_data;
        data++;
    }
    p->nr_slots = i + data - 1;
    for (unsigned j = i; j < p->nr_slots; j++)
        p->ids[j] = slots[j].id;
    v = add_seg(p, &slots[0], p->len - rest);
    for (unsigned j = i; j < p->nr_slots && v == NETREQ_OK; j++)
        v = add_seg(p, &slots[j], slots[j].size);
    if (v != NETREQ_OK)
        return v;
    if (data > NETREQ_MAX_SLOTS) {
        p->why = "more than 18 slots";
        return NETREQ_DROP;
    }
    if (p->len < NETREQ_ETH_HLEN) {
        p->why = "shorter than an Ethernet header";
        return NETREQ_DROP;
    }
    return NETREQ_OK;
}

static uint16_t be16(const uint8_t *b)
{
    return (uint16_t)(b[0] << 8 | b[1]);
}

/* IPv6: skips hop-by-hop, routing and destination options headers. */
static int skip_ipv6(const uint8_t *f, uint32_t len, uint32_t *off, uint8_t *proto)
{
    uint8_t nh;

    if (*off + 40 > len)
        return -1;
    nh = f[*off + 6];
    *off += 40;
    while (nh == 0 || nh == 43 || nh == 60) {
        if (*off + 8 > len)
            return -1;
        nh = f[*off];
        *off += ((uint32_t)f[*off + 1] + 1) * 8;
    }
    *proto = nh;
    return 0;
}

int netreq_l4_offsets(const uint8_t *f, uint32_t len, uint16_t *start,
                      uint16_t *offset, uint16_t *hdr_len, uint8_t *proto)
{
    uint32_t off = NETREQ_ETH_HLEN;
    uint16_t type;

    if (len < NETREQ_ETH_HLEN)
        return -1;
    type = be16(f + 12);
    if (type == 0x8100) {               /* one VLAN tag */
        if (len < NETREQ_ETH_HLEN + 4)
            return -1;
        type = be16(f + 16);
        off += 4;
    }
    if (type == 0x0800) {
        if (off + 20 > len || (f[off] >> 4) != 4 || (f[off] & 15) < 5)
            return -1;
        if (be16(f + off + 6) & 0x3fff)
            return -1;                  /* a fragment */
        *proto = f[off + 9];
        off += (uint32_t)(f[off] & 15) * 4;
    } else if (type == 0x86dd) {
        if (skip_ipv6(f, len, &off, proto) < 0)
            return -1;
    } else {
        return -1;
    }
    if (*proto == 6 && off + 20 <= len && (f[off + 12] >> 4) >= 5) {
        *offset = 16;
        *hdr_len = (uint16_t)(off + (uint32_t)(f[off + 12] >> 4) * 4);
    } else if (*proto == 17 && off + 8 <= len) {
        *offset = 6;
        *hdr_len = (uint16_t)(off + 8);
    } else {
        return -1;
    }
    if (*hdr_len > len)
        return -1;
    *start = (uint16_t)off;
    return 0;
}

int nettx_vnet_hdr(const struct nettx_pkt *p, const uint8_t *frame,
                   struct virtio_net_hdr *h)
{
    uint16_t start, offset, hdr_len;
    uint8_t proto;

    memset(h, 0, sizeof(*h));
    if ((p->flags & NETTXF_csum_blank) || p->gso_type) {
        if (netreq_l4_offsets(frame, p->len, &start, &offset, &hdr_len, &proto) < 0)
            return -1;
        h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        h->csum_start = start;
        h->csum_offset = offset;
    } else if (p->flags & NETTXF_data_validated) {
        h->flags = VIRTIO_NET_HDR_F_DATA_VALID;
    }
    if (!p->gso_type)
        return 0;
    if (proto != 6)
        return -1;
    h->gso_type = p->gso_type == XEN_NETIF_GSO_TYPE_TCPV4 ?
        VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_TCPV6;
    h->gso_size = p->gso_size;
    h->hdr_len = hdr_len;
    return 0;
}

int netrx_meta(const struct virtio_net_hdr *h, uint32_t len,
               const struct netrx_caps *caps, struct netrx_meta *m)
{
    memset(m, 0, sizeof(*m));
    if (len < NETREQ_ETH_HLEN || len > NETREQ_MAX_FRAME)
        return -1;
    if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        if (!caps->csum)
            return -1;
        m->flags = NETRXF_csum_blank | NETRXF_data_validated;
    } else if (h->flags & VIRTIO_NET_HDR_F_DATA_VALID) {
        m->flags = NETRXF_data_validated;
    }
    switch (h->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
    case VIRTIO_NET_HDR_GSO_NONE:
        break;
    case VIRTIO_NET_HDR_GSO_TCPV4:
        if (!caps->gso_tcpv4 || !h->gso_size)
            return -1;
        m->gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
        break;
    case VIRTIO_NET_HDR_GSO_TCPV6:
        if (!caps->gso_tcpv6 || !h->gso_size)
            return -1;
        m->gso_type = XEN_NETIF_GSO_TYPE_TCPV6;
        break;
    default:
        return -1;
    }
    if (m->gso_type)
        m->gso_size = h->gso_size;
    m->slots = (len + NETREQ_PAGE_SIZE - 1) / NETREQ_PAGE_SIZE;
    if (m->slots > 1 && !caps->sg)
        return -1;
    m->slots += m->gso_type != XEN_NETIF_GSO_TYPE_NONE;
    return 0;
}

int netrate_parse(const char *s, uint64_t *bytes, uint64_t *usec)
{
    char *end;
    unsigned long long b, u;

    if (!s || s[0] < '0' || s[0] > '9')
        return -1;
    b = strtoull(s, &end, 10);
    if (*end != ',' || end[1] < '0' || end[1] > '9')
        return -1;
    u = strtoull(end + 1, &end, 10);
    if (*end || u == 0 || u > 10000000ULL || b > (1ULL << 40))
        return -1;
    *bytes = b;
    *usec = u;
    return 0;
}

void netrate_init(struct netrate *r, uint64_t bytes, uint64_t usec, uint64_t now_us)
{
    r->bytes = bytes;
    r->usec = usec;
    r->remaining = bytes;
    r->next_us = now_us + usec;
}

uint64_t netrate_take(struct netrate *r, uint64_t now_us, uint32_t len)
{
    /* A burst may reach one 64 KiB packet even when the credit is smaller. */
    uint64_t cap = r->bytes > NETREQ_MAX_FRAME ? r->bytes : NETREQ_MAX_FRAME;

    if (!r->bytes)
        return 0;
    if (now_us >= r->next_us) {
        uint64_t periods = (now_us - r->next_us) / r->usec + 1;

        r->remaining += periods * r->bytes;
        if (r->remaining > cap)
            r->remaining = cap;
        r->next_us += periods * r->usec;
    }
    if (len > r->remaining)
        return r->next_us - now_us;
    r->remaining -= len;
    return 0;
}
