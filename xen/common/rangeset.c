/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rangesets (xen/rangeset.h): r[0..nr) sorted, disjoint and not adjacent.
 * Callers serialise changes (the domctl lock, or boot).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/rangeset.h>

void rangeset_init(struct rangeset *rs)
{
    rs->nr = 0;
}

static void remove_at(struct rangeset *rs, unsigned int i, unsigned int n)
{
    memmove(&rs->r[i], &rs->r[i + n], (rs->nr - i - n) * sizeof(rs->r[0]));
    rs->nr -= n;
}

int rangeset_add_range(struct rangeset *rs, unsigned long s, unsigned long e)
{
    unsigned int i, j;

    if ( s > e )
        return -EINVAL;
    /* First range that ends at or after s - 1 (it may touch or overlap). */
    for ( i = 0; i < rs->nr && rs->r[i].e != ~0UL && rs->r[i].e + 1 < s; i++ )
        ;
    /* Ranges i..j-1 overlap or touch [s, e]: merge them. */
    for ( j = i; j < rs->nr && (e == ~0UL || rs->r[j].s <= e + 1); j++ )
        ;
    if ( j > i )
    {
        rs->r[i].s = min(rs->r[i].s, s);
        rs->r[i].e = max(rs->r[j - 1].e, e);
        remove_at(rs, i + 1, j - i - 1);
        return 0;
    }
    if ( rs->nr == RANGESET_MAX )
        return -ENOSPC;
    memmove(&rs->r[i + 1], &rs->r[i], (rs->nr - i) * sizeof(rs->r[0]));
    rs->r[i].s = s;
    rs->r[i].e = e;
    rs->nr++;
    return 0;
}

int rangeset_remove_range(struct rangeset *rs, unsigned long s,
                          unsigned long e)
{
    unsigned int i;

    if ( s > e )
        return -EINVAL;
    for ( i = 0; i < rs->nr; i++ )
    {
        if ( rs->r[i].e < s || rs->r[i].s > e )
            continue;
        if ( rs->r[i].s < s && rs->r[i].e > e )
        {
            /* A hole in the middle: split in two. */
            if ( rs->nr == RANGESET_MAX )
                return -ENOSPC;
            memmove(&rs->r[i + 1], &rs->r[i], (rs->nr - i) * sizeof(rs->r[0]));
            rs->nr++;
            rs->r[i].e = s - 1;
            rs->r[i + 1].s = e + 1;
            return 0;
        }
        if ( rs->r[i].s < s )
            rs->r[i].e = s - 1;
        else if ( rs->r[i].e > e )
            rs->r[i].s = e + 1;
        else
            remove_at(rs, i--, 1);
    }
    return 0;
}

bool rangeset_contains_range(const struct rangeset *rs, unsigned long s,
                             unsigned long e)
{
    for ( unsigned int i = 0; i < rs->nr; i++ )
        if ( rs->r[i].s <= s && rs->r[i].e >= e )
            return true;
    return false;
}

bool rangeset_overlaps_range(const struct rangeset *rs, unsigned long s,
                             unsigned long e)
{
    for ( unsigned int i = 0; i < rs->nr; i++ )
        if ( rs->r[i].s <= e && rs->r[i].e >= s )
            return true;
    return false;
}
