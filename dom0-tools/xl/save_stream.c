/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reader and writer of the save/restore stream (save_stream.h). Every
 * reader error names the file, the byte offset and the record number.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "save_stream.h"

_Static_assert(sizeof(struct sr_header) == 32, "sr_header");
_Static_assert(sizeof(struct sr_rhdr) == 16, "sr_rhdr");
_Static_assert(sizeof(struct sr_pv_info) == 48, "sr_pv_info");
_Static_assert(sizeof(struct sr_page_data_hdr) == 8, "sr_page_data_hdr");

static const uint8_t zero_pad[8];

uint32_t sr_crc32(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    /* zlib takes uInt lengths. */
    while (len) {
        uInt n = len > (1u << 30) ? 1u << 30 : (uInt)len;

        crc = (uint32_t)crc32(crc, p, n);
        p += n;
        len -= n;
    }
    return crc;
}

bool sr_type_valid(unsigned int type)
{
    unsigned int level = type & 7;

    if (type == SR_PT_XTAB || type == SR_PT_XALLOC || type == SR_PT_BROKEN)
        return true;
    if (type > 0xf || level > 4)
        return false;
    /* Only page tables can be pinned. */
    return !(type & SR_PT_PINNED) || level != 0;
}

bool sr_type_has_data(unsigned int type)
{
    return type != SR_PT_XTAB && type != SR_PT_XALLOC &&
           type != SR_PT_BROKEN;
}

unsigned int sr_type_level(unsigned int type)
{
    return sr_type_has_data(type) ? (type & 7) : 0;
}

/* ---- writer ---- */

void sr_writer_init(struct sr_writer *w, int fd)
{
    memset(w, 0, sizeof(*w));
    w->fd = fd;
}

static int write_iov(struct sr_writer *w, struct iovec *iov, unsigned int n)
{
    while (n) {
        ssize_t done = writev(w->fd, iov, (int)(n > 64 ? 64 : n));

        if (done < 0) {
            if (errno == EINTR)
                continue;
            snprintf(w->msg, sizeof(w->msg), "write failed at offset %llu: "
                     "%s", (unsigned long long)w->offset, strerror(errno));
            return -errno;
        }
        w->offset += (uint64_t)done;
        while (n && (size_t)done >= iov->iov_len) {
            done -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n) {
            iov->iov_base = (uint8_t *)iov->iov_base + done;
            iov->iov_len -= (size_t)done;
        }
    }
    return 0;
}

int sr_write_header(struct sr_writer *w, uint16_t xen_major,
                    uint16_t xen_minor)
{
    struct sr_header h = {
        .version = SR_VERSION, .page_size = SR_PAGE_SIZE,
        .domain_type = SR_DOMAIN_X86_64_PV,
        .xen_major = xen_major, .xen_minor = xen_minor,
    };
    struct iovec iov = { &h, sizeof(h) };

    memcpy(h.magic, SR_MAGIC, sizeof(h.magic));
    h.crc = sr_crc32(0, &h, offsetof(struct sr_header, crc));
    return write_iov(w, &iov, 1);
}

