/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compressed kernels for the PV builder, decoded with Debian's libraries:
 * gzip (zlib), bzip2 (libbz2), xz and lzma (liblzma), lzo (liblzo2, lzop
 * files), lz4 (liblz4: Linux's legacy frame and the frame format) and zstd
 * (libzstd). The format comes from the magic table the hypervisor uses too
 * (xen/lib/decompress_format.c). The output is bounded by a limit; bytes
 * after the end of the stream (Linux's appended size word) are ignored.
 */
#include <bzlib.h>
#include <errno.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include <xen/decompress.h>

#include "builder.h"

/* The output buffer: grows by doubling up to limit. */
struct ubuf {
    uint8_t *p;
    size_t len, cap, limit;
    const char *fmt;
};

/* Makes room for n more bytes (doubling); -EFBIG past the limit. */
static int ubuf_reserve(struct ubuf *b, size_t n, struct xb_err *e)
{
    size_t cap = b->cap ? b->cap : 1u << 20;
    uint8_t *p;

    if (b->cap - b->len >= n)
        return 0;
    if (n > b->limit - b->len)
        return xb_fail(e, -EFBIG, "the %s-compressed kernel unpacks to more "
                       "than %zu MiB; not a kernel?", b->fmt,
                       b->limit >> 20);
    while (cap - b->len < n)
        cap *= 2;
    if (cap > b->limit)
        cap = b->limit;
    p = realloc(b->p, cap);
    if (!p)
        return xb_fail(e, -ENOMEM, "out of memory unpacking the kernel");
    b->p = p;
    b->cap = cap;
    return 0;
}

static int ubuf_grow(struct ubuf *b, struct xb_err *e)
{
    return ubuf_reserve(b, 1, e);
}

static int corrupt(struct ubuf *b, struct xb_err *e, const char *lib, long err)
{
    return xb_fail(e, -EINVAL, "the kernel's %s data is corrupt or truncated "
                   "(%s error %ld); check the file", b->fmt, lib, err);
}

static int un_gzip(const uint8_t *in, size_t len, struct ubuf *b,
                   struct xb_err *e)
{
    z_stream s = { 0 };
    int r = Z_OK, rc = 0;

    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
        return xb_fail(e, -ENOMEM, "zlib cannot start a decoder");
    s.next_in = (uint8_t *)in;
    s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
    while (r == Z_OK) {
        size_t room;

        if ((rc = ubuf_grow(b, e)) < 0)
            break;
        room = b->cap - b->len > UINT32_MAX ? UINT32_MAX : b->cap - b->len;
        s.next_out = b->p + b->len;
        s.avail_out = room;
        r = inflate(&s, Z_FINISH);
        b->len += room - s.avail_out;
        if (r == Z_BUF_ERROR && s.avail_out == 0)
            r = Z_OK;               /* output full: grow and go on */
    }
    inflateEnd(&s);
    if (!rc && r != Z_STREAM_END)
        rc = corrupt(b, e, "zlib", r);
    return rc;
}

static int un_bzip2(const uint8_t *in, size_t len, struct ubuf *b,
                    struct xb_err *e)
{
    bz_stream s = { 0 };
    int r = BZ_OK, rc = 0;

    if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
        return xb_fail(e, -ENOMEM, "libbz2 cannot start a decoder");
    s.next_in = (char *)in;
    s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
    while (r == BZ_OK) {
        size_t room;

        if ((rc = ubuf_grow(b, e)) < 0)
            break;
        room = b->cap - b->len > UINT32_MAX ? UINT32_MAX : b->cap - b->len;
        s.next_out = (char *)b->p + b->len;
        s.avail_out = room;
        r = BZ2_bzDecompress(&s);
        b->len += room - s.avail_out;
        if (r == BZ_OK && s.avail_in == 0 && s.avail_out)
            r = BZ_UNEXPECTED_EOF;  /* input ended inside the stream */
    }
    BZ2_bzDecompressEnd(&s);
    if (!rc && r != BZ_STREAM_END)
        rc = corrupt(b, e, "libbz2", r);
    return rc;
}

/* xz and the legacy .lzma container. */
static int un_lzma(const uint8_t *in, size_t len, bool xz, struct ubuf *b,
                   struct xb_err *e)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret r = LZMA_OK;
    int rc = 0;

    if ((xz ? lzma_stream_decoder(&s, UINT64_MAX, 0) :
              lzma_alone_decoder(&s, UINT64_MAX)) != LZMA_OK)
        return xb_fail(e, -ENOMEM, "liblzma cannot start a decoder");
    s.next_in = in;
    s.avail_in = len;
    while (r == LZMA_OK) {
        if ((rc = ubuf_grow(b, e)) < 0)
            break;
        s.next_out = b->p + b->len;
        s.avail_out = b->cap - b->len;
        r = lzma_code(&s, LZMA_FINISH);
        b->len = b->cap - s.avail_out;
        if (r == LZMA_BUF_ERROR && s.avail_out == 0)
            r = LZMA_OK;
    }
    lzma_end(&s);
    if (!rc && r != LZMA_STREAM_END)
        rc = corrupt(b, e, "liblzma", r);
    return rc;
}

static int un_zstd(const uint8_t *in, size_t len, struct ubuf *b,
                   struct xb_err *e)
{
    ZSTD_DStream *s = ZSTD_createDStream();
    ZSTD_inBuffer ib = { in, len, 0 };
    size_t r = 1;
    int rc = 0;

    if (!s)
        return xb_fail(e, -ENOMEM, "libzstd cannot start a decoder");
    ZSTD_initDStream(s);
    /* r == 0: a frame is complete and flushed. */
    while (r != 0) {
        ZSTD_outBuffer ob;

        if ((rc = ubuf_grow(b, e)) < 0)
            break;
        ob = (ZSTD_outBuffer){ b->p, b->cap, b->len };
        r = ZSTD_decompressStream(s, &ob, &ib);
        b->len = ob.pos;
        if (ZSTD_isError(r)) {
            rc = xb_fail(e, -EINVAL, "the kernel's zstd data is corrupt "
                         "(libzstd: %s); check the file",
                         ZSTD_getErrorName(r));
            break;
        }
        if (r && ib.pos == ib.size && ob.pos < ob.size) {
            rc = corrupt(b, e, "libzstd", -1);     /* truncated */
            break;
        }
    }
    ZSTD_freeDStream(s);
    return rc;
}

static int un_lz4_frame(const uint8_t *in, size_t len, struct ubuf *b,
                        struct xb_err *e)
{
    LZ4F_dctx *c;
    size_t pos = 0, r = 1;
    int rc = 0;

    if (LZ4F_isError(LZ4F_createDecompressionContext(&c, LZ4F_VERSION)))
        return xb_fail(e, -ENOMEM, "liblz4 cannot start a decoder");
    while (r != 0) {
        size_t olen, ilen = len - pos;

        if ((rc = ubuf_grow(b, e)) < 0)
            break;
        olen = b->cap - b->len;
        r = LZ4F_decompress(c, b->p + b->len, &olen, in + pos, &ilen, NULL);
        b->len += olen;
        pos += ilen;
        if (LZ4F_isError(r)) {
            rc = xb_fail(e, -EINVAL, "the kernel's lz4 data is corrupt "
                         "(liblz4: %s); check the file",
                         LZ4F_getErrorName(r));
            break;
        }
        if (r && pos == len && b->len < b->cap) {
            rc = corrupt(b, e, "liblz4", -1);
            break;
        }
    }
    LZ4F_freeDecompressionContext(c);
    return rc;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/*
 * Linux's lz4 (lz4 -l): the magic, then blocks of LE32 compressed size +
 * data, each unpacking to at most 8 MiB; a further magic may start a new
 * stream. The 4 bytes Linux appends (the total size) end it.
 */
#define LZ4_LEGACY_BLOCK (8u << 20)
static int un_lz4_legacy(const uint8_t *in, size_t len, struct ubuf *b,
                         struct xb_err *e)
{
    size_t pos = 4;
    int rc;

    while (len - pos >= 4) {
        uint32_t n = le32(in + pos);
        size_t room;
        int out;

        if (n == 0x184c2102) {      /* the magic again */
            pos += 4;
            continue;
        }
        if (len - pos == 4 && n == (uint32_t)b->len && b->len)
            break;                  /* Linux's size word */
        pos += 4;
        if (n > len - pos || n > (uint32_t)LZ4_COMPRESSBOUND(LZ4_LEGACY_BLOCK))
            return corrupt(b, e, "block size", n);
        room = b->limit - b->len < LZ4_LEGACY_BLOCK ? b->limit - b->len :
               LZ4_LEGACY_BLOCK;
        if ((rc = ubuf_reserve(b, room ? room : 1, e)) < 0)
            return rc;
        out = LZ4_decompress_safe((const char *)in + pos,
                                  (char *)b->p + b->len, n,
                                  b->cap - b->len > LZ4_LEGACY_BLOCK ?
                                  LZ4_LEGACY_BLOCK : b->cap - b->len);
        if (out < 0 && b->cap - b->len < LZ4_LEGACY_BLOCK)
            return ubuf_reserve(b, LZ4_LEGACY_BLOCK, e);   /* the limit */
        if (out < 0)
            return corrupt(b, e, "liblz4", out);
        b->len += out;
        pos += n;
    }
    if (pos == 4 || (len - pos != 0 && len - pos != 4))
        return corrupt(b, e, "stream end", (long)(len - pos));
    return 0;
}

/* lzop's header flags (lzop's conf.h). */
#define LZOP_ADLER32_D 0x0001
#define LZOP_ADLER32_C 0x0002
#define LZOP_EXTRA     0x0040
#define LZOP_CRC32_D   0x0100
#define LZOP_CRC32_C   0x0200
#define LZOP_FILTER    0x0800
#define LZOP_H_CRC32   0x1000

/* Skips the lzop file header; returns its length or 0 if malformed. */
static size_t lzop_header(const uint8_t *in, size_t len, uint32_t *flags)
{
    size_t pos = 9;                 /* 89 'LZO' 00 0d 0a 1a 0a */
    uint16_t ver;

    if (len < 9 + 2 + 2 + 1 + 4 + 4 + 4 + 1 + 4 + 4 ||
        memcmp(in, "\x89LZO\0\r\n\x1a\n", 9))
        return 0;
    ver = in[9] << 8 | in[10];
    pos += 4 + (ver >= 0x940 ? 2 : 0);              /* versions */
    if (in[pos] < 1 || in[pos] > 3)                 /* LZO1X methods */
        return 0;
    pos += 1 + (ver >= 0x940 ? 1 : 0);              /* method, level */
    *flags = be32(in + pos);
    pos += 4 + (*flags & LZOP_FILTER ? 4 : 0);
    pos += 8 + (ver >= 0x940 ? 4 : 0);              /* mode, mtime */
    if (pos + 1 > len)
        return 0;
    pos += 1 + in[pos] + 4;                         /* name, header check */
    if (pos > len || (*flags & LZOP_FILTER))
        return 0;
    if (*flags & LZOP_EXTRA) {
        if (pos + 4 > len || be32(in + pos) > len - pos - 4)
            return 0;
        pos += 4 + be32(in + pos) + 4;
    }
    return pos <= len ? pos : 0;
}

static int un_lzo(const uint8_t *in, size_t len, struct ubuf *b,
                  struct xb_err *e)
{
    uint32_t flags = 0;
    size_t pos = lzop_header(in, len, &flags);
    int rc;

    if (!pos || lzo_init() != LZO_E_OK)
        return corrupt(b, e, "lzop header", 0);
    for (;;) {
        uint32_t dlen, clen, dsum = 0;
        lzo_uint out;

        if (len - pos < 4)
            return corrupt(b, e, "liblzo2", -1);
        dlen = be32(in + pos);
        pos += 4;
        if (dlen == 0)
            return 0;               /* end of file */
        if (len - pos < 4 + 8 + 8)
            return corrupt(b, e, "liblzo2", -1);
        clen = be32(in + pos);
        pos += 4;
        if (flags & (LZOP_ADLER32_D | LZOP_CRC32_D)) {
            dsum = be32(in + pos);
            pos += 4 * (!!(flags & LZOP_ADLER32_D) + !!(flags & LZOP_CRC32_D));
        }
        if (clen < dlen)
            pos += 4 * (!!(flags & LZOP_ADLER32_C) + !!(flags & LZOP_CRC32_C));
        if (clen > dlen || dlen > (64u << 20) || pos > len ||
            clen > len - pos)
            return corrupt(b, e, "lzop block size", clen);
        if ((rc = ubuf_reserve(b, dlen, e)) < 0)
            return rc;
        out = dlen;
        if (clen == dlen)
            memcpy(b->p + b->len, in + pos, dlen);
        else if (lzo1x_decompress_safe(in + pos, clen, b->p + b->len, &out,
                                       NULL) != LZO_E_OK || out != dlen)
            return corrupt(b, e, "liblzo2", -1);
        if ((flags & LZOP_ADLER32_D) &&
            adler32(1, b->p + b->len, dlen) != dsum)
            return corrupt(b, e, "adler32", 0);
        if ((flags & (LZOP_ADLER32_D | LZOP_CRC32_D)) == LZOP_CRC32_D &&
            crc32(0, b->p + b->len, dlen) != dsum)
            return corrupt(b, e, "crc32", 0);
        b->len += dlen;
        pos += clen;
    }
}

int xb_unpack(const uint8_t *in, size_t len, size_t limit, uint8_t **out,
              size_t *out_len, const char **fmt, struct xb_err *e)
{
    enum decompress_format f = decompress_format(in, len);
    struct ubuf b = { .limit = limit, .fmt = decompress_format_name(f) };
    int rc;

    *fmt = b.fmt;
    switch (f) {
    case DECOMP_GZIP:  rc = un_gzip(in, len, &b, e); break;
    case DECOMP_BZIP2: rc = un_bzip2(in, len, &b, e); break;
    case DECOMP_XZ:    rc = un_lzma(in, len, true, &b, e); break;
    case DECOMP_LZMA:  rc = un_lzma(in, len, false, &b, e); break;
    case DECOMP_ZSTD:  rc = un_zstd(in, len, &b, e); break;
    case DECOMP_LZ4:   rc = un_lz4_legacy(in, len, &b, e); break;
    case DECOMP_LZ4F:  rc = un_lz4_frame(in, len, &b, e); break;
    case DECOMP_LZO:   rc = un_lzo(in, len, &b, e); break;
    default:
        return xb_fail(e, -ENOEXEC, "not a known compression format "
                       "(first bytes %02x %02x)", len ? in[0] : 0,
                       len > 1 ? in[1] : 0);
    }
    if (rc < 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    *out_len = b.len;
    return 0;
}
