/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic packet layer (drivers/backend/net/netif_req.c): every tx chain rule
 * with a hostile chain, the virtio-net header a packet gets, the rx flags
 * and slot counts of tap frames, the rate= limiter, and the shared ring
 * index check (drivers/backend/common/ring_check.c).
 */
#include <string.h>
#include "harness.h"
#include "backend.h"
#include "netif_req.h"

static netif_tx_request_t slots[NETREQ_MAX_CHAIN + 4];
static struct nettx_pkt p;

/* A chain of @n data slots, @total bytes, later slots @each bytes. */
static void chain(unsigned n, uint16_t total, uint16_t each)
{
    memset(slots, 0, sizeof(slots));
    for (unsigned i = 0; i < n; i++) {
        slots[i] = (netif_tx_request_t){ .gref = 100 + i, .id = (uint16_t)i,
                                         .size = i ? each : total };
        if (i + 1 < n)
            slots[i].flags = NETTXF_more_data;
    }
}

static void gso_extra(unsigned at, uint8_t type, uint16_t mss, uint8_t flags)
{
    struct netif_extra_info ex;

    memset(&ex, 0, sizeof(ex));
    ex.type = type;
    ex.flags = flags;
    ex.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
    ex.u.gso.size = mss;
    memcpy(&slots[at], &ex, sizeof(ex));
}

static void test_tx_single(void)
{
    chain(1, 60, 0);
    slots[0].offset = 100;
    slots[0].flags = NETTXF_csum_blank | NETTXF_data_validated;
    CU_ASSERT_EQUAL(nettx_parse(slots, 1, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_slots, 1);
    CU_ASSERT_EQUAL(p.nr_segs, 1);
    CU_ASSERT_EQUAL(p.len, 60);
    CU_ASSERT_EQUAL(p.segs[0].offset, 100);
    CU_ASSERT_EQUAL(p.segs[0].len, 60);
    CU_ASSERT_EQUAL(p.flags, NETTXF_csum_blank | NETTXF_data_validated);
    CU_ASSERT_EQUAL(nettx_parse(slots, 0, &p), NETREQ_INCOMPLETE);
}

static void test_tx_chain(void)
{
    /* 9000 bytes: 808 in the first slot, two full pages after it. */
    chain(3, 9000, 4096);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_slots, 3);
    CU_ASSERT_EQUAL(p.segs[0].len, 9000 - 8192);
    CU_ASSERT_EQUAL(p.segs[2].len, 4096);
    CU_ASSERT_EQUAL(p.segs[2].gref, 102);
    CU_ASSERT_EQUAL(p.ids[2], 2);
    /* The rest of the chain is not on the ring yet. */
    CU_ASSERT_EQUAL(nettx_parse(slots, 2, &p), NETREQ_INCOMPLETE);
    /* Slots after the chain are not taken. */
    CU_ASSERT_EQUAL(nettx_parse(slots, 3 + 5, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_slots, 3);
}

static void test_tx_gso_extra(void)
{
    /* data, GSO extra, data: the extra slot gets a NULL response. */
    chain(3, 3000, 1000);
    slots[0].flags |= NETTXF_extra_info | NETTXF_csum_blank;
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_GSO, 1448, 0);
    slots[2].flags = 0;
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_slots, 3);
    CU_ASSERT_EQUAL(p.nr_segs, 2);
    CU_ASSERT_EQUAL(p.extra[1], 1);
    CU_ASSERT_EQUAL(p.extra[2], 0);
    CU_ASSERT_EQUAL(p.gso_type, XEN_NETIF_GSO_TYPE_TCPV4);
    CU_ASSERT_EQUAL(p.gso_size, 1448);
    CU_ASSERT_EQUAL(p.segs[0].len, 2000);
    CU_ASSERT_EQUAL(p.segs[1].gref, 102);
    CU_ASSERT_EQUAL(nettx_parse(slots, 1, &p), NETREQ_INCOMPLETE);
    /* A multicast extra chained after it is skipped. */
    slots[3] = slots[2];
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_GSO, 1448, XEN_NETIF_EXTRA_FLAG_MORE);
    gso_extra(2, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0, 0);
    CU_ASSERT_EQUAL(nettx_parse(slots, 4, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_slots, 4);
    CU_ASSERT_EQUAL(p.extra[2], 1);
    CU_ASSERT_EQUAL(p.segs[1].gref, 102);
}

