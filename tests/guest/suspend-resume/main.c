/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor side of a PV suspend (issue 22): domain 0 builds a child
 * whose code calls SCHEDOP_shutdown(SHUTDOWN_suspend) twice, each time
 * with a marker in rdx where a PV kernel passes its start_info MFN. After
 * each call the child stores the call's return value in its code page.
 *
 * Checked: getdomaininfo shows shutdown with code SHUTDOWN_suspend;
 * getvcpucontext has the marker in rdx and rax = 0 (the call returned);
 * pausedomain/unpausedomain leave it suspended (xl pause/unpause);
 * the errors Xen gives (resumedomain on itself -EINVAL, on no domain
 * -ESRCH; vcpucontext past max_vcpus -EINVAL; setvcpucontext on itself
 * -EINVAL, with another CR3 -EOPNOTSUPP); gettscinfo answers. The first suspend is cancelled
 * as xc_domain_resume(fast=1) does: rax = 1 through setvcpucontext on the
 * suspended (not paused) domain, then resumedomain; the second is resumed
 * with rax untouched. The child then reboots: its stored values must be 1
 * and 0. getpageframeinfo3 reports the child's L4 (pinned), L3, L2, L1,
 * a data frame, a frame it does not own and none (-E2BIG past 1024).
 * Log-dirty (shadow_op ENABLE_LOGDIRTY, CLEAN, PEEK, OFF) on each child
 * before it starts: the frames domain 0 writes are reported in the right
 * rounds, its cost is printed, and the child dies with it still on.
 * Xenolite only ("logdirty=1"): Xen 4.17 tracks PV writes with shadow
 * page tables and reports only frames really written, where Xenolite
 * reports every frame mapped writable (docs/migration.md).
 * get/setvcpuextstate (xl's VCPU_XSAVE record) on the suspended child:
 * the size query, a get, the same buffer set back and got again equal;
 * -EINVAL for a wrong feature mask or a short buffer on get and a wrong
 * size on set, -EIO for a reserved header word, -ESRCH for vCPU 7,
 * -EINVAL on domain 0 itself. Twenty cycles, free pages identical before
 * and after.
 */
#include "../multi/multi.h"

const char test_title[] = "suspend: SHUTDOWN_suspend, vcpu context, resumedomain";

#define CYCLES   20
#define W_CHILD  30
#define W_WATCH  31
#define NR_FR    5              /* L4, L3, L2, L1, code */
#define NR_DATA  8              /* data frames, PFNs 5..12 */
#define W_DATA   32
#define LD_ROUNDS 64            /* map, write, unmap rounds timed */
#define CODE_VA  0x1000UL
#define MARKER1  0x5157a27UL
#define MARKER2  0x5157a28UL

static struct xen_domctl dc;
static xen_pfn_t child_fr[NR_FR + NR_DATA]; /* the last child's frames */
static struct vcpu_guest_context ctx;

_Static_assert(SCHEDOP_shutdown == 2 && SHUTDOWN_suspend == 2 &&
               SHUTDOWN_reboot == 1 && __HYPERVISOR_sched_op == 29,
               "the numbers in suspend_code");
extern const uint8_t suspend_code[], susp_ret1[], susp_ret2[],
                     suspend_code_end[];
asm (".pushsection .text\n"
     "suspend_code:\n"
     "    mov $2, %edi\n"
     "    lea susp_reason(%rip), %rsi\n"
     "    mov $0x5157a27, %edx\n"
     "    mov $29, %eax\n"
     "    syscall\n"
     "    mov %rax, susp_ret1(%rip)\n"
     "    mov $2, %edi\n"
     "    lea susp_reason(%rip), %rsi\n"
     "    mov $0x5157a28, %edx\n"
     "    mov $29, %eax\n"
     "    syscall\n"
     "    mov %rax, susp_ret2(%rip)\n"
     "    mov $2, %edi\n"
     "    lea reboot_reason(%rip), %rsi\n"
     "    mov $29, %eax\n"
     "    syscall\n"
     "    jmp .\n"
     "    .balign 8\n"
     "susp_reason: .long 2\n"
     "reboot_reason: .long 1\n"
     "susp_ret1: .quad -1\n"
     "susp_ret2: .quad -1\n"
     "suspend_code_end:\n"
     ".popsection\n");

static int fill_frame(domid_t child, unsigned long mfn, const uint64_t *q,
                      unsigned int nq, const uint8_t *bytes, unsigned int nb)
{
    return xt_fill_foreign(W_CHILD, child, mfn, q, nq, bytes, nb);
}

/* L4 -> L3 -> L2 -> L1 -> the code page at CODE_VA; the L4 pinned. */
static int build_child(domid_t child, unsigned long *l4, unsigned long *code)
{
    xen_pfn_t fr[NR_FR + NR_DATA] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    xen_memory_reservation_t r = { .nr_extents = NR_FR + NR_DATA,
                                   .domid = child };
    mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };
    uint64_t e, l1[2] = { 0 };
    long rc;

    r.extent_start.p = fr;
    rc = hc_memory_op(XENMEM_populate_physmap, &r);
    if ( rc != NR_FR + NR_DATA )
        return -1000 - rc;
    for ( unsigned int lvl = 0; lvl < 3; lvl++ )
    {
        e = (fr[lvl + 1] << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;
        if ( (rc = fill_frame(child, fr[lvl], &e, 1, NULL, 0)) )
            return rc;
    }
    l1[1] = (fr[4] << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;
    if ( (rc = fill_frame(child, fr[3], l1, 2, NULL, 0)) )
        return rc;
    if ( (rc = fill_frame(child, fr[4], NULL, 0, suspend_code,
                          suspend_code_end - suspend_code)) )
        return rc;
    op.arg1.mfn = fr[0];
    if ( (rc = hc_mmuext_op(&op, 1, NULL, child)) )
        return rc;
    *l4 = fr[0];
    *code = fr[4];
    memcpy(child_fr, fr, sizeof(fr));
    return 0;
}

static long create_child(domid_t *child)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.createdomain.max_vcpus = 1;
    dc.u.createdomain.max_grant_frames = -1;
    dc.u.createdomain.max_maptrack_frames = -1;
    dc.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_createdomain, 0)) )
        return rc;
    *child = dc.domain;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_vcpus.max = 1;
    if ( (rc = multi_domctl(&dc, XEN_DOMCTL_max_vcpus, *child)) )
        return rc;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_mem.max_memkb = 64;
    return multi_domctl(&dc, XEN_DOMCTL_max_mem, *child);
}

