/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gzip (RFC 1952) around DEFLATE (RFC 1951), one-shot into the output
 * buffer, which doubles as the 32 KiB history window. Huffman codes up to
 * INF_FAST_BITS long decode with one table lookup, longer ones canonically.
 */
#include "private.h"

#define GZ_FTEXT    0x01
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_FRESERVED 0xe0

#define MAX_BITS 15

/* RFC 1951 3.2.5: length codes 257..285 and distance codes 0..29. */
static const uint16_t len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
    513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
    8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
/* RFC 1951 3.2.7: order of the code length code lengths. */
static const uint8_t clen_order[19] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* Make at least n (<= 32) bits available; false at the end of the input. */
static bool need(struct inf_state *s, unsigned int n)
{
    while ( s->nbits < n )
    {
        if ( s->in_pos >= s->in_len )
            return false;
        s->bits |= (uint64_t)s->in[s->in_pos++] << s->nbits;
        s->nbits += 8;
    }
    return true;
}

static void drop(struct inf_state *s, unsigned int n)
{
    s->bits >>= n;
    s->nbits -= n;
}

/* n bits, least significant first; -1 if the input ended. */
static int32_t getbits(struct inf_state *s, unsigned int n)
{
    int32_t v;

    if ( !need(s, n) )
        return -1;
    v = s->bits & ((1u << n) - 1);
    drop(s, n);
    return v;
}

static unsigned int reverse_bits(unsigned int code, unsigned int len)
{
    unsigned int r = 0;

    while ( len-- )
    {
        r = (r << 1) | (code & 1);
        code >>= 1;
    }
    return r;
}

/*
 * Canonical Huffman code from n code lengths (RFC 1951 3.2.2).
 * Over-subscribed sets are rejected; incomplete ones are allowed (a single
 * distance code is legal) and hitting an unused code is an error later.
 */
static int huff_build(struct inf_huff *h, const uint8_t *lens, unsigned int n)
{
    uint16_t next[MAX_BITS + 1], offs[MAX_BITS + 1];
    int left = 1;

    memset(h->count, 0, sizeof(h->count));
    memset(h->fast, 0, sizeof(h->fast));
    for ( unsigned int i = 0; i < n; i++ )
        h->count[lens[i]]++;
    h->count[0] = 0;
    for ( unsigned int len = 1; len <= MAX_BITS; len++ )
    {
        left = (left << 1) - h->count[len];
        if ( left < 0 )
            return -EINVAL;
    }

    offs[1] = 0;
    next[1] = 0;
    for ( unsigned int len = 1; len < MAX_BITS; len++ )
    {
        offs[len + 1] = offs[len] + h->count[len];
        next[len + 1] = (next[len] + h->count[len]) << 1;
    }
    for ( unsigned int sym = 0; sym < n; sym++ )
    {
        unsigned int len = lens[sym], code;

        if ( !len )
            continue;
        h->sym[offs[len]++] = sym;
        code = next[len]++;
        if ( len <= INF_FAST_BITS )
            /* Codes are sent MSB first but read LSB first: index reversed. */
            for ( unsigned int i = reverse_bits(code, len);
                  i < (1u << INF_FAST_BITS); i += 1u << len )
                h->fast[i] = (sym << 4) | len;
    }
    return 0;
}

/* Next symbol of code h, or -1 (end of input or unused code). */
static int decode(struct inf_state *s, const struct inf_huff *h)
{
    unsigned int code = 0, first = 0, index = 0, e;

    need(s, MAX_BITS);                          /* may get fewer at the end */
    e = h->fast[s->bits & ((1u << INF_FAST_BITS) - 1)];
    if ( e && (e & 15) <= s->nbits )
    {
        drop(s, e & 15);
        return e >> 4;
    }
    /* Slow path: walk the canonical code one bit at a time. */
    for ( unsigned int len = 1; len <= MAX_BITS && len <= s->nbits; len++ )
    {
        code |= (s->bits >> (len - 1)) & 1;
        if ( code - first < h->count[len] )
        {
            drop(s, len);
            return h->sym[index + code - first];
        }
        index += h->count[len];
        first = (first + h->count[len]) << 1;
        code <<= 1;
    }
    return -1;
}

