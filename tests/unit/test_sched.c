/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler's bookkeeping on the host (xen/common/sched_credit.c):
 * run-queue order (priority, then credit, FIFO among equals, parked and
 * ineligible entries skipped), charging and boosting, the accounting
 * period's proportional hand-out with caps, clamping and unparking, and a
 * simulated machine (M pCPUs, 10 ms slices, 30 ms periods) whose CPU time
 * must follow the domains' weights within 5% and honour a cap.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/sched_credit.h>

#define MS 1000000LL
#define PERIOD (30 * MS)

static struct csched_dom doms[4];
static struct csched_vcpu vc[8];
static struct csched_runq rq;
static bool active[8];

static bool is_active(const struct csched_vcpu *sv)
{
    return active[sv - vc];
}

static unsigned int unparked;
static void count_unpark(struct csched_vcpu *sv)
{
    (void)sv;
    unparked++;
}

static struct csched_vcpu *chain(unsigned int n)
{
    for ( unsigned int i = 0; i < n; i++ )
        vc[i].all_next = i + 1 < n ? &vc[i + 1] : NULL;
    return &vc[0];
}

static void reset(void)
{
    memset(&rq, 0, sizeof(rq));
    memset(active, 0, sizeof(active));
    unparked = 0;
    for ( unsigned int i = 0; i < 4; i++ )
        csched_dom_init(&doms[i]);
    for ( unsigned int i = 0; i < 8; i++ )
        csched_vcpu_init(&vc[i], &doms[i % 4], (void *)(uintptr_t)(i + 1));
}

/* ---- run queue -------------------------------------------------------------- */

static bool not_vc2(const struct csched_vcpu *sv, const void *arg)
{
    (void)arg;
    return sv != &vc[2];
}

static void test_runq_order(void)
{
    reset();
    CU_ASSERT_PTR_NULL(csched_runq_best(&rq, NULL, NULL));
    vc[0].credit = -5;                  /* OVER */
    vc[1].credit = 10;                  /* UNDER */
    vc[2].credit = 20;                  /* UNDER, more credit */
    vc[3].credit = 10;                  /* UNDER, equal to vc[1] */
    for ( unsigned int i = 0; i < 4; i++ )
        csched_runq_insert(&rq, &vc[i]);
    CU_ASSERT_EQUAL(rq.nr, 4);
    CU_ASSERT(vc[2].on_runq);
    CU_ASSERT_PTR_EQUAL(csched_runq_best(&rq, NULL, NULL), &vc[2]);
    /* Ineligible and parked entries are skipped; equals: the earlier. */
    CU_ASSERT_PTR_EQUAL(csched_runq_best(&rq, not_vc2, NULL), &vc[1]);
    vc[1].parked = true;
    CU_ASSERT_PTR_EQUAL(csched_runq_best(&rq, not_vc2, NULL), &vc[3]);
    vc[1].parked = false;
    /* BOOST beats any credit; OVER comes last. */
    vc[0].boost = true;
    CU_ASSERT_PTR_EQUAL(csched_runq_best(&rq, NULL, NULL), &vc[0]);
    vc[0].boost = false;

    csched_runq_remove(&rq, &vc[2]);
    CU_ASSERT(!vc[2].on_runq);
    CU_ASSERT_EQUAL(rq.nr, 3);
    csched_runq_remove(&rq, &vc[2]);    /* not queued: no change */
    CU_ASSERT_EQUAL(rq.nr, 3);
    /* Re-inserted at the tail: loses the tie it used to win. */
    csched_runq_remove(&rq, &vc[1]);
    csched_runq_insert(&rq, &vc[1]);
    CU_ASSERT_PTR_EQUAL(csched_runq_best(&rq, NULL, NULL), &vc[3]);
    csched_runq_remove(&rq, &vc[0]);
    csched_runq_remove(&rq, &vc[1]);
    csched_runq_remove(&rq, &vc[3]);
    CU_ASSERT_EQUAL(rq.nr, 0);
    CU_ASSERT_PTR_NULL(rq.head);
}

