/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored core, in process: path rules, framing and rings, node
 * operations, permissions, transactions, watches, quotas and domain
 * connections. Requests go through the real dispatcher on fake transports,
 * so unprivileged domains can be played without a hypervisor.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "xenstored.h"

int xsd_verbose;
void xsd_log(const char *fmt, ...)
{
    (void)fmt;
}

/* A connection whose replies land in a buffer the test inspects. */
struct fake {
    char out[1 << 16];
    size_t out_len;
    char events[4096];          /* "path token\n" per watch event */
    const char *in;             /* requests conn_process() will read */
    size_t in_len, in_off;
    int stuck;                  /* the peer reads nothing */
};

static long fake_read(struct conn *c, void *buf, size_t len)
{
    struct fake *f = c->priv;

    if (len > f->in_len - f->in_off)
        len = f->in_len - f->in_off;
    if (!len)
        return 0;
    memcpy(buf, f->in + f->in_off, len);
    f->in_off += len;
    return (long)len;
}

static long fake_write(struct conn *c, const void *buf, size_t len)
{
    struct fake *f = c->priv;

    if (f->stuck || len > sizeof(f->out) - f->out_len)
        return 0;
    memcpy(f->out + f->out_len, buf, len);
    f->out_len += len;
    return (long)len;
}

static void fake_destroy(struct conn *c)
{
    free(c->priv);
}

static const struct conn_ops fake_ops = {
    .read = fake_read, .write = fake_write, .destroy = fake_destroy,
};

static struct conn *dom0, *dom5, *dom6;

static struct conn *mkconn(uint16_t domid, int priv)
{
    return conn_new(&fake_ops, calloc(1, sizeof(struct fake)), domid, priv);
}

/* Moves queued watch events of c into its events string. */
static void drain(struct conn *c, char *reply, size_t *rlen, uint32_t *rtype)
{
    struct fake *f = c->priv;
    size_t off = 0;

    while (off + sizeof(struct xsd_sockmsg) <= f->out_len) {
        struct xsd_sockmsg h;
        const char *p = f->out + off + sizeof(h);

        memcpy(&h, f->out + off, sizeof(h));
        if (h.type == XS_WATCH_EVENT) {
            size_t l = strlen(f->events);

            snprintf(f->events + l, sizeof(f->events) - l, "%s %s\n", p,
                     p + strlen(p) + 1);
        } else if (reply) {
            memcpy(reply, p, h.len);
            reply[h.len] = '\0';
            *rlen = h.len;
            *rtype = h.type;
        }
        off += sizeof(h) + h.len;
    }
    f->out_len = 0;
}

static char *events(struct conn *c)
{
    drain(c, NULL, NULL, NULL);
    return ((struct fake *)c->priv)->events;
}

static void clear_events(struct conn *c)
{
    events(c)[0] = '\0';
}

static char last_reply[XENSTORE_PAYLOAD_MAX + 1];
static size_t last_len;

/* Sends a request of NUL-joined strings; returns 0 or the error's errno. */
static int callv(struct conn *c, uint32_t type, uint32_t tx, int n, ...)
{
    char payload[XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg h = { .type = type, .req_id = 7, .tx_id = tx };
    uint32_t rtype = XS_INVALID;
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *s = va_arg(ap, const char *);

        memcpy(payload + h.len, s, strlen(s) + 1);
        h.len += (uint32_t)strlen(s) + 1;
    }
    va_end(ap);
    xsd_dispatch(c, &h, payload);
    drain(c, last_reply, &last_len, &rtype);
    if (rtype == XS_ERROR)
        return xs_errno_from_name(last_reply);
    CU_ASSERT_EQUAL(rtype, type);
    return 0;
}