static int inflate_stored(struct inf_state *s, struct dec_out *out)
{
    int32_t len, nlen;

    drop(s, s->nbits & 7);                      /* to a byte boundary */
    len = getbits(s, 16);
    nlen = getbits(s, 16);
    if ( len < 0 || nlen < 0 || (len ^ 0xffff) != nlen )
        return -EINVAL;
    if ( (size_t)len > out->size - out->pos )
        return -ENOSPC;
    for ( ; len && s->nbits; len-- )            /* bytes already buffered */
        out->buf[out->pos++] = getbits(s, 8);
    if ( (size_t)len > s->in_len - s->in_pos )
        return -EINVAL;
    memcpy(out->buf + out->pos, s->in + s->in_pos, len);
    out->pos += len;
    s->in_pos += len;
    return 0;
}

static int inflate_codes(struct inf_state *s, struct dec_out *out)
{
    for ( ;; )
    {
        int sym = decode(s, &s->lit), d, e;
        size_t len, dist;

        if ( sym < 0 )
            return -EINVAL;
        if ( sym < 256 )
        {
            if ( out->pos >= out->size )
                return -ENOSPC;
            out->buf[out->pos++] = sym;
            continue;
        }
        if ( sym == 256 )
            return 0;
        sym -= 257;
        if ( sym >= 29 )
            return -EINVAL;
        e = getbits(s, len_extra[sym]);
        d = decode(s, &s->dist);
        if ( e < 0 || d < 0 || d >= 30 )
            return -EINVAL;
        len = len_base[sym] + e;
        e = getbits(s, dist_extra[d]);
        if ( e < 0 )
            return -EINVAL;
        dist = dist_base[d] + e;
        if ( dist > out->pos - s->out_start )
            return -EINVAL;                     /* before the member's start */
        if ( len > out->size - out->pos )
            return -ENOSPC;
        for ( uint8_t *dst = out->buf + out->pos, *end = dst + len; dst < end;
              dst++ )
            *dst = *(dst - dist);               /* may overlap: repeats */
        out->pos += len;
    }
}

static int inflate_fixed(struct inf_state *s)
{
    uint8_t lens[288];
    int rc;

    memset(lens, 8, 144);
    memset(lens + 144, 9, 112);
    memset(lens + 256, 7, 24);
    memset(lens + 280, 8, 8);
    rc = huff_build(&s->lit, lens, 288);
    if ( !rc )
    {
        memset(lens, 5, 30);
        rc = huff_build(&s->dist, lens, 30);
    }
    return rc;
}

static int inflate_dynamic(struct inf_state *s)
{
    uint8_t lens[286 + 30], clens[19] = { 0 };
    int32_t nlit = getbits(s, 5), ndist = getbits(s, 5), nclen = getbits(s, 4);
    unsigned int i = 0;
    int rc;

    if ( nlit < 0 || ndist < 0 || nclen < 0 )
        return -EINVAL;
    nlit += 257;
    ndist += 1;
    nclen += 4;
    if ( nlit > 286 || ndist > 30 )
        return -EINVAL;
    for ( int32_t k = 0; k < nclen; k++ )
    {
        int32_t v = getbits(s, 3);

        if ( v < 0 )
            return -EINVAL;
        clens[clen_order[k]] = v;
    }
    rc = huff_build(&s->lit, clens, 19);        /* lit doubles as scratch */
    if ( rc )
        return rc;

    while ( i < (unsigned int)(nlit + ndist) )
    {
        int sym = decode(s, &s->lit);
        int32_t rep, extra;
        uint8_t val = 0;

        if ( sym < 0 )
            return -EINVAL;
        if ( sym < 16 )
        {
            lens[i++] = sym;
            continue;
        }
        if ( sym == 16 )
        {
            if ( !i )
                return -EINVAL;                 /* nothing to repeat */
            val = lens[i - 1];
            extra = getbits(s, 2);
            rep = 3;
        }
        else if ( sym == 17 )
        {
            extra = getbits(s, 3);
            rep = 3;
        }
        else
        {
            extra = getbits(s, 7);
            rep = 11;
        }
        if ( extra < 0 )
            return -EINVAL;
        rep += extra;
        if ( i + rep > (unsigned int)(nlit + ndist) )
            return -EINVAL;                     /* repeat past the end */
        memset(lens + i, val, rep);
        i += rep;
    }
    if ( !lens[256] )
        return -EINVAL;                         /* no end-of-block code */
    rc = huff_build(&s->lit, lens, nlit);
    if ( !rc )
        rc = huff_build(&s->dist, lens + nlit, ndist);
    return rc;
}

