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
#include <asm/current.h>

struct grace_item {
    struct grace_item *next;
    void (*fn)(struct grace_item *item);
    unsigned long ticket;           /* from grace_defer(), increasing */
    unsigned long snap[NR_CPUS];    /* each CPU's quiescent count at defer */
};

/* Returns a ticket for grace_done() (never 0). */
unsigned long grace_defer(struct grace_item *item,
                          void (*fn)(struct grace_item *item));
/* Per CPU: quiescent points passed; the items not run yet (common/grace.c). */
extern unsigned long grace_qs_count[NR_CPUS];
extern struct grace_item *grace_waiting;
void grace_run_due(void);

/*
 * This CPU holds nothing found before now: run what has waited long enough.
 * Inline: every exit to a guest passes here, and nothing waits.
 */
static inline void grace_quiescent_on(unsigned int me)
{
    __atomic_fetch_add(&grace_qs_count[me], 1, __ATOMIC_RELEASE);
    if ( __atomic_load_n(&grace_waiting, __ATOMIC_RELAXED) )
        grace_run_due();
}

static inline void grace_quiescent(void)
{
    grace_quiescent_on(smp_processor_id());
}
/*
 * Has every item deferred with a ticket <= ticket run to its end (so what
 * its fn frees is back)? Never waits: a caller that needs it issues its
 * hypercall again (-ERESTART), passing a quiescent point on the way out,
 * so no CPU spins for another (vcpu_sync_descheduled waits for this one).
 */
bool grace_done(unsigned long ticket);

#endif /* XEN_GRACE_H */
