/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table pages in the stream are canonical: the frame number of every
 * present entry is the guest's PFN, not the saving host's MFN. Save maps
 * MFN -> PFN with a table built from the guest's P2M; restore maps back
 * with the new P2M. The hypervisor's L4 slots are zeroed (it refills them
 * when it validates the table).
 */
#include <errno.h>
#include <stdlib.h>

#include "save_stream.h"

#define PTE_PRESENT 1ull

static int cmp_mfn(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;

    return *x < *y ? -1 : *x > *y;
}

int sr_m2p_build(struct sr_m2p *m, const uint64_t *p2m, size_t n,
                 uint64_t *bad_pfn)
{
    size_t nr = 0;

    m->map = malloc((n ? n : 1) * sizeof(*m->map));
    m->nr = 0;
    if (!m->map)
        return -ENOMEM;
    for (size_t pfn = 0; pfn < n; pfn++) {
        if (p2m[pfn] == SR_INVALID_FRAME)
            continue;
        m->map[nr].mfn = p2m[pfn];
        m->map[nr].pfn = pfn;
        nr++;
    }
    qsort(m->map, nr, sizeof(*m->map), cmp_mfn);
    for (size_t i = 1; i < nr; i++) {
        if (m->map[i].mfn == m->map[i - 1].mfn) {
            *bad_pfn = m->map[i].pfn > m->map[i - 1].pfn ? m->map[i].pfn
                                                         : m->map[i - 1].pfn;
            sr_m2p_free(m);
            return -EEXIST;
        }
    }
    m->nr = nr;
    return 0;
}

uint64_t sr_m2p_lookup(const struct sr_m2p *m, uint64_t mfn)
{
    size_t lo = 0, hi = m->nr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (m->map[mid].mfn == mfn)
            return m->map[mid].pfn;
        if (m->map[mid].mfn < mfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SR_INVALID_FRAME;
}

void sr_m2p_free(struct sr_m2p *m)
{
    free(m->map);
    m->map = NULL;
    m->nr = 0;
}

static bool xen_slot(unsigned int level, unsigned int i)
{
    return level == 4 && i >= SR_L4_XEN_FIRST && i <= SR_L4_XEN_LAST;
}

/*
 * Rewrite the frame of every present entry of one page table with xlate()
 * (SR_INVALID_FRAME: no translation; *bad_slot names the entry). The
 * hypervisor's L4 slots are cleared either way.
 */
static int pt_rewrite(uint64_t *pt, unsigned int level,
                      uint64_t (*xlate)(const void *ctx, uint64_t frame),
                      const void *ctx, unsigned int *bad_slot)
{
    for (unsigned int i = 0; i < 512; i++) {
        uint64_t to;

        if (xen_slot(level, i)) {
            pt[i] = 0;
            continue;
        }
        if (!(pt[i] & PTE_PRESENT))
            continue;
        to = xlate(ctx, (pt[i] & SR_PTE_FRAME_MASK) >> 12);
        if (to == SR_INVALID_FRAME) {
            *bad_slot = i;
            return -EINVAL;
        }
        pt[i] = (pt[i] & ~SR_PTE_FRAME_MASK) | (to << 12);
    }
    return 0;
}

static uint64_t mfn_to_pfn(const void *ctx, uint64_t mfn)
{
    return sr_m2p_lookup(ctx, mfn);
}

struct p2m_table {
    const uint64_t *p2m;
    uint64_t size;
};

static uint64_t pfn_to_mfn(const void *ctx, uint64_t pfn)
{
    const struct p2m_table *t = ctx;

    /* An MFN that does not fit the entry's frame field is no MFN either. */
    if (pfn >= t->size || t->p2m[pfn] > (SR_PTE_FRAME_MASK >> 12))
        return SR_INVALID_FRAME;
    return t->p2m[pfn];
}

int sr_pt_canon(uint64_t *pt, unsigned int level, const struct sr_m2p *m,
                unsigned int *bad_slot)
{
    return pt_rewrite(pt, level, mfn_to_pfn, m, bad_slot);
}

int sr_pt_uncanon(uint64_t *pt, unsigned int level, const uint64_t *p2m,
                  uint64_t p2m_size, unsigned int *bad_slot)
{
    const struct p2m_table t = { .p2m = p2m, .size = p2m_size };

    return pt_rewrite(pt, level, pfn_to_mfn, &t, bad_slot);
}