/* One DEFLATE stream at s->in[s->in_pos]. */
static int inflate(struct inf_state *s, struct dec_out *out)
{
    int32_t final, type;
    int rc;

    do {
        final = getbits(s, 1);
        type = getbits(s, 2);
        if ( final < 0 || type < 0 )
            return -EINVAL;
        switch ( type )
        {
        case 0:
            rc = inflate_stored(s, out);
            break;
        case 1:
            rc = inflate_fixed(s);
            if ( !rc )
                rc = inflate_codes(s, out);
            break;
        case 2:
            rc = inflate_dynamic(s);
            if ( !rc )
                rc = inflate_codes(s, out);
            break;
        default:
            rc = -EINVAL;
        }
        if ( rc )
            return rc;
    } while ( !final );

    /* Give back whole buffered bytes: the trailer starts at a byte boundary. */
    drop(s, s->nbits & 7);
    s->in_pos -= s->nbits / 8;
    s->nbits = 0;
    s->bits = 0;
    return 0;
}

/* Skip a NUL-terminated header field. */
static int skip_string(const uint8_t *in, size_t in_len, size_t *pos)
{
    while ( *pos < in_len )
        if ( !in[(*pos)++] )
            return 0;
    return -EINVAL;
}

static int gzip_member(struct dec_work *w, const uint8_t *in, size_t in_len,
                       size_t *pos, struct dec_out *out)
{
    struct inf_state *s = &w->u.inf;
    size_t p = *pos, start = p, ustart = out->pos;
    unsigned int flags;
    int rc;

    if ( in_len - p < 10 || in[p] != 0x1f || in[p + 1] != 0x8b ||
         in[p + 2] != 8 )
        return -EINVAL;
    flags = in[p + 3];
    if ( flags & GZ_FRESERVED )
        return -EINVAL;
    p += 10;                                    /* MTIME, XFL, OS */
    if ( flags & GZ_FEXTRA )
    {
        size_t xlen;

        if ( in_len - p < 2 )
            return -EINVAL;
        xlen = in[p] | (in[p + 1] << 8);
        p += 2;
        if ( xlen > in_len - p )
            return -EINVAL;
        p += xlen;
    }
    if ( (flags & GZ_FNAME) && skip_string(in, in_len, &p) )
        return -EINVAL;
    if ( (flags & GZ_FCOMMENT) && skip_string(in, in_len, &p) )
        return -EINVAL;
    if ( flags & GZ_FHCRC )
    {
        if ( in_len - p < 2 ||
             (dec_crc32(w, 0, in + start, p - start) & 0xffff) !=
             (uint32_t)(in[p] | (in[p + 1] << 8)) )
            return -EINVAL;
        p += 2;
    }

    memset(s, 0, offsetof(struct inf_state, lit));
    s->in = in;
    s->in_len = in_len;
    s->in_pos = p;
    s->out_start = ustart;
    rc = inflate(s, out);
    if ( rc )
        return rc;
    p = s->in_pos;

    /* Trailer: CRC32 and size mod 2^32 of the uncompressed data. */
    if ( in_len - p < 8 ||
         dec_crc32(w, 0, out->buf + ustart, out->pos - ustart) !=
         dec_le32(in + p) ||
         (uint32_t)(out->pos - ustart) != dec_le32(in + p + 4) )
        return -EINVAL;
    *pos = p + 8;
    return 0;
}

int dec_gunzip(struct dec_work *w, const uint8_t *in, size_t in_len,
               struct dec_out *out)
{
    size_t pos = 0;
    int rc;

    do {
        rc = gzip_member(w, in, in_len, &pos, out);
        if ( rc )
            return rc;
        /* Concatenated members decode as one file; other trailing bytes end it. */
    } while ( in_len - pos >= 10 && in[pos] == 0x1f && in[pos + 1] == 0x8b );
    return 0;
}
