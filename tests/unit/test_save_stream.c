/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The save/restore stream (dom0-tools/xl/save_stream.c, save_pt.c): round
 * trip, every truncation point, bad magic/version/CRC, corrupt lengths,
 * unknown mandatory and optional records, PAGE_DATA checks, and the
 * page-table canonicalisation both ways.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "save_stream.h"

/* A small stream: header, config, PV info, one PAGE_DATA, a note, END. */
static uint8_t page[SR_PAGE_SIZE];

static int write_sample(int fd, bool with_note, uint32_t extra_type)
{
    struct sr_writer w;
    struct sr_pv_info pi = { .guest_width = 8, .nr_vcpus = 1,
                             .p2m_size = 16, .nr_pages = 2 };
    struct { struct sr_page_data_hdr h; uint64_t e[2]; } pd = {
        { 2, 0 },
        { 3 | (uint64_t)SR_PT_NOTAB << SR_PD_TYPE_SHIFT,
          7 | (uint64_t)SR_PT_XTAB << SR_PD_TYPE_SHIFT },
    };
    struct iovec iov[2] = { { &pd, sizeof(pd) }, { page, sizeof(page) } };
    const char *cfg = "{\"cfg\":\"name = \\\"x\\\"\\n\"}";

    for (unsigned int i = 0; i < sizeof(page); i++)
        page[i] = (uint8_t)(i * 7 + 1);
    sr_writer_init(&w, fd);
    if (sr_write_header(&w, 4, 17) ||
        sr_write_record(&w, SR_REC_DOMAIN_CONFIG, cfg, strlen(cfg)) ||
        sr_write_record(&w, SR_REC_PV_INFO, &pi, sizeof(pi)))
        return -1;
    if (with_note && sr_write_record(&w, SR_REC_SAVE_NOTE, "hello", 5))
        return -1;
    if (extra_type && sr_write_record(&w, extra_type, "x", 1))
        return -1;
    if (sr_write_recordv(&w, SR_REC_PAGE_DATA, iov, 2) || sr_write_end(&w))
        return -1;
    return (int)w.offset;
}

/* Reads the whole stream; returns the first error or 0 after END. */
static int read_all(int fd, struct sr_reader *r, unsigned int *nr)
{
    struct sr_record rec;
    int rc;

    lseek(fd, 0, SEEK_SET);
    sr_reader_init(r, fd, "test.save");
    *nr = 0;
    if ((rc = sr_read_header(r)) < 0)
        return rc;
    for (;;) {
        if ((rc = sr_read_record(r, &rec)) < 0)
            return rc;
        (*nr)++;
        if (rec.type == SR_REC_PAGE_DATA) {
            uint32_t count;
            const uint64_t *e;
            const uint8_t *p;

            rc = sr_page_data_parse(r, &rec, 16, &count, &e, &p);
            if (rc < 0)
                return rc;
        }
        if (rec.type == SR_REC_END)
            return 0;
    }
}

static int tmp_fd(void)
{
    FILE *f = tmpfile();

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    return dup(fileno(f));      /* the FILE leaks on purpose: tests are short */
}

static void test_round_trip(void)
{
    int fd = tmp_fd();
    struct sr_reader r;
    struct sr_record rec;
    const struct sr_pv_info *pi;
    uint32_t count;
    const uint64_t *e;
    const uint8_t *p;

    CU_ASSERT_TRUE(write_sample(fd, true, 0) > 0);
    lseek(fd, 0, SEEK_SET);
    sr_reader_init(&r, fd, "rt.save");
    CU_ASSERT_EQUAL_FATAL(sr_read_header(&r), 0);
    CU_ASSERT_EQUAL(r.hdr.xen_major, 4);
    CU_ASSERT_EQUAL(r.hdr.xen_minor, 17);
    CU_ASSERT_EQUAL_FATAL(sr_read_record(&r, &rec), 0);
    CU_ASSERT_EQUAL(rec.type, SR_REC_DOMAIN_CONFIG);
    CU_ASSERT_TRUE(rec.length == 24 && !memcmp(rec.body, "{\"cfg\":", 7));
    CU_ASSERT_EQUAL_FATAL(sr_read_record(&r, &rec), 0);
    CU_ASSERT_EQUAL_FATAL(rec.type, SR_REC_PV_INFO);
    pi = (const void *)rec.body;
    CU_ASSERT_EQUAL(pi->p2m_size, 16);
    /* The optional note is skipped: next comes PAGE_DATA. */
    CU_ASSERT_EQUAL_FATAL(sr_read_record(&r, &rec), 0);
    CU_ASSERT_EQUAL_FATAL(rec.type, SR_REC_PAGE_DATA);
    CU_ASSERT_EQUAL(r.records, 4);
    CU_ASSERT_EQUAL_FATAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                          0);
    CU_ASSERT_EQUAL(count, 2);
    CU_ASSERT_EQUAL(e[0] & SR_PD_PFN_MASK, 3);
    CU_ASSERT_EQUAL(e[1] >> SR_PD_TYPE_SHIFT, SR_PT_XTAB);
    CU_ASSERT_EQUAL(memcmp(p, page, sizeof(page)), 0);
    CU_ASSERT_EQUAL_FATAL(sr_read_record(&r, &rec), 0);
    CU_ASSERT_EQUAL(rec.type, SR_REC_END);
    CU_ASSERT_EQUAL(rec.length, 0);
    /* Nothing after END: a further read is a clean truncation error. */
    CU_ASSERT_EQUAL(sr_read_record(&r, &rec), -ENODATA);
    sr_reader_free(&r);
    close(fd);
}

