/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into the memop suite's sources (-include): the hook memory.c uses
 * that asm/pv/mm.h only declares outside host tests. test_memop.c defines it.
 */
#include <xen/types.h>

struct domain;
bool pv_may_target(const struct domain *d, const struct domain *t);
