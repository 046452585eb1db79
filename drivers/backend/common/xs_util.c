/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Backend daemons' xenstore helpers: every value read from a store a guest
 * can write to is parsed strictly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

char *be_xs_get(struct hcall_xs *xs, const char *dir, const char *node)
{
    char path[256];
    char *v = NULL;

    if (snprintf(path, sizeof(path), "%s/%s", dir, node) >= (int)sizeof(path))
        return NULL;
    if (hcall_xs_read(xs, HCALL_XS_NO_TX, path, &v, NULL) < 0)
        return NULL;
    return v;
}

long long be_xs_get_uint(struct hcall_xs *xs, const char *dir,
                         const char *node, unsigned long long max)
{
    char *v = be_xs_get(xs, dir, node), *end;
    unsigned long long n;
    long long rc = -1;

    if (!v)
        return -1;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (v[0] >= '0' && v[0] <= '9' && !*end && !errno && n <= max)
        rc = (long long)n;
    free(v);
    return rc;
}

int be_xs_vput(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
               const char *node, const char *fmt, va_list ap)
{
    char path[256], val[64];

    vsnprintf(val, sizeof(val), fmt, ap);
    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return hcall_xs_write(xs, tx, path, val, strlen(val));
}

int be_xs_put(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
              const char *node, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = be_xs_vput(xs, tx, dir, node, fmt, ap);
    va_end(ap);
    return rc;
}

struct dir_tx {
    const char *dir;
    int (*fill)(void *arg, hcall_xs_tx_t tx);
    void *arg;
    int gone;
};

static int dir_tx_fn(struct hcall_xs *xs, hcall_xs_tx_t tx, void *p)
{
    struct dir_tx *t = p;
    char *v = NULL;

    t->gone = 0;
    if (hcall_xs_read(xs, tx, t->dir, &v, NULL) < 0) {
        t->gone = errno == ENOENT;
        return -1;
    }
    free(v);
    return t->fill(t->arg, tx) ? -1 : 0;
}

int be_dir_write(struct hcall_xs *xs, const char *dir,
                 int (*fill)(void *arg, hcall_xs_tx_t tx), void *arg)
{
    struct dir_tx t = { .dir = dir, .fill = fill, .arg = arg };

    if (hcall_xs_transact(xs, dir_tx_fn, &t, 0) == 0)
        return 0;
    return t.gone ? 1 : -1;
}

struct state_put {
    struct hcall_xs *xs;
    const char *dir;
    int state;
};

static int fill_state(void *arg, hcall_xs_tx_t tx)
{
    struct state_put *s = arg;

    return be_xs_put(s->xs, tx, s->dir, "state", "%d", s->state);
}

int be_dir_put_state(struct hcall_xs *xs, const char *dir, int state)
{
    struct state_put s = { .xs = xs, .dir = dir, .state = state };

    return be_dir_write(xs, dir, fill_state, &s);
}

long be_entry_num(const char *s, unsigned long max)
{
    char *end;
    unsigned long n = strtoul(s, &end, 10);

    return (s[0] >= '0' && s[0] <= '9' && !*end && n <= max) ? (long)n : -1;
}

int be_scan_tree(struct hcall_xs *xs, const char *root,
                 void (*visit)(void *ctx, unsigned domid, unsigned devid),
                 void *ctx)
{
    char path[192], **doms = NULL, **devs;
    unsigned nd = 0, n;

    if (hcall_xs_directory(xs, HCALL_XS_NO_TX, root, &doms, &nd) < 0)
        return -1;
    for (unsigned i = 0; i < nd; i++) {
        long domid = be_entry_num(doms[i], 0x7fef);

        if (domid < 0)
            continue;
        snprintf(path, sizeof(path), "%s/%ld", root, domid);
        devs = NULL;
        n = 0;
        if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &devs, &n) < 0)
            continue;
        for (unsigned j = 0; j < n; j++) {
            long devid = be_entry_num(devs[j], 0xffffffffUL);

            if (devid >= 0)
                visit(ctx, (unsigned)domid, (unsigned)devid);
        }
        free(devs);
    }
    free(doms);
    return 0;
}
