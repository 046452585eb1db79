/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA decoder (range coder + literal/match model), LZMA2 chunk framing and
 * the legacy .lzma container. One-shot: the output buffer is the dictionary,
 * so no window memory is needed; every distance is checked against the bytes
 * produced since the last dictionary reset.
 */
#include "private.h"

#define RC_TOP_VALUE   (1u << 24)
#define RC_PROB_BITS   11
#define RC_PROB_ONE    (1u << RC_PROB_BITS)
#define RC_MOVE_BITS   5

#define FIRST_DIRECT_SLOT 14     /* slots >= this code distances with direct bits */
#define ALIGN_BITS        4
#define END_MARKER        0xffffffffu

/* Byte that must be shifted in when the range gets too small. */
static inline void rc_normalize(struct lzma_dec *d)
{
    if ( d->range >= RC_TOP_VALUE )
        return;
    d->range <<= 8;
    d->code <<= 8;
    if ( likely(d->in_pos < d->in_end) )
        d->code |= d->in[d->in_pos++];
    else
        d->in_overrun = true;
}

/* One bit with an adaptive probability of being 0 (in 1/2048 units). */
static inline unsigned int rc_bit(struct lzma_dec *d, uint16_t *prob)
{
    uint32_t bound = (d->range >> RC_PROB_BITS) * *prob;
    unsigned int bit;

    if ( d->code < bound )
    {
        d->range = bound;
        *prob += (RC_PROB_ONE - *prob) >> RC_MOVE_BITS;
        bit = 0;
    }
    else
    {
        d->range -= bound;
        d->code -= bound;
        *prob -= *prob >> RC_MOVE_BITS;
        bit = 1;
    }
    rc_normalize(d);
    return bit;
}

/* One bit with probability 1/2 (the "direct" bits of long distances). */
static inline unsigned int rc_direct(struct lzma_dec *d)
{
    unsigned int bit = 0;

    d->range >>= 1;
    if ( d->code >= d->range )
    {
        d->code -= d->range;
        bit = 1;
    }
    rc_normalize(d);
    return bit;
}

/* nbits-bit symbol, most significant bit first; probs[1 .. 2^nbits). */
static unsigned int rc_tree(struct lzma_dec *d, uint16_t *probs,
                            unsigned int nbits)
{
    unsigned int m = 1;

    for ( unsigned int i = 0; i < nbits; i++ )
        m = (m << 1) | rc_bit(d, &probs[m]);
    return m - (1u << nbits);
}

/* nbits-bit symbol, least significant bit first; probs[base + 1 ..]. */
static uint32_t rc_tree_reverse(struct lzma_dec *d, uint16_t *probs,
                                uint32_t base, unsigned int nbits)
{
    unsigned int m = 1;
    uint32_t sym = 0;

    for ( unsigned int i = 0; i < nbits; i++ )
    {
        unsigned int bit = rc_bit(d, &probs[base + m]);

        m = (m << 1) | bit;
        sym |= bit << i;
    }
    return sym;
}

/* Initialise from the 5 bytes at in[pos]; the first is always 0. */
static int rc_init(struct lzma_dec *d, const uint8_t *in, size_t pos,
                   size_t end)
{
    if ( end < pos || end - pos < 5 || in[pos] != 0 )
        return -EINVAL;
    d->in = in;
    d->in_pos = pos + 5;
    d->in_end = end;
    d->in_overrun = false;
    d->range = 0xffffffffu;
    d->code = ((uint32_t)in[pos + 1] << 24) | (in[pos + 2] << 16) |
              (in[pos + 3] << 8) | in[pos + 4];
    return 0;
}

/* The lc/lp/pb properties byte: (pb * 5 + lp) * 9 + lc. */
static int lzma_props(struct lzma_dec *d, unsigned int b)
{
    if ( b >= 9 * 5 * 5 )
        return -EINVAL;
    d->lc = b % 9;
    b /= 9;
    d->lp = b % 5;
    d->pb = b / 5;
    return d->lc + d->lp > LZMA_LCLP_MAX ? -EOPNOTSUPP : 0;
}

static void lzma_reset_state(struct lzma_dec *d)
{
    size_t n = offsetof(struct lzma_probs, literal) / sizeof(uint16_t) +
               ((size_t)LZMA_LITERAL << (d->lc + d->lp));
    uint16_t *p = (uint16_t *)&d->p;

    for ( size_t i = 0; i < n; i++ )
        p[i] = RC_PROB_ONE / 2;
    d->state = 0;
    d->rep[0] = d->rep[1] = d->rep[2] = d->rep[3] = 0;
}

