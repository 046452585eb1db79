/* SPDX-License-Identifier: GPL-2.0-only */
/* vCPU verbs: vcpu-list, vcpu-set, vcpu-pin. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

int cmd_vcpu_list(struct xl_ctx *ctx)
{
    uint32_t *ids;
    int nr_ids, rc = 0;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    nr_ids = ctx->argc - optind;
    ids = calloc(nr_ids ? nr_ids : 1, sizeof(*ids));
    if (!ids)
        return xl_fail(ctx, "out of memory");
    for (int i = 0; i < nr_ids; i++)
        if (xl_parse_domain(ctx, ctx->argv[optind + i], &ids[i]) < 0) {
            free(ids);
            return 1;
        }
    if (!XL_HAVE_OP(vcpu_list) || (!nr_ids && !XL_HAVE_OP(list_domains))) {
        free(ids);
        return xl_backend_fail(ctx, -ENOSYS);
    }
    if (!nr_ids) {
        struct xl_domain_info *doms = NULL;
        unsigned int nr = 0;

        rc = xl_backend->list_domains(&doms, &nr);
        if (rc < 0) {
            free(ids);
            return xl_backend_fail(ctx, rc);
        }
        free(ids);
        ids = calloc(nr ? nr : 1, sizeof(*ids));
        for (unsigned int i = 0; ids && i < nr; i++)
            ids[i] = doms[i].domid;
        nr_ids = ids ? (int)nr : 0;
        free(doms);
    }
    fprintf(xl_out, "%-8s %4s %4s %5s %9s  %s\n", "ID", "VCPU", "CPU",
            "State", "Time(s)", "Affinity (Hard)");
    for (int i = 0; i < nr_ids && rc >= 0; i++) {
        struct xl_vcpu_info *v = NULL;
        unsigned int nr = 0;

        rc = xl_backend->vcpu_list(ids[i], &v, &nr);
        for (unsigned int j = 0; rc >= 0 && j < nr; j++) {
            char *aff = xl_cpumap_format(&v[j].hard_affinity);
            char cpu[12];

            snprintf(cpu, sizeof(cpu), "%d", v[j].cpu);
            fprintf(xl_out, "%-8u %4u %4s %5s %9.1f  %s\n", v[j].domid,
                    v[j].vcpu, v[j].cpu < 0 ? "-" : cpu,
                    !v[j].online ? "-p-" : v[j].running ? "r--" : "-b-",
                    v[j].cpu_time_ns / 1e9, aff ? aff : "?");
            free(aff);
        }
        free(v);
    }
    free(ids);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

/*
 * The domain's own limit (maxvcpus= at create time), when the backend can
 * tell; 0 if it cannot (the backend then checks it itself).
 */
static unsigned int domain_max_vcpus(uint32_t domid)
{
    struct xl_domain_info *doms = NULL;
    unsigned int nr = 0, max = 0;

    if (!XL_HAVE_OP(list_domains) || xl_backend->list_domains(&doms, &nr) < 0)
        return 0;
    for (unsigned int i = 0; i < nr; i++)
        if (doms[i].domid == domid)
            max = doms[i].max_vcpus;
    free(doms);
    return max;
}

int cmd_vcpu_set(struct xl_ctx *ctx)
{
    const char *arg;
    unsigned long count;
    unsigned int max;
    uint32_t domid;
    int rc;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    arg = ctx->argv[optind + 1];
    if (xl_parse_uint(ctx, "vCPU count", arg, 1, XL_MAX_VCPUS, &count) < 0)
        return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(vcpu_set_online))
        return xl_backend_fail(ctx, -ENOSYS);
    max = domain_max_vcpus(domid);
    if (max && count > max)
        return xl_fail(ctx, "vCPU count must be between 1 and %u (domain "
                       "%u's maxvcpus), got '%s'", max, domid, arg);
    rc = xl_backend->vcpu_set_online(domid, (unsigned int)count);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_vcpu_pin(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "force", no_argument, NULL, 'f' },
        { 0, 0, 0, 0 },
    };
    struct xl_cpumap map;
    unsigned long vcpu = 0;
    const char *v, *cpus;
    uint32_t domid;
    char err[256];
    int opt, rc;

    while ((opt = xl_getopt(ctx, "f", longopts)) != -1)
        if (opt != 'f')
            return 1;
    v = ctx->argv[optind + 1];
    cpus = ctx->argv[optind + 2];
    if (strcmp(v, "all") &&
        xl_parse_uint(ctx, "vCPU", v, 0, XL_MAX_VCPUS - 1, &vcpu) < 0)
        return 1;
    if (xl_cpumap_parse(cpus, &map, err, sizeof(err)) < 0)
        return xl_fail(ctx, "cpus: %s", err);
    if (ctx->argc - optind == 4 && strcmp(ctx->argv[optind + 3], "-"))
        return xl_fail(ctx, "soft affinity is not supported; pass '-' or "
                       "leave it out, got '%s'", ctx->argv[optind + 3]);
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(vcpu_pin))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->vcpu_pin(domid, strcmp(v, "all") ? (int)vcpu : -1, &map);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
