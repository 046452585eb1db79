/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl save, restore, migrate and migrate-receive (Xen's option letters):
 * check the arguments, then hand over to the backend (hb_save.c,
 * hb_restore.c, hb_migrate.c). The stream is
 * documented in docs/migration.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
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

/*
 * xl migrate [-s SSHCOMMAND] [-e] [-p] DOMAIN HOST: Xen's options, plus
 * --max-iters, --downtime and --min-dirty for the pre-copy rounds.
 */
int cmd_migrate(struct xl_ctx *ctx)
{
    enum { OPT_ITERS = 256, OPT_DOWNTIME, OPT_MIN_DIRTY, OPT_DEBUG };
    static const struct option longopts[] = {
        { "max-iters", required_argument, NULL, OPT_ITERS },
        { "downtime", required_argument, NULL, OPT_DOWNTIME },
        { "min-dirty", required_argument, NULL, OPT_MIN_DIRTY },
        { "debug", no_argument, NULL, OPT_DEBUG },
        { 0, 0, 0, 0 },
    };
    struct mig_policy p = { .max_iters = 5, .downtime_ms = 300,
                            .min_dirty = 50 };
    const char *ssh = "ssh", *recv_opts = "";
    unsigned long v;
    char *end, *rune;
    uint32_t domid;
    size_t len;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "s:C:epD", longopts)) != -1) {
        switch (opt) {
        case 's': ssh = optarg; break;
        case 'e': break;                /* the receiver runs no monitor */
        case 'p': recv_opts = " -p"; break;
        case 'C':
            return xl_fail(ctx, "-C: a config replacing the domain's is not "
                           "supported yet; the stream carries its config");
        case 'D':
            return xl_fail(ctx, "-D: keeping the domain id is not supported");
        case OPT_DEBUG: break;
        case OPT_ITERS: case OPT_DOWNTIME: case OPT_MIN_DIRTY:
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || v > 1000000)
                return xl_fail(ctx, "'%s' is not a number from 0 to 1000000",
                               optarg);
            if (opt == OPT_ITERS)
                p.max_iters = (unsigned int)v;
            else if (opt == OPT_DOWNTIME)
                p.downtime_ms = (unsigned int)v;
            else
                p.min_dirty = v;
            break;
        default: return XL_EXIT_FAILURE;
        }
    }
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return XL_EXIT_FAILURE;
    if (!XL_HAVE_OP(migrate))
        return xl_backend_fail(ctx, 0);
    /* As Xen's xl: SSHCOMMAND HOST xl migrate-receive, through sh. */
    len = strlen(ssh) + strlen(ctx->argv[optind + 1]) + 40;
    if (!(rune = malloc(len)))
        return xl_fail(ctx, "out of memory");
    snprintf(rune, len, "exec %s %s xl migrate-receive%s", ssh,
             ctx->argv[optind + 1], recv_opts);
    rc = xl_backend->migrate(domid, rune, &p);
    free(rune);
    return rc < 0 ? xl_backend_fail(ctx, rc) : XL_EXIT_OK;
}

/* xl migrate-receive [-p] [-e]: the target end, on stdin/stdout. */
int cmd_migrate_receive(struct xl_ctx *ctx)
{
    unsigned int flags = 0;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "pedr", NULL)) != -1) {
        switch (opt) {
        case 'p': flags |= XL_CREATE_PAUSED; break;
        case 'e': flags |= XL_CREATE_NO_MONITOR; break;
        case 'd': xl_verbose++; break;
        case 'r': break;                /* Xen: remus; accepted, unused */
        default: return XL_EXIT_FAILURE;
        }
    }
    if (!XL_HAVE_OP(migrate_receive))
        return xl_backend_fail(ctx, 0);
    rc = xl_backend->migrate_receive(flags);
    return rc < 0 ? xl_backend_fail(ctx, rc) : XL_EXIT_OK;
}
