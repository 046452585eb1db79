/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC, as far as the hypervisor needs it: enabled in xAPIC mode
 * (MMIO through the direct map), spurious vector 0xff, and the timer that
 * drives the software timers (common/timer.c) - TSC-deadline mode when the
 * CPU has it, else one-shot mode calibrated against the TSC. The 8259s
 * stay masked (pic_disable()). Every CPU programs its own APIC the same way
 * (apic_init_secondary), and sends IPIs through the ICR: the event check
 * vector, NMIs for TLB flushes, INIT/SIPI to start the other CPUs.
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/directmap.h>
#include <asm/smp.h>

#define APIC_ID         0x020
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define APIC_LVTT       0x320
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_ERR    0x370
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0

#define APIC_SVR_ENABLE     (1U << 8)
#define APIC_ICR_BUSY       (1U << 12)
#define APIC_DM_NMI         (4U << 8)
#define APIC_DM_INIT        (5U << 8)
#define APIC_DM_STARTUP     (6U << 8)
#define APIC_INT_ASSERT     (1U << 14)
#define APIC_INT_LEVEL      (1U << 15)
#define APIC_LVT_MASKED     (1U << 16)
#define APIC_LVTT_DEADLINE  (2U << 17)
#define APIC_TDCR_DIV1      0xb
#define APICBASE_ENABLE     (1UL << 11)
#define CPUID1_ECX_TSC_DEADLINE (1U << 24)

#define CALIBRATE_NS    MILLISECS(10)
#define MAX_ARM         SECONDS(10)

static volatile uint32_t *lapic;
static bool use_tsc_deadline;
static uint64_t apic_timer_hz;          /* one-shot mode: ticks per second */

static uint32_t apic_read(unsigned int reg)
{
    return lapic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t val)
{
    lapic[reg / 4] = val;
}

void apic_eoi(void)
{
    if ( lapic )
        apic_write(APIC_EOI, 0);
}

/* Count the APIC timer (divide by 1) against the TSC for 10 ms. */
static uint64_t calibrate_apic_timer(void)
{
    s_time_t start, end;
    uint32_t left;

    apic_write(APIC_LVTT, APIC_LVT_MASKED | APIC_TIMER_VECTOR);
    apic_write(APIC_TDCR, APIC_TDCR_DIV1);
    apic_write(APIC_TMICT, 0xffffffffU);
    start = NOW();
    while ( (end = NOW()) - start < CALIBRATE_NS )
        cpu_relax();
    left = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    return (uint64_t)(0xffffffffU - left) * 1000000000ULL / (end - start);
}

/* Enable this CPU's APIC (same MMIO address on every CPU). */
static void apic_enable(void)
{
    uint64_t base = rdmsr(MSR_IA32_APICBASE);

    if ( !(base & APICBASE_ENABLE) )
        wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
    lapic = __va(base & ~0xfffUL & ((1UL << 52) - 1));

    apic_write(APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERR, APIC_LVT_MASKED | APIC_ERROR_VECTOR);
}

uint32_t apic_read_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

/* The boot CPU calibrated; the others use the same timer mode and rate. */
void apic_init_secondary(void)
{
    apic_enable();
    if ( use_tsc_deadline )
        apic_write(APIC_LVTT, APIC_LVTT_DEADLINE | APIC_TIMER_VECTOR);
    else
    {
        apic_write(APIC_TDCR, APIC_TDCR_DIV1);
        apic_write(APIC_LVTT, APIC_TIMER_VECTOR);
    }
}

