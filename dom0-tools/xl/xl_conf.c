/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /etc/xen/xl.conf (xl.conf(5)): the host-wide settings, in xl.cfg syntax.
 * Every key of Xen 4.17's xl.conf is honoured or refused with file:line:key
 * and the reason; a refused or unknown key stops xl (exit 1), as a bad
 * guest config key does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"
#include "xl.h"

struct xl_conf xl_conf;

/* Keys refused whatever their value, with the reason. */
static const struct {
    const char *key, *why;
} refused[] = {
    { "vif.default.script", "no vif hotplug scripts: xl itself adds each "
      "vif to its bridge" },
    { "vif.default.gatewaydev", "no vif-route/vif-nat scripts: vifs are "
      "bridged" },
    { "blkdev_start", "xl never attaches guest disks to dom0" },
    { "max_grant_frames", "the hypervisor's fixed grant table size applies "
      "to every domain" },
    { "max_maptrack_frames", "the hypervisor's fixed maptrack size applies "
      "to every domain" },
    { "max_grant_version", "grant tables are version 1 only" },
    { "vm.cpumask", "no host-wide vCPU placement mask; use cpus= in the "
      "guest config" },
    { "vm.pv.cpumask", "no host-wide vCPU placement mask; use cpus= in the "
      "guest config" },
    { "vm.hvm.cpumask", "PV guests only" },
    { "remus.default.netbufscript", "no Remus (no save/migrate)" },
    { "colo.default.proxyscript", "no COLO (no save/migrate)" },
};

static const char *scalar(const struct cfg_setting *s)
{
    if (s->value->kind != CFG_STRING && s->value->kind != CFG_NUMBER)
        return NULL;
    return s->value->text;
}

static bool is(const char *v, const char *a, const char *b)
{
    return !strcmp(v, a) || (b && !strcmp(v, b));
}

/* One setting; errors go to msgs. */
static void conf_key(const struct cfg_setting *s, struct xl_msgs *m)
{
    const char *k = s->key, *v = scalar(s);

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        if (!strcmp(k, refused[i].key)) {
            xl_msg_error(m, &s->loc, k, "not supported by Xenolite: %s",
                         refused[i].why);
            return;
        }
    if (!v) {
        xl_msg_error(m, &s->loc, k, "expected a string or a number, not a "
                     "list");
        return;
    }
    if (!strcmp(k, "autoballoon")) {
        if (!is(v, "off", "0") && !is(v, "auto", NULL))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not supported: xl never "
                         "shrinks dom0 to make room (size it with dom0_mem=); "
                         "use \"off\" or \"auto\"", v);
    } else if (!strcmp(k, "run_hotplug_scripts")) {
        if (!is(v, "1", NULL))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not supported: there are "
                         "no udev hotplug scripts, xl sets up the backends "
                         "itself; use 1", v);
    } else if (!strcmp(k, "claim_mode")) {
        if (!is(v, "0", NULL))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not supported: no memory "
                         "claims; use 0", v);
    } else if (!strcmp(k, "output_format")) {
        if (!is(v, "json", NULL))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not supported: xl list -l "
                         "prints JSON only; use \"json\"", v);
    } else if (!strcmp(k, "lockfile")) {
        if (v[0] != '/')
            xl_msg_error(m, &s->loc, k, "\"%s\" is not an absolute path", v);
        else
            xl_conf.lockfile = v;
    } else if (!strcmp(k, "vif.default.bridge")) {
        if (!v[0] || strlen(v) > 15 || strchr(v, '/'))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not a bridge name (1 to "
                         "15 characters, no '/')", v);
        else
            xl_conf.vif_bridge = v;
    } else if (!strcmp(k, "vif.default.backend")) {
        if (!is(v, "0", "Domain-0"))
            xl_msg_error(m, &s->loc, k, "\"%s\" is not supported: every "
                         "backend runs in dom0; use \"0\" or \"Domain-0\"", v);
    } else {
        xl_msg_error(m, &s->loc, k, "unknown xl.conf key (see docs/xl.md, "
                     "\"xl.conf\")");
    }
}

static char *read_all(FILE *f, size_t *len)
{
    char *buf = NULL;
    size_t cap = 0, n;

    *len = 0;
    for (;;) {
        if (cap - *len < 4096) {
            char *nb = realloc(buf, cap + 65536);

            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap += 65536;
        }
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
        if (!n)
            return buf;
    }
}

int xl_conf_load(const char *path)
{
    static struct cfg_file file;        /* xl_conf points into it */
    static char *text;
    struct xl_msgs msgs;
    size_t len;
    FILE *f;
    int rc = 0;

    memset(&xl_conf, 0, sizeof(xl_conf));
    cfg_file_free(&file);
    memset(&file, 0, sizeof(file));
    free(text);
    text = NULL;
    f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;                   /* no file: Xen's defaults */
        fprintf(xl_err, "xl: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    text = read_all(f, &len);
    fclose(f);
    if (!text) {
        fprintf(xl_err, "xl: cannot read '%s': out of memory\n", path);
        return -1;
    }
    xl_msgs_init(&msgs);
    if (cfg_syntax_parse(text, len, path, &file, &msgs) < 0) {
        rc = -1;
    } else {
        for (unsigned int i = 0; i < file.nr; i++)
            conf_key(&file.settings[i], &msgs);
        if (msgs.nr_errors)
            rc = -1;
    }
    xl_msgs_print(&msgs, xl_err);
    xl_msgs_free(&msgs);
    return rc;
}
