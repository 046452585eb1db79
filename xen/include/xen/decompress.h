/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One-shot decompression of boot images (kernels, initrds) into a
 * caller-provided buffer, and unwrapping of Linux x86 bzImages.
 * decompress_format(), decompress_format_name() and bzimage_probe() are
 * xen/lib/decompress_format.c, which the toolstack's builder compiles too
 * (its decoders are Debian's libraries); the rest is xen/common/decompress/.
 * Input is untrusted: corrupt data yields an error, never an access outside
 * in[0, in_len) or out[0, out_len). Shared with the dom0 toolstack.
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

enum decompress_format {
    DECOMP_NONE,        /* no known magic */
    DECOMP_GZIP,        /* 1f 8b 08 (RFC 1952 + 1951) */
    DECOMP_XZ,          /* fd '7zXZ' 00 (LZMA2, x86 BCJ) */
    DECOMP_LZMA,        /* 5d 00 00 (legacy .lzma "alone" header) */
    DECOMP_ZSTD,        /* 28 b5 2f fd: detected, not implemented */
    DECOMP_BZIP2,       /* 'BZh': detected, not implemented */
    DECOMP_LZ4,         /* 02 21 4c 18 (Linux's legacy frame, lz4 -l; no checksum) */
    DECOMP_LZO,         /* 89 'LZO' (lzop file): detected, not implemented */
    DECOMP_LZ4F,        /* 04 22 4d 18 (lz4 frame format): detected, not implemented */
};

enum decompress_format decompress_format(const void *in, size_t in_len);
const char *decompress_format_name(enum decompress_format fmt);

/*
 * Decompress in[0, in_len) into out[0, out_len); *out_used (may be NULL) gets
 * the number of bytes produced. Trailing bytes after the first complete
 * stream (e.g. the size word Linux appends) are ignored; further gzip
 * members / xz streams that directly follow are decoded too.
 * Returns 0, or
 *   -ENOEXEC    no known compression magic
 *   -EOPNOTSUPP known format (or xz filter/LZMA setting) not implemented
 *   -EINVAL     corrupt or truncated input, bad checksum
 *   -ENOSPC     out_len too small
 *   -EBUSY      the built-in workspace is in use (use decompress_ws)
 */
int decompress(const void *in, size_t in_len, void *out, size_t out_len,
               size_t *out_used);

/* The same with caller-provided scratch memory of DECOMPRESS_WORKSPACE_SIZE. */
#define DECOMPRESS_WORKSPACE_SIZE (40 * 1024)
int decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
                  size_t *out_used, void *work, size_t work_len);

/* Linux x86 boot protocol (Documentation/arch/x86/boot.rst). */
struct bzimage_info {
    const uint8_t *payload;     /* compressed kernel inside the image */
    size_t payload_len;         /* including any appended size word */
    uint32_t decompressed_size; /* LE32 at the end of the payload */
    uint16_t version;           /* boot protocol version, >= 0x208 */
    enum decompress_format format;
};

/*
 * Is img a bzImage we can unwrap? Returns 0, -ENOEXEC (no "HdrS" header),
 * -EOPNOTSUPP (boot protocol < 2.08: no payload fields) or -EINVAL (payload
 * outside the image).
 */
int bzimage_probe(const void *img, size_t len, struct bzimage_info *info);

/*
 * Decompress a bzImage's payload (the vmlinux ELF) into out. Size out from
 * bzimage_probe()'s decompressed_size. Errors as bzimage_probe/decompress.
 */
int bzimage_unwrap(const void *img, size_t len, void *out, size_t out_len,
                   size_t *out_used);

#endif /* XEN_DECOMPRESS_H */
