/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel memory: a bitmap page allocator over the P2M, the 1:1 map of
 * pseudo-physical memory (VA == PFN << 12) extended past the builder's
 * bootstrap region with mmu_update, and mappings of other frames (grant
 * table, foreign) in a window above it.
 */
#include <xlk.h>
#include <xt-mm.h>

extern char _end[];

#define PFN_UP(x)   (((unsigned long)(x) + PAGE_SIZE - 1) >> 12)
/* Flags of the 1:1 map and of new intermediate tables (Xen's builder's). */
#define MAP_FLAGS   (PTE_P | PTE_RW | PTE_A | PTE_D)
#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
/* Mappings of frames outside the 1:1 map start at 256 GiB (L4 slot 0). */
#define VA_WINDOW   0x0000004000000000UL

static uint8_t *bitmap;                 /* bit set = page in use */
static unsigned long nr_pfns, nr_free, hint;
static unsigned long va_next = VA_WINDOW;

static bool pfn_used(unsigned long pfn)
{
    return bitmap[pfn / 8] & (1u << (pfn % 8));
}

static void mark(unsigned long pfn, unsigned long n, bool used)
{
    for ( ; n; n--, pfn++ )
    {
        if ( used )
            bitmap[pfn / 8] |= 1u << (pfn % 8);
        else
            bitmap[pfn / 8] &= ~(1u << (pfn % 8));
    }
}

unsigned long xlk_free_page_count(void) { return nr_free; }
unsigned long xlk_total_pages(void) { return nr_pfns; }

unsigned long xlk_virt_to_mfn(const void *va)
{
    return xt_virt_to_mfn(va);
}

/* First fit in [from, to): the first PFN of n free pages, or 0. */
static unsigned long scan(unsigned long from, unsigned long to, unsigned int n)
{
    unsigned long pfn, run = 0;

    for ( pfn = from; pfn < to; pfn++ )
    {
        if ( pfn_used(pfn) )
            run = 0;
        else if ( ++run == n )
            return pfn + 1 - n;
    }
    return 0;
}

/* From the hint, then from the start (PFN 0 is never free). */
static unsigned long find_run(unsigned int n)
{
    unsigned long pfn = scan(hint, nr_pfns, n);

    return pfn ? pfn : scan(1, nr_pfns, n);
}

void *xlk_alloc_pages(unsigned int n)
{
    unsigned long pfn;

    if ( n == 0 || n > nr_free )
        return NULL;
    pfn = find_run(n);
    if ( pfn == 0 )
        return NULL;
    mark(pfn, n, true);
    nr_free -= n;
    hint = pfn + n;
    memset((void *)(pfn << 12), 0, (size_t)n << 12);
    return (void *)(pfn << 12);
}

void xlk_free_pages(void *p, unsigned int n)
{
    unsigned long pfn = (unsigned long)p >> 12;

    if ( !p || pfn + n > nr_pfns )
        panic("free_pages(%p, %u): not ours", p, n);
    mark(pfn, n, false);
    nr_free += n;
}

/* A zeroed page, mapped read-only, ready to become a page table: its MFN. */
static unsigned long new_table(void)
{
    void *p = xlk_alloc_pages(1);
    unsigned long mfn;
    long rc;

    if ( !p )
        panic("out of memory for a page table");
    mfn = xlk_virt_to_mfn(p);
    rc = hc_update_va_mapping(p, (mfn << 12) | PTE_P | PTE_A, UVMF_INVLPG);
    if ( rc )
        panic("update_va_mapping(table %p RO) = %ld", p, rc);
    return mfn;
}

/* Machine address of va's L1 entry, building the missing tables. */
static uint64_t l1e_maddr(unsigned long va)
{
    unsigned long mfn = xt_l4_mfn();

    for ( unsigned int l = 4; l > 1; l-- )
    {
        volatile uint64_t *t = xt_mfn_to_virt(mfn);
        unsigned int idx = (va >> (12 + 9 * (l - 1))) & 511;

        if ( !(t[idx] & PTE_P) )
        {
            unsigned long nmfn = new_table();
            long rc = xt_mmu1((mfn << 12) | (idx * 8),
                              (nmfn << 12) | TABLE_FLAGS, DOMID_SELF);

            if ( rc )
                panic("mmu_update(L%u entry for %#lx) = %ld", l, va, rc);
        }
        mfn = (t[idx] & PTE_ADDR) >> 12;
    }
    return (mfn << 12) | (((va >> 12) & 511) * 8);
}

int xlk_map_mfn(unsigned long va, unsigned long mfn, unsigned long flags)
{
    uint64_t ptr = l1e_maddr(va);

    return xt_mmu1(ptr, flags ? (mfn << 12) | flags | PTE_A | PTE_D : 0,
                   DOMID_SELF);
}

unsigned long xlk_alloc_va(unsigned int n)
{
    unsigned long va = va_next;

    va_next += (unsigned long)n << 12;
    return va;
}

