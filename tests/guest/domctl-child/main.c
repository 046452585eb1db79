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
 * cpupool holds the domains.
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
    uint8_t *w = xt_scratch(W_CHILD);
    long rc = hc_update_va_mapping_otherdomain(w, (mfn << 12) | PTE_P | PTE_RW |
                                               PTE_A | PTE_D, UVMF_INVLPG, child);

    if ( rc )
        return rc;
    memset(w, 0, PAGE_SIZE);
    memcpy(w, q, nq * 8);
    memcpy(w + 0x100, bytes, nb);
    return xt_restore(W_CHILD);
}

static int build_child(domid_t child, unsigned long *l4)
{
    static const uint8_t code[] = {
        0xbf, 0x02, 0, 0, 0,            /* mov $SCHEDOP_shutdown, %edi */
        0xbe, 0x00, 0x18, 0, 0,         /* mov $0x1800, %esi */
        0xb8, 29, 0, 0, 0,              /* mov $__HYPERVISOR_sched_op, %eax */
        0x0f, 0x05,                     /* syscall */
        0xeb, 0xfe,                     /* jmp . */
    };
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
                          sizeof(code))) )
        return rc;
    {
        mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };

        op.arg1.mfn = fr[0];
        if ( (rc = hc_mmuext_op(&op, 1, NULL, child)) )
            return rc;
    }
    *l4 = fr[0];
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

/* One create/build/run/destroy cycle; false (reported) on failure. */
static bool cycle(unsigned int i)
{
    domid_t child;
    unsigned long l4;
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.createdomain.max_vcpus = 1;
    dc.u.createdomain.max_grant_frames = -1;
    dc.u.createdomain.max_maptrack_frames = -1;
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_createdomain, 0)) )
        return xt_fail("cycle %u: createdomain: %ld", i, rc), false;
    child = dc.domain;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_vcpus.max = 1;
    rc = multi_domctl(&dc, XEN_DOMCTL_max_vcpus, child);
    if ( !rc )
    {
        memset(&dc, 0, sizeof(dc));
        dc.u.max_mem.max_memkb = 64;
        rc = multi_domctl(&dc, XEN_DOMCTL_max_mem, child);
    }
    if ( !rc )
        rc = build_child(child, &l4);
    if ( !rc )
        rc = run_child(child, l4, i == 0);
    if ( rc )
        xt_fail("cycle %u: child d%u: %ld", i, child, rc);
    memset(&dc, 0, sizeof(dc));
    if ( multi_domctl(&dc, XEN_DOMCTL_destroydomain, child) )
        return xt_fail("cycle %u: destroydomain failed", i), false;
    return !rc;
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
