/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The start-of-day virtual layout of a 64-bit PV domain (pv-abi-ladder 1.3),
 * computed in one place (xen/lib/pv_layout.c) for the hypervisor's builder
 * (dom0, boot-time domUs) and the toolstack's (xl create). Pure arithmetic on
 * fixed-width integers: this header needs only the compiler's own headers.
 */
#ifndef XEN_PV_LAYOUT_H
#define XEN_PV_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define PV_LAYOUT_PAGE_SHIFT 12

/* What the layout depends on. */
struct pv_layout_req {
    uint64_t virt_base;         /* VIRT_BASE: VA of PFN 0, page aligned */
    uint64_t kstart, kend;      /* the kernel's VA range [kstart, kend) */
    uint64_t nr_pages;          /* the domain's memory */
    uint64_t initrd_len;        /* bytes mapped after the kernel (0: none,
                                   or an unmapped MOD_START_PFN initrd) */
    bool rings;                 /* xenstore and console pages (a domU) */
};

/*
 * The region [virt_base, virt_base + mapped_pages * 4 KiB) maps PFN n at
 * virt_base + n * 4 KiB and holds, in this order: the kernel, the initrd,
 * the P2M list, start_info, (the xenstore and console pages,) the page
 * tables, one stack page, and padding up to a 4 MiB boundary with at least
 * 512 KiB to spare. All positions are PFNs.
 */
struct pv_layout {
    uint64_t virt_base;
    uint64_t nr_pages;
    uint64_t kernel_pfn, kernel_end_pfn;
    uint64_t initrd_pfn, initrd_pages;
    uint64_t p2m_pfn, p2m_pages;
    uint64_t start_info_pfn;
    uint64_t store_pfn, console_pfn;    /* 0 without rings */
    uint64_t pt_pfn, nr_pt;             /* L4 + nr_l3 + nr_l2 + nr_l1 */
    unsigned int nr_l3, nr_l2, nr_l1;
    uint64_t stack_pfn;
    uint64_t mapped_pages;
};

/*
 * Fill l from req. Returns 0; -EINVAL if virt_base is not page aligned, the
 * kernel lies below it or the region would wrap around 2^64; -ENOMEM if the
 * region needs more than nr_pages (l is filled anyway, for the message).
 */
int pv_layout_compute(const struct pv_layout_req *req, struct pv_layout *l);

static inline uint64_t pv_layout_va(const struct pv_layout *l, uint64_t pfn)
{
    return l->virt_base + (pfn << PV_LAYOUT_PAGE_SHIFT);
}

/* One past the last mapped VA (Xen's v_end). */
static inline uint64_t pv_layout_end(const struct pv_layout *l)
{
    return pv_layout_va(l, l->mapped_pages);
}

#endif /* XEN_PV_LAYOUT_H */
