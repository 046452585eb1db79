/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * yajl generator for the stable xl JSON schema (docs/xl-json.md). Every
 * key is always present (null when unknown) so consumers can rely on it;
 * new keys may be added, existing ones never change meaning.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "xl_json.h"

#define CHK(x) do { if ((x) != yajl_gen_status_ok) return -1; } while (0)

static int key(yajl_gen g, const char *k)
{
    return yajl_gen_string(g, (const unsigned char *)k, strlen(k)) ==
           yajl_gen_status_ok ? 0 : -1;
}

static int str(yajl_gen g, const char *k, const char *v)
{
    if (key(g, k) < 0)
        return -1;
    if (!v)
        return yajl_gen_null(g) == yajl_gen_status_ok ? 0 : -1;
    return yajl_gen_string(g, (const unsigned char *)v, strlen(v)) ==
           yajl_gen_status_ok ? 0 : -1;
}

static int num(yajl_gen g, const char *k, unsigned long long v)
{
    char buf[32];

    if (key(g, k) < 0)
        return -1;
    snprintf(buf, sizeof(buf), "%llu", v);   /* exact for all of uint64 */
    return yajl_gen_number(g, buf, strlen(buf)) == yajl_gen_status_ok ? 0 : -1;
}

static int boolean(yajl_gen g, const char *k, bool v)
{
    if (key(g, k) < 0)
        return -1;
    return yajl_gen_bool(g, v) == yajl_gen_status_ok ? 0 : -1;
}

static int null(yajl_gen g, const char *k)
{
    if (key(g, k) < 0)
        return -1;
    return yajl_gen_null(g) == yajl_gen_status_ok ? 0 : -1;
}

static int gen_cpus(yajl_gen g, const struct xl_domain_config *c)
{
    if (!c->nr_cpumaps)
        return null(g, "cpus");
    if (key(g, "cpus") < 0)
        return -1;
    CHK(yajl_gen_map_open(g));
    if (boolean(g, "per_vcpu", c->cpus_per_vcpu) < 0 || key(g, "maps") < 0)
        return -1;
    CHK(yajl_gen_array_open(g));
    for (unsigned int i = 0; i < c->nr_cpumaps; i++) {
        char *m = xl_cpumap_format(&c->cpumaps[i]);
        int rc;

        if (!m)
            return -1;
        rc = yajl_gen_string(g, (unsigned char *)m, strlen(m));
        free(m);
        CHK(rc);
    }
    CHK(yajl_gen_array_close(g));
    CHK(yajl_gen_map_close(g));
    return 0;
}

static int gen_disk(yajl_gen g, const struct xl_disk *d)
{
    CHK(yajl_gen_map_open(g));
    if (str(g, "target", d->target) < 0 ||
        str(g, "format", xl_disk_format_name(d->format)) < 0 ||
        str(g, "vdev", d->vdev) < 0 ||
        str(g, "access", d->readonly ? "ro" : "rw") < 0 ||
        str(g, "devtype", d->cdrom ? "cdrom" : "disk") < 0 ||
        str(g, "backend", d->backend) < 0 ||
        str(g, "backendtype", xl_disk_backendtype_name(d->backendtype)) < 0 ||
        str(g, "script", d->script) < 0)
        return -1;
    if ((d->discard < 0 ? null(g, "discard")
                        : boolean(g, "discard", d->discard)) < 0 ||
        boolean(g, "direct_io_safe", d->direct_io_safe) < 0)
        return -1;
    CHK(yajl_gen_map_close(g));
    return 0;
}

static int gen_vif(yajl_gen g, const struct xl_vif *v)
{
    char mac[18];

    CHK(yajl_gen_map_open(g));
    if (v->has_mac)
        xl_mac_format(v->mac, mac);
    if (str(g, "mac", v->has_mac ? mac : NULL) < 0 ||
        str(g, "bridge", v->bridge) < 0 || str(g, "ip", v->ip) < 0 ||
        str(g, "model", v->model) < 0 || str(g, "vifname", v->vifname) < 0 ||
        str(g, "backend", v->backend) < 0 || str(g, "script", v->script) < 0 ||
        str(g, "gatewaydev", v->gatewaydev) < 0 ||
        str(g, "type", v->type) < 0 ||
        str(g, "backendtype", v->backendtype) < 0 ||
        (v->mtu ? num(g, "mtu", v->mtu) : null(g, "mtu")) < 0)
        return -1;
    if (!v->rate) {
        if (null(g, "rate") < 0)
            return -1;
    } else {
        if (key(g, "rate") < 0)
            return -1;
        CHK(yajl_gen_map_open(g));
        if (num(g, "bytes_per_sec", v->rate_bytes_per_sec) < 0 ||
            num(g, "interval_usec", v->rate_interval_usec) < 0)
            return -1;
        CHK(yajl_gen_map_close(g));
    }
    CHK(yajl_gen_map_close(g));
    return 0;
}

