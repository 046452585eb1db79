/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall-mm (XSA-286 style): inside one multicall, an mmu_update that
 * replaces an upper-level entry (an L2 entry, then an L3 entry) followed
 * by an update_va_mapping of a VA below it must act on the new tables:
 * the hypervisor walks the guest's tables as they are now, with no stale
 * translation of the old hierarchy. Checked through the tables' contents
 * (read-only views) and by reading the VA afterwards. The tree hangs off
 * kernel L4 slot 2 (VA 0x10000000000); removing that entry releases it all
 * (every frame can be mapped writable again).
 */
#include <xt-mm.h>

const char test_title[] = "multicall: mmu_update of L2/L3 then update_va_mapping";

#define WIN   7
#define SLOT  2
#define VA    ((unsigned long)SLOT << 39)

/* Spare frames: L3 A; L2 B, B2; L1 C, D, G; data E, F. */
enum { A, B, B2, C, D, G, E, F, NR };
static unsigned long fr[NR];

/* Entry idx of frame mfn through a read-only view. */
static uint64_t get_entry(unsigned long mfn, unsigned int idx)
{
    uint64_t v;

    if ( xt_map(WIN, mfn, PTE_P) )
        panic("cannot map frame %#lx RO", mfn);
    v = ((volatile uint64_t *)xt_scratch(WIN))[idx];
    xt_restore(WIN);
    return v;
}

static uint64_t tbl(unsigned int i)
{
    return (fr[i] << 12) | PTE_P | PTE_RW;
}

/* One multicall: mmu_update(ptr := val), update_va_mapping(VA, data). */
static void swap_and_map(const char *what, uint64_t ptr, uint64_t val,
                         unsigned int data)
{
    static mmu_update_t u;
    multicall_entry_t mc[2];
    long rc;

    memset(mc, 0, sizeof(mc));
    u.ptr = ptr;
    u.val = val;
    mc[0].op = __HYPERVISOR_mmu_update;
    mc[0].args[0] = (unsigned long)&u;
    mc[0].args[1] = 1;
    mc[0].args[3] = DOMID_SELF;
    mc[1].op = __HYPERVISOR_update_va_mapping;
    mc[1].args[0] = VA;
    mc[1].args[1] = (fr[data] << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;
    mc[1].args[2] = UVMF_INVLPG | UVMF_LOCAL;
    rc = hc_multicall(mc, 2);
    xt_check(rc == 0 && mc[0].result == 0 && mc[1].result == 0,
             "%s: multicall = %ld, results %ld %ld", what, rc,
             (long)mc[0].result, (long)mc[1].result);
}

void test_main(void)
{
    uint64_t l4e;
    long rc;

    if ( ((const uint64_t *)xt_start_info->pt_base)[SLOT] )
    {
        xt_error("kernel L4 slot %u is in use", SLOT);
        return;
    }
    for ( unsigned int i = 0; i < NR; i++ )
    {
        fr[i] = xt_spare_mfn(i);
        if ( xt_mmuext1(MMUEXT_CLEAR_PAGE, fr[i], 0) )
            panic("CLEAR_PAGE of spare frame %u failed", i);
    }
    xt_poke(WIN, fr[E], 0, 0xe0e0);
    xt_poke(WIN, fr[F], 0, 0xf0f0);
    xt_poke(WIN, fr[A], 0, tbl(B));
    xt_poke(WIN, fr[B], 0, tbl(C));
    xt_poke(WIN, fr[B2], 0, tbl(G));

    l4e = xt_pte_maddr(VA, 4, NULL);
    rc = xt_mmu1(l4e, tbl(A), DOMID_SELF);
    if ( rc )
        panic("hooking the tree into L4 slot %u = %ld", SLOT, rc);

    /* L2 entry B[0]: C -> D, then map VA: must land in D. */
    swap_and_map("L2 swap", (fr[B] << 12) | 0, tbl(D), E);
    xt_check((get_entry(fr[D], 0) >> 12 & 0xffffffffff) == fr[E] &&
             get_entry(fr[C], 0) == 0,
             "L2 swap: D[0] %#lx, C[0] %#lx (want D -> E, C empty)",
             (unsigned long)get_entry(fr[D], 0),
             (unsigned long)get_entry(fr[C], 0));
    xt_check(*(volatile uint64_t *)VA == 0xe0e0, "L2 swap: VA reads %#lx",
             (unsigned long)*(volatile uint64_t *)VA);

    /* L3 entry A[0]: B -> B2, then map VA: must land in G. */
    swap_and_map("L3 swap", (fr[A] << 12) | 0, tbl(B2), F);
    xt_check((get_entry(fr[G], 0) >> 12 & 0xffffffffff) == fr[F] &&
             (get_entry(fr[D], 0) >> 12 & 0xffffffffff) == fr[E],
             "L3 swap: G[0] %#lx, D[0] %#lx (want G -> F, D unchanged)",
             (unsigned long)get_entry(fr[G], 0),
             (unsigned long)get_entry(fr[D], 0));
    xt_check(*(volatile uint64_t *)VA == 0xf0f0, "L3 swap: VA reads %#lx",
             (unsigned long)*(volatile uint64_t *)VA);

    rc = xt_mmu1(l4e, 0, DOMID_SELF);
    xt_check(rc == 0, "unhooking the tree = %ld", rc);
    for ( unsigned int i = 0; i < NR; i++ )
    {
        rc = xt_map(WIN, fr[i], PTE_P | PTE_RW);
        xt_check(rc == 0, "frame %u not writable afterwards: %ld", i, rc);
    }
    xt_restore(WIN);
}
