/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time on the host: the TSC-to-ns scale (xen/common/time_math.c) against an
 * independent pvclock reader written as a guest would, stamp refreshes that
 * keep guest time continuous and monotonic, CMOS RTC decoding, the per-CPU
 * timer list (xen/common/timer.c) driven by a fake clock and APIC, and the
 * vcpu_guest_context checks of VCPUOP_initialise (pv/vgc_check.c).
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/pv/vcpu_context.h>

/* ---- fake machine --------------------------------------------------------- */

struct vcpu *unit_current_vcpu;
static s_time_t fake_now;
static s_time_t programmed = -1;        /* last apic_timer_program() */

s_time_t get_s_time(void) { return fake_now; }
void apic_timer_program(s_time_t deadline) { programmed = deadline; }
unsigned long local_irq_save(void) { return 0; }
void local_irq_restore(unsigned long flags) { (void)flags; }

/* ---- scale and pvclock ------------------------------------------------------- */

/* The guest's side, written independently: Linux's pvclock arithmetic. */
static uint64_t guest_time(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t delta = tsc - t->tsc_timestamp;
    uint64_t lo, hi;

    if ( t->tsc_shift < 0 )
        delta >>= -t->tsc_shift;
    else
        delta <<= t->tsc_shift;
    lo = (delta & 0xffffffffULL) * t->tsc_to_system_mul;
    hi = (delta >> 32) * t->tsc_to_system_mul;
    return t->system_time + hi + (lo >> 32);
}

static const uint64_t test_hz[] = {
    1000000000ULL, 2447703000ULL, 3000000000ULL, 3999999999ULL, 100000000ULL,
    1193182ULL, 10000000000ULL, 1000000001ULL, 2000000000ULL, 999999999ULL,
};

static void test_scale_normalised(void)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(test_hz); i++ )
    {
        struct time_scale ts;
        uint64_t one_sec;

        time_scale_from_hz(&ts, test_hz[i]);
        CU_ASSERT(ts.mul >= 0x80000000U);
        /* hz ticks are one second, to well under a microsecond. */
        one_sec = time_scale_delta(test_hz[i], &ts);
        CU_ASSERT(one_sec <= 1000000000ULL && one_sec >= 1000000000ULL - 4);
    }
}

static void test_scale_zero_hz(void)
{
    struct time_scale ts;

    time_scale_from_hz(&ts, 0);         /* falls back to 1 GHz */
    CU_ASSERT_EQUAL(time_scale_delta(1000, &ts), 1000);
}

static void test_muldiv(void)
{
    CU_ASSERT_EQUAL(muldiv64(10, 20, 7), 28);
    CU_ASSERT_EQUAL(muldiv64(1ULL << 40, 1ULL << 40, 1ULL << 30), 1ULL << 50);
    CU_ASSERT_EQUAL(muldiv64(~0ULL, ~0ULL, 1), ~0ULL);     /* saturates */
    CU_ASSERT_EQUAL(muldiv64(5, 5, 0), ~0ULL);
}

/* A hypervisor stamp {tsc, stime}, published to the guest as is. */
struct stamp { uint64_t tsc; uint64_t stime; };

static uint64_t hv_now(const struct stamp *s, const struct time_scale *ts,
                       uint64_t tsc)
{
    return s->stime + time_scale_delta(tsc - s->tsc, ts);
}

static void publish(struct vcpu_time_info *t, const struct stamp *s,
                    const struct time_scale *ts)
{
    t->tsc_timestamp = s->tsc;
    t->system_time = s->stime;
    t->tsc_to_system_mul = ts->mul;
    t->tsc_shift = ts->shift;
}

static void test_guest_matches_now(void)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(test_hz); i++ )
    {
        struct time_scale ts;
        struct stamp s = { .tsc = 123456789ULL * (i + 1), .stime = 0 };
        struct vcpu_time_info t;

        time_scale_from_hz(&ts, test_hz[i]);
        publish(&t, &s, &ts);
        for ( uint64_t d = 0; d < 4 * test_hz[i]; d += test_hz[i] / 7 + 13 )
            CU_ASSERT_EQUAL(guest_time(&t, s.tsc + d), hv_now(&s, &ts, s.tsc + d));
    }
}

