/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkfront (drivers/frontend/blk) against a fake backend and store: the
 * handshake nodes for one and four ring pages, indirect and direct
 * requests with many in flight, data both ways, grants read-only exactly
 * for writes and all ended afterwards, flush, errors and argument checks,
 * a read-only disk, close.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "blkfront.h"
#include "fake_frontend.h"
#include <public/errno.h>

#define PG        4096u
#define DISK_SIZE (2u << 20)
#define BE        "/local/domain/0/backend/vbd/1/51712"
#define FE        "device/vbd/51712"

/* ---- the fake backend -------------------------------------------------- */
static struct {
    blkif_back_ring_t ring;
    bool connected, fail_io, no_flush;
    unsigned int order, indirect, info;
    unsigned int max_inflight, flushes;
    unsigned int direct_reqs, indirect_reqs;
    uint8_t disk[DISK_SIZE];            /* last: setup() clears the rest */
} be;

static void copy_seg(const struct blkif_request_segment *seg, uint64_t *pos,
                     bool to_guest)
{
    uint8_t *page = fake_fe_map(seg->gref, to_guest);
    size_t off = seg->first_sect * 512u;
    size_t len = (seg->last_sect - seg->first_sect + 1u) * 512u;

    CU_ASSERT_FATAL(seg->last_sect <= 7 && seg->first_sect <= seg->last_sect);
    CU_ASSERT_FATAL(*pos + len <= DISK_SIZE);
    if ( to_guest )
        memcpy(page + off, be.disk + *pos, len);
    else
        memcpy(be.disk + *pos, page + off, len);
    *pos += len;
}

static int16_t do_request(const blkif_request_t *req)
{
    uint64_t pos = req->sector_number * 512;
    unsigned int op = req->operation, n = req->nr_segments;
    const struct blkif_request_segment *seg = req->seg;

    if ( op == BLKIF_OP_FLUSH_DISKCACHE )
    {
        be.flushes++;
        return be.no_flush ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_OKAY;
    }
    if ( op == BLKIF_OP_INDIRECT )
    {
        const blkif_request_indirect_t *ind = (const void *)req;

        CU_ASSERT_FATAL(ind->nr_segments <= be.indirect);
        op = ind->indirect_op, n = ind->nr_segments;
        pos = ind->sector_number * 512;
        seg = fake_fe_map(ind->indirect_grefs[0], false);
        CU_ASSERT(fake_fe_readonly(ind->indirect_grefs[0]));
        be.indirect_reqs++;
    }
    else
    {
        CU_ASSERT_FATAL(n >= 1 && n <= BLKIF_MAX_SEGMENTS_PER_REQUEST);
        be.direct_reqs++;
    }
    if ( be.fail_io )
        return BLKIF_RSP_ERROR;
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( op == BLKIF_OP_WRITE )
            CU_ASSERT(fake_fe_readonly(seg[i].gref));
        copy_seg(&seg[i], &pos, op == BLKIF_OP_READ);
    }
    return BLKIF_RSP_OKAY;
}

/* The backend runs when the frontend waits: everything queued so far. */
static void backend_run(void)
{
    RING_IDX rc, rp;
    int more;

    if ( !be.connected )
        return;
    rp = be.ring.sring->req_prod;
    if ( rp - be.ring.req_cons > be.max_inflight )
        be.max_inflight = rp - be.ring.req_cons;
    for ( rc = be.ring.req_cons; rc != rp; rc++ )
    {
        blkif_request_t req = *RING_GET_REQUEST(&be.ring, rc);
        blkif_response_t *rsp = RING_GET_RESPONSE(&be.ring, be.ring.rsp_prod_pvt);

        rsp->id = req.id;
        rsp->operation = req.operation;
        rsp->status = do_request(&req);
        be.ring.rsp_prod_pvt++;
    }
    be.ring.req_cons = rc;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&be.ring, more);
    (void)more;                         /* the frontend polls in wait() */
}

