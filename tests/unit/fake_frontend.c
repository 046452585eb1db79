/* SPDX-License-Identifier: GPL-2.0-only */
/* The fake kernel of the frontend library tests (fake_frontend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fake_frontend.h"
#include <public/errno.h>

#define PG     4096u
#define NODES  96
#define GRANTS 4096

static struct { char path[192], val[64]; } node[NODES];
static struct { bool used, ro; uint64_t mfn; } grant[GRANTS];
static uint64_t now;
void (*fake_fe_on_write)(const char *path, const char *val);
void (*fake_fe_run)(void);
unsigned int fake_fe_grants_live, fake_fe_notifies;

void fake_fe_reset(void)
{
    memset(node, 0, sizeof(node));
    memset(grant, 0, sizeof(grant));
    fake_fe_grants_live = fake_fe_notifies = 0;
    fake_fe_on_write = NULL;
    fake_fe_run = NULL;
}

const char *fake_fe_get(const char *path)
{
    for ( int i = 0; i < NODES; i++ )
        if ( node[i].path[0] && !strcmp(node[i].path, path) )
            return node[i].val;
    return NULL;
}

void fake_fe_set(const char *path, const char *val)
{
    int i, free_i = -1;

    for ( i = 0; i < NODES; i++ )
    {
        if ( node[i].path[0] && !strcmp(node[i].path, path) )
            break;
        if ( !node[i].path[0] && free_i < 0 )
            free_i = i;
    }
    if ( i == NODES )
        i = free_i;
    CU_ASSERT_FATAL(i >= 0);
    snprintf(node[i].path, sizeof(node[i].path), "%s", path);
    snprintf(node[i].val, sizeof(node[i].val), "%s", val);
}

void *fake_fe_map(uint32_t ref, bool write)
{
    CU_ASSERT_FATAL(ref < GRANTS && grant[ref].used);
    if ( write )
        CU_ASSERT(!grant[ref].ro);
    return (void *)(uintptr_t)(grant[ref].mfn << 12);
}

bool fake_fe_readonly(uint32_t ref)
{
    return ref < GRANTS && grant[ref].ro;
}

static void *op_alloc_pages(void *ctx, unsigned int n)
{
    void *p = aligned_alloc(PG, n * PG);

    (void)ctx;
    memset(p, 0, n * PG);
    return p;
}

static void op_free_pages(void *ctx, void *p, unsigned int n)
{
    (void)ctx, (void)n;
    free(p);
}

static uint64_t op_virt_to_mfn(void *ctx, const void *va)
{
    (void)ctx;
    CU_ASSERT(((uintptr_t)va & (PG - 1)) == 0);
    return (uintptr_t)va >> 12;
}

static int op_grant(void *ctx, uint16_t domid, uint64_t mfn, bool ro)
{
    (void)ctx;
    CU_ASSERT(domid == 0);
    for ( int r = 8; r < GRANTS; r++ )
        if ( !grant[r].used )
        {
            grant[r].used = true, grant[r].ro = ro, grant[r].mfn = mfn;
            fake_fe_grants_live++;
            return r;
        }
    return -XEN_ENOSPC;
}

static int op_grant_end(void *ctx, uint32_t ref)
{
    (void)ctx;
    CU_ASSERT_FATAL(ref < GRANTS && grant[ref].used);
    grant[ref].used = false;
    fake_fe_grants_live--;
    return 0;
}

static int op_evtchn_alloc(void *ctx, uint16_t remote, uint32_t *port)
{
    (void)ctx, (void)remote;
    *port = 7;
    return 0;
}

static int op_notify(void *ctx, uint32_t port)
{
    (void)ctx;
    CU_ASSERT(port == 7);
    fake_fe_notifies++;
    return 0;
}

static void op_close(void *ctx, uint32_t port) { (void)ctx, (void)port; }

static int op_xs_read(void *ctx, const char *path, char *buf, size_t size)
{
    const char *v = fake_fe_get(path);

    (void)ctx;
    if ( !v )
        return -XEN_ENOENT;
    snprintf(buf, size, "%s", v);
    return 0;
}

static int op_xs_write(void *ctx, const char *path, const char *val)
{
    (void)ctx;
    fake_fe_set(path, val);
    if ( fake_fe_on_write )
        fake_fe_on_write(path, val);
    return 0;
}

static void op_wait(void *ctx, unsigned int ms)
{
    (void)ctx;
    now += ms * 1000000ull;
    if ( fake_fe_run )
        fake_fe_run();
}

static uint64_t op_now(void *ctx) { (void)ctx; return now; }

const struct frontend_ops fake_fe_ops = {
    .alloc_pages = op_alloc_pages, .free_pages = op_free_pages,
    .virt_to_mfn = op_virt_to_mfn, .grant = op_grant,
    .grant_end = op_grant_end, .evtchn_alloc = op_evtchn_alloc,
    .evtchn_notify = op_notify, .evtchn_close = op_close,
    .xs_read = op_xs_read, .xs_write = op_xs_write,
    .wait = op_wait, .now_ns = op_now,
};
