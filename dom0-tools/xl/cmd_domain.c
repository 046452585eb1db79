/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain lifecycle verbs: list, destroy, shutdown, reboot, pause, unpause,
 * rename, domid, domname, sysrq. Arguments are checked first; the work is
 * the backend's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "xl.h"
#include "xl_json.h"

static void print_list(const struct xl_domain_info *d, unsigned int nr,
                       bool verbose)
{
    fprintf(xl_out, "%-32s %5s %6s %5s %6s %10s%s\n", "Name", "ID", "Mem",
            "VCPUs", "State", "Time(s)", verbose ? "   UUID" : "");
    for (unsigned int i = 0; i < nr; i++) {
        char state[7], uuid[37];

        for (unsigned int b = 0; b < 6; b++)
            state[b] = (d[i].state & (1u << b)) ? "rbpscd"[b] : '-';
        state[6] = '\0';
        uuid_unparse_lower(d[i].uuid, uuid);
        fprintf(xl_out, "%-32s %5u %6llu %5u %6s %10.1f%s%s\n", d[i].name,
                d[i].domid, (unsigned long long)(d[i].current_memkb >> 10),
                d[i].online_vcpus, state, d[i].cpu_time_ns / 1e9,
                verbose ? "   " : "", verbose ? uuid : "");
    }
}

int cmd_list(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "long", no_argument, NULL, 'l' },
        { "verbose", no_argument, NULL, 'v' },
        { 0, 0, 0, 0 },
    };
    struct xl_domain_info *all = NULL, *sel;
    struct xl_domain_config *cfgs;
    struct xl_json_domain *jd;
    bool json = false, verbose = false;
    unsigned int nr = 0, nsel = 0;
    int opt, rc;

    while ((opt = xl_getopt(ctx, "lv", longopts)) != -1) {
        if (opt == 'l')
            json = true;
        else if (opt == 'v')
            verbose = true;
        else
            return 1;
    }
    /* Validate every named domain before asking the hypervisor anything. */
    for (int i = optind; i < ctx->argc; i++)
        if (!ctx->argv[i][0])
            return xl_fail(ctx, "expected a domain name or id, got ''");
    if (!XL_HAVE_OP(list_domains))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->list_domains(&all, &nr);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    sel = calloc(nr ? nr : 1, sizeof(*sel));
    if (!sel) {
        free(all);
        return xl_fail(ctx, "out of memory");
    }
    for (unsigned int i = 0; i < nr; i++) {
        bool want = optind == ctx->argc;

        for (int a = optind; a < ctx->argc && !want; a++) {
            char id[16];

            snprintf(id, sizeof(id), "%u", all[i].domid);
            want = !strcmp(ctx->argv[a], id) ||
                   !strcmp(ctx->argv[a], all[i].name);
        }
        if (want)
            sel[nsel++] = all[i];
    }
    free(all);
    if (optind < ctx->argc && !nsel) {
        free(sel);
        return xl_fail(ctx, "no such domain: %s", ctx->argv[optind]);
    }
    if (!json) {
        print_list(sel, nsel, verbose);
        free(sel);
        return 0;
    }
    cfgs = calloc(nsel ? nsel : 1, sizeof(*cfgs));
    jd = calloc(nsel ? nsel : 1, sizeof(*jd));
    rc = !cfgs || !jd;
    for (unsigned int i = 0; !rc && i < nsel; i++) {
        jd[i].info = &sel[i];
        xl_config_init(&cfgs[i]);
        if (XL_HAVE_OP(domain_config) &&
            xl_backend->domain_config(sel[i].domid, &cfgs[i]) == 0)
            jd[i].config = &cfgs[i];
    }
    if (!rc) {
        char *text = xl_json_domains(jd, nsel);

        if (text)
            fputs(text, xl_out);
        else
            rc = 1;
        free(text);
    }
    for (unsigned int i = 0; cfgs && i < nsel; i++)
        xl_config_free(&cfgs[i]);
    free(cfgs);
    free(jd);
    free(sel);
    return rc ? xl_fail(ctx, "cannot generate JSON") : 0;
}

/* The common shape: <domain>, then one backend op. */
static int simple_op(struct xl_ctx *ctx, const char *optstring,
                     int (*const *op)(uint32_t))
{
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(ctx, optstring, NULL)) != -1)
        if (opt == '?')
            return 1;
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!*op)
        return xl_backend_fail(ctx, -ENOSYS);
    rc = (*op)(domid);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_destroy(struct xl_ctx *ctx)
{
    return simple_op(ctx, "f", &xl_backend->destroy);
}

int cmd_pause(struct xl_ctx *ctx)
{
    return simple_op(ctx, "", &xl_backend->pause);
}

int cmd_unpause(struct xl_ctx *ctx)
{
    return simple_op(ctx, "", &xl_backend->unpause);
}

