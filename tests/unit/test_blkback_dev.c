/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk's xenstore state machine (drivers/backend/blk/device.c) against a
 * small in-memory store, gntdev and event channels faked.
 *
 * Regression: qdisk wrote "state" into a backend directory the toolstack
 * had already removed (detach, destroy): the store makes missing parents,
 * so the removed directory came back with a lone "state" node in it, and
 * the next create of that device found a stale directory. Every write into
 * a backend directory now checks, in the same transaction, that the
 * directory is still there; a removal racing with the write makes the
 * commit fail and the retry sees the directory gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "qdisk.h"

int qd_verbose;
void qd_log(const char *fmt, ...)
{
    (void)fmt;
}

/* ---- the fake store: flat (path, value) pairs, parents made on write ---- */
#define MAXN 256
static struct node { char *path, *val; } store[MAXN];
static unsigned nnodes;
/* Writes of the open transaction, applied at commit. */
static struct node pend[64];
static unsigned npend;
/* Removed at the next commit, which then fails with EAGAIN (a racing rm). */
static const char *rm_at_commit;
static unsigned commits_failed;

static struct node *find(const char *path)
{
    for (unsigned i = 0; i < nnodes; i++)
        if (!strcmp(store[i].path, path))
            return &store[i];
    return NULL;
}

static void put(const char *path, const char *val)
{
    struct node *n = find(path);
    char parent[256];
    char *slash;

    snprintf(parent, sizeof(parent), "%s", path);
    slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        if (!find(parent))
            put(parent, "");
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

static void rm(const char *path)
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

static void store_reset(void)
{
    rm("");
    for (unsigned i = 0; i < npend; i++) {
        free(pend[i].path);
        free(pend[i].val);
    }
    npend = 0;
    rm_at_commit = NULL;
    commits_failed = 0;
}

int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len)
{
    struct node *n = find(path);

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
        put(path, v);
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
    if (!find(path)) {
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

        if (rc == 0 && rm_at_commit) {
            rm(rm_at_commit);
            rm_at_commit = NULL;
            commits_failed++;
            rc = 1;             /* EAGAIN: drop the writes, run again */
        } else if (rc == 0) {
            for (unsigned i = 0; i < npend; i++)
                put(pend[i].path, pend[i].val);
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

/* ---- gntdev, event channels, the ring: enough to connect ---- */
static uint8_t ring_page[4096] __attribute__((aligned(4096)));
static unsigned nmapped, nbound, nkicks;

void *hcall_gntdev_map(struct hcall_gntdev *h, uint16_t domid,
                       const hcall_gref_t *refs, uint32_t count, int writable)
{
    (void)h, (void)domid, (void)refs, (void)writable;
    if (count != 1)
        return NULL;
    nmapped++;
    return ring_page;
}

int hcall_gntdev_unmap(struct hcall_gntdev *h, void *addr, uint32_t count)
{
    (void)h, (void)addr;
    nmapped -= count;
    return 0;
}

int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h, uint16_t remote_domid,
                                  hcall_port_t remote_port)
{
    (void)h, (void)remote_domid, (void)remote_port;
    return (int)(10 + nbound++);
}

int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port)
{
    (void)h, (void)port;
    nbound--;
    return 0;
}

void qd_ring_kick(struct qd *q, struct qd_queue *rq)
{
    (void)q, (void)rq;
    nkicks++;
}

void qd_pgrants_release(struct qd *q, struct qd_dev *d)
{
    (void)q, (void)d;
}

/* ---- the tests ---- */
#define ROOT "/local/domain/0/backend/qdisk"
#define BE ROOT "/5/51712"
#define FE "/local/domain/5/device/vbd/51712"

static struct qd q;
static char img[64];

static char *get(const char *path)
{
    struct node *n = find(path);

    return n ? n->val : NULL;
}

/* A device as xl writes it, then qdisk's first scan: InitWait. */
static void attach(void)
{
    int fd;

    snprintf(img, sizeof(img), "/tmp/qdisk-dev-test-XXXXXX");
    fd = mkstemp(img);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(ftruncate(fd, 1 << 20) == 0);
    close(fd);
    store_reset();
    memset(&q, 0, sizeof(q));
    snprintf(q.root, sizeof(q.root), ROOT);
    q.max_queues = 1;
    nmapped = nbound = nkicks = 0;
    put(BE "/frontend", FE);
    put(BE "/frontend-id", "5");
    put(BE "/params", img);
    put(BE "/mode", "w");
    put(BE "/online", "1");
    put(BE "/state", "1");
    put(FE "/backend", BE);
    put(FE "/state", "1");
    qd_scan(&q);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q.devs);
    CU_ASSERT_STRING_EQUAL(get(BE "/state"), "2");
    CU_ASSERT_STRING_EQUAL(get(BE "/feature-persistent"), "1");
}

static void detach(void)
{
    qd_scan(&q);
    CU_ASSERT_PTR_NULL(q.devs);
    qd_shutdown_devices(&q);
    unlink(img);
    store_reset();
}

/* The normal path writes where it should: InitWait, then Connected. */
static void test_connect_writes(void)
{
    attach();
    put(FE "/ring-ref", "8");
    put(FE "/event-channel", "3");
    put(FE "/state", "3");
    qd_scan(&q);
    CU_ASSERT_STRING_EQUAL(get(BE "/state"), "4");
    CU_ASSERT_STRING_EQUAL(get(BE "/sectors"), "2048");
    CU_ASSERT_EQUAL(nmapped, 1);
    CU_ASSERT_EQUAL(nkicks, 1);
    rm(BE);
    rm(FE);
    detach();
    CU_ASSERT_EQUAL(nmapped, 0);
    CU_ASSERT_EQUAL(nbound, 0);
}

/* Removed, then failed before the next scan: no state comes back. */
static void test_fail_after_rm(void)
{
    attach();
    rm(BE);
    qd_dev_fail(&q, q.devs, "test");
    CU_ASSERT_PTR_NULL(find(BE "/state"));
    CU_ASSERT_PTR_NULL(find(BE));
    detach();
}

/* Connected, removed, resized before the next scan: nothing written. */
static void test_resize_after_rm(void)
{
    int fd;

    attach();
    put(FE "/ring-ref", "8");
    put(FE "/event-channel", "3");
    put(FE "/state", "4");
    qd_scan(&q);
    CU_ASSERT_STRING_EQUAL_FATAL(get(BE "/state"), "4");
    fd = open(img, O_WRONLY);
    CU_ASSERT_FATAL(fd >= 0 && ftruncate(fd, 2 << 20) == 0);
    close(fd);
    rm(BE);
    qd_check_sizes(&q, 1);
    CU_ASSERT_PTR_NULL(find(BE));
    rm(FE);
    detach();
}

/*
 * The frontend closes and the toolstack removes the backend directory
 * while qdisk writes Closing: the commit fails, the retry finds it gone.
 */
static void test_rm_during_write(void)
{
    attach();
    put(FE "/state", "5");
    rm_at_commit = BE;
    qd_scan(&q);
    CU_ASSERT_EQUAL(commits_failed, 1);
    CU_ASSERT_PTR_NULL(find(BE "/state"));
    CU_ASSERT_PTR_NULL(find(BE));
    detach();
}

static CU_TestInfo cases[] = {
    { "connect_writes", test_connect_writes },
    { "fail_after_rm", test_fail_after_rm },
    { "resize_after_rm", test_resize_after_rm },
    { "rm_during_write", test_rm_during_write },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("blkback_dev", NULL, NULL, cases);