static long vcpucontext(uint32_t cmd, domid_t dom, uint32_t vcpu,
                        struct vcpu_guest_context *c)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpucontext.vcpu = vcpu;
    dc.u.vcpucontext.ctxt.p = c;
    return multi_domctl(&dc, cmd, dom);
}

static long start_child(domid_t child, unsigned long l4)
{
    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_in_kernel | VGCF_online;
    ctx.user_regs.rip = CODE_VA + 0x100;
    ctx.user_regs.rsp = CODE_VA + 0xf00;
    ctx.user_regs.cs = FLAT_KERNEL_CS;
    ctx.user_regs.ss = FLAT_KERNEL_SS;
    ctx.user_regs.rflags = 0x200;
    ctx.kernel_ss = FLAT_KERNEL_SS;
    ctx.ctrlreg[3] = l4 << 12;
    if ( vcpucontext(XEN_DOMCTL_setvcpucontext, child, 0, &ctx) )
        return -2000;
    memset(&dc, 0, sizeof(dc));
    return multi_domctl(&dc, XEN_DOMCTL_unpausedomain, child);
}

/* The child's shutdown code once it is shut down, or -1 on timeout. */
static long wait_code(domid_t child)
{
    if ( !multi_wait_shutdown(child) )
        return -1;
    memset(&dc, 0, sizeof(dc));
    multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, child);
    return (dc.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask;
}

