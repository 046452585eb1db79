/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz container (The .xz File Format 1.1.0): stream header, blocks with
 * an optional x86 BCJ filter in front of LZMA2, index and stream footer, all
 * with their CRC32s checked; block data checked with CRC32 or CRC64 (SHA-256
 * and reserved check types are skipped, not verified).
 */
#include "private.h"

#define XZ_HEADER_SIZE 12
#define XZ_FOOTER_SIZE 12
#define FILTER_X86   0x04
#define FILTER_LZMA2 0x21

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* Size in bytes of each check type (spec 3.1.3: grouped by threes). */
static unsigned int check_size(unsigned int type)
{
    return type == 0 ? 0 : 4u << ((type - 1) / 3);
}

/* Multibyte integer (spec 1.2): up to 9 bytes, 7 bits each, minimal. */
static int get_vli(const uint8_t *in, size_t end, size_t *pos, uint64_t *val)
{
    *val = 0;
    for ( unsigned int i = 0; i < 9; i++ )
    {
        uint8_t b;

        if ( *pos >= end )
            return -EINVAL;
        b = in[(*pos)++];
        *val |= (uint64_t)(b & 0x7f) << (7 * i);
        if ( !(b & 0x80) )
            return (i && !b) ? -EINVAL : 0;
    }
    return -EINVAL;
}

/*
 * x86 BCJ decoding: the encoder turned the rel32 of CALL (e8) / JMP (e9)
 * into absolute addresses when the operand's top byte was 00 or ff; undo
 * that. A 3-bit history of recent e8/e9 bytes that were not converted
 * suppresses conversions inside what is probably another instruction's
 * operand, exactly mirroring the encoder's decisions. The last 4 bytes are
 * never converted.
 */
