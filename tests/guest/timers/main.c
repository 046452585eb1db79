/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time and timers (pv-abi-ladder 3.4, 3.6, pitfall 14):
 *  - vcpu_time_info: even version, a scale in [2^31, 2^32), and the pvclock
 *    formula giving monotonic, advancing system time over many reads;
 *  - the wallclock (wc_sec/wc_nsec, even wc_version) is a plausible date,
 *    and within a few seconds of the CMOS RTC when we may read it;
 *  - VIRQ_TIMER: the default periodic timer fires, stop_periodic_timer
 *    stops it; set_singleshot_timer with a past deadline returns 0 and
 *    fires at once; a 20 ms one fires no earlier than 20 ms; stopping a
 *    singleshot cancels it; set_timer_op fires and 0 cancels; a period
 *    below 1 ms is -EINVAL, singleshot for another vCPU -EINVAL;
 *  - SCHEDOP_block returns when the singleshot timer fires;
 *  - SCHEDOP_poll with a timeout returns after the timeout.
 */
#include <xt.h>
#include <public/event_channel.h>
#include <public/physdev.h>
#include <public/vcpu.h>

const char test_title[] = "time info, wallclock, VIRQ_TIMER timers, block/poll";

#define MS 1000000ULL

static uint32_t timer_port;

static vcpu_info_t *vi(void)
{
    return &xt_shared_info->vcpu_info[0];
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

/* System time by the pvclock protocol (version even and unchanged). */
static uint64_t now_ns(void)
{
    volatile struct vcpu_time_info *t = &vi()->time;
    uint32_t ver;
    uint64_t delta, ns;

    do {
        ver = t->version;
        asm volatile ("" ::: "memory");
        delta = rdtsc() - t->tsc_timestamp;
        if ( t->tsc_shift < 0 )
            delta >>= -t->tsc_shift;
        else
            delta <<= t->tsc_shift;
        ns = t->system_time +
             (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
        asm volatile ("" ::: "memory");
    } while ( (ver & 1) || ver != t->version );
    return ns;
}

static bool port_pending(void)
{
    return (xt_shared_info->evtchn_pending[timer_port / 64] >> (timer_port % 64)) & 1;
}

static void clear_pending(void)
{
    __atomic_fetch_and(&xt_shared_info->evtchn_pending[timer_port / 64],
                       ~(1UL << (timer_port % 64)), __ATOMIC_SEQ_CST);
    vi()->evtchn_pending_sel = 0;
    vi()->evtchn_upcall_pending = 0;
}

/*
 * Spin up to ms milliseconds for the timer port. *seen_at is read after the
 * pending bit was seen, so it is never earlier than the event (the host may
 * stall us between any two instructions).
 */
static bool wait_pending(uint64_t ms, uint64_t *seen_at)
{
    uint64_t end = now_ns() + ms * MS;

    do {
        if ( port_pending() )
        {
            if ( seen_at )
                *seen_at = now_ns();
            return true;
        }
    } while ( now_ns() < end );
    return false;
}

static void check_time_info(void)
{
    volatile struct vcpu_time_info *t = &vi()->time;
    uint64_t prev, cur, start;
    unsigned int i, back = 0;

    xt_check(!(t->version & 1), "time version %u odd", t->version);
    xt_check(t->tsc_to_system_mul >= 0x80000000U,
             "tsc_to_system_mul %#x not normalised", t->tsc_to_system_mul);
    start = prev = now_ns();
    xt_check(start > 0, "system time is 0");
    for ( i = 0; i < 200000; i++ )
    {
        cur = now_ns();
        if ( cur < prev )
            back++;
        prev = cur;
    }
    xt_check(back == 0, "system time went backwards %u times", back);
    xt_check(prev > start, "system time did not advance (%lu)",
             (unsigned long)start);
    printk("time: version %u mul %#x shift %d flags %#x, now %lu ns\n",
           t->version, t->tsc_to_system_mul, t->tsc_shift, t->flags,
           (unsigned long)prev);
}

static uint8_t cmos(unsigned int reg)
{
    uint8_t v;

    asm volatile ("outb %b0, $0x70" :: "a" ((uint8_t)reg));
    asm volatile ("inb $0x71, %b0" : "=a" (v));
    return v;
}

static unsigned int bcd(unsigned int v, bool binary)
{
    return binary ? v : (v & 15) + (v >> 4) * 10;
}

/* Seconds since the epoch from the RTC, or 0 if it cannot be read. */
static uint64_t rtc_now(void)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    unsigned int s, m, h, d, mo, y, b;
    int64_t yy, era, yoe, doy, doe;

    if ( HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl, 0, 0, 0) )
        return 0;
    for ( unsigned int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++ )
        ;
    b = cmos(0x0b);
    if ( b == 0xff )
        return 0;
    s = bcd(cmos(0), b & 4); m = bcd(cmos(2), b & 4);
    h = bcd(cmos(4) & 0x7f, b & 4); d = bcd(cmos(7), b & 4);
    mo = bcd(cmos(8), b & 4); y = bcd(cmos(9), b & 4) + 2000;
    if ( !(b & 2) || mo < 1 || mo > 12 )
        return 0;                       /* 12-hour mode: not worth it here */
    yy = y - (mo <= 2);
    era = yy / 400;
    yoe = yy - era * 400;
    doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (uint64_t)(era * 146097 + doe - 719468) * 86400 + h * 3600 + m * 60 + s;
}

