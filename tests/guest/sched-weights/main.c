/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit weights between domains (tests/guest/cases/smp-weights.case: two
 * domUs of two vCPUs each started at boot, on two pCPUs). Each domU brings
 * up its second vCPU and spins on both for good. Domain 0 gives d1 weight
 * 512 and d2 weight 256 (XEN_DOMCTL_scheduler_op), lets the scheduler
 * settle, then sleeps for 3 s in SCHEDOP_poll while the domUs compete and
 * reads their vCPUs' running time (XEN_DOMCTL_getvcpuinfo cpu_time): d1
 * must get twice d2's pCPU time within 10%, and the two together both
 * pCPUs within 10%.
 */
#include "../multi/multi.h"
#include <public/vcpu.h>

const char test_title[] = "scheduler: domain weights 512:256 on two pCPUs";

#define hc_vcpu_op(cmd, id, arg) HC(__HYPERVISOR_vcpu_op, cmd, id, arg, 0, 0)
#define MS 1000000ULL
#define WINDOW (3000 * MS)
#define NR_DOMUS 2
#define DOMU_VCPUS 2

extern const uint8_t xt_entry_event[], xt_entry_failsafe[];

static struct vcpu_guest_context ctx;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));
static volatile uint64_t spins[DOMU_VCPUS];
static struct xen_domctl dc;
static struct xen_sysctl sc;

void ap_main(void);
void ap_main(void)
{
    for ( ;; )
        spins[1]++;
}

asm (".pushsection .text, \"ax\", @progbits\n"
     "ap_entry:\n\t"
     "and  $-16, %rsp\n\t"
     "call ap_main\n\t"
     "ud2\n"
     ".popsection\n");
extern const uint8_t ap_entry[];

/* A domU: both vCPUs spin until the machine goes down. */
static void domu_side(void)
{
    long rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_in_kernel;
    ctx.user_regs.rip = (uint64_t)ap_entry;
    ctx.user_regs.rsp = (uint64_t)ap_stack + sizeof(ap_stack);
    ctx.user_regs.cs = FLAT_KERNEL_CS;
    ctx.user_regs.ss = FLAT_KERNEL_SS;
    ctx.user_regs.rflags = 0x200;
    ctx.kernel_ss = FLAT_KERNEL_SS;
    ctx.kernel_sp = ctx.user_regs.rsp;
    ctx.ctrlreg[3] = xt_l4_mfn() << 12;
    ctx.event_callback_eip = (uint64_t)xt_entry_event;
    ctx.failsafe_callback_eip = (uint64_t)xt_entry_failsafe;
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    if ( !rc )
        rc = hc_vcpu_op(VCPUOP_up, 1, 0);
    if ( rc )
        panic("bringing up vCPU 1: %ld", rc);
    printk("spinning on %u vCPUs\n", DOMU_VCPUS);
    for ( ;; )
        spins[0]++;
}

static long set_weight(domid_t dom, uint32_t sched_id, uint16_t weight)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.scheduler_op.sched_id = sched_id;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    dc.u.scheduler_op.u.credit.weight = weight;
    return multi_domctl(&dc, XEN_DOMCTL_scheduler_op, dom);
}

/* Running time of all of dom's vCPUs (ns), or 0 on error. */
static uint64_t cpu_time(domid_t dom)
{
    uint64_t t = 0;

    for ( unsigned int v = 0; v < DOMU_VCPUS; v++ )
    {
        memset(&dc, 0, sizeof(dc));
        dc.u.getvcpuinfo.vcpu = v;
        if ( multi_domctl(&dc, XEN_DOMCTL_getvcpuinfo, dom) )
            return 0;
        xt_check(dc.u.getvcpuinfo.online, "d%u vCPU %u is not up", dom, v);
        t += dc.u.getvcpuinfo.cpu_time;
    }
    return t;
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

static void dom0_side(void)
{
    uint64_t a[NR_DOMUS + 1], b[NR_DOMUS + 1], t0, t1, r1, r2;
    uint32_t sched_id;

    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_sched_id;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    if ( hc_sysctl(&sc) )
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
        a[d] = cpu_time(d);
    sleep_until(t0 + WINDOW);
    t1 = xt_now_ns();
    for ( domid_t d = 1; d <= NR_DOMUS; d++ )
        b[d] = cpu_time(d);

    r1 = b[1] - a[1];
    r2 = b[2] - a[2];
    printk("over %lu ms: d1 (weight 512) ran %lu ms, d2 (weight 256) %lu ms\n",
           (unsigned long)((t1 - t0) / MS), (unsigned long)(r1 / MS),
           (unsigned long)(r2 / MS));
    xt_check(a[1] && a[2] && r2, "no running time reported");
    xt_check(r1 * 10 >= r2 * 2 * 9 && r1 * 10 <= r2 * 2 * 11,
             "d1:d2 = %lu:%lu, not 2:1 within 10%%", (unsigned long)(r1 / MS),
             (unsigned long)(r2 / MS));
    xt_check((r1 + r2) * 10 >= 2 * (t1 - t0) * 9,
             "the domUs ran %lu ms together over %lu ms on two pCPUs",
             (unsigned long)((r1 + r2) / MS), (unsigned long)((t1 - t0) / MS));
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
