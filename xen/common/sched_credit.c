/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit accounting and run-queue order for the proportional-share
 * scheduler (xen/sched_credit.h). No locks and no struct vcpu here:
 * common/schedule.c owns the locking, the host unit tests drive this file
 * directly. Credit is nanoseconds of pCPU time; a vCPU with credit left is
 * UNDER, one that used up its share is OVER and only runs when no UNDER
 * vCPU wants the pCPU; a vCPU woken from blocked with credit left is
 * BOOSTed until it is next charged, so interactive vCPUs preempt hogs.
 */
#include <xen/lib.h>
#include <xen/sched_credit.h>

/*
 * Credit is kept within [-8, +2] periods. A vCPU that cannot use its share
 * (blocked, or entitled to more than a pCPU) banks at most two periods; a
 * debt, run up only while the others could not run (or while a slow host
 * stretched its slice), is paid back in full unless it is huge.
 */
#define CSCHED_CREDIT_MAX_PERIODS 2
#define CSCHED_DEBT_MAX_PERIODS   8

#define load(x)       __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define add(x, v)     __atomic_add_fetch(&(x), (v), __ATOMIC_RELAXED)

void csched_dom_init(struct csched_dom *sd)
{
    sd->weight = CSCHED_DEFAULT_WEIGHT;
    sd->cap = 0;
    sd->nr_active = 0;
}

void csched_vcpu_init(struct csched_vcpu *sv, struct csched_dom *sd, void *owner)
{
    memset(sv, 0, sizeof(*sv));
    sv->dom = sd;
    sv->owner = owner;
}

int csched_prio(const struct csched_vcpu *sv)
{
    if ( sv->boost )
        return CSCHED_PRI_BOOST;
    return load(sv->credit) > 0 ? CSCHED_PRI_UNDER : CSCHED_PRI_OVER;
}

bool csched_better(const struct csched_vcpu *a, const struct csched_vcpu *b,
                   int64_t margin)
{
    int pa, pb;

    if ( !b )
        return true;
    pa = csched_prio(a);
    pb = csched_prio(b);
    if ( pa != pb )
        return pa > pb;
    return load(a->credit) > load(b->credit) + margin;
}

/* ---- run queues ------------------------------------------------------------- */

void csched_runq_insert(struct csched_runq *rq, struct csched_vcpu *sv)
{
    struct csched_vcpu **pp = &rq->head;

    ASSERT(!sv->on_runq);
    while ( *pp )
        pp = &(*pp)->rq_next;
    sv->rq_next = NULL;
    *pp = sv;
    sv->on_runq = true;
    rq->nr++;
}

void csched_runq_remove(struct csched_runq *rq, struct csched_vcpu *sv)
{
    struct csched_vcpu **pp;

    for ( pp = &rq->head; *pp; pp = &(*pp)->rq_next )
        if ( *pp == sv )
        {
            *pp = sv->rq_next;
            sv->rq_next = NULL;
            sv->on_runq = false;
            rq->nr--;
            return;
        }
}

struct csched_vcpu *csched_runq_best(const struct csched_runq *rq,
                                     bool (*eligible)(const struct csched_vcpu *,
                                                      const void *arg),
                                     const void *arg)
{
    struct csched_vcpu *sv, *best = NULL;

    for ( sv = rq->head; sv; sv = sv->rq_next )
    {
        if ( sv->parked || (eligible && !eligible(sv, arg)) )
            continue;
        /* Strictly better only: the earlier of two equals wins. */
        if ( csched_better(sv, best, 0) )
            best = sv;
    }
    return best;
}

/* ---- charging ----------------------------------------------------------------- */

void csched_start(struct csched_vcpu *sv, s_time_t now)
{
    sv->started = now;
}

void csched_charge(struct csched_vcpu *sv, s_time_t now)
{
    s_time_t delta = now - sv->started;

    sv->boost = false;
    if ( delta <= 0 )
        return;
    sv->started = now;
    add(sv->credit, -delta);
    add(sv->ran, (uint64_t)delta);
    if ( sv->dom->cap && load(sv->credit) < 0 )
        sv->parked = true;
}

void csched_wake(struct csched_vcpu *sv)
{
    if ( !sv->parked && load(sv->credit) > 0 )
        sv->boost = true;
}

/* ---- accounting ------------------------------------------------------------- */

static void clamp_credit(struct csched_vcpu *sv, int64_t lo, int64_t hi)
{
    int64_t c = load(sv->credit), n;

    do {
        n = c > hi ? hi : c < lo ? lo : c;
        if ( n == c )
            return;
    } while ( !__atomic_compare_exchange_n(&sv->credit, &c, n, false,
                                           __ATOMIC_RELAXED, __ATOMIC_RELAXED) );
}

/* Each active vCPU's share of the time elapsed (ns), capped. */
static int64_t vcpu_share(const struct csched_vcpu *sv, s_time_t elapsed,
                          unsigned int nr_cpus, uint64_t weight_total)
{
    const struct csched_dom *sd = sv->dom;
    /* elapsed (ns, < 2^40) * nr_cpus * weight (< 2^16): fits in 64 bits. */
    uint64_t total = (uint64_t)elapsed * nr_cpus;
    int64_t share = (int64_t)(total * sd->weight / weight_total);

    if ( sd->cap && sd->nr_active )
        share = min(share, (int64_t)elapsed * sd->cap / 100 / sd->nr_active);
    return share;
}

void csched_account(struct csched_vcpu *all, s_time_t elapsed, s_time_t period,
                    unsigned int nr_cpus,
                    bool (*is_active)(const struct csched_vcpu *),
                    void (*unpark)(struct csched_vcpu *))
{
    struct csched_vcpu *sv;
    uint64_t weight_total = 0;

    for ( sv = all; sv; sv = sv->all_next )
        sv->dom->nr_active = 0;
    for ( sv = all; sv; sv = sv->all_next )
        if ( load(sv->ran) || sv->parked || is_active(sv) )
        {
            sv->dom->nr_active++;
            weight_total += sv->dom->weight;
        }

    for ( sv = all; sv; sv = sv->all_next )
    {
        bool active = load(sv->ran) || sv->parked || is_active(sv);

        __atomic_store_n(&sv->ran, 0, __ATOMIC_RELAXED);
        if ( active && weight_total )
            add(sv->credit, vcpu_share(sv, elapsed, nr_cpus, weight_total));
        clamp_credit(sv, -CSCHED_DEBT_MAX_PERIODS * period,
                     CSCHED_CREDIT_MAX_PERIODS * period);
        if ( sv->parked && load(sv->credit) >= 0 )
        {
            sv->parked = false;
            if ( unpark )
                unpark(sv);
        }
    }
}
