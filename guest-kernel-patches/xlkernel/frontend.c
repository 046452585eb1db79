/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel's side of the frontend libraries (drivers/frontend/): their ops
 * over the kernel's pages, grants, event channels and store.
 */
#include <xlk.h>
#include <xlk-fe.h>

static void *ops_alloc_pages(void *ctx, unsigned int n)
{
    (void)ctx;
    return xlk_alloc_pages(n);
}

static void ops_free_pages(void *ctx, void *p, unsigned int n)
{
    (void)ctx;
    xlk_free_pages(p, n);
}

static uint64_t ops_virt_to_mfn(void *ctx, const void *va)
{
    (void)ctx;
    return xlk_virt_to_mfn(va);
}

static int ops_grant(void *ctx, uint16_t domid, uint64_t mfn, bool readonly)
{
    (void)ctx;
    return hcall_gnttab_grant(&xlk_gnttab, domid, mfn, readonly);
}

static int ops_grant_end(void *ctx, uint32_t ref)
{
    (void)ctx;
    return xlk_grant_end(ref);
}

static int ops_evtchn_alloc(void *ctx, uint16_t remote, uint32_t *port)
{
    int rc = xlk_evtchn_alloc_unbound(remote, port);

    (void)ctx;
    return rc ? rc : xlk_evtchn_bind(*port, NULL, NULL);
}

static int ops_evtchn_notify(void *ctx, uint32_t port)
{
    (void)ctx;
    return xlk_evtchn_notify(port);
}

static void ops_evtchn_close(void *ctx, uint32_t port)
{
    (void)ctx;
    xlk_evtchn_unbind(port);
}

static int ops_xs_read(void *ctx, const char *path, char *buf, size_t size)
{
    (void)ctx;
    return xlk_xs_read(path, buf, size);
}

static int ops_xs_write(void *ctx, const char *path, const char *value)
{
    (void)ctx;
    return xlk_xs_printf(path, "%s", value);
}

static void ops_wait(void *ctx, unsigned int timeout_ms)
{
    static unsigned long seen;

    (void)ctx;
    xlk_wait(seen, xlk_now_ns() + timeout_ms * XLK_MS);
    seen = xlk_events();
}

static uint64_t ops_now_ns(void *ctx)
{
    (void)ctx;
    return xlk_now_ns();
}

const struct frontend_ops xlk_frontend_ops = {
    .alloc_pages = ops_alloc_pages,
    .free_pages = ops_free_pages,
    .virt_to_mfn = ops_virt_to_mfn,
    .grant = ops_grant,
    .grant_end = ops_grant_end,
    .evtchn_alloc = ops_evtchn_alloc,
    .evtchn_notify = ops_evtchn_notify,
    .evtchn_close = ops_evtchn_close,
    .xs_read = ops_xs_read,
    .xs_write = ops_xs_write,
    .wait = ops_wait,
    .now_ns = ops_now_ns,
};

int xlk_fe_restart(const char *node, unsigned int timeout_ms)
{
    const struct frontend_ops *ops = &xlk_frontend_ops;
    uint64_t deadline = xlk_now_ns() + timeout_ms * XLK_MS;
    char backend[128];
    int rc;

    rc = fe_read(ops, node, "backend", backend, sizeof(backend));
    if ( rc == 0 )
        rc = fe_write_u64(ops, node, "state", 1);      /* Initialising */
    while ( rc == 0 && fe_read_u64(ops, backend, "state", 0) != FE_INITWAIT )
    {
        if ( xlk_now_ns() >= deadline )
            return -XEN_ETIMEDOUT;
        ops->wait(ops->ctx, 10);
    }
    return rc;
}

int xlk_fe_first(const char *kind, char *node, size_t size)
{
    char dir[32], **names;
    unsigned int n;
    int rc;

    if ( !xlk_xs )
        return -XEN_ENODEV;
    snprintf(dir, sizeof(dir), "device/%s", kind);
    rc = hcall_xs_directory(xlk_xs, HCALL_XS_NO_TX, dir, &names, &n);
    if ( rc < 0 )
        return rc;
    if ( n == 0 )
        return -XEN_ENODEV;
    snprintf(node, size, "%s/%s", dir, names[0]);
    return 0;
}