/* Refreshing the stamp once a "second" never moves guest time backwards. */
static void test_refresh_monotonic(void)
{
    struct time_scale ts;
    struct stamp s = { .tsc = 1000, .stime = 0 };
    struct vcpu_time_info t;
    uint64_t hz = 2447703000ULL, tsc = 1000, prev = 0, now;
    unsigned int backwards = 0;

    time_scale_from_hz(&ts, hz);
    publish(&t, &s, &ts);
    for ( unsigned int step = 0; step < 200000; step++ )
    {
        tsc += 12345 + step % 977;
        if ( step % 1000 == 999 )
        {
            /* The refresh: the new stamp is the old one extrapolated. */
            s.stime = hv_now(&s, &ts, tsc);
            s.tsc = tsc;
            publish(&t, &s, &ts);
        }
        now = guest_time(&t, tsc);
        if ( now < prev )
            backwards++;
        CU_ASSERT(now == hv_now(&s, &ts, tsc));
        prev = now;
    }
    CU_ASSERT_EQUAL(backwards, 0);
}

/* ---- RTC ------------------------------------------------------------------------ */

static void test_rtc_bcd_24h(void)
{
    struct rtc_regs r = { .sec = 0x44, .min = 0x08, .hour = 0x07, .mday = 0x21,
                          .mon = 0x11, .year = 0x26, .status_b = RTC_B_24H };

    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 1795244924LL);
    r.century = 0x20;
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 1795244924LL);
}

static void test_rtc_binary_12h(void)
{
    struct rtc_regs r = { .sec = 59, .min = 59, .hour = 0x80 | 11, .mday = 31,
                          .mon = 12, .year = 99, .status_b = RTC_B_BINARY };

    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 946684799LL);    /* 1999-12-31 23:59:59 */
    r.hour = 12;                                            /* 12 AM = 00 h */
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 946684799LL - 23 * 3600);
    r.hour = 0x80 | 12;                                     /* 12 PM = 12 h */
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 946684799LL - 11 * 3600);
    r.hour = 0;                                             /* no hour 0 in 12 h */
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), -1);
}

static void test_rtc_invalid(void)
{
    struct rtc_regs r = { .sec = 0x5a, .min = 0, .hour = 0, .mday = 1, .mon = 1,
                          .year = 0x24, .status_b = RTC_B_24H };

    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), -1);              /* BCD digit a */
    r.sec = 0;
    r.mon = 0x13;
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), -1);
    r.mon = 0x02;
    r.mday = 0x29;
    CU_ASSERT_EQUAL(rtc_regs_to_unix(&r), 1709164800LL);    /* 2024-02-29 */
    CU_ASSERT_EQUAL(bcd_to_bin(0x59), 59);
    CU_ASSERT_EQUAL(days_from_civil(1970, 1, 1), 0);
    CU_ASSERT_EQUAL(days_from_civil(2000, 3, 1), 11017);
}

/* ---- the timer list ------------------------------------------------------------ */

static char fired[16];
static unsigned int nfired;
static struct timer tm[4];

static void record_fn(void *data)
{
    if ( nfired < sizeof(fired) - 1 )
        fired[nfired++] = (char)(uintptr_t)data;
}

static void rearm_fn(void *data)
{
    record_fn(data);
    set_timer(&tm[3], fake_now + 10);    /* a periodic timer */
}

static void reset_timers(void)
{
    for ( unsigned int i = 0; i < 4; i++ )
        stop_timer(&tm[i]);
    memset(fired, 0, sizeof(fired));
    nfired = 0;
    fake_now = 0;
    for ( unsigned int i = 0; i < 3; i++ )
        init_timer(&tm[i], record_fn, (void *)(uintptr_t)('a' + i), 0);
    init_timer(&tm[3], rearm_fn, (void *)(uintptr_t)'p', 0);
}

