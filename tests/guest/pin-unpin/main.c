/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmuext_op pinning (pv-abi-ladder 2.2.3, pitfall 4): a four-level tree of
 * spare frames is pinned at each level; a second pin, a pin of the wrong
 * type, and a pin of a frame still mapped writable fail with -EINVAL; a
 * pinned table cannot be mapped writable (-EBUSY); after unpinning, every
 * frame of the tree can be mapped writable again (exact reference release).
 * Also: unpin of an unpinned frame, *pdone, CLEAR_PAGE/COPY_PAGE, SET_LDT
 * argument checks, MARK_SUPER -EOPNOTSUPP, unknown commands -ENOSYS.
 */
#include <xt-mm.h>

const char test_title[] = "mmuext_op: pin/unpin L1-L4, types and errors";

#define WIN 2

static unsigned long fr[5];      /* fr[1..4]: spare frames for L1..L4; fr[0] data */

static void build_tree(void)
{
    for ( unsigned int i = 0; i < 5; i++ )
    {
        fr[i] = xt_spare_mfn(i);
        xt_check(xt_mmuext1(MMUEXT_CLEAR_PAGE, fr[i], 0) == 0,
                 "CLEAR_PAGE of spare frame %u failed", i);
    }
    xt_poke(WIN, fr[1], 5, (fr[0] << 12) | PTE_P | PTE_RW);   /* L1 -> data */
    xt_poke(WIN, fr[2], 3, (fr[1] << 12) | PTE_P | PTE_RW);   /* L2 -> L1 */
    xt_poke(WIN, fr[3], 1, (fr[2] << 12) | PTE_P | PTE_RW);   /* L3 -> L2 */
    xt_poke(WIN, fr[4], 7, (fr[3] << 12) | PTE_P | PTE_RW);   /* L4 -> L3 */
}

static void pin_each_level(void)
{
    for ( unsigned int l = 1; l <= 4; l++ )
    {
        unsigned int pin = MMUEXT_PIN_L1_TABLE + l - 1;
        long rc = xt_mmuext1(pin, fr[l], 0);

        xt_check(rc == 0, "PIN_L%u = %ld", l, rc);
        rc = xt_mmuext1(pin, fr[l], 0);
        xt_check(rc == -XEN_EINVAL, "second PIN_L%u = %ld, want -EINVAL", l, rc);
        rc = xt_map(WIN, fr[l], PTE_P | PTE_RW);
        xt_check(rc == -XEN_EBUSY, "RW mapping of pinned L%u = %ld, want -EBUSY",
                 l, rc);
        rc = xt_map(WIN, fr[l], PTE_P);
        xt_check(rc == 0, "RO mapping of pinned L%u = %ld", l, rc);
        xt_map(WIN, 0, 0);
        rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, fr[l], 0);
        xt_check(rc == 0, "UNPIN L%u = %ld", l, rc);
        rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, fr[l], 0);
        xt_check(rc == -XEN_EINVAL, "second UNPIN L%u = %ld, want -EINVAL",
                 l, rc);
    }
}

/* Pin the L4: the whole tree is typed; unpin: every reference goes. */
static void pin_tree(void)
{
    long rc = xt_mmuext1(MMUEXT_PIN_L4_TABLE, fr[4], 0);

    xt_check(rc == 0, "PIN_L4 of the tree = %ld", rc);
    for ( unsigned int l = 1; l <= 3; l++ )
    {
        rc = xt_map(WIN, fr[l], PTE_P | PTE_RW);
        xt_check(rc == -XEN_EBUSY, "RW mapping of L%u in a pinned tree = %ld",
                 l, rc);
        rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE + (l == 1 ? 1 : 0), fr[l], 0);
        xt_check(rc == -XEN_EINVAL, "pin of L%u with the wrong type = %ld", l, rc);
    }
    /* The data page is mapped RW by the tree's L1: it cannot become an L1. */
    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, fr[0], 0);
    xt_check(rc == -XEN_EINVAL, "pin of a writable-mapped frame = %ld", rc);

    rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, fr[4], 0);
    xt_check(rc == 0, "UNPIN of the tree = %ld", rc);
    for ( unsigned int l = 1; l <= 4; l++ )
    {
        rc = xt_map(WIN, fr[l], PTE_P | PTE_RW);
        xt_check(rc == 0, "RW mapping of L%u after unpin = %ld", l, rc);
    }
    xt_map(WIN, 0, 0);
}

