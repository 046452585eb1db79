/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu-l3-pinned (issue 14, conformance with Xen): one mmu_update batch that
 * points an empty slot of the guest's own L3 at an L2 table the guest
 * already pinned, and clears two L1 entries of the running tree, succeeds
 * (Xen 4.17 accepts it; Xenolite answered -EINVAL). Afterwards the new L2
 * slot translates (a read through it sees the data frame), the two cleared
 * windows fault, and undoing everything leaves the frames unpinnable and
 * writable again; the same with the bootstrap L2 shared by two slots,
 * unpinned and pinned. Then the XSA-286 class: a multicall that unmaps,
 * repoints the L3 slot and maps again leaves no stale translation. Both
 * pass on Xen 4.17; the first never failed on Xenolite's current tree
 * either (the review's report predates the page-type rework), so this pins
 * the behaviour.
 */
#include <xt-mm.h>

const char test_title[] = "mmu_update: L3 slot -> pinned L2 with L1 clears in one batch";

#define WIN   2                 /* RW window used to fill spare frames */
#define GONE1 3                 /* windows whose L1 entries the batch clears */
#define GONE2 4
#define L3_SLOT 5               /* VA 5 GiB: empty in the bootstrap tree */

static unsigned long data_mfn, l1_mfn, l2_mfn;

static bool faults(volatile uint64_t *p)
{
    uint64_t v = 0;
    int hit = 0;

    asm volatile ("1: mov (%[p]), %[v]\n\t"
                  "jmp 3f\n\t"
                  "2: movl $1, %[hit]\n\t"
                  "3:\n\t" XT_EXTABLE(1b, 2b)
                  : [v] "+r" (v), [hit] "+m" (hit) : [p] "r" (p) : "memory");
    return hit;
}

/*
 * The same batch with the L3 slot pointing at the bootstrap L2 (the one
 * L3 slot 0 uses, typed but not pinned by the guest), and again after the
 * guest pins that L2 itself.
 */
static void shared_l2(uint64_t l3_maddr, uint64_t g1, uint64_t g2)
{
    uint64_t *l3e0 = NULL;
    unsigned long l2 = 0;
    unsigned int done;
    long rc;

    xt_pte_maddr(0, 3, &l3e0);
    l2 = (*l3e0 & PTE_ADDR) >> 12;
    for ( unsigned int pass = 0; pass < 2; pass++ )
    {
        mmu_update_t u[3] = {
            { .ptr = l3_maddr, .val = (l2 << 12) | PTE_P | PTE_RW | PTE_A },
            { .ptr = g1, .val = 0 },
            { .ptr = g2, .val = 0 },
        };

        if ( pass == 1 )
        {
            rc = xt_mmuext1(MMUEXT_PIN_L2_TABLE, l2, 0);
            xt_check(rc == 0, "PIN_L2 of the bootstrap L2 = %ld", rc);
        }
        done = 0;
        rc = hc_mmu_update(u, 3, &done, DOMID_SELF);
        xt_check(rc == 0 && done == 3,
                 "pass %u: batch with the bootstrap L2 = %ld, done %u",
                 pass, rc, done);
        xt_mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
        xt_check(xt_mmu1(l3_maddr, 0, DOMID_SELF) == 0, "clearing the slot");
        xt_check(xt_restore(GONE1) == 0 && xt_restore(GONE2) == 0,
                 "restoring the windows");
        if ( pass == 1 )
            xt_check(xt_mmuext1(MMUEXT_UNPIN_TABLE, l2, 0) == 0,
                     "UNPIN of the bootstrap L2");
    }
}

/*
 * XSA-286 class: one multicall unmaps VA X (under L3 slot -> L2 a), points
 * the slot at L2 b and maps X again with UVMF_INVLPG. The new mapping must
 * land in b's L1 (X then reads the new frame) and a's L1 must stay cleared:
 * a stale translation of the old tree would write into a's L1 instead.
 */
static void repoint_in_multicall(uint64_t l3_maddr)
{
    unsigned long f[7];     /* data1, l1a, l2a, data3, l1b, l2b, (unused) */
    volatile uint64_t *x = (volatile uint64_t *)((unsigned long)L3_SLOT << 30);
    volatile uint64_t *ro = xt_scratch(WIN);
    mmu_update_t u = { .ptr = l3_maddr };
    struct multicall_entry mc[3];
    long rc;

    for ( unsigned int i = 0; i < 6; i++ )
    {
        f[i] = xt_spare_mfn(3 + i);
        xt_check(xt_mmuext1(MMUEXT_CLEAR_PAGE, f[i], 0) == 0, "CLEAR_PAGE");
    }
    xt_poke(WIN, f[0], 0, 0x1111111111111111UL);
    xt_poke(WIN, f[3], 0, 0x3333333333333333UL);
    xt_poke(WIN, f[1], 0, (f[0] << 12) | PTE_P | PTE_RW | PTE_A);
    xt_poke(WIN, f[2], 0, (f[1] << 12) | PTE_P | PTE_RW | PTE_A);
    xt_poke(WIN, f[5], 0, (f[4] << 12) | PTE_P | PTE_RW | PTE_A);
    rc = xt_mmu1(l3_maddr, (f[2] << 12) | PTE_P | PTE_RW | PTE_A, DOMID_SELF);
    xt_check(rc == 0, "L3 slot -> L2 a = %ld", rc);
    xt_check(x[0] == 0x1111111111111111UL, "X reads %#lx before",
             (unsigned long)x[0]);

    u.val = (f[5] << 12) | PTE_P | PTE_RW | PTE_A;
    memset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_update_va_mapping;
    mc[0].args[0] = (unsigned long)x;
    mc[0].args[2] = UVMF_INVLPG;
    mc[1].op = __HYPERVISOR_mmu_update;
    mc[1].args[0] = (unsigned long)&u;
    mc[1].args[1] = 1;
    mc[1].args[3] = DOMID_SELF;
    mc[2].op = __HYPERVISOR_update_va_mapping;
    mc[2].args[0] = (unsigned long)x;
    mc[2].args[1] = (f[3] << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;
    mc[2].args[2] = UVMF_INVLPG;
    rc = hc_multicall(mc, 3);
    xt_check(rc == 0 && !mc[0].result && !mc[1].result && !mc[2].result,
             "multicall = %ld (%ld %ld %ld)", rc, (long)mc[0].result,
             (long)mc[1].result, (long)mc[2].result);
    xt_check(x[0] == 0x3333333333333333UL, "X reads %#lx after, want the new "
             "frame", (unsigned long)x[0]);
    xt_check(xt_map(WIN, f[1], PTE_P) == 0 && ro[0] == 0,
             "L1 a entry %#lx, want 0 (stale tree written)",
             (unsigned long)ro[0]);
    xt_check(xt_map(WIN, f[4], PTE_P) == 0 &&
             (ro[0] & PTE_ADDR) == f[3] << 12,
             "L1 b entry %#lx, want the new frame", (unsigned long)ro[0]);
    xt_map(WIN, 0, 0);
    xt_check(xt_mmu1(l3_maddr, 0, DOMID_SELF) == 0, "clearing the slot");
    xt_mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}

void test_main(void)
{
    unsigned long va = (unsigned long)L3_SLOT << 30;
    uint64_t *l3e = NULL, l3_maddr = xt_pte_maddr(va, 3, &l3e);
    uint64_t g1 = xt_pte_maddr((unsigned long)xt_scratch(GONE1), 1, NULL);
    uint64_t g2 = xt_pte_maddr((unsigned long)xt_scratch(GONE2), 1, NULL);
    unsigned int done = 0;
    long rc;

    if ( !l3_maddr || !g1 || !g2 || *l3e )
        panic("bootstrap tree not as expected (L3 slot %#lx)",
              l3_maddr ? (unsigned long)*l3e : 0UL);

    data_mfn = xt_spare_mfn(0);
    l1_mfn = xt_spare_mfn(1);
    l2_mfn = xt_spare_mfn(2);
    for ( unsigned int i = 0; i < 3; i++ )
        xt_check(xt_mmuext1(MMUEXT_CLEAR_PAGE, xt_spare_mfn(i), 0) == 0,
                 "CLEAR_PAGE %u failed", i);
    xt_poke(WIN, data_mfn, 7, 0x5a5a5a5a5a5a5a5aUL);
    xt_poke(WIN, l1_mfn, 0, (data_mfn << 12) | PTE_P | PTE_RW | PTE_A);
    xt_poke(WIN, l2_mfn, 0, (l1_mfn << 12) | PTE_P | PTE_RW | PTE_A);

    rc = xt_mmuext1(MMUEXT_PIN_L2_TABLE, l2_mfn, 0);
    xt_check(rc == 0, "PIN_L2 of the new table = %ld", rc);

    {
        mmu_update_t u[3] = {
            { .ptr = l3_maddr, .val = (l2_mfn << 12) | PTE_P | PTE_RW | PTE_A },
            { .ptr = g1, .val = 0 },
            { .ptr = g2, .val = 0 },
        };

        rc = hc_mmu_update(u, 3, &done, DOMID_SELF);
    }
    xt_check(rc == 0 && done == 3, "batch = %ld, done %u (want 0, 3)", rc, done);
    xt_mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    if ( rc == 0 )
    {
        volatile uint64_t *p = (volatile uint64_t *)va;

        xt_check(!faults(&p[7]) && p[7] == 0x5a5a5a5a5a5a5a5aUL,
                 "read through the new L3 slot");
        xt_check(faults(xt_scratch(GONE1)) && faults(xt_scratch(GONE2)),
                 "cleared windows still map");
    }

    /* Undo: the L3 slot, the two windows, the pin. */
    rc = xt_mmu1(l3_maddr, 0, DOMID_SELF);
    xt_check(rc == 0, "clearing the L3 slot = %ld", rc);
    xt_check(xt_restore(GONE1) == 0 && xt_restore(GONE2) == 0,
             "restoring the windows");
    rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, l2_mfn, 0);
    xt_check(rc == 0, "UNPIN of the L2 = %ld", rc);
    xt_check(xt_map(WIN, l2_mfn, PTE_P | PTE_RW) == 0 &&
             xt_map(WIN, l1_mfn, PTE_P | PTE_RW) == 0,
             "L2/L1 frames not writable after unpin");
    xt_map(WIN, 0, 0);
    shared_l2(l3_maddr, g1, g2);
    repoint_in_multicall(l3_maddr);
}