static void check_wallclock(void)
{
    shared_info_t *s = xt_shared_info;
    uint64_t sec = s->wc_sec | ((uint64_t)s->wc_sec_hi << 32);
    uint64_t wall = sec + (s->wc_nsec + now_ns()) / 1000000000ULL;
    uint64_t rtc = rtc_now();

    xt_check(!(s->wc_version & 1), "wc_version %u odd", s->wc_version);
    xt_check(s->wc_nsec < 1000000000U, "wc_nsec %u", s->wc_nsec);
    xt_check(wall > 1577836800ULL && wall < 4102444800ULL,
             "wallclock %lu s is not between 2020 and 2100", (unsigned long)wall);
    if ( rtc )
        xt_check(wall + 3 >= rtc && wall <= rtc + 3,
                 "wallclock %lu vs RTC %lu", (unsigned long)wall,
                 (unsigned long)rtc);
    printk("wallclock %lu, RTC %lu\n", (unsigned long)wall, (unsigned long)rtc);
}

static void bind_timer_virq(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = hc_event_channel_op(EVTCHNOP_bind_virq, &bv);

    if ( rc )
        panic("bind_virq(VIRQ_TIMER) = %ld", rc);
    timer_port = bv.port;
    __atomic_fetch_and(&xt_shared_info->evtchn_mask[timer_port / 64],
                       ~(1UL << (timer_port % 64)), __ATOMIC_SEQ_CST);
}

static void check_periodic(void)
{
    struct vcpu_set_periodic_timer p = { .period_ns = 999999 };
    long rc;

    clear_pending();
    xt_check(wait_pending(200, NULL), "default periodic VIRQ_TIMER not seen");
    rc = hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0);
    xt_check(rc == 0, "stop_periodic_timer = %ld", rc);
    clear_pending();
    xt_check(!wait_pending(50, NULL), "VIRQ_TIMER after stop_periodic_timer");

    rc = hc_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
    xt_check(rc == -XEN_EINVAL, "set_periodic_timer(999999 ns) = %ld", rc);
    p.period_ns = 5 * MS;
    rc = hc_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
    xt_check(rc == 0, "set_periodic_timer(5 ms) = %ld", rc);
    clear_pending();
    xt_check(wait_pending(100, NULL), "5 ms periodic VIRQ_TIMER not seen");
    hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0);
    clear_pending();
}

static long singleshot(uint64_t deadline)
{
    struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline };

    return hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

