/* SPDX-License-Identifier: GPL-2.0-only */
/* Builder internals shared by build.c and domain.c. */
#ifndef XB_BUILDER_INT_H
#define XB_BUILDER_INT_H

#include "builder.h"

int xb_bounce(struct hcall_privcmd *h, unsigned int op, uint64_t cmd,
              void *arg, size_t size, uint64_t a3);
int xb_alloc_unbound(struct hcall_privcmd *h, uint32_t domid,
                     uint32_t remote, uint32_t *port);
int xb_populate(struct hcall_privcmd *h, uint32_t domid, uint64_t *p2m,
                uint64_t nr);
int xb_gnttab_frame(struct hcall_privcmd *h, uint32_t domid, uint64_t *mfn);
int xb_pin_l4(struct hcall_privcmd *h, uint32_t domid, uint64_t mfn);

#endif /* XB_BUILDER_INT_H */
