/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libhcall's freestanding build (libhcall/freestanding), compiled with
 * -ffreestanding as for a guest kernel. Event channels and grants run
 * against a fake hypervisor that records the hypercalls; the xenstore
 * client talks to the real xenstored core over in-memory rings, with
 * EVTCHNOP_send delivered to the core as its port event.
 */
#include <string.h>
#include "harness.h"
#include "hcall_guest.h"
#include "xenstored.h"

/* server.c is not linked: the core's logging goes nowhere. */
int xsd_verbose;
void xsd_log(const char *fmt, ...)
{
    (void)fmt;
}

/* The fake hypervisor: remembers the last call, answers from fake_rc. */
static unsigned int last_op, last_cmd, waits;
static union {
    struct evtchn_alloc_unbound unbound;
    struct evtchn_bind_interdomain inter;
    struct evtchn_send send;
    struct evtchn_unmask unmask;
} last_arg;
static long fake_rc;

static long fake_hypercall(void *ctx, unsigned int op, unsigned long a1,
                           unsigned long a2, unsigned long a3, unsigned long a4,
                           unsigned long a5)
{
    (void)ctx;
    (void)a3;
    (void)a4;
    (void)a5;
    last_op = op;
    last_cmd = (unsigned int)a1;
    if (op == __HYPERVISOR_event_channel_op && a1 == EVTCHNOP_send) {
        /* Client port N is served by xenstored's local port 10 * N. */
        domain_event(((struct evtchn_send *)a2)->port * 10);
        return 0;
    }
    if (op == __HYPERVISOR_event_channel_op) {
        static const size_t size[] = {
            [EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
            [EVTCHNOP_bind_interdomain] =
                sizeof(struct evtchn_bind_interdomain),
            [EVTCHNOP_unmask] = sizeof(struct evtchn_unmask),
        };

        if (a1 < sizeof(size) / sizeof(size[0]))
            memcpy(&last_arg, (void *)a2, size[a1]);
        if (a1 == EVTCHNOP_alloc_unbound)
            ((struct evtchn_alloc_unbound *)a2)->port = 5;
        if (a1 == EVTCHNOP_bind_interdomain)
            ((struct evtchn_bind_interdomain *)a2)->local_port = 6;
    }
    if (op == __HYPERVISOR_grant_table_op && a1 == GNTTABOP_map_grant_ref) {
        ((struct gnttab_map_grant_ref *)a2)->status = GNTST_okay;
        ((struct gnttab_map_grant_ref *)a2)->handle = 77;
    }
    return fake_rc;
}

/* Everything is synchronous here, so a wait means a lost message. */
static int fake_wait(void *ctx, hcall_port_t port)
{
    (void)ctx;
    (void)port;
    return ++waits > 3 ? -XEN_ETIMEDOUT : 0;
}

static struct shared_info shinfo;
static const struct hcall_guest_env env = {
    .hypercall = fake_hypercall, .wait = fake_wait, .shared_info = &shinfo,
};

static void test_evtchn(void)
{
    struct hcall_evtchn h;

    CU_ASSERT_EQUAL_FATAL(hcall_evtchn_init(&h, &env), 0);
    CU_ASSERT_EQUAL(hcall_evtchn_bind_unbound(&h, 3), 5);
    CU_ASSERT_EQUAL(last_op, __HYPERVISOR_event_channel_op);
    CU_ASSERT_EQUAL(last_arg.unbound.dom, DOMID_SELF);
    CU_ASSERT_EQUAL(last_arg.unbound.remote_dom, 3);
    CU_ASSERT_EQUAL(hcall_evtchn_bind_interdomain(&h, 4, 9), 6);
    CU_ASSERT_EQUAL(last_arg.inter.remote_dom, 4);
    CU_ASSERT_EQUAL(last_arg.inter.remote_port, 9);
    fake_rc = -XEN_ESRCH;
    CU_ASSERT_EQUAL(hcall_evtchn_bind_unbound(&h, 99), -XEN_ESRCH);
    fake_rc = 0;
    /* Port 3 pending but masked, port 70 pending: only 70, once. */
    shinfo.evtchn_pending[0] = 1ul << 3;
    shinfo.evtchn_mask[0] = 1ul << 3;
    shinfo.evtchn_pending[1] = 1ul << 6;
    CU_ASSERT_EQUAL(hcall_evtchn_pending(&h), 70);
    CU_ASSERT_EQUAL(shinfo.evtchn_pending[1], 0);
    CU_ASSERT_EQUAL(shinfo.evtchn_mask[1], 1ul << 6);
    CU_ASSERT_EQUAL(hcall_evtchn_pending(&h), -XEN_EAGAIN);
    CU_ASSERT_EQUAL(hcall_evtchn_unmask(&h, 70), 0);
    CU_ASSERT_EQUAL(last_cmd, EVTCHNOP_unmask);
    CU_ASSERT_EQUAL(last_arg.unmask.port, 70);
}

static void test_gnttab(void)
{
    static grant_entry_v1_t table[12];
    struct hcall_gnttab g;
    grant_handle_t handle = 0;

    CU_ASSERT_EQUAL(hcall_gnttab_init(&g, &env, table, 8), -XEN_EINVAL);
    CU_ASSERT_EQUAL_FATAL(hcall_gnttab_init(&g, &env, table, 12), 0);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 0x1234, 1), 8);
    CU_ASSERT_EQUAL(table[8].flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(table[8].domid, 5);
    CU_ASSERT_EQUAL(table[8].frame, 0x1234);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 0x1235, 0), 9);
    CU_ASSERT_EQUAL(table[9].flags, GTF_permit_access);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 1ull << 32, 0), -XEN_EINVAL);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 1, 0), 10);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 2, 0), 11);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 5, 3, 0), -XEN_ENOSPC);
    /* Mapped by the grantee: not yet; then free, and reused. */
    table[9].flags |= GTF_reading;
    CU_ASSERT_EQUAL(hcall_gnttab_end(&g, 9), -XEN_EBUSY);
    table[9].flags &= (uint16_t)~GTF_reading;
    CU_ASSERT_EQUAL(hcall_gnttab_end(&g, 9), 0);
    CU_ASSERT_EQUAL(table[9].flags, 0);
    CU_ASSERT_EQUAL(hcall_gnttab_end(&g, 9), -XEN_EINVAL);
    CU_ASSERT_EQUAL(hcall_gnttab_end(&g, 1), -XEN_EINVAL);
    CU_ASSERT_EQUAL(hcall_gnttab_end(&g, 12), -XEN_EINVAL);
    CU_ASSERT_EQUAL(hcall_gnttab_grant(&g, 6, 4, 0), 9);
    CU_ASSERT_EQUAL(hcall_gnttab_map(&g, 3, 8, 0x10000, 1, &handle), 0);
    CU_ASSERT_EQUAL(last_op, __HYPERVISOR_grant_table_op);
    CU_ASSERT_EQUAL(handle, 77);
    CU_ASSERT_EQUAL(hcall_gnttab_unmap(&g, 0x10000, handle), 0);
    CU_ASSERT_EQUAL(last_cmd, GNTTABOP_unmap_grant_ref);
}

