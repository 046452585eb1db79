/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console. Hypervisor messages are prefixed "(XEN) " and kept
 * in a ring for `xl dmesg`; the initial domain's console output goes out
 * unprefixed (it is the system console), other domains' lines get "(dN) ".
 * Options: console=com1|none, com1=<baud>[,8n1][,<io-base>], loglvl=,
 * guest_loglvl= (Xen's names).
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/console.h>
#include <xen/spinlock.h>
#include <xen/sched.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/event.h>
#include <asm/current.h>
#include <asm/uaccess.h>

static char opt_console[32] = "com1";
string_param("console", opt_console);
static char opt_com1[64] = "";
string_param("com1", opt_com1);
static char opt_loglvl[16] = "warning";
string_param("loglvl", opt_loglvl);
static char opt_guest_loglvl[16] = "all";
string_param("guest_loglvl", opt_guest_loglvl);

static struct serial_port com1 = { .io_base = 0x3f8, .baud = 115200 };

uint16_t console_uart_port(void)
{
    return com1.io_base;
}
static bool serial_enabled = true;
static unsigned int log_threshold = 1;     /* print levels <= this */
static DEFINE_SPINLOCK(console_lock);

#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static size_t conring_prod;             /* free-running */
static size_t conring_cons;             /* oldest byte still kept */

static unsigned int parse_level(const char *s)
{
    if ( !strncmp(s, "none", 4) )  return 0;
    if ( !strncmp(s, "error", 5) ) return 1;
    if ( !strncmp(s, "warning", 7) ) return 2;
    if ( !strncmp(s, "info", 4) )  return 3;
    return 4;                           /* debug, all */
}

void console_init_preirq(void)
{
    const char *p = opt_com1;

    if ( *p )
    {
        if ( strncmp(p, "auto", 4) )
            com1.baud = simple_strtoul(p, &p, 10);
        /* Skip the optional data/parity/stop spec, then an io base. */
        while ( *p && *p != ',' )
            p++;
        if ( *p == ',' )
            p++;
        while ( *p && *p != ',' )
            p++;
        if ( *p == ',' && p[1] )
            com1.io_base = simple_strtoul(p + 1, NULL, 0);
    }
    serial_enabled = strstr(opt_console, "com1") != NULL;
    log_threshold = parse_level(opt_loglvl);
    ns16550_init(&com1);
}

static void conring_put(const char *s, size_t len)
{
    for ( size_t i = 0; i < len; i++ )
        conring[conring_prod++ % CONRING_SIZE] = s[i];
    if ( conring_prod - conring_cons > CONRING_SIZE )
        conring_cons = conring_prod - CONRING_SIZE;
}

static void serial_write(const char *s, size_t len)
{
    if ( !serial_enabled )
        return;
    for ( size_t i = 0; i < len; i++ )
    {
        if ( s[i] == '\n' )
            ns16550_putc(&com1, '\r');
        ns16550_putc(&com1, s[i]);
    }
}

void console_puts(const char *s, size_t len)
{
    serial_write(s, len);
}

/* Parse an optional "<N>" level prefix; returns the level (default info). */
static unsigned int msg_level(const char **s)
{
    const char *p = *s;

    if ( p[0] == '<' && p[1] >= '0' && p[1] <= '3' && p[2] == '>' )
    {
        *s = p + 3;
        return p[1] - '0' + 1;
    }
    return 3;
}

static bool at_line_start = true;

static void vprintk_locked(const char *fmt, va_list ap)
{
    char buf[512];
    const char *p = buf, *nl;
    unsigned int level;
    int n;

    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if ( n >= (int)sizeof(buf) )
        n = sizeof(buf) - 1;
    level = msg_level(&p);

    while ( *p )
    {
        size_t len;

        nl = strchr(p, '\n');
        len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if ( at_line_start )
            conring_put("(XEN) ", 6);
        conring_put(p, len);
        if ( level <= log_threshold + 1 )
        {
            if ( at_line_start )
                serial_write("(XEN) ", 6);
            serial_write(p, len);
        }
        at_line_start = nl != NULL;
        p += len;
    }
}

void printk(const char *fmt, ...)
{
    va_list ap;
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    va_start(ap, fmt);
    vprintk_locked(fmt, ap);
    va_end(ap);
    spin_unlock_irqrestore(&console_lock, flags);
}

/* At most 20 guest-triggered messages per burst, refilled by time. */
void gprintk_ratelimited(const char *fmt, ...)
{
    static unsigned int tokens = 20;
    static s_time_t last;
    s_time_t now = NOW();
    va_list ap;
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    if ( now - last > 1000000000LL )
    {
        tokens = 20;
        last = now;
    }
    if ( tokens )
    {
        tokens--;
        va_start(ap, fmt);
        vprintk_locked(fmt, ap);
        va_end(ap);
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_guest_write(struct domain *d, const char *buf, size_t len)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    if ( d->domain_id == 0 )
        serial_write(buf, len);
    else
    {
        char prefix[16];
        int n = snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);

        for ( size_t i = 0; i < len; i++ )
        {
            if ( d->console_line_start )
                serial_write(prefix, n);
            serial_write(&buf[i], 1);
            d->console_line_start = buf[i] == '\n';
        }
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

size_t console_read_ring(char *buf, size_t len, size_t *pos, bool clear)
{
    unsigned long flags;
    size_t n = 0, idx;

    spin_lock_irqsave(&console_lock, flags);
    idx = *pos < conring_cons ? conring_cons : *pos;
    for ( ; idx < conring_prod && n < len; idx++ )
        buf[n++] = conring[idx % CONRING_SIZE];
    *pos = idx;
    if ( clear )
        conring_cons = conring_prod;
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

int console_getc(void)
{
    return ns16550_getc(&com1);
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

/*
 * Serial input for the control domain: characters are moved from the UART
 * into a ring (polled from the timer tick and on every read) and
 * VIRQ_CONSOLE tells domain 0 there is something to read.
 */
#define SERIAL_RX_SIZE 1024
static char serial_rx[SERIAL_RX_SIZE];
static unsigned int serial_rx_prod, serial_rx_cons;
static DEFINE_SPINLOCK(serial_rx_lock);

void console_poll_input(void)
{
    unsigned long flags;
    bool got = false;
    int c;

    spin_lock_irqsave(&serial_rx_lock, flags);
    while ( (c = console_getc()) >= 0 )
    {
        if ( serial_rx_prod - serial_rx_cons < SERIAL_RX_SIZE )
            serial_rx[serial_rx_prod++ % SERIAL_RX_SIZE] = c;
        got = true;
    }
    spin_unlock_irqrestore(&serial_rx_lock, flags);
    if ( got && hardware_domain )
        send_guest_global_virq(hardware_domain, VIRQ_CONSOLE);
}

static int serial_rx_get(void)
{
    unsigned long flags;
    int c = -1;

    spin_lock_irqsave(&serial_rx_lock, flags);
    if ( serial_rx_cons != serial_rx_prod )
        c = (unsigned char)serial_rx[serial_rx_cons++ % SERIAL_RX_SIZE];
    spin_unlock_irqrestore(&serial_rx_lock, flags);
    return c;
}

/*
 * CONSOLEIO_write: the control domain's output, 128 bytes at a time, each
 * chunk under the console lock with interrupts off and never more than one
 * chunk between preemption checks: a long write continues in a
 * continuation with buffer and count advanced (Xen's guest_console_write).
 * Other domains have their console ring (pv-abi-ladder 3.9); like Xen's
 * release builds (XSM dummy policy: XSM_PRIV), they may not write here,
 * so none can flood COM1 or hold the console lock.
 */
static long console_write_guest(struct domain *d, unsigned int count,
                                unsigned long buffer)
{
    char kbuf[128];
    unsigned int n;

    if ( !d->is_privileged )
        return -EPERM;
    while ( count )
    {
        n = min(count, (unsigned int)sizeof(kbuf));
        if ( copy_from_guest_va(kbuf, buffer, n) )
            return -EFAULT;
        console_guest_write(d, kbuf, n);
        buffer += n;
        count -= n;
        if ( count && hypercall_preempt_check() )
            return hypercall_create_continuation(__HYPERVISOR_console_io, 3,
                                                 (unsigned long)CONSOLEIO_write,
                                                 (unsigned long)count, buffer);
    }
    return 0;
}

/*
 * console_io(cmd, count, buffer): the control domain's output to COM1 (raw)
 * and its console input.
 */
long do_console_io(unsigned int cmd, unsigned int count, unsigned long buffer)
{
    struct domain *d = current->domain;
    unsigned int done = 0;
    char ch;
    int c;

    switch ( cmd )
    {
    case CONSOLEIO_write:
        return console_write_guest(d, count, buffer);

    case CONSOLEIO_read:
        if ( !d->is_privileged )
            return -EPERM;
        console_poll_input();
        while ( done < count && (c = serial_rx_get()) >= 0 )
        {
            ch = c;
            if ( copy_to_guest_va(buffer + done, &ch, 1) )
                return -EFAULT;
            done++;
        }
        return done;

    default:
        return -ENOSYS;
    }
}
