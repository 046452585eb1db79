/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV page-table entry validation and updates (xen/arch/x86/pv/pt_validate.c)
 * on the fake machine of tests/unit/fake_mm.c, plus a randomised run that
 * checks the frame-table invariants after every operation.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <xen/types.h>
#include <xen/errno.h>
#include <asm/page.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>
#include "fake_mm.h"

void fm_teardown(void);         /* test_page_type.c */

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define US  _PAGE_USER
#define GK  _PAGE_GUEST_KERNEL

/* One update of entry idx of table `table` as dom_a; returns rc. */
static int upd(unsigned long table, unsigned int idx, intpte_t val,
               unsigned int flags, struct domain *pg_owner)
{
    struct pt_update u = { .table = _mfn(table), .idx = idx, .val = val,
                           .flags = flags };

    return pt_update_entry(&u, &dom_a, pg_owner);
}

static void pin(unsigned long mfn, unsigned int level)
{
    CU_ASSERT_EQUAL_FATAL(page_pin_table(fm_pg(mfn), &dom_a,
                                         PGT_pt_of_level(level)), 0);
}

static void test_l1_flags(void)
{
    fm_reset();
    pin(20, 1);
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(21, P | _PAGE_PAT), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(21, P | _PAGE_PCD), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(21, P | _PAGE_PWT), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(fm_table(20)[0], 0);
    /* Allowed: A, D, AVAIL, AVAIL_HIGH, NX, G (dropped). */
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(21, P | _PAGE_ACCESSED | _PAGE_DIRTY |
                                      _PAGE_AVAIL | _PAGE_NX | _PAGE_GLOBAL |
                                      (1UL << 60)), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(20)[0],
                    fm_pte(21, P | US | GK | _PAGE_ACCESSED | _PAGE_DIRTY |
                           _PAGE_AVAIL | _PAGE_NX | (1UL << 60)));
    /* A user mapping keeps no kernel marker. */
    CU_ASSERT_EQUAL(upd(20, 1, fm_pte(22, P | US | RW), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(20)[1], fm_pte(22, P | US | RW));
    /* Reading back and writing the value again is stable. */
    CU_ASSERT_EQUAL(upd(20, 0, fm_table(20)[0], 0, &dom_a), 0);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(21)), 2);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_upper_flags_pse(void)
{
    fm_reset();
    pin(30, 2);
    pin(31, 3);
    pin(32, 4);
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(40, P | _PAGE_PSE), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(31, 0, fm_pte(40, P | _PAGE_PSE), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(32, 0, fm_pte(40, P | _PAGE_PSE), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(40, P | _PAGE_GLOBAL), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(40, P | _PAGE_PCD), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(40)), 0);
    /* A PSE L2 in a table being pinned fails the pin. */
    fm_table(33)[7] = fm_pte(0, P | RW | _PAGE_PSE);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(33), &dom_a, PGT_l2_page_table),
                    -EINVAL);
    /* Good upper entries: US (and A for L4) added. */
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(40, P | RW), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(30)[0], fm_pte(40, P | RW | US));
    CU_ASSERT_EQUAL(page_type(fm_pg(40)), PGT_l1_page_table);
    CU_ASSERT_EQUAL(upd(32, 3, fm_pte(41, P | RW), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(32)[3], fm_pte(41, P | RW | US | _PAGE_ACCESSED));
    CU_ASSERT_EQUAL(page_type(fm_pg(41)), PGT_l3_page_table);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_foreign_and_io(void)
{
    fm_reset();
    pin(20, 1);
    pin(30, 2);
    /* dom_b's frame in dom_a's L1 without foreigndom: refused. */
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(FM_DOM_B, P), 0, &dom_a), -EBUSY);
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(FM_DOM_B, P | RW), 0, &dom_a), -EBUSY);
    /* dom_a's frame named as dom_b's (foreigndom mismatch): refused. */
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(21, P), 0, &dom_b), -EBUSY);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(FM_DOM_B)), 1);
    /* With foreigndom = dom_b: mapped, and a writable ref on dom_b's frame. */
    CU_ASSERT_EQUAL(upd(20, 0, fm_pte(FM_DOM_B, P | RW), 0, &dom_b), 0);
    CU_ASSERT_EQUAL(page_type(fm_pg(FM_DOM_B)), PGT_writable_page);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(FM_DOM_B)), 2);
    /* ... so it cannot become dom_b's page table while mapped. */
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(FM_DOM_B), &dom_b,
                                   PGT_l1_page_table), -EINVAL);
    /* Upper levels only ever reference the table owner's frames. */
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(FM_DOM_B + 1, P), 0, &dom_b), -EINVAL);
    /* Non-RAM frames need I/O permission and take no references. */
    CU_ASSERT_EQUAL(upd(20, 1, fm_pte(FM_FRAMES + 5, P | RW), 0, &dom_a), -EPERM);
    CU_ASSERT_EQUAL(upd(30, 1, fm_pte(FM_FRAMES + 5, P), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    CU_ASSERT_EQUAL(upd(20, 0, 0, 0, &dom_a), 0);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(FM_DOM_B)), 1);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(FM_DOM_B)), 0);
    fm_teardown();
}