int xl_json_gen_config(yajl_gen g, const struct xl_domain_config *c)
{
    char uuid[37];

    uuid_unparse_lower(c->uuid, uuid);
    CHK(yajl_gen_map_open(g));
    if (str(g, "name", c->name) < 0 || str(g, "uuid", uuid) < 0 ||
        str(g, "type", "pv") < 0 ||
        num(g, "memory_mib", c->memory_mib) < 0 ||
        num(g, "maxmem_mib", c->maxmem_mib) < 0 ||
        num(g, "vcpus", c->vcpus) < 0 ||
        num(g, "maxvcpus", c->maxvcpus) < 0 || gen_cpus(g, c) < 0 ||
        str(g, "kernel", c->kernel) < 0 || str(g, "ramdisk", c->ramdisk) < 0 ||
        str(g, "cmdline", c->cmdline) < 0 ||
        str(g, "bootloader", c->bootloader) < 0 ||
        key(g, "bootloader_args") < 0)
        return -1;
    CHK(yajl_gen_array_open(g));
    for (unsigned int i = 0; i < c->nr_bootloader_args; i++)
        CHK(yajl_gen_string(g, (const unsigned char *)c->bootloader_args[i],
                            strlen(c->bootloader_args[i])));
    CHK(yajl_gen_array_close(g));
    if (str(g, "on_poweroff", xl_action_name(c->on_poweroff)) < 0 ||
        str(g, "on_reboot", xl_action_name(c->on_reboot)) < 0 ||
        str(g, "on_crash", xl_action_name(c->on_crash)) < 0 ||
        key(g, "disks") < 0)
        return -1;
    CHK(yajl_gen_array_open(g));
    for (unsigned int i = 0; i < c->nr_disks; i++)
        if (gen_disk(g, &c->disks[i]) < 0)
            return -1;
    CHK(yajl_gen_array_close(g));
    if (key(g, "vifs") < 0)
        return -1;
    CHK(yajl_gen_array_open(g));
    for (unsigned int i = 0; i < c->nr_vifs; i++)
        if (gen_vif(g, &c->vifs[i]) < 0)
            return -1;
    CHK(yajl_gen_array_close(g));
    CHK(yajl_gen_map_close(g));
    return 0;
}

static const char *const state_names[] = {
    "running", "blocked", "paused", "shutdown", "crashed", "dying",
};

static const char *shutdown_name(enum xl_shutdown_reason r)
{
    switch (r) {
    case XL_SHUTDOWN_POWEROFF: return "poweroff";
    case XL_SHUTDOWN_REBOOT: return "reboot";
    case XL_SHUTDOWN_SUSPEND: return "suspend";
    case XL_SHUTDOWN_CRASH: return "crash";
    case XL_SHUTDOWN_WATCHDOG: return "watchdog";
    case XL_SHUTDOWN_SOFT_RESET: return "soft_reset";
    default: return NULL;
    }
}

static int gen_runtime(yajl_gen g, const struct xl_domain_info *i)
{
    char flags[7];

    if (!i)
        return null(g, "runtime");
    for (unsigned int b = 0; b < 6; b++)
        flags[b] = (i->state & (1u << b)) ? "rbpscd"[b] : '-';
    flags[6] = '\0';
    if (key(g, "runtime") < 0)
        return -1;
    CHK(yajl_gen_map_open(g));
    if (key(g, "state") < 0)
        return -1;
    CHK(yajl_gen_array_open(g));
    for (unsigned int b = 0; b < 6; b++)
        if (i->state & (1u << b))
            CHK(yajl_gen_string(g, (const unsigned char *)state_names[b],
                                strlen(state_names[b])));
    CHK(yajl_gen_array_close(g));
    if (str(g, "state_string", flags) < 0 ||
        str(g, "shutdown_reason", shutdown_name(i->shutdown_reason)) < 0 ||
        num(g, "memory_kib", i->current_memkb) < 0 ||
        num(g, "max_memory_kib", i->max_memkb) < 0 ||
        num(g, "online_vcpus", i->online_vcpus) < 0 ||
        num(g, "max_vcpus", i->max_vcpus) < 0 ||
        num(g, "cpu_time_ns", i->cpu_time_ns) < 0 ||
        num(g, "uptime_sec", i->uptime_sec) < 0)
        return -1;
    CHK(yajl_gen_map_close(g));
    return 0;
}

int xl_json_gen_domain(yajl_gen g, const struct xl_json_domain *d)
{
    const char *name = d->info ? d->info->name
                               : (d->config ? d->config->name : NULL);
    const uint8_t *u = d->info ? d->info->uuid
                               : (d->config ? d->config->uuid : NULL);
    char uuid[37];

    if (u)
        uuid_unparse_lower(u, uuid);
    CHK(yajl_gen_map_open(g));
    if (num(g, "xl_json_version", XL_JSON_VERSION) < 0 ||
        (d->info ? num(g, "domid", d->info->domid) : null(g, "domid")) < 0 ||
        str(g, "name", name) < 0 || str(g, "uuid", u ? uuid : NULL) < 0 ||
        gen_runtime(g, d->info) < 0)
        return -1;
    if (!d->config) {
        if (null(g, "config") < 0)
            return -1;
    } else if (key(g, "config") < 0 || xl_json_gen_config(g, d->config) < 0) {
        return -1;
    }
    CHK(yajl_gen_map_close(g));
    return 0;
}

char *xl_json_domains(const struct xl_json_domain *doms, unsigned int nr)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    char *out = NULL;

    if (!g)
        return NULL;
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_config(g, yajl_gen_indent_string, "    ");
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    if (yajl_gen_array_open(g) != yajl_gen_status_ok)
        goto out;
    for (unsigned int i = 0; i < nr; i++)
        if (xl_json_gen_domain(g, &doms[i]) < 0)
            goto out;
    if (yajl_gen_array_close(g) != yajl_gen_status_ok ||
        yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok)
        goto out;
    out = malloc(len + 2);
    if (out) {
        memcpy(out, buf, len);
        /* yajl's beautify mode already ends the document with '\n'. */
        if (!len || out[len - 1] != '\n')
            out[len++] = '\n';
        out[len] = '\0';
    }
 out:
    yajl_gen_free(g);
    return out;
}
