/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rangesets: a small sorted set of inclusive [s, e] ranges, one per kind of
 * resource a domain may be granted (I/O ports, I/O memory frames, physical
 * IRQs). Fixed capacity, no allocation: adjacent ranges merge.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/types.h>

#define RANGESET_MAX 32

struct rangeset {
    unsigned int nr;
    struct {
        unsigned long s, e;
    } r[RANGESET_MAX];
};

void rangeset_init(struct rangeset *rs);
/* Add [s, e]. -EINVAL s > e, -ENOSPC the set would need too many ranges. */
int rangeset_add_range(struct rangeset *rs, unsigned long s, unsigned long e);
/* Remove [s, e] (parts not in the set are ignored); -ENOSPC on a split. */
int rangeset_remove_range(struct rangeset *rs, unsigned long s,
                          unsigned long e);
/* Is every value of [s, e] in the set? */
bool rangeset_contains_range(const struct rangeset *rs, unsigned long s,
                             unsigned long e);
/* Is any value of [s, e] in the set? */
bool rangeset_overlaps_range(const struct rangeset *rs, unsigned long s,
                             unsigned long e);

static inline bool rangeset_contains_singleton(const struct rangeset *rs,
                                               unsigned long x)
{
    return rangeset_contains_range(rs, x, x);
}

#endif /* XEN_RANGESET_H */
