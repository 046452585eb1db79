/* SPDX-License-Identifier: GPL-2.0-only */
/* xl console: attach the terminal to a domain's PV or serial console. */
#include <errno.h>
#include <string.h>

#include "xl.h"

int cmd_console(struct xl_ctx *ctx)
{
    enum xl_console_type type = XL_CONSOLE_PV;
    unsigned long num = 0;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "t:n:", NULL)) != -1) {
        if (opt == 't') {
            if (!strcmp(optarg, "pv"))
                type = XL_CONSOLE_PV;
            else if (!strcmp(optarg, "serial"))
                type = XL_CONSOLE_SERIAL;
            else
                return xl_fail(ctx, "-t must be pv or serial, got '%s'",
                               optarg);
        } else if (opt == 'n') {
            if (xl_parse_uint(ctx, "console number", optarg, 0, 255,
                              &num) < 0)
                return 1;
        } else {
            return 1;
        }
    }
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(console))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->console(domid, type, (unsigned int)num, false);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
