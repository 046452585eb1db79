/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk's I/O engines (drivers/backend/blk/io.c, uring.c, pool.c) against
 * a real image file on the host, with gntdev's grant copy replaced by a
 * table of fake frontend pages: writes reach the image, reads come back,
 * flush and discard run, a bad grant fails only its request, and io_uring
 * keeps many requests in flight at once. Each test runs on both engines
 * (io_uring is skipped where the host kernel refuses it). gntdev's map is
 * faked too: persistent grants are mapped once, kept up to the cap, and
 * all unmapped on release.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "qdisk.h"

int qd_verbose;
void qd_log(const char *fmt, ...)
{
    (void)fmt;
}

#define NPAGES 64
#define BAD_GREF 999
static uint8_t guest[NPAGES][4096];     /* gref N is guest[N] */

int hcall_gntdev_copy(struct hcall_gntdev *h, struct hcall_gnt_copy_seg *segs,
                      uint32_t count)
{
    (void)h;
    for (uint32_t i = 0; i < count; i++) {
        struct hcall_gnt_copy_side *g = segs[i].src.is_gref ? &segs[i].src : &segs[i].dst;
        uint8_t *local = segs[i].src.is_gref ? segs[i].dst.virt : segs[i].src.virt;

        if (g->ref >= NPAGES || g->offset + segs[i].len > 4096) {
            segs[i].status = -1;        /* GNTST_general_error */
            continue;
        }
        if (segs[i].src.is_gref)
            memcpy(local, guest[g->ref] + g->offset, segs[i].len);
        else
            memcpy(guest[g->ref] + g->offset, local, segs[i].len);
        segs[i].status = 0;
    }
    return 0;
}

static unsigned nmap, nunmap;

void *hcall_gntdev_map(struct hcall_gntdev *h, uint16_t domid,
                       const hcall_gref_t *refs, uint32_t count, int writable)
{
    (void)h;
    (void)domid;
    (void)writable;
    if (count != 1 || refs[0] >= NPAGES)
        return NULL;
    nmap++;
    return guest[refs[0]];
}

int hcall_gntdev_unmap(struct hcall_gntdev *h, void *addr, uint32_t count)
{
    (void)h;
    (void)addr;
    nunmap += count;
    return 0;
}

static struct qd q;
static struct qd_dev d;
static char img[] = "/tmp/qdisk-io-test-XXXXXX";

static int setup(int uring)
{
    int fd = mkstemp(img);

    if (fd < 0 || ftruncate(fd, 1 << 20) < 0)
        return -1;
    memset(&q, 0, sizeof(q));
    memset(&d, 0, sizeof(d));
    d.fd = -1;
    d.fd_buf = fd;
    d.geom = (struct blkreq_geom){ .sectors = 2048, .sector_size = 512,
                                   .discard = 1,
                                   .max_indirect = BLKREQ_MAX_INDIRECT };
    q.no_uring = !uring;
    nmap = nunmap = 0;
    if (qd_io_start(&q) < 0)
        return -1;
    return uring && q.engine != &qd_engine_uring ? 1 : 0;
}

static void teardown(void)
{
    qd_io_stop(&q);
    close(q.done_fd);
    close(d.fd_buf);
    unlink(img);
    strcpy(img + strlen(img) - 6, "XXXXXX");
}

/* A request of @nseg whole pages from gref @gref on, at @sector. */
static struct qd_req *request(uint8_t op, uint64_t sector, unsigned gref, unsigned nseg)
{
    struct blkif_request raw = { .operation = op, .id = sector,
                                 .nr_segments = (uint8_t)nseg,
                                 .sector_number = sector };
    struct qd_req *req = calloc(1, sizeof(*req));

    for (unsigned i = 0; i < nseg; i++)
        raw.seg[i] = (struct blkif_request_segment){ .gref = gref + i, .last_sect = 7 };
    req->dev = &d;
    CU_ASSERT_EQUAL(blkreq_parse(&d.geom, &raw, &req->r), BLKIF_RSP_OKAY);
    return req;
}

/* Waits for the next completion and returns its status. */
static int wait_one(void)
{
    struct pollfd p = { .fd = q.done_fd, .events = POLLIN };
    struct qd_req *req;
    uint64_t n;
    int status;

    while (!(req = qd_io_take_done(&q))) {
        if (poll(&p, 1, 5000) != 1)
            return -99;
        if (read(q.done_fd, &n, sizeof(n)) < 0)
            continue;
    }
    d.inflight--;
    status = req->status;
    free(req);
    return status;
}

