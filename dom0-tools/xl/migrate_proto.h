/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl migrate's control protocol and pre-copy round policy, pure logic
 * (tested on the host by tests/unit/test_migrate_proto.c). The protocol is
 * documented in docs/migration.md, "Live migration".
 */
#ifndef XL_MIGRATE_PROTO_H
#define XL_MIGRATE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines the receiver writes on its stdout, and the sender's one reply. */
#define MIG_LINE_READY    "xl-migrate-receive ready 1"
#define MIG_LINE_RESTORED "restored"
#define MIG_LINE_DONE     "done"
#define MIG_LINE_ERROR    "error: "     /* followed by the message */
#define MIG_LINE_GO       "go"          /* sender -> receiver, after END */
#define MIG_LINE_MAX      512u

enum mig_reply {
    MIG_REPLY_READY,
    MIG_REPLY_RESTORED,
    MIG_REPLY_DONE,
    MIG_REPLY_ERROR,            /* *text: the receiver's message */
    MIG_REPLY_BAD,              /* not a protocol line */
};

/*
 * Classify one line (without its newline). For MIG_REPLY_ERROR, *text
 * points into line at the message (never NULL); otherwise *text = NULL.
 * A READY line with another protocol version is MIG_REPLY_BAD.
 */
enum mig_reply mig_parse_reply(const char *line, const char **text);

/*
 * Split a byte buffer into lines: the first complete line ("\n"-ended) of
 * buf[0..len) is copied NUL-terminated into out (at most MIG_LINE_MAX - 1
 * bytes; longer lines are cut), and the bytes it used (newline included)
 * are returned; 0 if buf holds no complete line yet.
 */
size_t mig_take_line(const char *buf, size_t len, char *out);

struct mig_policy {
    unsigned int max_iters;     /* pre-copy rounds after the first (-i) */
    unsigned int downtime_ms;   /* stop when the rest fits (--downtime) */
    uint64_t min_dirty;         /* stop at or below this many dirty pages */
};

/*
 * After pre-copy round `round` (1 = the first full copy) left `dirty`
 * pages dirty, with the link moving `pages_per_sec` (0: not known yet):
 * true to suspend now (stop and copy), false for another round. Stops
 * when the dirty pages would be sent within downtime_ms, when there are
 * at most min_dirty of them, when round > max_iters, or when a round did
 * not shrink the dirty set (prev_dirty: the round before's count, or
 * UINT64_MAX after the first).
 */
bool mig_should_stop(const struct mig_policy *p, unsigned int round,
                     uint64_t dirty, uint64_t prev_dirty,
                     uint64_t pages_per_sec);

#endif /* XL_MIGRATE_PROTO_H */
