/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physical frame allocator: a bitmap over every machine frame (set =
 * free), searched next-fit for naturally aligned runs of 2^order frames.
 * Memory for domains is reserved here at allocation (no overcommit) and
 * returns here when they die.
 */
#ifndef XEN_PAGE_ALLOC_H
#define XEN_PAGE_ALLOC_H

#include <xen/types.h>

/*
 * Start with every frame below max_mfn in use. `bitmap` holds
 * BITS_TO_LONGS(max_mfn) words and stays owned by the allocator.
 */
void page_alloc_setup(unsigned long *bitmap, unsigned long max_mfn);
#define PAGE_ALLOC_BITMAP_LONGS(max_mfn) (((max_mfn) + 63) / 64)

/* Hand frames [start, end) to the allocator (boot: RAM minus what is used). */
void page_alloc_add_range(unsigned long start, unsigned long end);
/* Take frames [start, end) back out (boot: image, modules, tables). */
void page_alloc_reserve_range(unsigned long start, unsigned long end);

/*
 * 2^order contiguous, naturally aligned frames below 2^(address_bits-12)
 * (address_bits 0: no limit). INVALID_MFN when none are free.
 */
mfn_t alloc_frames(unsigned int order, unsigned int address_bits);
void free_frames(mfn_t mfn, unsigned int order);

unsigned long page_alloc_free_count(void);
unsigned long page_alloc_max_mfn(void);
bool page_alloc_is_free(mfn_t mfn);

#endif /* XEN_PAGE_ALLOC_H */