/* The frontend is Initialised: map its ring, go Connected. */
static void backend_connect(void)
{
    const char *v = fake_fe_get(FE "/ring-page-order");
    unsigned int order = v ? atoi(v) : 0;
    char key[64];
    void *sring;

    snprintf(key, sizeof(key), FE "/ring-ref%s", order ? "0" : "");
    CU_ASSERT_FATAL(fake_fe_get(key) != NULL);
    sring = fake_fe_map(atoi(fake_fe_get(key)), true);
    for ( unsigned int i = 1; i < (1u << order); i++ )
    {
        snprintf(key, sizeof(key), FE "/ring-ref%u", i);
        CU_ASSERT_FATAL(fake_fe_get(key) != NULL);
        CU_ASSERT((uint8_t *)fake_fe_map(atoi(fake_fe_get(key)), true) ==
                  (uint8_t *)sring + i * PG);
    }
    BACK_RING_INIT(&be.ring, (blkif_sring_t *)sring, PG << order);
    be.order = order;
    fake_fe_set(BE "/sectors", "4096");
    fake_fe_set(BE "/sector-size", "512");
    fake_fe_set(BE "/info", be.info ? "4" : "0");
    fake_fe_set(BE "/feature-flush-cache", be.no_flush ? "0" : "1");
    fake_fe_set(BE "/state", "4");
    be.connected = true;
}

static void on_write(const char *path, const char *val)
{
    if ( !strcmp(path, FE "/state") && !strcmp(val, "3") )
        backend_connect();
    if ( !strcmp(path, FE "/state") && !strcmp(val, "5") )
        fake_fe_set(BE "/state", "6");
}

/* A fresh backend in InitWait offering ring order and indirect segments. */
static struct blkfront *setup(unsigned int order, unsigned int indirect)
{
    static struct blkfront bf;
    char v[16];

    fake_fe_reset();
    fake_fe_on_write = on_write;
    fake_fe_run = backend_run;
    memset(&be, 0, sizeof(be) - sizeof(be.disk));
    for ( unsigned int i = 0; i < DISK_SIZE; i++ )
        be.disk[i] = (uint8_t)(i * 13 + (i >> 12));
    be.indirect = indirect;
    fake_fe_set(FE "/backend", BE);
    fake_fe_set(FE "/backend-id", "0");
    fake_fe_set(BE "/state", "2");
    snprintf(v, sizeof(v), "%u", order);
    fake_fe_set(BE "/max-ring-page-order", v);
    if ( indirect )
    {
        snprintf(v, sizeof(v), "%u", indirect);
        fake_fe_set(BE "/feature-max-indirect-segments", v);
    }
    return &bf;
}

static void test_handshake_multipage(void)
{
    struct blkfront *bf = setup(4, 256);

    CU_ASSERT_EQUAL_FATAL(blkfront_init(bf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/ring-page-order"), "2");
    CU_ASSERT_PTR_NULL(fake_fe_get(FE "/ring-ref"));
    CU_ASSERT_PTR_NOT_NULL(fake_fe_get(FE "/ring-ref3"));
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/protocol"), "x86_64-abi");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/event-channel"), "7");
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/state"), "4");
    CU_ASSERT_EQUAL(be.order, 2);
    CU_ASSERT_EQUAL(bf->max_segs, BLKFRONT_MAX_INDIRECT);
    CU_ASSERT_EQUAL(blkfront_bytes(bf), DISK_SIZE);
    CU_ASSERT(bf->flush);
    CU_ASSERT_EQUAL(blkfront_close(bf, 1000), 0);
    CU_ASSERT_STRING_EQUAL(fake_fe_get(FE "/state"), "6");
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);
}

static void test_read_indirect(void)
{
    struct blkfront *bf = setup(2, 256);
    uint8_t *buf = fake_fe_ops.alloc_pages(NULL, DISK_SIZE / PG);

    CU_ASSERT_EQUAL_FATAL(blkfront_init(bf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_EQUAL(blkfront_read(bf, 0, buf, DISK_SIZE), 0);
    CU_ASSERT(memcmp(buf, be.disk, DISK_SIZE) == 0);
    CU_ASSERT_EQUAL(be.indirect_reqs, DISK_SIZE / (64 * PG));
    CU_ASSERT(be.max_inflight > 1);
    /* A tail shorter than a page: sectors, not pages. */
    CU_ASSERT_EQUAL(blkfront_read(bf, 512, buf, 3 * 512), 0);
    CU_ASSERT(memcmp(buf, be.disk + 512, 3 * 512) == 0);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 1u << bf->ring_order);   /* the ring only */
    blkfront_close(bf, 1000);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);
    free(buf);
}