/* The store side: two guests on in-memory rings (ports 7 -> 70, 8 -> 80). */
static struct xenstore_domain_interface ring7, ring8;
static void fb_notify(struct xsd_backend *b, uint32_t port)
{
    (void)b;
    (void)port;
}
static struct xsd_backend fake_backend = { .notify = fb_notify };
static struct hcall_xs xs7, xs8;

static int store_setup(void)
{
    if (store_init())
        return 1;
    domain_init(&fake_backend);
    /* dom7 privileged (it plays the toolstack), dom8 an ordinary guest. */
    return domain_introduce_ring(7, &ring7, 70, 1) ||
           domain_introduce_ring(8, &ring8, 80, 0) ||
           hcall_xs_init(&xs7, &env, &ring7, 7) ||
           hcall_xs_init(&xs8, &env, &ring8, 8);
}

static int store_teardown(void)
{
    domain_fini();
    store_fini();
    return 0;
}

static void test_xs_nodes(void)
{
    static char big[3000];
    char *v, **names;
    size_t len;
    unsigned int n;

    waits = 0;
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/g/a", "one", 3), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/g/a", &v, &len), 0);
    CU_ASSERT_EQUAL(len, 3);
    CU_ASSERT_STRING_EQUAL(v, "one");
    CU_ASSERT_EQUAL(hcall_xs_mkdir(&xs7, 0, "/g/b"), 0);
    CU_ASSERT_EQUAL(hcall_xs_directory(&xs7, 0, "/g", &names, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(names[0], "a");
    CU_ASSERT_STRING_EQUAL(names[1], "b");
    CU_ASSERT_PTR_NULL(names[2]);
    /* Bigger than either ring: both directions go round several times. */
    memset(big, 'x', sizeof(big));
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/g/big", big, sizeof(big)), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/g/big", &v, &len), 0);
    CU_ASSERT_EQUAL(len, sizeof(big));
    CU_ASSERT(len == sizeof(big) && !memcmp(v, big, len));
    /* Errors come back as -XEN_E*. */
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/g/none", &v, &len), -XEN_ENOENT);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs8, 0, "/g/a", &v, &len), -XEN_EACCES);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/g//a", &v, &len), -XEN_EINVAL);
    CU_ASSERT_EQUAL(hcall_xs_rm(&xs7, 0, "/g/b"), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/g/b", &v, &len), -XEN_ENOENT);
    CU_ASSERT_EQUAL(waits, 0);
}

