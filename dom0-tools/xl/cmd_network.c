/* SPDX-License-Identifier: GPL-2.0-only */
/* xl network-attach, network-detach, network-list: a domain's PV NICs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"
#include "xl.h"

/*
 * The vif spec as a record: every argument after the domain is one or
 * more key=value items separated by commas (Xen's form is one per
 * argument). Returns NULL (message printed) on a malformed item.
 */
static struct cfg_value *spec_record(const struct xl_ctx *ctx, int first)
{
    struct xl_loc loc = { .src = NULL, .line = 2 };
    struct cfg_value *v = cfg_value_new(CFG_RECORD, &loc);

    for (int i = first; v && i < ctx->argc; i++) {
        char *copy = strdup(ctx->argv[i]), *save = NULL, *tok, *eq;
        int rc = copy ? 0 : -1;

        for (tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && !rc;
             tok = strtok_r(NULL, ",", &save)) {
            if (!(eq = strchr(tok, '='))) {
                xl_fail(ctx, "'%s' is not key=value (e.g. bridge=xenbr0)",
                        tok);
                rc = -1;
                break;
            }
            *eq = '\0';
            rc = cfg_record_add(v, tok, eq + 1);
        }
        free(copy);
        if (rc < 0) {
            cfg_value_free(v);
            v = NULL;
        }
    }
    return v;
}

int cmd_network_attach(struct xl_ctx *ctx)
{
    struct cfg_value *v;
    struct xl_vif vif;
    struct xl_msgs m;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!(v = spec_record(ctx, optind + 1)))
        return 1;
    xl_msgs_init(&m);
    rc = cfg_vif_from_value(v, "vif", &vif, &m);
    xl_msgs_print(&m, xl_err);
    xl_msgs_free(&m);
    cfg_value_free(v);
    if (rc < 0)
        return 1;
    if (!XL_HAVE_OP(vif_attach))
        rc = -ENOSYS;
    else
        rc = xl_backend->vif_attach(domid, &vif);
    xl_vif_free(&vif);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_network_detach(struct xl_ctx *ctx)
{
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(vif_detach))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->vif_detach(domid, ctx->argv[optind + 1]);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

/* Xen's columns; tx-/rx-ring-ref is one column "TX/RX". */
int cmd_network_list(struct xl_ctx *ctx)
{
    struct xl_vif_info *l;
    unsigned int n;
    uint32_t domid;
    int opt, rc, status = 0;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (!XL_HAVE_OP(vif_list))
        return xl_backend_fail(ctx, -ENOSYS);
    fprintf(xl_out, "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx",
            "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
            "rx-ring-ref", "BE-path");
    for (int i = optind; i < ctx->argc; i++) {
        if (xl_parse_domain(ctx, ctx->argv[i], &domid) < 0) {
            status = 1;
            continue;
        }
        if ((rc = xl_backend->vif_list(domid, &l, &n)) < 0) {
            status = xl_backend_fail(ctx, rc);
            continue;
        }
        for (unsigned int j = 0; j < n; j++)
            fprintf(xl_out, "%-3d %-2u %-17s %6d %5d %6d %5d/%-11d %-30s\n",
                    l[j].devid, l[j].backend_id, l[j].mac, l[j].devid,
                    l[j].state, l[j].evtch, l[j].tx_rref, l[j].rx_rref,
                    l[j].backend);
        free(l);
    }
    return status;
}
