/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Frame reference counts and types (xen/arch/x86/mm/page_type.c) on the fake
 * machine of tests/unit/fake_mm.c.
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

/* Relinquish the fake machine; every count must reach 0 (also used by
 * test_pt_validate.c, same program). */
void fm_teardown(void)
{
    CU_ASSERT_EQUAL(fm_release_all(), 0);
}

/* ---- tests ------------------------------------------------------------- */

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define US  _PAGE_USER

static void test_get_put_page(void)
{
    struct page_info *pg = fm_pg(3);

    fm_reset();
    CU_ASSERT_EQUAL(page_ref_count(pg), 1);
    CU_ASSERT_TRUE(get_page(pg, &dom_a));
    CU_ASSERT_EQUAL(page_ref_count(pg), 2);
    CU_ASSERT_FALSE(get_page(pg, &dom_b));      /* foreign */
    CU_ASSERT_EQUAL(page_ref_count(pg), 2);
    put_page(pg);
    page_relinquish(pg);
    CU_ASSERT_EQUAL(page_ref_count(pg), 0);
    CU_ASSERT_EQUAL(fm_freed, 1);
    CU_ASSERT_FALSE(get_page(pg, &dom_a));      /* free frame */
    CU_ASSERT_EQUAL(page_ref_count(pg), 0);
}

static void test_writable_type(void)
{
    struct page_info *pg = fm_pg(4);

    fm_reset();
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_writable_page), 0);
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_writable_page), 0);
    CU_ASSERT_EQUAL(page_type_count(pg), 2);
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_l1_page_table), -EINVAL);
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_seg_desc_page), -EINVAL);
    put_page_type(pg);
    put_page_type(pg);
    CU_ASSERT_EQUAL(page_type_count(pg), 0);
    CU_ASSERT_EQUAL(page_type(pg), PGT_writable_page); /* kept until retyped */
    CU_ASSERT_EQUAL(fm_flushes, 0);
    /* writable -> L1 must flush stale writable TLB entries first */
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_l1_page_table), 0);
    CU_ASSERT_EQUAL(fm_flushes, 1);
    CU_ASSERT_TRUE(page_is_validated(pg));
    put_page_type(pg);
    CU_ASSERT_FALSE(page_is_validated(pg));
    /* same type again: no flush */
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_l1_page_table), 0);
    CU_ASSERT_EQUAL(fm_flushes, 1);
    put_page_type(pg);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

/*
 * Log-dirty (pv/logdirty.c) learns of every way a frame can be written
 * from the type code: a writable reference taken, or the last one
 * dropped. Other types and the references in between are not reported.
 */
static void test_writable_marks_dirty(void)
{
    struct page_info *pg = fm_pg(6), *l1 = fm_pg(7);

    fm_reset();
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_writable_page), 0);
    CU_ASSERT_EQUAL(fm_dirty, 1);
    CU_ASSERT_EQUAL(fm_dirty_last, 6);
    CU_ASSERT_EQUAL(get_page_type(pg, PGT_writable_page), 0);
    CU_ASSERT_EQUAL(fm_dirty, 2);
    put_page_type(pg);
    CU_ASSERT_EQUAL(fm_dirty, 2);               /* still writable */
    put_page_type(pg);
    CU_ASSERT_EQUAL(fm_dirty, 3);               /* the last one went */
    /* An L1 entry mapping frame 6 RW takes a writable reference. */
    fm_table(7)[0] = fm_pte(6, _PAGE_PRESENT | _PAGE_RW);
    fm_dirty_last = ~0UL;
    CU_ASSERT_EQUAL(get_page_type(l1, PGT_l1_page_table), 0);
    CU_ASSERT_EQUAL(fm_dirty, 4);
    CU_ASSERT_EQUAL(fm_dirty_last, 6);
    put_page_type(l1);                          /* drops frame 6's ref */
    CU_ASSERT_EQUAL(fm_dirty, 5);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

