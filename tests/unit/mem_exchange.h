/* SPDX-License-Identifier: GPL-2.0-only */
/* Forced include of the mem_exchange test: what asm/pv/mm.h hides from hosts. */
#include <stdbool.h>

struct domain;
bool pv_may_target(const struct domain *d, const struct domain *t);
