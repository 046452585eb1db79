/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time: nanoseconds since boot, from the TSC through the same
 * (mul, shift) scale guests get in vcpu_time_info, so the hypervisor and
 * its guests agree to the nanosecond. Plus the pure helpers behind it.
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)

s_time_t get_s_time(void);
#define NOW() get_s_time()
void early_time_init(void);
extern uint64_t cpu_khz;

struct vcpu;
struct domain;
/* Write v's vcpu_time_info (and its registered time area, if v is current). */
void update_vcpu_system_time(struct vcpu *v);
/* Write d's shared_info wallclock (wc_sec/wc_nsec at system time 0). */
void update_domain_wallclock_time(struct domain *d);
/* The wall clock read secs.nsecs at system time system_time (every domain). */
void do_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time);

/* ---- pure helpers (common/time_math.c, host-tested) ---------------------- */

/*
 * Guest-visible scale: ns = (((ticks << shift) or >> -shift) * mul) >> 32,
 * with mul normalised to [2^31, 2^32) for precision.
 */
struct time_scale {
    uint32_t mul;
    int8_t shift;
};
void time_scale_from_hz(struct time_scale *ts, uint64_t hz);
uint64_t time_scale_delta(uint64_t ticks, const struct time_scale *ts);
/* floor(a * b / c) with a 128-bit intermediate; ~0 if it does not fit. */
uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c);

/* CMOS RTC registers as read (status B says BCD/binary and 12/24 h). */
struct rtc_regs {
    uint8_t sec, min, hour, mday, mon, year, century, status_b;
};
#define RTC_B_24H     0x02
#define RTC_B_BINARY  0x04
/* Seconds since 1970-01-01 00:00 UTC, or -1 if the registers are not a date. */
int64_t rtc_regs_to_unix(const struct rtc_regs *r);
unsigned int bcd_to_bin(unsigned int v);
int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d);

#endif /* XEN_TIME_H */
