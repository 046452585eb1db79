/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk-hostile-fe: a hostile blkif frontend in dom0 for the dom0-qdisk
 * boot case. It shares a ring page with itself (gntalloc, domid 0), plays
 * the frontend of an existing qdisk backend directory, sends one good read
 * and then garbage (bad segment counts, unknown ops, sectors past the end,
 * a grant it does not own, ...) expecting an error response for each, and
 * finally pushes a req_prod that runs ahead of the ring, expecting qdisk to
 * disconnect this device (backend state Closing) and nothing else.
 *
 *   qdisk-hostile-fe BACKEND-DIR FRONTEND-DIR IMAGE
 *
 * Prints PASS:/FAIL: dom0-qdisk/hostile-NAME lines; exit status = failures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hcall.h>
#include <public/io/blkif.h>
#include <public/io/xenbus.h>

static struct hcall_xs *xs;
static struct hcall_evtchn *ev;
static int port, nfail;
static const char *be, *fe;
static blkif_front_ring_t ring;

static void result(const char *name, int ok, const char *fmt, long got)
{
    if (ok) {
        printf("PASS: dom0-qdisk/hostile-%s\n", name);
    } else {
        printf("FAIL: dom0-qdisk/hostile-%s: ", name);
        printf(fmt, got);
        putchar('\n');
        nfail++;
    }
    fflush(stdout);
}

static void put(const char *dir, const char *node, const char *fmt, long v)
{
    char path[256], val[32];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    snprintf(val, sizeof(val), fmt, v);
    if (hcall_xs_write(xs, HCALL_XS_NO_TX, path, val, strlen(val)) < 0)
        fprintf(stderr, "hostile-fe: write %s: %s\n", path, strerror(errno));
}

/* Waits up to 10 s for the backend's state; returns the last one seen. */
static long wait_state(long want)
{
    char path[256], *v;
    long s = -1;

    snprintf(path, sizeof(path), "%s/state", be);
    for (int i = 0; i < 1000; i++) {
        if (hcall_xs_read(xs, HCALL_XS_NO_TX, path, &v, NULL) == 0) {
            s = strtol(v, NULL, 10);
            free(v);
            if (s == want)
                break;
        }
        usleep(10000);
    }
    return s;
}

/* Sends one request, waits for its response; returns the status. */
static int transact(const blkif_request_t *req)
{
    int notify;

    *RING_GET_REQUEST(&ring, ring.req_prod_pvt) = *req;
    ring.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ring, notify);
    (void)notify;
    hcall_evtchn_notify(ev, port);
    for (int i = 0; i < 500; i++) {
        if (ring.sring->rsp_prod != ring.rsp_cons) {
            blkif_response_t rsp;

            xen_rmb();
            RING_COPY_RESPONSE(&ring, ring.rsp_cons, &rsp);
            ring.rsp_cons++;
            if (rsp.id != req->id)
                return 1000;            /* not ours: a failure */
            return rsp.status;
        }
        usleep(10000);
    }
    return 2000;                        /* no answer */
}

static blkif_request_t rw(uint8_t op, uint64_t id, uint64_t sector,
                          unsigned nseg, hcall_gref_t gref)
{
    blkif_request_t r;

    memset(&r, 0, sizeof(r));
    r.operation = op;
    r.id = id;
    r.sector_number = sector;
    r.nr_segments = (uint8_t)nseg;
    for (unsigned i = 0; i < nseg && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        r.seg[i] = (struct blkif_request_segment){ gref, 0, 7, 0 };
    return r;
}

/* One hostile request and the status it must get. */
struct bad {
    const char *name;
    blkif_request_t req;
    int want;
};

static blkif_request_t raw_of(const void *p, size_t len)
{
    blkif_request_t r;

    memset(&r, 0, sizeof(r));
    memcpy(&r, p, len);
    return r;
}

static void garbage(hcall_gref_t data, uint64_t sectors)
{
    struct blkif_request_indirect ind = {
        .operation = BLKIF_OP_INDIRECT, .indirect_op = BLKIF_OP_READ,
        .id = 20, .nr_segments = 5000 };
    struct blkif_request_discard d = {
        .operation = BLKIF_OP_DISCARD, .flag = BLKIF_DISCARD_SECURE,
        .id = 21, .nr_sectors = 8 };
    struct bad cases[] = {
        { "12-segments", rw(BLKIF_OP_READ, 10, 0, 12, data), BLKIF_RSP_ERROR },
        { "write-0-segments", rw(BLKIF_OP_WRITE, 11, 0, 0, data), BLKIF_RSP_ERROR },
        { "unknown-op", rw(9, 12, 0, 1, data), BLKIF_RSP_EOPNOTSUPP },
        { "past-the-end", rw(BLKIF_OP_READ, 13, sectors - 4, 1, data),
          BLKIF_RSP_ERROR },
        { "sector-wraps", rw(BLKIF_OP_WRITE, 14, UINT64_MAX - 2, 1, data),
          BLKIF_RSP_ERROR },
        { "first-after-last", rw(BLKIF_OP_READ, 15, 0, 1, data), BLKIF_RSP_ERROR },
        { "segment-past-page", rw(BLKIF_OP_READ, 16, 0, 1, data), BLKIF_RSP_ERROR },
        /* Past any grant table: nobody granted it (a live ref might be
         * blkfront's, granted to dom0 too, and would be fair game). */
        { "foreign-grant", rw(BLKIF_OP_READ, 17, 0, 1, 0x7ffffff0u),
          BLKIF_RSP_ERROR },
        { "indirect-5000", raw_of(&ind, sizeof(ind)), BLKIF_RSP_ERROR },
        { "secure-discard", raw_of(&d, sizeof(d)), BLKIF_RSP_EOPNOTSUPP },
    };

    cases[5].req.seg[0].first_sect = 6;
    cases[5].req.seg[0].last_sect = 2;
    cases[6].req.seg[0].last_sect = 8;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int st = transact(&cases[i].req);

        result(cases[i].name, st == cases[i].want, "status %ld", st);
    }
}

