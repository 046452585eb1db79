/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hard vCPU affinity through XEN_DOMCTL_{set,get}vcpuaffinity, as the
 * control domain on itself (boot with dom0_max_vcpus=2 on -smp 2 or more):
 *  - bad requests: vCPU out of range -EINVAL, no map -EINVAL, no online
 *    pCPU in the map -EINVAL, a map the hypervisor cannot read -EFAULT;
 *  - every pCPU is in the default map; a set answers with the effective
 *    map (bits for pCPUs the machine lacks dropped) and get returns it;
 *  - vCPU 1 spins without hypercalls: pinned to each pCPU in turn it is
 *    seen running there and only there;
 *  - pinned with vCPU 0 onto pCPU 0 it never runs while vCPU 0 does, yet
 *    still makes progress (time slices), and unpinned it runs again.
 */
#include <xt.h>
#include <public/domctl.h>
#include <public/sysctl.h>

const char test_title[] = "vCPU hard affinity: domctl, placement, sharing";

#define MS 1000000ULL

static struct xen_domctl dc;
static struct xen_sysctl sc;
static uint8_t map[8];
static volatile uint64_t counter;
static volatile bool stop;
static unsigned int nr_pcpus;

static long domctl(uint32_t cmd)
{
    dc.cmd = cmd;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc.domain = 0;                      /* we are the initial domain */
    return HC(__HYPERVISOR_domctl, &dc, 0, 0, 0, 0);
}

static long affinity(uint32_t cmd, unsigned int vcpu, void *bits,
                     uint32_t nr_bits)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpuaffinity.vcpu = vcpu;
    dc.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(dc.u.vcpuaffinity.cpumap_hard.bitmap, bits);
    dc.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    return domctl(cmd);
}

static void pin(unsigned int vcpu, uint8_t cpus)
{
    long rc;

    memset(map, 0, sizeof(map));
    map[0] = cpus;
    rc = affinity(XEN_DOMCTL_setvcpuaffinity, vcpu, map, 64);
    xt_check(rc == 0, "pinning vCPU %u to %#x: rc %ld", vcpu, cpus, rc);
}

/* vCPU v's state: running, and the pCPU it is (or was last) on. */
static bool vcpu_on(unsigned int v, unsigned int *cpu)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.getvcpuinfo.vcpu = v;
    if ( domctl(XEN_DOMCTL_getvcpuinfo) )
        panic("getvcpuinfo(%u) failed", v);
    *cpu = dc.u.getvcpuinfo.cpu;
    return dc.u.getvcpuinfo.running;
}

static void spinner(unsigned int id)
{
    (void)id;
    while ( !stop )
        counter++;
}

static void check_errors(void)
{
    long rc;

    rc = affinity(XEN_DOMCTL_setvcpuaffinity, 64, map, 64);
    xt_check(rc == -XEN_EINVAL, "vCPU 64: rc %ld, want -EINVAL", rc);
    rc = affinity(XEN_DOMCTL_getvcpuaffinity, 1, NULL, 64);
    xt_check(rc == -XEN_EINVAL, "no bitmap: rc %ld, want -EINVAL", rc);
    dc.u.vcpuaffinity.flags = 0;
    rc = domctl(XEN_DOMCTL_getvcpuaffinity);
    xt_check(rc == -XEN_EINVAL, "no flags: rc %ld, want -EINVAL", rc);
    memset(map, 0, sizeof(map));
    rc = affinity(XEN_DOMCTL_setvcpuaffinity, 1, map, 64);
    xt_check(rc == -XEN_EINVAL, "empty map: rc %ld, want -EINVAL", rc);
    map[0] = 0xff;
    rc = affinity(XEN_DOMCTL_setvcpuaffinity, 1, map, 0);
    xt_check(rc == -XEN_EINVAL, "zero-bit map: rc %ld, want -EINVAL", rc);
    rc = affinity(XEN_DOMCTL_setvcpuaffinity, 1, (void *)0x8000000000UL, 64);
    xt_check(rc == -XEN_EFAULT, "unmapped map: rc %ld, want -EFAULT", rc);
}

