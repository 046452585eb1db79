/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel xenbus: the store client (libhcall's freestanding hcall_xs over
 * the store ring), helpers for drivers, and the answers to
 * control/shutdown (poweroff, halt, reboot, suspend: suspend.c).
 */
#include <xlk.h>
#include <xt-mm.h>

static struct hcall_xs store;
struct hcall_xs *xlk_xs;
domid_t xlk_domid;

bool xlk_is_initial_domain(void)
{
    return xt_start_info->flags & SIF_INITDOMAIN;
}

int xlk_xs_read(const char *path, char *buf, size_t size)
{
    char *v;
    size_t len;
    int rc;

    if ( !xlk_xs )
        return -XEN_ENOSYS;
    rc = hcall_xs_read(xlk_xs, HCALL_XS_NO_TX, path, &v, &len);
    if ( rc < 0 )
        return rc;
    if ( len >= size )
        return -XEN_E2BIG;
    memcpy(buf, v, len);
    buf[len] = '\0';
    return 0;
}

int xlk_xs_printf(const char *path, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    if ( !xlk_xs )
        return -XEN_ENOSYS;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n >= (int)sizeof(buf) )
        return -XEN_E2BIG;
    return hcall_xs_write(xlk_xs, HCALL_XS_NO_TX, path, buf, n);
}

static void control_shutdown(bool may_suspend);
/* A suspend asked for where the kernel cannot suspend (inside a wait). */
static bool suspend_pending;

static bool state_in(const char *want, int state)
{
    for ( ; *want; want++ )
        if ( *want == state )
            return true;
    return false;
}

/* A store state node as a number 0..9, or a negative Xen errno. */
static int read_state(const char *path)
{
    char v[8];
    int rc = xlk_xs_read(path, v, sizeof(v));

    if ( rc < 0 )
        return rc;
    return (v[0] >= '0' && v[0] <= '9') ? v[0] - '0' : -XEN_EINVAL;
}

int xlk_xs_wait_state(const char *path, const char *want, unsigned int timeout_ms)
{
    uint64_t deadline = xlk_now_ns() + timeout_ms * XLK_MS;
    char *wpath, *token;
    int state, rc;

    rc = hcall_xs_watch(xlk_xs, path, "xlk-state");
    if ( rc < 0 )
        return rc;
    for ( ; ; )
    {
        state = read_state(path);
        if ( state > 0 && state_in(want, state) )
            break;
        if ( xlk_now_ns() >= deadline )
        {
            state = -XEN_ETIMEDOUT;
            break;
        }
        /* Watch events are hints: the state is read again either way. */
        rc = hcall_xs_read_watch(xlk_xs, &wpath, &token, 1);
        if ( rc >= 0 && !strcmp(token, "shutdown") )
            control_shutdown(false);
        else if ( rc == -XEN_EAGAIN )
            xlk_sleep_ns(5 * XLK_MS);
    }
    hcall_xs_unwatch(xlk_xs, path, "xlk-state");
    return state;
}

void xlk_shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    xt_console_flush();
    hc_sched_op(SCHEDOP_shutdown, &s);
    for ( ;; )
        xlk_wait(xlk_events(), 0);
}

/*
 * control/shutdown changed (or the watch was set): act on its value. A
 * suspend runs only from the app's own loop (xlk_poll_control, xlk_idle),
 * where no frontend is half way through a request or a handshake.
 */
static void control_shutdown(bool may_suspend)
{
    char v[32];

    if ( xlk_xs_read("control/shutdown", v, sizeof(v)) < 0 || !v[0] )
        return;
    /* Acknowledge, as Linux does, before acting. */
    hcall_xs_write(xlk_xs, HCALL_XS_NO_TX, "control/shutdown", "", 0);
    printk("xlkernel: control/shutdown = %s\n", v);
    if ( !strcmp(v, "poweroff") || !strcmp(v, "halt") )
        xlk_shutdown(SHUTDOWN_poweroff);
    if ( !strcmp(v, "reboot") )
        xlk_shutdown(SHUTDOWN_reboot);
    if ( !strcmp(v, "suspend") )
    {
        if ( may_suspend )
            xlk_suspend();
        else
            suspend_pending = true;
        return;
    }
    printk("xlkernel: '%s' is not supported, ignored\n", v);
}

static void suspend_if_pending(void)
{
    if ( suspend_pending )
    {
        suspend_pending = false;
        xlk_suspend();
    }
}

void xlk_poll_control(void)
{
    char *path, *token;

    suspend_if_pending();
    while ( xlk_xs && hcall_xs_read_watch(xlk_xs, &path, &token, 1) >= 0 )
        if ( !strcmp(token, "shutdown") )
            control_shutdown(true);
}

void xlk_idle(void)
{
    char *path, *token;

    if ( !xlk_xs )
        for ( ;; )
            xlk_wait(xlk_events(), 0);
    for ( ;; )
    {
        suspend_if_pending();
        if ( hcall_xs_read_watch(xlk_xs, &path, &token, 0) >= 0 &&
             !strcmp(token, "shutdown") )
            control_shutdown(true);
    }
}

/*
 * Connect to the store (at boot, and in a new domain after a resume: the
 * ring is at the same PFN, the event channel and the daemon are new).
 */
static void store_connect(void)
{
    const start_info_t *si = xt_start_info;
    struct xenstore_domain_interface *intf =
        (void *)(M2P[si->store_mfn] << XLK_PAGE_SHIFT);
    char v[16];
    int rc;

    /* Replies to nothing we wait for (a watch event before the suspend). */
    if ( intf->rsp_cons != intf->rsp_prod )
        intf->rsp_cons = intf->rsp_prod;
    rc = hcall_xs_init(&store, &xlk_env, intf, si->store_evtchn);
    if ( rc < 0 )
        panic("xenstore client init = %d", rc);
    rc = xlk_evtchn_bind(si->store_evtchn, NULL, NULL);
    if ( rc < 0 )
        panic("store event channel %u: %d", si->store_evtchn, rc);
    xlk_xs = &store;
    xlk_domid = 0;
    if ( xlk_xs_read("domid", v, sizeof(v)) == 0 )
        for ( const char *p = v; *p >= '0' && *p <= '9'; p++ )
            xlk_domid = xlk_domid * 10 + (*p - '0');
    xlk_xs_printf("control/feature-poweroff", "1");
    xlk_xs_printf("control/feature-reboot", "1");
    xlk_xs_printf("control/feature-suspend", "1");
    /* A watch the store still has (same domain resumed as new): -EEXIST. */
    rc = hcall_xs_watch(xlk_xs, "control/shutdown", "shutdown");
    if ( rc < 0 && rc != -XEN_EEXIST )
        panic("watch control/shutdown = %d", rc);
}

void xlk_xenbus_init(void)
{
    const start_info_t *si = xt_start_info;

    if ( xlk_is_initial_domain() || !si->store_mfn )
        return;
    store_connect();
}

/* Cancelled: the same connection and watches. */
void xlk_xenbus_resume(bool new_domain)
{
    if ( new_domain && xlk_xs )
        store_connect();
}
