/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu-hostile: 100000 random mmu_update and mmuext_op requests (batches of
 * 1-4, fixed xorshift seed) with in-range-ish values: table entries of 16
 * spare "sandbox" frames, unused kernel L4 slots 8-15, the hypervisor
 * slots 256-271 and the L1 entries of scratch windows 240-247, with values
 * naming sandbox frames, our own frames (page tables included), I/O
 * frames and garbage, random flags, commands, foreign domains, pdone and
 * list pointers; pin/unpin/clear/copy of sandbox frames, base pointers,
 * flushes with random masks and addresses, SET_LDT, unknown commands.
 * What must hold: the hypervisor survives, every call returns 0 or an
 * error code (-1..-4095); after cleaning up (slots and windows cleared,
 * sandbox unpinned) every sandbox frame can be mapped writable again (no
 * reference leaked), our tot_pages (current_reservation) and the
 * machine's free pages (sysctl physinfo: this runs as dom0) are unchanged,
 * and the domain still works (hypercalls, user mode, a normal update).
 * Only the sandbox and the listed entries are written, so the test
 * kernel's own mappings stay intact.
 */
#include <xt-mm.h>
#include <public/sysctl.h>

const char test_title[] = "100k random mmu_update/mmuext_op requests";

#define NR_REQS   100000
#define NS        16            /* sandbox frames */
#define WIN_FIRST 240           /* windows 240..247 are fair game */
#define WIN       250           /* our own window for checks */


static uint64_t rng = 0x9e3779b97f4a7c15UL;
static unsigned long sb[NS];
static domid_t self = DOMID_SELF;
static struct xen_sysctl sc;
static uint64_t mask_words[4];
static unsigned int done_word;
static unsigned long hist_ok[2], hist_err[2], hist_bad[2], by_errno[2][64];

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static unsigned int pick(unsigned int n)
{
    return rnd() % n;
}

static unsigned long sandbox(void)
{
    return sb[pick(NS)];
}

/* A frame number: sandbox, one of ours, I/O, or garbage. */
static unsigned long any_mfn(void)
{
    switch ( pick(10) )
    {
    case 0 ... 4: return sandbox();
    case 5 ... 6: return xt_p2m()[pick(xt_start_info->nr_pages)];
    case 7:       return 0xa0 + pick(0x60);             /* VGA/BIOS */
    case 8:       return xt_l4_mfn();
    default:      return pick(4) ? rnd() & 0xffffffffffUL : ~0UL >> pick(40);
    }
}

static uint64_t any_pte(void)
{
    static const uint64_t extra[] = {
        0, PTE_PSE, 1UL << 63, 0x18, 0xe00, 0x7ff0000000000000UL, 0x80,
        1UL << 52, 0x100,
    };
    uint64_t flags = (rnd() & 0x67) | extra[pick(ARRAY_SIZE(extra))];

    if ( !pick(20) )
        return rnd();
    return (any_mfn() << 12 & PTE_ADDR) | flags;
}

/* The entry an mmu_update writes (cmd in the low bits added later). */
static uint64_t any_ptr(bool *machphys_ok)
{
    uint64_t va;

    *machphys_ok = false;
    switch ( pick(10) )
    {
    case 0:
        return (xt_pte_maddr(0, 4, NULL) & ~0xfffUL) |
               (pick(2) ? 8 + pick(8) : 256 + pick(16)) * 8;
    case 1:
        va = (unsigned long)xt_scratch(WIN_FIRST + pick(8));
        return xt_pte_maddr(va, 1, NULL);
    case 2:                     /* I/O or far beyond RAM: never ours */
        return (pick(2) ? 0xa0 + pick(0x60) : rnd() | (1UL << 39)) << 12 |
               pick(512) * 8;
    default:
        *machphys_ok = true;
        return (uint64_t)sandbox() << 12 | pick(512) * 8;
    }
}