/* WRITE takes the value without a terminating NUL. */
static int wr(struct conn *c, uint32_t tx, const char *path, const char *v)
{
    char payload[XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg h = { .type = XS_WRITE, .tx_id = tx };
    uint32_t rtype = XS_INVALID;

    h.len = (uint32_t)(strlen(path) + 1 + strlen(v));
    memcpy(payload, path, strlen(path) + 1);
    memcpy(payload + strlen(path) + 1, v, strlen(v));
    xsd_dispatch(c, &h, payload);
    drain(c, last_reply, &last_len, &rtype);
    return rtype == XS_ERROR ? xs_errno_from_name(last_reply) : 0;
}

/* Returns the value read, or "<errno name>". */
static const char *rd(struct conn *c, uint32_t tx, const char *path)
{
    int rc = callv(c, XS_READ, tx, 1, path);

    return rc ? xs_errno_name(rc) : last_reply;
}

static int setup(void)
{
    if (store_init())
        return 1;
    domain_init(NULL);
    dom0 = mkconn(0, 1);
    dom5 = mkconn(5, 0);
    dom6 = mkconn(6, 0);
    return !(dom0 && dom5 && dom6);
}

static int teardown(void)
{
    conn_free(dom0);
    conn_free(dom5);
    conn_free(dom6);
    domain_fini();
    store_fini();
    return 0;
}

static void test_paths(void)
{
    char long_path[XENSTORE_ABS_PATH_MAX + 2];

    CU_ASSERT(xs_path_check("/", XS_PATH_NODE));
    CU_ASSERT(xs_path_check("/local/domain/0", XS_PATH_NODE));
    CU_ASSERT(xs_path_check("device/vif/0-x_y@z", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("/a/", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("//a", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("/a//b", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("/a b", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("/a.b", XS_PATH_NODE));
    CU_ASSERT(!xs_path_check("@introduceDomain", XS_PATH_NODE));
    CU_ASSERT(xs_path_check("@introduceDomain", XS_PATH_SPECIAL));
    CU_ASSERT(xs_path_check("@releaseDomain", XS_PATH_SPECIAL));
    CU_ASSERT(!xs_path_check("@other", XS_PATH_NODE | XS_PATH_SPECIAL));
    long_path[0] = '/';
    memset(long_path + 1, 'a', XENSTORE_ABS_PATH_MAX);
    long_path[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    CU_ASSERT(!xs_path_check(long_path, XS_PATH_NODE));
    long_path[XENSTORE_ABS_PATH_MAX] = '\0';
    CU_ASSERT(xs_path_check(long_path, XS_PATH_NODE));
    /* Paths the daemon refuses before touching the store. */
    CU_ASSERT_EQUAL(wr(dom0, 0, "/bad/", "x"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_READ, 0, 1, "/a//b"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "@bogus", "t"), EINVAL);
}

static void test_framing(void)
{
    static struct xenstore_domain_interface ring;
    char buf[XS_MSG_MAX], out[2000];
    struct xs_frag f[2] = { { "ab", 3 }, { "cd", 2 } };
    const char *parts[4];
    struct xsd_sockmsg h;
    size_t len = xs_msg_build(buf, sizeof(buf), XS_WRITE, 3, 4, f, 2);

    CU_ASSERT_EQUAL(len, sizeof(h) + 5);
    memcpy(&h, buf, sizeof(h));
    CU_ASSERT(h.type == XS_WRITE && h.req_id == 3 && h.tx_id == 4 &&
              h.len == 5);
    CU_ASSERT_EQUAL(xs_msg_split(buf + sizeof(h), h.len, parts, 4), 1);
    CU_ASSERT_STRING_EQUAL(parts[0], "ab");
    CU_ASSERT_EQUAL(xs_msg_build(buf, 10, XS_WRITE, 0, 0, f, 2), 0);
    CU_ASSERT_EQUAL(xs_errno_from_name("EAGAIN"), EAGAIN);
    CU_ASSERT_STRING_EQUAL(xs_errno_name(ENOSPC), "ENOSPC");

    /* Free-running indexes across the 2^32 wrap, data across the ring end. */
    ring.req_cons = ring.req_prod = 0xfffffe00u;
    for (int i = 0; i < 2000; i++)
        buf[i] = (char)i;
    CU_ASSERT_EQUAL(xs_ring_put_req(&ring, buf, 2000), XENSTORE_RING_SIZE);
    CU_ASSERT_EQUAL(xs_ring_put_req(&ring, buf, 1), 0);
    CU_ASSERT_EQUAL(xs_ring_get_req(&ring, out, 600), 600);
    CU_ASSERT_EQUAL(xs_ring_put_req(&ring, buf + 1024, 976), 600);
    CU_ASSERT_EQUAL(xs_ring_get_req(&ring, out + 600, 2000), 1024);
    CU_ASSERT(!memcmp(out, buf, 1624));
    /* A peer claiming more than a ring's worth gets nothing. */
    ring.rsp_prod = ring.rsp_cons + 5000;
    CU_ASSERT_EQUAL(xs_ring_get_rsp(&ring, out, 10), 0);
}

static void test_nodes(void)
{
    char *p;

    CU_ASSERT_EQUAL(wr(dom0, 0, "/n/a/b", "hello"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/n/a/b"), "hello");
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/n/a"), "");  /* implicit parent */
    CU_ASSERT_EQUAL(wr(dom0, 0, "/n/a/c", ""), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_MKDIR, 0, 1, "/n/a/d"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_MKDIR, 0, 1, "/n/a/d"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_DIRECTORY, 0, 1, "/n/a"), 0);
    CU_ASSERT_EQUAL(last_len, 6);
    CU_ASSERT(!memcmp(last_reply, "b\0c\0d\0", 6));
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/n/a/c"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/n/a/c"), "ENOENT");
    /* Removing what is gone is fine while the parent exists. */
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/n/a/c"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/n/x/y"), ENOENT);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/n"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/n/a/b"), "ENOENT");
    CU_ASSERT_PTR_NULL(store_lookup("/n/a/b"));
    /* Values may hold any byte, NUL included. */
    {
        char payload[] = "/bin\0a\0b";
        struct xsd_sockmsg h = { .type = XS_WRITE, .len = sizeof(payload) - 1 };
        uint32_t t;

        xsd_dispatch(dom0, &h, payload);
        drain(dom0, last_reply, &last_len, &t);
        CU_ASSERT_EQUAL(callv(dom0, XS_READ, 0, 1, "/bin"), 0);
        CU_ASSERT_EQUAL(last_len, 3);
        CU_ASSERT(!memcmp(last_reply, "a\0b", 3));
    }
    CU_ASSERT_EQUAL(callv(dom0, XS_GET_DOMAIN_PATH, 0, 1, "12"), 0);
    CU_ASSERT_STRING_EQUAL(last_reply, "/local/domain/12");
    p = last_reply;
    (void)p;
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH_EVENT, 0, 1, "x"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, 999, 0, 1, "x"), EINVAL);
}

