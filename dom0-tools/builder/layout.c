/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domU's initial virtual layout and its bootstrap page tables
 * (pv-abi-ladder.md 1.3/1.4, libxenguest flavour). The layout is the one
 * the hypervisor's builder uses (xen/lib/pv_layout.c, with the ramdisk
 * always mapped and the xenstore and console pages); the page tables are
 * laid out L4, L3s, L2s, L1s (top-down). Pure code: host-tested.
 */
#include <errno.h>
#include <string.h>

#include <xen/pv_layout.h>

#include "builder.h"

/* Leaf: P|RW|A; upper levels P|RW|A|D|U (libxenguest's choice). */
#define PTE_P   0x001ull
#define PTE_RW  0x002ull
#define PTE_U   0x004ull
#define PTE_A   0x020ull
#define PTE_D   0x040ull
#define L1_PROT (PTE_P | PTE_RW | PTE_A)
#define UP_PROT (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_U)

int xb_layout_compute(const struct xb_kernel *k, size_t ramdisk_len,
                      uint64_t nr_pages, struct pv_layout *l,
                      struct xb_err *e)
{
    struct pv_layout_req req = {
        .virt_base = k->virt_base, .kstart = k->kstart, .kend = k->kend,
        .nr_pages = nr_pages, .initrd_len = ramdisk_len, .rings = true,
    };
    int rc;

    if (k->kstart & (XB_PAGE_SIZE - 1))
        return xb_fail(e, -ENOEXEC, "the kernel's first segment is not page "
                       "aligned (VA 0x%llx)", (unsigned long long)k->kstart);
    rc = pv_layout_compute(&req, l);
    if (rc == -ENOMEM)
        return xb_fail(e, rc, "the kernel, ramdisk and boot structures "
                       "need %llu MiB but the domain has %llu MiB; raise "
                       "memory= in the config",
                       (unsigned long long)(l->mapped_pages >> 8) + 1,
                       (unsigned long long)(nr_pages >> 8));
    if (rc < 0)
        return xb_fail(e, rc, "the kernel's VIRT_BASE 0x%llx leaves no room "
                       "for the boot structures",
                       (unsigned long long)k->virt_base);
    return 0;
}

static uint64_t *table(uint64_t *pt, uint64_t first_idx, uint64_t n)
{
    return pt + (first_idx + n) * 512;
}

void xb_pt_fill(const struct pv_layout *l, const uint64_t *p2m, uint64_t *pt)
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
