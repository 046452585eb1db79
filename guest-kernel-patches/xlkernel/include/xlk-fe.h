/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel devices: the frontend libraries of drivers/frontend/ (blkfront.h,
 * netfront.h) on the kernel's ops.
 */
#ifndef XLK_FE_H
#define XLK_FE_H

#include <frontend.h>

extern const struct frontend_ops xlk_frontend_ops;
/* The store node of the first device of kind "vbd" or "vif"
 * ("device/vbd/51712"): 0 or a negative Xen errno. */
int xlk_fe_first(const char *kind, char *node, size_t size);
/*
 * Start a frontend over after a suspend: state Initialising, then wait up
 * to timeout_ms until the backend is in InitWait again (a backend that saw
 * us close needs a moment to get there). 0 or a negative Xen errno.
 */
int xlk_fe_restart(const char *node, unsigned int timeout_ms);

#endif /* XLK_FE_H */