/* The errors of the sub-ops, once, on a suspended child. */
static void check_errors(domid_t child)
{
    struct vcpu_guest_context bad = ctx;
    uint32_t flags;
    long rc;

    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_resumedomain, 0);
    xt_check(rc == -XEN_EINVAL, "resumedomain on itself: %ld", rc);
    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_resumedomain, 0x7000);
    xt_check(rc == -XEN_ESRCH, "resumedomain on no domain: %ld", rc);
    rc = vcpucontext(XEN_DOMCTL_getvcpucontext, child, 1, &bad);
    xt_check(rc == -XEN_EINVAL, "getvcpucontext vcpu 1 of 1: %ld", rc);
    rc = vcpucontext(XEN_DOMCTL_setvcpucontext, child, 7, &bad);
    xt_check(rc == -XEN_EINVAL, "setvcpucontext vcpu 7 of 1: %ld", rc);
    rc = vcpucontext(XEN_DOMCTL_setvcpucontext, 0, 0, &bad);
    xt_check(rc == -XEN_EINVAL, "setvcpucontext on itself: %ld", rc);
    bad.ctrlreg[3] += 0x1000;
    rc = vcpucontext(XEN_DOMCTL_setvcpucontext, child, 0, &bad);
    xt_check(rc == -XEN_EOPNOTSUPP, "setvcpucontext with another CR3: %ld",
             rc);
    bad = ctx;
    bad.user_regs.rip = 0x0000800000000000UL;
    rc = vcpucontext(XEN_DOMCTL_setvcpucontext, child, 0, &bad);
    xt_check(rc == -XEN_EINVAL, "setvcpucontext, non-canonical rip: %ld", rc);

    /* The save side's TSC record (Xenolite: host TSC, default mode). */
    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_gettscinfo, child);
    xt_check(rc == 0 && dc.u.tsc_info.tsc_mode <= XEN_DOMCTL_TSC_MODE_NATIVE &&
             dc.u.tsc_info.gtsc_khz > 100000, "gettscinfo: rc %ld mode %u "
             "khz %u", rc, dc.u.tsc_info.tsc_mode, dc.u.tsc_info.gtsc_khz);

    /* xl pause/unpause of a suspended domain leave it suspended. */
    memset(&dc, 0, sizeof(dc));
    multi_domctl(&dc, XEN_DOMCTL_pausedomain, child);
    memset(&dc, 0, sizeof(dc));
    multi_domctl(&dc, XEN_DOMCTL_unpausedomain, child);
    memset(&dc, 0, sizeof(dc));
    multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, child);
    flags = dc.u.getdomaininfo.flags;
    xt_check((flags & XEN_DOMINF_shutdown) && !(flags & XEN_DOMINF_paused) &&
             ((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) ==
             SHUTDOWN_suspend, "after pause/unpause: flags %#x", flags);
}

static uint8_t ext[8192] __attribute__((aligned(64)));
static uint8_t ext2[8192] __attribute__((aligned(64)));

static long extstate(uint32_t cmd, domid_t dom, uint32_t vcpu, uint64_t mask,
                     uint64_t size, void *buf)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpuextstate.vcpu = vcpu;
    dc.u.vcpuextstate.xfeature_mask = mask;
    dc.u.vcpuextstate.size = size;
    dc.u.vcpuextstate.buffer.p = buf;
    return multi_domctl(&dc, cmd, dom);
}

/* The VCPU_XSAVE round trip and the errors, once, on a suspended child. */
static void check_extstate(domid_t child)
{
    uint64_t mask, size, got;
    long rc;

    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 0, 0, 0, NULL);
    mask = dc.u.vcpuextstate.xfeature_mask;
    size = dc.u.vcpuextstate.size;
    if ( rc || !(mask & 1) || size < 16 + 576 || size > sizeof(ext) )
    {
        xt_fail("extstate size query: rc %ld mask %#lx size %lu", rc,
                (unsigned long)mask, (unsigned long)size);
        return;
    }
    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 0, mask, size, ext);
    got = dc.u.vcpuextstate.size;
    if ( rc == 0 && got == 16 )
    {
        /*
         * Xen 4.17 keeps no XSAVE image for a vCPU that never set XCR0
         * (xcr0_accum 0): just the two XCR0 words. Xenolite always has the
         * x87|SSE image, so the checks of the image run there.
         */
        printk("getvcpuextstate: the XCR0 words only, no image to check\n");
        return;
    }
    xt_check(rc == 0 && got >= 16 + 576 && got <= size,
             "getvcpuextstate: rc %ld size %lu", rc, (unsigned long)got);
    if ( rc )
        return;
    rc = extstate(XEN_DOMCTL_setvcpuextstate, child, 0, mask, got, ext);
    xt_check(rc == 0, "setvcpuextstate of the got buffer: %ld", rc);
    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 0, mask, size, ext2);
    xt_check(rc == 0 && dc.u.vcpuextstate.size == got &&
             !memcmp(ext, ext2, got), "extstate round trip: rc %ld", rc);

    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 0, mask | (1UL << 62),
                  size, ext2);
    xt_check(rc == -XEN_EINVAL, "getvcpuextstate, wrong mask: %ld", rc);
    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 0, mask, got - 8, ext2);
    xt_check(rc == -XEN_EINVAL, "getvcpuextstate, short buffer: %ld", rc);
    rc = extstate(XEN_DOMCTL_setvcpuextstate, child, 0, mask, got - 8, ext);
    xt_check(rc == -XEN_EINVAL, "setvcpuextstate, short size: %ld", rc);
    ext[16 + 512 + 16] = 1;             /* the first reserved header word */
    rc = extstate(XEN_DOMCTL_setvcpuextstate, child, 0, mask, got, ext);
    xt_check(rc == -XEN_EIO, "setvcpuextstate, reserved header bit: %ld", rc);
    ext[16 + 512 + 16] = 0;
    rc = extstate(XEN_DOMCTL_getvcpuextstate, child, 7, mask, size, ext2);
    xt_check(rc == -XEN_ESRCH, "getvcpuextstate vcpu 7 of 1: %ld", rc);
    rc = extstate(XEN_DOMCTL_setvcpuextstate, child, 7, mask, got, ext);
    xt_check(rc == -XEN_ESRCH, "setvcpuextstate vcpu 7 of 1: %ld", rc);
    rc = extstate(XEN_DOMCTL_setvcpuextstate, 0, 0, mask, got, ext);
    xt_check(rc == -XEN_EINVAL, "setvcpuextstate on itself: %ld", rc);
}