static unsigned int any_dom(void)
{
    static const unsigned int doms[] = {
        DOMID_IO, 0, 1, 1234, 0x7ff5, DOMID_SELF | (1 << 16),
        DOMID_SELF | (5 << 16), 0xffffffff,
    };

    return pick(8) ? DOMID_SELF : doms[pick(ARRAY_SIZE(doms))];
}

static void *any_done(void)
{
    switch ( pick(8) )
    {
    case 0:  return NULL;
    case 1:  return (void *)0xffff800000001000UL;
    case 2:  return (void *)0x8000000000000000UL;
    default: return &done_word;
    }
}

static void account(unsigned int which, long rc)
{
    if ( rc == 0 )
        hist_ok[which]++;
    else if ( rc < 0 && rc >= -4095 )
    {
        hist_err[which]++;
        by_errno[which][-rc < 64 ? -rc : 0]++;
    }
    else if ( hist_bad[which]++ < 5 )
        xt_fail("%s returned %ld", which ? "mmuext_op" : "mmu_update", rc);
}

static unsigned int storm_mmu(void)
{
    static mmu_update_t req[4];
    unsigned int n = 1 + pick(4), i;
    void *list = req;
    bool mp;

    for ( i = 0; i < n; i++ )
    {
        unsigned int cmd = pick(10) < 8 ? pick(3) & 2 : pick(8);

        req[i].ptr = any_ptr(&mp);
        if ( cmd == MMU_MACHPHYS_UPDATE && !mp )
            cmd = MMU_NORMAL_PT_UPDATE;
        req[i].ptr = (cmd == MMU_MACHPHYS_UPDATE ? req[i].ptr & ~0xfffUL
                                                 : req[i].ptr) | cmd;
        req[i].val = cmd == MMU_MACHPHYS_UPDATE ? rnd() & 0xfffff : any_pte();
    }
    if ( !pick(50) )
        list = pick(2) ? (void *)0xffff830000000000UL : (void *)8;
    account(0, hc_mmu_update(list, n, any_done(), any_dom()));
    return n;
}

static void any_mmuext(mmuext_op_t *op)
{
    memset(op, 0, sizeof(*op));
    switch ( pick(20) )
    {
    case 0 ... 7:
        op->cmd = MMUEXT_PIN_L1_TABLE + pick(4);
        op->arg1.mfn = pick(10) ? sandbox() : any_mfn();
        return;
    case 8 ... 10:
        op->cmd = MMUEXT_UNPIN_TABLE;
        op->arg1.mfn = pick(10) ? sandbox() : any_mfn();
        if ( op->arg1.mfn == xt_l4_mfn() )
            op->arg1.mfn = sandbox();
        return;
    case 11:
        op->cmd = MMUEXT_NEW_USER_BASEPTR;
        op->arg1.mfn = pick(4) ? sandbox() : 0;
        return;
    case 12:
        /* Only base pointers that cannot take: ours stays in CR3. */
        op->cmd = MMUEXT_NEW_BASEPTR;
        op->arg1.mfn = pick(2) ? xt_l4_mfn() : rnd() | (1UL << 45);
        return;
    case 13 ... 14:
        op->cmd = MMUEXT_TLB_FLUSH_LOCAL + pick(6);
        op->arg1.linear_addr = pick(2) ? rnd() : rnd() & 0xfffff000;
        mask_words[0] = rnd();
        op->arg2.vcpumask.p = pick(4) ? (void *)mask_words : (void *)rnd();
        return;
    case 15:
        op->cmd = MMUEXT_SET_LDT;
        op->arg1.linear_addr = pick(2) ? rnd() : rnd() & 0x7ffffff000UL;
        op->arg2.nr_ents = pick(9000);
        return;
    case 16 ... 17:
        op->cmd = pick(2) ? MMUEXT_CLEAR_PAGE : MMUEXT_COPY_PAGE;
        op->arg1.mfn = sandbox();
        op->arg2.src_mfn = any_mfn();
        return;
    default:
        op->cmd = pick(3) ? 19 + pick(30) : MMUEXT_FLUSH_CACHE + 6 * pick(2);
        op->arg1.mfn = any_mfn();
        return;
    }
}

