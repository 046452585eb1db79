/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time: the TSC calibrated against PIT channel 2, system time (ns since
 * boot) from per-CPU stamps {tsc, stime} in exactly the pvclock form the
 * guests get in vcpu_time_info (pv-abi-ladder 3.4), the stamps refreshed
 * once a second, the wallclock from the CMOS RTC, and the 10 ms tick that
 * polls the serial console for input (no device interrupts are routed).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define PIT_HZ        1193182
#define CALIBRATE_MS  20
#define NSEC_PER_SEC  1000000000ULL
#define barrier()     asm volatile ( "" ::: "memory" )

uint64_t cpu_khz;
static struct time_scale tsc_scale;
static bool tsc_invariant;
/* Unix time (ns) at system time 0, from the RTC. */
static uint64_t boot_wallclock_ns;

/* NOW() = stime + scale(rdtsc() - tsc); changed only with interrupts off. */
struct cpu_time_stamp {
    uint64_t tsc;
    s_time_t stime;
};
static struct cpu_time_stamp cpu_stamp[NR_CPUS];
static struct timer refresh_timer[NR_CPUS];
static struct timer console_timer;

#define CONSOLE_POLL MILLISECS(10)

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

s_time_t get_s_time(void)
{
    const struct cpu_time_stamp *t = &cpu_stamp[smp_processor_id()];

    if ( !tsc_scale.mul )
        return 0;
    return t->stime + time_scale_delta(rdtsc() - t->tsc, &tsc_scale);
}

/* ---- the CMOS RTC ------------------------------------------------------- */

#define RTC_A_UIP 0x80

static uint8_t cmos_read(unsigned int reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

static void rtc_read_once(struct rtc_regs *r)
{
    unsigned int spins;

    /* An update (about 2 ms) may be in progress: wait for it to end. */
    for ( spins = 0; spins < 1000000 && (cmos_read(0x0a) & RTC_A_UIP); spins++ )
        cpu_relax();
    r->sec = cmos_read(0x00);
    r->min = cmos_read(0x02);
    r->hour = cmos_read(0x04);
    r->mday = cmos_read(0x07);
    r->mon = cmos_read(0x08);
    r->year = cmos_read(0x09);
    r->century = cmos_read(0x32);
    r->status_b = cmos_read(0x0b);
}

/* Unix time now from the RTC; two identical reads make a consistent one. */
static int64_t rtc_unix_time(void)
{
    struct rtc_regs a, b;
    unsigned int tries;

    rtc_read_once(&a);
    for ( tries = 0; tries < 5; tries++ )
    {
        rtc_read_once(&b);
        if ( !memcmp(&a, &b, sizeof(a)) )
            break;
        a = b;
    }
    return rtc_regs_to_unix(&a);
}

/* ---- guest-visible time ------------------------------------------------- */

static void fill_time_info(struct vcpu_time_info *t, unsigned int cpu)
{
    t->tsc_timestamp = cpu_stamp[cpu].tsc;
    t->system_time = cpu_stamp[cpu].stime;
    t->tsc_to_system_mul = tsc_scale.mul;
    t->tsc_shift = tsc_scale.shift;
    t->flags = tsc_invariant ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *u = &v->vcpu_info->time, t;
    uint32_t odd = (ACCESS_ONCE(u->version) + 1) | 1;

    fill_time_info(&t, v->processor);
    /* Odd version while the fields change; readers retry (ladder 3.4). */
    ACCESS_ONCE(u->version) = odd;
    barrier();
    u->tsc_timestamp = t.tsc_timestamp;
    u->system_time = t.system_time;
    u->tsc_to_system_mul = t.tsc_to_system_mul;
    u->tsc_shift = t.tsc_shift;
    u->flags = t.flags;
    barrier();
    ACCESS_ONCE(u->version) = odd + 1;

    /* The secondary copy (VCPUOP_register_vcpu_time_memory_area). */
    if ( v->time_area_va && v == current )
    {
        t.version = odd;
        t.pad0 = 0;
        t.pad1[0] = t.pad1[1] = 0;
        if ( !vcpu_copy_to_guest_kernel(v, v->time_area_va, &t.version,
                                        sizeof(t.version)) &&
             !vcpu_copy_to_guest_kernel(v, v->time_area_va, &t, sizeof(t)) )
        {
            t.version = odd + 1;
            vcpu_copy_to_guest_kernel(v, v->time_area_va, &t.version,
                                      sizeof(t.version));
        }
    }
}

void update_domain_wallclock_time(struct domain *d)
{
    shared_info_t *s = d->shared_info;
    uint64_t sec = boot_wallclock_ns / NSEC_PER_SEC;
    uint32_t odd = (ACCESS_ONCE(s->wc_version) + 1) | 1;

    ACCESS_ONCE(s->wc_version) = odd;
    barrier();
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = (uint32_t)(boot_wallclock_ns % NSEC_PER_SEC);
    barrier();
    ACCESS_ONCE(s->wc_version) = odd + 1;
}

void do_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    struct domain *d;

    boot_wallclock_ns = secs * NSEC_PER_SEC + nsecs - system_time;
    for_each_domain ( d )
        update_domain_wallclock_time(d);
}