static void test_perms(void)
{
    CU_ASSERT_EQUAL(callv(dom0, XS_MKDIR, 0, 1, "/local/domain/5"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "/local/domain/5", "n5"),
                    0);
    /* Relative paths are below the domain's home. */
    CU_ASSERT_EQUAL(wr(dom5, 0, "data/x", "1"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/local/domain/5/data/x"), "1");
    CU_ASSERT_EQUAL(callv(dom5, XS_GET_PERMS, 0, 1, "data/x"), 0);
    CU_ASSERT(!memcmp(last_reply, "n5", 3));    /* inherited, owner 5 */
    /* Others get perms[0]'s right: none. */
    CU_ASSERT_STRING_EQUAL(rd(dom6, 0, "/local/domain/5/data/x"), "EACCES");
    CU_ASSERT_EQUAL(wr(dom6, 0, "/local/domain/5/data/y", "1"), EACCES);
    CU_ASSERT_EQUAL(callv(dom6, XS_DIRECTORY, 0, 1, "/local/domain/5"),
                    EACCES);
    /* Owner grants dom6 read. */
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 3, "data/x", "n5", "r6"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom6, 0, "/local/domain/5/data/x"), "1");
    CU_ASSERT_EQUAL(wr(dom6, 0, "/local/domain/5/data/x", "2"), EACCES);
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 3, "data/x", "n5", "w6"), 0);
    CU_ASSERT_EQUAL(wr(dom6, 0, "/local/domain/5/data/x", "2"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom6, 0, "/local/domain/5/data/x"), "EACCES");
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 3, "data/x", "n5", "b6"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom6, 0, "/local/domain/5/data/x"), "2");
    /* Default "r" for everyone. */
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 2, "data/x", "r5"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom6, 0, "/local/domain/5/data/x"), "2");
    /* Non-owners may not change perms; owners may not give nodes away. */
    CU_ASSERT_EQUAL(callv(dom6, XS_SET_PERMS, 0, 2,
                          "/local/domain/5/data/x", "b6"), EACCES);
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 2, "data/x", "n6"), EPERM);
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 2, "data/x", "q5"), EINVAL);
    /* The privileged message types. */
    CU_ASSERT_EQUAL(callv(dom5, XS_INTRODUCE, 0, 3, "9", "1", "2"), EACCES);
    CU_ASSERT_EQUAL(callv(dom5, XS_CONTROL, 0, 1, "help"), EACCES);
    CU_ASSERT_EQUAL(callv(dom5, XS_IS_DOMAIN_INTRODUCED, 0, 1, "1"), EACCES);
    /* dom0 can do anything. */
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/local/domain/5/data/x"), "2");
    /* A domain cannot create outside nodes it may write. */
    CU_ASSERT_EQUAL(wr(dom5, 0, "/tool/x", "1"), EACCES);
}

