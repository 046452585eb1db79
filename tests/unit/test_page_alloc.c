/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests for the frame allocator in xen/common/page_alloc.c. */
#include <stdlib.h>
#include <xen/lib.h>
#include <xen/page_alloc.h>
#include "harness.h"

#define FRAMES 4096UL
static unsigned long bitmap[PAGE_ALLOC_BITMAP_LONGS(FRAMES)];

static int setup(void)
{
    page_alloc_setup(bitmap, FRAMES);
    return 0;
}

static void test_ranges(void)
{
    setup();
    CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
    page_alloc_add_range(256, FRAMES);
    CU_ASSERT_EQUAL(page_alloc_free_count(), FRAMES - 256);
    page_alloc_reserve_range(512, 1024);
    CU_ASSERT_EQUAL(page_alloc_free_count(), FRAMES - 256 - 512);
    CU_ASSERT_FALSE(page_alloc_is_free(_mfn(600)));
    CU_ASSERT_TRUE(page_alloc_is_free(_mfn(300)));
    /* Adding an already-free range twice counts it once. */
    page_alloc_add_range(256, 300);
    CU_ASSERT_EQUAL(page_alloc_free_count(), FRAMES - 256 - 512);
}

static void test_alloc_free_order(void)
{
    mfn_t m[5];

    setup();
    page_alloc_add_range(0, FRAMES);
    for ( unsigned int o = 0; o < 5; o++ )
    {
        m[o] = alloc_frames(o * 2, 0);
        CU_ASSERT_FALSE(mfn_eq(m[o], INVALID_MFN));
        CU_ASSERT_EQUAL(mfn_x(m[o]) % (1UL << (o * 2)), 0);
        for ( unsigned long i = 0; i < (1UL << (o * 2)); i++ )
            CU_ASSERT_FALSE(page_alloc_is_free(mfn_add(m[o], i)));
    }
    for ( unsigned int o = 0; o < 5; o++ )
        free_frames(m[o], o * 2);
    CU_ASSERT_EQUAL(page_alloc_free_count(), FRAMES);
}

static void test_address_bits(void)
{
    mfn_t m;

    setup();
    page_alloc_add_range(0, FRAMES);
    m = alloc_frames(0, 20);            /* below 1 MiB: frames 0..255 */
    CU_ASSERT(mfn_x(m) < 256);
    free_frames(m, 0);
    page_alloc_reserve_range(0, 256);
    CU_ASSERT(mfn_eq(alloc_frames(0, 20), INVALID_MFN));
}

static void test_exhaustion(void)
{
    unsigned long got = 0;

    setup();
    page_alloc_add_range(100, 200);
    while ( !mfn_eq(alloc_frames(0, 0), INVALID_MFN) )
        got++;
    CU_ASSERT_EQUAL(got, 100);
    CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
    /* A run that does not fit fails without side effects. */
    page_alloc_add_range(100, 110);
    CU_ASSERT(mfn_eq(alloc_frames(4, 0), INVALID_MFN));
    CU_ASSERT_EQUAL(page_alloc_free_count(), 10);
    CU_ASSERT(mfn_eq(alloc_frames(31, 0), INVALID_MFN));
}

static void test_random_churn(void)
{
    struct { mfn_t m; unsigned int order; } held[256];
    unsigned int nheld = 0;

    setup();
    page_alloc_add_range(0, FRAMES);
    srand(1234);
    for ( unsigned int i = 0; i < 20000; i++ )
    {
        if ( nheld < 256 && (rand() & 1) )
        {
            unsigned int order = rand() % 6;
            mfn_t m = alloc_frames(order, 0);

            if ( !mfn_eq(m, INVALID_MFN) )
                held[nheld++] = (typeof(held[0])){ m, order };
        }
        else if ( nheld )
        {
            unsigned int k = rand() % nheld;

            free_frames(held[k].m, held[k].order);
            held[k] = held[--nheld];
        }
    }
    while ( nheld )
    {
        nheld--;
        free_frames(held[nheld].m, held[nheld].order);
    }
    CU_ASSERT_EQUAL(page_alloc_free_count(), FRAMES);
}

static CU_TestInfo cases[] = {
    { "ranges", test_ranges },
    { "alloc_free_order", test_alloc_free_order },
    { "address_bits", test_address_bits },
    { "exhaustion", test_exhaustion },
    { "random_churn", test_random_churn },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("page_alloc", NULL, NULL, cases);