static void test_timer_order(void)
{
    reset_timers();
    set_timer(&tm[0], 30);
    CU_ASSERT_EQUAL(programmed, 30);
    set_timer(&tm[1], 10);
    CU_ASSERT_EQUAL(programmed, 10);
    set_timer(&tm[2], 20);
    CU_ASSERT_EQUAL(programmed, 10);
    CU_ASSERT_EQUAL(timer_next_deadline(0), 10);
    CU_ASSERT(!timer_softirq_pending());

    fake_now = 15;
    CU_ASSERT(timer_softirq_pending());
    timer_softirq();
    CU_ASSERT_STRING_EQUAL(fired, "b");
    CU_ASSERT_EQUAL(programmed, 20);
    stop_timer(&tm[2]);
    CU_ASSERT_EQUAL(programmed, 30);
    CU_ASSERT(!timer_is_active(&tm[2]));
    fake_now = 100;
    timer_softirq();
    CU_ASSERT_STRING_EQUAL(fired, "ba");
    CU_ASSERT_EQUAL(programmed, 0);                     /* nothing left */
}

static void test_timer_fifo_and_move(void)
{
    reset_timers();
    set_timer(&tm[2], 50);
    set_timer(&tm[0], 50);
    set_timer(&tm[1], 60);
    set_timer(&tm[1], 40);                              /* moved to the front */
    CU_ASSERT_EQUAL(programmed, 40);
    fake_now = 50;
    timer_softirq();
    CU_ASSERT_STRING_EQUAL(fired, "bca");               /* equal deadlines FIFO */
    stop_timer(&tm[0]);                                 /* inactive: no-op */
    CU_ASSERT(!timer_is_active(&tm[0]));
}

static void test_timer_past_and_rearm(void)
{
    reset_timers();
    fake_now = 1000;
    set_timer(&tm[0], 5);                               /* already past */
    CU_ASSERT(timer_softirq_pending());
    timer_softirq();
    CU_ASSERT_STRING_EQUAL(fired, "a");
    CU_ASSERT(!timer_softirq_pending());

    set_timer(&tm[3], 1005);
    fake_now = 1005;
    timer_softirq();                                    /* re-arms, no loop */
    CU_ASSERT_STRING_EQUAL(fired, "ap");
    CU_ASSERT_EQUAL(programmed, 1015);
    fake_now = 1015;
    timer_softirq();
    CU_ASSERT_STRING_EQUAL(fired, "app");
    stop_timer(&tm[3]);
    CU_ASSERT_EQUAL(programmed, 0);
}

/* ---- vcpu_guest_context checks -------------------------------------------------- */

#define VALID_VMASST ((1UL << 0) | (1UL << 2) | (1UL << 5))

static struct vcpu_guest_context *good_ctx(void)
{
    static struct vcpu_guest_context c;

    memset(&c, 0, sizeof(c));
    c.flags = VGCF_in_kernel;
    c.user_regs.rip = 0xffffffff81000000ULL;
    c.user_regs.rsp = 0xffffc90000004000ULL;
    c.user_regs.cs = 0x10;
    c.user_regs.ss = 0x18;
    c.kernel_ss = 0x18;
    c.kernel_sp = c.user_regs.rsp;
    c.ctrlreg[3] = 0x1234000;
    c.trap_ctxt[14].address = 0xffffffff81001000ULL;
    c.trap_ctxt[14].cs = 0x10;
    c.gdt_ents = 16;
    return &c;
}

static void test_vgc_good(void)
{
    struct vcpu_guest_context *c = good_ctx();

    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
    CU_ASSERT_EQUAL(c->user_regs.cs, 0x13);
    CU_ASSERT_EQUAL(c->user_regs.ss, 0x1b);
    CU_ASSERT_EQUAL(c->kernel_ss, 0x1b);
    CU_ASSERT_EQUAL(c->trap_ctxt[14].cs, FLAT_KERNEL_CS);
    c = good_ctx();
    c->ldt_base = 0xffff888000010000ULL;
    c->ldt_ents = 8192;
    c->gdt_ents = FIRST_RESERVED_GDT_ENTRY;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 0, VALID_VMASST), 0);
}

