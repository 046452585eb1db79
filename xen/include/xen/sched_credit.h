/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler's bookkeeping (common/sched_credit.c), kept free of
 * struct vcpu so the host unit tests can drive it: credits in nanoseconds
 * of pCPU time handed out every accounting period in proportion to the
 * domains' weights (and limited by their caps), burnt while running; the
 * run queues ordered by priority (BOOST > UNDER > OVER) and then credit.
 * Locking is the caller's (common/schedule.c): a run queue under its
 * pCPU's lock, credit and ran updated atomically from any CPU.
 */
#ifndef XEN_SCHED_CREDIT_H
#define XEN_SCHED_CREDIT_H

#include <xen/types.h>

#define CSCHED_DEFAULT_WEIGHT  256
#define CSCHED_MAX_WEIGHT      65535
#define CSCHED_MAX_CAP         (100 * 64)       /* percent of one pCPU */

enum { CSCHED_PRI_OVER, CSCHED_PRI_UNDER, CSCHED_PRI_BOOST };

struct csched_dom {
    uint16_t weight;                /* 1..65535, default 256 */
    uint16_t cap;                   /* percent of one pCPU, 0 = no cap */
    unsigned int nr_active;         /* accounting scratch */
};

struct csched_vcpu {
    struct csched_vcpu *rq_next;    /* in a run queue while on_runq */
    struct csched_vcpu *all_next;   /* every vCPU, for the accounting */
    struct csched_dom *dom;
    void *owner;                    /* the struct vcpu */
    int64_t credit;                 /* ns; atomic */
    uint64_t ran;                   /* ns run since the last accounting; atomic */
    s_time_t started;               /* charged up to here while running */
    bool on_runq;
    bool boost;                     /* woken from blocked with credit left */
    bool parked;                    /* capped domain out of credit */
    bool yielded;                   /* SCHEDOP_yield: others of its priority first */
};

struct csched_runq {
    struct csched_vcpu *head;
    unsigned int nr;
};

void csched_dom_init(struct csched_dom *sd);
void csched_vcpu_init(struct csched_vcpu *sv, struct csched_dom *sd, void *owner);

int csched_prio(const struct csched_vcpu *sv);
/* Should a run instead of b (NULL b: always)? margin: credit hysteresis. */
bool csched_better(const struct csched_vcpu *a, const struct csched_vcpu *b,
                   int64_t margin);

/* Run queues: insert at the tail (ties go to the earlier entry). */
void csched_runq_insert(struct csched_runq *rq, struct csched_vcpu *sv);
void csched_runq_remove(struct csched_runq *rq, struct csched_vcpu *sv);
/* Best entry that eligible() accepts (eligible NULL: every entry). */
struct csched_vcpu *csched_runq_best(const struct csched_runq *rq,
                                     bool (*eligible)(const struct csched_vcpu *,
                                                      const void *arg),
                                     const void *arg);

/* sv went on a pCPU at now; charge it for running up to now. */
void csched_start(struct csched_vcpu *sv, s_time_t now);
void csched_charge(struct csched_vcpu *sv, s_time_t now);
/* sv woke from blocked: boosted if it still has credit. */
void csched_wake(struct csched_vcpu *sv);

/*
 * Accounting, every `period` or so: every active vCPU (is_active() or ran
 * since the last time) of the list gets elapsed * nr_cpus * its domain's
 * weight / the total weight of active vCPUs, at most the domain's cap
 * shared by its active vCPUs (elapsed: the time since the last accounting,
 * so late timers hand out exactly what was burnt); credits are kept within
 * [-8, +2] periods. Parked vCPUs whose credit is back to >= 0 are unparked and
 * handed to unpark().
 */
void csched_account(struct csched_vcpu *all, s_time_t elapsed, s_time_t period,
                    unsigned int nr_cpus,
                    bool (*is_active)(const struct csched_vcpu *),
                    void (*unpark)(struct csched_vcpu *));

#endif /* XEN_SCHED_CREDIT_H */
