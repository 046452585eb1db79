/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests for xen/common/decompress/: output compared with what the
 * host's gzip/xz/lz4 produced from the same data, corrupt and truncated
 * streams, too-small output buffers, format detection and bzImage unwrapping
 * (synthetic, and Debian's real kernel when it has been fetched).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/decompress.h>
#include "harness.h"
#include "host_tool.h"

#ifndef UNIT_SRCROOT
#define UNIT_SRCROOT "."
#endif

static const char hello[] = "Xenolite hello, Xenolite hello, Xenolite hello!\n";

/* gzip -9 -n and xz --check=crc32 of hello (made once with the host tools). */
static const uint8_t hello_gz[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x8b, 0x48,
    0xcd, 0xcb, 0xcf, 0xc9, 0x2c, 0x49, 0x55, 0xc8, 0x48, 0xcd, 0xc9, 0xc9,
    0xd7, 0x51, 0x88, 0xc0, 0xcb, 0x57, 0xe4, 0x02, 0x00, 0xd0, 0xe9, 0x7f,
    0x09, 0x30, 0x00, 0x00, 0x00 };
static const uint8_t hello_xz[] = {
    0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x01, 0x69, 0x22, 0xde, 0x36,
    0x02, 0x00, 0x21, 0x01, 0x16, 0x00, 0x00, 0x00, 0x74, 0x2f, 0xe5, 0xa3,
    0xe0, 0x00, 0x2f, 0x00, 0x19, 0x5d, 0x00, 0x2c, 0x19, 0x49, 0xc7, 0x21,
    0x23, 0x27, 0xd2, 0xf8, 0x47, 0x83, 0xb7, 0xe7, 0x1d, 0xe7, 0xb9, 0x42,
    0x59, 0xf9, 0x67, 0x84, 0x14, 0xfd, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xd0, 0xe9, 0x7f, 0x09, 0x00, 0x01, 0x31, 0x30, 0x35, 0x82, 0x02, 0xc0,
    0x90, 0x42, 0x99, 0x0d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x59, 0x5a };

#define SAMPLE_LEN (192 * 1024)
static uint8_t *sample;         /* mixed text, noise, zeros and x86-ish code */
static uint8_t outbuf[SAMPLE_LEN * 2 + 64];

static uint32_t rng = 1;
static uint32_t next_rand(void)
{
    rng = rng * 1103515245 + 12345;
    return rng >> 8;
}

static int suite_init(void)
{
    static const char *const words[] = {
        "hypervisor ", "page ", "table ", "grant ", "event ", "channel ",
        "domain ", "\n", "xen", "0123456789", "  ", "{ return 0; }\n" };
    size_t i = 0;

    sample = malloc(SAMPLE_LEN);
    if ( !sample )
        return 1;
    while ( i < SAMPLE_LEN )
    {
        unsigned int kind = next_rand() % 4, n = 64 + next_rand() % 2048;

        for ( unsigned int k = 0; k < n && i < SAMPLE_LEN; k++ )
        {
            switch ( kind )
            {
            case 0:                             /* words */
            {
                const char *w = words[next_rand() % ARRAY_SIZE(words)];

                while ( *w && i < SAMPLE_LEN )
                    sample[i++] = *w++;
                break;
            }
            case 1:                             /* noise */
                sample[i++] = next_rand();
                break;
            case 2:                             /* zeros */
                sample[i++] = 0;
                break;
            default:                            /* call rel32 with small targets */
                sample[i++] = (next_rand() & 1) ? 0xe8 : 0x48;
                if ( i + 4 <= SAMPLE_LEN && sample[i - 1] == 0xe8 )
                {
                    int32_t rel = (int32_t)(next_rand() % 0x20000) - 0x10000;

                    memcpy(sample + i, &rel, 4);
                    i += 4;
                }
            }
        }
    }
    return 0;
}

static int suite_clean(void)
{
    free(sample);
    return 0;
}

static bool tool_missing(const char *tool, const char *test)
{
    char name[64];

    snprintf(name, sizeof(name), "decompress/%s", test);
    return host_tool_missing(tool, name);
}

/* Decompress z[] and compare with the expected plain bytes. */
static void check_round_trip(const uint8_t *z, size_t zlen,
                             const uint8_t *plain, size_t len, const char *what)
{
    size_t used = 0;
    int rc = decompress(z, zlen, outbuf, sizeof(outbuf), &used);

    if ( rc || used != len || memcmp(outbuf, plain, len) )
    {
        printf("  %s: rc %d, %zu of %zu bytes\n", what, rc, used, len);
        CU_FAIL("round trip");
        return;
    }
    /* Exactly enough room works; one byte less is reported as such. */
    CU_ASSERT_EQUAL(decompress(z, zlen, outbuf, len, &used), 0);
    if ( len )
        CU_ASSERT_EQUAL(decompress(z, zlen, outbuf, len - 1, &used), -ENOSPC);
}

static void test_fixtures(void)
{
    size_t used;

    check_round_trip(hello_gz, sizeof(hello_gz), (const uint8_t *)hello,
                     strlen(hello), "hello.gz");
    check_round_trip(hello_xz, sizeof(hello_xz), (const uint8_t *)hello,
                     strlen(hello), "hello.xz");
    CU_ASSERT_EQUAL(decompress(hello_gz, sizeof(hello_gz), outbuf, 0, &used),
                    -ENOSPC);
    CU_ASSERT_EQUAL(used, 0);
}

static void run_tool_cases(const char *tool, const char *const *cmds,
                           unsigned int n, const char *test)
{
    if ( tool_missing(tool, test) )
        return;
    for ( unsigned int i = 0; i < n; i++ )
    {
        size_t zlen;
        uint8_t *z = host_tool(cmds[i], sample, SAMPLE_LEN, &zlen);

        CU_ASSERT_PTR_NOT_NULL(z);
        if ( !z )
            continue;
        check_round_trip(z, zlen, sample, SAMPLE_LEN, cmds[i]);
        free(z);
    }
}

static void test_gzip_host(void)
{
    static const char *const cmds[] = {
        "gzip -1 -c", "gzip -6 -c", "gzip -9 -c", "gzip -9 -c -n",
    };

    run_tool_cases("gzip", cmds, ARRAY_SIZE(cmds), "gzip-host");
}

static void test_xz_host(void)
{
    static const char *const cmds[] = {
        "xz -c",
        "xz -c --check=crc32 --x86 --lzma2=dict=32MiB",   /* Linux's xz_wrap.sh */
        "xz -c --check=crc64 -0",
        "xz -c --check=sha256 -e",
        "xz -c --check=none --block-size=40000",
        "xz -c --lzma2=lc=0,lp=4,pb=4",
        "xz -c --lzma2=lc=4,lp=0,pb=0,mode=fast,nice=8",
        "xz -c --format=lzma",
        "xz -c --format=lzma --lzma1=preset=1,mf=hc4,nice=16",
    };

    run_tool_cases("xz", cmds, ARRAY_SIZE(cmds), "xz-host");
}

static void test_lz4_host(void)
{
    static const char *const cmds[] = {
        "lz4 -l -c", "lz4 -l -1 -c", "lz4 -l -9 -c",
    };

    run_tool_cases("lz4", cmds, ARRAY_SIZE(cmds), "lz4-host");
}

/* lz4 has no checksum: corruption may decode, but must stay in bounds. */
static void test_lz4_corrupt(void)
{
    size_t zlen, used;
    uint8_t *z, *copy, *big;

    if ( tool_missing("lz4", "lz4-corrupt") )
        return;
    z = host_tool("lz4 -l -c", sample, 16 * 1024, &zlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    copy = malloc(zlen + 4);
    for ( unsigned int iter = 0; iter < 400; iter++ )
    {
        memcpy(copy, z, zlen);
        copy[4 + next_rand() % (zlen - 4)] ^= 1u << (next_rand() % 8);
        used = 0;
        decompress(copy, zlen, outbuf, 20000, &used);
        CU_ASSERT_TRUE(used <= 20000);
    }
    for ( size_t n = 0; n < zlen; n += 37 )
        CU_ASSERT_NOT_EQUAL(decompress(z, n, outbuf, sizeof(outbuf), &used), 0);
    /* Linux's size word after the stream ends it; another word does not. */
    memcpy(copy, z, zlen);
    memcpy(copy + zlen, &(uint32_t){ 16 * 1024 }, 4);
    CU_ASSERT_EQUAL(decompress(copy, zlen + 4, outbuf, sizeof(outbuf), &used), 0);
    CU_ASSERT_EQUAL(used, 16 * 1024);
    memcpy(copy + zlen, &(uint32_t){ 12345 }, 4);
    CU_ASSERT_EQUAL(decompress(copy, zlen + 4, outbuf, sizeof(outbuf), &used),
                    -EINVAL);
    free(copy);
    free(z);
    /* More than one 8 MiB block. */
    big = malloc(9 << 20);
    for ( size_t i = 0; i < (9u << 20); i++ )
        big[i] = sample[i % SAMPLE_LEN] ^ (i >> 16);
    z = host_tool("lz4 -l -c", big, 9 << 20, &zlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    copy = malloc(9 << 20);
    CU_ASSERT_EQUAL(decompress(z, zlen, copy, 9 << 20, &used), 0);
    CU_ASSERT_EQUAL(used, 9u << 20);
    CU_ASSERT_TRUE(!memcmp(copy, big, 9 << 20));
    CU_ASSERT_EQUAL(decompress(z, zlen, copy, (9 << 20) - 1, &used), -ENOSPC);
    free(copy);
    free(big);
    free(z);
}

/* Several members / streams, stream padding, and trailing garbage. */
static void test_concatenated(void)
{
    size_t zlen, used;
    uint8_t *z, *two;

    if ( tool_missing("xz", "concatenated") || tool_missing("gzip", "concatenated") )
        return;
    z = host_tool("gzip -c", sample, 5000, &zlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    two = malloc(2 * zlen + 8);
    memcpy(two, z, zlen);
    memcpy(two + zlen, z, zlen);
    CU_ASSERT_EQUAL(decompress(two, 2 * zlen, outbuf, sizeof(outbuf), &used), 0);
    CU_ASSERT_EQUAL(used, 10000);
    CU_ASSERT_EQUAL(memcmp(outbuf + 5000, sample, 5000), 0);
    memcpy(two + zlen, "\x12\x34\x56\x78", 4);   /* Linux's size word */
    CU_ASSERT_EQUAL(decompress(two, zlen + 4, outbuf, sizeof(outbuf), &used), 0);
    CU_ASSERT_EQUAL(used, 5000);
    free(two);
    free(z);

    z = host_tool("xz -c", sample, 5000, &zlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    two = malloc(2 * zlen + 8);
    memcpy(two, z, zlen);
    memset(two + zlen, 0, 8);                   /* stream padding */
    memcpy(two + zlen + 8, z, zlen);
    CU_ASSERT_EQUAL(decompress(two, 2 * zlen + 8, outbuf, sizeof(outbuf),
                               &used), 0);
    CU_ASSERT_EQUAL(used, 10000);
    CU_ASSERT_EQUAL(memcmp(outbuf + 5000, sample, 5000), 0);
    free(two);
    free(z);
}

/* Every truncation fails cleanly; corrupted streams never succeed wrongly. */
static void abuse(const uint8_t *z, size_t zlen, const uint8_t *plain,
                  size_t len, const char *what)
{
    uint8_t *copy = malloc(zlen);
    size_t used, step = zlen / 300 + 1;
    unsigned int bad = 0;

    for ( size_t n = 0; n < zlen; n += (n < 64 ? 1 : step) )
        if ( decompress(z, n, outbuf, sizeof(outbuf), &used) == 0 )
            bad++;
    if ( bad )
        printf("  %s: %u truncations decoded\n", what, bad);
    CU_ASSERT_EQUAL(bad, 0);

    for ( unsigned int iter = 0; iter < 400; iter++ )
    {
        size_t pos = next_rand() % zlen;
        int rc;

        memcpy(copy, z, zlen);
        copy[pos] ^= 1u << (next_rand() % 8);
        if ( iter & 1 )
            copy[next_rand() % zlen] = next_rand();
        rc = decompress(copy, zlen, outbuf, sizeof(outbuf), &used);
        if ( rc == 0 && (used != len || memcmp(outbuf, plain, len)) )
            bad++;
        CU_ASSERT_TRUE(rc == 0 || rc == -EINVAL || rc == -ENOSPC ||
                       rc == -EOPNOTSUPP || rc == -ENOEXEC);
    }
    if ( bad )
        printf("  %s: %u corruptions decoded to wrong data\n", what, bad);
    CU_ASSERT_EQUAL(bad, 0);
    free(copy);
}

static void test_corrupt(void)
{
    static const char *const cmds[] = {
        "gzip -9 -c", "xz -c --x86 --lzma2", "xz -c --check=crc64 --block-size=3000",
    };
    size_t len = 16 * 1024;

    if ( tool_missing("gzip", "corrupt") || tool_missing("xz", "corrupt") )
        return;
    abuse(hello_gz, sizeof(hello_gz), (const uint8_t *)hello, strlen(hello),
          "hello.gz");
    abuse(hello_xz, sizeof(hello_xz), (const uint8_t *)hello, strlen(hello),
          "hello.xz");
    for ( unsigned int i = 0; i < ARRAY_SIZE(cmds); i++ )
    {
        size_t zlen;
        uint8_t *z = host_tool(cmds[i], sample, len, &zlen);

        CU_ASSERT_PTR_NOT_NULL(z);
        if ( z )
            abuse(z, zlen, sample, len, cmds[i]);
        free(z);
    }
}

/* .lzma has no checksum: corruption may decode, but must stay in bounds. */
static void test_lzma_corrupt(void)
{
    size_t zlen, used;
    uint8_t *z, *copy;

    if ( tool_missing("xz", "lzma-corrupt") )
        return;
    z = host_tool("xz -c --format=lzma", sample, 16 * 1024, &zlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    copy = malloc(zlen);
    for ( unsigned int iter = 0; iter < 300; iter++ )
    {
        memcpy(copy, z, zlen);
        copy[13 + next_rand() % (zlen - 13)] ^= 1u << (next_rand() % 8);
        decompress(copy, zlen, outbuf, 20000, &used);
        CU_ASSERT_TRUE(used <= 20000);
    }
    for ( size_t n = 0; n < zlen; n += 97 )
        CU_ASSERT_NOT_EQUAL(decompress(z, n, outbuf, sizeof(outbuf), &used), 0);
    free(copy);
    free(z);
}

static void test_formats(void)
{
    static const struct {
        const char *magic;
        size_t len;
        enum decompress_format fmt;
        int rc;
    } m[] = {
        { "\x28\xb5\x2f\xfd\x00\x00", 6, DECOMP_ZSTD,  -EOPNOTSUPP },
        { "BZh91AY&SY",               10, DECOMP_BZIP2, -EOPNOTSUPP },
        { "\x04\x22\x4d\x18\x00\x00", 6, DECOMP_LZ4F,  -EOPNOTSUPP },
        { "\x02\x21\x4c\x18\x00\x00", 6, DECOMP_LZ4,   -EINVAL },
        { "\x89LZO\x00\x0d",          6, DECOMP_LZO,   -EOPNOTSUPP },
        { "\x7f" "ELF\x02\x01",       6, DECOMP_NONE,  -ENOEXEC },
        { "\x1f\x8b",                 2, DECOMP_NONE,  -ENOEXEC },
        { "",                         0, DECOMP_NONE,  -ENOEXEC },
    };
    size_t used = 1;
    uint8_t work[64];

    for ( unsigned int i = 0; i < ARRAY_SIZE(m); i++ )
    {
        CU_ASSERT_EQUAL(decompress_format(m[i].magic, m[i].len), m[i].fmt);
        CU_ASSERT_EQUAL(decompress(m[i].magic, m[i].len, outbuf, 100, &used),
                        m[i].rc);
    }
    CU_ASSERT_EQUAL(decompress_format(hello_gz, sizeof(hello_gz)), DECOMP_GZIP);
    CU_ASSERT_EQUAL(decompress_format(hello_xz, sizeof(hello_xz)), DECOMP_XZ);
    CU_ASSERT_STRING_EQUAL(decompress_format_name(DECOMP_XZ), "xz");
    CU_ASSERT_STRING_EQUAL(decompress_format_name(DECOMP_NONE), "none");
    /* .lzma has no magic: like Linux, only the default lc3/lp0/pb2 (5d 00 00). */
    CU_ASSERT_EQUAL(decompress_format("\x37\x00\x00\x10\x00", 5), DECOMP_NONE);
    /* Workspace too small. */
    CU_ASSERT_EQUAL(decompress_ws(hello_gz, sizeof(hello_gz), outbuf, 100,
                                  &used, work, sizeof(work)), -EINVAL);
    /* A caller-provided workspace works like the built-in one. */
    void *ws = malloc(DECOMPRESS_WORKSPACE_SIZE);
    CU_ASSERT_EQUAL(decompress_ws(hello_xz, sizeof(hello_xz), outbuf, 100,
                                  &used, ws, DECOMPRESS_WORKSPACE_SIZE), 0);
    CU_ASSERT_EQUAL(used, strlen(hello));
    free(ws);
}

/* Header flags gzip(1) does not write: FEXTRA, FCOMMENT, FHCRC. */
static uint32_t crc32_ref(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;

    while ( n-- )
    {
        c ^= *p++;
        for ( int k = 0; k < 8; k++ )
            c = (c >> 1) ^ (c & 1 ? 0xedb88320u : 0);
    }
    return ~c;
}

static void test_gzip_header_fields(void)
{
    uint8_t z[128];
    size_t n = 0, used;
    uint32_t crc;

    memcpy(z, hello_gz, 10);
    z[3] = 0x04 | 0x08 | 0x10 | 0x02;           /* FEXTRA FNAME FCOMMENT FHCRC */
    n = 10;
    z[n++] = 3;
    z[n++] = 0;
    memcpy(z + n, "abc", 3);
    n += 3;
    memcpy(z + n, "name", 5);
    n += 5;
    memcpy(z + n, "comment", 8);
    n += 8;
    crc = crc32_ref(z, n);
    z[n++] = crc;
    z[n++] = crc >> 8;
    memcpy(z + n, hello_gz + 10, sizeof(hello_gz) - 10);
    n += sizeof(hello_gz) - 10;
    CU_ASSERT_EQUAL(decompress(z, n, outbuf, 100, &used), 0);
    CU_ASSERT_EQUAL(used, strlen(hello));

    z[26] ^= 1;                                 /* breaks the header CRC */
    CU_ASSERT_EQUAL(decompress(z, n, outbuf, 100, &used), -EINVAL);
    z[26] ^= 1;
    z[3] |= 0x20;                               /* reserved flag */
    CU_ASSERT_EQUAL(decompress(z, n, outbuf, 100, &used), -EINVAL);
}

/* A minimal boot-protocol header around a payload (plus the size word). */
static size_t make_bzimage(uint8_t *img, size_t cap, const uint8_t *payload,
                           size_t plen, uint32_t usize, uint16_t version,
                           uint8_t sects)
{
    size_t setup = ((sects ? sects : 4) + 1) * 512, off = 0x100;

    memset(img, 0, cap);
    img[0x1f1] = sects;
    img[0x1fe] = 0x55;
    img[0x1ff] = 0xaa;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = version;
    img[0x207] = version >> 8;
    img[0x248] = off;
    img[0x249] = off >> 8;
    img[0x24c] = plen + 4;
    img[0x24d] = (plen + 4) >> 8;
    memcpy(img + setup + off, payload, plen);
    memcpy(img + setup + off + plen, &usize, 4);
    return setup + off + plen + 4 + 100;        /* some trailing bytes */
}

static void test_bzimage(void)
{
    static uint8_t img[32768];
    struct bzimage_info info;
    size_t len, used;

    len = make_bzimage(img, sizeof(img), hello_xz, sizeof(hello_xz),
                       strlen(hello), 0x20f, 27);
    CU_ASSERT_EQUAL_FATAL(bzimage_probe(img, len, &info), 0);
    CU_ASSERT_EQUAL(info.version, 0x20f);
    CU_ASSERT_EQUAL(info.format, DECOMP_XZ);
    CU_ASSERT_EQUAL(info.decompressed_size, strlen(hello));
    CU_ASSERT_EQUAL(info.payload_len, sizeof(hello_xz) + 4);
    CU_ASSERT_EQUAL(bzimage_unwrap(img, len, outbuf, 100, &used), 0);
    CU_ASSERT_EQUAL(used, strlen(hello));
    CU_ASSERT_EQUAL(memcmp(outbuf, hello, used), 0);

    /* setup_sects 0 means 4; gzip payloads carry their size themselves. */
    len = make_bzimage(img, sizeof(img), hello_gz, sizeof(hello_gz) - 4,
                       strlen(hello), 0x208, 0);
    CU_ASSERT_EQUAL(bzimage_unwrap(img, len, outbuf, 100, &used), 0);
    CU_ASSERT_EQUAL(memcmp(outbuf, hello, strlen(hello)), 0);

    CU_ASSERT_EQUAL(bzimage_unwrap(img, len, outbuf, 10, &used), -ENOSPC);
    CU_ASSERT_EQUAL(bzimage_probe(img, 0x24f, &info), -ENOEXEC);
    CU_ASSERT_EQUAL(bzimage_probe(img, 5 * 512 + 0x100 + 20, &info), -EINVAL);
    img[0x206] = 0x07;                          /* protocol 2.07 */
    CU_ASSERT_EQUAL(bzimage_probe(img, len, &info), -EOPNOTSUPP);
    img[0x206] = 0x08;
    img[0x24b] = 0xff;                          /* payload_offset ~4 GiB */
    CU_ASSERT_EQUAL(bzimage_probe(img, len, &info), -EINVAL);
    img[0x24b] = 0;
    img[0x24c] = 2;                             /* shorter than the size word */
    img[0x24d] = 0;
    CU_ASSERT_EQUAL(bzimage_probe(img, len, &info), -EINVAL);
    memcpy(img + 0x202, "HdrT", 4);
    CU_ASSERT_EQUAL(bzimage_probe(img, len, &info), -ENOEXEC);
    CU_ASSERT_EQUAL(bzimage_unwrap(hello_xz, sizeof(hello_xz), outbuf, 100,
                                   &used), -ENOEXEC);
}

/* Debian's vmlinuz: our xz decoder must agree with xz(1) byte for byte. */
static void test_debian_payload(void)
{
    struct bzimage_info info;
    glob_t g;
    FILE *f;
    struct stat st;
    uint8_t *img, *out, *ref;
    size_t used, reflen;

    if ( glob(UNIT_SRCROOT "/build/cache/linux/boot/vmlinuz-*", 0, NULL, &g) ||
         !g.gl_pathc )
    {
        printf("SKIP: decompress/debian-payload: no build/cache/linux/boot/"
               "vmlinuz-* (run scripts/fetch-debian.sh)\n");
        return;
    }
    if ( tool_missing("xz", "debian-payload") )
    {
        globfree(&g);
        return;
    }
    f = fopen(g.gl_pathv[0], "rb");
    globfree(&g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fstat(fileno(f), &st);
    img = malloc(st.st_size);
    CU_ASSERT_EQUAL_FATAL(fread(img, 1, st.st_size, f), (size_t)st.st_size);
    fclose(f);

    CU_ASSERT_EQUAL_FATAL(bzimage_probe(img, st.st_size, &info), 0);
    CU_ASSERT_EQUAL(info.format, DECOMP_XZ);
    out = malloc(info.decompressed_size);
    CU_ASSERT_EQUAL(decompress(info.payload, info.payload_len, out,
                               info.decompressed_size, &used), 0);
    CU_ASSERT_EQUAL(used, info.decompressed_size);
    /* xz(1) rejects the trailing size word, so hand it the stream only. */
    ref = host_tool("xz -dc", info.payload, info.payload_len - 4, &reflen);
    CU_ASSERT_PTR_NOT_NULL(ref);
    if ( ref )
    {
        CU_ASSERT_EQUAL(reflen, used);
        CU_ASSERT_TRUE(reflen == used && !memcmp(ref, out, used));
    }
    /* One byte short of the declared size. */
    CU_ASSERT_EQUAL(decompress(info.payload, info.payload_len, out,
                               info.decompressed_size - 1, &used), -ENOSPC);
    free(ref);
    free(out);
    free(img);
}


/* Valid headers followed by noise: drives the decoders deep into bad data. */
static void test_random_streams(void)
{
    static uint8_t z[4096];
    size_t used;

    for ( unsigned int iter = 0; iter < 3000; iter++ )
    {
        size_t hdr, len = 64 + next_rand() % (sizeof(z) - 64);
        int rc;

        switch ( iter % 4 )
        {
        case 3:                                 /* lz4 magic + block noise */
            memcpy(z, "\x02\x21\x4c\x18", 4);
            memcpy(z + 4, &(uint32_t){ len - 8 }, 4);
            hdr = 8;
            break;
        case 0:                                 /* gzip header + deflate noise */
            memcpy(z, hello_gz, 10);
            hdr = 10;
            break;
        case 1:                                 /* xz headers + LZMA chunk noise */
            memcpy(z, hello_xz, 24);
            z[24] = 0xe0 | (next_rand() & 0x1f);
            z[25] = next_rand();
            z[26] = next_rand();
            z[27] = 0x0f;                       /* compressed size ~ 4 KiB */
            z[28] = 0xff;
            z[29] = 0x5d;
            z[30] = 0;
            hdr = 31;
            break;
        default:                                /* .lzma header + noise */
            memcpy(z, "\x5d\x00\x00\x10\x00\xff\xff\xff\xff\xff\xff\xff\xff\x00", 14);
            hdr = 14;
            break;
        }
        for ( size_t i = hdr; i < len; i++ )
            z[i] = next_rand();
        rc = decompress(z, len, outbuf, 1 + next_rand() % sizeof(outbuf), &used);
        CU_ASSERT_TRUE(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
    }
}

static CU_TestInfo cases[] = {
    { "fixtures", test_fixtures },
    { "gzip-host", test_gzip_host },
    { "xz-host", test_xz_host },
    { "lz4-host", test_lz4_host },
    { "lz4-corrupt", test_lz4_corrupt },
    { "concatenated", test_concatenated },
    { "corrupt", test_corrupt },
    { "lzma-corrupt", test_lzma_corrupt },
    { "formats", test_formats },
    { "gzip-header-fields", test_gzip_header_fields },
    { "bzimage", test_bzimage },
    { "random-streams", test_random_streams },
    { "debian-payload", test_debian_payload },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("decompress", suite_init, suite_clean, cases);
