/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl migrate's control lines and pre-copy stop rule (migrate_proto.h,
 * docs/migration.md "Live migration").
 */
#include <string.h>

#include "migrate_proto.h"

enum mig_reply mig_parse_reply(const char *line, const char **text)
{
    size_t elen = strlen(MIG_LINE_ERROR);

    *text = NULL;
    if (!strcmp(line, MIG_LINE_READY))
        return MIG_REPLY_READY;
    if (!strcmp(line, MIG_LINE_RESTORED))
        return MIG_REPLY_RESTORED;
    if (!strcmp(line, MIG_LINE_DONE))
        return MIG_REPLY_DONE;
    if (!strncmp(line, MIG_LINE_ERROR, elen)) {
        *text = line + elen;
        return MIG_REPLY_ERROR;
    }
    return MIG_REPLY_BAD;
}

size_t mig_take_line(const char *buf, size_t len, char *out)
{
    const char *nl = memchr(buf, '\n', len);
    size_t n;

    if (!nl)
        return 0;
    n = (size_t)(nl - buf);
    if (n > MIG_LINE_MAX - 1)
        n = MIG_LINE_MAX - 1;
    memcpy(out, buf, n);
    out[n] = '\0';
    return (size_t)(nl - buf) + 1;
}

bool mig_should_stop(const struct mig_policy *p, unsigned int round,
                     uint64_t dirty, uint64_t prev_dirty,
                     uint64_t pages_per_sec)
{
    if (dirty <= p->min_dirty || round > p->max_iters)
        return true;
    if (pages_per_sec &&
        dirty * 1000 <= (uint64_t)p->downtime_ms * pages_per_sec)
        return true;
    /* Not converging: more rounds only burn time and bandwidth. */
    return round > 1 && dirty >= prev_dirty;
}
