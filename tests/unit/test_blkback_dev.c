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
#include "fake_store.h"
#include "qdisk.h"

int qd_verbose;
void qd_log(const char *fmt, ...)
{
    (void)fmt;
}

static unsigned nkicks;

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

/* A device as xl writes it, then qdisk's first scan: InitWait. */
static void attach(void)
{
    int fd;

    snprintf(img, sizeof(img), "/tmp/qdisk-dev-test-XXXXXX");
    fd = mkstemp(img);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(ftruncate(fd, 1 << 20) == 0);
    close(fd);
    fs_reset();
    memset(&q, 0, sizeof(q));
    snprintf(q.root, sizeof(q.root), ROOT);
    q.max_queues = 1;
    nkicks = 0;
    fs_put(BE "/frontend", FE);
    fs_put(BE "/frontend-id", "5");
    fs_put(BE "/params", img);
    fs_put(BE "/mode", "w");
    fs_put(BE "/online", "1");
    fs_put(BE "/state", "1");
    fs_put(FE "/backend", BE);
    fs_put(FE "/state", "1");
    qd_scan(&q);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q.devs);
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/state"), "2");
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/feature-persistent"), "1");
}

static void detach(void)
{
    qd_scan(&q);
    CU_ASSERT_PTR_NULL(q.devs);
    qd_shutdown_devices(&q);
    unlink(img);
    fs_reset();
}

/* The normal path writes where it should: InitWait, then Connected. */
static void test_connect_writes(void)
{
    attach();
    fs_put(FE "/ring-ref", "8");
    fs_put(FE "/event-channel", "3");
    fs_put(FE "/state", "3");
    qd_scan(&q);
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/state"), "4");
    CU_ASSERT_STRING_EQUAL(fs_get(BE "/sectors"), "2048");
    CU_ASSERT_EQUAL(fs_nmapped, 1);
    CU_ASSERT_EQUAL(nkicks, 1);
    fs_rm(BE);
    fs_rm(FE);
    detach();
    CU_ASSERT_EQUAL(fs_nmapped, 0);
    CU_ASSERT_EQUAL(fs_nbound, 0);
}

/* Removed, then failed before the next scan: no state comes back. */
static void test_fail_after_rm(void)
{
    attach();
    fs_rm(BE);
    qd_dev_fail(&q, q.devs, "test");
    CU_ASSERT_PTR_NULL(fs_find(BE "/state"));
    CU_ASSERT_PTR_NULL(fs_find(BE));
    detach();
}

/* Connected, removed, resized before the next scan: nothing written. */
static void test_resize_after_rm(void)
{
    int fd;

    attach();
    fs_put(FE "/ring-ref", "8");
    fs_put(FE "/event-channel", "3");
    fs_put(FE "/state", "4");
    qd_scan(&q);
    CU_ASSERT_STRING_EQUAL_FATAL(fs_get(BE "/state"), "4");
    fd = open(img, O_WRONLY);
    CU_ASSERT_FATAL(fd >= 0 && ftruncate(fd, 2 << 20) == 0);
    close(fd);
    fs_rm(BE);
    qd_check_sizes(&q, 1);
    CU_ASSERT_PTR_NULL(fs_find(BE));
    fs_rm(FE);
    detach();
}

/*
 * The frontend closes and the toolstack removes the backend directory
 * while qdisk writes Closing: the commit fails, the retry finds it gone.
 */
static void test_rm_during_write(void)
{
    attach();
    fs_put(FE "/state", "5");
    fs_rm_at_commit = BE;
    qd_scan(&q);
    CU_ASSERT_EQUAL(fs_commits_failed, 1);
    CU_ASSERT_PTR_NULL(fs_find(BE "/state"));
    CU_ASSERT_PTR_NULL(fs_find(BE));
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
