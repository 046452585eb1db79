/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Preemptible page-table (de)validation (issue 14, defect 6): pinning and
 * unpinning a deep tree stop with -ERESTART whenever the fake
 * hypercall_preempt_check() says so, and calling again continues. Checked:
 * the result equals the unpreempted one, every intermediate state passes
 * the exact frame audit, failures after a resume undo exactly what was
 * done, other takers of a partial table continue it, and a domain dying
 * with partial tables gets every count back to 0.
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

#define L4      1
#define L3(i)   (2 + (i))       /* 2..5 */
#define L2(i)   (6 + (i))       /* 6..13 */
#define L1(i)   (14 + (i))      /* 14..17 */
#define DATA(i) (40 + (i))      /* 40..47, mapped RW */

/*
 * L4 -> 4 L3s (and slot 300 -> L3(0) again) -> 8 L2s each -> 4 L1s in
 * many slots each -> data frames mapped RW: cheap to build, many entries.
 */
static void build_deep_tree(void)
{
    for ( unsigned int i = 0; i < 4; i++ )
        fm_table(L4)[i * 2] = fm_pte(L3(i), P | RW);
    fm_table(L4)[300] = fm_pte(L3(0), P | RW);
    for ( unsigned int i = 0; i < 4; i++ )
        for ( unsigned int j = 0; j < 8; j++ )
            fm_table(L3(i))[j * 40 + i] = fm_pte(L2(j), P | RW);
    for ( unsigned int j = 0; j < 8; j++ )
        for ( unsigned int k = 0; k < 64; k++ )
            fm_table(L2(j))[k * 7 + j] = fm_pte(L1(k % 4), P | RW);
    for ( unsigned int k = 0; k < 4; k++ )
        for ( unsigned int d = 0; d < 8; d++ )
            fm_table(L1(k))[d * 3] = fm_pte(DATA(d), P | RW);
}

static void expect_all_free(void)
{
    for ( unsigned long mfn = 0; mfn < FM_DOM_B; mfn++ )
    {
        CU_ASSERT_EQUAL(page_type_count(fm_pg(mfn)), 0);
        CU_ASSERT_EQUAL(page_ref_count(fm_pg(mfn)), 1);
        CU_ASSERT_FALSE(!!(fm_pg(mfn)->type_info & PGT_partial));
    }
}

static unsigned int undo_restarts;  /* restarts with a failure's undo left */

static bool undo_pending(void)
{
    for ( unsigned long mfn = 0; mfn < FM_DOM_B; mfn++ )
        if ( (fm_pg(mfn)->type_info & PGT_partial) && fm_pg(mfn)->partial_err )
            return true;
    return false;
}

/* Pin L4 until it is not -ERESTART; counts the restarts, audits each. */
static int pin_restarting(unsigned int *restarts)
{
    int rc;

    while ( (rc = page_pin_table_preemptible(fm_pg(L4), &dom_a,
                                             PGT_l4_page_table)) == -ERESTART )
    {
        (*restarts)++;
        undo_restarts += undo_pending();
        CU_ASSERT_EQUAL(fm_maps, 0);
        CU_ASSERT_EQUAL(fm_audit(), 0);
        CU_ASSERT_FALSE(page_is_pinned(fm_pg(L4)));
    }
    return rc;
}

/* Unpin L4, continuing a preempted devalidation as the vCPU's pending put. */
static unsigned int unpin_restarting(void)
{
    unsigned int restarts = 0;
    int rc = page_unpin_table_preemptible(fm_pg(L4), &dom_a);

    if ( rc == -ERESTART )
    {
        do {
            restarts++;
            CU_ASSERT_EQUAL(fm_maps, 0);
        } while ( page_finish_partial(fm_pg(L4), true) == -ERESTART );
        put_page(fm_pg(L4));
    }
    else
        CU_ASSERT_EQUAL(rc, 0);
    return restarts;
}

static void expect_pinned_tree(void)
{
    CU_ASSERT_TRUE(page_is_pinned(fm_pg(L4)));
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L4)), 1);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L3(0))), 2);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L2(0))), 4);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L1(0))), 8 * 16);
    CU_ASSERT_EQUAL(page_type(fm_pg(DATA(0))), PGT_writable_page);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(DATA(0))), 4);
    CU_ASSERT_EQUAL(fm_table(L4)[PT_XEN_L4_SLOT_FIRST],
                    FM_XEN_SLOT(PT_XEN_L4_SLOT_FIRST));
    CU_ASSERT_EQUAL(fm_audit(), 0);
}

