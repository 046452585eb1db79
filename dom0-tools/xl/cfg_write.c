/* SPDX-License-Identifier: GPL-2.0-only */
/* struct xl_domain_config -> canonical xl.cfg text (create -n --format=cfg). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "cfg_syntax.h"

/* Double-quoted with the escapes the lexer reads back. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void put_str(FILE *f, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(f, "%s = ", key);
    put_quoted(f, value);
    fputc('\n', f);
}

/* Items of a spec string; values are assumed comma-free except target. */
static void spec_add(char **spec, size_t *len, FILE **f, const char *k,
                     const char *v)
{
    if (!*f)
        *f = open_memstream(spec, len);
    if (!*f)
        return;
    if (ftell(*f))
        fputs(",", *f);
    if (v)
        fprintf(*f, "%s=%s", k, v);
    else
        fputs(k, *f);
}

char *xl_disk_spec(const struct xl_disk *d)
{
    char *spec = NULL;
    size_t len = 0;
    FILE *f = NULL;

    spec_add(&spec, &len, &f, "format", xl_disk_format_name(d->format));
    spec_add(&spec, &len, &f, "vdev", d->vdev);
    spec_add(&spec, &len, &f, "access", d->readonly ? "ro" : "rw");
    if (d->cdrom)
        spec_add(&spec, &len, &f, "devtype", "cdrom");
    if (d->backend)
        spec_add(&spec, &len, &f, "backend", d->backend);
    if (d->backendtype != XL_DISK_BACKEND_DEFAULT)
        spec_add(&spec, &len, &f, "backendtype",
                 xl_disk_backendtype_name(d->backendtype));
    if (d->script)
        spec_add(&spec, &len, &f, "script", d->script);
    if (d->discard >= 0)
        spec_add(&spec, &len, &f, d->discard ? "discard" : "no-discard", NULL);
    if (d->direct_io_safe)
        spec_add(&spec, &len, &f, "direct-io-safe", NULL);
    if (d->target)                      /* last: it may contain commas */
        spec_add(&spec, &len, &f, "target", d->target);
    if (f)
        fclose(f);
    return spec;
}

static char *vif_spec(const struct xl_vif *v)
{
    char *spec = NULL, buf[64];
    size_t len = 0;
    FILE *f = open_memstream(&spec, &len);

    if (!f)
        return NULL;
    if (v->has_mac) {
        xl_mac_format(v->mac, buf);
        spec_add(&spec, &len, &f, "mac", buf);
    }
    if (v->bridge)
        spec_add(&spec, &len, &f, "bridge", v->bridge);
    if (v->ip)
        spec_add(&spec, &len, &f, "ip", v->ip);
    if (v->model)
        spec_add(&spec, &len, &f, "model", v->model);
    if (v->vifname)
        spec_add(&spec, &len, &f, "vifname", v->vifname);
    if (v->backend)
        spec_add(&spec, &len, &f, "backend", v->backend);
    if (v->script)
        spec_add(&spec, &len, &f, "script", v->script);
    if (v->rate) {
        xl_rate_format(v, buf, sizeof(buf));
        spec_add(&spec, &len, &f, "rate", buf);
    }
    if (v->gatewaydev)
        spec_add(&spec, &len, &f, "gatewaydev", v->gatewaydev);
    if (v->type)
        spec_add(&spec, &len, &f, "type", v->type);
    if (v->backendtype)
        spec_add(&spec, &len, &f, "backendtype", v->backendtype);
    if (v->mtu) {
        snprintf(buf, sizeof(buf), "%u", v->mtu);
        spec_add(&spec, &len, &f, "mtu", buf);
    }
    fclose(f);
    return spec;
}

char *xl_cfg_write(const struct xl_domain_config *c)
{
    char *out = NULL, uuid[37];
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    bool ok = true;

    if (!f)
        return NULL;
    put_str(f, "name", c->name);
    uuid_unparse_lower(c->uuid, uuid);
    put_str(f, "uuid", uuid);
    put_str(f, "type", "pv");
    fprintf(f, "memory = %llu\n", (unsigned long long)c->memory_mib);
    fprintf(f, "maxmem = %llu\n", (unsigned long long)c->maxmem_mib);
    fprintf(f, "vcpus = %u\n", c->vcpus);
    fprintf(f, "maxvcpus = %u\n", c->maxvcpus);
    if (c->max_event_channels)
        fprintf(f, "max_event_channels = %u\n", c->max_event_channels);
    if (c->nr_cpumaps) {
        fputs(c->cpus_per_vcpu ? "cpus = [ " : "cpus = ", f);
        for (unsigned int i = 0; i < c->nr_cpumaps; i++) {
            char *m = xl_cpumap_format(&c->cpumaps[i]);

            if (!m) {
                ok = false;
                break;
            }
            put_quoted(f, m);
            if (c->cpus_per_vcpu)
                fputs(", ", f);
            free(m);
        }
        fputs(c->cpus_per_vcpu ? "]\n" : "\n", f);
    }
    put_str(f, "kernel", c->kernel);
    put_str(f, "ramdisk", c->ramdisk);
    put_str(f, "cmdline", c->cmdline);
    put_str(f, "bootloader", c->bootloader);
    if (c->nr_bootloader_args) {
        fputs("bootloader_args = [", f);
        for (unsigned int i = 0; i < c->nr_bootloader_args; i++) {
            put_quoted(f, c->bootloader_args[i]);
            fputs(i + 1 < c->nr_bootloader_args ? ", " : "]\n", f);
        }
    }
    put_str(f, "on_poweroff", xl_action_name(c->on_poweroff));
    put_str(f, "on_reboot", xl_action_name(c->on_reboot));
    put_str(f, "on_crash", xl_action_name(c->on_crash));
    fputs("disk = [", f);
    for (unsigned int i = 0; i < c->nr_disks; i++) {
        char *s = xl_disk_spec(&c->disks[i]);

        if (!s) {
            ok = false;
            break;
        }
        fputs("\n    ", f);
        put_quoted(f, s);
        fputc(',', f);
        free(s);
    }
    fputs(c->nr_disks ? "\n]\n" : " ]\n", f);
    fputs("vif = [", f);
    for (unsigned int i = 0; i < c->nr_vifs; i++) {
        char *s = vif_spec(&c->vifs[i]);

        if (!s) {
            ok = false;
            break;
        }
        fputs("\n    ", f);
        put_quoted(f, s);
        fputc(',', f);
        free(s);
    }
    fputs(c->nr_vifs ? "\n]\n" : " ]\n", f);
    fclose(f);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}