/* Every prefix of a valid stream is refused as truncated. */
static void test_truncated(void)
{
    int fd = tmp_fd(), total = write_sample(fd, true, 0);
    struct sr_reader r;
    unsigned int nr, failures = 0;

    CU_ASSERT_TRUE_FATAL(total > 4096);
    for (int len = total - 1; len >= 0; len--) {
        int rc;

        CU_ASSERT_EQUAL_FATAL(ftruncate(fd, len), 0);
        rc = read_all(fd, &r, &nr);
        if (rc != -ENODATA || !strstr(r.msg, "truncated"))
            failures++;
        sr_reader_free(&r);
    }
    CU_ASSERT_EQUAL(failures, 0);
    /* The message names the file and where. */
    lseek(fd, 0, SEEK_SET);
    CU_ASSERT_EQUAL(write_sample(fd, true, 0), total);
    CU_ASSERT_EQUAL(ftruncate(fd, total - 9), 0);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -ENODATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "test.save: offset"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "record 5"));
    sr_reader_free(&r);
    close(fd);
}

static void patch(int fd, off_t off, const void *b, size_t n)
{
    CU_ASSERT_EQUAL(pwrite(fd, b, n, off), (ssize_t)n);
}

static void test_bad_header(void)
{
    int fd = tmp_fd();
    struct sr_reader r;
    struct sr_header h;
    unsigned int nr;

    write_sample(fd, false, 0);
    patch(fd, 0, "XNLSAVF\n", 8);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "bad magic"));
    sr_reader_free(&r);

    /* A later version, with a valid CRC: refused by version. */
    patch(fd, 0, SR_MAGIC, 8);
    CU_ASSERT_EQUAL(pread(fd, &h, sizeof(h), 0), (ssize_t)sizeof(h));
    h.version = 2;
    h.crc = sr_crc32(0, &h, 28);
    patch(fd, 0, &h, sizeof(h));
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EPROTONOSUPPORT);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "version 2 is not supported"));
    sr_reader_free(&r);

    /* The same change without fixing the CRC: corrupt. */
    h.version = 1;
    h.xen_minor = 18;
    patch(fd, 0, &h, sizeof(h));
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EBADMSG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "header is corrupt"));
    sr_reader_free(&r);

    /* Options must be zero. */
    h.xen_minor = 17;
    h.options = 1;
    h.crc = sr_crc32(0, &h, 28);
    patch(fd, 0, &h, sizeof(h));
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EPROTONOSUPPORT);
    sr_reader_free(&r);
    close(fd);
}

static void test_corrupt_length(void)
{
    int fd = tmp_fd();
    struct sr_reader r;
    uint32_t len;
    unsigned int nr;
    off_t first = sizeof(struct sr_header);

    write_sample(fd, false, 0);
    /* Huge: refused before any allocation. */
    len = 0xfffffff0u;
    patch(fd, first + 4, &len, 4);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EMSGSIZE);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "exceeds the limit"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "offset 32, record 1"));
    sr_reader_free(&r);
    /* Plausible but wrong (22 -> 21): the CRC or padding catches it. */
    len = 21;
    patch(fd, first + 4, &len, 4);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EBADMSG);
    sr_reader_free(&r);
    /* Longer than the file: truncated. */
    len = 1u << 20;
    patch(fd, first + 4, &len, 4);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -ENODATA);
    sr_reader_free(&r);
    close(fd);
}

static void test_corrupt_body(void)
{
    int fd = tmp_fd(), total = write_sample(fd, false, 0);
    struct sr_reader r;
    unsigned int nr;
    uint8_t b;

    /* One bit flipped in the page data, 100 bytes before the END record. */
    CU_ASSERT_EQUAL(pread(fd, &b, 1, total - 16 - 100), 1);
    b ^= 0x10;
    patch(fd, total - 16 - 100, &b, 1);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EBADMSG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "CRC mismatch"));
    CU_ASSERT_EQUAL(nr, 2);
    sr_reader_free(&r);
    close(fd);
}

