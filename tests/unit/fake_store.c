/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An in-memory xenstore with gntdev and event channels faked, for the user-
 * space backends' state machines (test_blkback_dev.c, test_netback_dev.c):
 * flat (path, value) pairs, parents made on write as the real store makes
 * them; one transaction at a time, its writes applied at commit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "fake_store.h"

#define MAXN 256
static struct fs_node store[MAXN];
static unsigned nnodes;
/* Writes of the open transaction, applied at commit. */
static struct fs_node pend[64];
static unsigned npend;
const char *fs_rm_at_commit;
unsigned fs_commits_failed;

struct fs_node *fs_find(const char *path)
{
    for (unsigned i = 0; i < nnodes; i++)
        if (!strcmp(store[i].path, path))
            return &store[i];
    return NULL;
}

void fs_put(const char *path, const char *val)
{
    struct fs_node *n = fs_find(path);
    char parent[256];
    char *slash;

    snprintf(parent, sizeof(parent), "%s", path);
    slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        if (!fs_find(parent))
            fs_put(parent, "");
    }
    if (!n) {
        CU_ASSERT_FATAL(nnodes < MAXN);
        n = &store[nnodes++];
        n->path = strdup(path);
        n->val = NULL;
    }
    free(n->val);
    n->val = strdup(val);
}

void fs_rm(const char *path)
{
    size_t len = strlen(path);

    for (unsigned i = 0; i < nnodes;) {
        if (!strncmp(store[i].path, path, len) &&
            (store[i].path[len] == 0 || store[i].path[len] == '/')) {
            free(store[i].path);
            free(store[i].val);
            store[i] = store[--nnodes];
        } else {
            i++;
        }
    }
}

void fs_reset(void)
{
    fs_rm("");
    for (unsigned i = 0; i < npend; i++) {
        free(pend[i].path);
        free(pend[i].val);
    }
    npend = 0;
    fs_rm_at_commit = NULL;
    fs_commits_failed = 0;
    fs_nmapped = fs_nbound = 0;
}

int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len)
{
    struct fs_node *n = fs_find(path);

    (void)xs;
    (void)tx;
    if (!n) {
        errno = ENOENT;
        return -1;
    }
    *value = strdup(n->val);
    if (len)
        *len = strlen(n->val);
    return 0;
}

int hcall_xs_write(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                   const void *value, size_t len)
{
    char *v = strndup(value, len);

    (void)xs;
    if (tx == HCALL_XS_NO_TX) {
        fs_put(path, v);
    } else {
        CU_ASSERT_FATAL(npend < 64);
        pend[npend].path = strdup(path);
        pend[npend++].val = v;
        return 0;
    }
    free(v);
    return 0;
}

int hcall_xs_directory(struct hcall_xs *xs, hcall_xs_tx_t tx,
                       const char *path, char ***names, unsigned int *count)
{
    size_t len = strlen(path), bytes = 0;
    const char *kids[MAXN];
    unsigned n = 0;
    char **out, *p;

    (void)xs;
    (void)tx;
    if (!fs_find(path)) {
        errno = ENOENT;
        return -1;
    }
    for (unsigned i = 0; i < nnodes; i++) {
        const char *s = store[i].path;

        if (!strncmp(s, path, len) && s[len] == '/' && !strchr(s + len + 1, '/')) {
            kids[n++] = s + len + 1;
            bytes += strlen(s + len + 1) + 1;
        }
    }
    out = malloc(n * sizeof(char *) + bytes + 1);
    p = (char *)(out + n);
    for (unsigned i = 0; i < n; i++) {
        out[i] = p;
        strcpy(p, kids[i]);
        p += strlen(kids[i]) + 1;
    }
    *names = out;
    *count = n;
    return 0;
}

/* One transaction at a time; a scheduled rm makes its commit fail. */
int hcall_xs_transact(struct hcall_xs *xs,
                      int (*fn)(struct hcall_xs *xs, hcall_xs_tx_t tx, void *arg),
                      void *arg, unsigned int max_tries)
{
    (void)max_tries;
    for (;;) {
        int rc = fn(xs, 1, arg);

        if (rc == 0 && fs_rm_at_commit) {
            fs_rm(fs_rm_at_commit);
            fs_rm_at_commit = NULL;
            fs_commits_failed++;
            rc = 1;             /* EAGAIN: drop the writes, run again */
        } else if (rc == 0) {
            for (unsigned i = 0; i < npend; i++)
                fs_put(pend[i].path, pend[i].val);
        }
        for (unsigned i = 0; i < npend; i++) {
            free(pend[i].path);
            free(pend[i].val);
        }
        npend = 0;
        if (rc == 1)
            continue;
        return rc;
    }
}

int hcall_xs_watch(struct hcall_xs *xs, const char *path, const char *token)
{
    (void)xs, (void)path, (void)token;
    return 0;
}

int hcall_xs_unwatch(struct hcall_xs *xs, const char *path, const char *token)
{
    (void)xs, (void)path, (void)token;
    return 0;
}

/* gntdev and event channels: enough to connect. */
static uint8_t ring_page[4096] __attribute__((aligned(4096)));
unsigned fs_nmapped, fs_nbound;

void *hcall_gntdev_map(struct hcall_gntdev *h, uint16_t domid,
                       const hcall_gref_t *refs, uint32_t count, int writable)
{
    (void)h, (void)domid, (void)refs, (void)writable;
    if (count != 1)
        return NULL;
    fs_nmapped++;
    return ring_page;
}

int hcall_gntdev_unmap(struct hcall_gntdev *h, void *addr, uint32_t count)
{
    (void)h, (void)addr;
    fs_nmapped -= count;
    return 0;
}

int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h, uint16_t remote_domid,
                                  hcall_port_t remote_port)
{
    (void)h, (void)remote_domid, (void)remote_port;
    return (int)(10 + fs_nbound++);
}

int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port)
{
    (void)h, (void)port;
    fs_nbound--;
    return 0;
}

char *fs_get(const char *path)
{
    struct fs_node *n = fs_find(path);

    return n ? n->val : NULL;
}
