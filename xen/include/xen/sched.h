/* SPDX-License-Identifier: GPL-2.0-only */
/* Domains and vCPUs. */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/time.h>

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
};

struct domain {
    domid_t domain_id;
    bool is_privileged;
    bool console_line_start;            /* for "(dN) " prefixes */
    spinlock_t lock;
};

#endif /* XEN_SCHED_H */
