/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * common/rangeset.c on the host: adding merges overlapping and adjacent
 * ranges, removing trims and splits, containment needs the whole range,
 * the full 0..~0 range works, and a full set says -ENOSPC.
 */
#include "harness.h"
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/rangeset.h>

static struct rangeset rs;

static void test_add_merge(void)
{
    rangeset_init(&rs);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 10, 20), 0);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 30, 40), 0);
    CU_ASSERT_EQUAL(rs.nr, 2);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 21, 29), 0);   /* adjacent both */
    CU_ASSERT_EQUAL(rs.nr, 1);
    CU_ASSERT_TRUE(rangeset_contains_range(&rs, 10, 40));
    CU_ASSERT_FALSE(rangeset_contains_range(&rs, 9, 40));
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 0, 5), 0);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 3, 50), 0);    /* swallows all */
    CU_ASSERT_EQUAL(rs.nr, 1);
    CU_ASSERT_TRUE(rangeset_contains_range(&rs, 0, 50));
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 5, 4), -EINVAL);
}

static void test_remove_split(void)
{
    rangeset_init(&rs);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 0, 0xffff), 0);
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 0xcf8, 0xcff), 0);
    CU_ASSERT_EQUAL(rs.nr, 2);
    CU_ASSERT_FALSE(rangeset_contains_singleton(&rs, 0xcfc));
    CU_ASSERT_TRUE(rangeset_contains_singleton(&rs, 0xcf7));
    CU_ASSERT_TRUE(rangeset_contains_singleton(&rs, 0xd00));
    CU_ASSERT_TRUE(rangeset_overlaps_range(&rs, 0xcf0, 0xcf8));
    CU_ASSERT_FALSE(rangeset_overlaps_range(&rs, 0xcf8, 0xcff));
    CU_ASSERT_FALSE(rangeset_contains_range(&rs, 0xcf7, 0xcf8));
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 0, 0x10), 0);  /* trim */
    CU_ASSERT_FALSE(rangeset_contains_singleton(&rs, 0x10));
    CU_ASSERT_TRUE(rangeset_contains_singleton(&rs, 0x11));
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 0xc00, 0xe00), 0); /* two ends */
    CU_ASSERT_EQUAL(rs.nr, 2);
    CU_ASSERT_TRUE(rangeset_contains_range(&rs, 0x11, 0xbff));
    CU_ASSERT_TRUE(rangeset_contains_range(&rs, 0xe01, 0xffff));
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 0, ~0UL), 0);
    CU_ASSERT_EQUAL(rs.nr, 0);
}

static void test_full_width_and_capacity(void)
{
    rangeset_init(&rs);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 0, ~0UL), 0);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 5, ~0UL), 0);
    CU_ASSERT_EQUAL(rs.nr, 1);
    CU_ASSERT_TRUE(rangeset_contains_singleton(&rs, ~0UL));
    rangeset_init(&rs);
    for ( unsigned int i = 0; i < RANGESET_MAX; i++ )
        CU_ASSERT_EQUAL(rangeset_add_range(&rs, i * 4, i * 4 + 1), 0);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 1000, 1001), -ENOSPC);
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 0, 0), 0);  /* trim only */
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 4, 4), 0);
    /* Splitting [8, 9] needs a slot: none left, and nothing changes. */
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 1000, 1001), -ENOSPC);
    CU_ASSERT_EQUAL(rangeset_add_range(&rs, 8, 10), 0);
    CU_ASSERT_EQUAL(rangeset_remove_range(&rs, 9, 9), -ENOSPC);
    CU_ASSERT_TRUE(rangeset_contains_range(&rs, 8, 10));
}

static CU_TestInfo rangeset_cases[] = {
    { "add_merge", test_add_merge },
    { "remove_split", test_remove_split },
    { "full_width_and_capacity", test_full_width_and_capacity },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("rangeset", NULL, NULL, rangeset_cases);