static void write_read_back(int uring)
{
    uint8_t back[4096 * 2];
    int rc = setup(uring);

    CU_ASSERT_FATAL(rc >= 0);
    if (rc)
        return teardown();
    memset(guest[1], 0xa5, 4096);
    memset(guest[2], 0x5a, 4096);
    qd_io_submit(&q, request(BLKIF_OP_WRITE, 16, 1, 2));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(pread(d.fd_buf, back, sizeof(back), 16 * 512), (ssize_t)sizeof(back));
    CU_ASSERT(memcmp(back, guest[1], 4096) == 0);
    CU_ASSERT(memcmp(back + 4096, guest[2], 4096) == 0);
    memset(guest[3], 0, 4096 * 2);
    qd_io_submit(&q, request(BLKIF_OP_READ, 16, 3, 2));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT(memcmp(guest[3], back, 4096 * 2) == 0);
    /* Flush with no data, then a write with flush (a barrier's shape). */
    qd_io_submit(&q, request(BLKIF_OP_FLUSH_DISKCACHE, 0, 0, 0));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    qd_io_submit(&q, request(BLKIF_OP_WRITE_BARRIER, 0, 1, 1));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    teardown();
}

static void bad_grant(int uring)
{
    int rc = setup(uring);
    struct qd_req *req;

    CU_ASSERT_FATAL(rc >= 0);
    if (rc)
        return teardown();
    req = request(BLKIF_OP_READ, 0, 1, 2);
    req->r.iov[1].gref = BAD_GREF;
    qd_io_submit(&q, req);
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_ERROR);
    req = request(BLKIF_OP_WRITE, 0, 1, 2);
    req->r.iov[0].gref = BAD_GREF;
    qd_io_submit(&q, req);
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_ERROR);
    qd_io_submit(&q, request(BLKIF_OP_READ, 0, 1, 1));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    teardown();
}

static void discard_punches(int uring)
{
    struct blkif_request raw = { .operation = BLKIF_OP_DISCARD };
    struct blkif_request_discard *dr = (void *)&raw;
    struct qd_req *req = calloc(1, sizeof(*req));
    struct stat st;
    int rc = setup(uring);

    CU_ASSERT_FATAL(rc >= 0);
    if (rc) {
        free(req);
        return teardown();
    }
    memset(guest[1], 0xff, 4096);
    for (unsigned s = 0; s < 256; s += 8)
        qd_io_submit(&q, request(BLKIF_OP_WRITE, s, 1, 1));
    for (unsigned s = 0; s < 256; s += 8)
        CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_FATAL(fstat(d.fd_buf, &st) == 0);
    CU_ASSERT(st.st_blocks >= 256);
    dr->sector_number = 0;
    dr->nr_sectors = 256;
    req->dev = &d;
    CU_ASSERT_EQUAL(blkreq_parse(&d.geom, &raw, &req->r), BLKIF_RSP_OKAY);
    qd_io_submit(&q, req);
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_FATAL(fstat(d.fd_buf, &st) == 0);
    CU_ASSERT(st.st_blocks < 256);
    teardown();
}

/* io_uring: 32 reads submitted before the first completion is taken. */
static void test_uring_many_in_flight(void)
{
    int rc = setup(1);

    CU_ASSERT_FATAL(rc >= 0);
    if (rc)
        return teardown();
    for (unsigned i = 0; i < 32; i++)
        qd_io_submit(&q, request(BLKIF_OP_READ, i * 8, i, 1));
    CU_ASSERT_EQUAL(d.inflight, 32);
    CU_ASSERT(q.uring_pending > 1);
    for (unsigned i = 0; i < 32; i++)
        CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(q.uring_pending, 0);
    teardown();
}

/* Persistent grants: mapped once, reused, all unmapped on release. */
static void persistent(int uring)
{
    uint8_t back[4096];
    int rc = setup(uring);

    CU_ASSERT_FATAL(rc >= 0);
    if (rc)
        return teardown();
    d.persistent = 1;
    memset(guest[5], 0x3c, 4096);
    qd_io_submit(&q, request(BLKIF_OP_WRITE, 8, 5, 1));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(pread(d.fd_buf, back, 4096, 8 * 512), 4096);
    CU_ASSERT(memcmp(back, guest[5], 4096) == 0);
    qd_io_submit(&q, request(BLKIF_OP_READ, 8, 6, 2));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT(memcmp(guest[6], back, 4096) == 0);
    qd_io_submit(&q, request(BLKIF_OP_READ, 0, 5, 2));     /* 5, 6 again */
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(nmap, 3);
    CU_ASSERT_EQUAL(d.npg, 3);
    CU_ASSERT_EQUAL(nunmap, 0);
    /* A grant gntdev refuses: the request falls back to copy and fails. */
    {
        struct qd_req *req = request(BLKIF_OP_READ, 0, 1, 2);

        req->r.iov[1].gref = BAD_GREF;
        qd_io_submit(&q, req);
        CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_ERROR);
    }
    qd_pgrants_release(&q, &d);
    CU_ASSERT_EQUAL(nunmap, nmap);
    CU_ASSERT_EQUAL(d.npg, 0);
    teardown();
}

/* A full table whose grants 1000.. were last used in that order. */
static void fill_table(unsigned users)
{
    d.persistent = 1;
    d.npg = d.pg_cap = QD_MAX_PGRANTS;          /* pretend it is full */
    d.pg = calloc(QD_MAX_PGRANTS, sizeof(*d.pg));
    for (unsigned i = 0; i < QD_MAX_PGRANTS; i++)
        d.pg[i] = (struct qd_pgrant){ .gref = 1000 + i, .users = users,
                                      .last_used = i + 1, .addr = guest[0] };
    d.pg_clock = QD_MAX_PGRANTS;
}

