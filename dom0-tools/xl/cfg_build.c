/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Settings -> struct xl_domain_config: one handler per known key, Xen's
 * defaults and combination rules, cross-field checks. Every message names
 * the source, line and key and says what is accepted.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "cfg_syntax.h"

#define MAX_PARTS 16

/* The effective value of one key: the last '=' and the '+=' after it. */
struct eff {
    const char *key;
    const struct xl_loc *loc;           /* of the last part */
    unsigned int nr_parts;
    const struct cfg_setting *parts[MAX_PARTS];
};

struct build {
    struct xl_domain_config *c;
    struct xl_msgs *msgs;
    const char *src;
    unsigned int errors;
    /* Raw values that combine after all keys are seen. */
    const struct eff *memory, *maxmem, *vcpus, *maxvcpus, *cpus, *uuid;
    char *root, *extra, *cmdline;
    bool have_cmdline;
    bool seen_name, seen_kernel;        /* set, even if invalid */
    const struct xl_loc *bootloader, *bootloader_args;  /* where set */
};

static void err(struct build *b, const struct xl_loc *loc, const char *key,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void err(struct build *b, const struct xl_loc *loc, const char *key,
                const char *fmt, ...)
{
    char body[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(body, sizeof(body), fmt, ap);
    va_end(ap);
    xl_msg_error(b->msgs, loc, key, "%s", body);
    b->errors++;
}

/* "\"lots\"", "a list" */
static void describe(const struct cfg_value *v, char *buf, size_t len)
{
    switch (v->kind) {
    case CFG_STRING:
    case CFG_NUMBER:
        snprintf(buf, len, "\"%s\"", v->text);
        break;
    case CFG_LIST:
        snprintf(buf, len, "a list");
        break;
    case CFG_RECORD:
        snprintf(buf, len, "a record");
        break;
    }
}

/* A scalar (parts of a '+=' chain concatenated); NULL after an error. */
static char *get_scalar(struct build *b, const struct eff *e,
                        const char *expected)
{
    size_t len = 0;
    char *s, what[256];

    for (unsigned int i = 0; i < e->nr_parts; i++) {
        const struct cfg_value *v = e->parts[i]->value;

        if (v->kind != CFG_STRING && v->kind != CFG_NUMBER) {
            describe(v, what, sizeof(what));
            err(b, &e->parts[i]->loc, e->key, "expected %s, got %s", expected,
                what);
            return NULL;
        }
        len += strlen(v->text);
    }
    s = malloc(len + 1);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (unsigned int i = 0; i < e->nr_parts; i++)
        strcat(s, e->parts[i]->value->text);
    return s;
}

static int get_uint(struct build *b, const struct eff *e, const char *unit,
                    uint64_t min, uint64_t max, uint64_t *out)
{
    char expected[128], *s, *end;
    unsigned long long n;
    int base = 10;

    snprintf(expected, sizeof(expected), "an integer number of %s", unit);
    s = get_scalar(b, e, expected);
    if (!s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16;
    errno = 0;
    n = strtoull(s, &end, base);
    if (!isdigit((unsigned char)s[0]) || *end || (base == 16 && end == s + 2)) {
        err(b, e->loc, e->key, "expected %s, got \"%s\"", expected, s);
        free(s);
        return -1;
    }
    if (errno == ERANGE || n < min || n > max) {
        err(b, e->loc, e->key, "%s is out of range; expected %llu to %llu %s",
            s, (unsigned long long)min, (unsigned long long)max, unit);
        free(s);
        return -1;
    }
    free(s);
    *out = n;
    return 0;
}

/* Every item of a list-valued key ('+=' parts appended). */
static int get_items(struct build *b, const struct eff *e, const char *expected,
                     const struct cfg_value ***items, unsigned int *nr)
{
    const struct cfg_value **v = NULL;
    unsigned int n = 0;
    char what[256];

    for (unsigned int i = 0; i < e->nr_parts; i++) {
        const struct cfg_value *p = e->parts[i]->value;
        const struct cfg_value **nv;

        if (p->kind != CFG_LIST) {
            describe(p, what, sizeof(what));
            err(b, &e->parts[i]->loc, e->key, "expected %s, got %s", expected,
                what);
            free(v);
            return -1;
        }
        nv = realloc(v, (n + p->nr_items + 1) * sizeof(*v));
        if (!nv) {
            free(v);
            return -1;
        }
        v = nv;
        for (unsigned int j = 0; j < p->nr_items; j++)
            v[n++] = p->items[j];
    }
    *items = v;
    *nr = n;
    return 0;
}

/* ---- key handlers ----------------------------------------------------- */

static int set_string(struct build *b, const struct eff *e, char **dst,
                      bool nonempty)
{
    char *s = get_scalar(b, e, "a string");

    if (!s)
        return -1;
    if (nonempty && !*s) {
        err(b, e->loc, e->key, "expected a non-empty string, got \"\"");
        free(s);
        return -1;
    }
    free(*dst);
    *dst = s;
    return 0;
}

static int h_name(struct build *b, const struct eff *e)
{
    char *s = get_scalar(b, e, "a domain name string");
    const char *p;
    bool digits = true;

    if (!s)
        return -1;
    for (p = s; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("-_.:+@", *p)) {
            char bad[8];

            snprintf(bad, sizeof(bad), isprint((unsigned char)*p) ? "'%c'"
                     : "0x%02x", (unsigned char)*p);
            err(b, e->loc, e->key, "\"%s\" contains %s; a name may contain "
                "only ASCII letters, digits and - _ . : + @", s, bad);
            goto fail;
        }
        if (!isdigit((unsigned char)*p))
            digits = false;
    }
    if (!*s || p - s > XL_MAX_NAME_LEN) {
        err(b, e->loc, e->key, "expected 1 to %d characters, got %zu",
            XL_MAX_NAME_LEN, (size_t)(p - s));
        goto fail;
    }
    if (digits) {
        err(b, e->loc, e->key, "\"%s\" is all digits and would read as a "
            "domain id; include a non-digit", s);
        goto fail;
    }
    free(b->c->name);
    b->c->name = s;
    return 0;
 fail:
    free(s);
    return -1;
}

static int h_uuid(struct build *b, const struct eff *e)
{
    char *s = get_scalar(b, e, "a UUID string");

    if (!s)
        return -1;
    if (uuid_parse(s, b->c->uuid) < 0) {
        err(b, e->loc, e->key, "expected a UUID like "
            "\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\", got \"%s\"", s);
        free(s);
        return -1;
    }
    b->uuid = e;
    free(s);
    return 0;
}

static int h_type(struct build *b, const struct eff *e)
{
    bool builder = !strcmp(e->key, "builder");
    char *s = get_scalar(b, e, "a string");
    int rc = 0;

    if (!s)
        return -1;
    if (!strcmp(s, builder ? "generic" : "pv")) {
        b->c->type = XL_TYPE_PV;
    } else if (!strcmp(s, "hvm") || !strcmp(s, "pvh")) {
        err(b, e->loc, e->key, "\"%s\" guests are not supported; this xl "
            "builds only PV guests (%s)", s,
            builder ? "builder = \"generic\"" : "type = \"pv\"");
        rc = -1;
    } else {
        err(b, e->loc, e->key, "expected \"%s\", got \"%s\"",
            builder ? "generic" : "pv", s);
        rc = -1;
    }
    free(s);
    return rc;
}

static int h_memory(struct build *b, const struct eff *e)
{
    uint64_t v;

    if (get_uint(b, e, "MiB", 1, XL_MAX_MEMORY_MIB, &v) < 0)
        return -1;
    if (!strcmp(e->key, "memory")) {
        b->c->memory_mib = v;
        b->memory = e;
    } else {
        b->c->maxmem_mib = v;
        b->maxmem = e;
    }
    return 0;
}

static int h_vcpus(struct build *b, const struct eff *e)
{
    uint64_t v;

    if (get_uint(b, e, "vCPUs", 1, XL_MAX_VCPUS, &v) < 0)
        return -1;
    if (!strcmp(e->key, "vcpus")) {
        b->c->vcpus = (unsigned int)v;
        b->vcpus = e;
    } else {
        b->c->maxvcpus = (unsigned int)v;
        b->maxvcpus = e;
    }
    return 0;
}

/* Xen's max_event_channels= (libxl's event_channels, default 1023). */
static int h_evtchn(struct build *b, const struct eff *e)
{
    uint64_t v;

    if (get_uint(b, e, "event channels", 1, XL_MAX_EVTCHN, &v) < 0)
        return -1;
    b->c->max_event_channels = (unsigned int)v;
    return 0;
}

static int h_cpus(struct build *b, const struct eff *e)
{
    struct xl_domain_config *c = b->c;
    const struct cfg_value **items = NULL;
    unsigned int nr = 1;
    char msg[256];
    char *one = NULL;
    int rc = 0;

    if (e->parts[0]->value->kind == CFG_LIST) {
        if (get_items(b, e, "a pinning string like \"0-3,^1\" or a list of "
                      "them (one per vCPU)", &items, &nr) < 0)
            return -1;
        if (!nr) {
            err(b, e->loc, e->key, "the per-vCPU list is empty; remove cpus= "
                "to leave vCPUs unpinned");
            free(items);
            return -1;
        }
    } else {
        one = get_scalar(b, e, "a pinning string like \"0-3,^1\" or a list "
                         "of them (one per vCPU)");
        if (!one)
            return -1;
    }
    free(c->cpumaps);
    c->cpumaps = calloc(nr, sizeof(*c->cpumaps));
    c->nr_cpumaps = 0;
    if (!c->cpumaps)
        rc = -1;
    for (unsigned int i = 0; !rc && i < nr; i++) {
        const struct cfg_value *v = items ? items[i] : NULL;
        const char *text = v ? v->text : one;

        if (v && v->kind != CFG_STRING && v->kind != CFG_NUMBER) {
            err(b, &v->loc, e->key, "entry %u: expected a pinning string like "
                "\"0-3,^1\", got a list", i);
            rc = -1;
        } else if (xl_cpumap_parse(text, &c->cpumaps[i], msg,
                                   sizeof(msg)) < 0) {
            if (items)
                err(b, &v->loc, e->key, "entry %u: %s", i, msg);
            else
                err(b, e->loc, e->key, "%s", msg);
            rc = -1;
        }
    }
    if (!rc) {
        c->nr_cpumaps = nr;
        c->cpus_per_vcpu = items != NULL;
        b->cpus = e;
    }
    free(items);
    free(one);
    return rc;
}

static int h_kernel(struct build *b, const struct eff *e)
{
    return set_string(b, e, !strcmp(e->key, "kernel") ? &b->c->kernel
                                                      : &b->c->ramdisk, true);
}

/*
 * bootloader_args: a list of strings, or (Xen's deprecated form) one string
 * split at spaces.
 */
static int h_bootloader(struct build *b, const struct eff *e)
{
    struct xl_domain_config *c = b->c;
    const struct cfg_value **items;
    unsigned int nr;
    char *s, *tok, *save;

    if (!strcmp(e->key, "bootloader")) {
        b->bootloader = e->loc;
        return set_string(b, e, &c->bootloader, true);
    }
    b->bootloader_args = e->loc;
    if (e->nr_parts == 1 && e->parts[0]->value->kind == CFG_STRING) {
        if (!(s = get_scalar(b, e, "a string")))
            return -1;
        for (tok = strtok_r(s, " ", &save); tok;
             tok = strtok_r(NULL, " ", &save)) {
            char **n = realloc(c->bootloader_args,
                               (c->nr_bootloader_args + 1) * sizeof(*n));

            if (!n || !(n[c->nr_bootloader_args] = strdup(tok))) {
                if (n)
                    c->bootloader_args = n;
                free(s);
                return -1;
            }
            c->bootloader_args = n;
            c->nr_bootloader_args++;
        }
        free(s);
        return 0;
    }
    if (get_items(b, e, "a list of strings like [ '--entry=1' ]", &items,
                  &nr) < 0)
        return -1;
    c->bootloader_args = calloc(nr ? nr : 1, sizeof(char *));
    for (unsigned int i = 0; c->bootloader_args && i < nr; i++) {
        if (items[i]->kind != CFG_STRING) {
            err(b, &items[i]->loc, e->key, "item %u: expected a string", i);
            break;
        }
        if (!(c->bootloader_args[i] = strdup(items[i]->text)))
            break;
        c->nr_bootloader_args++;
    }
    free(items);
    return c->bootloader_args && c->nr_bootloader_args == nr ? 0 : -1;
}

static int h_cmdline(struct build *b, const struct eff *e)
{
    if (!strcmp(e->key, "root"))
        return set_string(b, e, &b->root, false);
    if (!strcmp(e->key, "extra"))
        return set_string(b, e, &b->extra, false);
    b->have_cmdline = true;
    return set_string(b, e, &b->cmdline, false);
}

static int h_action(struct build *b, const struct eff *e)
{
    enum xl_action a, *dst;
    char *s = get_scalar(b, e, "an action name");

    if (!s)
        return -1;
    if (!strcmp(e->key, "on_poweroff"))
        dst = &b->c->on_poweroff;
    else if (!strcmp(e->key, "on_reboot"))
        dst = &b->c->on_reboot;
    else
        dst = &b->c->on_crash;
    if (xl_action_parse(s, &a) < 0) {
        if (!strcmp(s, "soft-reset"))
            err(b, e->loc, e->key, "\"soft-reset\" is not supported for PV "
                "guests; expected destroy, restart, rename-restart, preserve, "
                "coredump-destroy or coredump-restart");
        else
            err(b, e->loc, e->key, "expected destroy, restart, "
                "rename-restart, preserve, coredump-destroy or "
                "coredump-restart, got \"%s\"", s);
        free(s);
        return -1;
    }
    free(s);
    *dst = a;
    return 0;
}

static int h_disk(struct build *b, const struct eff *e)
{
    struct xl_domain_config *c = b->c;
    const struct cfg_value **items;
    unsigned int nr;
    int rc = 0;

    if (get_items(b, e, "a list of disk spec strings like "
                  "[ '/images/guest.img,raw,xvda,rw' ]", &items, &nr) < 0)
        return -1;
    c->disks = calloc(nr ? nr : 1, sizeof(*c->disks));
    if (!c->disks) {
        free(items);
        return -1;
    }
    for (unsigned int i = 0; i < nr; i++) {
        char what[32];

        snprintf(what, sizeof(what), "disk[%u]", i);
        if (cfg_disk_from_value(items[i], what, &c->disks[c->nr_disks],
                                b->msgs) < 0) {
            b->errors++;
            rc = -1;
            continue;
        }
        for (unsigned int j = 0; j < c->nr_disks; j++)
            if (!strcmp(c->disks[j].vdev, c->disks[c->nr_disks].vdev)) {
                err(b, &items[i]->loc, what, "vdev %s is already used by "
                    "disk[%u]", c->disks[j].vdev, j);
                rc = -1;
            }
        c->nr_disks++;
    }
    free(items);
    return rc;
}

static int h_vif(struct build *b, const struct eff *e)
{
    struct xl_domain_config *c = b->c;
    const struct cfg_value **items;
    unsigned int nr;
    int rc = 0;

    if (get_items(b, e, "a list of vif spec strings like "
                  "[ 'mac=00:16:3e:12:34:56,bridge=xenbr0' ]", &items,
                  &nr) < 0)
        return -1;
    c->vifs = calloc(nr ? nr : 1, sizeof(*c->vifs));
    if (!c->vifs) {
        free(items);
        return -1;
    }
    for (unsigned int i = 0; i < nr; i++) {
        char what[32];

        snprintf(what, sizeof(what), "vif[%u]", i);
        if (cfg_vif_from_value(items[i], what, &c->vifs[c->nr_vifs],
                               b->msgs) < 0) {
            b->errors++;
            rc = -1;
            continue;
        }
        c->nr_vifs++;
    }
    free(items);
    return rc;
}

static const struct key {
    const char *key;
    int (*handler)(struct build *b, const struct eff *e);
} keys[] = {
    { "name", h_name },
    { "uuid", h_uuid },
    { "type", h_type },
    { "builder", h_type },
    { "memory", h_memory },
    { "maxmem", h_memory },
    { "vcpus", h_vcpus },
    { "maxvcpus", h_vcpus },
    { "max_event_channels", h_evtchn },
    { "cpus", h_cpus },
    { "kernel", h_kernel },
    { "ramdisk", h_kernel },
    { "cmdline", h_cmdline },
    { "extra", h_cmdline },
    { "root", h_cmdline },
    { "bootloader", h_bootloader },
    { "bootloader_args", h_bootloader },
    { "on_poweroff", h_action },
    { "on_reboot", h_action },
    { "on_crash", h_action },
    { "disk", h_disk },
    { "vif", h_vif },
};

/* Optimal string alignment distance, for "did you mean" hints. */
static unsigned int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned int d[33][33];

    if (la > 32 || lb > 32)
        return 99;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned int cost = a[i - 1] != b[j - 1], v = d[i - 1][j] + 1;

            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/*
 * A key no handler takes: a Xen key Xenolite refuses (with the reason,
 * unless given the one value that asks for what Xenolite does anyway), or
 * an unknown one (with a "did you mean"). Either is an error: nothing in a
 * config is silently ignored.
 */
static void unknown_key(struct build *b, const struct eff *e)
{
    const struct cfg_refused *r = cfg_refused_key(e->key);
    const struct cfg_value *v = e->parts[e->nr_parts - 1]->value;
    const char *best = NULL;
    unsigned int best_d = 3;

    if (r) {
        if (r->ok_value && e->nr_parts == 1 &&
            (v->kind == CFG_STRING || v->kind == CFG_NUMBER) &&
            !strcmp(v->text, r->ok_value))
            return;
        if (r->ok_value)
            err(b, e->loc, e->key, "not supported by Xenolite: %s (only "
                "\"%s\" is accepted)", r->why, r->ok_value);
        else
            err(b, e->loc, e->key, "not supported by Xenolite: %s", r->why);
        return;
    }
    for (unsigned int i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
        unsigned int d = edit_distance(e->key, keys[i].key);

        if (d < best_d) {
            best_d = d;
            best = keys[i].key;
        }
    }
    if (best)
        err(b, e->loc, e->key, "unknown key (did you mean '%s'?)", best);
    else
        err(b, e->loc, e->key, "unknown key: not an xl.cfg(5) key "
            "(docs/xl.md lists the keys)");
}

/* Fold file settings then overrides into per-key effective values. */
static int merge(struct build *b, const struct cfg_file *const files[2],
                 struct eff **out, unsigned int *nr_out)
{
    struct eff *effs = NULL;
    unsigned int nr = 0;

    for (int f = 0; f < 2; f++) {
        if (!files[f])
            continue;
        for (unsigned int i = 0; i < files[f]->nr; i++) {
            const struct cfg_setting *s = &files[f]->settings[i];
            struct eff *e = NULL;

            for (unsigned int j = 0; j < nr; j++)
                if (!strcmp(effs[j].key, s->key))
                    e = &effs[j];
            if (!e) {
                struct eff *n = realloc(effs, (nr + 1) * sizeof(*n));

                if (!n) {
                    free(effs);
                    return -1;
                }
                effs = n;
                e = &effs[nr++];
                memset(e, 0, sizeof(*e));
                e->key = s->key;
            } else if (!s->append) {
                const struct cfg_setting *prev = e->parts[0];

                /* Same source twice is probably a mistake; overrides aren't. */
                if (f == 0 && prev->loc.src)
                    xl_msg_warn(b->msgs, &s->loc, s->key, "set again; this "
                                "value replaces the one on line %d",
                                prev->loc.line);
                e->nr_parts = 0;
            }
            if (e->nr_parts == MAX_PARTS) {
                err(b, &s->loc, s->key, "more than %d '+=' appends",
                    MAX_PARTS - 1);
                free(effs);
                return -1;
            }
            e->parts[e->nr_parts++] = s;
            e->loc = &s->loc;
        }
    }
    *out = effs;
    *nr_out = nr;
    return 0;
}

/* Defaults, Xen's cmdline rule, cross-field checks. */
static void finish(struct build *b)
{
    struct xl_domain_config *c = b->c;
    struct xl_loc file = { b->src ? b->src : "command line", 0, 0 };

    if (!b->seen_name)
        err(b, &file, "name", "required; add e.g. name = \"guest1\"");
    if (!b->seen_kernel && !c->bootloader)
        err(b, &file, "kernel", "required for a PV guest unless bootloader= "
            "is set; add e.g. kernel = \"/boot/vmlinuz\" or bootloader = "
            "\"pygrub\"");
    if (b->seen_kernel && c->bootloader)
        xl_msg_warn(b->msgs, b->bootloader, "bootloader", "ignored because "
                    "kernel= is set");
    else if (c->bootloader && !c->nr_disks)
        err(b, b->bootloader, "bootloader", "needs a disk to read the guest's "
            "kernel from; add disk = [ '/images/guest.img,raw,xvda,rw' ]");
    if (b->bootloader_args && !c->bootloader)
        xl_msg_warn(b->msgs, b->bootloader_args, "bootloader_args", "ignored "
                    "because bootloader= is not set");
    if (!b->memory)
        c->memory_mib = 128;
    if (!b->maxmem)
        c->maxmem_mib = c->memory_mib;
    else if (c->maxmem_mib < c->memory_mib)
        err(b, b->maxmem->loc, "maxmem", "%llu MiB is less than memory "
            "(%llu MiB); maxmem must be at least memory",
            (unsigned long long)c->maxmem_mib,
            (unsigned long long)c->memory_mib);
    if (!b->vcpus)
        c->vcpus = 1;
    if (!b->maxvcpus)
        c->maxvcpus = c->vcpus;
    else if (c->maxvcpus < c->vcpus)
        err(b, b->maxvcpus->loc, "maxvcpus", "%u is less than vcpus (%u); "
            "maxvcpus must be at least vcpus", c->maxvcpus, c->vcpus);
    if (b->cpus && c->cpus_per_vcpu && c->nr_cpumaps > c->maxvcpus)
        err(b, b->cpus->loc, "cpus", "%u per-vCPU entries but the guest has "
            "only %u vCPUs", c->nr_cpumaps, c->maxvcpus);
    if (b->have_cmdline) {
        if (b->root || b->extra)
            xl_msg_warn(b->msgs, &file, "cmdline", "root= and extra= are "
                        "ignored because cmdline= is set");
        c->cmdline = b->cmdline;
        b->cmdline = NULL;
    } else if (b->root && b->extra) {
        if (asprintf(&c->cmdline, "root=%s %s", b->root, b->extra) < 0)
            c->cmdline = NULL;
    } else if (b->root) {
        if (asprintf(&c->cmdline, "root=%s", b->root) < 0)
            c->cmdline = NULL;
    } else if (b->extra) {
        c->cmdline = b->extra;
        b->extra = NULL;
    }
    if (!b->uuid) {
        uuid_generate(c->uuid);
        c->uuid_generated = true;
    }
}

int cfg_build(const struct cfg_file *file, const struct cfg_file *overrides,
              struct xl_domain_config *c, struct xl_msgs *msgs)
{
    const struct cfg_file *files[2] = { file, overrides };
    struct build b = { .c = c, .msgs = msgs, .src = file ? file->src : NULL };
    struct eff *effs = NULL;
    unsigned int nr = 0, errors_before = msgs->nr_errors;

    xl_config_init(c);
    if (merge(&b, files, &effs, &nr) < 0)
        goto out;
    for (unsigned int i = 0; i < nr; i++) {
        unsigned int k;

        for (k = 0; k < sizeof(keys) / sizeof(*keys); k++)
            if (!strcmp(effs[i].key, keys[k].key))
                break;
        if (!strcmp(effs[i].key, "name"))
            b.seen_name = true;
        if (!strcmp(effs[i].key, "kernel"))
            b.seen_kernel = true;
        if (k == sizeof(keys) / sizeof(*keys))
            unknown_key(&b, &effs[i]);
        else if (keys[k].handler(&b, &effs[i]) < 0 &&
                 msgs->nr_errors == errors_before)
            err(&b, effs[i].loc, effs[i].key, "out of memory");
    }
    finish(&b);
 out:
    free(effs);
    free(b.root);
    free(b.extra);
    free(b.cmdline);
    if (b.errors || msgs->nr_errors != errors_before) {
        xl_config_free(c);
        return -1;
    }
    return 0;
}