static void test_transactions(void)
{
    uint32_t t1, t2;

    CU_ASSERT_EQUAL(wr(dom0, 0, "/t/x", "0"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t1 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT(t1 != 0);
    CU_ASSERT_EQUAL(wr(dom0, t1, "/t/x", "1"), 0);
    CU_ASSERT_EQUAL(wr(dom0, t1, "/t/new/deep", "n"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, t1, "/t/x"), "1");
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/x"), "0");     /* isolated */
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/new/deep"), "ENOENT");
    CU_ASSERT_EQUAL(callv(dom0, XS_DIRECTORY, t1, 1, "/t"), 0);
    CU_ASSERT_EQUAL(last_len, 6);
    CU_ASSERT(!memcmp(last_reply, "x\0new\0", 6));
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "T"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/x"), "1");
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/new/deep"), "n");

    /* Conflict: t2 read /t/x, someone else changed it: EAGAIN, no effect. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t2 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT_STRING_EQUAL(rd(dom0, t2, "/t/x"), "1");
    CU_ASSERT_EQUAL(wr(dom0, t2, "/t/y", "from-t2"), 0);
    CU_ASSERT_EQUAL(wr(dom6 == NULL ? dom0 : dom0, 0, "/t/x", "2"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t2, 1, "T"), EAGAIN);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/y"), "ENOENT");
    /* The id is gone after end. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t2, 1, "T"), ENOENT);
    CU_ASSERT_STRING_EQUAL(rd(dom0, t2, "/t/x"), "ENOENT");

    /* Abort discards; rm inside a transaction. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t1 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, t1, 1, "/t/new"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, t1, "/t/new/deep"), "ENOENT");
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "F"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/new/deep"), "n");
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t1 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, t1, 1, "/t/new"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "T"), 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/new/deep"), "ENOENT");
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/t/new"), "ENOENT");
    /* Nested start is refused; bad end argument. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t1 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, t1, 1, ""), EBUSY);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "X"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "F"), 0);
    /* Another connection cannot use my transaction id. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    t1 = (uint32_t)strtoul(last_reply, NULL, 10);
    CU_ASSERT_STRING_EQUAL(rd(dom5, t1, "data/x"), "ENOENT");
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t1, 1, "F"), 0);
}

static void test_watches(void)
{
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "/w", "tok"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "/w tok\n");   /* initial event */
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "/w", "tok"), EEXIST);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/w/a/b", "1"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "/w/a/b tok\n");
    clear_events(dom0);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/other", "1"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "");
    /* A watch below a removed node fires too. */
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "/w/a/b", "deep"), 0);
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/w/a"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(events(dom0), "/w/a tok\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(events(dom0), "/w/a/b deep\n"));
    CU_ASSERT_EQUAL(callv(dom0, XS_UNWATCH, 0, 2, "/w/a/b", "deep"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_UNWATCH, 0, 2, "/w/a/b", "deep"), ENOENT);
    clear_events(dom0);

    /* Relative watches report relative paths. */
    clear_events(dom5);
    CU_ASSERT_EQUAL(callv(dom5, XS_WATCH, 0, 2, "data", "rel"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom5), "data rel\n");
    clear_events(dom5);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/local/domain/5/data/z", "1"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom5), "data/z rel\n");
    clear_events(dom5);

    /* No event about a node the watcher may not read. */
    CU_ASSERT_EQUAL(callv(dom6, XS_WATCH, 0, 2, "/local/domain/5", "spy"), 0);
    clear_events(dom6);
    CU_ASSERT_EQUAL(wr(dom5, 0, "data/secret", "s"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom6), "");
    clear_events(dom5);

    /* Transactions fire on commit only, and not at all on abort. */
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_START, 0, 1, ""), 0);
    uint32_t t = (uint32_t)strtoul(last_reply, NULL, 10);

    CU_ASSERT_EQUAL(wr(dom0, t, "/w/tx", "1"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "");
    CU_ASSERT_EQUAL(callv(dom0, XS_TRANSACTION_END, t, 1, "T"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "/w/tx tok\n");
    clear_events(dom0);

    /* RESET_WATCHES drops them all. */
    CU_ASSERT_EQUAL(callv(dom0, XS_RESET_WATCHES, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/w/after", "1"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "");
    CU_ASSERT_EQUAL(callv(dom5, XS_RESET_WATCHES, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom6, XS_RESET_WATCHES, 0, 1, ""), 0);
}

static void test_quotas(void)
{
    char name[32], big[3000];
    int rc = 0, i;

    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota", "nodes", "20"), 0);
    for (i = 0; i < 40 && !rc; i++) {
        snprintf(name, sizeof(name), "q/%d", i);
        rc = wr(dom5, 0, name, "v");
    }
    CU_ASSERT_EQUAL(rc, ENOSPC);
    CU_ASSERT(i < 40);
    CU_ASSERT(xsd_store.nodes_owned[5] <= 20);
    /* Removing frees quota. */
    CU_ASSERT_EQUAL(callv(dom5, XS_RM, 0, 1, "q"), 0);
    CU_ASSERT_EQUAL(wr(dom5, 0, "q/again", "v"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota", "nodes", "1000"),
                    0);
    /* Value size. */
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(wr(dom5, 0, "big", big), ENOSPC);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/big", big), 0);       /* dom0 exempt */
    /* Watches. */
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota", "watches", "3"), 0);
    rc = 0;
    for (i = 0; i < 5 && !rc; i++) {
        snprintf(name, sizeof(name), "%d", i);
        rc = callv(dom5, XS_WATCH, 0, 2, "data", name);
    }
    CU_ASSERT_EQUAL(rc, E2BIG);
    CU_ASSERT_EQUAL(i, 4);
    CU_ASSERT_EQUAL(callv(dom5, XS_RESET_WATCHES, 0, 1, ""), 0);
    /* Transactions. */
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota", "transactions",
                          "2"), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_START, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_START, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_START, 0, 1, ""), ENOSPC);
    CU_ASSERT_EQUAL(callv(dom5, XS_RESET_WATCHES, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_START, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_RESET_WATCHES, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 2, "quota", "transactions"),
                    0);
    CU_ASSERT_STRING_EQUAL(last_reply, "2");
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota", "transactions",
                          "10"), 0);
    /* Nodes one transaction may touch. */
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota",
                          "transaction-nodes", "5"), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_START, 0, 1, ""), 0);
    {
        uint32_t t = (uint32_t)strtoul(last_reply, NULL, 10);

        rc = 0;
        for (i = 0; i < 10 && !rc; i++) {
            snprintf(name, sizeof(name), "tn/%d", i);
            rc = wr(dom5, t, name, "v");
        }
        CU_ASSERT_EQUAL(rc, ENOSPC);
        CU_ASSERT(i < 10);
        CU_ASSERT_EQUAL(callv(dom5, XS_TRANSACTION_END, t, 1, "F"), 0);
    }
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 3, "quota",
                          "transaction-nodes", "1024"), 0);
    /* What each connection holds. */
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 1, "connections"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(last_reply, "dom5 queued 0 bytes 0 messages"
                                  " dropped 0 watches 0 transactions 0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(last_reply, "dom0 privileged queued"));
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 2, "print", "hello"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_CONTROL, 0, 1, "nonsense"), EINVAL);
}

