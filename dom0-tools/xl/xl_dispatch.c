/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl_main(): global options, verb lookup (exact or unique prefix), central
 * -h, option parsing and argument-count checks shared by every handler,
 * and the small argument parsers the handlers use.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"

FILE *xl_out, *xl_err;
int xl_verbose;
bool xl_dry_run, xl_force, xl_progress_cr, xl_timestamps;

void xl_err_prefix(void)
{
    struct timeval tv;
    struct tm tm;
    char when[32];

    if (!xl_timestamps)
        return;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(xl_err, "[%s.%03ld UTC %ld] ", when, (long)tv.tv_usec / 1000,
            (long)getpid());
}

int xl_fail(const struct xl_ctx *ctx, const char *fmt, ...)
{
    va_list ap;

    xl_err_prefix();
    fprintf(xl_err, "xl: %s: ", ctx->cmd->name);
    va_start(ap, fmt);
    vfprintf(xl_err, fmt, ap);
    va_end(ap);
    fputc('\n', xl_err);
    return 1;
}

int xl_backend_fail(const struct xl_ctx *ctx, int rc)
{
    if (!rc || rc == -ENOSYS)
        return xl_fail(ctx, "not available: this build has no hypervisor "
                       "backend yet");
    if (xl_backend_msg[0]) {
        xl_fail(ctx, "%s", xl_backend_msg);
        xl_backend_msg[0] = '\0';
        return 1;
    }
    return xl_fail(ctx, "%s", strerror(-rc));
}

const struct xl_cmd *xl_find_cmd(const char *verb)
{
    const struct xl_cmd *found = NULL;
    unsigned int matches = 0;
    size_t len = strlen(verb);

    for (unsigned int i = 0; i < xl_cmd_count; i++)
        if (!strcmp(verb, xl_cmd_table[i].name))
            return &xl_cmd_table[i];
    if (len)
        for (unsigned int i = 0; i < xl_cmd_count; i++)
            if (!strncmp(verb, xl_cmd_table[i].name, len)) {
                found = &xl_cmd_table[i];
                matches++;
            }
    if (matches == 1)
        return found;
    if (!matches) {
        fprintf(xl_err, "xl: unknown command '%s'; run 'xl help' for the "
                "list\n", verb);
        return NULL;
    }
    fprintf(xl_err, "xl: '%s' is ambiguous; it could be:", verb);
    for (unsigned int i = 0, n = 0; i < xl_cmd_count; i++)
        if (!strncmp(verb, xl_cmd_table[i].name, len))
            fprintf(xl_err, "%s %s", n++ ? "," : "", xl_cmd_table[i].name);
    fputc('\n', xl_err);
    return NULL;
}

static int usage_error(const struct xl_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const struct xl_ctx *ctx, const char *fmt, ...)
{
    va_list ap;

    xl_err_prefix();
    fprintf(xl_err, "xl: %s: ", ctx->cmd->name);
    va_start(ap, fmt);
    vfprintf(xl_err, fmt, ap);
    va_end(ap);
    fprintf(xl_err, "\nusage: xl %s %s\n", ctx->cmd->name, ctx->cmd->usage);
    return '?';
}

int xl_getopt(struct xl_ctx *ctx, const char *optstring,
              const struct option *longopts)
{
    static const struct option none[] = { { 0, 0, 0, 0 } };
    char full[64];
    int opt, n;

    snprintf(full, sizeof(full), ":%s", optstring);
    if (!ctx->getopt_started) {
        ctx->getopt_started = 1;
        optind = 0;                     /* GNU: re-initialise fully */
    }
    opterr = 0;
    opt = getopt_long(ctx->argc, ctx->argv, full, longopts ? longopts : none,
                      NULL);
    if (opt == ':')
        return usage_error(ctx, "option '%s' needs an argument",
                           ctx->argv[optind - 1]);
    if (opt == '?') {
        if (optopt)
            return usage_error(ctx, "unknown option '-%c'", optopt);
        return usage_error(ctx, "unknown option '%s'", ctx->argv[optind - 1]);
    }
    if (opt != -1)
        return opt;
    n = ctx->argc - optind;
    if (n < ctx->cmd->min_args)
        return usage_error(ctx, "missing argument%s",
                           ctx->cmd->min_args - n > 1 ? "s" : "");
    if (ctx->cmd->max_args >= 0 && n > ctx->cmd->max_args)
        return usage_error(ctx, "unexpected argument '%s'",
                           ctx->argv[optind + ctx->cmd->max_args]);
    return -1;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return false;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return true;
    }
    return false;
}

/* Global options as in Xen's xl: -v -N -f -t -T, combinable ("-vN"). */
static int global_options(int argc, char **argv, int *i)
{
    for (; *i < argc && argv[*i][0] == '-'; (*i)++) {
        const char *a = argv[*i];

        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            return 'h';
        if (!strcmp(a, "--"))
            return (*i)++, 0;
        for (const char *p = a + 1; ; p++) {
            switch (*p) {
            case 'v': xl_verbose++; continue;
            case 'N': xl_dry_run = true; continue;
            case 'f': xl_force = true; continue;
            case 't': xl_progress_cr = true; continue;
            case 'T': xl_timestamps = true; continue;
            case '\0':
                if (p > a + 1)
                    break;
                /* a lone "-" */
                __attribute__((fallthrough));
            default:
                fprintf(xl_err, "xl: unknown option '%s'; the global options "
                        "are -v -N -f -t -T (run 'xl help')\n", a);
                return '?';
            }
            break;
        }
    }
    return 0;
}

