/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lz4 in Linux's legacy frame (what `lz4 -l` writes and the kernel's
 * CONFIG_KERNEL_LZ4 uses): the magic 02 21 4c 18, then blocks of a LE32
 * compressed size and an independent lz4 block unpacking to at most 8 MiB.
 * A repeated magic starts another stream; the 4 bytes Linux appends (the
 * total unpacked size) end the input. lz4 has no checksum in this frame.
 *
 * Block format: sequences of a token (literal count << 4 | match length
 * - 4), extra literal-count bytes while 255, the literals, a LE16 offset
 * back into this block's output, extra match-length bytes while 255. The
 * last sequence has literals only.
 */
#include "private.h"

#define LZ4_MAGIC        0x184c2102u
#define LZ4_BLOCK_MAX    (8u << 20)
#define LZ4_MIN_MATCH    4
/* The largest compressed form of an 8 MiB block (lz4's LZ4_COMPRESSBOUND). */
#define LZ4_BLOCK_BOUND  (LZ4_BLOCK_MAX + LZ4_BLOCK_MAX / 255 + 16)

/* Reads a length continued by bytes of 255; false if the input ends. */
static bool lz4_len(const uint8_t *in, size_t end, size_t *pos, size_t *len)
{
    uint8_t b;

    do {
        if ( *pos >= end )
            return false;
        b = in[(*pos)++];
        *len += b;
    } while ( b == 255 && *len < LZ4_BLOCK_MAX );
    return *len < LZ4_BLOCK_MAX;
}

/* One block in[pos, end) appended to out. */
static int lz4_block(const uint8_t *in, size_t pos, size_t end,
                     struct dec_out *out)
{
    size_t start = out->pos;

    for ( ;; )
    {
        uint8_t token;
        size_t lit, match, off;

        if ( pos >= end )
            return -EINVAL;
        token = in[pos++];
        lit = token >> 4;
        if ( lit == 15 && !lz4_len(in, end, &pos, &lit) )
            return -EINVAL;
        if ( lit > end - pos )
            return -EINVAL;
        if ( lit > out->size - out->pos )
            return -ENOSPC;
        memcpy(out->buf + out->pos, in + pos, lit);
        out->pos += lit;
        pos += lit;
        if ( out->pos - start > LZ4_BLOCK_MAX )
            return -EINVAL;
        if ( pos == end )
            return 0;                   /* the last sequence */

        if ( end - pos < 2 )
            return -EINVAL;
        off = in[pos] | (in[pos + 1] << 8);
        pos += 2;
        if ( !off || off > out->pos - start )
            return -EINVAL;
        match = token & 15;
        if ( match == 15 && !lz4_len(in, end, &pos, &match) )
            return -EINVAL;
        match += LZ4_MIN_MATCH;
        if ( match > out->size - out->pos )
            return -ENOSPC;
        /* Byte by byte: the source may overlap what is being written. */
        for ( size_t i = 0; i < match; i++, out->pos++ )
            out->buf[out->pos] = out->buf[out->pos - off];
        if ( out->pos - start > LZ4_BLOCK_MAX )
            return -EINVAL;
    }
}

int dec_unlz4(const uint8_t *in, size_t in_len, struct dec_out *out)
{
    size_t pos = 4;
    unsigned int blocks = 0;
    int rc;

    while ( in_len - pos >= 4 )
    {
        uint32_t n = dec_le32(in + pos);

        if ( n == LZ4_MAGIC )
        {
            pos += 4;
            continue;
        }
        if ( in_len - pos == 4 && blocks && n == (uint32_t)out->pos )
            break;                      /* Linux's size word */
        pos += 4;
        if ( n == 0 || n > in_len - pos || n > LZ4_BLOCK_BOUND )
            return -EINVAL;
        rc = lz4_block(in, pos, pos + n, out);
        if ( rc )
            return rc;
        pos += n;
        blocks++;
    }
    return blocks && (in_len - pos == 0 || in_len - pos == 4) ? 0 : -EINVAL;
}