static void pin_refusals(void)
{
    mmuext_op_t ops[2];
    unsigned int done = 0;
    long rc;

    /* Still mapped writable: the frame has the writable type. */
    xt_map(WIN, fr[1], PTE_P | PTE_RW);
    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, fr[1], 0);
    xt_check(rc == -XEN_EINVAL, "pin of an RW-mapped frame = %ld, want -EINVAL",
             rc);
    xt_map(WIN, 0, 0);

    /* A superpage entry makes an L2 invalid. */
    xt_poke(WIN, fr[2], 9, (fr[0] << 12) | PTE_P | PTE_PSE);
    rc = xt_mmuext1(MMUEXT_PIN_L2_TABLE, fr[2], 0);
    xt_check(rc == -XEN_EINVAL, "pin of an L2 with PSE = %ld, want -EINVAL", rc);
    xt_poke(WIN, fr[2], 9, 0);

    rc = xt_mmuext1(MMUEXT_PIN_L1_TABLE, 0xfffffffffUL, 0);
    xt_check(rc == -XEN_EINVAL, "pin of a non-RAM frame = %ld", rc);

    /* Batch: the second pin fails; pdone says one op completed. */
    memset(ops, 0, sizeof(ops));
    ops[0].cmd = ops[1].cmd = MMUEXT_PIN_L1_TABLE;
    ops[0].arg1.mfn = ops[1].arg1.mfn = fr[1];
    rc = hc_mmuext_op(ops, 2, &done, DOMID_SELF);
    xt_check(rc == -XEN_EINVAL && done == 1, "batch = %ld, done %u", rc, done);
    xt_mmuext1(MMUEXT_UNPIN_TABLE, fr[1], 0);
}

static void misc_ops(void)
{
    uint64_t *w = xt_scratch(WIN);
    long rc;

    /* COPY_PAGE fr[1] (an L1 image) -> fr[0]. */
    rc = xt_mmuext1(MMUEXT_COPY_PAGE, fr[0], fr[1]);
    xt_check(rc == 0, "COPY_PAGE = %ld", rc);
    xt_map(WIN, fr[0], PTE_P);
    xt_check((w[5] & PTE_ADDR) == fr[0] << 12, "copied page content %#lx",
             (unsigned long)w[5]);
    xt_map(WIN, 0, 0);
    rc = xt_mmuext1(MMUEXT_CLEAR_PAGE, xt_l4_mfn(), 0);
    xt_check(rc == -XEN_EINVAL, "CLEAR_PAGE of our L4 = %ld, want -EINVAL", rc);

    rc = xt_mmuext1(MMUEXT_SET_LDT, 0x1000, 8193);
    xt_check(rc == -XEN_EINVAL, "SET_LDT 8193 entries = %ld", rc);
    rc = xt_mmuext1(MMUEXT_SET_LDT, 0x1008, 1);
    xt_check(rc == -XEN_EINVAL, "SET_LDT unaligned = %ld", rc);
    rc = xt_mmuext1(MMUEXT_SET_LDT, 0xffff800000000000UL, 1);
    xt_check(rc == -XEN_EINVAL, "SET_LDT in the hole = %ld", rc);
    rc = xt_mmuext1(MMUEXT_SET_LDT, 0xdead000, 0);
    xt_check(rc == 0, "SET_LDT with 0 entries = %ld", rc);

    rc = xt_mmuext1(MMUEXT_MARK_SUPER, fr[0], 0);
    xt_check(rc == -XEN_EOPNOTSUPP, "MARK_SUPER = %ld", rc);
    rc = xt_mmuext1(MMUEXT_UNMARK_SUPER, fr[0], 0);
    xt_check(rc == -XEN_EOPNOTSUPP, "UNMARK_SUPER = %ld", rc);
    rc = xt_mmuext1(14, 0, 0);
    xt_check(rc == -XEN_ENOSYS, "mmuext cmd 14 = %ld", rc);
    rc = xt_mmuext1(77, 0, 0);
    xt_check(rc == -XEN_ENOSYS, "mmuext cmd 77 = %ld", rc);
    rc = hc_mmuext_op((void *)0x8000000000000000UL, 1, NULL, DOMID_SELF);
    xt_check(rc == -XEN_EFAULT, "mmuext bad list = %ld", rc);
    rc = xt_mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    xt_check(rc == 0, "TLB_FLUSH_LOCAL = %ld", rc);
}

void test_main(void)
{
    build_tree();
    pin_each_level();
    pin_tree();
    pin_refusals();
    misc_ops();
}