void apic_init(void)
{
    uint32_t a, b, c, d;

    apic_enable();

    cpuid(1, &a, &b, &c, &d);
    use_tsc_deadline = c & CPUID1_ECX_TSC_DEADLINE;
    if ( use_tsc_deadline )
    {
        apic_write(APIC_LVTT, APIC_LVTT_DEADLINE | APIC_TIMER_VECTOR);
        printk(XENLOG_INFO "APIC timer: TSC-deadline mode\n");
        return;
    }
    apic_timer_hz = calibrate_apic_timer();
    if ( !apic_timer_hz )
        apic_timer_hz = 1000000000ULL;
    apic_write(APIC_LVTT, APIC_TIMER_VECTOR);     /* one-shot */
    printk(XENLOG_INFO "APIC timer: one-shot, %lu kHz\n",
           (unsigned long)(apic_timer_hz / 1000));
}

void apic_timer_program(s_time_t deadline)
{
    s_time_t delta;
    uint64_t count;

    if ( !lapic )
        return;
    /* Far deadlines: wake up early; the timer code simply re-arms. */
    delta = deadline ? min(deadline - NOW(), MAX_ARM) : 0;
    if ( use_tsc_deadline )
    {
        count = delta <= 0 ? 1 : muldiv64(delta, cpu_khz, 1000000) + 1;
        wrmsr(MSR_IA32_TSC_DEADLINE, deadline ? rdtsc() + count : 0);
        return;
    }
    if ( !deadline )
    {
        apic_write(APIC_TMICT, 0);
        return;
    }
    /* Round up, so the interrupt never comes before the deadline. */
    count = delta <= 0 ? 1 : muldiv64(delta, apic_timer_hz, 1000000000ULL) + 1;
    apic_write(APIC_TMICT, count > 0xffffffffU ? 0xffffffffU
                           : count ? (uint32_t)count : 1);
}

/* ---- IPIs ---------------------------------------------------------------- */

static void icr_write(uint32_t low, uint32_t apic_id)
{
    while ( apic_read(APIC_ICR) & APIC_ICR_BUSY )
        cpu_relax();
    apic_write(APIC_ICR2, apic_id << 24);
    apic_write(APIC_ICR, low);
}

void smp_send_event_check(unsigned int cpu)
{
    if ( cpu_online(cpu) )
        icr_write(APIC_EVENT_CHECK_VECTOR | APIC_INT_ASSERT, cpu_apic_id[cpu]);
}

void timer_notify_cpu(unsigned int cpu)
{
    smp_send_event_check(cpu);
}

void apic_send_nmi(unsigned int cpu)
{
    icr_write(APIC_DM_NMI | APIC_INT_ASSERT, cpu_apic_id[cpu]);
}

static void delay_ns(s_time_t ns)
{
    s_time_t end = NOW() + ns;

    while ( NOW() < end )
        cpu_relax();
}

/* INIT, then STARTUP twice (Intel SDM 8.4.4.1): the AP runs at vector<<12. */
void apic_send_init_sipi(uint32_t apic_id, unsigned int vector)
{
    icr_write(APIC_DM_INIT | APIC_INT_LEVEL | APIC_INT_ASSERT, apic_id);
    delay_ns(MILLISECS(10));
    icr_write(APIC_DM_INIT | APIC_INT_LEVEL, apic_id);
    for ( unsigned int i = 0; i < 2; i++ )
    {
        icr_write(APIC_DM_STARTUP | vector, apic_id);
        delay_ns(MICROSECS(200));
    }
}

/* The timer vector, from guest or hypervisor (idle) context. */
void apic_timer_interrupt(void)
{
    apic_eoi();
    timer_softirq();
}

/* Vectors the hypervisor owns or routes; true if vec was one of them. */
bool apic_do_interrupt(unsigned int vec)
{
    switch ( vec )
    {
    case APIC_TIMER_VECTOR:
        apic_timer_interrupt();
        return true;
    case APIC_EVENT_CHECK_VECTOR:
        /* The interrupted exit path or idle loop looks again; timers too. */
        apic_eoi();
        timer_softirq();
        return true;
    case APIC_ERROR_VECTOR:
        apic_eoi();
        return true;
    case APIC_SPURIOUS_VECTOR:          /* no EOI for spurious interrupts */
        return true;
    }
    return irq_do_device(vec);          /* a device's, delivered as a PIRQ */
}
