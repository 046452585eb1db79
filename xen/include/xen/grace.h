/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freeing after a grace period (common/grace.c): an object unlinked from
 * every shared structure may still be in use by a CPU that found it a
 * moment earlier (domain_by_id() hands out bare pointers). grace_defer()
 * runs fn(item) once every online CPU has passed a quiescent point, where
 * the hypervisor holds no such pointer: the exit to a guest and each turn
 * of the idle loop (grace_quiescent()). The idea is quiescent-state RCU.
 */
#ifndef XEN_GRACE_H
#define XEN_GRACE_H

#include <xen/types.h>
#include <xen/time.h>
#include <asm/config.h>

struct grace_item {
    struct grace_item *next;
    void (*fn)(struct grace_item *item);
    unsigned long snap[NR_CPUS];    /* each CPU's quiescent count at defer */
};

void grace_defer(struct grace_item *item, void (*fn)(struct grace_item *item));
/* This CPU holds nothing found before now: run what has waited long enough. */
void grace_quiescent(void);
/*
 * The caller (holding nothing deferred) waits up to timeout for item to
 * have run, so that what it frees is back when the caller returns. Bounded:
 * a CPU that waits for this one (vcpu_sync_descheduled) cannot deadlock
 * it; on timeout (false) the item still runs later.
 */
bool grace_wait(const struct grace_item *item, s_time_t timeout);

#endif /* XEN_GRACE_H */