static void check_maps(void)
{
    uint8_t all = (uint8_t)((1U << nr_pcpus) - 1), last = 1U << (nr_pcpus - 1);
    long rc;

    memset(map, 0xa5, sizeof(map));
    rc = affinity(XEN_DOMCTL_getvcpuaffinity, 1, map, 64);
    xt_check(rc == 0 && map[0] == all && map[1] == 0 && map[7] == 0,
             "default map: rc %ld, %#x %#x .. %#x, want %#x 0 .. 0", rc,
             map[0], map[1], map[7], all);

    /* Bits past the last pCPU are ignored and come back clear. */
    memset(map, 0, sizeof(map));
    map[0] = last | (uint8_t)~all;
    map[3] = 0xff;
    rc = affinity(XEN_DOMCTL_setvcpuaffinity, 1, map, 64);
    xt_check(rc == 0 && map[0] == last && map[3] == 0,
             "set %#x: rc %ld, effective %#x/%#x, want %#x/0",
             (unsigned int)(last | (uint8_t)~all), rc, map[0], map[3], last);
    memset(map, 0xa5, sizeof(map));
    rc = affinity(XEN_DOMCTL_getvcpuaffinity, 1, map, 64);
    xt_check(rc == 0 && map[0] == last && map[3] == 0,
             "get after set: rc %ld, %#x, want %#x", rc, map[0], last);
}

/* Wait (up to 2 s) for vCPU 1 to run on cpu; then it is seen nowhere else. */
static void check_on(unsigned int cpu)
{
    uint64_t t0 = xt_now_ns();
    unsigned int on = ~0U, seen = 0;

    while ( !(vcpu_on(1, &on) && on == cpu) && xt_now_ns() - t0 < 2000 * MS )
        hc_sched_op(SCHEDOP_yield, 0);
    xt_check(on == cpu, "vCPU 1 pinned to pCPU %u still on pCPU %u", cpu, on);
    for ( unsigned int i = 0; i < 200; i++ )
    {
        if ( !vcpu_on(1, &on) )
            continue;
        seen++;
        if ( on != cpu )
        {
            xt_fail("vCPU 1 pinned to pCPU %u seen running on pCPU %u", cpu, on);
            return;
        }
    }
    xt_check(seen > 0, "vCPU 1 pinned to pCPU %u never seen running", cpu);
}

static void check_sharing(void)
{
    unsigned int on, runs = 0;
    uint64_t c0, t0;
    bool ran;

    pin(0, 1);
    pin(1, 1);
    xt_check(!vcpu_on(0, &on) || on == 0, "vCPU 0 pinned to pCPU 0 runs on %u", on);
    /* Until its old pCPU notices, vCPU 1 still runs there. */
    t0 = xt_now_ns();
    while ( vcpu_on(1, &on) && on != 0 && xt_now_ns() - t0 < 2000 * MS )
        ;
    c0 = counter;
    t0 = xt_now_ns();
    while ( xt_now_ns() - t0 < 300 * MS )
        if ( vcpu_on(1, &on) && runs++ == 0 )
            printk("vCPU 1 seen running on pCPU %u after %lu us\n", on,
                   (unsigned long)((xt_now_ns() - t0) / 1000));
    xt_check(runs == 0, "vCPU 1 seen running %u times while vCPU 0 held pCPU 0",
             runs);
    xt_check(counter > c0, "vCPU 1 sharing pCPU 0 made no progress");

    pin(0, 0xff);
    pin(1, 0xff);
    /* One sighting will do: it may be descheduled again right after. */
    t0 = xt_now_ns();
    while ( !(ran = vcpu_on(1, &on)) && xt_now_ns() - t0 < 2000 * MS )
        ;
    xt_check(ran, "vCPU 1 does not run again once unpinned");
}

void test_main(void)
{
    long rc;

    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_physinfo;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    rc = HC(__HYPERVISOR_sysctl, &sc, 0, 0, 0, 0);
    nr_pcpus = rc ? 0 : sc.u.physinfo.nr_cpus;
    printk("%u vCPU(s) on %u pCPU(s)\n", xt_nr_vcpus(), nr_pcpus);
    if ( xt_nr_vcpus() < 2 || nr_pcpus < 2 || nr_pcpus > 8 )
    {
        xt_skip("needs 2 vCPUs on 2-8 pCPUs (dom0_max_vcpus=2, -smp 2)");
        return;
    }
    check_errors();
    check_maps();
    rc = xt_vcpu_start(1, spinner);
    if ( rc )
    {
        xt_fail("bringing up vCPU 1: rc %ld", rc);
        return;
    }
    for ( unsigned int cpu = 0; cpu < nr_pcpus; cpu++ )
    {
        pin(1, 1U << cpu);
        check_on(cpu);
    }
    check_sharing();
    stop = true;
}
