/* SPDX-License-Identifier: GPL-2.0-only */
/* xl block-attach, block-detach, block-list: a running domain's PV disks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"
#include "xl.h"

/* The disk spec is every argument after the domain, joined by commas. */
static char *join_spec(const struct xl_ctx *ctx, int first)
{
    size_t len = 1;
    char *s;

    for (int i = first; i < ctx->argc; i++)
        len += strlen(ctx->argv[i]) + 1;
    s = calloc(1, len);
    for (int i = first; s && i < ctx->argc; i++) {
        if (i > first)
            strcat(s, ",");
        strcat(s, ctx->argv[i]);
    }
    return s;
}

int cmd_block_attach(struct xl_ctx *ctx)
{
    struct xl_loc loc = { .src = NULL, .line = 2 };
    struct xl_disk disk;
    struct cfg_value *v;
    struct xl_msgs m;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!(v = cfg_value_new(CFG_STRING, &loc)) ||
        !(v->text = join_spec(ctx, optind + 1))) {
        cfg_value_free(v);
        return xl_fail(ctx, "out of memory");
    }
    xl_msgs_init(&m);
    rc = cfg_disk_from_value(v, "disk", &disk, &m);
    xl_msgs_print(&m, xl_err);
    xl_msgs_free(&m);
    cfg_value_free(v);
    if (rc < 0)
        return 1;
    if (!XL_HAVE_OP(disk_attach))
        rc = -ENOSYS;
    else
        rc = xl_backend->disk_attach(domid, &disk);
    xl_disk_free(&disk);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_block_detach(struct xl_ctx *ctx)
{
    bool force = false;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "f", NULL)) != -1) {
        if (opt != 'f')
            return 1;
        force = true;
    }
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(disk_detach))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->disk_detach(domid, ctx->argv[optind + 1], force);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_block_list(struct xl_ctx *ctx)
{
    struct xl_disk_info *l;
    unsigned int n;
    uint32_t domid;
    int opt, rc, status = 0;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (!XL_HAVE_OP(disk_list))
        return xl_backend_fail(ctx, -ENOSYS);
    fprintf(xl_out, "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
            "handle", "state", "evt-ch", "ring-ref", "BE-path");
    for (int i = optind; i < ctx->argc; i++) {
        if (xl_parse_domain(ctx, ctx->argv[i], &domid) < 0) {
            status = 1;
            continue;
        }
        if ((rc = xl_backend->disk_list(domid, &l, &n)) < 0) {
            status = xl_backend_fail(ctx, rc);
            continue;
        }
        for (unsigned int j = 0; j < n; j++)
            fprintf(xl_out, "%-5d %-3u %-6u %-5d %-6d %-8d %-30s\n",
                    l[j].devid, l[j].backend_id, l[j].frontend_id,
                    l[j].state, l[j].evtch, l[j].rref, l[j].backend);
        free(l);
    }
    return status;
}
