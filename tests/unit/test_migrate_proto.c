/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl migrate's control protocol and pre-copy stop rule
 * (dom0-tools/xl/migrate_proto.c): reply lines, line splitting, and when
 * the sender stops pre-copying.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "migrate_proto.h"

static void test_replies(void)
{
    const char *t;

    CU_ASSERT_EQUAL(mig_parse_reply("xl-migrate-receive ready 1", &t),
                    MIG_REPLY_READY);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL(mig_parse_reply("xl-migrate-receive ready 2", &t),
                    MIG_REPLY_BAD);
    CU_ASSERT_EQUAL(mig_parse_reply("restored", &t), MIG_REPLY_RESTORED);
    CU_ASSERT_EQUAL(mig_parse_reply("done", &t), MIG_REPLY_DONE);
    CU_ASSERT_EQUAL(mig_parse_reply("done ", &t), MIG_REPLY_BAD);
    CU_ASSERT_EQUAL(mig_parse_reply("error: no memory", &t),
                    MIG_REPLY_ERROR);
    CU_ASSERT_STRING_EQUAL(t, "no memory");
    CU_ASSERT_EQUAL(mig_parse_reply("error: ", &t), MIG_REPLY_ERROR);
    CU_ASSERT_STRING_EQUAL(t, "");
    CU_ASSERT_EQUAL(mig_parse_reply("error", &t), MIG_REPLY_BAD);
    CU_ASSERT_EQUAL(mig_parse_reply("", &t), MIG_REPLY_BAD);
    /* ssh's banner or a shell's complaint is not a reply. */
    CU_ASSERT_EQUAL(mig_parse_reply("sh: xl: not found", &t), MIG_REPLY_BAD);
}

static void test_lines(void)
{
    char out[MIG_LINE_MAX], big[MIG_LINE_MAX + 10];
    const char *buf = "ready\nrest";

    CU_ASSERT_EQUAL(mig_take_line(buf, strlen(buf), out), 6);
    CU_ASSERT_STRING_EQUAL(out, "ready");
    CU_ASSERT_EQUAL(mig_take_line(buf + 6, 4, out), 0);
    CU_ASSERT_EQUAL(mig_take_line("\n", 1, out), 1);
    CU_ASSERT_STRING_EQUAL(out, "");
    /* An over-long line is cut, but all of it is consumed. */
    memset(big, 'x', sizeof(big));
    big[sizeof(big) - 1] = '\n';
    CU_ASSERT_EQUAL(mig_take_line(big, sizeof(big), out), sizeof(big));
    CU_ASSERT_EQUAL(strlen(out), MIG_LINE_MAX - 1);
}

static void test_stop_rule(void)
{
    struct mig_policy p = { .max_iters = 5, .downtime_ms = 300,
                            .min_dirty = 50 };

    /* Few dirty pages: stop at once. */
    CU_ASSERT_TRUE(mig_should_stop(&p, 1, 50, UINT64_MAX, 0));
    CU_ASSERT_FALSE(mig_should_stop(&p, 1, 51, UINT64_MAX, 0));
    /* 3000 pages at 10000 pages/s = 300 ms: fits the downtime. */
    CU_ASSERT_TRUE(mig_should_stop(&p, 1, 3000, UINT64_MAX, 10000));
    CU_ASSERT_FALSE(mig_should_stop(&p, 1, 3001, UINT64_MAX, 10000));
    /* Shrinking: go on; not shrinking: stop. */
    CU_ASSERT_FALSE(mig_should_stop(&p, 2, 5000, 8000, 100));
    CU_ASSERT_TRUE(mig_should_stop(&p, 2, 8000, 8000, 100));
    CU_ASSERT_TRUE(mig_should_stop(&p, 3, 9000, 8000, 100));
    /* The round limit. */
    CU_ASSERT_FALSE(mig_should_stop(&p, 5, 5000, 6000, 100));
    CU_ASSERT_TRUE(mig_should_stop(&p, 6, 5000, 6000, 100));
    p.max_iters = 0;
    CU_ASSERT_TRUE(mig_should_stop(&p, 1, 100000, UINT64_MAX, 0));
}

static CU_TestInfo cases[] = {
    { "reply-lines", test_replies },
    { "take-line", test_lines },
    { "stop-rule", test_stop_rule },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("migrate_proto", NULL, NULL, cases);