static void test_io_domain(void)
{
    struct pt_update u = { .table = _mfn(FM_DOM_B), .idx = 0 };

    fm_reset();
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(FM_DOM_B), &dom_b,
                                   PGT_l1_page_table), 0);
    dom_b.io = true;
    u.val = fm_pte(FM_FRAMES + 5, P | RW | _PAGE_PCD | _PAGE_PWT);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_b, &dom_b), 0);
    u.idx = 1;
    u.val = fm_pte(FM_DOM_B + 1, P | RW | _PAGE_PAT);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_b, &dom_b), 0);
    /* Non-WB mapping of a hypervisor page: refused even with I/O rights. */
    fm_pg(FM_DOM_B + 2)->count_info |= PGC_xen_heap;
    u.idx = 2;
    u.val = fm_pte(FM_DOM_B + 2, P | _PAGE_PCD);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_b, &dom_b), -EACCES);
    u.val = fm_pte(FM_DOM_B + 2, P);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_b, &dom_b), 0);
    dom_b.io = false;
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_hypervisor_hole(void)
{
    fm_reset();
    pin(32, 4);
    for ( unsigned int i = 256; i <= 271; i++ )
    {
        CU_ASSERT_EQUAL(upd(32, i, 0, 0, &dom_a), -EINVAL);
        CU_ASSERT_EQUAL(upd(32, i, fm_pte(41, P), 0, &dom_a), -EINVAL);
    }
    CU_ASSERT_EQUAL(fm_table(32)[256] & P, P);     /* filled, untouched */
    CU_ASSERT_EQUAL(upd(32, 255, fm_pte(41, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(upd(32, 272, fm_pte(42, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(upd(32, 512, 0, 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_writable_map_of_table_ebusy(void)
{
    fm_reset();
    pin(20, 1);
    for ( unsigned int l = 1; l <= 4; l++ )
    {
        pin(40 + l, l);
        CU_ASSERT_EQUAL(upd(20, l, fm_pte(40 + l, P | RW), 0, &dom_a), -EBUSY);
        CU_ASSERT_EQUAL(upd(20, l, fm_pte(40 + l, P), 0, &dom_a), 0);
    }
    /* An upper entry cannot adopt a writable-mapped frame as table. */
    CU_ASSERT_EQUAL(upd(20, 9, fm_pte(50, P | RW), 0, &dom_a), 0);
    pin(30, 2);
    CU_ASSERT_EQUAL(upd(30, 0, fm_pte(50, P), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

/*
 * XSA-182 shape: a read-only linear (self) L4 entry must never be turned
 * into a writable one by an update that "only changes flags".
 */
static void test_xsa182_linear(void)
{
    fm_reset();
    pin(32, 4);
    CU_ASSERT_EQUAL(upd(32, 5, fm_pte(32, P | RW), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(32, 5, fm_pte(32, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(upd(32, 5, fm_pte(32, P | RW), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(32, 5, fm_pte(32, P | RW), PT_UPD_PRESERVE_AD,
                        &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(fm_table(32)[5], fm_pte(32, P | US | _PAGE_ACCESSED));
    CU_ASSERT_EQUAL(page_type_count(fm_pg(32)), 1);  /* self-map holds none */

    /* Linear to another validated L4: RO only, and no role chains. */
    pin(33, 4);
    pin(34, 4);
    CU_ASSERT_EQUAL(upd(32, 6, fm_pte(33, P | RW), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(32, 6, fm_pte(33, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(33)), 2);
    CU_ASSERT_EQUAL(upd(32, 6, fm_pte(33, P | RW), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(33, 0, fm_pte(34, P), 0, &dom_a), -EINVAL); /* 33 is a target */
    CU_ASSERT_EQUAL(upd(34, 0, fm_pte(32, P), 0, &dom_a), -EINVAL); /* 32 has entries */
    CU_ASSERT_EQUAL(fm_audit(), 0);
    /* A table used linearly stays an L4 after its own unpin. */
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(33), &dom_a), 0);
    CU_ASSERT_EQUAL(page_type(fm_pg(33)), PGT_l4_page_table);
    CU_ASSERT_TRUE(page_is_validated(fm_pg(33)));
    CU_ASSERT_EQUAL(upd(32, 6, 0, 0, &dom_a), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(33)), 0);
    CU_ASSERT_EQUAL(fm_pg(32)->linear_pt, 0);
    CU_ASSERT_EQUAL(fm_pg(33)->linear_pt, 0);

    /* Same rules one level down (L2 -> L2). */
    pin(35, 2);
    pin(36, 2);
    CU_ASSERT_EQUAL(upd(35, 1, fm_pte(36, P | RW), 0, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(upd(35, 1, fm_pte(36, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(upd(35, 2, fm_pte(35, P), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_preserve_ad_and_cmpxchg(void)
{
    struct pt_update u = { .table = _mfn(20), .idx = 3 };
    intpte_t cur;

    fm_reset();
    pin(20, 1);
    CU_ASSERT_EQUAL(upd(20, 3, fm_pte(21, P | US | RW), 0, &dom_a), 0);
    fm_table(20)[3] |= _PAGE_ACCESSED | _PAGE_DIRTY;    /* "hardware" */
    CU_ASSERT_EQUAL(upd(20, 3, fm_pte(21, P | US), PT_UPD_PRESERVE_AD, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(20)[3],
                    fm_pte(21, P | US | _PAGE_ACCESSED | _PAGE_DIRTY));
    CU_ASSERT_EQUAL(page_type_count(fm_pg(21)), 0);     /* RW ref dropped */
    CU_ASSERT_EQUAL(upd(20, 3, fm_pte(21, P | US), 0, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(20)[3], fm_pte(21, P | US));

    /* cmpxchg: mismatch reports the current value and changes nothing. */
    cur = fm_table(20)[3];
    u.flags = PT_UPD_CMPXCHG;
    u.expect = cur ^ _PAGE_DIRTY;
    u.val = fm_pte(22, P | RW);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EAGAIN);
    CU_ASSERT_EQUAL(u.old, cur);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(22)), 1);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(22)), 0);
    u.expect = cur;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    CU_ASSERT_EQUAL(u.old, cur);
    CU_ASSERT_EQUAL(u.level, 1);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(21)), 1);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(22)), 1);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_plain_and_require_l1(void)
{
    struct pt_update u = { .table = _mfn(25), .idx = 4,
                           .val = fm_pte(26, P | _PAGE_PSE) };

    fm_reset();
    /* Untyped frame: a plain store of any value, no references. */
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    CU_ASSERT_EQUAL(u.level, 0);
    CU_ASSERT_EQUAL(fm_table(25)[4], fm_pte(26, P | _PAGE_PSE));
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(26)), 1);
    u.flags = PT_UPD_REQUIRE_L1;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EINVAL);
    pin(30, 2);
    u.table = _mfn(30);
    u.val = 0;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EINVAL);
    /* Not owned / not RAM / descriptor page. */
    u.flags = 0;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_b, &dom_b), -EINVAL);
    u.table = _mfn(FM_FRAMES + 1);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EINVAL);
    CU_ASSERT_EQUAL(get_page_and_type(fm_pg(27), &dom_a, PGT_seg_desc_page), 0);
    u.table = _mfn(27);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EINVAL);
    put_page_and_type(fm_pg(27));
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_walk(void)
{
    unsigned long va = (5UL << 39) | (6UL << 30) | (7UL << 21) | (8UL << 12);
    mfn_t l1;
    unsigned int idx;

    fm_reset();
    fm_table(10)[5] = fm_pte(11, P | RW);
    fm_table(11)[6] = fm_pte(12, P | RW);
    fm_table(12)[7] = fm_pte(13, P | RW);
    pin(10, 4);
    CU_ASSERT_EQUAL(pt_walk_to_l1(_mfn(10), va, &l1, &idx), 0);
    CU_ASSERT_EQUAL(mfn_x(l1), 13);
    CU_ASSERT_EQUAL(idx, 8);
    CU_ASSERT_EQUAL(pt_walk_to_l1(_mfn(10), va + (1UL << 21), &l1, &idx), -EINVAL);
    CU_ASSERT_EQUAL(pt_walk_to_l1(_mfn(10), 0xffff800000001000UL, &l1, &idx),
                    -EINVAL);
    CU_ASSERT_EQUAL(pt_walk_to_l1(_mfn(10), 0x0000800000000000UL, &l1, &idx),
                    -EINVAL);
    CU_ASSERT_EQUAL(fm_maps, 0);
    fm_teardown();
}

/* ---- randomised invariants --------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static intpte_t random_pte(void)
{
    static const unsigned long extra[] = {
        0, 0, 0, RW, RW, RW | US, US, _PAGE_ACCESSED | _PAGE_DIRTY,
        _PAGE_PSE, _PAGE_PCD, _PAGE_GLOBAL, _PAGE_NX,
    };
    unsigned long mfn = rnd() % (FM_FRAMES + 2);
    unsigned long flags = (rnd() % 8 ? P : 0) | extra[rnd() % 12];

    if ( rnd() % 4 == 0 )
        flags |= RW;
    return fm_pte(mfn, flags);
}

static unsigned int random_idx(void)
{
    static const unsigned int idx[] = { 0, 1, 2, 3, 255, 256, 270, 511 };

    return idx[rnd() % 8];
}

#define RANDOM_OPS   100000
#define RANDOM_SEED  0x5eed1234abcdULL

static void test_random_ops(void)
{
    unsigned long ops[4] = { 0 }, ok = 0, failures = 0, pt_ok = 0;

    rng_state = RANDOM_SEED;
    fm_reset();
    for ( unsigned long n = 0; n < RANDOM_OPS && !failures; n++ )
    {
        unsigned long mfn = rnd() % FM_FRAMES;
        struct domain *d = mfn >= FM_DOM_B ? &dom_b : &dom_a;
        unsigned int op = rnd() % 256;
        int rc;

        if ( op < 48 )
        {
            rc = page_pin_table(fm_pg(mfn), d, PGT_pt_of_level(1 + rnd() % 4));
            ops[0]++;
        }
        else if ( op < 80 )
        {
            rc = page_unpin_table(fm_pg(mfn), d);
            ops[1]++;
        }
        else if ( op < 255 )
        {
            struct pt_update u = {
                .table = _mfn(mfn), .idx = random_idx(), .val = random_pte(),
                .flags = rnd() % 2 ? PT_UPD_PRESERVE_AD : 0,
            };

            rc = pt_update_entry(&u, d, rnd() % 8 ? d : &dom_b);
            pt_ok += !rc && u.level;
            ops[2]++;
        }
        else
        {
            /* Occasionally tear everything down and start over. */
            fm_teardown();
            fm_reset();
            rc = 0;
            ops[3]++;
        }
        ok += !rc;
        if ( fm_maps != 0 || fm_audit() != 0 )
        {
            failures++;
            fprintf(stderr, "random: invariant broken after op %lu (op %u)\n",
                    n, op);
        }
    }
    CU_ASSERT_EQUAL(failures, 0);
    fm_teardown();
    fprintf(stderr, "random: %d ops (pin %lu unpin %lu update %lu reset %lu),"
            " %lu succeeded, %lu validated updates\n", RANDOM_OPS, ops[0],
            ops[1], ops[2], ops[3], ok, pt_ok);
    /* The mix must exercise both outcomes and real table updates. */
    CU_ASSERT(ok > RANDOM_OPS / 10 && ok < RANDOM_OPS - RANDOM_OPS / 10);
    CU_ASSERT(pt_ok > RANDOM_OPS / 20);
}

static CU_TestInfo pt_validate_cases[] = {
    { "l1_flags_and_rewriting", test_l1_flags },
    { "upper_flags_pse_refused", test_upper_flags_pse },
    { "foreign_frames_and_mmio", test_foreign_and_io },
    { "io_domain_cache_attrs", test_io_domain },
    { "hypervisor_hole", test_hypervisor_hole },
    { "writable_map_of_table_ebusy", test_writable_map_of_table_ebusy },
    { "xsa182_linear_rules", test_xsa182_linear },
    { "preserve_ad_and_cmpxchg", test_preserve_ad_and_cmpxchg },
    { "plain_store_and_require_l1", test_plain_and_require_l1 },
    { "walk_to_l1", test_walk },
    { "random_100k_ops", test_random_ops },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("pt_validate", NULL, NULL, pt_validate_cases);
