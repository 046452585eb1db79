/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output of the guest runtime: the console ring of a domU, or
 * console_io(CONSOLEIO_write) for the initial domain.
 */
#include <xt.h>
#include <public/event_channel.h>
#include <public/io/console.h>

/*
 * A domU started at boot (not SIF_INITDOMAIN, console.domU given) writes
 * to its console ring (pv-abi-ladder 3.9), found through the M2P in the
 * boot mapping (VA == PFN << 12); the initial domain uses console_io.
 */
static struct xencons_interface *console_ring(void)
{
    static struct xencons_interface *ring;
    const volatile unsigned long *m2p = (void *)0xffff800000000000UL;
    const start_info_t *si = xt_start_info;

    if ( !ring && si && !(si->flags & SIF_INITDOMAIN) &&
         si->console.domU.evtchn && si->console.domU.mfn )
        ring = (void *)(m2p[si->console.domU.mfn] << 12);
    return ring;
}

static void ring_write(struct xencons_interface *r, const char *s, size_t len)
{
    struct evtchn_send send = { .port = xt_start_info->console.domU.evtchn };
    uint32_t prod = r->out_prod;

    while ( len )
    {
        /* Full: let the back end drain it (it polls). */
        while ( prod - *(volatile uint32_t *)&r->out_cons >= sizeof(r->out) )
            hc_sched_op(SCHEDOP_yield, NULL);
        r->out[prod++ & (sizeof(r->out) - 1)] = *s++;
        len--;
        asm volatile ( "" ::: "memory" );   /* x86: stores stay in order */
        *(volatile uint32_t *)&r->out_prod = prod;
    }
    HC(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &send, 0, 0, 0);
}

static void console_write(const char *s, size_t len)
{
    struct xencons_interface *r = console_ring();

    if ( r )
        ring_write(r, s, len);
    else
        hc_console_io(CONSOLEIO_write, len, s);
}

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n > (int)sizeof(buf) - 1 )
        n = sizeof(buf) - 1;
    console_write(buf, n);
}

/* Wait (up to about a second) until the console back end has read it all. */
void xt_console_flush(void)
{
    struct xencons_interface *r = console_ring();

    for ( unsigned int i = 0; r && i < 1000; i++ )
    {
        if ( *(volatile uint32_t *)&r->out_cons == r->out_prod )
            break;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}
