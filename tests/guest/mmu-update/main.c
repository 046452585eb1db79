/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu_update (hc 1): MMU_NORMAL_PT_UPDATE installs a validated L1 entry,
 * MMU_PT_UPDATE_PRESERVE_AD keeps the hardware-set A/D bits, a plain store
 * into a frame that is not a page table, MMU_MACHPHYS_UPDATE sets the M2P,
 * the hypervisor's L4 slots 256-271 are refused with -EINVAL, a writable
 * mapping of a page-table frame is refused, unknown commands are -ENOSYS,
 * *pdone counts completed requests, and bad foreign owners are refused
 * (unknown domain, the caller's own id spelt out: -ESRCH; a privileged
 * caller may name DOMID_IO for its own RAM, as Xen 4.17 allows).
 */
#include <xt-mm.h>

const char test_title[] = "mmu_update: normal, preserve A/D, machphys, refusals";

#define WIN 1           /* scratch window used throughout */

static void normal_update(void)
{
    unsigned long mfn = xt_spare_mfn(0);
    volatile uint64_t *win = xt_scratch(WIN), *pte = NULL;
    uint64_t maddr = xt_pte_maddr((unsigned long)win, 1, (uint64_t **)&pte);
    mmu_update_t u[2] = {
        { .ptr = maddr, .val = (mfn << 12) | PTE_P | PTE_RW },
        { .ptr = maddr | MMU_PT_UPDATE_PRESERVE_AD,
          .val = (mfn << 12) | PTE_P | PTE_RW },
    };
    unsigned int done = 0;
    long rc;

    rc = hc_mmu_update(u, 1, &done, DOMID_SELF);
    xt_check(rc == 0 && done == 1, "normal update = %ld, done %u", rc, done);
    xt_mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)win, 0);
    xt_check((*pte & PTE_ADDR) == mfn << 12 && !(*pte & (PTE_A | PTE_D)),
             "entry reads back %#lx", (unsigned long)*pte);

    /* Hardware sets A and D on this write... */
    win[0] = 0x1122334455667788UL;
    xt_check(win[0] == 0x1122334455667788UL, "write through new mapping lost");
    printk("after a write: entry %#lx\n", (unsigned long)*pte);
    xt_check((*pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
             "A/D not set by the write: %#lx", (unsigned long)*pte);

    /* ... PRESERVE_AD keeps them, a normal update clears them. */
    rc = hc_mmu_update(&u[1], 1, NULL, DOMID_SELF);
    xt_check(rc == 0 && (*pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
             "preserve_ad = %ld, entry %#lx", rc, (unsigned long)*pte);
    rc = hc_mmu_update(&u[0], 1, NULL, DOMID_SELF);
    xt_check(rc == 0 && !(*pte & (PTE_A | PTE_D)),
             "normal = %ld, entry %#lx", rc, (unsigned long)*pte);
    xt_mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)win, 0);

    /* A frame without page-table type: a plain 8-byte store. */
    rc = xt_mmu1((mfn << 12) | 8, 0xfeedfacecafebeefUL, DOMID_SELF);
    xt_check(rc == 0 && win[1] == 0xfeedfacecafebeefUL,
             "plain store = %ld, reads %#lx", rc, (unsigned long)win[1]);
}

static void machphys_update(void)
{
    unsigned long mfn = xt_spare_mfn(0), pfn = xt_spare_pfn(0);
    long rc;

    rc = xt_mmu1((mfn << 12) | MMU_MACHPHYS_UPDATE, 0x12345, DOMID_SELF);
    xt_check(rc == 0 && M2P[mfn] == 0x12345, "machphys = %ld, M2P %#lx",
             rc, M2P[mfn]);
    rc = xt_mmu1((mfn << 12) | MMU_MACHPHYS_UPDATE, pfn, DOMID_SELF);
    xt_check(rc == 0 && M2P[mfn] == pfn, "machphys restore = %ld", rc);
}

static void hole_slots(void)
{
    unsigned long l4 = xt_l4_mfn() << 12;
    const uint64_t *l4v = (const uint64_t *)xt_start_info->pt_base;
    uint64_t l3 = l4v[0];       /* a valid L3 entry to try to copy */

    for ( unsigned int slot = 256; slot <= 271; slot++ )
    {
        long rc0 = xt_mmu1(l4 | (slot * 8), 0, DOMID_SELF);
        long rc1 = xt_mmu1(l4 | (slot * 8), l3, DOMID_SELF);

        xt_check(rc0 == -XEN_EINVAL && rc1 == -XEN_EINVAL,
                 "L4 slot %u update = %ld / %ld, want -EINVAL", slot, rc0, rc1);
    }
    /* Slot 255 and 272 are the guest's: writing their value back works. */
    xt_check(xt_mmu1(l4 | (255 * 8), l4v[255], DOMID_SELF) == 0,
             "L4 slot 255 rewrite refused");
    xt_check(xt_mmu1(l4 | (272 * 8), l4v[272], DOMID_SELF) == 0,
             "L4 slot 272 rewrite refused");
}