int sr_write_recordv(struct sr_writer *w, uint32_t type,
                     const struct iovec *body, unsigned int n)
{
    struct sr_rhdr rh = { .type = type };
    struct iovec *iov;
    size_t len = 0;
    int rc;

    for (unsigned int i = 0; i < n; i++)
        len += body[i].iov_len;
    if (len > SR_MAX_BODY) {
        snprintf(w->msg, sizeof(w->msg), "record of type %#x is %zu bytes, "
                 "over the limit of %u", type, len, SR_MAX_BODY);
        return -EMSGSIZE;
    }
    rh.length = (uint32_t)len;
    for (unsigned int i = 0; i < n; i++)
        rh.crc = sr_crc32(rh.crc, body[i].iov_base, body[i].iov_len);
    iov = malloc((n + 2) * sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    iov[0] = (struct iovec){ &rh, sizeof(rh) };
    memcpy(iov + 1, body, n * sizeof(*iov));
    iov[n + 1] = (struct iovec){ (void *)zero_pad, (8 - len % 8) % 8 };
    rc = write_iov(w, iov, n + 2);
    free(iov);
    if (rc == 0)
        w->records++;
    return rc;
}

int sr_write_record(struct sr_writer *w, uint32_t type, const void *body,
                    size_t len)
{
    struct iovec iov = { (void *)body, len };

    return sr_write_recordv(w, type, &iov, len ? 1 : 0);
}

int sr_write_end(struct sr_writer *w)
{
    return sr_write_record(w, SR_REC_END, NULL, 0);
}

/* ---- reader ---- */

void sr_reader_init(struct sr_reader *r, int fd, const char *name)
{
    memset(r, 0, sizeof(*r));
    r->fd = fd;
    r->name = name;
}

void sr_reader_free(struct sr_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->cap = 0;
}

static int fail(struct sr_reader *r, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct sr_reader *r, int rc, const char *fmt, ...)
{
    char what[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(r->msg, sizeof(r->msg), "%s: offset %llu, record %u: %s",
             r->name, (unsigned long long)r->offset, r->records + 1, what);
    return rc;
}

/* Exactly len bytes, or -ENODATA (end of stream) / -EIO. */
static int read_full(struct sr_reader *r, void *buf, size_t len,
                     const char *what)
{
    uint8_t *p = buf;
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(r->fd, p + got, len - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(r, -EIO, "read error in %s: %s", what,
                        strerror(errno));
        if (n == 0)
            return fail(r, -ENODATA, "truncated: the stream ends %zu bytes "
                        "into %s (%zu expected); the file is incomplete",
                        got, what, len);
        got += (size_t)n;
    }
    r->offset += len;
    return 0;
}

int sr_read_header(struct sr_reader *r)
{
    struct sr_header *h = &r->hdr;
    int rc = read_full(r, h, sizeof(*h), "the image header");

    if (rc < 0)
        return rc;
    r->offset = 0;
    if (memcmp(h->magic, SR_MAGIC, sizeof(h->magic)))
        return fail(r, -EINVAL, "not a Xenolite save image (bad magic)");
    if (h->crc != sr_crc32(0, h, offsetof(struct sr_header, crc)))
        return fail(r, -EBADMSG, "the image header is corrupt (CRC "
                    "mismatch)");
    if (h->version != SR_VERSION)
        return fail(r, -EPROTONOSUPPORT, "stream version %u is not "
                    "supported (this xl reads version %u)", h->version,
                    SR_VERSION);
    if (h->options)
        return fail(r, -EPROTONOSUPPORT, "unknown header options %#x",
                    h->options);
    if (h->page_size != SR_PAGE_SIZE)
        return fail(r, -EPROTONOSUPPORT, "page size %u is not supported",
                    h->page_size);
    if (h->domain_type != SR_DOMAIN_X86_64_PV)
        return fail(r, -EPROTONOSUPPORT, "domain type %u is not supported "
                    "(only 64-bit PV, type %u)", h->domain_type,
                    SR_DOMAIN_X86_64_PV);
    r->offset = sizeof(*h);
    return 0;
}

static bool type_known(uint32_t type)
{
    return type < SR_REC_NR_TYPES;
}

int sr_read_record(struct sr_reader *r, struct sr_record *rec)
{
    for (;;) {
        struct sr_rhdr rh;
        size_t padded;
        int rc;

        if ((rc = read_full(r, &rh, sizeof(rh), "a record header")) < 0)
            return rc;
        r->offset -= sizeof(rh);
        if (rh.length > SR_MAX_BODY)
            return fail(r, -EMSGSIZE, "record length %u exceeds the limit "
                        "of %u bytes (corrupt stream)", rh.length,
                        SR_MAX_BODY);
        if (rh.reserved)
            return fail(r, -EBADMSG, "record header reserved field is %#x, "
                        "not 0 (corrupt stream)", rh.reserved);
        if (!type_known(rh.type) && !(rh.type & SR_REC_OPTIONAL))
            return fail(r, -EPROTO, "unknown mandatory record type %#x "
                        "(written by a newer xl?)", rh.type);
        padded = (rh.length + 7u) & ~7u;
        /* Never a NULL body, not even for an empty first record. */
        if (r->cap < padded || !r->buf) {
            uint8_t *nb = realloc(r->buf, padded ? padded : 8);

            if (!nb)
                return fail(r, -ENOMEM, "out of memory for a %u-byte record",
                            rh.length);
            r->buf = nb;
            r->cap = padded ? padded : 8;
        }
        r->offset += sizeof(rh);
        if ((rc = read_full(r, r->buf, padded, "a record body")) < 0) {
            r->offset -= sizeof(rh);
            return rc;
        }
        r->offset -= padded + sizeof(rh);
        if (sr_crc32(0, r->buf, rh.length) != rh.crc)
            return fail(r, -EBADMSG, "record type %#x, %u bytes: CRC "
                        "mismatch (corrupt stream)", rh.type, rh.length);
        if (memcmp(r->buf + rh.length, zero_pad, padded - rh.length))
            return fail(r, -EBADMSG, "record type %#x: non-zero padding "
                        "(corrupt stream)", rh.type);
        r->offset += sizeof(rh) + padded;
        r->records++;
        if (!type_known(rh.type))
            continue;                   /* optional, unknown: skipped */
        rec->type = rh.type;
        rec->length = rh.length;
        rec->body = r->buf;
        return 0;
    }
}

int sr_page_data_parse(struct sr_reader *r, const struct sr_record *rec,
                       uint64_t p2m_size, uint32_t *count,
                       const uint64_t **entries, const uint8_t **pages)
{
    const struct sr_page_data_hdr *h = (const void *)rec->body;
    const uint64_t *e = (const void *)(h + 1);
    uint64_t want, with_data = 0;

    /* Messages name the record just read. */
    r->records--;
    if (rec->length < sizeof(*h) || h->count == 0 ||
        h->count > SR_MAX_BATCH || h->reserved) {
        r->records++;
        return fail(r, -EBADMSG, "PAGE_DATA record: bad header (count %u)",
                    rec->length < sizeof(*h) ? 0 : h->count);
    }
    want = sizeof(*h) + (uint64_t)h->count * 8;
    for (uint32_t i = 0; want <= rec->length && i < h->count; i++) {
        uint64_t pfn = e[i] & SR_PD_PFN_MASK;
        unsigned int type = (unsigned int)(e[i] >> SR_PD_TYPE_SHIFT);

        if (pfn >= p2m_size || (e[i] & ~SR_PD_PFN_MASK &
                                ~(0xfull << SR_PD_TYPE_SHIFT)) ||
            !sr_type_valid(type)) {
            fail(r, -EBADMSG, "PAGE_DATA record: entry %u (PFN %#llx, type "
                 "%#x) is invalid (P2M size %#llx)", i,
                 (unsigned long long)pfn, type, (unsigned long long)p2m_size);
            r->records++;
            return -EBADMSG;
        }
        with_data += sr_type_has_data(type);
    }
    want += with_data * SR_PAGE_SIZE;
    if (want != rec->length) {
        fail(r, -EBADMSG, "PAGE_DATA record: %u bytes, but its %u entries "
             "need %llu", rec->length, h->count, (unsigned long long)want);
        r->records++;
        return -EBADMSG;
    }
    r->records++;
    *count = h->count;
    *entries = e;
    *pages = (const uint8_t *)(e + h->count);
    return 0;
}