static void test_unknown_records(void)
{
    int fd = tmp_fd();
    struct sr_reader r;
    unsigned int nr;

    write_sample(fd, false, 0x42);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), -EPROTO);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "unknown mandatory record type "
                                  "0x42"));
    sr_reader_free(&r);
    close(fd);

    /* The same type marked optional is skipped. */
    fd = tmp_fd();
    write_sample(fd, true, SR_REC_OPTIONAL | 0x42);
    CU_ASSERT_EQUAL(read_all(fd, &r, &nr), 0);
    CU_ASSERT_EQUAL(nr, 4);             /* config, info, page data, END */
    CU_ASSERT_EQUAL(r.records, 6);
    sr_reader_free(&r);
    close(fd);
}

static void test_page_data_checks(void)
{
    struct sr_reader r;
    struct { struct sr_page_data_hdr h; uint64_t e[2]; uint8_t p[4096]; }
        *pd = calloc(1, sizeof(*pd));
    struct sr_record rec = { .type = SR_REC_PAGE_DATA, .body = (void *)pd };
    uint32_t count;
    const uint64_t *e;
    const uint8_t *p;

    sr_reader_init(&r, -1, "pd");
    r.records = 1;
    pd->h.count = 2;
    pd->e[0] = 5 | (uint64_t)(SR_PT_PINNED | SR_PT_L4) << SR_PD_TYPE_SHIFT;
    pd->e[1] = 6 | (uint64_t)SR_PT_XALLOC << SR_PD_TYPE_SHIFT;
    rec.length = sizeof(*pd);
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p), 0);
    CU_ASSERT_EQUAL(p, pd->p);
    /* Length disagrees with the entries (the XALLOC page has no data). */
    rec.length = sizeof(*pd) - 8;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "need 4120"));
    rec.length = sizeof(*pd);
    /* PFN beyond the P2M. */
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 6, &count, &e, &p),
                    -EBADMSG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.msg, "entry 1 (PFN 0x6"));
    /* A pinned non-table and a level-5 type are invalid. */
    pd->e[0] = 5 | (uint64_t)SR_PT_PINNED << SR_PD_TYPE_SHIFT;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    pd->e[0] = 5 | 5ull << SR_PD_TYPE_SHIFT;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    /* Bits between the PFN and the type. */
    pd->e[0] = 5 | 1ull << 55;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    /* Count 0 and over the batch limit. */
    pd->e[0] = 5;
    pd->h.count = 0;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    pd->h.count = SR_MAX_BATCH + 1;
    CU_ASSERT_EQUAL(sr_page_data_parse(&r, &rec, 16, &count, &e, &p),
                    -EBADMSG);
    CU_ASSERT_EQUAL(r.records, 1);
    free(pd);
}

static void test_write_limit(void)
{
    int fd = tmp_fd();
    struct sr_writer w;
    struct iovec iov = { page, SR_MAX_BODY + 1 };

    sr_writer_init(&w, fd);
    CU_ASSERT_EQUAL(sr_write_recordv(&w, SR_REC_PAGE_DATA, &iov, 1),
                    -EMSGSIZE);
    CU_ASSERT_EQUAL(w.offset, 0);
    close(fd);
    /* A write error is reported with the offset. */
    sr_writer_init(&w, -1);
    CU_ASSERT_EQUAL(sr_write_end(&w), -EBADF);
    CU_ASSERT_PTR_NOT_NULL(strstr(w.msg, "write failed at offset 0"));
}

