/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain 0 builds, runs and destroys a child domain through domctl
 * (tests/guest/cases/multi-domctl.case, next to a domU started at boot):
 * createdomain (paused), max_vcpus, max_mem, five frames populated for the
 * child, its L4/L3/L2/L1 and a code page written through foreign mappings
 * (update_va_mapping_otherdomain) and the L4 pinned with foreigndom = child;
 * setvcpucontext with a minimal context (rip, rsp, flat selectors, CR3,
 * VGCF_online), getvcpucontext reads it back, unpause; the child's code is
 * a raw `syscall` to SCHEDOP_shutdown(reboot), seen as the shutdown code in
 * getdomaininfo; then destroydomain. After one warm-up cycle (the
 * hypervisor's allocator pools may grow once) the free page count must be
 * identical before and after 100 such cycles. Also: shadow_op is a no-op,
 * get_cpu_policy sizes and fills the leaves (-ENOBUFS when short), the one
 * cpupool holds the domains. Every mode first checks createdomain's
 * max_evtchn_port (check_evtchn_limit).
 *
 * Other modes, by command-line argument: "busy=V" destroys children whose
 * V vCPUs spin in event-channel hypercalls (multi-destroy-busy.case);
 * "race=R" has two vCPUs issue domctls at once (multi-domctl-race.case).
 * "exact=1": the free page checks of those modes are exact (Xenolite).
 */
#include "../multi/multi.h"

const char test_title[] = "domctl: create, run and destroy a child 100 times";

#define CYCLES   100
#define W_CHILD  30             /* scratch window for the child's frames */
#define NR_FR    5              /* L4, L3, L2, L1, code */
#define CODE_VA  0x1000UL

static struct xen_domctl dc;
static struct xen_sysctl sc;
static struct vcpu_guest_context ctx, back;

/* Write one frame of the child through a foreign mapping. */
static int fill_frame(domid_t child, unsigned long mfn, const uint64_t *q,
                      unsigned int nq, const uint8_t *bytes, unsigned int nb)
{
    return xt_fill_foreign(W_CHILD, child, mfn, q, nq, bytes, nb);
}

static const uint8_t shutdown_code[] = {
        0xbf, 0x02, 0, 0, 0,            /* mov $SCHEDOP_shutdown, %edi */
        0xbe, 0x00, 0x18, 0, 0,         /* mov $0x1800, %esi */
        0xb8, 29, 0, 0, 0,              /* mov $__HYPERVISOR_sched_op, %eax */
        0x0f, 0x05,                     /* syscall */
        0xeb, 0xfe,                     /* jmp . */
};

/*
 * Populate and map the child; code (at most 0x300 bytes) goes to
 * CODE_VA + 0x100. Out: the frames of its L4 and of the code page.
 */
static int build_child(domid_t child, const uint8_t *code, unsigned int len,
                       unsigned long *l4, unsigned long *code_mfn)
{
    xen_pfn_t fr[NR_FR] = { 0, 1, 2, 3, 4 };
    xen_memory_reservation_t r = { .nr_extents = NR_FR, .domid = child };
    uint64_t e, reason[0x800 / 8 + 1] = { 0 };
    long rc;

    r.extent_start.p = fr;
    rc = hc_memory_op(XENMEM_populate_physmap, &r);
    if ( rc != NR_FR )
        return -1000 - rc;
    /* L4[0] -> L3[0] -> L2[0] -> L1[1] -> code page at CODE_VA. */
    for ( unsigned int lvl = 0; lvl < 3; lvl++ )
    {
        e = (fr[lvl + 1] << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;
        if ( (rc = fill_frame(child, fr[lvl], &e, 1, NULL, 0)) )
            return rc;
    }
    {
        uint64_t l1[2] = { 0, (fr[4] << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D };

        if ( (rc = fill_frame(child, fr[3], l1, 2, NULL, 0)) )
            return rc;
    }
    /* Code at +0x100 (rip), struct sched_shutdown at +0x800 (reason). */
    reason[0x800 / 8] = SHUTDOWN_reboot;
    if ( (rc = fill_frame(child, fr[4], reason, ARRAY_SIZE(reason), code,
                          len)) )
        return rc;
    {
        mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };

        op.arg1.mfn = fr[0];
        if ( (rc = hc_mmuext_op(&op, 1, NULL, child)) )
            return rc;
    }
    *l4 = fr[0];
    *code_mfn = fr[4];
    return 0;
}

static int run_child(domid_t child, unsigned long l4, bool check_get)
{
    long rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_in_kernel | VGCF_online;
    ctx.user_regs.rip = CODE_VA + 0x100;
    ctx.user_regs.rsp = CODE_VA + 0x700;
    ctx.user_regs.cs = FLAT_KERNEL_CS;
    ctx.user_regs.ss = FLAT_KERNEL_SS;
    ctx.user_regs.rflags = 0x200;
    ctx.kernel_ss = FLAT_KERNEL_SS;
    ctx.ctrlreg[3] = l4 << 12;
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpucontext.vcpu = 0;
    dc.u.vcpucontext.ctxt.p = &ctx;
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_setvcpucontext, child)) )
        return rc;
    if ( check_get )
    {
        memset(&back, 0, sizeof(back));
        dc.u.vcpucontext.ctxt.p = &back;
        rc = multi_domctl(&dc, XEN_DOMCTL_getvcpucontext, child);
        xt_check(rc == 0 && back.user_regs.rip == ctx.user_regs.rip &&
                 back.ctrlreg[3] == ctx.ctrlreg[3] &&
                 (back.flags & VGCF_online),
                 "getvcpucontext: rc %ld rip %#lx cr3 %#lx flags %#lx", rc,
                 (unsigned long)back.user_regs.rip,
                 (unsigned long)back.ctrlreg[3], (unsigned long)back.flags);
    }
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_unpausedomain, child)) )
        return rc;
    if ( !multi_wait_shutdown(child) )
        return -2000;
    memset(&dc, 0, sizeof(dc));
    multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, child);
    rc = (dc.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
         XEN_DOMINF_shutdownmask;
    return rc == SHUTDOWN_reboot ? 0 : -3000 - rc;
}

