/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypervisor heap. Host unit tests shadow this with malloc/free. */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

void *xmalloc_bytes(size_t size);          /* zeroed */
void xfree(void *p);

/* Zeroed array of n elements; NULL if the size would overflow. */
static inline void *xmalloc_array_bytes(size_t size, size_t n)
{
    size_t total;

    if ( __builtin_mul_overflow(size, n, &total) )
        return NULL;
    return xmalloc_bytes(total);
}

#define xmalloc(type)          ((type *)xmalloc_bytes(sizeof(type)))
#define xmalloc_array(type, n) ((type *)xmalloc_array_bytes(sizeof(type), (n)))

#endif /* XEN_XMALLOC_H */
