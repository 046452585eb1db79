/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's initial virtual layout and its bootstrap page tables
 * (pv-abi-ladder.md 1.3/1.4, libxenguest flavour): starting at VIRT_BASE,
 * PFN n is mapped at VIRT_BASE + n*4096; in order the kernel, the ramdisk,
 * the P2M list, start_info, the xenstore and console rings, the page
 * tables (L4, L3s, L2s, L1s: top-down), one stack page, and padding up to
 * a 4 MiB boundary with at least 512 KiB to spare. Pure code: host-tested.
 */
#include <errno.h>
#include <string.h>

#include "builder.h"

#define PAGES(bytes) (((bytes) + XB_PAGE_SIZE - 1) >> XB_PAGE_SHIFT)

/* Leaf: P|RW|A; upper levels P|RW|A|D|U (libxenguest's choice). */
#define PTE_P   0x001ull
#define PTE_RW  0x002ull
#define PTE_U   0x004ull
#define PTE_A   0x020ull
#define PTE_D   0x040ull
#define L1_PROT (PTE_P | PTE_RW | PTE_A)
#define UP_PROT (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_U)

/* Tables of the level whose entries cover 2^shift bytes each. */
static unsigned int tables(uint64_t vs, uint64_t ve, unsigned int shift)
{
    unsigned int span = shift + 9;

    return (unsigned int)(((ve - 1) >> span) - (vs >> span) + 1);
}

int xb_layout_compute(const struct xb_kernel *k, size_t ramdisk_len,
                      uint64_t nr_pages, struct xb_layout *l,
                      struct xb_err *e)
{
    uint64_t next, need = 1, got;

    memset(l, 0, sizeof(*l));
    l->virt_base = k->virt_base;
    l->nr_pages = nr_pages;
    if (k->kstart & (XB_PAGE_SIZE - 1))
        return xb_fail(e, -ENOEXEC, "the kernel's first segment is not page "
                       "aligned (VA 0x%llx)", (unsigned long long)k->kstart);
    l->kernel_pfn = (k->kstart - k->virt_base) >> XB_PAGE_SHIFT;
    l->kernel_end_pfn = PAGES(k->kend - k->virt_base);
    next = l->kernel_end_pfn;
    l->ramdisk_pfn = next;
    l->ramdisk_pages = PAGES(ramdisk_len);
    next += l->ramdisk_pages;
    l->p2m_pfn = next;
    l->p2m_pages = PAGES(nr_pages * 8);
    next += l->p2m_pages;
    l->start_info_pfn = next++;
    l->store_pfn = next++;
    l->console_pfn = next++;
    l->pt_pfn = next;
    /* The tables map the region that holds them: grow until stable. */
    do {
        uint64_t end, vend;

        got = need;
        end = l->pt_pfn + got + 1;              /* + the stack page */
        vend = (end << XB_PAGE_SHIFT) + 512 * 1024;
        vend = (vend + (4ull << 20) - 1) & ~((4ull << 20) - 1);
        l->mapped_pages = vend >> XB_PAGE_SHIFT;
        vend += l->virt_base;
        l->nr_l3 = tables(l->virt_base, vend, 30);
        l->nr_l2 = tables(l->virt_base, vend, 21);
        l->nr_l1 = tables(l->virt_base, vend, 12);
        need = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
    } while (need > got);
    l->nr_pt = need;
    l->stack_pfn = l->pt_pfn + l->nr_pt;
    if (l->mapped_pages > nr_pages)
        return xb_fail(e, -ENOMEM, "the kernel, ramdisk and boot structures "
                       "need %llu MiB but the domain has %llu MiB; raise "
                       "memory= in the config",
                       (unsigned long long)(l->mapped_pages >> 8) + 1,
                       (unsigned long long)(nr_pages >> 8));
    return 0;
}

static uint64_t *table(uint64_t *pt, uint64_t first_idx, uint64_t n)
{
    return pt + (first_idx + n) * 512;
}

void xb_pt_fill(const struct xb_layout *l, const uint64_t *p2m, uint64_t *pt)
{
    uint64_t vs = l->virt_base, i3 = 1, i2 = i3 + l->nr_l3,
             i1 = i2 + l->nr_l2;

    memset(pt, 0, l->nr_pt * XB_PAGE_SIZE);
    for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++) {
        uint64_t va = vs + (pfn << XB_PAGE_SHIFT);
        uint64_t n3 = (va >> 39) - (vs >> 39), n2 = (va >> 30) - (vs >> 30),
                 n1 = (va >> 21) - (vs >> 21);
        uint64_t prot = L1_PROT;

        pt[(va >> 39) & 511] = (p2m[l->pt_pfn + i3 + n3] << 12) | UP_PROT;
        table(pt, i3, n3)[(va >> 30) & 511] =
            (p2m[l->pt_pfn + i2 + n2] << 12) | UP_PROT;
        table(pt, i2, n2)[(va >> 21) & 511] =
            (p2m[l->pt_pfn + i1 + n1] << 12) | UP_PROT;
        /* Page tables are mapped read-only in the region. */
        if (pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt)
            prot &= ~PTE_RW;
        table(pt, i1, n1)[(va >> 12) & 511] = (p2m[pfn] << 12) | prot;
    }
}
