/* SPDX-License-Identifier: GPL-2.0-only */
/* xenbus helpers shared by the frontend libraries (frontend.h). */
#include <public/errno.h>
#include "frontend.h"

int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int fe_read(const struct frontend_ops *ops, const char *dir, const char *key,
            char *buf, size_t size)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return ops->xs_read(ops->ctx, path, buf, size);
}

uint64_t fe_read_u64(const struct frontend_ops *ops, const char *dir,
                     const char *key, uint64_t dflt)
{
    char v[32];
    uint64_t n = 0;

    if ( fe_read(ops, dir, key, v, sizeof(v)) < 0 || !v[0] )
        return dflt;
    for ( const char *p = v; *p; p++ )
    {
        if ( *p < '0' || *p > '9' )
            return dflt;
        n = n * 10 + (*p - '0');
    }
    return n;
}

int fe_write_str(const struct frontend_ops *ops, const char *dir,
                 const char *key, const char *val)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return ops->xs_write(ops->ctx, path, val);
}

int fe_write_u64(const struct frontend_ops *ops, const char *dir,
                 const char *key, uint64_t val)
{
    char v[24];

    snprintf(v, sizeof(v), "%lu", (unsigned long)val);
    return fe_write_str(ops, dir, key, v);
}

int fe_wait_state(const struct frontend_ops *ops, const char *dir,
                  unsigned int want, unsigned int timeout_ms)
{
    uint64_t deadline = ops->now_ns(ops->ctx) + (uint64_t)timeout_ms * 1000000;

    for ( ; ; )
    {
        unsigned int st = fe_read_u64(ops, dir, "state", 0);

        if ( st == want )
            return 0;
        if ( want < FE_CLOSING && st >= FE_CLOSING )
            return -XEN_ENODEV;
        if ( ops->now_ns(ops->ctx) >= deadline )
            return -XEN_ETIMEDOUT;
        ops->wait(ops->ctx, 10);
    }
}

int fe_close(const struct frontend_ops *ops, const char *node,
             const char *backend, unsigned int timeout_ms)
{
    uint64_t deadline = ops->now_ns(ops->ctx) + (uint64_t)timeout_ms * 1000000;
    int rc = fe_write_u64(ops, node, "state", FE_CLOSING);

    while ( rc == 0 )
    {
        char v[8];

        if ( fe_read(ops, backend, "state", v, sizeof(v)) < 0 ||
             v[0] == '0' + FE_CLOSING || v[0] == '0' + FE_CLOSED )
            break;
        if ( ops->now_ns(ops->ctx) >= deadline )
        {
            rc = -XEN_ETIMEDOUT;
            break;
        }
        ops->wait(ops->ctx, 10);
    }
    fe_write_u64(ops, node, "state", FE_CLOSED);
    return rc;
}