/*
 * getpageframeinfo3 on the child's frames, a frame it does not own
 * (domain 0's shared_info) and no frame at all; then num > 1024. Each
 * entry comes back as its type alone (Xen 4.17 drops the frame number).
 */
static void check_pfinfo(domid_t child)
{
    static const uint64_t want[] = {
        XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB,
        XEN_DOMCTL_PFINFO_L3TAB, XEN_DOMCTL_PFINFO_L2TAB,
        XEN_DOMCTL_PFINFO_L1TAB, XEN_DOMCTL_PFINFO_NOTAB,
        XEN_DOMCTL_PFINFO_XTAB, XEN_DOMCTL_PFINFO_XTAB,
    };
    xen_pfn_t f[ARRAY_SIZE(want)], in[ARRAY_SIZE(want)];
    long rc;

    memcpy(f, child_fr, NR_FR * sizeof(*f));
    f[NR_FR] = xt_start_info->shared_info >> 12;
    f[NR_FR + 1] = 0xfffffffffUL;
    memcpy(in, f, sizeof(f));
    memset(&dc, 0, sizeof(dc));
    dc.u.getpageframeinfo3.num = ARRAY_SIZE(f);
    dc.u.getpageframeinfo3.array.p = f;
    rc = multi_domctl(&dc, XEN_DOMCTL_getpageframeinfo3, child);
    xt_check(rc == 0, "getpageframeinfo3: %ld", rc);
    for ( unsigned int i = 0; !rc && i < ARRAY_SIZE(f); i++ )
        xt_check(f[i] == want[i], "getpageframeinfo3 frame %u (%#lx): %#lx, "
                 "want %#lx", i, (unsigned long)in[i], (unsigned long)f[i],
                 (unsigned long)want[i]);
    dc.u.getpageframeinfo3.num = 1025;
    rc = multi_domctl(&dc, XEN_DOMCTL_getpageframeinfo3, child);
    xt_check(rc == -XEN_E2BIG, "getpageframeinfo3 of 1025 frames: %ld", rc);
}

static long shadow(domid_t dom, uint32_t op, uint64_t *bitmap, uint64_t pages)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.shadow_op.op = op;
    dc.u.shadow_op.dirty_bitmap.p = (uint8_t *)bitmap;
    dc.u.shadow_op.pages = pages;
    return multi_domctl(&dc, XEN_DOMCTL_shadow_op, dom);
}

