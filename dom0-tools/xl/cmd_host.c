/* SPDX-License-Identifier: GPL-2.0-only */
/* Host-wide verbs: info, dmesg, uptime. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

static void field(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Xen's layout: the name padded to 23 columns, ": ", the value. */
static void field(const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(xl_out, "%-23s: ", name);
    va_start(ap, fmt);
    vfprintf(xl_out, fmt, ap);
    va_end(ap);
    fputc('\n', xl_out);
}

/* xl info: Xen 4.17's fields, in its order; memory in MiB. */
static void print_info(const struct xl_host_info *hi)
{
    const uint32_t *c = hi->hw_caps;

    field("host", "%s", hi->host);
    field("release", "%s", hi->release);
    field("version", "%s", hi->version);
    field("machine", "%s", hi->machine);
    field("nr_cpus", "%u", hi->nr_cpus);
    field("max_cpu_id", "%u", hi->max_cpu_id);
    field("nr_nodes", "%u", hi->nr_nodes);
    field("cores_per_socket", "%u", hi->cores_per_socket);
    field("threads_per_core", "%u", hi->threads_per_core);
    field("cpu_mhz", "%u", hi->cpu_mhz);
    field("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", c[0], c[1],
          c[2], c[3], c[4], c[5], c[6], c[7]);
    field("virt_caps", "%s", hi->virt_caps);
    field("total_memory", "%llu", (unsigned long long)(hi->total_memkb >> 10));
    field("free_memory", "%llu", (unsigned long long)(hi->free_memkb >> 10));
    field("sharing_freed_memory", "0");
    field("sharing_used_memory", "0");
    field("outstanding_claims", "%llu",
          (unsigned long long)(hi->outstanding_kb >> 10));
    field("free_cpus", "0");
    field("xen_major", "%u", hi->xen_major);
    field("xen_minor", "%u", hi->xen_minor);
    field("xen_extra", "%s", hi->xen_extra);
    field("xen_version", "%s", hi->hypervisor_version);
    field("xen_caps", "%s", hi->capabilities);
    field("xen_scheduler", "%s", hi->scheduler);
    field("xen_pagesize", "%lu", hi->pagesize);
    field("platform_params", "virt_start=0x%llx",
          (unsigned long long)hi->virt_start);
    field("xen_changeset", "%s", hi->changeset);
    field("xen_commandline", "%s", hi->cmdline);
    field("cc_compiler", "%s", hi->cc_compiler);
    field("cc_compile_by", "%s", hi->cc_compile_by);
    field("cc_compile_domain", "%s", hi->cc_compile_domain);
    field("cc_compile_date", "%s", hi->cc_compile_date);
    field("build_id", "%s", hi->build_id);
    field("xend_config_format", "4");
}

int cmd_info(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "numa", no_argument, NULL, 'n' },
        { 0, 0, 0, 0 },
    };
    struct xl_host_info hi;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "n", longopts)) != -1) {
        if (opt == '?')
            return 1;
        return xl_fail(ctx, "-n (CPU and NUMA topology) is not implemented "
                       "by Xenolite: the hypervisor has no topology sysctls "
                       "(nr_nodes and cores_per_socket are in plain xl info)");
    }
    if (!XL_HAVE_OP(host_info))
        return xl_backend_fail(ctx, -ENOSYS);
    memset(&hi, 0, sizeof(hi));
    rc = xl_backend->host_info(&hi);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    print_info(&hi);
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