static void test_directory_part(void)
{
    const char *f[8];

    CU_ASSERT_EQUAL(wr(dom0, 0, "/dp/aa", ""), 0);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/dp/bb", ""), 0);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/dp/cc", ""), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_DIRECTORY_PART, 0, 2, "/dp", "0"), 0);
    CU_ASSERT_EQUAL(xs_msg_split(last_reply, (uint32_t)last_len, f, 8), 5);
    CU_ASSERT(strtoull(f[0], NULL, 10) > 0);
    CU_ASSERT_STRING_EQUAL(f[1], "aa");
    CU_ASSERT_STRING_EQUAL(f[3], "cc");
    CU_ASSERT_STRING_EQUAL(f[4], "");                   /* end marker */
    CU_ASSERT_EQUAL(callv(dom0, XS_DIRECTORY_PART, 0, 2, "/dp", "6"), 0);
    CU_ASSERT_EQUAL(xs_msg_split(last_reply, (uint32_t)last_len, f, 8), 3);
    CU_ASSERT_STRING_EQUAL(f[1], "cc");
    CU_ASSERT_EQUAL(callv(dom0, XS_DIRECTORY_PART, 0, 2, "/dp", "99"), EINVAL);
}

/* A fake hypervisor for domain connections: rings are plain memory. */
static struct xenstore_domain_interface rings[4];
static unsigned int notified;

static void *fb_map(struct xsd_backend *b, uint16_t domid, uint64_t mfn)
{
    (void)b; (void)domid;
    return mfn < 4 ? &rings[mfn] : NULL;
}
static void fb_unmap(struct xsd_backend *b, uint16_t domid, void *ring)
{
    (void)b; (void)domid; (void)ring;
}
static int fb_bind(struct xsd_backend *b, uint16_t domid, uint32_t port)
{
    (void)b;
    return (int)(domid * 100 + port);
}
static void fb_unbind(struct xsd_backend *b, uint32_t port)
{
    (void)b; (void)port;
}
static void fb_notify(struct xsd_backend *b, uint32_t port)
{
    (void)b; (void)port;
    notified++;
}
static struct xsd_backend fake_backend = {
    .map_ring = fb_map, .unmap_ring = fb_unmap, .bind = fb_bind,
    .unbind = fb_unbind, .notify = fb_notify,
};

/* Puts a request on dom's ring, signals, returns the reply payload. */
static uint32_t ring_call(struct xenstore_domain_interface *r, uint32_t port,
                          uint32_t type, const char *payload, uint32_t len,
                          char *out)
{
    char msg[XS_MSG_MAX];
    struct xs_frag f = { payload, len };
    struct xsd_sockmsg h;
    size_t n = xs_msg_build(msg, sizeof(msg), type, 42, 0, &f, 1);

    CU_ASSERT_EQUAL(xs_ring_put_req(r, msg, n), n);
    domain_event(port);
    do {                        /* skip watch events */
        CU_ASSERT_EQUAL_FATAL(xs_ring_get_rsp(r, &h, sizeof(h)), sizeof(h));
        CU_ASSERT_EQUAL(xs_ring_get_rsp(r, out, h.len), h.len);
        out[h.len] = '\0';
    } while (h.type == XS_WATCH_EVENT);
    CU_ASSERT_EQUAL(h.req_id, 42);
    return h.type;
}

