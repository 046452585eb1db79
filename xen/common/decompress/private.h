/* SPDX-License-Identifier: GPL-2.0-only */
/* Internals shared by the decompressors in xen/common/decompress/. */
#ifndef DECOMPRESS_PRIVATE_H
#define DECOMPRESS_PRIVATE_H

#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/decompress.h>

/* Where output goes: out[0, size), pos bytes produced so far. */
struct dec_out {
    uint8_t *buf;
    size_t size;
    size_t pos;
};

/* ---- LZMA (lzma.c) ---- */
#define LZMA_STATES       12
#define LZMA_POS_STATES   16   /* 1 << max pb (4) */
#define LZMA_LEN_LOW       8
#define LZMA_LEN_HIGH    256
#define LZMA_DIST_STATES   4
#define LZMA_DIST_SLOTS   64
#define LZMA_DIST_SPECIAL 114  /* full distances (128) - first direct slot (14) */
#define LZMA_ALIGN        16
#define LZMA_LITERAL   0x300   /* probabilities per literal coder */
#define LZMA_LCLP_MAX      4   /* lc + lp limit of LZMA2; also enforced for .lzma */

struct lzma_len_probs {
    uint16_t choice, choice2;
    uint16_t low[LZMA_POS_STATES][LZMA_LEN_LOW];
    uint16_t mid[LZMA_POS_STATES][LZMA_LEN_LOW];
    uint16_t high[LZMA_LEN_HIGH];
};

struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES];
    uint16_t is_rep[LZMA_STATES];
    uint16_t is_rep0[LZMA_STATES];
    uint16_t is_rep1[LZMA_STATES];
    uint16_t is_rep2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES];
    uint16_t dist_slot[LZMA_DIST_STATES][LZMA_DIST_SLOTS];
    uint16_t dist_special[LZMA_DIST_SPECIAL];
    uint16_t dist_align[LZMA_ALIGN];
    struct lzma_len_probs match_len, rep_len;
    uint16_t literal[LZMA_LITERAL << LZMA_LCLP_MAX];
};

struct lzma_dec {
    /* Range decoder over in[pos, end). */
    const uint8_t *in;
    size_t in_pos, in_end;
    uint32_t range, code;
    bool in_overrun;            /* read past in_end: the data is corrupt */

    /* Dictionary = the output buffer from dict_start (last dictionary reset). */
    struct dec_out *out;
    size_t dict_start;
    size_t limit;               /* do not produce past out->buf + limit */

    unsigned int lc, lp, pb;
    unsigned int state;
    uint32_t rep[4];            /* distances - 1 */
    struct lzma_probs p;
};

/* ---- inflate (inflate.c) ---- */
#define INF_FAST_BITS 9
struct inf_huff {
    uint16_t count[16];         /* codes of each length */
    uint16_t sym[288];          /* symbols ordered by (length, value) */
    uint16_t fast[1 << INF_FAST_BITS]; /* sym << 4 | len, 0 = use slow path */
};

struct inf_state {
    const uint8_t *in;
    size_t in_len, in_pos;
    uint64_t bits;
    unsigned int nbits;
    size_t out_start;           /* where this gzip member's output begins */
    struct inf_huff lit, dist;
};

/* Scratch memory for one decompress call. */
struct dec_work {
    uint32_t crc32_tab[256];
    uint64_t crc64_tab[256];
    union {
        struct lzma_dec lzma;
        struct inf_state inf;
    } u;
};

void dec_crc_init(struct dec_work *w);
uint32_t dec_crc32(const struct dec_work *w, uint32_t crc, const void *p,
                   size_t n);
uint64_t dec_crc64(const struct dec_work *w, uint64_t crc, const void *p,
                   size_t n);

static inline uint32_t dec_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* lzma.c: LZMA2 chunks from in[0, in_len) appended to out. */
int dec_lzma2(struct lzma_dec *d, const uint8_t *in, size_t in_len,
              size_t *in_used, struct dec_out *out);
/* lzma.c: a legacy .lzma file (13-byte header). */
int dec_unlzma(struct dec_work *w, const uint8_t *in, size_t in_len,
               struct dec_out *out);
/* unxz.c */
int dec_unxz(struct dec_work *w, const uint8_t *in, size_t in_len,
             struct dec_out *out);
/* unlz4.c: Linux's legacy lz4 frame (needs no workspace) */
int dec_unlz4(const uint8_t *in, size_t in_len, struct dec_out *out);
/* inflate.c */
int dec_gunzip(struct dec_work *w, const uint8_t *in, size_t in_len,
               struct dec_out *out);

#endif /* DECOMPRESS_PRIVATE_H */