static void test_better(void)
{
    reset();
    vc[0].credit = 10 * MS;
    vc[1].credit = 9 * MS;
    CU_ASSERT(csched_better(&vc[0], NULL, 0));
    CU_ASSERT(csched_better(&vc[0], &vc[1], 0));
    CU_ASSERT(!csched_better(&vc[0], &vc[1], 2 * MS));  /* within the margin */
    CU_ASSERT(!csched_better(&vc[1], &vc[0], 0));
    vc[1].credit = -1;
    CU_ASSERT(csched_better(&vc[0], &vc[1], 100 * MS)); /* UNDER vs OVER */
    CU_ASSERT_EQUAL(csched_prio(&vc[1]), CSCHED_PRI_OVER);
    vc[1].credit = 0;
    CU_ASSERT_EQUAL(csched_prio(&vc[1]), CSCHED_PRI_OVER);
}

/* ---- charging, waking ------------------------------------------------------- */

static void test_charge_and_boost(void)
{
    reset();
    vc[0].credit = 5 * MS;
    csched_wake(&vc[0]);
    CU_ASSERT(vc[0].boost);
    CU_ASSERT_EQUAL(csched_prio(&vc[0]), CSCHED_PRI_BOOST);
    csched_start(&vc[0], 100 * MS);
    csched_charge(&vc[0], 103 * MS);
    CU_ASSERT_FALSE(vc[0].boost);
    CU_ASSERT_EQUAL(vc[0].credit, 2 * MS);
    CU_ASSERT_EQUAL(vc[0].ran, 3 * MS);
    csched_charge(&vc[0], 103 * MS);    /* nothing more */
    CU_ASSERT_EQUAL(vc[0].credit, 2 * MS);
    csched_charge(&vc[0], 107 * MS);
    CU_ASSERT_EQUAL(vc[0].credit, -2 * MS);
    CU_ASSERT_FALSE(vc[0].parked);      /* no cap: never parked */
    csched_wake(&vc[0]);                /* no credit left: no boost */
    CU_ASSERT_FALSE(vc[0].boost);

    doms[1].cap = 50;
    vc[1].credit = MS;
    csched_start(&vc[1], 0);
    csched_charge(&vc[1], 2 * MS);
    CU_ASSERT(vc[1].parked);
}

/* ---- accounting ------------------------------------------------------------- */

static void test_account_shares(void)
{
    reset();
    doms[0].weight = 512;               /* vc[0], vc[4] */
    doms[1].weight = 256;               /* vc[1], vc[5] */
    active[0] = active[4] = active[1] = active[5] = true;
    vc[2].credit = 7;                   /* inactive: untouched */
    csched_account(chain(8), PERIOD, PERIOD, 2, is_active, NULL);
    /* 60 ms to hand out, weights 512+512+256+256. */
    CU_ASSERT_EQUAL(vc[0].credit, 20 * MS);
    CU_ASSERT_EQUAL(vc[4].credit, 20 * MS);
    CU_ASSERT_EQUAL(vc[1].credit, 10 * MS);
    CU_ASSERT_EQUAL(vc[5].credit, 10 * MS);
    CU_ASSERT_EQUAL(vc[2].credit, 7);
    CU_ASSERT_EQUAL(vc[3].credit, 0);

    /* A vCPU that ran counts as active even if it is not runnable now. */
    active[5] = false;
    vc[5].ran = MS;
    csched_account(chain(8), PERIOD, PERIOD, 2, is_active, NULL);
    CU_ASSERT_EQUAL(vc[5].ran, 0);
    CU_ASSERT_EQUAL(vc[5].credit, 20 * MS);
    /* A late tick hands out what the elapsed time is worth. */
    active[5] = true;
    vc[0].credit = vc[1].credit = 0;
    csched_account(chain(8), 2 * PERIOD, PERIOD, 2, is_active, NULL);
    CU_ASSERT_EQUAL(vc[0].credit, 40 * MS);
    CU_ASSERT_EQUAL(vc[1].credit, 20 * MS);
    /* Kept within -8 .. +2 periods. */
    csched_account(chain(8), PERIOD, PERIOD, 2, is_active, NULL);
    CU_ASSERT_EQUAL(vc[0].credit, 2 * PERIOD);
    vc[3].credit = -10 * PERIOD;
    vc[2].credit = -7 * PERIOD;
    csched_account(chain(8), PERIOD, PERIOD, 2, is_active, NULL);
    CU_ASSERT_EQUAL(vc[3].credit, -8 * PERIOD);
    CU_ASSERT_EQUAL(vc[2].credit, -7 * PERIOD);
}