/*
 * The P2M as a toolstack finds it to save us (Xen's three-level frame
 * list): shared_info arch.max_pfn = the number of PFNs, and
 * arch.pfn_to_mfn_frame_list_list = the MFN of a page listing the MFNs of
 * the list pages, which list the MFNs of the P2M's own pages. Rewritten at
 * boot and after every resume: a new domain has new MFNs and a new
 * shared_info. p2m_cr3 stays 0 (no linear P2M mapping).
 */
static unsigned long *p2m_list_list, *p2m_list;

void xlk_p2m_publish(void)
{
    unsigned long p2m = xt_start_info->mfn_list;
    unsigned long p2m_pages = (nr_pfns + 511) / 512;
    unsigned long list_pages = (p2m_pages + 511) / 512;
    struct arch_shared_info *a = &xt_shared_info->arch;

    /* A toolstack takes PFN i's entry at offset i * 8 of the first page. */
    if ( p2m & (PAGE_SIZE - 1) )
    {
        printk("xlkernel: P2M at %#lx not page aligned: not published, "
               "this domain cannot be saved\n", p2m);
        return;
    }
    if ( list_pages > 512 )
        panic("P2M of %lu pages: too big for one frame list list", p2m_pages);
    if ( !p2m_list_list )
    {
        p2m_list_list = xlk_alloc_pages(1);
        p2m_list = xlk_alloc_pages(list_pages);
        if ( !p2m_list_list || !p2m_list )
            panic("out of memory for the P2M frame list");
    }
    for ( unsigned long i = 0; i < p2m_pages; i++ )
        p2m_list[i] = xlk_virt_to_mfn((void *)(p2m + i * PAGE_SIZE));
    for ( unsigned long i = 0; i < list_pages; i++ )
        p2m_list_list[i] = xlk_virt_to_mfn(p2m_list + i * 512);
    a->max_pfn = nr_pfns;
    a->p2m_cr3 = 0;
    asm volatile ( "" ::: "memory" );
    a->pfn_to_mfn_frame_list_list = xlk_virt_to_mfn(p2m_list_list);
}

/* Map [pfn, end) 1:1, one mmu_update batch per L1 table. */
static void map_1to1(unsigned long pfn, unsigned long end)
{
    static mmu_update_t u[512];
    const unsigned long *p2m = xt_p2m();

    while ( pfn < end )
    {
        uint64_t ptr = l1e_maddr(pfn << 12);
        unsigned int n = 0;
        long rc;

        do {
            u[n].ptr = ptr + n * 8;
            u[n].val = (p2m[pfn] << 12) | MAP_FLAGS;
            n++, pfn++;
        } while ( pfn < end && (pfn & 511) );
        rc = hc_mmu_update(u, n, NULL, DOMID_SELF);
        if ( rc )
            panic("mmu_update(1:1 map at pfn %#lx) = %ld", pfn - n, rc);
    }
}

static bool pfn_mapped(unsigned long pfn)
{
    uint64_t *l1e;

    return xt_pte_maddr(pfn << 12, 1, &l1e) && (*l1e & PTE_P);
}

/* The first PFN after what the builder placed (pv-abi-ladder 1.3). */
static unsigned long bootstrap_end(void)
{
    const start_info_t *si = xt_start_info;
    unsigned long end = PFN_UP(_end), e;

#define MAX_END(x) do { e = (x); if ( e > end ) end = e; } while (0)
    MAX_END(PFN_UP(si->mfn_list + si->nr_pages * 8));
    MAX_END(PFN_UP((unsigned long)si + sizeof(*si)));
    MAX_END((si->pt_base >> 12) + si->nr_pt_frames);
    if ( !(si->flags & SIF_INITDOMAIN) )
    {
        MAX_END(M2P[si->store_mfn] + 1);
        MAX_END(M2P[si->console.domU.mfn] + 1);
    }
    if ( si->mod_start && !(si->flags & SIF_MOD_START_PFN) )
        MAX_END(PFN_UP(si->mod_start + si->mod_len));
#undef MAX_END
    return end + 1;                     /* the boot stack */
}

void xlk_mm_init(void)
{
    unsigned long first = bootstrap_end(), mapped, bm_pages;

    nr_pfns = xt_start_info->nr_pages;
    for ( mapped = first; mapped < nr_pfns && pfn_mapped(mapped); mapped++ )
        ;
    bm_pages = PFN_UP((nr_pfns + 7) / 8);
    if ( first + bm_pages + 16 > mapped )
        panic("bootstrap region too small: pfns %#lx-%#lx", first, mapped);

    /* The bitmap lives in the first free pages; all pages start used. */
    bitmap = (uint8_t *)(first << 12);
    memset(bitmap, 0xff, bm_pages << 12);
    hint = first + bm_pages;
    mark(hint, mapped - hint, false);
    nr_free = mapped - hint;

    /* The rest of memory: map it (tables from the pages above), free it. */
    map_1to1(mapped, nr_pfns);
    mark(mapped, nr_pfns - mapped, false);
    nr_free += nr_pfns - mapped;
    xlk_p2m_publish();
}