static void test_domains(void)
{
    struct xenstore_domain_interface *r = &rings[1];
    char out[XS_MSG_MAX];

    domain_fini();
    domain_init(&fake_backend);
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "@introduceDomain", "in"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "@releaseDomain", "out"), 0);
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_IS_DOMAIN_INTRODUCED, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(last_reply, "F");
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "7", "1", "3"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "@introduceDomain in\n");
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_IS_DOMAIN_INTRODUCED, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(last_reply, "T");
    CU_ASSERT_EQUAL(r->connection, XENSTORE_CONNECTED);
    CU_ASSERT(r->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION);
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "8", "9", "3"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 2, "8", "1"), EINVAL);

    /* The guest talks over its ring; home set up by the toolstack. */
    CU_ASSERT_EQUAL(callv(dom0, XS_MKDIR, 0, 1, "/local/domain/7"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "/local/domain/7", "n7"),
                    0);
    notified = 0;
    CU_ASSERT_EQUAL(ring_call(r, 703, XS_WRITE, "device/vbd\0up", 13, out),
                    XS_WRITE);
    CU_ASSERT_STRING_EQUAL(out, "OK");
    CU_ASSERT(notified > 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/local/domain/7/device/vbd"), "up");
    CU_ASSERT_EQUAL(ring_call(r, 703, XS_READ, "/tool", 6, out), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(out, "EACCES");
    /* The guest may be unprivileged, but SET_TARGET lends it rights. */
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "9", "2", "4"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_TARGET, 0, 2, "9", "7"), 0);
    CU_ASSERT_EQUAL(ring_call(&rings[2], 904, XS_READ,
                              "/local/domain/7/device/vbd", 27, out), XS_READ);
    CU_ASSERT_STRING_EQUAL(out, "up");
    /* A request split over two notifications. */
    {
        char msg[64];
        struct xs_frag f = { "device/vbd", 11 };
        size_t n = xs_msg_build(msg, sizeof(msg), XS_READ, 5, 0, &f, 1);
        struct xsd_sockmsg h;

        xs_ring_put_req(r, msg, 10);
        domain_event(703);
        CU_ASSERT_EQUAL(xs_ring_get_rsp(r, &h, sizeof(h)), 0);
        xs_ring_put_req(r, msg + 10, n - 10);
        domain_event(703);
        CU_ASSERT_EQUAL(xs_ring_get_rsp(r, &h, sizeof(h)), sizeof(h));
        CU_ASSERT_EQUAL(xs_ring_get_rsp(r, out, h.len), 2);
    }
    /* An oversized header stalls the ring with an error for the guest... */
    {
        struct xsd_sockmsg h = { .type = XS_READ, .len = 99999 };

        xs_ring_put_req(r, &h, sizeof(h));
        domain_event(703);
        CU_ASSERT_EQUAL(r->error, XENSTORE_ERROR_COMM);
    }
    /* ...until it asks to reconnect, which resets the ring. */
    r->connection = XENSTORE_RECONNECT;
    domain_event(703);
    CU_ASSERT_EQUAL(r->connection, XENSTORE_CONNECTED);
    CU_ASSERT_EQUAL(r->error, XENSTORE_ERROR_NONE);
    CU_ASSERT_EQUAL(r->req_prod, 0);
    CU_ASSERT_EQUAL(ring_call(r, 703, XS_READ, "device/vbd", 11, out),
                    XS_READ);
    CU_ASSERT_STRING_EQUAL(out, "up");

    CU_ASSERT_EQUAL(callv(dom0, XS_RESUME, 0, 1, "7"), 0);
    clear_events(dom0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "@releaseDomain out\n");
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "7"), ENOENT);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "0"), EINVAL);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "9"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_IS_DOMAIN_INTRODUCED, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(last_reply, "F");
    CU_ASSERT_EQUAL(callv(dom0, XS_RESET_WATCHES, 0, 1, ""), 0);
    clear_events(dom0);
}

/* Bytes a connection holds in its output queue. */
static size_t queued_bytes(const struct conn *c)
{
    size_t n = 0;

    for (const struct outbuf *o = c->out_head; o; o = o->next)
        n += o->len - o->off;
    return n;
}

/* Counts whole replies of type in f's output and empties it. */
static unsigned int take_replies(struct fake *f, uint32_t type)
{
    unsigned int n = 0;
    size_t off = 0;

    while (off + sizeof(struct xsd_sockmsg) <= f->out_len) {
        struct xsd_sockmsg h;

        memcpy(&h, f->out + off, sizeof(h));
        n += h.type == type;
        off += sizeof(h) + h.len;
    }
    f->out_len = 0;
    return n;
}

/*
 * Regression (issue 14): a connection's output queue had no limit. A peer
 * that kept sending requests and never read the replies (a guest that does
 * not drain its ring, a socket client that does not read) made the daemon
 * queue every reply and every watch event, growing without bound. Now
 * requests are not read while the queue is full and watch events beyond
 * the byte limit are dropped and counted.
 */