static void refusals(void)
{
    uint64_t *pte = NULL, maddr = xt_pte_maddr((unsigned long)xt_scratch(WIN), 1, &pte);
    unsigned long l1 = maddr >> 12, mfn = xt_spare_mfn(0);
    uint64_t before = *pte;
    mmu_update_t u[3] = {
        { .ptr = maddr, .val = (mfn << 12) | PTE_P | PTE_RW },
        { .ptr = maddr, .val = (mfn << 12) | PTE_P },
        { .ptr = maddr | 4, .val = 0 },
    };
    unsigned int done = 0;
    long rc;

    rc = xt_mmu1(maddr, (l1 << 12) | PTE_P | PTE_RW, DOMID_SELF);
    printk("L1 mapped RW: %ld\n", rc);
    xt_check(rc == -XEN_EBUSY, "mapping its L1 RW = %ld, want -EBUSY", rc);
    rc = xt_mmu1(maddr, (xt_l4_mfn() << 12) | PTE_P | PTE_RW, DOMID_SELF);
    xt_check(rc == -XEN_EBUSY, "mapping the L4 RW = %ld, want -EBUSY", rc);
    rc = xt_mmu1(maddr, (l1 << 12) | PTE_P, DOMID_SELF);
    xt_check(rc == 0, "mapping its L1 RO = %ld", rc);
    xt_check(*pte == before || (*pte & PTE_ADDR) == l1 << 12, "entry lost");

    /* Processing stops at the first failure; pdone counts the rest. */
    rc = hc_mmu_update(u, 3, &done, DOMID_SELF);
    xt_check(rc == -XEN_ENOSYS && done == 2,
             "batch with a bad command = %ld, done %u (want -ENOSYS, 2)",
             rc, done);
    for ( unsigned int cmd = 4; cmd < 8; cmd++ )
        xt_check(xt_mmu1(maddr | cmd, 0, DOMID_SELF) == -XEN_ENOSYS,
                 "command %u not -ENOSYS", cmd);

    /* Not a frame of ours (MFN far beyond RAM). */
    rc = xt_mmu1(0xfffffff000UL, 0, DOMID_SELF);
    xt_check(rc == -XEN_EINVAL, "update of a non-RAM frame = %ld", rc);
    rc = xt_mmu1((0xfffffffUL << 12) | MMU_MACHPHYS_UPDATE, 1, DOMID_SELF);
    xt_check(rc == -XEN_EINVAL, "machphys of a non-RAM frame = %ld", rc);

    /* Foreign owners: unknown domain, our own id spelt out, DOMID_IO. */
    rc = xt_mmu1(maddr, (mfn << 12) | PTE_P, 1234);
    xt_check(rc == -XEN_ESRCH, "page owner d1234 = %ld, want -ESRCH", rc);
    rc = xt_mmu1(maddr, (mfn << 12) | PTE_P, (1234 + 1) << 16 | DOMID_SELF);
    xt_check(rc == -XEN_ESRCH, "table owner d1234 = %ld, want -ESRCH", rc);
    if ( xt_start_info->flags & SIF_INITDOMAIN )
    {
        rc = xt_mmu1(maddr, (mfn << 12) | PTE_P, 0);
        xt_check(rc == -XEN_ESRCH, "page owner = own id = %ld, want -ESRCH",
                 rc);
    }
    /* A privileged caller may name any owner for RAM (Xen 4.17 allows it). */
    rc = xt_mmu1(maddr, (mfn << 12) | PTE_P, DOMID_IO);
    printk("RAM frame with DOMID_IO: %ld\n", rc);
    if ( xt_start_info->flags & SIF_PRIVILEGED )
        xt_check(rc == 0, "privileged: RAM frame as DOMID_IO's = %ld, want 0",
                 rc);
    rc = xt_mmu1((mfn << 12) | MMU_MACHPHYS_UPDATE, 1, DOMID_IO);
    xt_check(rc == -XEN_EINVAL, "machphys for DOMID_IO = %ld, want -EINVAL",
             rc);

    xt_check(xt_restore(WIN) == 0, "restoring the window failed");
}

void test_main(void)
{
    normal_update();
    machphys_update();
    hole_slots();
    refusals();
}