static bool x86_msbyte_ok(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

static void bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start)
{
    static const bool mask_allowed[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
    static const uint8_t mask_bit[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
    size_t last = (size_t)-1;           /* position of the previous e8/e9 */
    uint32_t mask = 0;

    if ( size < 5 )
        return;
    for ( size_t i = 0; i < size - 4; i++ )
    {
        uint32_t src, dst;
        size_t gap;

        if ( (buf[i] & 0xfe) != 0xe8 )
            continue;
        gap = i - last;
        last = i;
        if ( gap > 3 )
            mask = 0;
        else
        {
            mask = (mask << (gap - 1)) & 7;
            if ( mask && (!mask_allowed[mask] ||
                          x86_msbyte_ok(buf[i + 4 - mask_bit[mask]])) )
            {
                mask = (mask << 1) | 1;
                continue;
            }
        }
        if ( !x86_msbyte_ok(buf[i + 4]) )
        {
            mask = (mask << 1) | 1;
            continue;
        }

        src = dec_le32(buf + i + 1);
        for ( ;; )
        {
            unsigned int sh;

            dst = src - (start + (uint32_t)i + 5);
            if ( !mask )
                break;
            sh = 24 - mask_bit[mask] * 8;
            if ( !x86_msbyte_ok(dst >> sh) )
                break;
            src = dst ^ ((1u << (sh + 8)) - 1);
        }
        /* Sign-extend bit 24 into the top byte. */
        dst &= 0x01ffffff;
        dst |= 0u - (dst & 0x01000000);
        buf[i + 1] = dst;
        buf[i + 2] = dst >> 8;
        buf[i + 3] = dst >> 16;
        buf[i + 4] = dst >> 24;
        i += 4;
    }
}

/* Running summary of the blocks, compared against the index. */
struct xz_records {
    uint64_t count;
    uint64_t unpadded, uncompressed;
    uint32_t hash;
};

static void record_add(struct dec_work *w, struct xz_records *r,
                       uint64_t unpadded, uint64_t uncompressed)
{
    uint64_t pair[2] = { unpadded, uncompressed };

    r->count++;
    r->unpadded += unpadded;
    r->uncompressed += uncompressed;
    r->hash = dec_crc32(w, r->hash, pair, sizeof(pair));
}

struct xz_block {
    uint64_t csize, usize;      /* ~0 when the header does not say */
    bool x86;
    uint32_t x86_start;
};

/* Block header (spec 3.1) at in[*pos]; on success *pos is past it. */
static int block_header(struct dec_work *w, const uint8_t *in, size_t in_len,
                        size_t *pos, struct xz_block *b)
{
    size_t start = *pos, hsize = (in[start] + 1) * 4, end, p;
    unsigned int flags, nfilters;
    uint64_t id, psize;

    if ( hsize > in_len - start )
        return -EINVAL;
    end = start + hsize - 4;                    /* CRC32 follows */
    if ( dec_crc32(w, 0, in + start, hsize - 4) != dec_le32(in + end) )
        return -EINVAL;

    flags = in[start + 1];
    if ( flags & 0x3c )
        return -EOPNOTSUPP;                     /* reserved flags */
    nfilters = (flags & 3) + 1;
    p = start + 2;
    b->csize = b->usize = ~0ULL;
    b->x86 = false;
    b->x86_start = 0;
    if ( (flags & 0x40) && (get_vli(in, end, &p, &b->csize) || !b->csize) )
        return -EINVAL;
    if ( (flags & 0x80) && get_vli(in, end, &p, &b->usize) )
        return -EINVAL;

    for ( unsigned int f = 0; f < nfilters; f++ )
    {
        bool last = f + 1 == nfilters;

        if ( get_vli(in, end, &p, &id) || get_vli(in, end, &p, &psize) ||
             psize > end - p )
            return -EINVAL;
        if ( id == FILTER_LZMA2 )
        {
            /* Dictionary size: irrelevant one-shot, but must be valid. */
            if ( !last || psize != 1 || in[p] > 40 )
                return -EINVAL;
        }
        else if ( id == FILTER_X86 && !last && !b->x86 )
        {
            if ( psize == 4 )
                b->x86_start = dec_le32(in + p);
            else if ( psize != 0 )
                return -EINVAL;
            b->x86 = true;
        }
        else
            return last ? -EINVAL : -EOPNOTSUPP;  /* LZMA2 must end the chain */
        p += psize;
    }
    for ( ; p < end; p++ )
        if ( in[p] )
            return -EINVAL;                     /* header padding */
    *pos = start + hsize;
    return 0;
}

static int xz_block(struct dec_work *w, const uint8_t *in, size_t in_len,
                    size_t *pos, struct dec_out *out, unsigned int check,
                    struct xz_records *r)
{
    size_t start = *pos, p = start, used, ustart = out->pos, usize;
    unsigned int csz = check_size(check);
    struct xz_block b;
    int rc;

    rc = block_header(w, in, in_len, &p, &b);
    if ( rc )
        return rc;
    rc = dec_lzma2(&w->u.lzma, in + p, in_len - p, &used, out);
    if ( rc )
        return rc;
    usize = out->pos - ustart;
    if ( (b.csize != ~0ULL && b.csize != used) ||
         (b.usize != ~0ULL && b.usize != usize) )
        return -EINVAL;
    if ( b.x86 )
        bcj_x86_decode(out->buf + ustart, usize, b.x86_start);
    p += used;

    for ( ; (p - start) & 3; p++ )              /* block padding */
        if ( p >= in_len || in[p] )
            return -EINVAL;
    if ( csz > in_len - p )
        return -EINVAL;
    if ( (check == 1 &&
          dec_crc32(w, 0, out->buf + ustart, usize) != dec_le32(in + p)) ||
         (check == 4 &&
          dec_crc64(w, 0, out->buf + ustart, usize) !=
          ((uint64_t)dec_le32(in + p) | (uint64_t)dec_le32(in + p + 4) << 32)) )
        return -EINVAL;

    /* Unpadded size: header + compressed data + check, without padding. */
    record_add(w, r, (p - start) - ((4 - (used & 3)) & 3) + csz, usize);
    *pos = p + csz;
    return 0;
}

/* Index (spec 4) at in[*pos] (the 0x00 indicator): must match the blocks. */
static int xz_index(struct dec_work *w, const uint8_t *in, size_t in_len,
                    size_t *pos, const struct xz_records *blocks)
{
    struct xz_records seen = { 0 };
    size_t start = *pos, p = start + 1;
    uint64_t n, unpadded, usize;

    if ( get_vli(in, in_len, &p, &n) || n != blocks->count )
        return -EINVAL;
    for ( uint64_t i = 0; i < n; i++ )
    {
        if ( get_vli(in, in_len, &p, &unpadded) ||
             get_vli(in, in_len, &p, &usize) )
            return -EINVAL;
        record_add(w, &seen, unpadded, usize);
    }
    for ( ; (p - start) & 3; p++ )
        if ( p >= in_len || in[p] )
            return -EINVAL;
    if ( in_len - p < 4 ||
         dec_crc32(w, 0, in + start, p - start) != dec_le32(in + p) )
        return -EINVAL;
    if ( seen.unpadded != blocks->unpadded ||
         seen.uncompressed != blocks->uncompressed ||
         seen.hash != blocks->hash )
        return -EINVAL;
    *pos = p + 4;
    return 0;
}

static int xz_stream(struct dec_work *w, const uint8_t *in, size_t in_len,
                     size_t *pos, struct dec_out *out)
{
    struct xz_records blocks = { 0 };
    size_t p = *pos, index_start;
    const uint8_t *flags;
    unsigned int check;
    int rc;

    if ( in_len - p < XZ_HEADER_SIZE + XZ_FOOTER_SIZE ||
         memcmp(in + p, xz_magic, sizeof(xz_magic)) )
        return -EINVAL;
    flags = in + p + 6;
    if ( dec_crc32(w, 0, flags, 2) != dec_le32(in + p + 8) )
        return -EINVAL;
    if ( flags[0] || (flags[1] & 0xf0) )
        return -EOPNOTSUPP;                     /* reserved stream flags */
    check = flags[1];
    p += XZ_HEADER_SIZE;

    for ( ;; )
    {
        if ( p >= in_len )
            return -EINVAL;
        if ( in[p] == 0x00 )
            break;                              /* index indicator */
        rc = xz_block(w, in, in_len, &p, out, check, &blocks);
        if ( rc )
            return rc;
    }

    index_start = p;
    rc = xz_index(w, in, in_len, &p, &blocks);
    if ( rc )
        return rc;

    /* Footer: CRC32, backward size, flags (as in the header), "YZ". */
    if ( in_len - p < XZ_FOOTER_SIZE ||
         dec_crc32(w, 0, in + p + 4, 6) != dec_le32(in + p) ||
         ((uint64_t)dec_le32(in + p + 4) + 1) * 4 != p - index_start ||
         memcmp(in + p + 8, flags, 2) || in[p + 10] != 'Y' || in[p + 11] != 'Z' )
        return -EINVAL;
    *pos = p + XZ_FOOTER_SIZE;
    return 0;
}

int dec_unxz(struct dec_work *w, const uint8_t *in, size_t in_len,
             struct dec_out *out)
{
    size_t pos = 0;
    int rc;

    for ( ;; )
    {
        rc = xz_stream(w, in, in_len, &pos, out);
        if ( rc )
            return rc;
        /* Stream padding (multiples of 4 zero bytes), then maybe another. */
        while ( in_len - pos >= 4 && !dec_le32(in + pos) )
            pos += 4;
        if ( in_len - pos < sizeof(xz_magic) ||
             memcmp(in + pos, xz_magic, sizeof(xz_magic)) )
            return 0;                           /* trailing bytes ignored */
    }
}
