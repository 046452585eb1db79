/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz the reader of xl's save/restore stream (dom0-tools/xl/save_stream.c)
 * and the page-table translation of save_pt.c: the input is a save image,
 * as `xl restore` or `xl migrate-receive` reads it. The header and every
 * record go through sr_read_header/sr_read_record; PV_INFO sets the P2M
 * size (capped) that PAGE_DATA records are checked against; each page
 * table page of an accepted PAGE_DATA record is uncanonicalised with a
 * made-up P2M and canonicalised back.
 * Invariants: every error is a documented code with a message naming the
 * stream; the offset only grows and stays within the input; a record body
 * is at most SR_MAX_BODY and lies inside the input; accepted PAGE_DATA
 * entries name PFNs below the P2M size and their pages end exactly at the
 * end of the body; PFN -> MFN -> PFN gives the page back (the hypervisor's
 * L4 slots cleared), and a refused page table names a present entry whose
 * PFN has no frame.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "save_stream.h"
#include "fuzz.h"

#define P2M_CAP 4096u                   /* the largest P2M the harness makes */
#define MAX_RECORDS 64u

/* A made-up P2M: PFN p is MFN p * 7 + 0x10000; PFNs >= size have none. */
static uint64_t fake_mfn(uint64_t pfn)
{
    return pfn * 7 + 0x10000;
}

static void check_page_table(const uint8_t *page, unsigned int level,
                             const uint64_t *p2m, uint64_t p2m_size,
                             const struct sr_m2p *m2p)
{
    uint64_t pt[512], orig[512];
    unsigned int bad = 600;

    memcpy(orig, page, sizeof(orig));
    memcpy(pt, page, sizeof(pt));
    if (sr_pt_uncanon(pt, level, p2m, p2m_size, &bad) < 0) {
        FUZZ_CHECK(bad < 512);
        FUZZ_CHECK(orig[bad] & 1);      /* present */
        FUZZ_CHECK(((orig[bad] & SR_PTE_FRAME_MASK) >> 12) >= p2m_size);
        return;
    }
    bad = 600;
    FUZZ_CHECK(sr_pt_canon(pt, level, m2p, &bad) == 0);
    for (unsigned int i = 0; i < 512; i++) {
        if (level == 4 && i >= SR_L4_XEN_FIRST && i <= SR_L4_XEN_LAST)
            FUZZ_CHECK(pt[i] == 0);
        else
            FUZZ_CHECK(pt[i] == orig[i]);
    }
}

static void check_page_data(struct sr_reader *r, const struct sr_record *rec,
                            uint64_t p2m_size, const uint64_t *p2m,
                            const struct sr_m2p *m2p)
{
    const uint64_t *e;
    const uint8_t *pages;
    uint32_t count = 0;
    size_t with_data = 0;
    int rc = sr_page_data_parse(r, rec, p2m_size, &count, &e, &pages);

    if (rc < 0) {
        FUZZ_CHECK(rc == -EBADMSG);
        FUZZ_CHECK(r->msg[0]);
        return;
    }
    FUZZ_CHECK(count >= 1 && count <= SR_MAX_BATCH);
    FUZZ_CHECK((const uint8_t *)e == rec->body + sizeof(struct sr_page_data_hdr));
    for (uint32_t i = 0; i < count; i++) {
        unsigned int type = (unsigned int)(e[i] >> SR_PD_TYPE_SHIFT);

        FUZZ_CHECK((e[i] & SR_PD_PFN_MASK) < p2m_size);
        FUZZ_CHECK(sr_type_valid(type));
        if (!sr_type_has_data(type))
            continue;
        if (sr_type_level(type))
            check_page_table(pages + with_data * SR_PAGE_SIZE,
                             sr_type_level(type), p2m, p2m_size, m2p);
        with_data++;
    }
    FUZZ_CHECK(pages + with_data * SR_PAGE_SIZE == rec->body + rec->length);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint64_t p2m[P2M_CAP];
    struct sr_reader r;
    struct sr_record rec;
    struct sr_m2p m2p = { 0 };
    uint64_t p2m_size = 64, last, bad_pfn;
    int fd = memfd_create("fuzz-save-stream", MFD_CLOEXEC), rc;

    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    for (uint64_t i = 0; i < P2M_CAP; i++)
        p2m[i] = fake_mfn(i);
    FUZZ_CHECK(sr_m2p_build(&m2p, p2m, P2M_CAP, &bad_pfn) == 0);

    sr_reader_init(&r, fd, "fuzz.img");
    rc = sr_read_header(&r);
    if (rc < 0) {
        FUZZ_CHECK(rc == -ENODATA || rc == -EINVAL ||
                   rc == -EPROTONOSUPPORT || rc == -EBADMSG);
        FUZZ_CHECK(!strncmp(r.msg, "fuzz.img: ", 10));
        goto out;
    }
    FUZZ_CHECK(r.offset == sizeof(struct sr_header));
    last = r.offset;
    for (unsigned int n = 0; n < MAX_RECORDS; n++) {
        r.msg[0] = 0;
        rc = sr_read_record(&r, &rec);
        FUZZ_CHECK(r.offset >= last && r.offset <= size);
        if (rc < 0) {
            FUZZ_CHECK(rc == -ENODATA || rc == -EMSGSIZE || rc == -EBADMSG ||
                       rc == -EPROTO || rc == -ENOMEM);
            FUZZ_CHECK(!strncmp(r.msg, "fuzz.img: ", 10));
            break;
        }
        FUZZ_CHECK(r.offset > last && !(r.offset & 7));
        FUZZ_CHECK(rec.length <= SR_MAX_BODY && rec.type < SR_REC_NR_TYPES);
        FUZZ_CHECK(rec.length <= r.offset - last);
        last = r.offset;
        if (rec.type == SR_REC_END)
            break;
        if (rec.type == SR_REC_PV_INFO &&
            rec.length >= sizeof(struct sr_pv_info)) {
            const struct sr_pv_info *pv = (const void *)rec.body;

            p2m_size = pv->p2m_size < P2M_CAP ? pv->p2m_size : P2M_CAP;
        }
        if (rec.type == SR_REC_PAGE_DATA)
            check_page_data(&r, &rec, p2m_size, p2m, &m2p);
    }
out:
    sr_reader_free(&r);
    sr_m2p_free(&m2p);
    close(fd);
    return 0;
}