/*
 * Once a second: move this CPU's stamp to now (continuous: the new stamp is
 * the old one's extrapolation) and republish the running vCPU's time.
 */
static void time_refresh(void *unused)
{
    unsigned int cpu = smp_processor_id();
    struct cpu_time_stamp *t = &cpu_stamp[cpu];
    uint64_t tsc = rdtsc();

    t->stime += time_scale_delta(tsc - t->tsc, &tsc_scale);
    t->tsc = tsc;
    if ( current )
        update_vcpu_system_time(current);
    set_timer(&refresh_timer[cpu], t->stime + SECONDS(1));
}

static void console_tick(void *unused)
{
    console_poll_input();
    set_timer(&console_timer, NOW() + CONSOLE_POLL);
}

static bool cpu_has_invariant_tsc(void)
{
    uint32_t a, b, c, d;

    cpuid(0x80000000, &a, &b, &c, &d);
    if ( a < 0x80000007 )
        return false;
    cpuid(0x80000007, &a, &b, &c, &d);
    return d & (1U << 8);
}

/*
 * On the boot CPU, before cpu is started: its stamp is the boot CPU's (the
 * TSCs run in step), and it refreshes its own from then on.
 */
void time_init_secondary(unsigned int cpu)
{
    cpu_stamp[cpu] = cpu_stamp[smp_processor_id()];
    init_timer(&refresh_timer[cpu], time_refresh, NULL, cpu);
    set_timer(&refresh_timer[cpu], NOW() + SECONDS(1));
}

void early_time_init(void)
{
    uint64_t hz = calibrate_tsc();
    int64_t rtc;

    if ( !hz )
        hz = NSEC_PER_SEC;
    cpu_khz = hz / 1000;
    time_scale_from_hz(&tsc_scale, hz);
    cpu_stamp[0].tsc = rdtsc();
    cpu_stamp[0].stime = 0;
    tsc_invariant = cpu_has_invariant_tsc();
    printk(XENLOG_INFO "TSC: %lu.%03lu MHz%s (scale %#x, shift %d)\n",
           (unsigned long)(cpu_khz / 1000), (unsigned long)(cpu_khz % 1000),
           tsc_invariant ? ", invariant" : "", tsc_scale.mul, tsc_scale.shift);

    rtc = rtc_unix_time();
    if ( rtc < 0 )
    {
        printk(XENLOG_WARNING "RTC: unreadable date, wallclock starts at 0\n");
        rtc = 0;
    }
    boot_wallclock_ns = (uint64_t)rtc * NSEC_PER_SEC - NOW();
    printk(XENLOG_INFO "RTC: %ld seconds since the epoch\n", (long)rtc);

    apic_init();
    init_timer(&refresh_timer[0], time_refresh, NULL, 0);
    set_timer(&refresh_timer[0], NOW() + SECONDS(1));
    init_timer(&console_timer, console_tick, NULL, 0);
    set_timer(&console_timer, NOW() + CONSOLE_POLL);
}