/* Ask every target first, then (-w) wait for each: -a stays one pass. */
static int shutdown_or_reboot(struct xl_ctx *ctx, enum xl_shutdown_reason why)
{
    static const struct option longopts[] = {
        { "all", no_argument, NULL, 'a' },
        { "wait", no_argument, NULL, 'w' },
        { 0, 0, 0, 0 },
    };
    bool all = false, wait = false;
    struct xl_domain_info *doms = NULL;
    unsigned int nr = 1;
    uint32_t domid = 0;
    int opt, rc = 0;

    while ((opt = xl_getopt(ctx, "awF", longopts)) != -1) {
        if (opt == 'a')
            all = true;
        else if (opt == 'w')
            wait = true;
        else if (opt != 'F')
            return 1;
    }
    if (all && optind < ctx->argc)
        return xl_fail(ctx, "-a means every domain; do not name one too");
    if (!all && optind == ctx->argc)
        return xl_fail(ctx, "name a domain, or use -a for every domain\n"
                       "usage: xl %s %s", ctx->cmd->name, ctx->cmd->usage);
    if (!all && xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(shutdown) || (wait && !XL_HAVE_OP(wait_gone)) ||
        (all && !XL_HAVE_OP(list_domains)))
        return xl_backend_fail(ctx, -ENOSYS);
    if (all && (rc = xl_backend->list_domains(&doms, &nr)) < 0)
        return xl_backend_fail(ctx, rc);
    for (unsigned int i = 0; i < nr && rc >= 0; i++)
        if (!all || doms[i].domid != 0)
            rc = xl_backend->shutdown(all ? doms[i].domid : domid, why);
    for (unsigned int i = 0; wait && i < nr && rc >= 0; i++)
        if (!all || doms[i].domid != 0)
            rc = xl_backend->wait_gone(all ? doms[i].domid : domid);
    free(doms);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_shutdown(struct xl_ctx *ctx)
{
    return shutdown_or_reboot(ctx, XL_SHUTDOWN_POWEROFF);
}

int cmd_reboot(struct xl_ctx *ctx)
{
    return shutdown_or_reboot(ctx, XL_SHUTDOWN_REBOOT);
}

static bool valid_name(const char *s)
{
    bool digits = true;
    size_t n = 0;

    for (; s[n]; n++) {
        if (!isalnum((unsigned char)s[n]) && !strchr("-_.:+@", s[n]))
            return false;
        if (!isdigit((unsigned char)s[n]))
            digits = false;
    }
    return n && n <= XL_MAX_NAME_LEN && !digits;
}

int cmd_rename(struct xl_ctx *ctx)
{
    uint32_t domid;
    int rc;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    if (!valid_name(ctx->argv[optind + 1]))
        return xl_fail(ctx, "'%s' is not a valid domain name: use 1 to %d "
                       "letters, digits and - _ . : + @, not all digits",
                       ctx->argv[optind + 1], XL_MAX_NAME_LEN);
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(rename))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->rename(domid, ctx->argv[optind + 1]);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}

int cmd_domid(struct xl_ctx *ctx)
{
    uint32_t domid;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    if (!valid_name(ctx->argv[optind]))
        return xl_fail(ctx, "'%s' is not a domain name", ctx->argv[optind]);
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    fprintf(xl_out, "%u\n", domid);
    return 0;
}

int cmd_domname(struct xl_ctx *ctx)
{
    struct xl_domain_info *doms = NULL;
    unsigned long id;
    unsigned int nr = 0;
    int rc;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    if (xl_parse_uint(ctx, "domain id", ctx->argv[optind], 0, 0x7fef,
                      &id) < 0)
        return 1;
    if (!XL_HAVE_OP(list_domains))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->list_domains(&doms, &nr);
    if (rc < 0)
        return xl_backend_fail(ctx, rc);
    rc = 1;
    for (unsigned int i = 0; i < nr; i++)
        if (doms[i].domid == id) {
            fprintf(xl_out, "%s\n", doms[i].name);
            rc = 0;
        }
    free(doms);
    return rc ? xl_fail(ctx, "no domain with id %lu", id) : 0;
}

int cmd_sysrq(struct xl_ctx *ctx)
{
    const char *key;
    uint32_t domid;
    int rc;

    if (xl_getopt(ctx, "", NULL) != -1)
        return 1;
    key = ctx->argv[optind + 1];
    if (strlen(key) != 1 || !isgraph((unsigned char)key[0]))
        return xl_fail(ctx, "the sysrq key must be one printable character "
                       "(e.g. s, u, b), got '%s'", key);
    if (xl_parse_domain(ctx, ctx->argv[optind], &domid) < 0)
        return 1;
    if (!XL_HAVE_OP(sysrq))
        return xl_backend_fail(ctx, -ENOSYS);
    rc = xl_backend->sysrq(domid, key[0]);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
