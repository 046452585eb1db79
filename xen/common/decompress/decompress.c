/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dispatch for decompress(), the CRCs the formats share, and Linux bzImage
 * unwrapping. The magic table and bzimage_probe() are in
 * xen/lib/decompress_format.c (shared with the toolstack's builder).
 */
#include "private.h"

BUILD_BUG_ON(sizeof(struct dec_work) > DECOMPRESS_WORKSPACE_SIZE);

/* Reflected CRC-32 (IEEE 802.3, gzip/xz) and CRC-64 (ECMA-182, xz). */
#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

void dec_crc_init(struct dec_work *w)
{
    for ( unsigned int i = 0; i < 256; i++ )
    {
        uint32_t c = i;
        uint64_t c64 = i;

        for ( unsigned int k = 0; k < 8; k++ )
        {
            c = (c >> 1) ^ (c & 1 ? CRC32_POLY : 0);
            c64 = (c64 >> 1) ^ (c64 & 1 ? CRC64_POLY : 0);
        }
        w->crc32_tab[i] = c;
        w->crc64_tab[i] = c64;
    }
}

uint32_t dec_crc32(const struct dec_work *w, uint32_t crc, const void *p,
                   size_t n)
{
    const uint8_t *b = p;

    crc = ~crc;
    while ( n-- )
        crc = w->crc32_tab[(crc ^ *b++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint64_t dec_crc64(const struct dec_work *w, uint64_t crc, const void *p,
                   size_t n)
{
    const uint8_t *b = p;

    crc = ~crc;
    while ( n-- )
        crc = w->crc64_tab[(crc ^ *b++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

int decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
                  size_t *out_used, void *work, size_t work_len)
{
    struct dec_out o = { .buf = out, .size = out_len, .pos = 0 };
    struct dec_work *w = work;
    int rc;

    if ( out_used )
        *out_used = 0;
    if ( !in || (!out && out_len) || !w || work_len < sizeof(*w) ||
         ((uintptr_t)w & (__alignof__(struct dec_work) - 1)) )
        return -EINVAL;
    dec_crc_init(w);

    switch ( decompress_format(in, in_len) )
    {
    case DECOMP_GZIP:
        rc = dec_gunzip(w, in, in_len, &o);
        break;
    case DECOMP_XZ:
        rc = dec_unxz(w, in, in_len, &o);
        break;
    case DECOMP_LZMA:
        rc = dec_unlzma(w, in, in_len, &o);
        break;
    case DECOMP_LZ4:
        rc = dec_unlz4(in, in_len, &o);
        break;
    case DECOMP_NONE:
        return -ENOEXEC;
    default:
        return -EOPNOTSUPP;
    }
    if ( !rc && out_used )
        *out_used = o.pos;
    return rc;
}

/*
 * The hypervisor decompresses only while building dom0, so one static
 * workspace suffices and the heap is not needed; a concurrent caller gets
 * -EBUSY rather than a corrupted decode.
 */
static struct dec_work builtin_work;
static bool builtin_busy;

int decompress(const void *in, size_t in_len, void *out, size_t out_len,
               size_t *out_used)
{
    int rc;

    if ( __atomic_exchange_n(&builtin_busy, true, __ATOMIC_ACQUIRE) )
        return -EBUSY;
    rc = decompress_ws(in, in_len, out, out_len, out_used, &builtin_work,
                       sizeof(builtin_work));
    __atomic_store_n(&builtin_busy, false, __ATOMIC_RELEASE);
    return rc;
}

int bzimage_unwrap(const void *img, size_t len, void *out, size_t out_len,
                   size_t *out_used)
{
    struct bzimage_info info;
    int rc = bzimage_probe(img, len, &info);

    if ( out_used )
        *out_used = 0;
    if ( rc )
        return rc;
    return decompress(info.payload, info.payload_len, out, out_len, out_used);
}
