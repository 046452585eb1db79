/* SPDX-License-Identifier: MIT */
/*
 * PV console ring page (start_info.console.domU.mfn, grant ref
 * GNTTAB_RESERVED_CONSOLE). Two byte rings with free-running 32-bit
 * indices; slot = idx & (size - 1). The guest writes `out` and reads `in`.
 *
 * Guest output: write bytes at out[MASK_XENCONS_IDX(out_prod, out)], write
 * barrier, advance out_prod, then EVTCHNOP_send on the console port. The
 * back end consumes and advances out_cons. Input is the mirror image.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Slot of index idx in ring array `ring` (whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];               /* 0x000: back end -> guest */
    char out[2048];              /* 0x400: guest -> back end */
    XENCONS_RING_IDX in_cons;    /* 0xc00: guest-written */
    XENCONS_RING_IDX in_prod;    /* 0xc04: back-end-written */
    XENCONS_RING_IDX out_cons;   /* 0xc08: back-end-written */
    XENCONS_RING_IDX out_prod;   /* 0xc0c: guest-written */
};                               /* 0xc10 bytes */

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
