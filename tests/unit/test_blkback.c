/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk request layer (drivers/backend/blk/blkif_req.c): every validation
 * rule with a hostile request, the I/O vectors of good ones, and the ring
 * index checks that disconnect a frontend whose req_prod runs ahead.
 */
#include <string.h>
#include "harness.h"
#include "blkif_req.h"

/* A 1 MiB device (2048 sectors), 512-byte sectors, writable, discard. */
static const struct blkreq_geom dev512 = {
    .sectors = 2048, .sector_size = 512, .discard = 1,
    .max_indirect = BLKREQ_MAX_INDIRECT,
};

static struct blkreq r;

static struct blkif_request rw(uint8_t op, uint64_t sector, unsigned nseg)
{
    struct blkif_request q;

    memset(&q, 0, sizeof(q));
    q.operation = op;
    q.nr_segments = (uint8_t)nseg;
    q.id = 0x1234;
    q.sector_number = sector;
    for (unsigned i = 0; i < nseg && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        q.seg[i] = (struct blkif_request_segment){ .gref = 100 + i,
                                                   .first_sect = 0,
                                                   .last_sect = 7 };
    return q;
}

static void test_read_ok(void)
{
    struct blkif_request q = rw(BLKIF_OP_READ, 16, 3);

    q.seg[1].first_sect = 2;
    q.seg[1].last_sect = 5;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.id, 0x1234);
    CU_ASSERT_EQUAL(r.rsp_op, BLKIF_OP_READ);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_READ);
    CU_ASSERT_EQUAL(r.nr_iov, 3);
    CU_ASSERT_EQUAL(r.dev_off, 16 * 512);
    CU_ASSERT_EQUAL(r.len, (8 + 4 + 8) * 512);
    CU_ASSERT_EQUAL(r.iov[1].gref, 101);
    CU_ASSERT_EQUAL(r.iov[1].offset, 2 * 512);
    CU_ASSERT_EQUAL(r.iov[1].len, 4 * 512);
    CU_ASSERT_EQUAL(r.iov[1].dev_off, (16 + 8) * 512);
    CU_ASSERT_EQUAL(r.iov[2].dev_off, (16 + 12) * 512);
    CU_ASSERT_EQUAL(r.flush, 0);
}

static void test_write_last_sector(void)
{
    struct blkif_request q = rw(BLKIF_OP_WRITE, 2040, 1);

    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_WRITE);
    CU_ASSERT_EQUAL(r.dev_off + r.len, 2048 * 512);
}

static void test_segment_count(void)
{
    struct blkif_request q = rw(BLKIF_OP_READ, 0, 0);

    /* zero segments: only flush and barrier */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.operation = BLKIF_OP_WRITE;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q = rw(BLKIF_OP_READ, 0, 11);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    q.nr_segments = 12;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.nr_segments = 255;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(r.nr_iov, 0);
}

static void test_flush_and_barrier(void)
{
    struct blkif_request q = rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);

    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_FLUSH);
    CU_ASSERT(r.flush && r.barrier);
    CU_ASSERT_EQUAL(r.rsp_op, BLKIF_OP_FLUSH_DISKCACHE);
    /* empty_flush_any_sector: blkfront's empty flushes carry a stale
     * position, which the first dom0-qdisk run answered with an error
     * (blkfront then disabled flushes). */
    q.sector_number = UINT64_MAX - 1;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.dev_off, 0);
    CU_ASSERT_EQUAL(r.len, 0);
    q = rw(BLKIF_OP_WRITE_BARRIER, 0, 0);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_FLUSH);
    /* a flush carrying data is a write followed by a flush */
    q = rw(BLKIF_OP_FLUSH_DISKCACHE, 8, 2);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_WRITE);
    CU_ASSERT(r.flush);
    CU_ASSERT_EQUAL(r.len, 16 * 512);
    q.nr_segments = 12;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
}

static void test_bad_sector_numbers(void)
{
    struct blkif_request q = rw(BLKIF_OP_READ, 0, 1);

    q.seg[0].first_sect = 5;
    q.seg[0].last_sect = 4;             /* first > last */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.seg[0].first_sect = 0;
    q.seg[0].last_sect = 8;             /* past the page */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.seg[0].first_sect = 200;
    q.seg[0].last_sect = 255;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.seg[0].first_sect = 7;
    q.seg[0].last_sect = 7;             /* last sector of the page: fine */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.iov[0].offset + r.iov[0].len, 4096);
}

