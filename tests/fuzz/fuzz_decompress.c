/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz the boot-image decompressors (xen/common/decompress/): gzip
 * (inflate), xz (LZMA2 + x86 BCJ), legacy .lzma, and bzImage unwrapping.
 * The input is the compressed image; its first byte is also read as the
 * output size class (small sizes exercise -ENOSPC). Invariants: the result
 * is 0 or a documented error, out_used <= out_len, nothing is written past
 * out_len (ASan, plus a guard pattern), and whenever zlib / liblzma also
 * decode the first stream, our output starts with exactly their bytes.
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <zlib.h>
#include <xen/types.h>
#include <xen/decompress.h>
#include "fuzz.h"

#define OUT_MAX (256 * 1024)
#define GUARD   64
#define REF_MEMLIMIT (64u << 20)        /* liblzma: headers may ask for GiBs */

static uint8_t out[OUT_MAX + GUARD], ref[OUT_MAX], work[DECOMPRESS_WORKSPACE_SIZE];

static bool documented(int rc)
{
    return rc == 0 || rc == -ENOEXEC || rc == -EOPNOTSUPP || rc == -EINVAL ||
           rc == -ENOSPC;
}

/* zlib / liblzma on the first stream; returns bytes produced or -1. */
static long reference(enum decompress_format fmt, const uint8_t *in,
                      size_t len, size_t cap)
{
    long n = -1;

    if (fmt == DECOMP_GZIP) {
        z_stream z = { 0 };

        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
            return -1;
        z.next_in = (uint8_t *)in;
        z.avail_in = (uInt)len;
        z.next_out = ref;
        z.avail_out = (uInt)cap;
        if (inflate(&z, Z_FINISH) == Z_STREAM_END)
            n = (long)z.total_out;
        inflateEnd(&z);
    } else if (fmt == DECOMP_XZ || fmt == DECOMP_LZMA) {
        lzma_stream s = LZMA_STREAM_INIT;
        lzma_ret r = fmt == DECOMP_XZ ?
            lzma_stream_decoder(&s, REF_MEMLIMIT, 0) :
            lzma_alone_decoder(&s, REF_MEMLIMIT);

        if (r != LZMA_OK)
            return -1;
        s.next_in = in;
        s.avail_in = len;
        s.next_out = ref;
        s.avail_out = cap;
        if (lzma_code(&s, LZMA_FINISH) == LZMA_STREAM_END)
            n = (long)s.total_out;
        lzma_end(&s);
    }
    return n;
}

static void check(const uint8_t *in, size_t len, size_t out_len, int rc,
                  size_t used)
{
    FUZZ_CHECK(documented(rc));
    FUZZ_CHECK(used <= out_len);
    for (size_t i = out_len; i < out_len + GUARD; i++)
        FUZZ_CHECK(out[i] == 0xcc);
    if (!rc) {
        long n = reference(decompress_format(in, len), in, len, out_len);

        FUZZ_CHECK(n < 0 || ((size_t)n <= used && !memcmp(out, ref, (size_t)n)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t sizes[] = { 0, 1, 17, 512, 4096, 65536, OUT_MAX };
    size_t out_len = size ? sizes[data[0] % 7] : 0;
    struct bzimage_info bz;
    size_t used = 0;
    int rc;

    memset(out, 0xcc, sizeof(out));
    rc = decompress_ws(data, size, out, out_len, &used, work, sizeof(work));
    check(data, size, out_len, rc, used);
    decompress_format_name(decompress_format(data, size));

    rc = bzimage_probe(data, size, &bz);
    FUZZ_CHECK(rc == 0 || rc == -ENOEXEC || rc == -EOPNOTSUPP || rc == -EINVAL);
    if (!rc) {
        FUZZ_CHECK(bz.payload >= data && bz.payload_len <= size &&
                   (size_t)(bz.payload - data) <= size - bz.payload_len);
        memset(out, 0xcc, sizeof(out));
        used = 0;
        rc = bzimage_unwrap(data, size, out, out_len, &used);
        FUZZ_CHECK(documented(rc) || rc == -EBUSY);
        FUZZ_CHECK(used <= out_len);
        for (size_t i = out_len; i < out_len + GUARD; i++)
            FUZZ_CHECK(out[i] == 0xcc);
    }
    return 0;
}
