/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain config lifetime, comparison, enum names, CPU maps, and the
 * diagnostics list every front end reports into.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"

/* ---- diagnostics ------------------------------------------------------ */

void xl_msgs_init(struct xl_msgs *m)
{
    memset(m, 0, sizeof(*m));
}

void xl_msgs_free(struct xl_msgs *m)
{
    for (unsigned int i = 0; i < m->nr_lines; i++)
        free(m->lines[i]);
    free(m->lines);
    xl_msgs_init(m);
}

void xl_loc_format(const struct xl_loc *loc, char *buf, size_t len)
{
    if (!loc->src)
        snprintf(buf, len, "command line argument %d", loc->line);
    else if (loc->line && loc->col)
        snprintf(buf, len, "%s:%d:%d", loc->src, loc->line, loc->col);
    else if (loc->line)
        snprintf(buf, len, "%s:%d", loc->src, loc->line);
    else
        snprintf(buf, len, "%s", loc->src);
}

static void msg_add(struct xl_msgs *m, const struct xl_loc *loc,
                    const char *kind, const char *key, const char *fmt,
                    va_list ap)
{
    char where[512], body[1024], *line, **n;

    where[0] = '\0';
    if (loc)
        xl_loc_format(loc, where, sizeof(where));
    vsnprintf(body, sizeof(body), fmt, ap);
    if (asprintf(&line, "xl: %s%s%s%s%s%s", where, *where ? ": " : "", kind,
                 key ? key : "", key ? ": " : "", body) < 0)
        return;
    n = realloc(m->lines, (m->nr_lines + 1) * sizeof(*n));
    if (!n) {
        free(line);
        return;
    }
    m->lines = n;
    m->lines[m->nr_lines++] = line;
}

void xl_msg_error(struct xl_msgs *m, const struct xl_loc *loc, const char *key,
                  const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_add(m, loc, "", key, fmt, ap);
    va_end(ap);
    m->nr_errors++;
}

void xl_msg_warn(struct xl_msgs *m, const struct xl_loc *loc, const char *key,
                 const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_add(m, loc, "warning: ", key, fmt, ap);
    va_end(ap);
    m->nr_warnings++;
}

unsigned int xl_msgs_print(const struct xl_msgs *m, FILE *f)
{
    for (unsigned int i = 0; i < m->nr_lines; i++)
        fprintf(f, "%s\n", m->lines[i]);
    return m->nr_errors;
}

char *xl_msgs_join(const struct xl_msgs *m)
{
    size_t len = 1;
    char *s;

    for (unsigned int i = 0; i < m->nr_lines; i++)
        len += strlen(m->lines[i]) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (unsigned int i = 0; i < m->nr_lines; i++) {
        if (i)
            strcat(s, "\n");
        strcat(s, m->lines[i]);
    }
    return s;
}

/* ---- config lifetime -------------------------------------------------- */

void xl_config_init(struct xl_domain_config *c)
{
    memset(c, 0, sizeof(*c));
    c->type = XL_TYPE_PV;
    c->on_poweroff = XL_ACTION_DESTROY;
    c->on_reboot = XL_ACTION_RESTART;
    c->on_crash = XL_ACTION_DESTROY;
}

void xl_disk_free(struct xl_disk *d)
{
    free(d->target);
    free(d->vdev);
    free(d->backend);
    free(d->script);
}

void xl_vif_free(struct xl_vif *v)
{
    free(v->bridge);
    free(v->ip);
    free(v->model);
    free(v->vifname);
    free(v->backend);
    free(v->script);
    free(v->gatewaydev);
    free(v->type);
    free(v->backendtype);
    free(v->rate);
}

