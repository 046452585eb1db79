/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arithmetic behind system time, kept free of hardware access so the host
 * tests can check it: the TSC-to-ns scale in the pvclock form guests use
 * (pv-abi-ladder 3.4), and CMOS RTC register decoding for the wallclock.
 */
#include <xen/lib.h>
#include <xen/time.h>

#define NSEC_PER_SEC 1000000000ULL

/* floor(a * b / c), saturating at ~0 (no 128-bit division in libgcc here). */
uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c)
{
    unsigned __int128 n = (unsigned __int128)a * b;
    uint64_t hi = (uint64_t)(n >> 64), lo = (uint64_t)n, q, r;

    if ( c == 0 || hi >= c )
        return ~0ULL;
    asm ( "divq %4" : "=a" (q), "=d" (r) : "0" (lo), "1" (hi), "rm" (c) );
    return q;
}

void time_scale_from_hz(struct time_scale *ts, uint64_t hz)
{
    int shift = 0;

    if ( hz == 0 )
        hz = NSEC_PER_SEC;
    /* Bring hz * 2^shift into (1e9, 2e9] so that mul lands in [2^31, 2^32). */
    while ( ((unsigned __int128)hz << (shift > 0 ? shift : 0)) >
            ((unsigned __int128)2 * NSEC_PER_SEC << (shift < 0 ? -shift : 0)) )
        shift--;
    while ( ((unsigned __int128)hz << (shift > 0 ? shift : 0)) <=
            ((unsigned __int128)NSEC_PER_SEC << (shift < 0 ? -shift : 0)) )
        shift++;

    ts->shift = shift;
    /* mul = 2^32 * 1e9 / (hz * 2^shift), in [2^31, 2^32). */
    if ( shift >= 0 )
        ts->mul = (uint32_t)muldiv64(NSEC_PER_SEC << 32, 1, hz << shift);
    else
        ts->mul = (uint32_t)muldiv64(NSEC_PER_SEC << 32, 1ULL << -shift, hz);
}

uint64_t time_scale_delta(uint64_t ticks, const struct time_scale *ts)
{
    if ( ts->shift < 0 )
        ticks >>= -ts->shift;
    else
        ticks <<= ts->shift;
    return (uint64_t)(((unsigned __int128)ticks * ts->mul) >> 32);
}

unsigned int bcd_to_bin(unsigned int v)
{
    return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1-12, d 1-31). */
int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool bcd_ok(unsigned int v)
{
    return (v & 0x0f) <= 9 && (v >> 4) <= 9;
}

int64_t rtc_regs_to_unix(const struct rtc_regs *r)
{
    bool bcd = !(r->status_b & RTC_B_BINARY);
    unsigned int f[5] = { r->sec, r->min, r->hour & 0x7f, r->mday, r->mon };
    unsigned int year = r->year, century = r->century;
    bool pm = r->hour & 0x80;
    unsigned int i;

    if ( bcd )
    {
        for ( i = 0; i < 5; i++ )
        {
            if ( !bcd_ok(f[i]) )
                return -1;
            f[i] = bcd_to_bin(f[i]);
        }
        if ( !bcd_ok(year) || (century && !bcd_ok(century)) )
            return -1;
        year = bcd_to_bin(year);
        century = century ? bcd_to_bin(century) : 0;
    }
    if ( !(r->status_b & RTC_B_24H) )
    {
        /* 12-hour mode: 12 AM is 0, PM adds 12 (bit 7 of the hour). */
        if ( f[2] < 1 || f[2] > 12 )
            return -1;
        f[2] = f[2] % 12 + (pm ? 12 : 0);
    }
    if ( f[0] > 59 || f[1] > 59 || f[2] > 23 || f[3] < 1 || f[3] > 31 ||
         f[4] < 1 || f[4] > 12 || year > 99 )
        return -1;
    /* No century register: the PC convention, 70-99 -> 19xx, else 20xx. */
    if ( century >= 19 && century <= 99 )
        year += century * 100;
    else
        year += year < 70 ? 2000 : 1900;

    return days_from_civil(year, f[4], f[3]) * 86400 +
           f[2] * 3600 + f[1] * 60 + f[0];
}