static void test_account_cap(void)
{
    reset();
    doms[0].cap = 50;                   /* half a pCPU for vc[0] + vc[4] */
    active[0] = active[4] = true;
    csched_account(chain(8), PERIOD, PERIOD, 4, is_active, NULL);
    CU_ASSERT_EQUAL(vc[0].credit, PERIOD / 4);
    CU_ASSERT_EQUAL(vc[4].credit, PERIOD / 4);

    /* Parked vCPUs come back once their credit is not negative. */
    vc[0].credit = -PERIOD / 8;
    vc[0].parked = true;
    vc[4].credit = -PERIOD;
    vc[4].parked = true;
    csched_account(chain(8), PERIOD, PERIOD, 4, is_active, count_unpark);
    CU_ASSERT_FALSE(vc[0].parked);
    CU_ASSERT(vc[4].parked);
    CU_ASSERT_EQUAL(unparked, 1);
}

/*
 * nr_cpus pCPUs, every vCPU always runnable, one run queue (perfect
 * stealing), 10 ms slices: what share of the machine does each get?
 */
static void simulate(unsigned int nr_vcpus, unsigned int nr_cpus,
                     s_time_t duration, uint64_t *ran)
{
    struct csched_vcpu *cur[8] = { NULL };
    s_time_t now = 0, next_acct = PERIOD;

    memset(ran, 0, nr_vcpus * sizeof(*ran));
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        active[i] = true;
        csched_runq_insert(&rq, &vc[i]);
    }
    for ( ; now < duration; now += 10 * MS )
    {
        for ( unsigned int c = 0; c < nr_cpus; c++ )
            if ( cur[c] )
            {
                ran[cur[c] - vc] += now - cur[c]->started;
                csched_charge(cur[c], now);
                csched_runq_insert(&rq, cur[c]);
                cur[c] = NULL;
            }
        if ( now >= next_acct )
        {
            csched_account(chain(nr_vcpus), PERIOD, PERIOD, nr_cpus, is_active, NULL);
            next_acct += PERIOD;
        }
        for ( unsigned int c = 0; c < nr_cpus; c++ )
        {
            cur[c] = csched_runq_best(&rq, NULL, NULL);
            if ( !cur[c] )
                continue;
            csched_runq_remove(&rq, cur[c]);
            csched_start(cur[c], now);
        }
    }
}

static void test_sim_weights(void)
{
    uint64_t ran[4], a, b;

    reset();
    doms[0].weight = 512;               /* vc[0] */
    doms[1].weight = 256;               /* vc[1] */
    doms[2].weight = 512;               /* vc[2] */
    doms[3].weight = 256;               /* vc[3] */
    simulate(4, 2, 30000 * MS, ran);
    a = ran[0] + ran[2];
    b = ran[1] + ran[3];
    /* 2:1 within 5%. */
    CU_ASSERT(a * 100 >= b * 2 * 95 && a * 100 <= b * 2 * 105);
    CU_ASSERT(ran[0] * 100 >= ran[2] * 95 && ran[0] * 100 <= ran[2] * 105);
    /* The machine stays busy. */
    CU_ASSERT(a + b >= 2 * 29900 * MS);
}

static void test_sim_equal_and_cap(void)
{
    uint64_t ran[4];

    reset();
    simulate(4, 2, 30000 * MS, ran);
    for ( unsigned int i = 1; i < 4; i++ )
        CU_ASSERT(ran[i] * 100 >= ran[0] * 95 && ran[i] * 100 <= ran[0] * 105);

    reset();
    doms[0].cap = 25;                   /* vc[0]: a quarter of a pCPU */
    simulate(2, 2, 30000 * MS, ran);
    CU_ASSERT(ran[0] <= 30000 * MS * 30 / 100);
    CU_ASSERT(ran[0] >= 30000 * MS * 20 / 100);
    CU_ASSERT(ran[1] >= 30000 * MS * 99 / 100);
}

static CU_TestInfo cases[] = {
    { "runq_order", test_runq_order },
    { "better", test_better },
    { "charge_and_boost", test_charge_and_boost },
    { "account_shares", test_account_shares },
    { "account_cap", test_account_cap },
    { "sim_weights", test_sim_weights },
    { "sim_equal_and_cap", test_sim_equal_and_cap },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("sched", NULL, NULL, cases);