static void test_output_queue_capped(void)
{
    enum { NR = 1000 };
    static char reqs[NR * 32], val[2001], token[1001];
    struct conn *c = mkconn(0, 1);
    struct fake *f = c->priv;
    struct xs_frag fr = { "/cap/v", 7 };
    unsigned int replies = 0, i;
    size_t len = 0;

    memset(val, 'v', sizeof(val) - 1);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/cap/v", val), 0);
    for (i = 0; i < NR; i++)
        len += xs_msg_build(reqs + len, sizeof(reqs) - len, XS_READ, i, 0,
                            &fr, 1);
    f->in = reqs;
    f->in_len = len;
    f->stuck = 1;
    conn_process(c);
    /* Not 1000 replies of 2 KiB: reading stopped at the limit... */
    CU_ASSERT(queued_bytes(c) <= 64 * 1024);
    CU_ASSERT(f->in_off < f->in_len);
    /* ...while other connections are served as usual. */
    CU_ASSERT_EQUAL(strlen(rd(dom0, 0, "/cap/v")), 2000);
    /* Once the peer reads again, every request is answered. */
    f->stuck = 0;
    for (i = 0; i < 10 * NR && replies < NR; i++) {
        conn_process(c);
        replies += take_replies(f, XS_READ);
    }
    CU_ASSERT_EQUAL(replies, NR);
    CU_ASSERT_EQUAL(f->in_off, f->in_len);

    /* Watch events for a peer that does not read are capped too. */
    memset(token, 't', sizeof(token) - 1);
    CU_ASSERT_EQUAL(callv(c, XS_WATCH, 0, 2, "/cap/ev", token), 0);
    take_replies(f, XS_WATCH_EVENT);
    f->stuck = 1;
    for (i = 0; i < NR; i++)
        CU_ASSERT_EQUAL_FATAL(wr(dom0, 0, "/cap/ev/x", "1"), 0);
    CU_ASSERT(queued_bytes(c) <= 300 * 1024);
    CU_ASSERT(c->events_dropped > 0);
    conn_free(c);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/cap"), 0);
}

/*
 * Regression (issue 14), the ring side: a guest that kept writing requests
 * and never consumed its responses made the daemon queue them all.
 */
static void test_unread_ring_capped(void)
{
    enum { NR = 2000, VLEN = 1000 };
    static char reqs[NR * 32], val[VLEN + 1], rsp[4096];
    struct xenstore_domain_interface *r = &rings[0];
    struct xs_frag fr = { "/cap", 5 };
    size_t len = 0, sent = 0, got = 0, n;
    struct conn *c;
    int i;

    memset(r, 0, sizeof(*r));
    memset(val, 'v', VLEN);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/cap", val), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 3, "/cap", "n0", "r4"), 0);
    for (i = 0; i < NR; i++)
        len += xs_msg_build(reqs + len, sizeof(reqs) - len, XS_READ, i, 0,
                            &fr, 1);
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "4", "0", "1"), 0);
    for (c = xsd_conns; c && c->domid != 4; c = c->next_conn)
        ;
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (i = 0; i < 200; i++) {
        sent += xs_ring_put_req(r, reqs + sent, len - sent);
        domain_event(401);
    }
    CU_ASSERT(queued_bytes(c) <= 64 * 1024);
    CU_ASSERT(sent < len);
    /* The guest reads again: every request gets its reply. */
    for (i = 0; i < 100000 && got < NR * (VLEN + 16); i++) {
        sent += xs_ring_put_req(r, reqs + sent, len - sent);
        while ((n = xs_ring_get_rsp(r, rsp, sizeof(rsp))))
            got += n;
        domain_event(401);
    }
    CU_ASSERT_EQUAL(got, NR * (VLEN + 16));
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "4"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/cap"), 0);
}

/*
 * A peer whose notification never arrives (lost, or never sent because it
 * thought we were not waiting): the 1 s rescue sweep serves the request
 * and the queued replies, and finds nothing on the next pass.
 */
static void test_rescue_sweep(void)
{
    struct xenstore_domain_interface *r = &rings[3];
    char msg[64], out[64];
    struct xs_frag f = { "/local", 7 };
    struct xsd_sockmsg h;
    size_t n = xs_msg_build(msg, sizeof(msg), XS_DIRECTORY, 9, 0, &f, 1);

    memset(r, 0, sizeof(*r));
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "6", "3", "2"), 0);
    CU_ASSERT_EQUAL(domain_rescue(), 0);
    CU_ASSERT_EQUAL(xs_ring_put_req(r, msg, n), n);
    /* No domain_event(602): the event was lost. */
    CU_ASSERT_EQUAL(domain_rescue(), 1);
    CU_ASSERT_EQUAL_FATAL(xs_ring_get_rsp(r, &h, sizeof(h)), sizeof(h));
    CU_ASSERT_EQUAL(h.req_id, 9);
    CU_ASSERT(h.len < sizeof(out));
    CU_ASSERT_EQUAL(xs_ring_get_rsp(r, out, h.len), h.len);
    CU_ASSERT_EQUAL(domain_rescue(), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "6"), 0);
}

/*
 * Regression (issue 14): @introduceDomain and @releaseDomain events went
 * to every connection watching them, so any guest learnt when other
 * domains came and went. As in Xen since XSA-115 they reach privileged
 * connections and those given read access to the special node.
 */
