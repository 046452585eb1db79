/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The start-of-day layout of a 64-bit PV domain (pv-abi-ladder 1.3), shared
 * by the hypervisor's builder and the toolstack's. Builds freestanding and
 * on the host: it includes only <xen/pv_layout.h> and <xen/errno.h>.
 */
#include <xen/errno.h>
#include <xen/pv_layout.h>

#define PAGE_4K   (1ull << PV_LAYOUT_PAGE_SHIFT)
#define SLACK     (512ull << 10)
#define ALIGN_4M  (4ull << 20)

static uint64_t pages(uint64_t bytes)
{
    return (bytes + PAGE_4K - 1) >> PV_LAYOUT_PAGE_SHIFT;
}

/* Tables of the level whose entries cover 2^shift bytes, for [vs, ve). */
static unsigned int tables(uint64_t vs, uint64_t ve, unsigned int shift)
{
    unsigned int span = shift + 9;

    return (unsigned int)(((ve - 1) >> span) - (vs >> span) + 1);
}

/*
 * Size the region for nr_pt page-table pages at pt_pfn: the stack page
 * follows them, and v_end is the next 4 MiB boundary (in VA, as Xen
 * rounds) leaving at least 512 KiB free. Returns the pages the tables
 * need to map that region, or 0 if it would wrap around 2^64.
 */
static uint64_t size_region(struct pv_layout *l, uint64_t nr_pt)
{
    uint64_t stack_end = pv_layout_va(l, l->pt_pfn + nr_pt + 1);
    uint64_t v_end = (stack_end + ALIGN_4M - 1) & ~(ALIGN_4M - 1);

    if ( stack_end < l->virt_base || v_end < stack_end )
        return 0;
    if ( v_end - stack_end < SLACK )
        v_end += ALIGN_4M;
    if ( v_end < stack_end )
        return 0;
    l->mapped_pages = (v_end - l->virt_base) >> PV_LAYOUT_PAGE_SHIFT;
    l->nr_l3 = tables(l->virt_base, v_end, 30);
    l->nr_l2 = tables(l->virt_base, v_end, 21);
    l->nr_l1 = tables(l->virt_base, v_end, 12);
    return 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
}

/* Everything before the page tables, one after the other. */
static void place_boot_pages(const struct pv_layout_req *req,
                             struct pv_layout *l)
{
    uint64_t next;

    l->kernel_pfn = (req->kstart - req->virt_base) >> PV_LAYOUT_PAGE_SHIFT;
    l->kernel_end_pfn = pages(req->kend - req->virt_base);
    next = l->kernel_end_pfn;
    l->initrd_pfn = next;
    l->initrd_pages = pages(req->initrd_len);
    next += l->initrd_pages;
    l->p2m_pfn = next;
    l->p2m_pages = pages(req->nr_pages * 8);
    next += l->p2m_pages;
    l->start_info_pfn = next++;
    if ( req->rings )
    {
        l->store_pfn = next++;
        l->console_pfn = next++;
    }
    l->pt_pfn = next;
}

int pv_layout_compute(const struct pv_layout_req *req, struct pv_layout *l)
{
    uint64_t need = 1, got;

    *l = (struct pv_layout){ .virt_base = req->virt_base,
                             .nr_pages = req->nr_pages };
    if ( (req->virt_base & (PAGE_4K - 1)) || req->kstart < req->virt_base ||
         req->kend < req->kstart )
        return -EINVAL;
    place_boot_pages(req, l);

    /*
     * The tables map the region that holds them: grow them until they
     * cover it. The smallest fixed point is reached from below, as Xen's
     * builders reach it by counting up.
     */
    do {
        got = need;
        need = size_region(l, got);
        if ( !need )
            return -EINVAL;
        if ( got > req->nr_pages )
            return -ENOMEM;
    } while ( need > got );
    l->nr_pt = got;
    l->stack_pfn = l->pt_pfn + l->nr_pt;
    return l->mapped_pages > req->nr_pages ? -ENOMEM : 0;
}
