/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic() and BUG(): stop the machine with a message on the console. The
 * first CPU to panic stops every other one (NMI if need be) and reports;
 * a CPU that panics after it just stops.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>

static bool panicking;

noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    local_irq_disable();
    if ( __atomic_exchange_n(&panicking, true, __ATOMIC_SEQ_CST) )
        smp_stop_self();
    smp_stop_other_cpus();
    console_force_unlock();
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("\n****************************************\n");
    printk("Panic on CPU %u:\n%s", smp_processor_id(), buf);
    printk("****************************************\n");
    machine_halt();
}

noreturn void __bug(const char *file, int line, const char *expr)
{
    panic("Xenolite BUG at %s:%d: %s\n", file, line, expr);
}