int xl_main(int argc, char **argv)
{
    const struct xl_xen_verb *xen;
    const struct xl_cmd *cmd;
    const char *conf;
    struct xl_ctx ctx;
    int i = 1, rc;

    if (!xl_out)
        xl_out = stdout;
    if (!xl_err)
        xl_err = stderr;
    xl_verbose = 0;
    xl_dry_run = xl_force = xl_progress_cr = xl_timestamps = false;
    rc = global_options(argc, argv, &i);
    if (rc == '?')
        return XL_EXIT_FAILURE;
    if (rc == 'h') {
        cmd = xl_find_cmd("help");
        ctx = (struct xl_ctx){ cmd, 1, (char *[]){ "help", NULL }, 0 };
        return cmd_help(&ctx);
    }
    if (i == argc) {
        fprintf(xl_err, "usage: xl [-v] [-N] [-f] [-t] [-T] <command> "
                "[arguments]; run 'xl help' for the commands\n");
        return XL_EXIT_FAILURE;
    }
    xen = xl_find_xen_verb(argv[i]);
    if (xen)
        return xl_not_implemented(xen);
    cmd = xl_find_cmd(argv[i]);
    if (!cmd)
        return XL_EXIT_FAILURE;
    ctx = (struct xl_ctx){ cmd, argc - i, argv + i, 0 };
    if (wants_help(ctx.argc, ctx.argv)) {
        xl_print_usage(xl_out, cmd);
        return XL_EXIT_OK;
    }
    if (xl_dry_run && cmd->dry_run == XL_DRY_REFUSE) {
        fprintf(xl_err, "xl: %s: does not implement -N (dry run): it would "
                "change the system\n", cmd->name);
        return XL_EXIT_FAILURE;
    }
    conf = getenv("XENOLITE_XL_CONF");
    if (cmd->handler != cmd_help && xl_conf_load(conf ? conf : XL_CONF_PATH) < 0)
        return XL_EXIT_FAILURE;
    rc = cmd->handler(&ctx);
    /* xl help VERB of a Xen verb Xenolite lacks: the verb's own status. */
    if (rc == XL_EXIT_NOT_IMPLEMENTED)
        return rc;
    return rc ? XL_EXIT_FAILURE : XL_EXIT_OK;
}

/* ---- argument parsers ------------------------------------------------- */

int xl_parse_uint(const struct xl_ctx *ctx, const char *what, const char *arg,
                  unsigned long min, unsigned long max, unsigned long *out)
{
    unsigned long v;
    char *end;

    errno = 0;
    v = strtoul(arg, &end, 10);
    if (!isdigit((unsigned char)arg[0]) || *end) {
        xl_fail(ctx, "%s must be an integer, got '%s'", what, arg);
        return -1;
    }
    if (errno == ERANGE || v < min || v > max) {
        xl_fail(ctx, "%s must be between %lu and %lu, got '%s'", what, min,
                max, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* DOMID_FIRST_RESERVED in public/xen.h: ids from 0x7ff0 up are special. */
#define XL_DOMID_MAX 0x7fefUL

int xl_parse_domain(const struct xl_ctx *ctx, const char *arg, uint32_t *domid)
{
    const char *p = arg;
    unsigned long v;
    int rc;

    while (isdigit((unsigned char)*p))
        p++;
    if (*arg && !*p) {
        if (xl_parse_uint(ctx, "domain id", arg, 0, XL_DOMID_MAX, &v) < 0)
            return -1;
        *domid = (uint32_t)v;
        return 0;
    }
    if (!*arg) {
        xl_fail(ctx, "expected a domain name or id, got ''");
        return -1;
    }
    if (!XL_HAVE_OP(name_to_domid)) {
        xl_backend_fail(ctx, -ENOSYS);
        return -1;
    }
    rc = xl_backend->name_to_domid(arg, domid);
    if (rc == -ENOENT) {
        xl_fail(ctx, "no domain named '%s'", arg);
        return -1;
    }
    if (rc < 0) {
        xl_backend_fail(ctx, rc);
        return -1;
    }
    return 0;
}

int xl_parse_memory(const struct xl_ctx *ctx, const char *arg, uint64_t *kib)
{
    unsigned long long v, shift_kib;
    char *end;

    errno = 0;
    v = strtoull(arg, &end, 10);
    if (!isdigit((unsigned char)arg[0]))
        goto bad;
    switch (tolower((unsigned char)*end)) {
    case '\0':
    case 'm': shift_kib = 10; break;
    case 'b': shift_kib = 0; break;
    case 'k': shift_kib = 0; break;
    case 'g': shift_kib = 20; break;
    case 't': shift_kib = 30; break;
    default: goto bad;
    }
    if (*end && end[1])
        goto bad;
    if (tolower((unsigned char)*end) == 'b')
        v /= 1024;
    if (errno == ERANGE || v > (UINT64_MAX >> 31) >> shift_kib)
        goto bad;
    *kib = v << shift_kib;
    if (!*kib) {
        xl_fail(ctx, "memory must be at least 1 KiB, got '%s'", arg);
        return -1;
    }
    return 0;
 bad:
    xl_fail(ctx, "expected a memory size like 512, 512m, 2g or 1048576k, "
            "got '%s'", arg);
    return -1;
}
