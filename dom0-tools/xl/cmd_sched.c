/* SPDX-License-Identifier: GPL-2.0-only */
/* Scheduler verbs: sched-credit (weight and cap per domain). */
#include <errno.h>
#include <stdlib.h>

#include "xl.h"

static int show(const struct xl_ctx *ctx, uint32_t domid, const char *name)
{
    struct xl_sched_credit p;
    int rc = xl_backend->sched_credit_get(domid, &p);

    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    fprintf(xl_out, "%-32s %5u %6u %4u\n", name, domid, p.weight, p.cap);
    return 0;
}

int cmd_sched_credit(struct xl_ctx *ctx)
{
    const char *dom = NULL, *wstr = NULL, *cstr = NULL;
    unsigned long weight = 0, cap = 0;
    struct xl_sched_credit p;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "d:w:c:", NULL)) != -1) {
        switch (opt) {
        case 'd': dom = optarg; break;
        case 'w': wstr = optarg; break;
        case 'c': cstr = optarg; break;
        default: return 1;
        }
    }
    if (wstr && xl_parse_uint(ctx, "weight", wstr, 1, 65535, &weight) < 0)
        return 1;
    if (cstr && xl_parse_uint(ctx, "cap", cstr, 0, 100 * XL_MAX_CPUS,
                              &cap) < 0)
        return 1;
    if ((wstr || cstr) && !dom)
        return xl_fail(ctx, "-w and -c need -d <domain>");
    if (dom && xl_parse_domain(ctx, dom, &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(sched_credit_get) ||
        ((wstr || cstr) && !XL_HAVE_OP(sched_credit_set)) ||
        (!dom && !XL_HAVE_OP(list_domains)))
        return xl_backend_fail(ctx, -ENOSYS);
    if (!dom) {
        struct xl_domain_info *doms = NULL;
        unsigned int nr = 0;

        rc = xl_backend->list_domains(&doms, &nr);
        if (rc < 0)
            return xl_backend_fail(ctx, rc);
        fprintf(xl_out, "%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        for (unsigned int i = 0; i < nr && !rc; i++)
            rc = show(ctx, doms[i].domid, doms[i].name);
        free(doms);
        return rc;
    }
    if (!wstr && !cstr) {
        fprintf(xl_out, "%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        return show(ctx, domid, dom);
    }
    rc = xl_backend->sched_credit_get(domid, &p);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    if (wstr)
        p.weight = (unsigned int)weight;
    if (cstr)
        p.cap = (unsigned int)cap;
    rc = xl_backend->sched_credit_set(domid, &p);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