static void test_tx_bad_extras(void)
{
    chain(2, 2000, 1000);
    slots[0].flags |= NETTXF_extra_info;
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_NONE, 1448, 0);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_FATAL);
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_MAX, 1448, 0);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_FATAL);
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_GSO, 0, 0);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "GSO size 0");
    gso_extra(1, XEN_NETIF_EXTRA_TYPE_GSO, 1448, 0);
    ((struct netif_extra_info *)&slots[1])->u.gso.type = 7;
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_FATAL);
    /* An endless list of extras. */
    for (unsigned i = 1; i < 10; i++)
        gso_extra(i, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0, XEN_NETIF_EXTRA_FLAG_MORE);
    CU_ASSERT_EQUAL(nettx_parse(slots, 10, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "too many extra-info slots");
}

static void test_tx_cross_page(void)
{
    chain(1, 200, 0);
    slots[0].offset = 4000;
    CU_ASSERT_EQUAL(nettx_parse(slots, 1, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "slot crosses its page");
    slots[0].offset = 3896;
    CU_ASSERT_EQUAL(nettx_parse(slots, 1, &p), NETREQ_OK);
    /* A later slot past its page. */
    chain(2, 3000, 1000);
    slots[1].offset = 3100;
    CU_ASSERT_EQUAL(nettx_parse(slots, 2, &p), NETREQ_FATAL);
    /* A first slot holding more than a page. */
    chain(2, 9000, 100);
    CU_ASSERT_EQUAL(nettx_parse(slots, 2, &p), NETREQ_FATAL);
}

static void test_tx_sizes(void)
{
    /* Later slots larger than the packet: the first size is the total. */
    chain(3, 1000, 600);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "slot sizes exceed the packet size");
    chain(3, 1200, 600);
    CU_ASSERT_EQUAL(nettx_parse(slots, 3, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.segs[0].len, 0);
    /*
     * Sizes that would wrap a 16-bit sum: a 65535-byte packet whose 17
     * later slots of 4096 add up to 69632 (4096 once 16-bit). Fatal at
     * the 16th later slot, which no longer fits in what is left.
     */
    chain(18, 65535, 4096);
    CU_ASSERT_EQUAL(nettx_parse(slots, 18, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "slot sizes exceed the packet size");
    /* The first slot's own part may not cross its page either. */
    chain(2, 65535, 4096);
    CU_ASSERT_EQUAL(nettx_parse(slots, 2, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "slot crosses its page");
    /* A runt: dropped, every slot answered. */
    chain(2, 10, 4);
    CU_ASSERT_EQUAL(nettx_parse(slots, 2, &p), NETREQ_DROP);
    CU_ASSERT_EQUAL(p.nr_slots, 2);
}

static void test_tx_slot_counts(void)
{
    chain(18, 18 * 100, 100);
    CU_ASSERT_EQUAL(nettx_parse(slots, 18, &p), NETREQ_OK);
    CU_ASSERT_EQUAL(p.nr_segs, 18);
    chain(19, 19 * 100, 100);
    CU_ASSERT_EQUAL(nettx_parse(slots, 19, &p), NETREQ_DROP);
    CU_ASSERT_EQUAL(p.nr_slots, 19);
    chain(20, 20 * 100, 100);
    CU_ASSERT_EQUAL(nettx_parse(slots, 20, &p), NETREQ_DROP);
    chain(21, 21 * 100, 100);
    CU_ASSERT_EQUAL(nettx_parse(slots, 21, &p), NETREQ_FATAL);
    CU_ASSERT_STRING_EQUAL(p.why, "more than 20 slots");
    /* Hostile before the chain is even complete. */
    CU_ASSERT_EQUAL(nettx_parse(slots, 20, &p), NETREQ_FATAL);
}

/* Ethernet + IPv4 (ihl 5) + TCP (doff 8) frame of 200 bytes. */
static uint8_t frame[256];

static void ipv4_tcp(void)
{
    memset(frame, 0, sizeof(frame));
    frame[12] = 0x08;
    frame[14] = 0x45;
    frame[14 + 9] = 6;
    frame[34 + 12] = 8 << 4;
}

static void test_l4_offsets(void)
{
    uint16_t start, off, hdr;
    uint8_t proto;

    ipv4_tcp();
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), 0);
    CU_ASSERT_EQUAL(start, 34);
    CU_ASSERT_EQUAL(off, 16);
    CU_ASSERT_EQUAL(hdr, 34 + 32);
    CU_ASSERT_EQUAL(proto, 6);
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 50, &start, &off, &hdr, &proto), -1);
    frame[14 + 6] = 0x20;       /* more fragments */
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), -1);
    ipv4_tcp();
    frame[14 + 9] = 17;
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), 0);
    CU_ASSERT_EQUAL(off, 6);
    frame[14 + 9] = 1;          /* ICMP */
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), -1);
    /* IPv6, a hop-by-hop header, TCP. */
    memset(frame, 0, sizeof(frame));
    frame[12] = 0x86;
    frame[13] = 0xdd;
    frame[14] = 0x60;
    frame[14 + 6] = 0;
    frame[54] = 6;
    frame[54 + 1] = 0;
    frame[62 + 12] = 5 << 4;
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), 0);
    CU_ASSERT_EQUAL(start, 62);
    CU_ASSERT_EQUAL(hdr, 82);
    /* A VLAN tag before IPv4. */
    memset(frame, 0, sizeof(frame));
    frame[12] = 0x81;
    frame[16] = 0x08;
    frame[18] = 0x45;
    frame[18 + 9] = 17;
    CU_ASSERT_EQUAL(netreq_l4_offsets(frame, 200, &start, &off, &hdr, &proto), 0);
    CU_ASSERT_EQUAL(start, 38);
}