static void test_vgc_noncanonical(void)
{
    const uint64_t bad = 0x0000800000000000ULL;
    size_t fields[] = {
        offsetof(struct vcpu_guest_context, user_regs.rip),
        offsetof(struct vcpu_guest_context, user_regs.rsp),
        offsetof(struct vcpu_guest_context, kernel_sp),
        offsetof(struct vcpu_guest_context, fs_base),
        offsetof(struct vcpu_guest_context, gs_base_kernel),
        offsetof(struct vcpu_guest_context, gs_base_user),
        offsetof(struct vcpu_guest_context, event_callback_eip),
        offsetof(struct vcpu_guest_context, failsafe_callback_eip),
        offsetof(struct vcpu_guest_context, syscall_callback_eip),
        offsetof(struct vcpu_guest_context, trap_ctxt[200].address),
    };

    for ( unsigned int i = 0; i < ARRAY_SIZE(fields); i++ )
    {
        struct vcpu_guest_context *c = good_ctx();

        memcpy((uint8_t *)c + fields[i], &bad, sizeof(bad));
        CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    }
}

static void test_vgc_tables_and_modes(void)
{
    struct vcpu_guest_context *c;

    c = good_ctx(); c->ldt_base = 0xffff888000010008ULL; c->ldt_ents = 1;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); c->ldt_base = 0xffff888000010000ULL; c->ldt_ents = 8193;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); c->ldt_base = 0x0000900000000000ULL; c->ldt_ents = 1;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); c->gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);

    c = good_ctx(); c->vm_assist = 1UL << 3;            /* not in the mask */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 0, VALID_VMASST), -EINVAL);
    c = good_ctx(); c->vm_assist = 1UL << 3;            /* ignored for vCPU 1 */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);

    c = good_ctx(); c->flags = 0;                        /* user mode, no user L4 */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); c->flags = 0; c->ctrlreg[1] = 0x5678000;
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
}

/*
 * Regression (issue 14): an FXSAVE image with reserved MXCSR bits made the
 * hypervisor's fxrstor #GP (host panic). Only mxcsr_mask bits may be set,
 * and only a valid image (VGCF_i387_valid) is looked at.
 */
static void set_mxcsr(struct vcpu_guest_context *c, uint32_t mxcsr)
{
    c->flags |= VGCF_i387_valid;
    memcpy(&c->fpu_ctxt.x[24], &mxcsr, sizeof(mxcsr));
}

static void test_vgc_mxcsr_reserved_bits(void)
{
    uint32_t saved = mxcsr_mask;
    struct vcpu_guest_context *c;

    CU_ASSERT_EQUAL(mxcsr_mask, MXCSR_MASK_DEFAULT);
    c = good_ctx(); set_mxcsr(c, 0x1f80);
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
    c = good_ctx(); set_mxcsr(c, 0xffbf);
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
    c = good_ctx(); set_mxcsr(c, 0xffffffff);
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); set_mxcsr(c, 0x10000);
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    c = good_ctx(); set_mxcsr(c, 0x1fc0);               /* DAZ: not in default */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), -EINVAL);
    mxcsr_mask = 0xffff;                                /* a CPU with DAZ */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
    mxcsr_mask = saved;

    c = good_ctx(); set_mxcsr(c, 0xffffffff);
    c->flags &= ~VGCF_i387_valid;                       /* image not loaded */
    CU_ASSERT_EQUAL(pv_vcpu_context_check(c, 1, VALID_VMASST), 0);
}

static CU_TestInfo cases[] = {
    { "scale_normalised", test_scale_normalised },
    { "scale_zero_hz", test_scale_zero_hz },
    { "muldiv", test_muldiv },
    { "guest_matches_now", test_guest_matches_now },
    { "refresh_monotonic", test_refresh_monotonic },
    { "rtc_bcd_24h", test_rtc_bcd_24h },
    { "rtc_binary_12h", test_rtc_binary_12h },
    { "rtc_invalid", test_rtc_invalid },
    { "timer_order", test_timer_order },
    { "timer_fifo_and_move", test_timer_fifo_and_move },
    { "timer_past_and_rearm", test_timer_past_and_rearm },
    { "vgc_good", test_vgc_good },
    { "vgc_noncanonical", test_vgc_noncanonical },
    { "vgc_tables_and_modes", test_vgc_tables_and_modes },
    { "vgc_mxcsr_reserved_bits", test_vgc_mxcsr_reserved_bits },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("time", NULL, NULL, cases);
