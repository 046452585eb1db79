/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What lwIP asks of its platform (include/arch/cc.h): console diagnostics,
 * asserts, randomness and the millisecond clock sys_now() of NO_SYS mode.
 */
#include <stdarg.h>
#include <xlk.h>
#include <arch/cc.h>
#include <lwip/sys.h>

void xlk_lwip_diag(const char *fmt, ...)
{
    char buf[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("lwip: %s", buf);
}

void xlk_lwip_assert(const char *msg, const char *file, int line)
{
    printk("lwip: assertion \"%s\" failed at %s:%d\n", msg, file, line);
    xlk_shutdown(SHUTDOWN_crash);
}

/* xorshift64 seeded from the TSC and the domain id: not cryptographic, but
 * different per domain and per boot (TCP ISNs, ephemeral ports, DHCP xid). */
uint32_t xlk_lwip_rand(void)
{
    static uint64_t s;
    uint32_t lo, hi;

    if ( !s )
    {
        __asm__ volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
        s = (((uint64_t)hi << 32) | lo) ^ ((uint64_t)xlk_domid << 48) ^
            0x9e3779b97f4a7c15ULL;
    }
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return (uint32_t)(s >> 16);
}

u32_t sys_now(void)
{
    return (u32_t)(xlk_now_ns() / XLK_MS);
}
