/* SPDX-License-Identifier: GPL-2.0-only */
/* TSC calibration against PIT channel 2, and system time from the TSC. */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/io.h>
#include <asm/processor.h>

#define PIT_HZ        1193182
#define CALIBRATE_MS  20

static uint64_t boot_tsc;
uint64_t cpu_khz;
/* ns = ((tsc - boot_tsc) * tsc_to_ns_mul) >> 32 */
static uint64_t tsc_to_ns_mul;

static uint64_t calibrate_tsc(void)
{
    unsigned int count = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t start, end;

    /* Channel 2 gate on, speaker off; mode 0 one-shot, binary. */
    outb((inb(0x61) & ~0x02) | 0x01, 0x61);
    outb(0xb0, 0x43);
    outb(count & 0xff, 0x42);
    outb(count >> 8, 0x42);

    start = rdtsc();
    while ( !(inb(0x61) & 0x20) )
        ;
    end = rdtsc();
    return (end - start) * 1000 / CALIBRATE_MS;  /* Hz */
}

void early_time_init(void)
{
    uint64_t hz = calibrate_tsc();

    if ( !hz )
        hz = 1000000000ULL;
    cpu_khz = hz / 1000;
    tsc_to_ns_mul = (uint64_t)((1000000000ULL << 32) / hz);
    boot_tsc = rdtsc();
    printk(XENLOG_INFO "TSC: %lu.%03lu MHz\n", (unsigned long)(cpu_khz / 1000),
           (unsigned long)(cpu_khz % 1000));
}

s_time_t get_s_time(void)
{
    uint64_t delta = rdtsc() - boot_tsc;

    if ( !tsc_to_ns_mul )
        return 0;
    return (s_time_t)(((unsigned __int128)delta * tsc_to_ns_mul) >> 32);
}
