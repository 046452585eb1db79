/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler with more vCPUs than pCPUs (boot with dom0_max_vcpus=4 on
 * -smp 2 or 4): vCPU 0 brings up every other vCPU with VCPUOP_initialise/up,
 * all of them spin on a counter in shared memory (no hypercalls: only the
 * hypervisor's time slices move them), and over a 3 s window
 *  - every vCPU makes progress and gets running time;
 *  - vCPUs of one domain (equal weights) get the same share within 10%;
 *  - together they get min(vCPUs, pCPUs) pCPUs' worth within 10%;
 *  - each vCPU's four runstate times advance by the wall time (within
 *    10 ms, see SLACK), and contention shows up as runnable time;
 *  - XEN_DOMCTL_scheduler_op get/putinfo round-trips the weight (for the
 *    scheduler sysctl sched_id names: credit here, credit2 on Xen 4.17,
 *    whose weight/cap have the same layout).
 * With fewer vCPUs than asked for, the same checks run with those there.
 */
#include <xt.h>
#include <xt-mm.h>
#include <public/vcpu.h>
#include <public/domctl.h>
#include <public/sysctl.h>

const char test_title[] = "scheduler: vCPUs on fewer pCPUs, fairness, runstates";

#define MS 1000000ULL
#define MAX_VCPUS 4
#define WINDOW (3000 * MS)

static volatile uint64_t counter[MAX_VCPUS] __attribute__((aligned(64)));
static volatile unsigned int started[MAX_VCPUS];
static volatile bool stop;
static unsigned int nr_vcpus, nr_pcpus;
static struct xen_domctl dc;
static struct xen_sysctl sc;

static void spinner(unsigned int id)
{
    __atomic_store_n(&started[id], 1, __ATOMIC_SEQ_CST);
    while ( !stop )
        counter[id]++;
}

static long domctl(uint32_t cmd)
{
    dc.cmd = cmd;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc.domain = 0;                      /* we are the initial domain */
    return HC(__HYPERVISOR_domctl, &dc, 0, 0, 0, 0);
}

static long sysctl(uint32_t cmd)
{
    sc.cmd = cmd;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_sysctl, &sc, 0, 0, 0, 0);
}

static void probe(void)
{
    nr_vcpus = xt_nr_vcpus();
    if ( nr_vcpus > MAX_VCPUS )
        nr_vcpus = MAX_VCPUS;
    memset(&sc, 0, sizeof(sc));
    nr_pcpus = sysctl(XEN_SYSCTL_physinfo) == 0 ? sc.u.physinfo.nr_cpus : 0;
    printk("%u vCPU(s) on %u pCPU(s)\n", nr_vcpus, nr_pcpus);
}

static bool start_ap(unsigned int id)
{
    long rc = xt_vcpu_start(id, spinner);

    xt_check(rc == 0, "bringing up vCPU %u: rc %ld", id, rc);
    return rc == 0;
}

/* Each vCPU's runstate, with our clock just before and after the query. */
struct snap {
    struct vcpu_runstate_info r;
    uint64_t lo, hi;
};

static void runstates(struct snap *s)
{
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        long rc;

        s[i].lo = xt_now_ns();
        rc = hc_vcpu_op(VCPUOP_get_runstate_info, i, &s[i].r);
        s[i].hi = xt_now_ns();
        xt_check(rc == 0, "get_runstate_info(%u) = %ld", i, rc);
    }
}

