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

struct domain;

/*
 * The frame allocator freed the last frame of dead domain d (with nothing
 * of d's locked): free d on this CPU's next exit to a guest.
 */
void domain_reap_later(struct domain *d);
/* Free the domains this CPU was asked to (no locks held, nothing of them in use). */
void domain_reap_pending(void);

#endif /* XEN_DOMAIN_H */