static void test_vnet_hdr(void)
{
    struct virtio_net_hdr h;

    ipv4_tcp();
    memset(&p, 0, sizeof(p));
    p.len = 200;
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), 0);
    CU_ASSERT_EQUAL(h.flags, 0);
    p.flags = NETTXF_data_validated;
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), 0);
    CU_ASSERT_EQUAL(h.flags, VIRTIO_NET_HDR_F_DATA_VALID);
    p.flags = NETTXF_csum_blank | NETTXF_data_validated;
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), 0);
    CU_ASSERT_EQUAL(h.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    CU_ASSERT_EQUAL(h.csum_start, 34);
    CU_ASSERT_EQUAL(h.csum_offset, 16);
    CU_ASSERT_EQUAL(h.gso_type, VIRTIO_NET_HDR_GSO_NONE);
    p.gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
    p.gso_size = 1448;
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), 0);
    CU_ASSERT_EQUAL(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
    CU_ASSERT_EQUAL(h.gso_size, 1448);
    CU_ASSERT_EQUAL(h.hdr_len, 66);
    frame[14 + 9] = 17;         /* TSO of a UDP packet */
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), -1);
    frame[12] = 0x12;           /* not IP at all, checksum asked */
    p.gso_type = 0;
    CU_ASSERT_EQUAL(nettx_vnet_hdr(&p, frame, &h), -1);
}

static void test_rx_meta(void)
{
    struct netrx_caps all = { .sg = 1, .gso_tcpv4 = 1, .gso_tcpv6 = 1, .csum = 1 };
    struct netrx_caps none = { 0 };
    struct virtio_net_hdr h = { 0 };
    struct netrx_meta m;

    CU_ASSERT_EQUAL(netrx_meta(&h, 60, &none, &m), 0);
    CU_ASSERT_EQUAL(m.slots, 1);
    CU_ASSERT_EQUAL(m.flags, 0);
    CU_ASSERT_EQUAL(netrx_meta(&h, 10, &all, &m), -1);
    CU_ASSERT_EQUAL(netrx_meta(&h, 4096, &none, &m), 0);
    CU_ASSERT_EQUAL(netrx_meta(&h, 4097, &none, &m), -1);
    CU_ASSERT_EQUAL(netrx_meta(&h, 9014, &all, &m), 0);
    CU_ASSERT_EQUAL(m.slots, 3);
    h.flags = VIRTIO_NET_HDR_F_DATA_VALID;
    CU_ASSERT_EQUAL(netrx_meta(&h, 60, &none, &m), 0);
    CU_ASSERT_EQUAL(m.flags, NETRXF_data_validated);
    h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    CU_ASSERT_EQUAL(netrx_meta(&h, 60, &none, &m), -1);
    CU_ASSERT_EQUAL(netrx_meta(&h, 60, &all, &m), 0);
    CU_ASSERT_EQUAL(m.flags, NETRXF_csum_blank | NETRXF_data_validated);
    h.gso_type = VIRTIO_NET_HDR_GSO_TCPV6 | VIRTIO_NET_HDR_GSO_ECN;
    h.gso_size = 1440;
    CU_ASSERT_EQUAL(netrx_meta(&h, 65000, &all, &m), 0);
    CU_ASSERT_EQUAL(m.gso_type, XEN_NETIF_GSO_TYPE_TCPV6);
    CU_ASSERT_EQUAL(m.gso_size, 1440);
    CU_ASSERT_EQUAL(m.slots, 16 + 1);
    all.gso_tcpv6 = 0;
    CU_ASSERT_EQUAL(netrx_meta(&h, 65000, &all, &m), -1);
    h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
    CU_ASSERT_EQUAL(netrx_meta(&h, 3000, &all, &m), -1);
}

