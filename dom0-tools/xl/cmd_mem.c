/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory verbs: mem-set (balloon target) and mem-max (hard limit). */
#include <errno.h>

#include "xl.h"

static int mem_op(struct xl_ctx *ctx, int (*const *op)(uint32_t, uint64_t))
{
    uint64_t kib;
    uint32_t domid;
    int rc;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    if (xl_parse_memory(ctx, ctx->argv[optind + 1], &kib) < 0)
        return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!*op)
        return xl_backend_fail(ctx, -ENOSYS);
    rc = (*op)(domid, kib);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_mem_set(struct xl_ctx *ctx)
{
    return mem_op(ctx, &xl_backend->set_memory_target);
}

int cmd_mem_max(struct xl_ctx *ctx)
{
    return mem_op(ctx, &xl_backend->set_memory_max);
}
