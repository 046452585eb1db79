/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bitmap frame allocator (see page_alloc.h). One bit per frame keeps the
 * metadata at 1/32768 of memory and the state trivially auditable; allocation
 * is a next-fit scan, fast enough for domain building and ballooning on the
 * machine sizes this hypervisor targets. Pure logic: also built on the host.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/page_alloc.h>

static unsigned long *free_map;
static unsigned long nr_frames;
static unsigned long nr_free;
static unsigned long next_hint;
static DEFINE_SPINLOCK(heap_lock);

#define WORD(m) ((m) / 64)
#define BIT(m)  (1UL << ((m) % 64))

static bool frame_free(unsigned long m)
{
    return free_map[WORD(m)] & BIT(m);
}

void page_alloc_setup(unsigned long *bitmap, unsigned long max_mfn)
{
    free_map = bitmap;
    nr_frames = max_mfn;
    nr_free = 0;
    next_hint = 0;
    memset(bitmap, 0, PAGE_ALLOC_BITMAP_LONGS(max_mfn) * sizeof(long));
}

void page_alloc_add_range(unsigned long start, unsigned long end)
{
    unsigned long flags, m;

    spin_lock_irqsave(&heap_lock, flags);
    for ( m = start; m < end && m < nr_frames; m++ )
        if ( !frame_free(m) )
        {
            free_map[WORD(m)] |= BIT(m);
            nr_free++;
        }
    spin_unlock_irqrestore(&heap_lock, flags);
}

void page_alloc_reserve_range(unsigned long start, unsigned long end)
{
    unsigned long flags, m;

    spin_lock_irqsave(&heap_lock, flags);
    for ( m = start; m < end && m < nr_frames; m++ )
        if ( frame_free(m) )
        {
            free_map[WORD(m)] &= ~BIT(m);
            nr_free--;
        }
    spin_unlock_irqrestore(&heap_lock, flags);
}

/* Are all 2^order frames from m free? m is aligned to the run size. */
static bool run_free(unsigned long m, unsigned long n)
{
    if ( n >= 64 )
    {
        for ( unsigned long w = WORD(m); w < WORD(m + n); w++ )
            if ( free_map[w] != ~0UL )
                return false;
        return true;
    }
    for ( unsigned long i = 0; i < n; i++ )
        if ( !frame_free(m + i) )
            return false;
    return true;
}

mfn_t alloc_frames(unsigned int order, unsigned int address_bits)
{
    unsigned long n = 1UL << order, limit = nr_frames, flags, m, start, tries;

    if ( order > 30 )
        return INVALID_MFN;
    if ( address_bits && address_bits - PAGE_SHIFT < 64 &&
         (1UL << (address_bits - PAGE_SHIFT)) < limit )
        limit = 1UL << (address_bits - PAGE_SHIFT);
    if ( n > limit )
        return INVALID_MFN;

    spin_lock_irqsave(&heap_lock, flags);
    if ( nr_free < n )
        goto fail;
    start = ROUNDDOWN(next_hint < limit ? next_hint : 0, n);
    m = start;
    for ( tries = 0; tries <= limit / n; tries++ )
    {
        if ( m + n > limit )
            m = 0;
        /* Skip whole empty words quickly when looking for single frames. */
        if ( n < 64 && !free_map[WORD(m)] )
        {
            m = ROUNDUP(m + 1, 64);
            continue;
        }
        if ( run_free(m, n) )
        {
            for ( unsigned long i = 0; i < n; i++ )
                free_map[WORD(m + i)] &= ~BIT(m + i);
            nr_free -= n;
            next_hint = m + n;
            spin_unlock_irqrestore(&heap_lock, flags);
            return _mfn(m);
        }
        m += n;
    }
 fail:
    spin_unlock_irqrestore(&heap_lock, flags);
    return INVALID_MFN;
}

void free_frames(mfn_t mfn, unsigned int order)
{
    unsigned long m = mfn_x(mfn), n = 1UL << order, flags;

    spin_lock_irqsave(&heap_lock, flags);
    for ( unsigned long i = 0; i < n; i++ )
    {
        /* Freeing a free frame is a hypervisor bug, never guest input. */
        BUG_ON(m + i >= nr_frames || frame_free(m + i));
        free_map[WORD(m + i)] |= BIT(m + i);
    }
    nr_free += n;
    spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long page_alloc_free_count(void)
{
    return nr_free;
}

unsigned long page_alloc_max_mfn(void)
{
    return nr_frames;
}

bool page_alloc_is_free(mfn_t mfn)
{
    return mfn_x(mfn) < nr_frames && frame_free(mfn_x(mfn));
}
