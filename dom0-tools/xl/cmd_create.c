/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl create: load and check the config (xl.cfg or XML, plus key=value
 * overrides), then either print it (-n) or hand it to the backend; -c
 * attaches the console before the guest runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "xl.h"
#include "xl_json.h"

enum { OPT_FORMAT = 256 };

static int print_config(const struct xl_ctx *ctx,
                        const struct xl_domain_config *c, const char *format)
{
    struct xl_json_domain d = { NULL, c };
    char *text;

    if (!strcmp(format, "json"))
        text = xl_json_domains(&d, 1);
    else if (!strcmp(format, "cfg"))
        text = xl_cfg_write(c);
    else
        text = xl_xml_write(c);
    if (!text)
        return xl_fail(ctx, "cannot format the config as %s (out of memory, "
                       "or a string that is not UTF-8 or holds control "
                       "characters XML cannot carry)", format);
    fputs(text, xl_out);
    free(text);
    return 0;
}

/* xl.conf's vif.default.bridge for every vif that names none. */
static int apply_conf_defaults(struct xl_domain_config *c)
{
    for (unsigned int i = 0; xl_conf.vif_bridge && i < c->nr_vifs; i++)
        if (!c->vifs[i].bridge &&
            !(c->vifs[i].bridge = strdup(xl_conf.vif_bridge)))
            return -ENOMEM;
    return 0;
}

/* xl.conf's lockfile: held while the domain is built, as Xen's xl does. */
static int take_lock(const struct xl_ctx *ctx)
{
    int fd;

    if (!xl_conf.lockfile)
        return -1;
    fd = open(xl_conf.lockfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) < 0) {
        xl_fail(ctx, "cannot lock '%s' (xl.conf lockfile): %s",
                xl_conf.lockfile, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -2;
    }
    return fd;
}

int cmd_create(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "dryrun", no_argument, NULL, 'n' },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "defconfig", required_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { 0, 0, 0, 0 },
    };
    bool console = false, paused = false, dryrun = xl_dry_run, quiet = false;
    bool foreground = false, no_monitor = false;
    int lock;
    const char *format = NULL, *file = NULL;
    struct xl_domain_config c;
    struct xl_msgs msgs;
    char **overrides;
    int opt, nr, rc;
    uint32_t domid;

    while ((opt = xl_getopt(ctx, "cpnFqvdef:", longopts)) != -1) {
        switch (opt) {
        case 'c': console = true; break;
        case 'p': paused = true; break;
        case 'n': dryrun = true; break;
        case 'F': foreground = true; break;
        case 'e': no_monitor = true; break;
        case 'q': quiet = true; break;
        case 'v':
        case 'd': xl_verbose++; break;
        case 'f': file = optarg; break;
        case OPT_FORMAT: format = optarg; break;
        default: return 1;
        }
    }
    overrides = ctx->argv + optind;
    nr = ctx->argc - optind;
    if (!file) {
        if (!nr || strchr(overrides[0], '='))
            return xl_fail(ctx, "no config file given\nusage: xl create %s",
                           ctx->cmd->usage);
        file = overrides[0];
        overrides++;
        nr--;
    }
    if (format && strcmp(format, "json") && strcmp(format, "cfg") &&
        strcmp(format, "xml"))
        return xl_fail(ctx, "--format must be json, cfg or xml, got '%s'",
                       format);
    if (format && !dryrun)
        return xl_fail(ctx, "--format only applies with -n (dry run)");
    if (dryrun && (console || paused || foreground || no_monitor))
        return xl_fail(ctx, "-n creates nothing, so -%c makes no sense with "
                       "it", console ? 'c' : paused ? 'p' :
                       foreground ? 'F' : 'e');
    if (foreground && console)
        return xl_fail(ctx, "-F keeps xl in the foreground as the domain's "
                       "monitor, -c attaches the console: use one, and 'xl "
                       "console' from another terminal");
    if (foreground && no_monitor)
        return xl_fail(ctx, "-F waits for the domain's death and carries out "
                       "on_poweroff etc.; -e says not to wait: choose one");

    xl_msgs_init(&msgs);
    rc = xl_config_load(file, overrides, (unsigned int)nr, &c, &msgs);
    for (unsigned int i = 0; i < msgs.nr_lines; i++)
        if (!quiet || strstr(msgs.lines[i], ": warning: ") == NULL)
            fprintf(xl_err, "%s\n", msgs.lines[i]);
    xl_msgs_free(&msgs);
    if (rc < 0)
        return 1;
    if (apply_conf_defaults(&c) < 0) {
        xl_config_free(&c);
        return xl_fail(ctx, "out of memory");
    }

    if (dryrun) {
        rc = print_config(ctx, &c, format ? format : "json");
        xl_config_free(&c);
        return rc;
    }
    if (!XL_HAVE_OP(create_domain) || (console && !XL_HAVE_OP(console))) {
        xl_config_free(&c);
        return xl_backend_fail(ctx, -ENOSYS);
    }
    /* -c: created paused, unpaused (unless -p) once the console is on. */
    lock = take_lock(ctx);
    if (lock == -2) {
        xl_config_free(&c);
        return 1;
    }
    rc = xl_backend->create_domain(&c, (paused || console ? XL_CREATE_PAUSED
                                        : 0) |
                                   (no_monitor ? XL_CREATE_NO_MONITOR : 0) |
                                   (foreground ? XL_CREATE_FOREGROUND : 0),
                                   &domid);
    if (lock >= 0)
        close(lock);
    if (rc < 0) {
        xl_fail(ctx, "cannot create domain '%s': %s", c.name,
                xl_backend_msg[0] ? xl_backend_msg : strerror(-rc));
        xl_config_free(&c);
        return 1;
    }
    if (!quiet)
        fprintf(xl_err, "xl: created domain '%s' (domid %u)%s\n", c.name,
                domid, paused ? ", paused" : "");
    xl_config_free(&c);
    if (!console)
        return 0;
    rc = xl_backend->console(domid, XL_CONSOLE_PV, 0, !paused);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
