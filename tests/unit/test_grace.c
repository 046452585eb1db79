/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * common/grace.c on the host: the test plays the CPUs (unit_cpu) and their
 * quiescent points. A deferred item runs only once every online CPU has
 * passed one after grace_defer(); offline CPUs do not hold it up; the
 * other CPUs are sent an event check; grace_done() is false while an item
 * of that ticket or an older one waits or is being run, true once run.
 */
#include "harness.h"
#include <xen/lib.h>
#include <xen/grace.h>
#include <xen/time.h>
#include <asm/smp.h>

struct vcpu *unit_current_vcpu;
unsigned int unit_cpu;
unsigned long cpu_online_map;
static unsigned long kicked;            /* CPUs sent an event check */
static unsigned int ran;

void smp_send_event_check(unsigned int cpu)
{
    kicked |= 1UL << cpu;
}

static void count_run(struct grace_item *item)
{
    (void)item;
    ran++;
}

static void quiesce(unsigned int cpu)
{
    unit_cpu = cpu;
    grace_quiescent();
}

static void test_waits_for_every_cpu(void)
{
    struct grace_item item;

    cpu_online_map = 0x7;
    ran = 0;
    kicked = 0;
    unit_cpu = 1;
    grace_defer(&item, count_run);
    CU_ASSERT_EQUAL(kicked, 0x5);       /* the others, not itself */
    quiesce(1);
    quiesce(0);
    quiesce(1);                         /* twice on one CPU is not enough */
    CU_ASSERT_EQUAL(ran, 0);
    quiesce(2);
    CU_ASSERT_EQUAL(ran, 1);
    quiesce(0);
    quiesce(1);
    quiesce(2);
    CU_ASSERT_EQUAL(ran, 1);            /* once only */
}

static void test_offline_cpus_ignored(void)
{
    struct grace_item a, b;

    cpu_online_map = 0x5;               /* CPU 1 stopped */
    ran = 0;
    unit_cpu = 0;
    grace_defer(&a, count_run);
    quiesce(0);
    quiesce(2);
    CU_ASSERT_EQUAL(ran, 1);
    /* Deferred after a CPU's quiescent point: that one does not count. */
    quiesce(2);
    unit_cpu = 0;
    grace_defer(&b, count_run);
    quiesce(0);
    CU_ASSERT_EQUAL(ran, 1);
    quiesce(2);
    CU_ASSERT_EQUAL(ran, 2);
}

static void test_done(void)
{
    struct grace_item a, b;
    unsigned long ta, tb;

    cpu_online_map = 0x3;
    ran = 0;
    unit_cpu = 0;
    ta = grace_defer(&a, count_run);
    tb = grace_defer(&b, count_run);
    CU_ASSERT(ta != 0 && tb > ta);
    /* CPU 1 never passed a quiescent point: neither has run. */
    quiesce(0);
    CU_ASSERT_FALSE(grace_done(ta));
    CU_ASSERT_FALSE(grace_done(tb));
    CU_ASSERT_EQUAL(ran, 0);
    quiesce(1);                         /* CPU 1 runs both */
    CU_ASSERT_EQUAL(ran, 2);
    CU_ASSERT_TRUE(grace_done(ta));
    CU_ASSERT_TRUE(grace_done(tb));
    /* A newer item does not hold up an older ticket. */
    unit_cpu = 0;
    grace_defer(&a, count_run);
    CU_ASSERT_TRUE(grace_done(tb));
    quiesce(0);
    quiesce(1);
    CU_ASSERT_EQUAL(ran, 3);
}

/* Run by CPU 1: what CPU 0 sees meanwhile. */
static unsigned long inside_ticket;
static bool done_inside;

static void look_inside(struct grace_item *item)
{
    (void)item;
    unit_cpu = 0;
    done_inside = grace_done(inside_ticket);
    unit_cpu = 1;
    ran++;
}

static void test_done_only_after_run(void)
{
    struct grace_item a;

    cpu_online_map = 0x3;
    ran = 0;
    unit_cpu = 0;
    inside_ticket = grace_defer(&a, look_inside);
    quiesce(0);
    quiesce(1);                         /* CPU 1 takes it off and runs it */
    CU_ASSERT_EQUAL(ran, 1);
    /* Off the list is not run: what fn frees is not back yet. */
    CU_ASSERT_FALSE(done_inside);
    unit_cpu = 0;
    CU_ASSERT_TRUE(grace_done(inside_ticket));
}

static CU_TestInfo grace_cases[] = {
    { "waits_for_every_cpu", test_waits_for_every_cpu },
    { "offline_cpus_ignored", test_offline_cpus_ignored },
    { "done", test_done },
    { "done_only_after_run", test_done_only_after_run },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("grace", NULL, NULL, grace_cases);
