/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of a domain's life (common/domain.c). domain_destroy() tears a
 * domain down in preemptible steps and marks it dead; a dead domain stays
 * listed (XEN_DOMINF_dying, its id taken) while other domains still
 * reference any of its frames, and its struct is freed once the last one
 * goes. Freeing waits for a point where this CPU holds nothing of it: the
 * next exit to a guest.
 */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H

#include <asm/current.h>

struct domain;

/*
 * The frame allocator freed the last frame of dead domain d (with nothing
 * of d's locked): free d on this CPU's next exit to a guest.
 */
void domain_reap_later(struct domain *d);
/* Per CPU: dead domains to free on the way out (common/domain.c). */
extern struct domain *domain_reap_list[];
void domain_reap_run(void);

/*
 * Free the domains this CPU was asked to (no locks held, nothing of them
 * in use). Inline: every exit to a guest asks, and the list is empty.
 */
static inline void domain_reap_pending_on(unsigned int cpu)
{
    if ( __atomic_load_n(&domain_reap_list[cpu], __ATOMIC_RELAXED) )
        domain_reap_run();
}

static inline void domain_reap_pending(void)
{
    domain_reap_pending_on(smp_processor_id());
}

#endif /* XEN_DOMAIN_H */