/* createdomain + max_vcpus + max_mem: a paused child with vcpus vCPUs. */
static long create_child(unsigned int vcpus, uint32_t max_port, domid_t *child)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.createdomain.max_vcpus = vcpus;
    dc.u.createdomain.max_evtchn_port = max_port;
    dc.u.createdomain.max_grant_frames = -1;
    dc.u.createdomain.max_maptrack_frames = -1;
    dc.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_createdomain, 0)) )
        return rc;
    *child = dc.domain;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_vcpus.max = vcpus;
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_max_vcpus, *child)) )
        return rc;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_mem.max_memkb = 64;
    return multi_domctl(&dc, XEN_DOMCTL_max_mem, *child);
}

static long destroy_child(domid_t child)
{
    memset(&dc, 0, sizeof(dc));
    return multi_domctl(&dc, XEN_DOMCTL_destroydomain, child);
}

/* One create/build/run/destroy cycle; false (reported) on failure. */
static bool cycle(unsigned int i)
{
    domid_t child = DOMID_INVALID;
    unsigned long l4, code_mfn;
    long rc;

    rc = create_child(1, 0, &child);
    if ( child == DOMID_INVALID )
        return xt_fail("cycle %u: createdomain: %ld", i, rc), false;
    if ( !rc )
        rc = build_child(child, shutdown_code, sizeof(shutdown_code), &l4,
                         &code_mfn);
    if ( !rc )
        rc = run_child(child, l4, i == 0);
    if ( rc )
        xt_fail("cycle %u: child d%u: %ld", i, child, rc);
    if ( destroy_child(child) )
        return xt_fail("cycle %u: destroydomain failed", i), false;
    return !rc;
}

/*
 * ---- busy=V: destroy a child whose V vCPUs are inside event-channel
 * hypercalls. Regression test for domain_kill freeing the event channels
 * while the child's vCPUs still ran EVTCHNOP_* on other pCPUs (a closer
 * waiting for the bind lock then used the NULL d->evtchn, an allocator the
 * freed struct): the host crashed. Every vCPU of the child runs this loop
 * (position independent, copied to CODE_VA + 0x100): alloc_unbound (dom =
 * DOMID_SELF, remote 0), send, close that port, count a round.
 */
_Static_assert(EVTCHNOP_alloc_unbound == 6 && EVTCHNOP_send == 4 &&
               EVTCHNOP_close == 3 && __HYPERVISOR_event_channel_op == 32 &&
               DOMID_SELF == 0x7ff0, "the numbers in busy_code");