/* One CLEAN/PEEK of the child's PFNs 0..63 (~0 on error). */
static uint64_t dirty(domid_t child, uint32_t op)
{
    uint64_t bits = 0;

    return shadow(child, op, &bits, 64) ? ~0UL : bits;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

/* Map data frame i of the child writable at W_DATA, write it, keep it. */
static long map_data(domid_t child, unsigned int i, uint64_t val)
{
    uint64_t *w = xt_scratch(W_DATA);
    long rc = hc_update_va_mapping_otherdomain(w, (child_fr[NR_FR + i] << 12) |
                                               PTE_P | PTE_RW | PTE_A | PTE_D,
                                               UVMF_INVLPG, child);

    if ( !rc )
        w[0] = val;
    return rc;
}

/* TSC ticks of LD_ROUNDS map + write + unmap rounds of the data frames. */
static uint64_t time_writes(domid_t child)
{
    uint64_t t0 = rdtsc();

    for ( unsigned int i = 0; i < LD_ROUNDS; i++ )
        if ( map_data(child, i % NR_DATA, i) || xt_restore(W_DATA) )
            return 0;
    return rdtsc() - t0;
}

#define PFN_BIT(i) (1UL << (i))
#define CODE_BIT   PFN_BIT(4)   /* the child's code page: always writable */

/*
 * Log-dirty on a built, not yet started child: errors, what CLEAN and
 * PEEK report as dom0 writes its data frames (PFN 5..12) through foreign
 * mappings, a short bitmap; the cost of the map/write/unmap rounds with
 * and without it. Left on: the child runs and dies with it.
 */
static void check_logdirty(domid_t child, bool report)
{
    uint64_t off, on, t0, clean, bits;
    long rc;

    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_CLEAN, &bits, 64);
    xt_check(rc == -XEN_EINVAL, "CLEAN with log-dirty off: %ld", rc);
    time_writes(child);                 /* warm-up: TCG, TLB, caches */
    off = time_writes(child);
    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0);
    xt_check(rc == 0, "ENABLE_LOGDIRTY: %ld", rc);
    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0);
    xt_check(rc == -XEN_EINVAL, "ENABLE_LOGDIRTY twice: %ld", rc);
    rc = shadow(0, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0);
    xt_check(rc == -XEN_EINVAL, "ENABLE_LOGDIRTY on itself: %ld", rc);
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_CLEAN);
    xt_check(bits == CODE_BIT, "first CLEAN: %#lx", (unsigned long)bits);

    /* Written and unmapped within the round: dirty in it, not after. */
    map_data(child, 2, 0x77);
    xt_restore(W_DATA);
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_CLEAN);
    xt_check(bits == (CODE_BIT | PFN_BIT(7)), "CLEAN after a write to PFN 7: "
             "%#lx", (unsigned long)bits);
    /* Still mapped: dirty in every round; PEEK does not reset. */
    map_data(child, 4, 0x99);
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_PEEK);
    xt_check(bits == (CODE_BIT | PFN_BIT(9)), "PEEK, PFN 9 mapped: %#lx",
             (unsigned long)bits);
    xt_restore(W_DATA);
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_CLEAN);
    xt_check(bits == (CODE_BIT | PFN_BIT(9)), "CLEAN after PEEK: %#lx",
             (unsigned long)bits);
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_CLEAN);
    xt_check(bits == CODE_BIT, "CLEAN of a quiet round: %#lx",
             (unsigned long)bits);
    /* A 5-bit bitmap: one byte written, the rest of the buffer untouched. */
    bits = ~0UL;
    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_PEEK, &bits, 5);
    xt_check(rc == 0 && dc.u.shadow_op.pages == 5 &&
             bits == 0xffffffffffffff10UL, "PEEK of 5 PFNs: rc %ld pages %lu "
             "bits %#lx", rc, (unsigned long)dc.u.shadow_op.pages,
             (unsigned long)bits);

    on = time_writes(child);
    t0 = rdtsc();
    bits = dirty(child, XEN_DOMCTL_SHADOW_OP_CLEAN);
    clean = rdtsc() - t0;
    xt_check(bits == (CODE_BIT | 0x1fe0UL) && dc.u.shadow_op.stats.dirty_count,
             "CLEAN after the timed rounds: %#lx", (unsigned long)bits);
    if ( report )
        printk("log-dirty cost: %u rounds of map+write+unmap of a frame: "
               "%lu TSC ticks per round off, %lu on; one CLEAN %lu ticks\n",
               LD_ROUNDS, (unsigned long)(off / LD_ROUNDS),
               (unsigned long)(on / LD_ROUNDS), (unsigned long)clean);
    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0);
    rc = rc ?: shadow(child, XEN_DOMCTL_SHADOW_OP_CLEAN, &bits, 64);
    xt_check(rc == -XEN_EINVAL, "CLEAN after OFF: %ld", rc);
    rc = shadow(child, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0);
    xt_check(rc == 0, "ENABLE_LOGDIRTY again: %ld", rc);
}