static void lzma_literal(struct lzma_dec *d)
{
    struct dec_out *o = d->out;
    size_t pos = o->pos - d->dict_start;
    unsigned int prev = pos ? o->buf[o->pos - 1] : 0;
    unsigned int ctx = ((pos & ((1u << d->lp) - 1)) << d->lc) +
                       (prev >> (8 - d->lc));
    uint16_t *probs = d->p.literal + LZMA_LITERAL * ctx;
    unsigned int sym = 1;

    if ( d->state < 7 )
        while ( sym < 0x100 )
            sym = (sym << 1) | rc_bit(d, &probs[sym]);
    else
    {
        /*
         * After a match, the byte at rep0 predicts this one: its bits pick
         * separate probabilities until the first bit that differs.
         */
        unsigned int match = o->buf[o->pos - d->rep[0] - 1];
        unsigned int use = 0x100;

        while ( sym < 0x100 )
        {
            unsigned int mbit, bit;

            match <<= 1;
            mbit = match & use;
            bit = rc_bit(d, &probs[use + mbit + sym]);
            sym = (sym << 1) | bit;
            use &= bit ? mbit : ~mbit;
        }
    }
    o->buf[o->pos++] = sym;
    d->state = d->state < 4 ? 0 : d->state < 10 ? d->state - 3 : d->state - 6;
}

static unsigned int lzma_len(struct lzma_dec *d, struct lzma_len_probs *l,
                             unsigned int ps)
{
    if ( !rc_bit(d, &l->choice) )
        return 2 + rc_tree(d, l->low[ps], 3);
    if ( !rc_bit(d, &l->choice2) )
        return 2 + LZMA_LEN_LOW + rc_tree(d, l->mid[ps], 3);
    return 2 + 2 * LZMA_LEN_LOW + rc_tree(d, l->high, 8);
}

/* Distance - 1 of a new match of length len. */
static uint32_t lzma_dist(struct lzma_dec *d, unsigned int len)
{
    unsigned int slot = rc_tree(d, d->p.dist_slot[min(len - 2, 3u)], 6);
    unsigned int nbits;
    uint32_t dist;

    if ( slot < 4 )
        return slot;
    nbits = (slot >> 1) - 1;
    dist = 2 | (slot & 1);
    if ( slot < FIRST_DIRECT_SLOT )
    {
        dist <<= nbits;
        return dist + rc_tree_reverse(d, d->p.dist_special,
                                      dist - slot - 1, nbits);
    }
    for ( unsigned int i = 0; i < nbits - ALIGN_BITS; i++ )
        dist = (dist << 1) | rc_direct(d);
    return (dist << ALIGN_BITS) + rc_tree_reverse(d, d->p.dist_align, 0,
                                                  ALIGN_BITS);
}

/*
 * Decode until out->pos reaches d->limit, or (allow_eos) an end marker.
 * A match running past d->limit yields overflow_rc (-EINVAL when the limit
 * is a size the stream declared, -ENOSPC when it is the buffer's end).
 */
static int lzma_run(struct lzma_dec *d, bool allow_eos, bool *eos,
                    int overflow_rc)
{
    struct dec_out *o = d->out;
    unsigned int pb_mask = (1u << d->pb) - 1;

    while ( allow_eos || o->pos < d->limit )
    {
        unsigned int ps = (o->pos - d->dict_start) & pb_mask;
        unsigned int s = d->state, len;
        uint8_t *dst;
        const uint8_t *src;

        if ( d->in_overrun )
            return -EINVAL;

        if ( !rc_bit(d, &d->p.is_match[s][ps]) )
        {
            if ( o->pos >= d->limit )
                return overflow_rc;
            lzma_literal(d);
            continue;
        }

        if ( !rc_bit(d, &d->p.is_rep[s]) )
        {
            uint32_t dist;

            len = lzma_len(d, &d->p.match_len, ps);
            dist = lzma_dist(d, len);
            if ( dist == END_MARKER )
            {
                if ( !allow_eos || d->in_overrun )
                    return -EINVAL;
                *eos = true;
                return 0;
            }
            d->rep[3] = d->rep[2];
            d->rep[2] = d->rep[1];
            d->rep[1] = d->rep[0];
            d->rep[0] = dist;
            d->state = s < 7 ? 7 : 10;
        }
        else if ( !rc_bit(d, &d->p.is_rep0[s]) )
        {
            if ( !rc_bit(d, &d->p.is_rep0_long[s][ps]) )
            {
                len = 1;                        /* "short rep": one byte */
                d->state = s < 7 ? 9 : 11;
            }
            else
            {
                len = lzma_len(d, &d->p.rep_len, ps);
                d->state = s < 7 ? 8 : 11;
            }
        }
        else
        {
            /* An older distance is reused and moves to the front. */
            uint32_t dist;

            if ( !rc_bit(d, &d->p.is_rep1[s]) )
                dist = d->rep[1];
            else
            {
                if ( !rc_bit(d, &d->p.is_rep2[s]) )
                    dist = d->rep[2];
                else
                {
                    dist = d->rep[3];
                    d->rep[3] = d->rep[2];
                }
                d->rep[2] = d->rep[1];
            }
            d->rep[1] = d->rep[0];
            d->rep[0] = dist;
            len = lzma_len(d, &d->p.rep_len, ps);
            d->state = s < 7 ? 8 : 11;
        }

        if ( d->rep[0] >= o->pos - d->dict_start )
            return -EINVAL;                     /* before the dictionary */
        if ( len > d->limit - o->pos )
            return overflow_rc;
        dst = o->buf + o->pos;
        src = dst - d->rep[0] - 1;
        if ( d->rep[0] + 1 >= len )
            memcpy(dst, src, len);
        else
            for ( unsigned int i = 0; i < len; i++ )  /* overlapping: repeats */
                dst[i] = src[i];
        o->pos += len;
    }
    return 0;
}