extern const uint8_t busy_code[], busy_rounds[], busy_code_end[];
asm (".pushsection .text\n"
     "busy_code:\n"
     "    sub $32, %rsp\n"
     "1:  movl $0x7ff0, (%rsp)\n"       /* dom = DOMID_SELF, remote_dom = 0 */
     "    mov $6, %edi\n"
     "    mov %rsp, %rsi\n"
     "    mov $32, %eax\n"
     "    syscall\n"
     "    mov 4(%rsp), %edx\n"          /* .port */
     "    mov %edx, 8(%rsp)\n"
     "    mov $4, %edi\n"
     "    lea 8(%rsp), %rsi\n"
     "    mov $32, %eax\n"
     "    syscall\n"
     "    mov $3, %edi\n"
     "    lea 8(%rsp), %rsi\n"
     "    mov $32, %eax\n"
     "    syscall\n"
     "    lock incq busy_rounds(%rip)\n"
     "    jmp 1b\n"
     "    .balign 8\n"
     "busy_rounds: .quad 0\n"
     "busy_code_end:\n"
     ".popsection\n");

#define BUSY_CYCLES  30
#define BUSY_ROUNDS  200         /* rounds done before the destroy */
#define W_WATCH      31          /* dom0's view of the child's code page */

/* Start every vCPU of the child at the loop, each on its own stack. */
static long start_busy(domid_t child, unsigned int vcpus, unsigned long l4)
{
    long rc = 0;

    for ( unsigned int v = 0; v < vcpus && !rc; v++ )
    {
        memset(&ctx, 0, sizeof(ctx));
        ctx.flags = VGCF_in_kernel | VGCF_online;
        ctx.user_regs.rip = CODE_VA + 0x100;
        ctx.user_regs.rsp = CODE_VA + 0xd00 + v * 0x100;
        ctx.user_regs.cs = FLAT_KERNEL_CS;
        ctx.user_regs.ss = FLAT_KERNEL_SS;
        ctx.user_regs.rflags = 0x200;
        ctx.kernel_ss = FLAT_KERNEL_SS;
        ctx.ctrlreg[3] = l4 << 12;
        memset(&dc, 0, sizeof(dc));
        dc.u.vcpucontext.vcpu = v;
        dc.u.vcpucontext.ctxt.p = &ctx;
        rc = multi_domctl(&dc, XEN_DOMCTL_setvcpucontext, child);
    }
    if ( !rc )
        rc = multi_domctl(&dc, XEN_DOMCTL_unpausedomain, child);
    return rc;
}

/* Wait until the child has done BUSY_ROUNDS rounds (watching its page). */
static long wait_busy(domid_t child, unsigned long code_mfn)
{
    volatile uint64_t *rounds = (void *)((uint8_t *)xt_scratch(W_WATCH) +
                                         0x100 + (busy_rounds - busy_code));
    long rc = hc_update_va_mapping_otherdomain(xt_scratch(W_WATCH),
                                               (code_mfn << 12) | PTE_P |
                                               PTE_A, UVMF_INVLPG, child);
    unsigned long i;

    if ( rc )
        return rc;
    for ( i = 0; i < MULTI_SPINS && *rounds < BUSY_ROUNDS; i++ )
        hc_sched_op(SCHEDOP_yield, NULL);
    rc = i < MULTI_SPINS ? 0 : -4000;
    xt_restore(W_WATCH);
    return rc;
}

static bool busy_cycle(unsigned int i, unsigned int vcpus)
{
    domid_t child = DOMID_INVALID;
    unsigned long l4, code_mfn;
    long rc;

    rc = create_child(vcpus, 1023, &child);
    if ( child == DOMID_INVALID )
        return xt_fail("busy %u: createdomain: %ld", i, rc), false;
    if ( !rc )
        rc = build_child(child, busy_code, busy_code_end - busy_code, &l4,
                         &code_mfn);
    if ( !rc )
        rc = start_busy(child, vcpus, l4);
    if ( !rc )
        rc = wait_busy(child, code_mfn);
    if ( rc )
        xt_fail("busy %u: child d%u: %ld", i, child, rc);
    if ( (rc = destroy_child(child)) )
        return xt_fail("busy %u: destroydomain: %ld", i, rc), false;
    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, child);
    if ( rc == 0 && dc.domain == child )
        return xt_fail("busy %u: d%u still listed (flags %#x)", i, child,
                       dc.u.getdomaininfo.flags), false;
    return true;
}