static void test_pin_each_level(void)
{
    for ( unsigned int level = 1; level <= 4; level++ )
    {
        unsigned long t = PGT_pt_of_level(level);
        struct page_info *pg = fm_pg(10);

        fm_reset();
        CU_ASSERT_EQUAL(page_pin_table(pg, &dom_a, t), 0);
        CU_ASSERT_EQUAL(page_type(pg), t);
        CU_ASSERT_TRUE(page_is_pinned(pg));
        CU_ASSERT_TRUE(page_is_validated(pg));
        CU_ASSERT_EQUAL(page_type_count(pg), 1);
        CU_ASSERT_EQUAL(page_ref_count(pg), 2);
        CU_ASSERT_EQUAL(page_pin_table(pg, &dom_a, t), -EINVAL); /* twice */
        CU_ASSERT_EQUAL(page_type_count(pg), 1);
        CU_ASSERT_EQUAL(page_pin_table(pg, &dom_a,
                                       PGT_pt_of_level(level % 4 + 1)), -EINVAL);
        CU_ASSERT_EQUAL(page_unpin_table(pg, &dom_b), -EINVAL);  /* foreign */
        CU_ASSERT_EQUAL(fm_audit(), 0);
        CU_ASSERT_EQUAL(page_unpin_table(pg, &dom_a), 0);
        CU_ASSERT_EQUAL(page_unpin_table(pg, &dom_a), -EINVAL);  /* not pinned */
        CU_ASSERT_EQUAL(page_type_count(pg), 0);
        CU_ASSERT_EQUAL(page_ref_count(pg), 1);
        CU_ASSERT_EQUAL(page_pin_table(fm_pg(FM_DOM_B), &dom_a, t), -EINVAL);
        CU_ASSERT_EQUAL(page_pin_table(pg, &dom_a, PGT_writable_page), -EINVAL);
        CU_ASSERT_EQUAL(fm_audit(), 0);
        fm_teardown();
    }
}

static void test_l4_pin_fills_xen_slots(void)
{
    intpte_t *l4 = fm_table(10);

    fm_reset();
    l4[260] = fm_pte(11, P | RW);   /* guest garbage in the hole: ignored */
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(10), &dom_a, PGT_l4_page_table), 0);
    for ( unsigned int i = 256; i <= 271; i++ )
        CU_ASSERT_EQUAL(l4[i], FM_XEN_SLOT(i));
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(11)), 1);
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(10), &dom_a), 0);
    CU_ASSERT_EQUAL(l4[260], 0);    /* cleared on devalidation */
    fm_teardown();
}

/* A page mapped writable cannot be pinned; once unmapped it can. */
static void test_pin_writable_mapped(void)
{
    struct pt_update u = { .table = _mfn(20), .idx = 0 };

    fm_reset();
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(20), &dom_a, PGT_l1_page_table), 0);
    u.val = fm_pte(21, P | RW);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    for ( unsigned int l = 1; l <= 4; l++ )
        CU_ASSERT_EQUAL(page_pin_table(fm_pg(21), &dom_a, PGT_pt_of_level(l)),
                        -EINVAL);
    u.val = 0;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(21), &dom_a, PGT_l1_page_table), 0);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

/*
 * Build L4(10) -> L3(11) -> L2(12) -> L1(13) -> data 14..17 (RW), with the
 * table frames themselves mapped read-only by L1 slots 10..13.
 */
static void build_tree(unsigned long l4, unsigned long l3, unsigned long l2,
                       unsigned long l1)
{
    fm_table(l4)[0] = fm_pte(l3, P | RW | US);
    fm_table(l3)[0] = fm_pte(l2, P | RW | US);
    fm_table(l2)[0] = fm_pte(l1, P | RW | US);
    for ( unsigned int i = 14; i <= 17; i++ )
        fm_table(l1)[i] = fm_pte(i, P | RW);
    fm_table(l1)[10] = fm_pte(l4, P);
    fm_table(l1)[11] = fm_pte(l3, P);
    fm_table(l1)[12] = fm_pte(l2, P);
    fm_table(l1)[13] = fm_pte(l1, P);
}