static void test_rate(void)
{
    struct netrate r;
    uint64_t b, u;

    CU_ASSERT_EQUAL(netrate_parse("12500000,50000", &b, &u), 0);
    CU_ASSERT_EQUAL(b, 12500000);
    CU_ASSERT_EQUAL(u, 50000);
    CU_ASSERT_EQUAL(netrate_parse("12500000", &b, &u), -1);
    CU_ASSERT_EQUAL(netrate_parse("1,0", &b, &u), -1);
    CU_ASSERT_EQUAL(netrate_parse("-1,5", &b, &u), -1);
    CU_ASSERT_EQUAL(netrate_parse("1,5x", &b, &u), -1);
    /* 100000 bytes every 10 ms. */
    netrate_init(&r, 100000, 10000, 1000);
    CU_ASSERT_EQUAL(netrate_take(&r, 1000, 60000), 0);
    CU_ASSERT_EQUAL(netrate_take(&r, 2000, 40000), 0);
    CU_ASSERT_EQUAL(netrate_take(&r, 3000, 1), 8000);
    CU_ASSERT_EQUAL(netrate_take(&r, 11000, 1500), 0);
    /* Idle time does not bank more than one credit. */
    CU_ASSERT_EQUAL(netrate_take(&r, 1000000, 100000), 0);
    CU_ASSERT_NOT_EQUAL(netrate_take(&r, 1000000, 1500), 0);
    /* A credit smaller than a packet still lets 64 KiB through eventually. */
    netrate_init(&r, 1000, 1000, 0);
    CU_ASSERT_NOT_EQUAL(netrate_take(&r, 0, 9000), 0);
    CU_ASSERT_EQUAL(netrate_take(&r, 9000, 9000), 0);
    /* No rate: never waits. */
    netrate_init(&r, 0, 0, 0);
    CU_ASSERT_EQUAL(netrate_take(&r, 0, 65535), 0);
}

static void test_ring_avail(void)
{
    uint32_t n;

    CU_ASSERT_EQUAL(be_ring_avail(5, 0, 0, 256, &n), 0);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(be_ring_avail(257, 0, 0, 256, &n), -1);
    CU_ASSERT_EQUAL(be_ring_avail(3, 5, 5, 256, &n), -1);
    CU_ASSERT_EQUAL(be_ring_avail(4, 0xfffffffeu, 0xfffffff0u, 256, &n), 0);
    CU_ASSERT_EQUAL(n, 6);
}

static CU_TestInfo cases[] = {
    { "tx_single", test_tx_single },
    { "tx_chain", test_tx_chain },
    { "tx_gso_extra", test_tx_gso_extra },
    { "tx_bad_extras", test_tx_bad_extras },
    { "tx_cross_page", test_tx_cross_page },
    { "tx_sizes", test_tx_sizes },
    { "tx_slot_counts", test_tx_slot_counts },
    { "l4_offsets", test_l4_offsets },
    { "vnet_hdr", test_vnet_hdr },
    { "rx_meta", test_rx_meta },
    { "rate", test_rate },
    { "ring_avail", test_ring_avail },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("netback", NULL, NULL, cases);