static void test_busy(unsigned int vcpus)
{
    uint64_t before, after;
    unsigned int i;

    if ( !busy_cycle(0, vcpus) )
        return;
    before = xt_free_pages();
    for ( i = 1; i <= BUSY_CYCLES && busy_cycle(i, vcpus); i++ )
        ;
    after = xt_free_pages();
    /* Xen 4.17's allocator pools keep a few pages: "exact" on Xenolite. */
    xt_check(after == before || !multi_arg("exact=", 0),
             "free pages %lu before, %lu after %u busy cycles",
             (unsigned long)before, (unsigned long)after, BUSY_CYCLES);
    printk("dom0: %u children with %u busy vCPUs destroyed; %lu pages free\n",
           i - 1, vcpus, (unsigned long)after);
}

/*
 * createdomain's max_evtchn_port: a child limited to ports 1..EVTCHN_LIMIT
 * gets them (allocated by dom0 for it), then -ENOSPC, as on Xen.
 * Regression test: the limit used to be ignored (every port of the ABI).
 */
#define EVTCHN_LIMIT 5

static void check_evtchn_limit(void)
{
    domid_t child = DOMID_INVALID;
    long rc = create_child(1, EVTCHN_LIMIT, &child);
    unsigned int n;

    if ( child == DOMID_INVALID )
        return xt_fail("evtchn limit: createdomain: %ld", rc);
    for ( n = 1; !rc && n <= EVTCHN_LIMIT + 1; n++ )
    {
        evtchn_alloc_unbound_t op = { .dom = child, .remote_dom = 0 };

        rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &op);
        if ( !rc && op.port != n )
            xt_fail("evtchn limit: allocation %u got port %u", n, op.port);
    }
    xt_check(rc == -XEN_ENOSPC && n == EVTCHN_LIMIT + 2,
             "max_evtchn_port %u: allocation %u returned %ld (want -ENOSPC "
             "at %u)", EVTCHN_LIMIT, n - 1, rc, EVTCHN_LIMIT + 1);
    xt_check(destroy_child(child) == 0, "evtchn limit: destroydomain");
}

/*
 * ---- race=R: two toolstack vCPUs at once. Each round both vCPUs of
 * domain 0 create a domain at the same moment (they must get different
 * ids), then both set max_vcpus on the first one (each vCPU must be
 * created once: a second one would be leaked, seen in the free page
 * count on Xenolite). Regression test for domctls running concurrently
 * (no domctl lock): the id was checked free, then inserted, unlocked.
 */
static struct xen_domctl race_dc[2];
static volatile domid_t race_id[2];
static volatile long race_rc[2];
static unsigned int race_arrived, race_rounds;

/* Both vCPUs meet here; the n-th meeting. */
static void race_barrier(unsigned int n)
{
    __atomic_add_fetch(&race_arrived, 1, __ATOMIC_SEQ_CST);
    for ( unsigned long i = 1;
          __atomic_load_n(&race_arrived, __ATOMIC_SEQ_CST) < 2 * n; i++ )
        if ( !(i % 4096) )
            hc_sched_op(SCHEDOP_yield, NULL);   /* one pCPU: let it run */
}

static void race_round(unsigned int me, unsigned int r)
{
    struct xen_domctl *d = &race_dc[me];

    race_barrier(3 * r + 1);
    memset(d, 0, sizeof(*d));
    d->u.createdomain.max_vcpus = 2;
    d->u.createdomain.max_evtchn_port = 1023;
    d->u.createdomain.max_grant_frames = -1;
    d->u.createdomain.max_maptrack_frames = -1;
    d->u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    race_rc[me] = multi_domctl(d, XEN_DOMCTL_createdomain, 0);
    race_id[me] = race_rc[me] ? DOMID_INVALID : d->domain;
    race_barrier(3 * r + 2);
    memset(d, 0, sizeof(*d));
    d->u.max_vcpus.max = 2;
    if ( race_id[0] != DOMID_INVALID )
        race_rc[me] = multi_domctl(d, XEN_DOMCTL_max_vcpus, race_id[0]);
    race_barrier(3 * r + 3);
}

static void race_vcpu1(unsigned int id)
{
    for ( unsigned int r = 0; r < race_rounds; r++ )
        race_round(id, r);
}

