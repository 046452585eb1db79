/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkcheck: connects to the first disk, reads all of it printing its
 * sha256 and the read rate, then writes a pattern region (64 KiB at
 * 1 MiB; `pattern=<KiB offset>` moves it), flushes, reads it back and
 * compares. Ends with one "Test result:" line (dom0-xlkernel-check checks
 * the hash against dom0's sha256sum of the image, and the pattern in it).
 */
#include <xlk.h>
#include <xlk-fe.h>
#include <blkfront.h>
#include <sha256.h>

const char app_name[] = "blkcheck";

#define CHUNK_PAGES   256               /* 1 MiB per read: 4 requests in flight */
#define PATTERN_BYTES (64 * 1024)
#define PATTERN_MARK  "xlkernel-blkcheck-pattern"

static uint64_t parse_u64(const char *s)
{
    uint64_t n = 0;

    for ( ; s && *s >= '0' && *s <= '9'; s++ )
        n = n * 10 + (*s - '0');
    return n;
}

static void hash_disk(struct blkfront *bf, uint8_t *buf)
{
    uint64_t size = blkfront_bytes(bf), off, t0, us;
    struct sha256 h;
    uint8_t d[32];
    char hex[65];
    int rc = 0;

    sha256_init(&h);
    t0 = xlk_now_ns();
    for ( off = 0; off < size && !rc; off += CHUNK_PAGES * PAGE_SIZE )
    {
        size_t len = size - off < CHUNK_PAGES * PAGE_SIZE
                     ? size - off : CHUNK_PAGES * PAGE_SIZE;

        rc = blkfront_read(bf, off, buf, len);
        sha256_update(&h, buf, len);
    }
    us = (xlk_now_ns() - t0) / 1000 + 1;
    if ( rc )
    {
        xt_fail("read at %lu: %d", (unsigned long)off, rc);
        return;
    }
    sha256_final(&h, d);
    sha256_hex(d, hex);
    printk("blkcheck: sha256 %s\n", hex);
    printk("blkcheck: read %lu KiB in %lu ms: %lu.%02lu MB/s (%lu requests)\n",
           (unsigned long)(size / 1024), (unsigned long)(us / 1000),
           (unsigned long)(size / us),
           (unsigned long)(size * 100 / us % 100),
           (unsigned long)bf->requests);
}

static void pattern(struct blkfront *bf, uint8_t *buf, uint64_t off)
{
    unsigned int i;
    int rc;

    for ( i = 0; i < PATTERN_BYTES; i++ )
        buf[i] = (uint8_t)(i * 7 + 0x5a);
    memcpy(buf, PATTERN_MARK, sizeof(PATTERN_MARK));
    rc = blkfront_write(bf, off, buf, PATTERN_BYTES);
    xt_check(rc == 0, "write of the pattern at %lu: %d", (unsigned long)off, rc);
    rc = blkfront_flush(bf);
    xt_check(rc == 0 || rc == -XEN_EOPNOTSUPP, "flush: %d", rc);
    memset(buf, 0, PATTERN_BYTES);
    rc = blkfront_read(bf, off, buf, PATTERN_BYTES);
    xt_check(rc == 0, "read back of the pattern: %d", rc);
    for ( i = sizeof(PATTERN_MARK); i < PATTERN_BYTES; i++ )
        if ( buf[i] != (uint8_t)(i * 7 + 0x5a) )
            break;
    xt_check(!memcmp(buf, PATTERN_MARK, sizeof(PATTERN_MARK)) &&
             i == PATTERN_BYTES, "pattern read back differs at byte %u", i);
    printk("blkcheck: pattern of %u KiB at %lu KiB written, flushed%s, read back\n",
           PATTERN_BYTES / 1024, (unsigned long)(off / 1024),
           rc == -XEN_EOPNOTSUPP ? " (no flush support)" : "");
}

int app_main(void)
{
    struct blkfront *bf = xlk_zalloc(sizeof(*bf));
    uint8_t *buf = xlk_alloc_pages(CHUNK_PAGES);
    char node[48], arg[24];
    uint64_t off = 1024 * 1024;
    int rc;

    if ( !bf || !buf )
        panic("blkcheck: out of memory");
    rc = xlk_fe_first("vbd", node, sizeof(node));
    if ( rc == 0 )
        rc = blkfront_init(bf, &xlk_frontend_ops, node, 60000);
    if ( rc )
    {
        xt_fail("no disk: %d", rc);
        xt_exit();
    }
    printk("blkcheck: %s: %lu sectors, sector size %u%s, ring %u page(s), "
           "%u segments per request, flush %s\n", node,
           (unsigned long)bf->sectors, bf->sector_size,
           (bf->info & VDISK_READONLY) ? " (read-only)" : "",
           1u << bf->ring_order, bf->max_segs,
           bf->flush ? "yes" : bf->barrier ? "barrier" : "no");

    hash_disk(bf, buf);
    if ( xlk_cmdline_get("pattern", arg, sizeof(arg)) )
        off = parse_u64(arg) * 1024;
    if ( !(bf->info & VDISK_READONLY) && off + PATTERN_BYTES <= blkfront_bytes(bf) )
        pattern(bf, buf, off);
    rc = blkfront_close(bf, 10000);
    xt_check(rc == 0, "close: %d", rc);
    xt_exit();
}