/* Linux: pin, use, unpin, then remap the former page tables writable. */
static void test_linux_unpin_remap_cycle(void)
{
    struct pt_update u = { .table = _mfn(13) };

    fm_reset();
    build_tree(10, 11, 12, 13);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(10), &dom_a, PGT_l4_page_table), 0);
    CU_ASSERT_EQUAL(page_type(fm_pg(11)), PGT_l3_page_table);
    CU_ASSERT_EQUAL(page_type(fm_pg(12)), PGT_l2_page_table);
    CU_ASSERT_EQUAL(page_type(fm_pg(13)), PGT_l1_page_table);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(13)), 1);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(13)), 3);   /* alloc, L2e, own L1e */
    CU_ASSERT_EQUAL(page_type(fm_pg(14)), PGT_writable_page);
    CU_ASSERT_EQUAL(fm_audit(), 0);

    /* While pinned: no table may be mapped writable. */
    for ( unsigned int i = 10; i <= 13; i++ )
    {
        u.idx = i;
        u.val = fm_pte(i, P | RW);
        CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), -EBUSY);
        CU_ASSERT_EQUAL(fm_table(13)[i], fm_pte(i, P | US | _PAGE_GUEST_KERNEL));
    }

    /* Second address space shares the L3; switch to it; drop the first. */
    fm_table(30)[0] = fm_pte(11, P | RW | US);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(30), &dom_a, PGT_l4_page_table), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(11)), 2);
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(10), &dom_a), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(10)), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(11)), 1);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(10)), 2);   /* alloc + RO L1e */

    /* The old L4 is plain memory again: remap it RW. */
    u.idx = 10;
    u.val = fm_pte(10, P | RW);
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    CU_ASSERT_EQUAL(u.level, 1);
    CU_ASSERT_EQUAL(page_type(fm_pg(10)), PGT_writable_page);
    CU_ASSERT_EQUAL(fm_audit(), 0);

    /* exit(): unpin everything, everything is writable-mappable again. */
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(30), &dom_a), 0);
    for ( unsigned long i = 10; i <= 17; i++ )
        CU_ASSERT_EQUAL(page_type_count(fm_pg(i)), 0);
    for ( unsigned long i = 10; i <= 17; i++ )
        CU_ASSERT_EQUAL(page_ref_count(fm_pg(i)), 1);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    CU_ASSERT_EQUAL(get_page_type(fm_pg(13), PGT_writable_page), 0);
    put_page_type(fm_pg(13));
    fm_teardown();
}

/* A failing validation leaves no reference behind. */
static void test_validation_rollback(void)
{
    intpte_t *l1 = fm_table(20);

    fm_reset();
    l1[0] = fm_pte(21, P | RW);
    l1[1] = fm_pte(22, P);
    l1[2] = fm_pte(23, P | _PAGE_PCD);          /* needs I/O privilege */
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(20), &dom_a, PGT_l1_page_table),
                    -EINVAL);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(20)), 0);
    CU_ASSERT_FALSE(page_is_pinned(fm_pg(20)));
    CU_ASSERT_EQUAL(page_type_count(fm_pg(21)), 0);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(21)), 1);
    CU_ASSERT_EQUAL(page_ref_count(fm_pg(22)), 1);
    CU_ASSERT_EQUAL(fm_audit(), 0);

    /* Nested: the L2 fails because its L1 does; nothing stays typed. */
    fm_table(24)[5] = fm_pte(20, P | RW);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(24), &dom_a, PGT_l2_page_table),
                    -EINVAL);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(20)), 0);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(24)), 0);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_teardown();
}