/*
 * LZMA2 (xz file format spec, section 5.3.1): a sequence of chunks, each
 * introduced by a control byte:
 *   0x00          end of data
 *   0x01 / 0x02   uncompressed chunk with / without dictionary reset,
 *                 followed by BE16 size - 1
 *   0x80 - 0xff   LZMA chunk: bits 0-4 are bits 16-20 of the uncompressed
 *                 size - 1, then BE16 uncompressed size - 1 (low bits), BE16
 *                 compressed size - 1, and a properties byte if bits 5-6 >= 2;
 *                 bits 5-6: 0 nothing reset, 1 state reset, 2 state reset +
 *                 new properties, 3 everything + dictionary reset.
 * Every LZMA chunk restarts the range coder and must end exactly at its
 * declared sizes with the coder finished (code == 0).
 */
int dec_lzma2(struct lzma_dec *d, const uint8_t *in, size_t in_len,
              size_t *in_used, struct dec_out *out)
{
    bool need_dict_reset = true, need_props = true;
    size_t pos = 0;
    int rc;

    d->out = out;
    for ( ;; )
    {
        size_t usize, csize;
        unsigned int c;

        if ( pos >= in_len )
            return -EINVAL;
        c = in[pos++];
        if ( c == 0x00 )
            break;
        if ( c >= 0xe0 || c == 0x01 )
        {
            need_props = true;
            need_dict_reset = false;
            d->dict_start = out->pos;
        }
        else if ( need_dict_reset || (c > 0x02 && c < 0x80) )
            return -EINVAL;

        if ( c < 0x80 )                         /* stored chunk */
        {
            if ( in_len - pos < 2 )
                return -EINVAL;
            usize = ((in[pos] << 8) | in[pos + 1]) + 1;
            pos += 2;
            if ( usize > in_len - pos )
                return -EINVAL;
            if ( usize > out->size - out->pos )
                return -ENOSPC;
            memcpy(out->buf + out->pos, in + pos, usize);
            out->pos += usize;
            pos += usize;
            continue;
        }

        if ( in_len - pos < 4 )
            return -EINVAL;
        usize = (((size_t)(c & 0x1f) << 16) | (in[pos] << 8) | in[pos + 1]) + 1;
        csize = ((in[pos + 2] << 8) | in[pos + 3]) + 1;
        pos += 4;
        if ( c >= 0xc0 )
        {
            if ( pos >= in_len )
                return -EINVAL;
            rc = lzma_props(d, in[pos++]);
            if ( rc )
                return -EINVAL;                 /* lc + lp > 4 is invalid here */
            need_props = false;
            lzma_reset_state(d);
        }
        else if ( need_props )
            return -EINVAL;
        else if ( c >= 0xa0 )
            lzma_reset_state(d);

        if ( csize > in_len - pos )
            return -EINVAL;
        if ( usize > out->size - out->pos )
            return -ENOSPC;
        rc = rc_init(d, in, pos, pos + csize);
        if ( rc )
            return rc;
        d->limit = out->pos + usize;
        rc = lzma_run(d, false, NULL, -EINVAL);
        if ( rc )
            return rc;
        if ( d->in_overrun || d->in_pos != d->in_end || d->code != 0 )
            return -EINVAL;
        pos += csize;
    }
    *in_used = pos;
    return 0;
}

/*
 * Legacy .lzma ("LZMA alone", what Linux's CONFIG_KERNEL_LZMA produces):
 * properties byte, LE32 dictionary size, LE64 uncompressed size (all ones:
 * unknown, the data then ends with an end marker), then the range-coded data.
 */
int dec_unlzma(struct dec_work *w, const uint8_t *in, size_t in_len,
               struct dec_out *out)
{
    struct lzma_dec *d = &w->u.lzma;
    uint64_t usize;
    bool known, eos = false;
    int rc;

    if ( in_len < 13 )
        return -EINVAL;
    rc = lzma_props(d, in[0]);
    if ( rc )
        return rc;
    usize = (uint64_t)dec_le32(in + 5) | ((uint64_t)dec_le32(in + 9) << 32);
    known = usize != ~0ULL;
    if ( known && usize > out->size - out->pos )
        return -ENOSPC;

    rc = rc_init(d, in, 13, in_len);
    if ( rc )
        return rc;
    d->out = out;
    d->dict_start = out->pos;
    d->limit = known ? out->pos + usize : out->size;
    lzma_reset_state(d);
    rc = lzma_run(d, !known, &eos, known ? -EINVAL : -ENOSPC);
    if ( rc )
        return rc;
    return d->in_overrun ? -EINVAL : 0;
}
