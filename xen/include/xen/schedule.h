/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler's side of a pCPU (common/schedule.c): its run queue and
 * idle loop, the hand-over from context_switch(), and per-domain scheduler
 * parameters for XEN_DOMCTL_scheduler_op.
 */
#ifndef XEN_SCHEDULE_H
#define XEN_SCHEDULE_H

#include <xen/types.h>

struct vcpu;
struct domain;
struct xen_domctl_scheduler_op;

/* Run queue, slice timer (and on CPU 0 the accounting) for cpu. */
void sched_init_pcpu(unsigned int cpu);
/* Every guest is built: idle loops may start running vCPUs. */
void sched_start_guests(void);
/* This pCPU's idle loop: runs vCPUs as they become runnable. */
noreturn void idle_loop(void);
/*
 * context_switch() has saved prev and loaded the next context: prev may
 * now run elsewhere (re-queued here if it is still runnable).
 */
void sched_context_saved(struct vcpu *prev);
/* SCHEDOP_yield for current. */
void sched_yield(void);
/* Wait until v (not current) is off every pCPU. */
void vcpu_sync_descheduled(struct vcpu *v);
/* Per-pCPU switch counts on the console (machine going down). */
void sched_print_stats(void);
/* v's cpu_hard_affinity changed: move it off pCPUs it may no longer use. */
void sched_affinity_changed(struct vcpu *v);
/* XEN_DOMCTL_{set,get}vcpuaffinity (common/vcpu_affinity.c). */
struct xen_domctl_vcpuaffinity;
int vcpu_affinity_domctl(struct domain *d, uint32_t cmd,
                         struct xen_domctl_vcpuaffinity *op);
/* XEN_DOMCTL_scheduler_op (credit: weight and cap). */
int sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op);

#endif /* XEN_SCHEDULE_H */