/* The audit itself notices a frame both RW-mapped and typed as a table. */
static void test_audit_detects_corruption(void)
{
    fm_reset();
    fm_table(20)[0] = fm_pte(21, P | RW);
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(20), &dom_a, PGT_l1_page_table), 0);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_pg(21)->type_info = PGT_l1_page_table | PGT_validated | 1; /* forge */
    CU_ASSERT_NOT_EQUAL(frame_table_audit(&dom_a, _mfn(0), FM_FRAMES, 0), 0);
    fm_pg(21)->type_info = PGT_writable_page | PGT_validated | 1;
    CU_ASSERT_EQUAL(fm_audit(), 0);
    fm_pg(21)->count_info++;                                    /* leak */
    CU_ASSERT_NOT_EQUAL(fm_audit(), 0);
    fm_pg(21)->count_info--;
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(20), &dom_a), 0);
    /* A dead domain still holding a pin is reported. */
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(20), &dom_a, PGT_l1_page_table), 0);
    CU_ASSERT_NOT_EQUAL(frame_table_audit(&dom_a, _mfn(0), FM_FRAMES,
                                          FT_AUDIT_DYING), 0);
    fm_teardown();
}

/*
 * Auditing one domain leaves the others' frames alone (they may be half-way
 * through a type change on another CPU); the whole-machine audit does not.
 */
static void test_audit_one_domain(void)
{
    struct page_info *pg;

    fm_reset();
    pg = fm_pg(FM_DOM_B);
    pg->count_info++;
    pg->type_info = PGT_l1_page_table | 1;              /* being validated */
    CU_ASSERT_EQUAL(frame_table_audit(&dom_a, _mfn(0), FM_FRAMES, 0), 0);
    CU_ASSERT_NOT_EQUAL(frame_table_audit(&dom_b, _mfn(0), FM_FRAMES, 0), 0);
    CU_ASSERT_NOT_EQUAL(frame_table_audit(NULL, _mfn(0), FM_FRAMES, 0), 0);
    pg->type_info = 0;
    pg->count_info--;
    fm_teardown();
}

/*
 * The leak check at a domain's end walks only its frame list (its cost is
 * what the domain holds): every frame still on it is a leak, referenced or
 * not, and a list that disagrees with its count or holds another owner's
 * frame is reported too.
 */
static void test_audit_frame_list(void)
{
    struct page_list l = { 0 };

    fm_reset();
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, FT_AUDIT_DYING), 0);
    page_list_add_tail(&l, fm_pg(20));
    page_list_add_tail(&l, fm_pg(21));
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, 0), 0);
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, FT_AUDIT_DYING), 2);
    fm_pg(21)->count_info = 0;                  /* free, yet still listed */
    page_list_del(&l, fm_pg(20));
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, FT_AUDIT_DYING), 1);
    fm_pg(21)->count_info = PGC_allocated | 1;
    CU_ASSERT_PTR_EQUAL(page_list_rotate(&l), fm_pg(21));
    page_list_add_tail(&l, fm_pg(FM_DOM_B));
    CU_ASSERT_PTR_EQUAL(page_list_rotate(&l), fm_pg(21));
    CU_ASSERT_PTR_EQUAL(l.head, fm_pg(FM_DOM_B));
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, 0), 1);   /* b's frame */
    l.count = 3;
    CU_ASSERT_EQUAL(frame_list_audit(&dom_a, &l, 0), 2);   /* and the count */
    fm_teardown();
}

static CU_TestInfo page_type_cases[] = {
    { "audit_frame_list", test_audit_frame_list },
    { "get_put_page", test_get_put_page },
    { "audit_one_domain", test_audit_one_domain },
    { "writable_type_and_flush", test_writable_type },
    { "writable_marks_dirty", test_writable_marks_dirty },
    { "pin_unpin_each_level", test_pin_each_level },
    { "l4_pin_fills_xen_slots", test_l4_pin_fills_xen_slots },
    { "pin_writable_mapped_einval", test_pin_writable_mapped },
    { "linux_unpin_remap_cycle", test_linux_unpin_remap_cycle },
    { "validation_rollback", test_validation_rollback },
    { "audit_detects_corruption", test_audit_detects_corruption },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("page_type", NULL, NULL, page_type_cases);
