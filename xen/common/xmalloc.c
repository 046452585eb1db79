/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap: power-of-two size classes (32 B - 2 KiB) carved from
 * frames, larger requests as whole frames. Every block starts with a 16-byte
 * header naming its class, so xfree needs no size. Memory is zeroed.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <xen/page_alloc.h>
#include <asm/mm.h>

#define HDR          16
#define MIN_SHIFT    5
#define MAX_SHIFT    11
#define LARGE        0xff

struct block_hdr {
    uint8_t shift;                      /* size class, or LARGE */
    uint8_t order;                      /* LARGE: frame order */
    uint8_t _pad[14];
};

struct free_block {
    struct free_block *next;
};

static struct free_block *free_lists[MAX_SHIFT + 1];
static DEFINE_SPINLOCK(xmalloc_lock);

static void *alloc_large(size_t size)
{
    unsigned int order = 0;
    struct block_hdr *h;
    mfn_t m;

    while ( (PAGE_SIZE << order) < size + HDR )
        order++;
    m = alloc_frames(order, 0);
    if ( mfn_eq(m, INVALID_MFN) )
        return NULL;
    h = mfn_to_virt(m);
    memset(h, 0, PAGE_SIZE << order);
    h->shift = LARGE;
    h->order = order;
    return (char *)h + HDR;
}

void *xmalloc_bytes(size_t size)
{
    unsigned int shift = MIN_SHIFT;
    struct free_block *b;
    struct block_hdr *h;
    unsigned long flags;

    if ( size > (1UL << 30) )
        return NULL;
    while ( (1UL << shift) < size + HDR )
        shift++;
    if ( shift > MAX_SHIFT )
        return alloc_large(size);

    spin_lock_irqsave(&xmalloc_lock, flags);
    if ( !free_lists[shift] )
    {
        mfn_t m = alloc_frames(0, 0);
        char *page;

        if ( mfn_eq(m, INVALID_MFN) )
        {
            spin_unlock_irqrestore(&xmalloc_lock, flags);
            return NULL;
        }
        page = mfn_to_virt(m);
        for ( size_t off = 0; off < PAGE_SIZE; off += 1UL << shift )
        {
            b = (struct free_block *)(page + off);
            b->next = free_lists[shift];
            free_lists[shift] = b;
        }
    }
    b = free_lists[shift];
    free_lists[shift] = b->next;
    spin_unlock_irqrestore(&xmalloc_lock, flags);

    h = (struct block_hdr *)b;
    memset(h, 0, 1UL << shift);
    h->shift = shift;
    return (char *)h + HDR;
}

void xfree(void *p)
{
    struct block_hdr *h;
    struct free_block *b;
    unsigned long flags;
    unsigned int shift;

    if ( !p )
        return;
    h = (struct block_hdr *)((char *)p - HDR);
    if ( h->shift == LARGE )
    {
        free_frames(virt_to_mfn(h), h->order);
        return;
    }
    shift = h->shift;                   /* the free-list link overwrites it */
    BUG_ON(shift < MIN_SHIFT || shift > MAX_SHIFT);
    b = (struct free_block *)h;
    spin_lock_irqsave(&xmalloc_lock, flags);
    b->next = free_lists[shift];
    free_lists[shift] = b;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}
