/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shadow of xen/xmalloc.h: the C heap, zeroed. */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <stdlib.h>

#define xmalloc_bytes(n)        calloc(1, (n))
#define xfree(p)                free(p)
#define xmalloc(type)           ((type *)calloc(1, sizeof(type)))
#define xmalloc_array(type, n)  ((type *)calloc((n), sizeof(type)))

#endif /* XEN_XMALLOC_H */