static void test_race(unsigned int rounds)
{
    uint64_t before = 0, after;
    unsigned int r;
    long rc;

    race_rounds = rounds;
    rc = xt_vcpu_start(1, race_vcpu1);
    if ( rc )
        return xt_fail("race: starting vCPU 1: %ld", rc);
    for ( r = 0; r < rounds; r++ )
    {
        /* After round 0 (vCPU 1 up, allocator pools grown): the baseline. */
        if ( r == 1 )
            before = xt_free_pages();
        race_round(0, r);
        if ( race_id[0] == DOMID_INVALID || race_id[0] == race_id[1] ||
             race_rc[0] || race_rc[1] )
            xt_fail("race %u: ids d%u d%u, max_vcpus %ld %ld", r, race_id[0],
                    race_id[1], race_rc[0], race_rc[1]);
        for ( unsigned int i = 0; i < 2; i++ )
            if ( race_id[i] != DOMID_INVALID &&
                 (i == 0 || race_id[1] != race_id[0]) )
                destroy_child(race_id[i]);
    }
    after = xt_free_pages();
    xt_check(after == before || !multi_arg("exact=", 0),
             "free pages %lu before, %lu after %u race rounds",
             (unsigned long)before, (unsigned long)after, rounds);
    printk("dom0: %u rounds of two concurrent createdomain + max_vcpus\n", r);
}

/* The other toolstack domctls/sysctls: shadow_op, CPU policy, cpupool. */
static void check_misc_ops(void)
{
    static xen_cpuid_leaf_t leaves[256];
    uint8_t map = 0;
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION;
    dc.u.shadow_op.mb = 77;
    rc = multi_domctl(&dc, XEN_DOMCTL_shadow_op, 0);
    xt_check(rc == 0 && dc.u.shadow_op.mb == 0, "shadow_op get_allocation: rc %ld mb %u",
             rc, dc.u.shadow_op.mb);

    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_get_cpu_policy, 0);
    xt_check(rc == 0 && dc.u.cpu_policy.nr_leaves > 1 &&
             dc.u.cpu_policy.nr_leaves <= ARRAY_SIZE(leaves),
             "get_cpu_policy size query: rc %ld, %u leaves", rc,
             dc.u.cpu_policy.nr_leaves);
    dc.u.cpu_policy.leaves.p = leaves;
    dc.u.cpu_policy.nr_leaves = 1;
    rc = multi_domctl(&dc, XEN_DOMCTL_get_cpu_policy, 0);
    xt_check(rc == -XEN_ENOBUFS, "get_cpu_policy into 1 leaf: rc %ld", rc);
    dc.u.cpu_policy.nr_leaves = ARRAY_SIZE(leaves);
    rc = multi_domctl(&dc, XEN_DOMCTL_get_cpu_policy, 0);
    xt_check(rc == 0 && leaves[0].leaf == 0 && leaves[0].a >= 1,
             "get_cpu_policy: rc %ld, leaf 0 = {%#x: %#x}", rc, leaves[0].leaf,
             leaves[0].a);

    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_cpupool_op;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    sc.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    sc.u.cpupool_op.cpumap.bitmap.p = &map;
    sc.u.cpupool_op.cpumap.nr_bits = 8;
    rc = hc_sysctl(&sc);
    xt_check(rc == 0 && sc.u.cpupool_op.cpupool_id == 0 &&
             sc.u.cpupool_op.n_dom >= 2 && (map & 1),
             "cpupool info: rc %ld pool %u n_dom %u map %#x", rc,
             sc.u.cpupool_op.cpupool_id, sc.u.cpupool_op.n_dom, map);
}

void test_main(void)
{
    uint64_t before, after;
    unsigned int i;

    if ( !multi_is_dom0() )
        return;                         /* the bystander domU just reports */
    check_evtchn_limit();
    if ( multi_arg("race=", 0) )
        return test_race(multi_arg("race=", 0));
    if ( multi_arg("busy=", 0) )
        return test_busy(multi_arg("busy=", 0));
    check_misc_ops();
    if ( !cycle(0) )
        return;
    before = xt_free_pages();
    for ( i = 1; i <= CYCLES && cycle(i); i++ )
        ;
    after = xt_free_pages();
    xt_check(after == before, "free pages %lu before, %lu after %u cycles",
             (unsigned long)before, (unsigned long)after, CYCLES);
    printk("dom0: %u children created, run and destroyed; %lu pages free\n",
           i - 1, (unsigned long)after);
    xt_check(multi_wait_shutdown(1), "d1 never shut down");
}