void xl_config_free(struct xl_domain_config *c)
{
    free(c->name);
    free(c->cpumaps);
    free(c->kernel);
    free(c->ramdisk);
    free(c->cmdline);
    free(c->bootloader);
    for (unsigned int i = 0; i < c->nr_bootloader_args; i++)
        free(c->bootloader_args[i]);
    free(c->bootloader_args);
    for (unsigned int i = 0; i < c->nr_disks; i++)
        xl_disk_free(&c->disks[i]);
    free(c->disks);
    for (unsigned int i = 0; i < c->nr_vifs; i++)
        xl_vif_free(&c->vifs[i]);
    free(c->vifs);
    xl_config_init(c);
}

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

#define DIFF(cond, name) \
    do { if (!(cond)) { *what = (name); return 0; } } while (0)

static int disk_equal(const struct xl_disk *a, const struct xl_disk *b,
                      const char **what)
{
    DIFF(str_eq(a->target, b->target), "disk.target");
    DIFF(a->format == b->format, "disk.format");
    DIFF(str_eq(a->vdev, b->vdev), "disk.vdev");
    DIFF(a->readonly == b->readonly, "disk.access");
    DIFF(a->cdrom == b->cdrom, "disk.devtype");
    DIFF(str_eq(a->backend, b->backend), "disk.backend");
    DIFF(a->backendtype == b->backendtype, "disk.backendtype");
    DIFF(str_eq(a->script, b->script), "disk.script");
    DIFF(a->discard == b->discard, "disk.discard");
    DIFF(a->direct_io_safe == b->direct_io_safe, "disk.direct-io-safe");
    return 1;
}

static int vif_equal(const struct xl_vif *a, const struct xl_vif *b,
                     const char **what)
{
    DIFF(a->has_mac == b->has_mac &&
         (!a->has_mac || !memcmp(a->mac, b->mac, 6)), "vif.mac");
    DIFF(str_eq(a->bridge, b->bridge), "vif.bridge");
    DIFF(str_eq(a->ip, b->ip), "vif.ip");
    DIFF(str_eq(a->model, b->model), "vif.model");
    DIFF(str_eq(a->vifname, b->vifname), "vif.vifname");
    DIFF(str_eq(a->backend, b->backend), "vif.backend");
    DIFF(str_eq(a->script, b->script), "vif.script");
    DIFF(str_eq(a->gatewaydev, b->gatewaydev), "vif.gatewaydev");
    DIFF(str_eq(a->type, b->type), "vif.type");
    DIFF(str_eq(a->backendtype, b->backendtype), "vif.backendtype");
    DIFF(a->mtu == b->mtu, "vif.mtu");
    DIFF(a->rate_bytes_per_sec == b->rate_bytes_per_sec &&
         a->rate_interval_usec == b->rate_interval_usec &&
         !a->rate == !b->rate, "vif.rate");
    return 1;
}

int xl_config_equal(const struct xl_domain_config *a,
                    const struct xl_domain_config *b, const char **what)
{
    const char *dummy;

    if (!what)
        what = &dummy;
    *what = NULL;
    DIFF(str_eq(a->name, b->name), "name");
    DIFF(!memcmp(a->uuid, b->uuid, 16), "uuid");
    DIFF(a->type == b->type, "type");
    DIFF(a->memory_mib == b->memory_mib, "memory");
    DIFF(a->maxmem_mib == b->maxmem_mib, "maxmem");
    DIFF(a->vcpus == b->vcpus, "vcpus");
    DIFF(a->maxvcpus == b->maxvcpus, "maxvcpus");
    DIFF(a->max_event_channels == b->max_event_channels, "max_event_channels");
    DIFF(a->nr_cpumaps == b->nr_cpumaps &&
         a->cpus_per_vcpu == b->cpus_per_vcpu, "cpus");
    for (unsigned int i = 0; i < a->nr_cpumaps; i++)
        DIFF(!memcmp(&a->cpumaps[i], &b->cpumaps[i], sizeof(a->cpumaps[i])),
             "cpus");
    DIFF(str_eq(a->kernel, b->kernel), "kernel");
    DIFF(str_eq(a->ramdisk, b->ramdisk), "ramdisk");
    DIFF(str_eq(a->cmdline, b->cmdline), "cmdline");
    DIFF(str_eq(a->bootloader, b->bootloader), "bootloader");
    DIFF(a->nr_bootloader_args == b->nr_bootloader_args, "bootloader_args");
    for (unsigned int i = 0; i < a->nr_bootloader_args; i++)
        DIFF(str_eq(a->bootloader_args[i], b->bootloader_args[i]),
             "bootloader_args");
    DIFF(a->on_poweroff == b->on_poweroff, "on_poweroff");
    DIFF(a->on_reboot == b->on_reboot, "on_reboot");
    DIFF(a->on_crash == b->on_crash, "on_crash");
    DIFF(a->nr_disks == b->nr_disks, "disk");
    for (unsigned int i = 0; i < a->nr_disks; i++)
        if (!disk_equal(&a->disks[i], &b->disks[i], what))
            return 0;
    DIFF(a->nr_vifs == b->nr_vifs, "vif");
    for (unsigned int i = 0; i < a->nr_vifs; i++)
        if (!vif_equal(&a->vifs[i], &b->vifs[i], what))
            return 0;
    return 1;
}

