/* SPDX-License-Identifier: GPL-2.0-only */
/* panic() and BUG(): stop the machine with a message on the console. */
#include <xen/lib.h>
#include <xen/console.h>
#include <asm/setup.h>

noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    asm volatile ( "cli" );
    console_force_unlock();
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("\n****************************************\n");
    printk("Panic on CPU 0:\n%s", buf);
    printk("****************************************\n");
    machine_halt();
}

noreturn void __bug(const char *file, int line, const char *expr)
{
    panic("Xenolite BUG at %s:%d: %s\n", file, line, expr);
}
