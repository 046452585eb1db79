/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler with more vCPUs than pCPUs (boot with dom0_max_vcpus=4 on
 * -smp 2 or 4): vCPU 0 brings up every other vCPU with VCPUOP_initialise/up,
 * all of them spin on a counter in shared memory (no hypercalls: only the
 * hypervisor's time slices move them), and over a 3 s window
 *  - every vCPU makes progress and gets running time;
 *  - vCPUs of one domain (equal weights) get the same share within 10%;
 *  - together they get min(vCPUs, pCPUs) pCPUs' worth within 10%;
 *  - each vCPU's four runstate times advance by exactly the wall time
 *    (within 1 ms), and contention shows up as runnable time;
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

#define hc_vcpu_op(cmd, id, arg) HC(__HYPERVISOR_vcpu_op, cmd, id, arg, 0, 0)
#define MS 1000000ULL
#define MAX_VCPUS 4
#define WINDOW (3000 * MS)

extern const uint8_t xt_entry_event[], xt_entry_failsafe[];

static struct vcpu_guest_context ctx;
static uint8_t ap_stack[MAX_VCPUS][8192] __attribute__((aligned(16)));
static volatile uint64_t counter[MAX_VCPUS] __attribute__((aligned(64)));
static volatile unsigned int started[MAX_VCPUS];
static volatile bool stop;
static unsigned int nr_vcpus, nr_pcpus;
static struct xen_domctl dc;
static struct xen_sysctl sc;

/* AP entry: %rsp from the context, the vCPU id in %rdi (user_regs.rdi). */
void ap_main(unsigned int id);
void ap_main(unsigned int id)
{
    __atomic_store_n(&started[id], 1, __ATOMIC_SEQ_CST);
    while ( !stop )
        counter[id]++;
    hc_vcpu_op(VCPUOP_down, id, 0);
    for ( ;; )
        hc_sched_op(SCHEDOP_yield, 0);
}

asm (".pushsection .text, \"ax\", @progbits\n"
     "ap_entry:\n\t"
     "and  $-16, %rsp\n\t"
     "call ap_main\n\t"
     "ud2\n"
     ".popsection\n");
extern const uint8_t ap_entry[];


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
    nr_vcpus = 1;
    while ( nr_vcpus < MAX_VCPUS &&
            hc_vcpu_op(VCPUOP_is_up, nr_vcpus, 0) != -XEN_ENOENT )
        nr_vcpus++;
    memset(&sc, 0, sizeof(sc));
    nr_pcpus = sysctl(XEN_SYSCTL_physinfo) == 0 ? sc.u.physinfo.nr_cpus : 0;
    printk("%u vCPU(s) on %u pCPU(s)\n", nr_vcpus, nr_pcpus);
}

static bool start_ap(unsigned int id)
{
    long rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_in_kernel;
    ctx.user_regs.rip = (uint64_t)ap_entry;
    ctx.user_regs.rdi = id;
    ctx.user_regs.rsp = (uint64_t)ap_stack[id] + sizeof(ap_stack[id]);
    ctx.user_regs.cs = FLAT_KERNEL_CS;
    ctx.user_regs.ss = FLAT_KERNEL_SS;
    ctx.user_regs.rflags = 0x200;
    ctx.kernel_ss = FLAT_KERNEL_SS;
    ctx.kernel_sp = ctx.user_regs.rsp;
    ctx.ctrlreg[3] = xt_l4_mfn() << 12;
    ctx.event_callback_eip = (uint64_t)xt_entry_event;
    ctx.failsafe_callback_eip = (uint64_t)xt_entry_failsafe;
    rc = hc_vcpu_op(VCPUOP_initialise, id, &ctx);
    if ( rc == 0 )
        rc = hc_vcpu_op(VCPUOP_up, id, 0);
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

#define SLACK 50000ULL                  /* ns: clock rounding */

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
