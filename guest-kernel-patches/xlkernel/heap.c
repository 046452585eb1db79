/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel heap: power-of-two size classes (32 B .. 2 KiB) carved from
 * pages, with free lists; bigger blocks are whole pages. Each block has a
 * 16-byte header saying which.
 */
#include <xlk.h>

#define MIN_SHIFT  5
#define MAX_SHIFT  11
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HDR_MAGIC  0x786c6b68u           /* "xlkh" */

struct hdr {
    uint32_t magic;
    uint32_t pages;                     /* 0: size class block */
    uint32_t cls;
    uint32_t pad;
};

struct free_block { struct free_block *next; };
static struct free_block *free_list[NR_CLASSES];

static unsigned int class_of(size_t total)
{
    unsigned int c = 0;

    while ( ((size_t)1 << (MIN_SHIFT + c)) < total )
        c++;
    return c;
}

/* Carve a fresh page into blocks of class c. */
static bool refill(unsigned int c)
{
    size_t sz = (size_t)1 << (MIN_SHIFT + c);
    uint8_t *page = xlk_alloc_pages(1);

    if ( !page )
        return false;
    for ( size_t off = 0; off + sz <= PAGE_SIZE; off += sz )
    {
        struct free_block *b = (void *)(page + off);

        b->next = free_list[c];
        free_list[c] = b;
    }
    return true;
}

void *xlk_malloc(size_t size)
{
    size_t total = size + sizeof(struct hdr);
    struct hdr *h;

    if ( size == 0 || size > (1UL << 30) )
        return NULL;
    if ( total > ((size_t)1 << MAX_SHIFT) )
    {
        uint32_t n = (total + PAGE_SIZE - 1) / PAGE_SIZE;

        h = xlk_alloc_pages(n);
        if ( !h )
            return NULL;
        *h = (struct hdr){ .magic = HDR_MAGIC, .pages = n };
        return h + 1;
    }

    unsigned int c = class_of(total);

    if ( !free_list[c] && !refill(c) )
        return NULL;
    h = (void *)free_list[c];
    free_list[c] = free_list[c]->next;
    *h = (struct hdr){ .magic = HDR_MAGIC, .cls = c };
    return h + 1;
}

void *xlk_zalloc(size_t size)
{
    void *p = xlk_malloc(size);

    if ( p )
        memset(p, 0, size);
    return p;
}

void xlk_free(void *p)
{
    struct hdr *h = (struct hdr *)p - 1;
    struct free_block *b = (void *)h;
    unsigned int c;

    if ( !p )
        return;
    if ( h->magic != HDR_MAGIC )
        panic("xlk_free(%p): not a heap block", p);
    h->magic = 0;
    if ( h->pages )
    {
        xlk_free_pages(h, h->pages);
        return;
    }
    c = h->cls;
    b->next = free_list[c];             /* overwrites the header */
    free_list[c] = b;
}