static void test_write_direct(void)
{
    struct blkfront *bf = setup(0, 0);
    uint8_t *buf = fake_fe_ops.alloc_pages(NULL, 64);

    CU_ASSERT_EQUAL_FATAL(blkfront_init(bf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_PTR_NOT_NULL(fake_fe_get(FE "/ring-ref"));
    CU_ASSERT_PTR_NULL(fake_fe_get(FE "/ring-page-order"));
    CU_ASSERT_EQUAL(bf->max_segs, BLKIF_MAX_SEGMENTS_PER_REQUEST);
    memset(buf, 0xa5, 64 * PG);
    CU_ASSERT_EQUAL(blkfront_write(bf, 8192, buf, 64 * PG), 0);
    CU_ASSERT_EQUAL(be.indirect_reqs, 0);
    CU_ASSERT_EQUAL(be.direct_reqs, (64 + 10) / 11);
    CU_ASSERT(be.disk[8191] != 0xa5 && be.disk[8192] == 0xa5 &&
              be.disk[8192 + 64 * PG - 1] == 0xa5 &&
              be.disk[8192 + 64 * PG] != 0xa5);
    CU_ASSERT_EQUAL(blkfront_flush(bf), 0);
    CU_ASSERT_EQUAL(be.flushes, 1);
    blkfront_close(bf, 1000);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 0);
    free(buf);
}

static void test_errors(void)
{
    struct blkfront *bf = setup(1, 32);
    uint8_t *buf = fake_fe_ops.alloc_pages(NULL, 4);

    be.no_flush = true;
    CU_ASSERT_EQUAL_FATAL(blkfront_init(bf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_EQUAL(blkfront_read(bf, 100, buf, 512), -XEN_EINVAL);
    CU_ASSERT_EQUAL(blkfront_read(bf, 0, buf + 1, 512), -XEN_EINVAL);
    CU_ASSERT_EQUAL(blkfront_read(bf, DISK_SIZE - 512, buf, 1024), -XEN_EINVAL);
    CU_ASSERT_EQUAL(blkfront_flush(bf), -XEN_EOPNOTSUPP);
    be.fail_io = true;
    CU_ASSERT_EQUAL(blkfront_read(bf, 0, buf, 4 * PG), -XEN_EIO);
    CU_ASSERT_EQUAL(bf->inflight, 0);
    CU_ASSERT_EQUAL(fake_fe_grants_live, 1u << bf->ring_order);
    blkfront_close(bf, 1000);
    free(buf);
}

static void test_readonly_and_timeout(void)
{
    struct blkfront *bf = setup(0, 0);
    uint8_t *buf = fake_fe_ops.alloc_pages(NULL, 1);

    be.info = 4;
    CU_ASSERT_EQUAL_FATAL(blkfront_init(bf, &fake_fe_ops, FE, 1000), 0);
    CU_ASSERT_EQUAL(blkfront_write(bf, 0, buf, PG), -XEN_EROFS);
    blkfront_close(bf, 1000);
    /* A backend that never reaches InitWait. */
    setup(0, 0);
    fake_fe_set(BE "/state", "1");
    CU_ASSERT_EQUAL(blkfront_init(bf, &fake_fe_ops, FE, 500), -XEN_ETIMEDOUT);
    free(buf);
}

static CU_TestInfo cases[] = {
    { "handshake_multipage", test_handshake_multipage },
    { "read_indirect", test_read_indirect },
    { "write_direct_flush", test_write_direct },
    { "errors", test_errors },
    { "readonly_and_timeout", test_readonly_and_timeout },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("blkfront", NULL, NULL, cases);