static uint64_t total(const struct vcpu_runstate_info *r)
{
    return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

/*
 * ns. The runstate times are stamped by the clock of whichever pCPU the
 * vCPU changed state on, our window by vCPU 0's. Xen 4.17 under QEMU TCG
 * on a busy host sometimes has its pCPUs' clocks a few ms apart (sums
 * 2.4 and 3.5 ms ahead of the window seen, on 2 pCPUs, not on 4).
 */
#define SLACK (10 * MS)

static void check_shares(const struct snap *a, const struct snap *b,
                         uint64_t wall, const uint64_t *c0)
{
    uint64_t run[MAX_VCPUS], sum = 0, mean, want, waited = 0;
    unsigned int busy = nr_pcpus && nr_pcpus < nr_vcpus ? nr_pcpus : nr_vcpus;

    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        uint64_t d = total(&b[i].r) - total(&a[i].r);
        uint64_t wait = b[i].r.time[RUNSTATE_runnable] -
                        a[i].r.time[RUNSTATE_runnable];

        run[i] = b[i].r.time[RUNSTATE_running] - a[i].r.time[RUNSTATE_running];
        waited += wait;
        sum += run[i];
        printk("vCPU %u: counter +%lu, running %lu us, runnable %lu us\n", i,
               (unsigned long)(counter[i] - c0[i]), (unsigned long)(run[i] / 1000),
               (unsigned long)(wait / 1000));
        xt_check(counter[i] > c0[i], "vCPU %u made no progress", i);
        /* The four states together advance exactly with time. */
        xt_check(d + SLACK >= b[i].lo - a[i].hi && d <= b[i].hi - a[i].lo + SLACK,
                 "vCPU %u: runstate times advanced %lu ns, clock %lu..%lu ns", i,
                 (unsigned long)d, (unsigned long)(b[i].lo - a[i].hi),
                 (unsigned long)(b[i].hi - a[i].lo));
    }
    mean = sum / nr_vcpus;
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
        xt_check(run[i] * 10 >= mean * 9 && run[i] * 10 <= mean * 11,
                 "vCPU %u ran %lu us, mean %lu us: not within 10%%", i,
                 (unsigned long)(run[i] / 1000), (unsigned long)(mean / 1000));
    want = busy * wall;
    xt_check(sum * 10 >= want * 9 && sum * 10 <= want * 11,
             "%u vCPUs ran %lu us together over %lu us on %u pCPU(s)",
             nr_vcpus, (unsigned long)(sum / 1000), (unsigned long)(wall / 1000),
             nr_pcpus);
    if ( busy < nr_vcpus )
        xt_check(waited > wall / 2, "only %lu us runnable under contention",
                 (unsigned long)(waited / 1000));
}

static void check_fairness(void)
{
    struct snap a[MAX_VCPUS], b[MAX_VCPUS];
    uint64_t t0, t1, c0[MAX_VCPUS];
    unsigned int i;

    for ( i = 1; i < nr_vcpus; i++ )
        if ( !start_ap(i) )
            return;
    for ( i = 1; i < nr_vcpus; i++ )
        while ( !started[i] )
            hc_sched_op(SCHEDOP_yield, 0);

    t0 = xt_now_ns();
    runstates(a);
    for ( i = 0; i < nr_vcpus; i++ )
        c0[i] = counter[i];
    while ( xt_now_ns() - t0 < WINDOW )
        counter[0]++;
    t1 = xt_now_ns();
    runstates(b);
    stop = true;
    check_shares(a, b, t1 - t0, c0);
}

static void check_domctl(void)
{
    long rc;

    memset(&sc, 0, sizeof(sc));
    if ( sysctl(XEN_SYSCTL_sched_id) )
    {
        xt_fail("sysctl sched_id failed");
        return;
    }
    memset(&dc, 0, sizeof(dc));
    dc.u.scheduler_op.sched_id = sc.u.sched_id.sched_id;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    rc = domctl(XEN_DOMCTL_scheduler_op);
    xt_check(rc == 0 && dc.u.scheduler_op.u.credit.weight == 256 &&
             dc.u.scheduler_op.u.credit.cap == 0,
             "scheduler_op getinfo: rc %ld weight %u cap %u", rc,
             dc.u.scheduler_op.u.credit.weight, dc.u.scheduler_op.u.credit.cap);

    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    dc.u.scheduler_op.u.credit.weight = 512;
    dc.u.scheduler_op.u.credit.cap = 0;
    rc = domctl(XEN_DOMCTL_scheduler_op);
    xt_check(rc == 0, "scheduler_op putinfo(weight 512): rc %ld", rc);
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    dc.u.scheduler_op.u.credit.weight = 0;
    rc = domctl(XEN_DOMCTL_scheduler_op);
    xt_check(rc == 0 && dc.u.scheduler_op.u.credit.weight == 512,
             "scheduler_op getinfo after put: rc %ld weight %u", rc,
             dc.u.scheduler_op.u.credit.weight);

    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    dc.u.scheduler_op.u.credit.weight = 256;
    dc.u.scheduler_op.u.credit.cap = 0;
    rc = domctl(XEN_DOMCTL_scheduler_op);
    xt_check(rc == 0, "scheduler_op putinfo(weight 256): rc %ld", rc);
}

void test_main(void)
{
    probe();
    if ( nr_vcpus < 2 )
    {
        xt_skip("only one vCPU: boot with dom0_max_vcpus=4");
        return;
    }
    check_domctl();
    check_fairness();
}
