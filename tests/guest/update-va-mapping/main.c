/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * update_va_mapping (hc 14) and update_va_mapping_otherdomain (hc 22):
 * every flush form (none, TLB flush, INVLPG; local, all, vCPU bitmap
 * pointer), the flush happens only after a successful update, VAs that are
 * non-canonical, in the hypervisor hole or without an L1 give -EINVAL, a
 * page-table frame cannot be mapped writable. XSA-279: INVLPG requests for
 * non-canonical addresses (mmuext INVLPG_LOCAL/ALL/MULTI) must not crash
 * the hypervisor.
 */
#include <xt-mm.h>

const char test_title[] = "update_va_mapping: flush flags, bad VAs, XSA-279";

#define WIN 3

static uint64_t vcpu_mask = 1;  /* vCPU 0 */

static void flush_forms(void)
{
    static const struct { const char *name; unsigned long flags; } f[] = {
        { "NONE", UVMF_NONE },
        { "TLB_FLUSH|LOCAL", UVMF_TLB_FLUSH | UVMF_LOCAL },
        { "INVLPG|LOCAL", UVMF_INVLPG | UVMF_LOCAL },
        { "TLB_FLUSH|ALL", UVMF_TLB_FLUSH | UVMF_ALL },
        { "INVLPG|ALL", UVMF_INVLPG | UVMF_ALL },
        { "type 3", 3 },
    };
    volatile uint64_t *w = xt_scratch(WIN);
    unsigned long mfn = xt_spare_mfn(0);
    long rc;

    for ( unsigned int i = 0; i < ARRAY_SIZE(f); i++ )
    {
        rc = hc_update_va_mapping(w, (mfn << 12) | PTE_P | PTE_RW | PTE_A |
                                  PTE_D, f[i].flags);
        xt_check(rc == 0, "update with %s = %ld", f[i].name, rc);
        xt_mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)w, 0);
        w[0] = i;
        xt_check(w[0] == i, "%s: write through the mapping lost", f[i].name);
    }

    /* A vCPU bitmap pointer in the flags (8-byte aligned | flush type). */
    rc = hc_update_va_mapping(w, (mfn << 12) | PTE_P | PTE_RW,
                              (unsigned long)&vcpu_mask | UVMF_INVLPG);
    xt_check(rc == 0, "INVLPG with a vCPU bitmap = %ld", rc);
    rc = hc_update_va_mapping(w, (mfn << 12) | PTE_P | PTE_RW,
                              (unsigned long)&vcpu_mask | UVMF_TLB_FLUSH);
    xt_check(rc == 0, "TLB_FLUSH with a vCPU bitmap = %ld", rc);
    /* An unreadable bitmap: the update is done, the flush reports -EFAULT. */
    rc = hc_update_va_mapping(w, (mfn << 12) | PTE_P,
                              0x0000800000000000UL | UVMF_TLB_FLUSH);
    printk("bad bitmap pointer: %ld\n", rc);
    xt_check(rc == -XEN_EFAULT, "flush with a bad bitmap = %ld, want -EFAULT",
             rc);

    rc = hc_update_va_mapping_otherdomain(w, (mfn << 12) | PTE_P, UVMF_INVLPG,
                                          DOMID_SELF);
    xt_check(rc == 0, "otherdomain(DOMID_SELF) = %ld", rc);
    rc = hc_update_va_mapping_otherdomain(w, (mfn << 12) | PTE_P, UVMF_INVLPG,
                                          1234);
    xt_check(rc == -XEN_ESRCH, "otherdomain(d1234) = %ld, want -ESRCH", rc);
    xt_check(xt_restore(WIN) == 0, "restoring the window failed");
}

static void bad_vas(void)
{
    static const unsigned long va[] = {
        0x0000800000000000UL,   /* first non-canonical */
        0x8000000000000000UL,
        0xffff800000000000UL,   /* RO M2P: hypervisor slot 256 */
        0xffff830000000000UL,   /* slot 262 */
        0xffff87fffffff000UL,   /* slot 271 */
        0x00007ffffffff000UL,   /* no L3/L2/L1 there */
    };
    long rc;

    for ( unsigned int i = 0; i < ARRAY_SIZE(va); i++ )
    {
        rc = hc_update_va_mapping((void *)va[i], 0, UVMF_INVLPG | UVMF_ALL);
        xt_check(rc == -XEN_EINVAL, "update at %#lx = %ld, want -EINVAL",
                 va[i], rc);
        rc = hc_update_va_mapping((void *)va[i], 0, UVMF_INVLPG);
        xt_check(rc == -XEN_EINVAL, "update at %#lx = %ld, want -EINVAL",
                 va[i], rc);
    }

    /* A page-table frame mapped writable. */
    rc = hc_update_va_mapping(xt_scratch(WIN),
                              (xt_l4_mfn() << 12) | PTE_P | PTE_RW, UVMF_INVLPG);
    printk("L4 mapped RW: %ld\n", rc);
    xt_check(rc == -XEN_EBUSY, "mapping the L4 RW = %ld, want -EBUSY", rc);
}

/* XSA-279: flushes of non-canonical addresses are ignored, not executed. */
static void xsa_279(void)
{
    static const unsigned long va[] = {
        0x0000800000000000UL, 0x8000000000000000UL, 0xdeadbeefdeadb000UL,
        0xffff800000000000UL,
    };
    mmuext_op_t op;
    long rc;

    for ( unsigned int i = 0; i < ARRAY_SIZE(va); i++ )
    {
        static const unsigned int cmds[] = {
            MMUEXT_INVLPG_LOCAL, MMUEXT_INVLPG_ALL, MMUEXT_INVLPG_MULTI,
        };

        for ( unsigned int c = 0; c < ARRAY_SIZE(cmds); c++ )
        {
            memset(&op, 0, sizeof(op));
            op.cmd = cmds[c];
            op.arg1.linear_addr = va[i];
            op.arg2.vcpumask.p = &vcpu_mask;
            rc = hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
            xt_check(rc == 0, "mmuext %u at %#lx = %ld, want 0", cmds[c],
                     va[i], rc);
        }
    }
    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_TLB_FLUSH_MULTI;
    op.arg2.vcpumask.p = (void *)0x0000800000000000UL;
    rc = hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
    xt_check(rc == -XEN_EINVAL, "TLB_FLUSH_MULTI, bad mask = %ld, want -EINVAL",
             rc);
    op.cmd = MMUEXT_TLB_FLUSH_ALL;
    xt_check(hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == 0, "TLB_FLUSH_ALL");
    printk("still alive after non-canonical INVLPGs\n");
}

void test_main(void)
{
    flush_forms();
    bad_vas();
    xsa_279();
}