/* Preempt every n-th check, for many n: same tree, same counts, all freed. */
static void test_pin_unpin_deep_tree(void)
{
    static const unsigned int every[] = { 0, 1, 2, 3, 5, 17, 100, 511, 2000 };

    for ( unsigned int t = 0; t < sizeof(every) / sizeof(every[0]); t++ )
    {
        unsigned int restarts = 0, unpin_restarts;

        fm_reset();
        build_deep_tree();
        fm_preempt_every = every[t];
        CU_ASSERT_EQUAL(pin_restarting(&restarts), 0);
        expect_pinned_tree();
        unpin_restarts = unpin_restarting();
        CU_ASSERT_EQUAL(fm_audit(), 0);
        expect_all_free();
        /* Small n must preempt; never is never. */
        if ( every[t] && every[t] <= 100 )
            CU_ASSERT(restarts > 0 && unpin_restarts > 0);
        if ( !every[t] )
            CU_ASSERT(restarts == 0 && unpin_restarts == 0);
        /* The former tables are plain memory again. */
        CU_ASSERT_EQUAL(get_page_type(fm_pg(L2(3)), PGT_writable_page), 0);
        put_page_type(fm_pg(L2(3)));
        fm_teardown();
    }
}

/* A bad entry found after some resumes: everything taken is given back. */
static void test_failure_after_resume(void)
{
    static const struct { unsigned long mfn; unsigned int idx; } bad[] = {
        { L4, 511 }, { L3(3), 500 }, { L2(7), 200 }, { L2(0), 0 },
        { L1(3), 400 },
    };

    for ( unsigned int b = 0; b < sizeof(bad) / sizeof(bad[0]); b++ )
        for ( unsigned int every = 1; every <= 9; every += 4 )
        {
            unsigned int restarts = 0;

            fm_reset();
            build_deep_tree();
            /* A PSE entry (a superpage) is refused at every level. */
            fm_table(bad[b].mfn)[bad[b].idx] = fm_pte(DATA(0), P | _PAGE_PSE);
            fm_preempt_every = every;
            undo_restarts = 0;
            CU_ASSERT_EQUAL(pin_restarting(&restarts), -EINVAL);
            /* Undoing a whole L3 subtree is preempted too. */
            if ( bad[b].mfn == L4 )
                CU_ASSERT(undo_restarts > 0);
            /* L2(0)[0] is the first entry reached: no check before it. */
            CU_ASSERT(restarts > 0 || bad[b].idx == 0);
            CU_ASSERT_EQUAL(fm_maps, 0);
            CU_ASSERT_EQUAL(fm_audit(), 0);
            expect_all_free();
            fm_teardown();
        }
}

/* Another taker meets a failed validation's undo: it finishes it and fails. */
static void test_takeover_of_failed_undo(void)
{
    int rc;

    fm_reset();
    build_deep_tree();
    fm_table(L4)[511] = fm_pte(DATA(0), P | _PAGE_PSE);
    fm_preempt_every = 5;
    do {
        rc = page_pin_table_preemptible(fm_pg(L4), &dom_a, PGT_l4_page_table);
        CU_ASSERT(rc == -ERESTART);
    } while ( rc == -ERESTART && !fm_pg(L4)->partial_err );
    fm_preempt_every = 0;
    CU_ASSERT_EQUAL(get_page_and_type(fm_pg(L4), &dom_a, PGT_l4_page_table),
                    -EINVAL);
    CU_ASSERT_EQUAL(fm_audit(), 0);
    expect_all_free();
    fm_teardown();
}