static void test_special_watch_perms(void)
{
    memset(&rings[1], 0, sizeof(rings[1]));
    CU_ASSERT_EQUAL(callv(dom0, XS_WATCH, 0, 2, "@releaseDomain", "out"), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_WATCH, 0, 2, "@releaseDomain", "spy"), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_WATCH, 0, 2, "@introduceDomain", "spy2"),
                    0);
    clear_events(dom0);
    clear_events(dom5);
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "7", "1", "3"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom0), "@releaseDomain out\n");
    CU_ASSERT_STRING_EQUAL(events(dom5), "");
    clear_events(dom0);
    /* A toolstack may grant it, e.g. to a driver domain. */
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 3, "@releaseDomain", "n0",
                          "r5"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_GET_PERMS, 0, 1, "@releaseDomain"), 0);
    CU_ASSERT_EQUAL(last_len, 6);
    CU_ASSERT_EQUAL(memcmp(last_reply, "n0\0r5\0", 6), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_SET_PERMS, 0, 2, "@releaseDomain", "b5"),
                    EACCES);
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "7", "1", "3"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "7"), 0);
    CU_ASSERT_STRING_EQUAL(events(dom5), "@releaseDomain spy\n");
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "@releaseDomain", "n0"),
                    0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RESET_WATCHES, 0, 1, ""), 0);
    CU_ASSERT_EQUAL(callv(dom5, XS_RESET_WATCHES, 0, 1, ""), 0);
    clear_events(dom0);
    clear_events(dom5);
}

/*
 * Regression (issue 14): a released domain's nodes, its entries in other
 * nodes' permissions and its node quota survived, and the next domain
 * given the same id inherited them. As in Xen 4.17 (XSA-322, XSA-419) the
 * release removes the nodes it owned and its permission entries.
 */
static void test_released_domain_not_inherited(void)
{
    struct xenstore_domain_interface *r = &rings[3];
    char out[XS_MSG_MAX];

    memset(r, 0, sizeof(*r));
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "5", "3", "2"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_MKDIR, 0, 1, "/local/domain/5"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "/local/domain/5", "n5"),
                    0);
    CU_ASSERT_EQUAL(ring_call(r, 502, XS_WRITE, "data/x\0secret", 13, out),
                    XS_WRITE);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/shared", "s"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 3, "/shared", "n0", "b5"), 0);
    CU_ASSERT_EQUAL(wr(dom0, 0, "/elsewhere/five", "v"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "/elsewhere/five", "n5"),
                    0);
    CU_ASSERT(xsd_store.nodes_owned[5] >= 3);
    CU_ASSERT_EQUAL(ring_call(r, 502, XS_READ, "/shared", 8, out), XS_READ);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 3, "@releaseDomain", "n0",
                          "r5"), 0);
    /* Domain 9 is domain 5's device model. */
    memset(&rings[2], 0, sizeof(rings[2]));
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "9", "2", "4"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_TARGET, 0, 2, "9", "5"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "5"), 0);

    CU_ASSERT_EQUAL(xsd_store.nodes_owned[5], 0);
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/local/domain/5/data/x"), "ENOENT");
    CU_ASSERT_STRING_EQUAL(rd(dom0, 0, "/elsewhere/five"), "ENOENT");
    CU_ASSERT_EQUAL(callv(dom0, XS_GET_PERMS, 0, 1, "/shared"), 0);
    CU_ASSERT_EQUAL(last_len, 3);
    CU_ASSERT_EQUAL(callv(dom0, XS_GET_PERMS, 0, 1, "@releaseDomain"), 0);
    CU_ASSERT_EQUAL(last_len, 3);

    /* The next domain 5 starts from nothing. */
    memset(r, 0, sizeof(*r));
    CU_ASSERT_EQUAL(callv(dom0, XS_INTRODUCE, 0, 3, "5", "3", "2"), 0);
    CU_ASSERT_EQUAL(ring_call(r, 502, XS_READ, "/shared", 8, out), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(out, "EACCES");
    CU_ASSERT_EQUAL(ring_call(r, 502, XS_WRITE, "/shared\0x", 9, out),
                    XS_ERROR);
    CU_ASSERT_STRING_EQUAL(out, "EACCES");
    CU_ASSERT_EQUAL(ring_call(r, 502, XS_READ, "/elsewhere/five", 16, out),
                    XS_ERROR);
    /* Nor does the old device model keep rights over it. */
    CU_ASSERT_EQUAL(wr(dom0, 0, "/local/domain/5/mine", "m"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_SET_PERMS, 0, 2, "/local/domain/5/mine",
                          "n5"), 0);
    CU_ASSERT_EQUAL(ring_call(&rings[2], 904, XS_READ,
                              "/local/domain/5/mine", 21, out), XS_ERROR);
    CU_ASSERT_STRING_EQUAL(out, "EACCES");
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "9"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RELEASE, 0, 1, "5"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/shared"), 0);
    CU_ASSERT_EQUAL(callv(dom0, XS_RM, 0, 1, "/elsewhere"), 0);
}

static CU_TestInfo cases[] = {
    { "paths", test_paths },
    { "framing_and_rings", test_framing },
    { "nodes", test_nodes },
    { "permissions", test_perms },
    { "transactions", test_transactions },
    { "watches", test_watches },
    { "quotas", test_quotas },
    { "directory_part", test_directory_part },
    { "domains", test_domains },
    { "output_queue_capped", test_output_queue_capped },
    { "unread_ring_capped", test_unread_ring_capped },
    { "rescue_sweep", test_rescue_sweep },
    { "special_watch_perms", test_special_watch_perms },
    { "released_domain_not_inherited", test_released_domain_not_inherited },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xenstored_core", setup, teardown, cases);
