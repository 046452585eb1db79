/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit weights between domains (tests/guest/cases/smp-weights.case: two
 * domUs of four vCPUs each started at boot, on two or four pCPUs). Each
 * domU brings up all its vCPUs and spins on every one for good. Domain 0
 * gives d1 weight 512 and d2 weight 256 (XEN_DOMCTL_scheduler_op), lets the
 * scheduler settle, then sleeps for 3 s in SCHEDOP_poll while the domUs
 * compete and reads their vCPUs' running time (XEN_DOMCTL_getvcpuinfo
 * cpu_time): d1 must get twice d2's pCPU time within 10%, and the two
 * together all pCPUs within 10%. That needs d1's two thirds of the pCPUs
 * to fit on its vCPUs (else part of its share is lost and goes to d2), so
 * with more pCPUs than that the test SKIPs.
 */
#include "../multi/multi.h"

const char test_title[] = "scheduler: domain weights 512:256 under contention";

#define MS 1000000ULL
#define WINDOW (3000 * MS)
#define NR_DOMUS 2
#define MAX_VCPUS XT_MAX_VCPUS

static struct { volatile uint64_t n; } __attribute__((aligned(64)))
    spins[MAX_VCPUS];
static struct xen_domctl dc;
static struct xen_sysctl sc;

static void spin(unsigned int id)
{
    for ( ;; )
        spins[id].n++;
}

/* A domU: all its vCPUs spin until the machine goes down. */
static void domu_side(void)
{
    unsigned int n = xt_nr_vcpus();

    for ( unsigned int id = 1; id < n; id++ )
    {
        long rc = xt_vcpu_start(id, spin);

        if ( rc )
            panic("bringing up vCPU %u: %ld", id, rc);
    }
    printk("spinning on %u vCPUs\n", n);
    spin(0);
}

static long set_weight(domid_t dom, uint32_t sched_id, uint16_t weight)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.scheduler_op.sched_id = sched_id;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    dc.u.scheduler_op.u.credit.weight = weight;
    return multi_domctl(&dc, XEN_DOMCTL_scheduler_op, dom);
}

/* The number of dom's vCPUs, or 0 on error. */
static unsigned int nr_vcpus(domid_t dom)
{
    memset(&dc, 0, sizeof(dc));
    if ( multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, dom) || dc.domain != dom ||
         dc.u.getdomaininfo.max_vcpu_id >= MAX_VCPUS )
        return 0;
    return dc.u.getdomaininfo.max_vcpu_id + 1;
}

/* Running time of each of dom's n vCPUs (ns) into t[]; false on error. */
static bool cpu_times(domid_t dom, unsigned int n, uint64_t *t)
{
    for ( unsigned int v = 0; v < n; v++ )
    {
        memset(&dc, 0, sizeof(dc));
        dc.u.getvcpuinfo.vcpu = v;
        if ( multi_domctl(&dc, XEN_DOMCTL_getvcpuinfo, dom) )
            return false;
        xt_check(dc.u.getvcpuinfo.online, "d%u vCPU %u is not up", dom, v);
        t[v] = dc.u.getvcpuinfo.cpu_time;
    }
    return true;
}

/* dom's running time over the window (ns), each vCPU's printed. */
static uint64_t ran(domid_t dom, unsigned int n, const uint64_t *a,
                    const uint64_t *b)
{
    char line[16 * MAX_VCPUS];
    uint64_t sum = 0;
    int len = 0;

    for ( unsigned int v = 0; v < n; v++ )
    {
        len += snprintf(line + len, sizeof(line) - len, " %lu",
                        (unsigned long)((b[v] - a[v]) / MS));
        sum += b[v] - a[v];
    }
    printk("d%u vCPUs ran (ms):%s\n", dom, line);
    return sum;
}


/* Sleep in SCHEDOP_poll (no ports) until system time `until`. */
static void sleep_until(uint64_t until)
{
    struct sched_poll sp = { .nr_ports = 0, .timeout = until };
    uint32_t none = 0;

    set_xen_guest_handle(sp.ports, &none);
    while ( xt_now_ns() < until )
        hc_sched_op(SCHEDOP_poll, &sp);
}

static long sysctl(uint32_t cmd)
{
    memset(&sc, 0, sizeof(sc));
    sc.cmd = cmd;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hc_sysctl(&sc);
}

static void dom0_side(void)
{
    static uint64_t a[NR_DOMUS + 1][MAX_VCPUS], b[NR_DOMUS + 1][MAX_VCPUS];
    uint64_t t0, t1, r1, r2;
    unsigned int n[NR_DOMUS + 1], pcpus;
    bool ok = true;
    uint32_t sched_id;

    if ( sysctl(XEN_SYSCTL_physinfo) )
    {
        xt_fail("sysctl physinfo failed");
        return;
    }
    pcpus = sc.u.physinfo.nr_cpus;
    for ( domid_t d = 1; d <= NR_DOMUS; d++ )
        n[d] = nr_vcpus(d);
    printk("d1: %u vCPUs, d2: %u vCPUs, %u pCPUs\n", n[1], n[2], pcpus);
    if ( !n[1] || !n[2] || !pcpus )
    {
        xt_fail("no vCPU or pCPU count");
        return;
    }
    if ( 2 * pcpus > 2 * n[1] + n[2] )
    {
        xt_skip("%u pCPUs: d1's two thirds do not fit on its %u vCPUs",
                pcpus, n[1]);
        return;
    }
    if ( sysctl(XEN_SYSCTL_sched_id) )
    {
        xt_fail("sysctl sched_id failed");
        return;
    }
    sched_id = sc.u.sched_id.sched_id;
    xt_check(set_weight(1, sched_id, 512) == 0, "weight 512 for d1 refused");
    xt_check(set_weight(2, sched_id, 256) == 0, "weight 256 for d2 refused");

    sleep_until(xt_now_ns() + 500 * MS);           /* domUs up and settled */
    t0 = xt_now_ns();
    for ( domid_t d = 1; d <= NR_DOMUS; d++ )
        ok &= cpu_times(d, n[d], a[d]);
    sleep_until(t0 + WINDOW);
    t1 = xt_now_ns();
    for ( domid_t d = 1; d <= NR_DOMUS; d++ )
        ok &= cpu_times(d, n[d], b[d]);
    if ( !ok )
    {
        xt_fail("getvcpuinfo failed");
        return;
    }

    r1 = ran(1, n[1], a[1], b[1]);
    r2 = ran(2, n[2], a[2], b[2]);
    printk("over %lu ms: d1 (weight 512) ran %lu ms, d2 (weight 256) %lu ms\n",
           (unsigned long)((t1 - t0) / MS), (unsigned long)(r1 / MS),
           (unsigned long)(r2 / MS));
    xt_check(r2, "no running time reported");
    xt_check(r1 * 10 >= r2 * 2 * 9 && r1 * 10 <= r2 * 2 * 11,
             "d1:d2 = %lu:%lu, not 2:1 within 10%%", (unsigned long)(r1 / MS),
             (unsigned long)(r2 / MS));
    xt_check((r1 + r2) * 10 >= pcpus * (t1 - t0) * 9,
             "the domUs ran %lu ms together over %lu ms on %u pCPUs",
             (unsigned long)((r1 + r2) / MS), (unsigned long)((t1 - t0) / MS),
             pcpus);
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