/* Another path takes over a partial table and completes it. */
static void test_takeover(void)
{
    unsigned int restarts = 0;
    int rc;

    fm_reset();
    build_deep_tree();
    fm_preempt_every = 40;
    rc = page_pin_table_preemptible(fm_pg(L4), &dom_a, PGT_l4_page_table);
    CU_ASSERT_EQUAL(rc, -ERESTART);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L4)), 1);
    CU_ASSERT_TRUE(!!(fm_pg(L4)->type_info & PGT_partial));
    /* A non-preemptible taker (no hypercall) finishes the L4 itself. */
    fm_preempt_every = 0;
    CU_ASSERT_EQUAL(get_page_and_type(fm_pg(L4), &dom_a, PGT_l4_page_table), 0);
    CU_ASSERT_TRUE(page_is_validated(fm_pg(L4)));
    CU_ASSERT_EQUAL(fm_audit(), 1);     /* our own ref is unexplained */
    /* The pin's continuation now just takes a second reference. */
    fm_preempt_every = 3;
    CU_ASSERT_EQUAL(pin_restarting(&restarts), 0);
    CU_ASSERT_EQUAL(restarts, 0);
    put_page_and_type(fm_pg(L4));
    expect_pinned_tree();

    /* Unpin preempted, then the tree is pinned again before it is done. */
    CU_ASSERT_EQUAL(page_unpin_table_preemptible(fm_pg(L4), &dom_a),
                    -ERESTART);
    CU_ASSERT_EQUAL(pin_restarting(&restarts), 0);
    /* The pending put finds nothing left to do. */
    CU_ASSERT_EQUAL(page_finish_partial(fm_pg(L4), true), 0);
    put_page(fm_pg(L4));
    expect_pinned_tree();
    CU_ASSERT_EQUAL(unpin_restarting() > 0, true);
    expect_all_free();
    fm_teardown();
}

/* An upper-level mmu_update entry whose new table is big continues too. */
static void test_update_entry_preempted(void)
{
    struct pt_update u = { .table = _mfn(30), .idx = 5,
                           .val = fm_pte(L3(1), P | RW),
                           .flags = PT_UPD_PREEMPTIBLE };
    unsigned int restarts = 0;
    int rc;

    fm_reset();
    build_deep_tree();
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(30), &dom_a, PGT_l4_page_table), 0);
    fm_preempt_every = 7;
    while ( (rc = pt_update_entry(&u, &dom_a, &dom_a)) == -ERESTART )
    {
        restarts++;
        CU_ASSERT_EQUAL(fm_table(30)[5], 0);
    }
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(restarts > 0);
    CU_ASSERT_EQUAL(u.level, 4);
    CU_ASSERT_EQUAL(page_type_count(fm_pg(L3(1))), 1);
    CU_ASSERT_EQUAL(fm_audit(), 0);

    /* Clearing the entry devalidates the subtree: left to the caller. */
    u.val = 0;
    CU_ASSERT_EQUAL(pt_update_entry(&u, &dom_a, &dom_a), 0);
    CU_ASSERT_EQUAL(fm_table(30)[5], 0);
    CU_ASSERT_PTR_EQUAL(u.pending, fm_pg(L3(1)));
    restarts = 0;
    while ( page_finish_partial(u.pending, true) == -ERESTART )
        restarts++;
    CU_ASSERT(restarts > 0);
    put_page(u.pending);
    fm_preempt_every = 0;
    CU_ASSERT_EQUAL(page_unpin_table(fm_pg(30), &dom_a), 0);
    expect_all_free();
    fm_teardown();
}

/* The domain dies with a partial validation and a partial devalidation. */
static void test_death_with_partial_tables(void)
{
    fm_reset();
    build_deep_tree();
    fm_preempt_every = 25;
    CU_ASSERT_EQUAL(page_pin_table_preemptible(fm_pg(L4), &dom_a,
                                               PGT_l4_page_table), -ERESTART);
    CU_ASSERT_EQUAL(page_pin_table_preemptible(fm_pg(L4), &dom_a,
                                               PGT_l4_page_table), -ERESTART);
    fm_preempt_every = 0;
    fm_teardown();

    fm_reset();
    build_deep_tree();
    CU_ASSERT_EQUAL(page_pin_table(fm_pg(L4), &dom_a, PGT_l4_page_table), 0);
    fm_preempt_every = 25;
    CU_ASSERT_EQUAL(page_unpin_table_preemptible(fm_pg(L4), &dom_a),
                    -ERESTART);
    CU_ASSERT_EQUAL(page_finish_partial(fm_pg(L4), true), -ERESTART);
    fm_preempt_every = 0;
    put_page(fm_pg(L4));                /* the vCPU's pending put goes */
    fm_teardown();
}

static CU_TestInfo pt_preempt_cases[] = {
    { "pin_unpin_deep_tree", test_pin_unpin_deep_tree },
    { "failure_after_resume", test_failure_after_resume },
    { "takeover_by_other_taker", test_takeover },
    { "takeover_of_failed_undo", test_takeover_of_failed_undo },
    { "update_entry_preempted", test_update_entry_preempted },
    { "death_with_partial_tables", test_death_with_partial_tables },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("pt_preempt", NULL, NULL, pt_preempt_cases);
