/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the file systems of a guest disk image start (disk.c): a bare file
 * system, or the partitions of an MBR or GPT partition table. Pure parsing
 * of the image's first sectors, host-tested.
 */
#ifndef BL_DISK_H
#define BL_DISK_H

#include <stddef.h>
#include <stdint.h>

#define BL_MAX_PARTS 16

/*
 * head: the image's first bytes (at least 512; GPT entries are read from
 * head too, so pass the first 64 KiB when the image has them). Fills off[]
 * with byte offsets to try, the whole disk (bare file system) first.
 * Returns the number of offsets (>= 1).
 */
int bl_partitions(const uint8_t *head, size_t len, uint64_t *off);

#endif /* BL_DISK_H */
