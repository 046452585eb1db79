/* SPDX-License-Identifier: GPL-2.0-only */
/* Host-wide verbs: info, dmesg, uptime. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

int cmd_info(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "numa", no_argument, NULL, 'n' },
        { 0, 0, 0, 0 },
    };
    struct xl_host_info hi;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "n", longopts)) != -1)
        if (opt == '?')
            return 1;
    if (!XL_HAVE_OP(host_info))
        return xl_backend_fail(ctx, -ENOSYS);
    memset(&hi, 0, sizeof(hi));
    rc = xl_backend->host_info(&hi);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    fprintf(xl_out, "xen_version            : %s\n", hi.hypervisor_version);
    fprintf(xl_out, "nr_cpus                : %u\n", hi.nr_cpus);
    fprintf(xl_out, "cores_per_socket       : %u\n", hi.cores_per_socket);
    fprintf(xl_out, "threads_per_core       : %u\n", hi.threads_per_core);
    fprintf(xl_out, "cpu_mhz                : %u\n", hi.cpu_mhz);
    fprintf(xl_out, "total_memory           : %llu\n",
            (unsigned long long)(hi.total_memkb >> 10));
    fprintf(xl_out, "free_memory            : %llu\n",
            (unsigned long long)(hi.free_memkb >> 10));
    fprintf(xl_out, "xen_caps               : %s\n", hi.capabilities);
    fprintf(xl_out, "xen_commandline        : %s\n", hi.cmdline);
    return 0;
}

int cmd_dmesg(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "clear", no_argument, NULL, 'c' },
        { 0, 0, 0, 0 },
    };
    bool clear = false;
    char *buf = NULL;
    size_t len = 0;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "c", longopts)) != -1) {
        if (opt != 'c')
            return 1;
        clear = true;
    }
    if (!XL_HAVE_OP(dmesg))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->dmesg(clear, &buf, &len);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    fwrite(buf, 1, len, xl_out);
    free(buf);
    return 0;
}

int cmd_uptime(struct xl_ctx *ctx)
{
    struct xl_domain_info *doms = NULL;
    bool header = true;
    unsigned int nr = 0;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "s", NULL)) != -1) {
        if (opt != 's')
            return 1;
        header = false;
    }
    for (int i = optind; i < ctx->argc; i++)
        if (!ctx->argv[i][0])
            return xl_fail(ctx, "expected a domain name or id, got ''");
    if (!XL_HAVE_OP(list_domains))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->list_domains(&doms, &nr);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    if (header)
        fprintf(xl_out, "%-32s %5s %s\n", "Name", "ID", "Uptime");
    for (unsigned int i = 0; i < nr; i++) {
        bool want = optind == ctx->argc;
        unsigned long long s = doms[i].uptime_sec;

        for (int a = optind; a < ctx->argc && !want; a++) {
            char id[16];

            snprintf(id, sizeof(id), "%u", doms[i].domid);
            want = !strcmp(ctx->argv[a], doms[i].name) ||
                   !strcmp(ctx->argv[a], id);
        }
        if (want)
            fprintf(xl_out, "%-32s %5u %llu days, %2llu:%02llu:%02llu\n",
                    doms[i].name, doms[i].domid, s / 86400, s / 3600 % 24,
                    s / 60 % 60, s % 60);
    }
    free(doms);
    return 0;
}
