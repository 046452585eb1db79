/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console-flood: regression test for issue 14, "console flood". Any domU
 * could CONSOLEIO_write up to 4 GiB in one hypercall, byte by byte to COM1
 * under the global console lock with interrupts off, never preempted: the
 * pCPU (and every other domain's console output) was its for as long as
 * the UART took. Booted as domain 0 plus one domU (cases/multi-console.case):
 *  - the domU writes a 2 MiB buffer of text lines in one CONSOLEIO_write:
 *    -EPERM at once (as Xen 4.17 release builds: a domU writes to its
 *    console ring, which it still can);
 *  - domain 0 waits for the domU's verdict, then writes 16 KiB (256 lines)
 *    in one call: 0, all of it, in bounded time (the write is preemptible,
 *    continued with the buffer and count advanced).
 */
#include "../multi/multi.h"

const char test_title[] = "CONSOLEIO_write: no domU flood, long writes preemptible";

#define FLOOD_BYTES (2UL << 20)
#define DOM0_BYTES  (16UL << 10)
#define LINE        64
#define SEC         1000000000ULL

static char text[FLOOD_BYTES];

static void fill_lines(char *buf, unsigned long len, char c)
{
    for ( unsigned long i = 0; i < len; i++ )
        buf[i] = (i % LINE) == LINE - 1 ? '\n' : c;
}


/* One CONSOLEIO_write of len bytes of lines of c; *ns: how long it took. */
static long timed_write(unsigned long len, char c, uint64_t *ns)
{
    uint64_t t0;
    long rc;

    fill_lines(text, len, c);
    t0 = xt_now_ns();
    rc = hc_console_io(CONSOLEIO_write, len, text);
    *ns = xt_now_ns() - t0;
    return rc;
}

static void domu_side(void)
{
    uint64_t ns;
    long rc = timed_write(FLOOD_BYTES, 'x', &ns);

    xt_check(rc == -XEN_EPERM, "CONSOLEIO_write of %lu bytes = %ld, want -EPERM",
             FLOOD_BYTES, rc);
    xt_check(ns < SEC, "CONSOLEIO_write took %lu ms", (unsigned long)(ns / 1000000));
    printk("domU: CONSOLEIO_write of 2 MiB = %ld after %lu us\n", rc,
           (unsigned long)(ns / 1000));
}

static void dom0_side(void)
{
    uint64_t ns, t0;
    long rc;

    /*
     * The domU's verdict first, and time for the console back end to print
     * it: dom0's 16 KiB would otherwise cut the "(d1) Test result" line on
     * the shared serial line when both run at once (smp 2 and 4).
     */
    xt_check(multi_wait_shutdown(1), "d1 never shut down");
    for ( t0 = xt_now_ns(); xt_now_ns() - t0 < SEC / 5; )
        hc_sched_op(SCHEDOP_yield, NULL);
    rc = timed_write(DOM0_BYTES, '.', &ns);

    xt_check(rc == 0, "dom0 CONSOLEIO_write of %lu bytes = %ld", DOM0_BYTES, rc);
    xt_check(ns < 30 * SEC, "dom0 CONSOLEIO_write took %lu ms",
             (unsigned long)(ns / 1000000));
    printk("dom0: wrote %lu bytes in %lu ms\n", DOM0_BYTES,
           (unsigned long)(ns / 1000000));
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