static unsigned int storm_mmuext(void)
{
    static mmuext_op_t ops[4];
    unsigned int n = 1 + pick(4), i;
    void *list = ops;

    for ( i = 0; i < n; i++ )
        any_mmuext(&ops[i]);
    if ( !pick(50) )
        list = (void *)0xffff830000000000UL;
    account(1, hc_mmuext_op(list, n, any_done(), pick(10) ? DOMID_SELF
                                                          : any_dom()));
    return n;
}

static void cleanup(void)
{
    uint64_t l4 = xt_pte_maddr(0, 4, NULL) & ~0xfffUL;

    for ( unsigned int s = 8; s < 16; s++ )
        xt_check(xt_mmu1(l4 | s * 8, 0, DOMID_SELF) == 0,
                 "clearing L4 slot %u failed", s);
    for ( unsigned int w = WIN_FIRST; w < WIN_FIRST + 8; w++ )
        xt_check(xt_restore(w) == 0, "restoring window %u failed", w);
    xt_check(xt_mmuext1(MMUEXT_NEW_USER_BASEPTR, xt_l4_mfn(), 0) == 0,
             "restoring the user L4 failed");
    xt_check(xt_mmuext1(MMUEXT_SET_LDT, 0, 0) == 0, "clearing the LDT failed");
    for ( unsigned int i = 0; i < NS; i++ )
        xt_mmuext1(MMUEXT_UNPIN_TABLE, sb[i], 0);   /* errors: not pinned */
}

static long free_pages(void)
{
    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_physinfo;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hc_sysctl(&sc) ? -1 : (long)sc.u.physinfo.free_pages;
}

static unsigned long user_ok(void)
{
    return 0x600d;
}

static void check_after(long tot0, long free0)
{
    long tot1, free1, rc;

    for ( unsigned int i = 0; i < NS; i++ )
    {
        rc = xt_map(WIN, sb[i], PTE_P | PTE_RW);
        xt_check(rc == 0, "sandbox frame %u (mfn %#lx) not writable: %ld",
                 i, sb[i], rc);
    }
    xt_check(xt_restore(WIN) == 0, "normal update after the storm failed");
    tot1 = hc_memory_op(XENMEM_current_reservation, &self);
    free1 = free_pages();
    printk("tot_pages %ld -> %ld, free pages %ld -> %ld\n", tot0, tot1,
           free0, free1);
    xt_check(tot1 == tot0, "tot_pages %ld -> %ld", tot0, tot1);
    xt_check(free1 == free0, "free pages %ld -> %ld", free0, free1);
    xt_check(hc_xen_version(XENVER_version, 0) > 0, "xen_version broken");
    xt_check(xt_exec_user(user_ok) == 0x600d, "user mode broken");
}

void test_main(void)
{
    long tot0 = hc_memory_op(XENMEM_current_reservation, &self);
    long free0 = free_pages();
    unsigned int n = 0;

    if ( tot0 <= 0 || free0 < 0 )
    {
        xt_error("reservation %ld / physinfo %ld unavailable", tot0, free0);
        return;
    }
    for ( unsigned int i = 0; i < NS; i++ )
    {
        sb[i] = xt_spare_mfn(i);
        if ( xt_mmuext1(MMUEXT_CLEAR_PAGE, sb[i], 0) )
            panic("CLEAR_PAGE of sandbox frame %u failed", i);
    }
    while ( n < NR_REQS )
        n += pick(5) < 3 ? storm_mmu() : storm_mmuext();
    printk("%u requests: mmu_update %lu ok %lu errors, mmuext_op %lu ok %lu "
           "errors\n", n, hist_ok[0], hist_err[0], hist_ok[1], hist_err[1]);
    for ( unsigned int w = 0; w < 2; w++ )
        for ( unsigned int e = 0; e < 64; e++ )
            if ( by_errno[w][e] )
                printk("  %s errno %u: %lu\n", w ? "mmuext_op" : "mmu_update",
                       e, by_errno[w][e]);
    cleanup();
    check_after(tot0, free0);
}
