/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic's xenstore state machine (drivers/backend/net/device.c) against the
 * in-memory store of fake_store.c, the tap, gntdev and event channels faked.
 *
 * Regression: qnic wrote "state", the features and "hotplug-status" with
 * plain writes, so a write landing after the toolstack removed the backend
 * directory (destroy removes the frontend, then the backend) made the
 * directory again (the store makes missing parents). Every write into the
 * backend directory now checks, in the same transaction, that it exists.
 */
#include <string.h>
#include "harness.h"
#include "fake_store.h"
#include "qnic.h"

int qn_verbose;
void qn_log(const char *fmt, ...)
{
    (void)fmt;
}

uint64_t qn_now_us(void)
{
    return 0;
}

/* ---- the tap and the data path ---- */
static unsigned ntaps, nkicks;
/* Removed while the tap is made: the toolstack racing the handshake. */
static const char *rm_in_tap_create;

int qn_tap_create(struct qn *q, struct qn_vif *v, const char *bridge)
{
    (void)q, (void)bridge;
    if (rm_in_tap_create) {
        fs_rm(rm_in_tap_create);
        rm_in_tap_create = NULL;
    }
    v->q[0].tap = 100;
    ntaps++;
    return 0;
}

int qn_tap_open_queue(struct qn_vif *v, unsigned idx)
{
    (void)v, (void)idx;
    return -1;
}

int qn_tap_offload(struct qn_vif *v)
{
    (void)v;
    return 0;
}

void qn_tap_carrier(struct qn *q, struct qn_vif *v, int on)
{
    (void)q, (void)v, (void)on;
}

void qn_tap_close(struct qn_vif *v)
{
    if (v->q[0].tap >= 0)
        ntaps--;
    v->q[0].tap = -1;
}

void qn_tx_kick(struct qn *q, struct qn_queue *qu)
{
    (void)q, (void)qu;
    nkicks++;
}

void qn_rx_kick(struct qn *q, struct qn_queue *qu)
{
    (void)q, (void)qu;
}

/* ---- the tests ---- */
#define ROOT "/local/domain/0/backend/qnic"
#define BE ROOT "/5/0"
#define FE "/local/domain/5/device/vif/0"

static struct qn q;

/* A vif as xl writes it (state 1 last), without qnic's first scan. */
static void create(void)
{
    fs_reset();
    memset(&q, 0, sizeof(q));
    snprintf(q.root, sizeof(q.root), ROOT);
    ntaps = nkicks = 0;
    fs_put(BE "/frontend", FE);
    fs_put(BE "/frontend-id", "5");
    fs_put(BE "/bridge", "xenbr0");
    fs_put(BE "/mac", "00:16:3e:00:00:05");
    fs_put(FE "/backend", BE);
    fs_put(FE "/state", "1");
    fs_put(BE "/state", "1");
}

/* The first scan: tap, features, hotplug-status and InitWait. */
static void attach(void)
{
    create();
    qn_scan(&q);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q.vifs);
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/state"), "2");
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/feature-sg"), "1");
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/hotplug-status"), "connected");
}

/* The backend directory is gone: the next scan frees everything. */
static void detach(void)
{
    qn_scan(&q);
    CU_ASSERT_PTR_NULL(q.vifs);
    CU_ASSERT_PTR_NULL(fs_find(BE));
    CU_ASSERT_EQUAL(ntaps, 0);
    CU_ASSERT_EQUAL(fs_nmapped, 0);
    CU_ASSERT_EQUAL(fs_nbound, 0);
    qn_shutdown(&q);
    fs_reset();
}

/* The normal path writes where it should: InitWait, then Connected. */
static void test_connect_writes(void)
{
    attach();
    fs_put(FE "/tx-ring-ref", "8");
    fs_put(FE "/rx-ring-ref", "9");
    fs_put(FE "/event-channel", "3");
    fs_put(FE "/request-rx-copy", "1");
    fs_put(FE "/state", "4");
    qn_scan(&q);
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/state"), "4");
    CU_ASSERT_EQUAL(fs_nmapped, 2);
    CU_ASSERT_EQUAL(fs_nbound, 1);
    CU_ASSERT_EQUAL(nkicks, 1);
    fs_rm(FE);
    fs_rm(BE);
    detach();
}

/*
 * Mid-handshake (InitWait, no rings yet) a destroy removes the frontend
 * directory, and the backend directory while qnic writes Closed for the
 * frontend it lost: the commit fails, the retry finds the directory gone.
 */
static void test_rm_mid_handshake(void)
{
    attach();
    fs_rm(FE);
    fs_rm_at_commit = BE;
    qn_scan(&q);
    CU_ASSERT_EQUAL(fs_commits_failed, 1);
    CU_ASSERT_PTR_NULL(fs_find(BE "/state"));
    CU_ASSERT_PTR_NULL(fs_find(BE));
    detach();
}

/* Both directories removed while qnic makes the tap: no feature comes back. */
static void test_rm_during_tap_setup(void)
{
    create();
    rm_in_tap_create = ROOT "/5";
    fs_rm(FE);
    qn_scan(&q);
    CU_ASSERT_PTR_NULL(rm_in_tap_create);
    CU_ASSERT_PTR_NULL(fs_find(BE "/feature-sg"));
    CU_ASSERT_PTR_NULL(fs_find(BE "/hotplug-status"));
    CU_ASSERT_PTR_NULL(fs_find(BE "/state"));
    CU_ASSERT_PTR_NULL(fs_find(BE));
    detach();
}

/* Removed, then failed (a hostile ring) before the next scan: no Closing. */
static void test_fail_after_rm(void)
{
    attach();
    fs_rm(BE);
    qn_vif_fail(&q, q.vifs, "test");
    CU_ASSERT_PTR_NULL(fs_find(BE));
    fs_rm(FE);
    detach();
}

static CU_TestInfo cases[] = {
    { "connect_writes", test_connect_writes },
    { "rm_mid_handshake", test_rm_mid_handshake },
    { "rm_during_tap_setup", test_rm_during_tap_setup },
    { "fail_after_rm", test_fail_after_rm },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("netback_dev", NULL, NULL, cases);