/* Suspend, read the context, resume with rax = ret (or untouched: -1). */
static long suspend_round(domid_t child, unsigned long marker, long ret,
                          bool errors)
{
    long rc = wait_code(child);

    if ( rc != SHUTDOWN_suspend )
        return -3000 - rc;
    rc = vcpucontext(XEN_DOMCTL_getvcpucontext, child, 0, &ctx);
    if ( rc )
        return -4000 + rc;
    if ( ctx.user_regs.rdx != marker || ctx.user_regs.rax != 0 ||
         !(ctx.flags & VGCF_online) || !(ctx.flags & VGCF_in_kernel) )
    {
        xt_fail("suspended context: rdx %#lx rax %#lx flags %#lx",
                (unsigned long)ctx.user_regs.rdx,
                (unsigned long)ctx.user_regs.rax, (unsigned long)ctx.flags);
        return -5000;
    }
    if ( errors )
    {
        check_errors(child);
        check_extstate(child);
        check_pfinfo(child);
    }
    if ( ret >= 0 )
    {
        ctx.user_regs.rax = ret;
        if ( (rc = vcpucontext(XEN_DOMCTL_setvcpucontext, child, 0, &ctx)) )
            return -6000 + rc;
    }
    memset(&dc, 0, sizeof(dc));
    return multi_domctl(&dc, XEN_DOMCTL_resumedomain, child);
}

/* The values the child stored after its two suspends. */
static long read_results(domid_t child, unsigned long code, uint64_t *r1,
                         uint64_t *r2)
{
    const uint8_t *w = xt_scratch(W_WATCH);
    long rc = hc_update_va_mapping_otherdomain(w, (code << 12) | PTE_P | PTE_A,
                                               UVMF_INVLPG, child);

    if ( rc )
        return rc;
    memcpy(r1, w + 0x100 + (susp_ret1 - suspend_code), 8);
    memcpy(r2, w + 0x100 + (susp_ret2 - suspend_code), 8);
    return xt_restore(W_WATCH);
}

static bool cycle(unsigned int i)
{
    domid_t child = DOMID_INVALID;
    unsigned long l4 = 0, code = 0;
    uint64_t r1 = ~0UL, r2 = ~0UL;
    long rc;

    rc = create_child(&child);
    if ( !rc )
        rc = build_child(child, &l4, &code);
    if ( !rc && multi_arg("logdirty=", 0) )
        check_logdirty(child, i == 0);
    if ( !rc )
        rc = start_child(child, l4);
    if ( !rc )
        rc = suspend_round(child, MARKER1, 1, i == 0);
    if ( !rc )
        rc = suspend_round(child, MARKER2, -1, false);
    if ( !rc && (rc = wait_code(child)) == SHUTDOWN_reboot )
        rc = read_results(child, code, &r1, &r2);
    else if ( !rc )
        rc = -7000 - rc;
    if ( !rc && (r1 != 1 || r2 != 0) )
        rc = -8000;
    if ( rc )
        xt_fail("cycle %u: child d%u: %ld (returns %#lx %#lx)", i, child, rc,
                (unsigned long)r1, (unsigned long)r2);
    if ( child != DOMID_INVALID )
    {
        memset(&dc, 0, sizeof(dc));
        if ( multi_domctl(&dc, XEN_DOMCTL_destroydomain, child) )
            return xt_fail("cycle %u: destroydomain failed", i), false;
    }
    return !rc;
}

void test_main(void)
{
    uint64_t before, after;
    unsigned int i;

    if ( !cycle(0) )
        return;
    before = xt_free_pages();
    for ( i = 1; i <= CYCLES && cycle(i); i++ )
        ;
    after = xt_free_pages();
    xt_check(after == before || !multi_arg("exact=", 0),
             "free pages %lu before, %lu after %u cycles",
             (unsigned long)before, (unsigned long)after, CYCLES);
    printk("dom0: %u children suspended twice, resumed (rax 1, then 0), "
           "rebooted\n", i - 1);
}
