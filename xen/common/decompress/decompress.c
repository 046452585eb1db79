/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Format detection and dispatch for decompress(), the CRCs the formats
 * share, and Linux bzImage unwrapping (x86 boot protocol >= 2.08).
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

static const struct {
    enum decompress_format fmt;
    const char *name;
    uint8_t len;
    uint8_t magic[6];
} formats[] = {
    { DECOMP_GZIP,  "gzip",  3, { 0x1f, 0x8b, 0x08 } },
    { DECOMP_XZ,    "xz",    6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
    { DECOMP_LZMA,  "lzma",  3, { 0x5d, 0x00, 0x00 } },
    { DECOMP_ZSTD,  "zstd",  4, { 0x28, 0xb5, 0x2f, 0xfd } },
    { DECOMP_BZIP2, "bzip2", 3, { 'B', 'Z', 'h' } },
    { DECOMP_LZ4,   "lz4",   4, { 0x02, 0x21, 0x4c, 0x18 } },
    { DECOMP_LZO,   "lzo",   4, { 0x89, 'L', 'Z', 'O' } },
};

enum decompress_format decompress_format(const void *in, size_t in_len)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(formats); i++ )
        if ( in_len >= formats[i].len &&
             !memcmp(in, formats[i].magic, formats[i].len) )
            return formats[i].fmt;
    return DECOMP_NONE;
}

const char *decompress_format_name(enum decompress_format fmt)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(formats); i++ )
        if ( formats[i].fmt == fmt )
            return formats[i].name;
    return "none";
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

/* Boot protocol header fields (offsets into the image). */
#define BZ_SETUP_SECTS    0x1f1
#define BZ_BOOT_FLAG      0x1fe
#define BZ_HEADER         0x202
#define BZ_VERSION        0x206
#define BZ_PAYLOAD_OFFSET 0x248 /* from the protected-mode code, 2.08+ */
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_SIZE       0x250

int bzimage_probe(const void *img, size_t len, struct bzimage_info *info)
{
    const uint8_t *p = img;
    uint64_t setup, off, plen;
    unsigned int sects;

    memset(info, 0, sizeof(*info));
    if ( !p || len < BZ_MIN_SIZE || memcmp(p + BZ_HEADER, "HdrS", 4) ||
         p[BZ_BOOT_FLAG] != 0x55 || p[BZ_BOOT_FLAG + 1] != 0xaa )
        return -ENOEXEC;
    info->version = p[BZ_VERSION] | (p[BZ_VERSION + 1] << 8);
    if ( info->version < 0x208 )
        return -EOPNOTSUPP;

    sects = p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4;
    setup = (sects + 1) * 512ULL;
    off = dec_le32(p + BZ_PAYLOAD_OFFSET);
    plen = dec_le32(p + BZ_PAYLOAD_LENGTH);
    /* All terms < 2^33: the sums cannot overflow 64 bits. */
    if ( plen < 4 || setup + off > len || plen > len - (setup + off) )
        return -EINVAL;

    info->payload = p + setup + off;
    info->payload_len = plen;
    info->decompressed_size = dec_le32(info->payload + plen - 4);
    info->format = decompress_format(info->payload, plen);
    return 0;
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