/* ---- enum names ------------------------------------------------------- */

static const char *const action_names[XL_ACTION__COUNT] = {
    [XL_ACTION_DESTROY] = "destroy",
    [XL_ACTION_RESTART] = "restart",
    [XL_ACTION_RENAME_RESTART] = "rename-restart",
    [XL_ACTION_PRESERVE] = "preserve",
    [XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
};

const char *xl_action_name(enum xl_action a)
{
    return a < XL_ACTION__COUNT ? action_names[a] : "?";
}

int xl_action_parse(const char *s, enum xl_action *a)
{
    for (unsigned int i = 0; i < XL_ACTION__COUNT; i++)
        if (!strcmp(s, action_names[i])) {
            *a = i;
            return 0;
        }
    return -1;
}

static const char *const format_names[XL_DISK_FORMAT__COUNT] = {
    [XL_DISK_FORMAT_RAW] = "raw",
    [XL_DISK_FORMAT_QCOW] = "qcow",
    [XL_DISK_FORMAT_QCOW2] = "qcow2",
    [XL_DISK_FORMAT_VHD] = "vhd",
    [XL_DISK_FORMAT_QED] = "qed",
    [XL_DISK_FORMAT_EMPTY] = "empty",
};

const char *xl_disk_format_name(enum xl_disk_format f)
{
    return f < XL_DISK_FORMAT__COUNT ? format_names[f] : "?";
}

static const char *const backendtype_names[XL_DISK_BACKEND__COUNT] = {
    [XL_DISK_BACKEND_DEFAULT] = "default",
    [XL_DISK_BACKEND_PHY] = "phy",
    [XL_DISK_BACKEND_QDISK] = "qdisk",
    [XL_DISK_BACKEND_TAP] = "tap",
    [XL_DISK_BACKEND_STANDALONE] = "standalone",
};

const char *xl_disk_backendtype_name(enum xl_disk_backendtype t)
{
    return t < XL_DISK_BACKEND__COUNT ? backendtype_names[t] : "?";
}

/* ---- CPU maps --------------------------------------------------------- */

bool xl_cpumap_test(const struct xl_cpumap *map, unsigned int cpu)
{
    return cpu < XL_MAX_CPUS && (map->bits[cpu / 64] >> (cpu % 64)) & 1;
}

static void cpumap_set(struct xl_cpumap *map, unsigned int cpu, bool on)
{
    if (on)
        map->bits[cpu / 64] |= UINT64_C(1) << (cpu % 64);
    else
        map->bits[cpu / 64] &= ~(UINT64_C(1) << (cpu % 64));
}

bool xl_cpumap_is_empty(const struct xl_cpumap *map)
{
    for (unsigned int i = 0; i < XL_MAX_CPUS / 64; i++)
        if (map->bits[i])
            return false;
    return true;
}

static int parse_cpu(const char **p, unsigned long *cpu)
{
    char *end;

    if (!isdigit((unsigned char)**p))
        return -1;
    *cpu = strtoul(*p, &end, 10);
    *p = end;
    return 0;
}

int xl_cpumap_parse(const char *s, struct xl_cpumap *map, char *err,
                    size_t errlen)
{
    const char *p = s;
    bool first = true;

    memset(map, 0, sizeof(*map));
    if (!strncmp(s, "node", 4)) {
        snprintf(err, errlen, "NUMA node pinning (\"%s\") is not supported; "
                 "expected CPU numbers and ranges like \"0-3,^1\" or \"all\"",
                 s);
        return -1;
    }
    for (;;) {
        unsigned long lo, hi;
        bool exclude = false;
        const char *tok = p;

        while (*p == ' ')
            p++;
        if (*p == '^') {
            exclude = true;
            p++;
            if (first)                  /* "^1": everything but CPU 1 */
                memset(map, 0xff, sizeof(*map));
        }
        if (!strncmp(p, "all", 3) && (p[3] == ',' || p[3] == ' ' || !p[3])) {
            p += 3;
            lo = 0;
            hi = XL_MAX_CPUS - 1;
        } else {
            if (parse_cpu(&p, &lo) < 0)
                goto bad;
            hi = lo;
            if (*p == '-') {
                p++;
                if (parse_cpu(&p, &hi) < 0)
                    goto bad;
            }
            if (hi >= XL_MAX_CPUS) {
                snprintf(err, errlen, "CPU %lu is out of range; CPUs are "
                         "numbered 0 to %d", hi, XL_MAX_CPUS - 1);
                return -1;
            }
            if (lo > hi) {
                snprintf(err, errlen, "range \"%lu-%lu\" is backwards; "
                         "write \"%lu-%lu\"", lo, hi, hi, lo);
                return -1;
            }
        }
        for (unsigned long c = lo; c <= hi; c++)
            cpumap_set(map, c, !exclude);
        while (*p == ' ')
            p++;
        first = false;
        if (!*p)
            break;
        if (*p != ',')
            goto bad;
        p++;
        (void)tok;
    }
    if (xl_cpumap_is_empty(map)) {
        snprintf(err, errlen, "\"%s\" selects no CPU", s);
        return -1;
    }
    return 0;
 bad:
    snprintf(err, errlen, "expected CPU numbers and ranges like \"0-3,^1\" or "
             "\"all\", got \"%s\"", s);
    return -1;
}

char *xl_cpumap_format(const struct xl_cpumap *map)
{
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    bool all = true;

    if (!s)
        return NULL;
    for (unsigned int i = 0; i < XL_MAX_CPUS / 64; i++)
        if (map->bits[i] != UINT64_MAX)
            all = false;
    if (all) {
        strcpy(s, "all");
        return s;
    }
    s[0] = '\0';
    for (unsigned int c = 0; c < XL_MAX_CPUS; c++) {
        unsigned int e = c;
        char part[32];
        int n;

        if (!xl_cpumap_test(map, c))
            continue;
        while (e + 1 < XL_MAX_CPUS && xl_cpumap_test(map, e + 1))
            e++;
        n = e == c ? snprintf(part, sizeof(part), "%s%u", len ? "," : "", c)
                   : snprintf(part, sizeof(part), "%s%u-%u", len ? "," : "",
                              c, e);
        if (len + n + 1 > cap) {
            char *ns = realloc(s, cap = (len + n + 1) * 2);

            if (!ns) {
                free(s);
                return NULL;
            }
            s = ns;
        }
        memcpy(s + len, part, n + 1);
        len += n;
        c = e;
    }
    return s;
}

/* ---- vif helpers ------------------------------------------------------ */

void xl_mac_format(const uint8_t mac[6], char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

void xl_rate_format(const struct xl_vif *v, char *buf, size_t len)
{
    snprintf(buf, len, "%lluB/s@%uus",
             (unsigned long long)v->rate_bytes_per_sec, v->rate_interval_usec);
}
