/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl save and xl restore (Xen's option letters): check the arguments, then
 * hand over to the backend (hb_save.c, hb_restore.c). The stream is
 * documented in docs/migration.md.
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"

int cmd_save(struct xl_ctx *ctx)
{
    unsigned int flags = 0;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "cp", NULL)) != -1) {
        switch (opt) {
        case 'c': flags |= XL_SAVE_CONTINUE; break;
        case 'p': flags |= XL_SAVE_PAUSED; break;
        default: return XL_EXIT_FAILURE;
        }
    }
    if (optind + 2 < ctx->argc)
        return xl_fail(ctx, "a config file replacing the saved one is not "
                       "supported; give it to xl restore instead");
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return XL_EXIT_FAILURE;
    if (!XL_HAVE_OP(save))
        return xl_backend_fail(ctx, 0);
    rc = xl_backend->save(domid, ctx->argv[optind + 1], flags);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    fprintf(xl_out, "Saved domain %u to %s%s\n", domid, ctx->argv[optind + 1],
            flags & XL_SAVE_PAUSED ? " (left paused)" :
            flags & XL_SAVE_CONTINUE ? " (left running)" : "");
    return XL_EXIT_OK;
}

int cmd_restore(struct xl_ctx *ctx)
{
    struct xl_domain_config c, *override = NULL;
    unsigned int flags = 0;
    const char *file;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "pedV", NULL)) != -1) {
        switch (opt) {
        case 'p': flags |= XL_CREATE_PAUSED; break;
        case 'e': flags |= XL_CREATE_NO_MONITOR; break;
        case 'd': xl_verbose++; break;
        case 'V':
            return xl_fail(ctx, "-V: no VNC viewer (PV guests only)");
        default: return XL_EXIT_FAILURE;
        }
    }
    file = ctx->argv[ctx->argc - 1];
    if (optind + 2 == ctx->argc) {
        struct xl_msgs m;

        xl_msgs_init(&m);
        rc = xl_config_load(ctx->argv[optind], NULL, 0, &c, &m);
        xl_msgs_print(&m, xl_err);
        xl_msgs_free(&m);
        if (rc < 0) {
            xl_config_free(&c);
            return XL_EXIT_FAILURE;
        }
        override = &c;
    }
    if (!XL_HAVE_OP(restore))
        rc = xl_backend_fail(ctx, 0);
    else if ((rc = xl_backend->restore(file, override, flags, &domid)) < 0)
        rc = xl_backend_fail(ctx, rc);
    else
        rc = fprintf(xl_out, "Restored %s as domain %u%s\n", file, domid,
                     flags & XL_CREATE_PAUSED ? " (paused)" : "") < 0;
    if (override)
        xl_config_free(&c);
    return rc;
}