static void check_singleshot(void)
{
    struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = now_ns() };
    uint64_t t0, t1;
    long rc;

    clear_pending();
    rc = singleshot(now_ns() - MS);
    xt_check(rc == 0, "set_singleshot_timer(past) = %ld", rc);
    xt_check(port_pending() || wait_pending(1, NULL),
             "past singleshot deadline did not fire at once");

    clear_pending();
    t0 = now_ns();
    rc = singleshot(t0 + 20 * MS);
    xt_check(rc == 0, "set_singleshot_timer(+20 ms) = %ld", rc);
    if ( wait_pending(500, &t1) )
        xt_check(t1 - t0 >= 20 * MS && t1 - t0 < 300 * MS,
                 "20 ms singleshot fired after %lu us",
                 (unsigned long)((t1 - t0) / 1000));
    else
        xt_fail("20 ms singleshot never fired");

    clear_pending();
    singleshot(now_ns() + 10 * MS);
    rc = hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0);
    xt_check(rc == 0, "stop_singleshot_timer = %ld", rc);
    xt_check(!wait_pending(40, NULL), "stopped singleshot fired");

    rc = hc_vcpu_op(VCPUOP_set_singleshot_timer, 1, &s);
    xt_check(rc == -XEN_EINVAL || rc == -XEN_ENOENT,
             "set_singleshot_timer(other vCPU) = %ld", rc);
}

static void check_set_timer_op(void)
{
    uint64_t t0, t1;
    long rc;

    clear_pending();
    t0 = now_ns();
    rc = hc_set_timer_op(t0 + 10 * MS);
    xt_check(rc == 0, "set_timer_op(+10 ms) = %ld", rc);
    if ( wait_pending(500, &t1) )
        xt_check(t1 - t0 >= 10 * MS, "set_timer_op fired after %lu us",
                 (unsigned long)((t1 - t0) / 1000));
    else
        xt_fail("set_timer_op never fired");

    clear_pending();
    hc_set_timer_op(now_ns() + 10 * MS);
    rc = hc_set_timer_op(0);
    xt_check(rc == 0, "set_timer_op(0) = %ld", rc);
    xt_check(!wait_pending(40, NULL), "cancelled set_timer_op fired");
}

static void check_block(void)
{
    uint64_t t0, t1;
    long rc;

    clear_pending();
    t0 = now_ns();
    singleshot(t0 + 20 * MS);
    rc = hc_sched_op(SCHEDOP_block, 0);     /* unmasks events itself */
    t1 = now_ns();
    vi()->evtchn_upcall_mask = 1;
    xt_check(rc == 0, "SCHEDOP_block = %ld", rc);
    xt_check(port_pending(), "SCHEDOP_block returned without the timer event");
    xt_check(t1 - t0 >= 20 * MS && t1 - t0 < 1000 * MS,
             "SCHEDOP_block returned after %lu us",
             (unsigned long)((t1 - t0) / 1000));
}

static void check_poll(void)
{
    uint32_t port = timer_port;
    struct sched_poll sp = { .nr_ports = 1 };
    uint64_t t0, t1;
    long rc;

    clear_pending();
    sp.ports.p = &port;
    t0 = now_ns();
    sp.timeout = t0 + 20 * MS;
    rc = hc_sched_op(SCHEDOP_poll, &sp);
    t1 = now_ns();
    xt_check(rc == 0, "SCHEDOP_poll(timeout) = %ld", rc);
    xt_check(t1 - t0 >= 20 * MS && t1 - t0 < 1000 * MS,
             "SCHEDOP_poll returned after %lu us",
             (unsigned long)((t1 - t0) / 1000));
    xt_check(!port_pending(), "timer port pending after a plain poll timeout");
}

void test_main(void)
{
    check_time_info();
    check_wallclock();
    bind_timer_virq();
    check_periodic();
    check_singleshot();
    check_set_timer_op();
    check_block();
    check_poll();
}
