/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log-dirty mode of PV domains (pv/logdirty.c): XEN_DOMCTL_shadow_op and
 * the hooks that mark frames dirty.
 */
#ifndef ASM_PV_LOGDIRTY_H
#define ASM_PV_LOGDIRTY_H

#include <xen/types.h>

struct domain;
struct page_info;
struct xen_domctl_shadow_op;

/* XEN_DOMCTL_shadow_op for PV d: 0 or Xen's error (-EINVAL, -ENOMEM, ...). */
long pv_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sop);
/* Frame mfn of d may have been written: mark its PFN if log-dirty is on. */
void paging_mark_dirty(struct domain *d, mfn_t mfn);
/* Turn log-dirty off and free the bitmap (shadow_op OFF, domain death). */
void paging_logdirty_release(struct domain *d);

#endif /* ASM_PV_LOGDIRTY_H */