static void test_pt_round_trip(void)
{
    /* PFN i lives at MFN 1000 + 3 * i; PFN 2 is absent. */
    uint64_t p2m[8], new_p2m[8], pt[512], orig[512];
    struct sr_m2p m;
    uint64_t bad_pfn;
    unsigned int slot;

    for (unsigned int i = 0; i < 8; i++) {
        p2m[i] = 1000 + 3 * i;
        new_p2m[i] = 50 + i;
    }
    p2m[2] = new_p2m[2] = SR_INVALID_FRAME;
    CU_ASSERT_EQUAL_FATAL(sr_m2p_build(&m, p2m, 8, &bad_pfn), 0);
    CU_ASSERT_EQUAL(sr_m2p_lookup(&m, 1003), 1);
    CU_ASSERT_EQUAL(sr_m2p_lookup(&m, 1004), SR_INVALID_FRAME);
    memset(pt, 0, sizeof(pt));
    pt[0] = (1000ull << 12) | 0x67;                  /* PFN 0 */
    pt[1] = (1021ull << 12) | 0x8000000000000025ull; /* PFN 7, NX */
    pt[2] = (99999ull << 12);                        /* not present: kept */
    pt[260] = (1003ull << 12) | 0x63;                /* Xen's slot in L4 */
    pt[511] = (1009ull << 12) | 0x67;                /* PFN 3 */
    memcpy(orig, pt, sizeof(pt));
    CU_ASSERT_EQUAL(sr_pt_canon(pt, 1, &m, &slot), 0);
    CU_ASSERT_EQUAL(pt[0], (0ull << 12) | 0x67);
    CU_ASSERT_EQUAL(pt[1], (7ull << 12) | 0x8000000000000025ull);
    CU_ASSERT_EQUAL(pt[2], orig[2]);
    CU_ASSERT_EQUAL(pt[260], 1ull << 12 | 0x63);     /* L1: no Xen slots */
    CU_ASSERT_EQUAL(pt[511], (3ull << 12) | 0x67);
    CU_ASSERT_EQUAL(sr_pt_uncanon(pt, 1, new_p2m, 8, &slot), 0);
    CU_ASSERT_EQUAL(pt[1], (57ull << 12) | 0x8000000000000025ull);
    CU_ASSERT_EQUAL(pt[511], (53ull << 12) | 0x67);

    /* L4: the hypervisor's slots are zeroed both ways. */
    memcpy(pt, orig, sizeof(pt));
    CU_ASSERT_EQUAL(sr_pt_canon(pt, 4, &m, &slot), 0);
    CU_ASSERT_EQUAL(pt[260], 0);
    pt[265] = 0x1067;
    CU_ASSERT_EQUAL(sr_pt_uncanon(pt, 4, new_p2m, 8, &slot), 0);
    CU_ASSERT_EQUAL(pt[265], 0);
    CU_ASSERT_EQUAL(pt[0], (50ull << 12) | 0x67);

    /* A frame the domain does not own, an absent or too large PFN. */
    memcpy(pt, orig, sizeof(pt));
    pt[7] = (5000ull << 12) | 1;
    CU_ASSERT_EQUAL(sr_pt_canon(pt, 2, &m, &slot), -EINVAL);
    CU_ASSERT_EQUAL(slot, 7);
    memset(pt, 0, sizeof(pt));
    pt[9] = (2ull << 12) | 1;
    CU_ASSERT_EQUAL(sr_pt_uncanon(pt, 1, new_p2m, 8, &slot), -EINVAL);
    CU_ASSERT_EQUAL(slot, 9);
    pt[9] = (8ull << 12) | 1;
    CU_ASSERT_EQUAL(sr_pt_uncanon(pt, 1, new_p2m, 8, &slot), -EINVAL);
    /* An MFN wider than the PTE's frame field (whose shift would drop). */
    pt[9] = (4ull << 12) | 1;
    new_p2m[4] = 1ull << 52;
    CU_ASSERT_EQUAL(sr_pt_uncanon(pt, 1, new_p2m, 8, &slot), -EINVAL);
    CU_ASSERT_EQUAL(slot, 9);
    sr_m2p_free(&m);

    /* Two PFNs on one MFN: refused, naming the second. */
    p2m[5] = p2m[1];
    CU_ASSERT_EQUAL(sr_m2p_build(&m, p2m, 8, &bad_pfn), -EEXIST);
    CU_ASSERT_EQUAL(bad_pfn, 5);
}

static void test_types(void)
{
    CU_ASSERT_TRUE(sr_type_valid(SR_PT_NOTAB));
    CU_ASSERT_TRUE(sr_type_valid(SR_PT_PINNED | SR_PT_L4));
    CU_ASSERT_TRUE(sr_type_valid(SR_PT_XTAB));
    CU_ASSERT_FALSE(sr_type_valid(SR_PT_PINNED));
    CU_ASSERT_FALSE(sr_type_valid(5));
    CU_ASSERT_EQUAL(sr_type_level(SR_PT_PINNED | 3), 3);
    CU_ASSERT_EQUAL(sr_type_level(SR_PT_XTAB), 0);
    CU_ASSERT_FALSE(sr_type_has_data(SR_PT_BROKEN));
    CU_ASSERT_TRUE(sr_type_has_data(SR_PT_PINNED | SR_PT_L1));
}

static CU_TestInfo cases[] = {
    { "round-trip", test_round_trip },
    { "truncated-every-offset", test_truncated },
    { "bad-magic-version-crc", test_bad_header },
    { "corrupt-record-length", test_corrupt_length },
    { "corrupt-body-crc", test_corrupt_body },
    { "unknown-mandatory-optional", test_unknown_records },
    { "page-data-checks", test_page_data_checks },
    { "write-limit-and-error", test_write_limit },
    { "pt-canon-round-trip", test_pt_round_trip },
    { "pfinfo-types", test_types },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("save_stream", NULL, NULL, cases);