static void test_range_outside_device(void)
{
    struct blkif_request q = rw(BLKIF_OP_READ, 2041, 1);    /* ends at 2049 */

    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.sector_number = 2048;
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.sector_number = UINT64_MAX - 3;   /* would wrap */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q.operation = BLKIF_OP_WRITE;
    q.sector_number = UINT64_MAX >> 9;  /* byte offset would overflow */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
}

static void test_unknown_ops(void)
{
    static const uint8_t ops[] = { BLKIF_OP_RESERVED_1, 7, 8, 0x80, 0xff };

    for (unsigned i = 0; i < sizeof(ops); i++) {
        struct blkif_request q = rw(ops[i], 0, 1);

        CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_EOPNOTSUPP);
        CU_ASSERT_EQUAL(r.rsp_op, ops[i]);
        CU_ASSERT_EQUAL(r.id, 0x1234);
    }
}

static void test_readonly(void)
{
    struct blkreq_geom ro = dev512;
    struct blkif_request q = rw(BLKIF_OP_WRITE, 0, 1);
    struct blkif_request_discard d = { .operation = BLKIF_OP_DISCARD,
                                       .sector_number = 0, .nr_sectors = 8 };
    struct blkif_request_indirect ind = { .operation = BLKIF_OP_INDIRECT,
                                          .indirect_op = BLKIF_OP_WRITE,
                                          .nr_segments = 20 };

    ro.readonly = 1;
    CU_ASSERT_EQUAL(blkreq_parse(&ro, &q, &r), BLKIF_RSP_ERROR);
    q.operation = BLKIF_OP_WRITE_BARRIER;
    CU_ASSERT_EQUAL(blkreq_parse(&ro, &q, &r), BLKIF_RSP_ERROR);
    q.operation = BLKIF_OP_FLUSH_DISKCACHE;
    CU_ASSERT_EQUAL(blkreq_parse(&ro, &q, &r), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(blkreq_parse(&ro, (struct blkif_request *)&d, &r),
                    BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(blkreq_parse(&ro, (struct blkif_request *)&ind, &r),
                    BLKIF_RSP_ERROR);
    q.operation = BLKIF_OP_READ;
    CU_ASSERT_EQUAL(blkreq_parse(&ro, &q, &r), BLKIF_RSP_OKAY);
}

static int parse_discard(const struct blkreq_geom *g, uint8_t flag,
                         uint64_t sector, uint64_t nr)
{
    struct blkif_request q;
    struct blkif_request_discard d = { .operation = BLKIF_OP_DISCARD,
                                       .flag = flag, .id = 9,
                                       .sector_number = sector,
                                       .nr_sectors = nr };

    memset(&q, 0xa5, sizeof(q));        /* trailing garbage is ignored */
    memcpy(&q, &d, sizeof(d));
    return blkreq_parse(g, &q, &r);
}

static void test_discard(void)
{
    struct blkreq_geom nod = dev512;

    CU_ASSERT_EQUAL(parse_discard(&dev512, 0, 8, 16), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_DISCARD);
    CU_ASSERT_EQUAL(r.dev_off, 8 * 512);
    CU_ASSERT_EQUAL(r.len, 16 * 512);
    CU_ASSERT_EQUAL(r.id, 9);
    CU_ASSERT_EQUAL(parse_discard(&dev512, 0, 2000, 49), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(parse_discard(&dev512, 0, 8, UINT64_MAX), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(parse_discard(&dev512, BLKIF_DISCARD_SECURE, 0, 8),
                    BLKIF_RSP_EOPNOTSUPP);
    nod.discard = 0;
    CU_ASSERT_EQUAL(parse_discard(&nod, 0, 0, 8), BLKIF_RSP_EOPNOTSUPP);
}

static void test_sector_size_4096(void)
{
    struct blkreq_geom g4 = dev512;
    struct blkif_request q = rw(BLKIF_OP_READ, 8, 2);

    g4.sector_size = 4096;
    CU_ASSERT_EQUAL(blkreq_parse(&g4, &q, &r), BLKIF_RSP_OKAY);
    q.sector_number = 4;                /* misaligned start */
    CU_ASSERT_EQUAL(blkreq_parse(&g4, &q, &r), BLKIF_RSP_ERROR);
    q.sector_number = 8;
    q.seg[0].last_sect = 3;             /* half a logical sector */
    CU_ASSERT_EQUAL(blkreq_parse(&g4, &q, &r), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(parse_discard(&g4, 0, 8, 8), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(parse_discard(&g4, 0, 8, 4), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(parse_discard(&g4, 0, 1, 8), BLKIF_RSP_ERROR);
}

static struct blkif_request indirect(uint8_t op, uint16_t nseg, uint64_t sector)
{
    struct blkif_request q;
    struct blkif_request_indirect ind = { .operation = BLKIF_OP_INDIRECT,
                                          .indirect_op = op, .id = 77,
                                          .nr_segments = nseg,
                                          .sector_number = sector };

    for (unsigned i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++)
        ind.indirect_grefs[i] = 500 + i;
    memset(&q, 0, sizeof(q));
    memcpy(&q, &ind, sizeof(ind));
    return q;
}

static struct blkif_request_segment segs[BLKREQ_MAX_SEGS + 1];

static void fill_segs(void)
{
    for (unsigned i = 0; i < BLKREQ_MAX_SEGS + 1; i++)
        segs[i] = (struct blkif_request_segment){ .gref = i, .first_sect = 0,
                                                  .last_sect = 7 };
}

static void test_indirect_ok(void)
{
    struct blkif_request q = indirect(BLKIF_OP_WRITE, 256, 0);

    fill_segs();
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.rsp_op, BLKIF_OP_WRITE);
    CU_ASSERT_EQUAL(r.kind, BLKREQ_WRITE);
    CU_ASSERT_EQUAL(r.nr_indirect_pages, 1);
    CU_ASSERT_EQUAL(r.indirect_grefs[0], 500);
    CU_ASSERT_EQUAL(r.nr_iov, 0);       /* segments not fetched yet */
    CU_ASSERT_EQUAL(blkreq_set_segments(&dev512, &r, segs, 256), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(r.nr_iov, 256);
    CU_ASSERT_EQUAL(r.len, 256 * 4096);
    CU_ASSERT_EQUAL(r.iov[255].gref, 255);
    CU_ASSERT_EQUAL(r.iov[255].dev_off, 255 * 4096);
}

static void test_indirect_hostile(void)
{
    struct blkreq_geom noind = dev512;
    struct blkif_request q = indirect(BLKIF_OP_READ, 0, 0);

    fill_segs();
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q = indirect(BLKIF_OP_READ, 257, 0);        /* above what we offer */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q = indirect(BLKIF_OP_READ, 0xffff, 0);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    q = indirect(BLKIF_OP_DISCARD, 4, 0);       /* only read/write inside */
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_EOPNOTSUPP);
    q = indirect(BLKIF_OP_INDIRECT, 4, 0);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_EOPNOTSUPP);
    q = indirect(BLKIF_OP_READ, 4, 0);
    noind.max_indirect = 0;
    CU_ASSERT_EQUAL(blkreq_parse(&noind, &q, &r), BLKIF_RSP_EOPNOTSUPP);
    /* past the end: 64 pages from sector 1600 end at 2112 > 2048 */
    q = indirect(BLKIF_OP_READ, 64, 1600);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(blkreq_set_segments(&dev512, &r, segs, 64), BLKIF_RSP_ERROR);
    CU_ASSERT_EQUAL(r.nr_iov, 0);
    q = indirect(BLKIF_OP_READ, 4, 1 << 20);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_ERROR);
    /* a bad segment in the indirect page */
    q = indirect(BLKIF_OP_READ, 4, 0);
    CU_ASSERT_EQUAL(blkreq_parse(&dev512, &q, &r), BLKIF_RSP_OKAY);
    segs[2].last_sect = 9;
    CU_ASSERT_EQUAL(blkreq_set_segments(&dev512, &r, segs, 4), BLKIF_RSP_ERROR);
    /* a count other than the one announced */
    fill_segs();
    CU_ASSERT_EQUAL(blkreq_set_segments(&dev512, &r, segs, 5), BLKIF_RSP_ERROR);
}

static void test_ring_avail(void)
{
    uint32_t n = 0;

    CU_ASSERT_EQUAL(blkreq_ring_avail(5, 0, 0, 32, &n), 0);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(blkreq_ring_avail(32, 0, 0, 32, &n), 0);
    CU_ASSERT_EQUAL(n, 32);
    /* req_prod runs ahead of the ring */
    CU_ASSERT_EQUAL(blkreq_ring_avail(33, 0, 0, 32, &n), -1);
    CU_ASSERT_EQUAL(blkreq_ring_avail(0x80000000u, 10, 10, 32, &n), -1);
    /* req_prod moved backwards */
    CU_ASSERT_EQUAL(blkreq_ring_avail(3, 5, 5, 32, &n), -1);
    /* free-running indices wrap around 2^32 */
    CU_ASSERT_EQUAL(blkreq_ring_avail(4, 0xfffffffeu, 0xfffffff0u, 32, &n), 0);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_EQUAL(blkreq_ring_avail(0x11, 0xfffffffeu, 0xfffffff0u, 32, &n), -1);
    CU_ASSERT_EQUAL(blkreq_ring_slots(0), 32);
    CU_ASSERT_EQUAL(blkreq_ring_slots(4), 512);
    CU_ASSERT_EQUAL(blkreq_ring_slots(5), 0);
}

/* multi-queue-num-queues against the multi-queue-max-queues offered. */
static void test_queue_count(void)
{
    CU_ASSERT_EQUAL(blkreq_queue_count(NULL, 4), 1);    /* absent: one */
    CU_ASSERT_EQUAL(blkreq_queue_count("1", 4), 1);
    CU_ASSERT_EQUAL(blkreq_queue_count("4", 4), 4);
    CU_ASSERT_EQUAL(blkreq_queue_count("2", 2), 2);
    CU_ASSERT_EQUAL(blkreq_queue_count("0", 4), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count("5", 4), -1);    /* more than offered */
    CU_ASSERT_EQUAL(blkreq_queue_count("3", 2), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count("", 4), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count("-1", 4), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count("2x", 4), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count(" 2", 4), -1);
    CU_ASSERT_EQUAL(blkreq_queue_count("4294967298", 4), -1);
}

/* sector-size: the toolstack's node for files, else what the store reports. */
static void test_sector_size_choice(void)
{
    CU_ASSERT_EQUAL(blkreq_sector_size(NULL, 512), 512);
    CU_ASSERT_EQUAL(blkreq_sector_size(NULL, 4096), 4096);
    CU_ASSERT_EQUAL(blkreq_sector_size(NULL, 2048), -1);
    CU_ASSERT_EQUAL(blkreq_sector_size("4096", 512), 4096);    /* file */
    CU_ASSERT_EQUAL(blkreq_sector_size("512", 512), 512);
    CU_ASSERT_EQUAL(blkreq_sector_size("4096", 4096), 4096);
    CU_ASSERT_EQUAL(blkreq_sector_size("512", 4096), -1);      /* below the device's */
    CU_ASSERT_EQUAL(blkreq_sector_size("1024", 512), -1);
    CU_ASSERT_EQUAL(blkreq_sector_size("4096 ", 512), -1);
    CU_ASSERT_EQUAL(blkreq_sector_size("", 512), -1);
    /* sectors stay 512-byte units; a partial last 4096 sector is cut off */
    CU_ASSERT_EQUAL(blkreq_sectors(1 << 20, 512), 2048);
    CU_ASSERT_EQUAL(blkreq_sectors(1 << 20, 4096), 2048);
    CU_ASSERT_EQUAL(blkreq_sectors((1 << 20) + 3584, 4096), 2048);
    CU_ASSERT_EQUAL(blkreq_sectors((1 << 20) + 3584, 512), 2055);
}

static CU_TestInfo cases[] = {
    { "read_ok", test_read_ok },
    { "write_last_sector", test_write_last_sector },
    { "segment_count", test_segment_count },
    { "flush_and_barrier", test_flush_and_barrier },
    { "bad_sector_numbers", test_bad_sector_numbers },
    { "range_outside_device", test_range_outside_device },
    { "unknown_ops", test_unknown_ops },
    { "readonly", test_readonly },
    { "discard", test_discard },
    { "sector_size_4096", test_sector_size_4096 },
    { "indirect_ok", test_indirect_ok },
    { "indirect_hostile", test_indirect_hostile },
    { "ring_avail", test_ring_avail },
    { "queue_count", test_queue_count },
    { "sector_size_choice", test_sector_size_choice },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("blkback", NULL, NULL, cases);