static void test_xs_transactions(void)
{
    hcall_xs_tx_t t1, t2;
    char *v;

    CU_ASSERT_EQUAL_FATAL(hcall_xs_transaction_start(&xs7, &t1), 0);
    CU_ASSERT(t1 != HCALL_XS_NO_TX);
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, t1, "/t/a", "1", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/t/a", &v, NULL), -XEN_ENOENT);
    CU_ASSERT_EQUAL(hcall_xs_transaction_end(&xs7, t1, 0), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/t/a", &v, NULL), 0);
    CU_ASSERT_STRING_EQUAL(v, "1");
    /* Aborted: nothing lands. Conflicting: EAGAIN. */
    CU_ASSERT_EQUAL_FATAL(hcall_xs_transaction_start(&xs7, &t1), 0);
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, t1, "/t/b", "2", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_transaction_end(&xs7, t1, 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, 0, "/t/b", &v, NULL), -XEN_ENOENT);
    CU_ASSERT_EQUAL_FATAL(hcall_xs_transaction_start(&xs7, &t2), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(&xs7, t2, "/t/a", &v, NULL), 0);
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/t/a", "3", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, t2, "/t/a", "4", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_transaction_end(&xs7, t2, 0), -XEN_EAGAIN);
}

static void test_xs_watches(void)
{
    char *path, *token;

    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), -XEN_EAGAIN);
    CU_ASSERT_EQUAL(hcall_xs_watch(&xs7, "/w", "tok"), 0);
    CU_ASSERT_EQUAL(hcall_xs_watch(&xs7, "@introduceDomain", "dom"), 0);
    /* Registration events, queued while the replies were awaited. */
    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), 0);
    CU_ASSERT_STRING_EQUAL(path, "/w");
    CU_ASSERT_STRING_EQUAL(token, "tok");
    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), 0);
    CU_ASSERT_STRING_EQUAL(path, "@introduceDomain");
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/w/x", "y", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 0), 0);
    CU_ASSERT_STRING_EQUAL(path, "/w/x");
    CU_ASSERT_STRING_EQUAL(token, "tok");
    CU_ASSERT_EQUAL(hcall_xs_unwatch(&xs7, "/w", "tok"), 0);
    CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/w/x", "z", 1), 0);
    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), -XEN_EAGAIN);
    /*
     * Over the queue's capacity: counted as lost, not overwritten. Of the
     * 10 events (registration + 9 writes) 8 are queued, 1 is dropped and
     * the last, sent after its write's reply, still waits in the ring.
     */
    CU_ASSERT_EQUAL(hcall_xs_watch(&xs7, "/w", "again"), 0);
    for (int i = 0; i < HCALL_XS_GUEST_EVENTS + 1; i++)
        CU_ASSERT_EQUAL(hcall_xs_write(&xs7, 0, "/w/x", "n", 1), 0);
    CU_ASSERT_EQUAL(xs7.events_lost, 1);
    CU_ASSERT_EQUAL(xs7.ev_count, HCALL_XS_GUEST_EVENTS);
    for (int i = 0; i < HCALL_XS_GUEST_EVENTS + 1; i++)
        CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), 0);
    CU_ASSERT_STRING_EQUAL(token, "again");
    CU_ASSERT_EQUAL(hcall_xs_read_watch(&xs7, &path, &token, 1), -XEN_EAGAIN);
}

static CU_TestInfo cases[] = {
    { "evtchn", test_evtchn },
    { "gnttab", test_gnttab },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("libhcall_guest", NULL, NULL, cases);

static CU_TestInfo xs_cases[] = {
    { "xs_nodes", test_xs_nodes },
    { "xs_transactions", test_xs_transactions },
    { "xs_watches", test_xs_watches },
    CU_TEST_INFO_NULL,
};
static struct unit_suite xs_suite = { "libhcall_guest_xs", store_setup,
                                      store_teardown, xs_cases, 0 };
__attribute__((constructor)) static void xs_suite_ctor(void)
{
    unit_register(&xs_suite);
}
