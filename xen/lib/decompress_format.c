/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-image format detection shared by the hypervisor's dom0 builder and
 * the toolstack's PV builder (dom0-tools/builder): the compression magic
 * table and Linux bzImage probing (x86 boot protocol >= 2.08). Builds
 * freestanding and on the host; the decoders live elsewhere (xen/common/
 * decompress/ in the hypervisor, Debian's libraries in the toolstack).
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/decompress.h>

/*
 * First bytes of each format as Linux's and Xen's decompressors detect them.
 * .lzma has no magic: like Linux, only the default lc3/lp0/pb2 (5d 00 00).
 * lz4 comes in Linux's legacy frame (lz4 -l) and the newer frame format.
 */
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
    { DECOMP_LZ4F,  "lz4-frame", 4, { 0x04, 0x22, 0x4d, 0x18 } },
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

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
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
    off = le32(p + BZ_PAYLOAD_OFFSET);
    plen = le32(p + BZ_PAYLOAD_LENGTH);
    /* All terms < 2^33: the sums cannot overflow 64 bits. */
    if ( plen < 4 || setup + off > len || plen > len - (setup + off) )
        return -EINVAL;

    info->payload = p + setup + off;
    info->payload_len = plen;
    info->decompressed_size = le32(info->payload + plen - 4);
    info->format = decompress_format(info->payload, plen);
    return 0;
}
