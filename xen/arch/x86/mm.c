/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot memory setup: size the machine from the e820 map, place the frame
 * table and the allocator's bitmap in free RAM, and hand every usable frame
 * to the allocator except the hypervisor image, boot modules and the MBI.
 */
#include <xen/lib.h>
#include <xen/page_alloc.h>
#include <asm/config.h>
#include <asm/bootinfo.h>
#include <asm/directmap.h>
#include <asm/page_info.h>



extern char __image_start[], __image_end[];

struct page_info *frame_table;
unsigned long max_page;                 /* one past the highest RAM frame */

/* The boot page tables map the first 4 GiB in the direct map. */
#define BOOT_DIRECTMAP_LIMIT (1UL << 32)

struct range {
    paddr_t s, e;
};

static unsigned int boot_used(const struct boot_info *bi, struct range *r,
                              unsigned int max)
{
    unsigned int n = 0, i;

    r[n++] = (struct range){ 0, 1UL << 20 };     /* BIOS area, AP trampoline */
    r[n++] = (struct range){ __pa(__image_start), __pa(__image_end) };
    r[n++] = (struct range){ ROUNDDOWN(bi->mbi_start, PAGE_SIZE),
                             ROUNDUP(bi->mbi_end, PAGE_SIZE) };
    for ( i = 0; i < bi->nr_mods && n < max; i++ )
        r[n++] = (struct range){ bi->mods[i].start,
                                 ROUNDUP(bi->mods[i].start + bi->mods[i].size,
                                         PAGE_SIZE) };
    return n;
}

static bool overlaps(const struct range *r, unsigned int n, paddr_t s, paddr_t e)
{
    for ( unsigned int i = 0; i < n; i++ )
        if ( s < r[i].e && r[i].s < e )
            return true;
    return false;
}

/* First free RAM of `size` bytes below 4 GiB, avoiding everything in use. */
static paddr_t boot_carve(const struct boot_info *bi, struct range *used,
                          unsigned int *nused, size_t size)
{
    size = ROUNDUP(size, PAGE_SIZE);
    for ( unsigned int i = 0; i < bi->nr_e820; i++ )
    {
        const struct e820entry *e = &bi->e820[i];
        paddr_t s = ROUNDUP(e->addr, PAGE_SIZE);
        paddr_t end = ROUNDDOWN(e->addr + e->size, PAGE_SIZE);

        if ( e->type != E820_RAM )
            continue;
        if ( end > BOOT_DIRECTMAP_LIMIT )
            end = BOOT_DIRECTMAP_LIMIT;
        for ( ; s + size <= end; s += PAGE_SIZE )
        {
            if ( overlaps(used, *nused, s, s + size) )
                continue;
            used[(*nused)++] = (struct range){ s, s + size };
            return s;
        }
    }
    panic("Not enough memory below 4 GiB for %lu KiB of boot tables\n",
          (unsigned long)(size >> 10));
}

void memory_init(struct boot_info *bi)
{
    struct range used[MAX_MODS + 8];
    unsigned int nused, i;
    paddr_t ft, bm;
    size_t ft_size, bm_size;

    max_page = 0;
    for ( i = 0; i < bi->nr_e820; i++ )
        if ( bi->e820[i].type == E820_RAM )
            max_page = max(max_page, (unsigned long)((bi->e820[i].addr +
                                       bi->e820[i].size) >> PAGE_SHIFT));
    if ( max_page > (BOOT_DIRECTMAP_LIMIT >> PAGE_SHIFT) )
    {
        printk(XENLOG_WARNING "Memory above 4 GiB is not used yet\n");
        max_page = BOOT_DIRECTMAP_LIMIT >> PAGE_SHIFT;
    }

    nused = boot_used(bi, used, ARRAY_SIZE(used) - 2);
    ft_size = max_page * sizeof(struct page_info);
    bm_size = PAGE_ALLOC_BITMAP_LONGS(max_page) * sizeof(long);
    ft = boot_carve(bi, used, &nused, ft_size);
    bm = boot_carve(bi, used, &nused, bm_size);

    frame_table = __va(ft);
    memset(frame_table, 0, ft_size);
    page_alloc_setup(__va(bm), max_page);

    for ( i = 0; i < bi->nr_e820; i++ )
    {
        const struct e820entry *e = &bi->e820[i];

        if ( e->type == E820_RAM )
            page_alloc_add_range(ROUNDUP(e->addr, PAGE_SIZE) >> PAGE_SHIFT,
                                 (e->addr + e->size) >> PAGE_SHIFT);
    }
    for ( i = 0; i < nused; i++ )
        page_alloc_reserve_range(used[i].s >> PAGE_SHIFT,
                                 ROUNDUP(used[i].e, PAGE_SIZE) >> PAGE_SHIFT);

    printk(XENLOG_INFO "Memory: %lu MiB usable, %lu MiB free; frame table %lu KiB at %#lx\n",
           max_page >> 8, page_alloc_free_count() >> 8,
           (unsigned long)(ft_size >> 10), (unsigned long)ft);
}