static int setup(struct hcall_gntalloc *ga, hcall_gref_t *ring_ref)
{
    blkif_sring_t *sring = hcall_gntalloc_share(ga, 0, 1, 1, ring_ref);

    if (!sring)
        return -1;
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&ring, sring, 4096);
    port = hcall_evtchn_bind_unbound(ev, 0);
    return port < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    struct hcall_gntalloc *ga;
    hcall_gref_t ring_ref, data_ref;
    uint8_t *data, want[4096];
    char path[256], *v;
    uint64_t sectors = 0;
    FILE *img;
    long s;
    int st;

    if (argc != 4) {
        fprintf(stderr, "usage: %s BACKEND-DIR FRONTEND-DIR IMAGE\n", argv[0]);
        return 2;
    }
    be = argv[1];
    fe = argv[2];
    img = fopen(argv[3], "rb");
    xs = hcall_xs_open(0);
    ev = hcall_evtchn_open();
    ga = hcall_gntalloc_open();
    if (!img || fread(want, 1, sizeof(want), img) != sizeof(want) || !xs ||
        !ev || !ga || setup(ga, &ring_ref) < 0 ||
        !(data = hcall_gntalloc_share(ga, 0, 1, 1, &data_ref))) {
        result("setup", 0, "cannot open the image or a Xen device (%ld)", errno);
        return 1;
    }
    s = wait_state(XenbusStateInitWait);
    result("initwait", s == XenbusStateInitWait, "backend state %ld", s);
    put(fe, "ring-ref", "%ld", ring_ref);
    put(fe, "event-channel", "%ld", port);
    put(fe, "protocol", "x86_64-abi", 0);
    put(fe, "state", "%ld", XenbusStateInitialised);
    s = wait_state(XenbusStateConnected);
    result("connected", s == XenbusStateConnected, "backend state %ld", s);
    snprintf(path, sizeof(path), "%s/sectors", be);
    if (hcall_xs_read(xs, HCALL_XS_NO_TX, path, &v, NULL) == 0) {
        sectors = strtoull(v, NULL, 10);
        free(v);
    }

    blkif_request_t r = rw(BLKIF_OP_READ, 1, 0, 1, data_ref);
    st = transact(&r);
    result("good-read", st == 0 && !memcmp(data, want, sizeof(want)),
           "status %ld (or data differs)", st);
    garbage(data_ref, sectors);
    st = transact(&r);
    result("still-served", st == 0, "status %ld", st);

    /* req_prod far ahead of the ring: the device must be disconnected. */
    ring.sring->req_prod = ring.req_prod_pvt + 1000;
    hcall_evtchn_notify(ev, port);
    s = wait_state(XenbusStateClosing);
    result("runahead-disconnects", s == XenbusStateClosing, "backend state %ld", s);
    put(fe, "state", "%ld", XenbusStateClosed);
    s = wait_state(XenbusStateClosed);
    result("closed", s == XenbusStateClosed, "backend state %ld", s);
    hcall_evtchn_unbind(ev, port);
    return nfail;
}