static int kept(uint32_t gref)
{
    for (unsigned i = 0; i < d.npg; i++)
        if (d.pg[i].gref == gref)
            return 1;
    return 0;
}

/*
 * Full, and a new grant comes: the least recently used grant no request
 * is using is unmapped and the new one kept in its place (blkback's LRU
 * purge); a grant in use is never the victim. The table stays sorted.
 */
static void test_persistent_lru(void)
{
    int rc = setup(0);

    CU_ASSERT_FATAL(rc == 0);
    fill_table(0);
    d.pg[0].users = 1;                          /* 1000, the oldest: busy */
    d.pg[5].last_used = 0;                      /* 1005: older than all */
    qd_io_submit(&q, request(BLKIF_OP_READ, 0, 7, 3));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(nmap, 3);
    CU_ASSERT_EQUAL(nunmap, 3);                 /* three evicted */
    CU_ASSERT_EQUAL(d.npg, QD_MAX_PGRANTS);
    CU_ASSERT_EQUAL(d.pg_evicted, 3);
    CU_ASSERT(kept(1000) && !kept(1005) && !kept(1001) && !kept(1002) && kept(1003));
    CU_ASSERT(kept(7) && kept(8) && kept(9));
    for (unsigned i = 0; i + 1 < d.npg; i++)
        CU_ASSERT(d.pg[i].gref < d.pg[i + 1].gref);
    for (unsigned i = 0; i < d.npg; i++)        /* the request put them back */
        CU_ASSERT_EQUAL(d.pg[i].users, d.pg[i].gref == 1000);
    /* Used again: a hit, nothing mapped or evicted. */
    qd_io_submit(&q, request(BLKIF_OP_READ, 0, 7, 3));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(nmap, 3);
    CU_ASSERT_EQUAL(d.pg_evicted, 3);
    qd_pgrants_release(&q, &d);
    CU_ASSERT_EQUAL(nunmap, 3 + QD_MAX_PGRANTS);
    teardown();
}

/* Full and every kept grant in use: a new one is mapped for its request only. */
static void test_persistent_cap(void)
{
    int rc = setup(0);

    CU_ASSERT_FATAL(rc == 0);
    fill_table(1);
    qd_io_submit(&q, request(BLKIF_OP_READ, 0, 7, 3));
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(nmap, 3);
    CU_ASSERT_EQUAL(nunmap, 3);                 /* after the request */
    CU_ASSERT_EQUAL(d.npg, QD_MAX_PGRANTS);
    qd_pgrants_release(&q, &d);
    CU_ASSERT_EQUAL(nunmap, 3 + QD_MAX_PGRANTS);
    teardown();
}

/* On tmpfs io_uring's writes are copied inline (no io-wq round trip). */
static void test_uring_tmpfs_write_inline(void)
{
    uint8_t back[4096];
    int rc = setup(1);

    CU_ASSERT_FATAL(rc >= 0);
    if (rc)
        return teardown();
    d.mem_store = 1;
    memset(guest[9], 0x77, 4096);
    qd_io_submit(&q, request(BLKIF_OP_WRITE, 24, 9, 1));
    CU_ASSERT_EQUAL(q.uring_pending, 0);        /* done before returning */
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    CU_ASSERT_EQUAL(pread(d.fd_buf, back, 4096, 24 * 512), 4096);
    CU_ASSERT(memcmp(back, guest[9], 4096) == 0);
    qd_io_submit(&q, request(BLKIF_OP_WRITE_BARRIER, 24, 9, 1));
    CU_ASSERT_EQUAL(q.uring_pending, 1);        /* its fdatasync */
    CU_ASSERT_EQUAL(wait_one(), BLKIF_RSP_OKAY);
    teardown();
}

static void test_uring_persistent(void) { persistent(1); }
static void test_pool_persistent(void) { persistent(0); }
static void test_uring_write_read_back(void) { write_read_back(1); }
static void test_pool_write_read_back(void) { write_read_back(0); }
static void test_uring_bad_grant(void) { bad_grant(1); }
static void test_pool_bad_grant(void) { bad_grant(0); }
static void test_uring_discard(void) { discard_punches(1); }
static void test_pool_discard(void) { discard_punches(0); }

static CU_TestInfo cases[] = {
    { "uring_write_read_back", test_uring_write_read_back },
    { "pool_write_read_back", test_pool_write_read_back },
    { "uring_bad_grant", test_uring_bad_grant },
    { "pool_bad_grant", test_pool_bad_grant },
    { "uring_discard", test_uring_discard },
    { "pool_discard", test_pool_discard },
    { "uring_many_in_flight", test_uring_many_in_flight },
    { "uring_persistent", test_uring_persistent },
    { "uring_tmpfs_write_inline", test_uring_tmpfs_write_inline },
    { "pool_persistent", test_pool_persistent },
    { "persistent_cap", test_persistent_cap },
    { "persistent_lru", test_persistent_lru },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("blkback_io", NULL, NULL, cases);
