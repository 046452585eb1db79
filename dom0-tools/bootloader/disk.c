/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Partition tables for xenolite-pygrub (see disk.h): the MBR's four primary
 * entries (boot sector signature 55 aa at 510, entries of 16 bytes at 446:
 * type at +4, first LBA at +8), and GPT (protective MBR type ee, header
 * "EFI PART" at LBA 1 with the entry array's LBA at +72, count at +80 and
 * entry size at +84; an entry is used when its type GUID is not zero, first
 * LBA at +32). Sectors are 512 bytes, as in disk images.
 */
#include <string.h>

#include "disk.h"

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int gpt(const uint8_t *head, size_t len, uint64_t *off, int n)
{
    const uint8_t *h = head + 512;
    uint64_t lba;
    uint32_t count, size;

    if (len < 1024 || memcmp(h, "EFI PART", 8))
        return n;
    lba = le64(h + 72);
    count = le32(h + 80);
    size = le32(h + 84);
    if (size < 128 || lba > len / 512)
        return n;
    for (uint32_t i = 0; i < count && n < BL_MAX_PARTS; i++) {
        static const uint8_t zero[16];
        uint64_t pos = lba * 512 + (uint64_t)i * size;

        if (pos + 128 > len)
            break;
        if (memcmp(head + pos, zero, 16))
            off[n++] = le64(head + pos + 32) * 512;
    }
    return n;
}

int bl_partitions(const uint8_t *head, size_t len, uint64_t *off)
{
    int n = 0;

    off[n++] = 0;
    if (len < 512 || head[510] != 0x55 || head[511] != 0xaa)
        return n;
    for (int i = 0; i < 4; i++) {
        const uint8_t *e = head + 446 + 16 * i;

        if (e[4] == 0xee)
            return gpt(head, len, off, n);
        if (e[4] && le32(e + 8))
            off[n++] = (uint64_t)le32(e + 8) * 512;
    }
    return n;
}
