/* SPDX-License-Identifier: GPL-2.0-only */
/* xlkernel block devices: the blkfront library on the kernel's ops. */
#ifndef XLK_BLK_H
#define XLK_BLK_H

#include <blkfront.h>

extern const struct blkfront_ops xlk_blkfront_ops;
/* The store node of the first disk ("device/vbd/51712"): 0 or -errno. */
int xlk_blk_first(char *node, size_t size);

#endif /* XLK_BLK_H */
