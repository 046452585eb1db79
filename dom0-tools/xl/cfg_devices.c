/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * disk= and vif= entries: Xen's spec strings ("/img,raw,xvda,rw",
 * "mac=...,bridge=br0") or XML attribute records, into typed structs.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"

/* ---- disks ------------------------------------------------------------ */

enum { D_TARGET, D_FORMAT, D_VDEV, D_ACCESS, D_DEVTYPE, D_BACKEND,
       D_BACKENDTYPE, D_SCRIPT, D_DISCARD, D_DIRECTIO, D__COUNT };

static const char *const disk_keys[D__COUNT] = {
    "target", "format", "vdev", "access", "devtype", "backend",
    "backendtype", "script", "discard", "direct-io-safe",
};

#define DISK_ACCEPTED "target, format, vdev, access, devtype, backend, " \
    "backendtype, script, and the flags cdrom, discard, no-discard, "    \
    "direct-io-safe"

struct disk_parse {
    const struct cfg_value *v;
    const char *what;
    struct xl_msgs *msgs;
    char *val[D__COUNT];
    bool given[D__COUNT];
    bool legacy_format, legacy_cdrom;
    bool positional_target;     /* only a positional target has a prefix */
    int legacy_backendtype;
};

/*
 * A copy of a device spec value without the white space around it, as the
 * spec string's items are: an XML attribute like ip="10.0.0.2 " would
 * otherwise keep a space that no xl.cfg spec can write back.
 */
static char *strdup_trimmed(const char *s)
{
    size_t len;

    while (isspace((unsigned char)*s))
        s++;
    for (len = strlen(s); len && isspace((unsigned char)s[len - 1]); len--)
        ;
    return strndup(s, len);
}

/*
 * A target is taken as it is (see below); the other values are trimmed and
 * may not hold a comma (only XML can give one; no spec string can carry it).
 */
static int disk_set(struct disk_parse *p, int k, const char *value)
{
    if (k != D_TARGET && strchr(value, ',')) {
        xl_msg_error(p->msgs, &p->v->loc, p->what, "%s \"%s\" contains ','; "
                     "only a target may", disk_keys[k], value);
        return -1;
    }
    if (p->given[k]) {
        xl_msg_error(p->msgs, &p->v->loc, p->what, "%s given twice",
                     disk_keys[k]);
        return -1;
    }
    p->given[k] = true;
    p->val[k] = k == D_TARGET ? strdup(value) : strdup_trimmed(value);
    return p->val[k] ? 0 : -1;
}

static int disk_key(const char *key)
{
    for (int k = 0; k < D__COUNT; k++)
        if (!strcmp(key, disk_keys[k]))
            return k;
    return -1;
}

/*
 * Deprecated "phy:/dev/x", "tap:aio:/img", "qcow2:/img" prefixes of a
 * positional target. `target=` (and XML's target attribute) take the string
 * as it is: it is the one way to name a target containing ':' or ','.
 */
static const struct legacy_prefix {
    const char *prefix;
    int format;
    int bt;
} pre[] = {
    { "phy:", XL_DISK_FORMAT_RAW, XL_DISK_BACKEND_PHY },
    { "file:", XL_DISK_FORMAT_RAW, -1 },
    { "tap:aio:", XL_DISK_FORMAT_RAW, XL_DISK_BACKEND_TAP },
    { "tap2:aio:", XL_DISK_FORMAT_RAW, XL_DISK_BACKEND_TAP },
    { "aio:", XL_DISK_FORMAT_RAW, -1 },
    { "tap:qcow2:", XL_DISK_FORMAT_QCOW2, XL_DISK_BACKEND_TAP },
    { "tap:qcow:", XL_DISK_FORMAT_QCOW, XL_DISK_BACKEND_TAP },
    { "tap:vhd:", XL_DISK_FORMAT_VHD, XL_DISK_BACKEND_TAP },
    { "raw:", XL_DISK_FORMAT_RAW, -1 },
    { "qcow2:", XL_DISK_FORMAT_QCOW2, -1 },
    { "qcow:", XL_DISK_FORMAT_QCOW, -1 },
    { "vhd:", XL_DISK_FORMAT_VHD, -1 },
    { "qed:", XL_DISK_FORMAT_QED, -1 },
};

static bool has_legacy_prefix(const char *t)
{
    for (unsigned int i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
        if (!strncmp(t, pre[i].prefix, strlen(pre[i].prefix)))
            return true;
    return false;
}

static void disk_legacy_target(struct disk_parse *p)
{
    char *t = p->val[D_TARGET];

    p->legacy_backendtype = -1;
    if (!t || !p->positional_target)
        return;
    for (unsigned int i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
        size_t n = strlen(pre[i].prefix);

        if (strncmp(t, pre[i].prefix, n))
            continue;
        memmove(t, t + n, strlen(t + n) + 1);
        if (!p->val[D_FORMAT]) {
            p->given[D_FORMAT] = true;
            p->legacy_format = true;
            p->val[D_FORMAT] = strdup(xl_disk_format_name(pre[i].format));
        }
        p->legacy_backendtype = pre[i].bt;
        return;
    }
}

/* Xen spec string: flags, key=value, positional target,format,vdev,access. */
static int disk_split(struct disk_parse *p, const char *spec)
{
    static const int positional[] = { D_TARGET, D_FORMAT, D_VDEV, D_ACCESS };
    unsigned int next_pos = 0;
    const char *s = spec;

    while (*s) {
        const char *end, *eq;
        char *tok;
        int rc = 0;

        while (isspace((unsigned char)*s))
            s++;
        if (!strncmp(s, "target=", 7))  /* the rest, commas and all */
            return disk_set(p, D_TARGET, s + 7);
        end = strchr(s, ',');
        if (!end)
            end = s + strlen(s);
        tok = strndup(s, end - s);
        if (!tok)
            return -1;
        for (size_t n = strlen(tok); n && isspace((unsigned char)tok[n - 1]);
             n--)
            tok[n - 1] = '\0';
        eq = strchr(tok, '=');
        if (eq) {
            int k;

            tok[eq - tok] = '\0';
            k = disk_key(tok);
            if (k < 0 || k == D_DISCARD || k == D_DIRECTIO) {
                xl_msg_error(p->msgs, &p->v->loc, p->what, "unknown option "
                             "'%s'; accepted: " DISK_ACCEPTED, tok);
                rc = -1;
            } else {
                rc = disk_set(p, k, eq + 1);
            }
        } else if (!strcmp(tok, "cdrom")) {
            rc = disk_set(p, D_DEVTYPE, "cdrom");
        } else if (!strcmp(tok, "discard") || !strcmp(tok, "no-discard")) {
            rc = disk_set(p, D_DISCARD, tok[0] == 'n' ? "false" : "true");
        } else if (!strcmp(tok, "direct-io-safe")) {
            rc = disk_set(p, D_DIRECTIO, "true");
        } else {
            while (next_pos < 4 && p->given[positional[next_pos]])
                next_pos++;
            if (next_pos == 4) {
                xl_msg_error(p->msgs, &p->v->loc, p->what, "unexpected '%s': "
                             "target, format, vdev and access are already "
                             "given", tok);
                rc = -1;
            } else if (*tok) {
                rc = disk_set(p, positional[next_pos], tok);
                /* "raw:/img,xvda,w": the prefix was the format. */
                if (positional[next_pos++] == D_TARGET) {
                    p->positional_target = true;
                    if (has_legacy_prefix(tok) && !p->given[D_FORMAT])
                        p->given[D_FORMAT] = true;
                }
            } else {
                p->given[positional[next_pos++]] = true;    /* default */
            }
        }
        free(tok);
        if (rc < 0)
            return -1;
        s = *end ? end + 1 : end;
    }
    return 0;
}

static bool vdev_valid(const char *v)
{
    const char *p;

    if (!strncmp(v, "xvd", 3) || !strncmp(v, "hd", 2) || !strncmp(v, "sd", 2)) {
        p = v + (v[0] == 'x' ? 3 : 2);
        if (!islower((unsigned char)*p))
            return false;
        while (islower((unsigned char)*p))
            p++;
        while (isdigit((unsigned char)*p))
            p++;
        return !*p && p - v <= 16;
    }
    return false;
}

/*
 * Xen's device numbers (docs/xl.md "Disks"): xvd<x> with x < 16 and
 * partition < 16 is 202<<8 | x<<4 | p; larger ones use the extended form
 * 1<<28 | x<<8 | p (p < 256). hda-hdd are majors 3 and 22 (64 minors
 * each); sda-sdp major 8. Letters count like spreadsheet columns: a = 0,
 * z = 25, aa = 26.
 */
int xl_vdev_to_devid(const char *vdev)
{
    unsigned long disk = 0, part = 0;
    const char *p;
    int pfx;

    if (!vdev || !vdev_valid(vdev))
        return -1;
    pfx = vdev[0] == 'x' ? 3 : 2;
    for (p = vdev + pfx; islower((unsigned char)*p); p++) {
        disk = disk * 26 + (unsigned long)(*p - 'a' + 1);
        if (disk > (1ul << 20))
            return -1;
    }
    disk--;
    if (*p) {
        if (p[0] == '0' && p[1])
            return -1;
        part = strtoul(p, NULL, 10);
    }
    if (vdev[0] == 'x') {
        if (disk < 16 && part < 16)
            return (int)((202u << 8) | (disk << 4) | part);
        if (disk < (1ul << 20) && part < 256)
            return (int)((1u << 28) | (disk << 8) | part);
        return -1;
    }
    if (vdev[0] == 'h' && disk < 4 && part < 64)
        return (int)(((disk < 2 ? 3u : 22u) << 8) | ((disk & 1) << 6) | part);
    if (vdev[0] == 's' && disk < 16 && part < 16)
        return (int)((8u << 8) | (disk << 4) | part);
    return -1;
}

static int parse_bool(const char *s, bool *b)
{
    if (!strcmp(s, "true") || !strcmp(s, "1")) {
        *b = true;
        return 0;
    }
    if (!strcmp(s, "false") || !strcmp(s, "0")) {
        *b = false;
        return 0;
    }
    return -1;
}

static int disk_finish(struct disk_parse *p, struct xl_disk *d)
{
    const char *w = p->what;
    const struct xl_loc *loc = &p->v->loc;
    char *vdev = p->val[D_VDEV];
    bool b;

    memset(d, 0, sizeof(*d));
    d->discard = -1;
    disk_legacy_target(p);
    if (vdev) {                         /* deprecated "hdc:cdrom" */
        char *colon = strchr(vdev, ':');

        if (colon && (!strcmp(colon, ":cdrom") || !strcmp(colon, ":disk"))) {
            p->legacy_cdrom = !strcmp(colon, ":cdrom");
            *colon = '\0';
        }
    }
    if (p->val[D_DEVTYPE] && strcmp(p->val[D_DEVTYPE], "cdrom") &&
        strcmp(p->val[D_DEVTYPE], "disk")) {
        xl_msg_error(p->msgs, loc, w, "devtype \"%s\" is not known; expected "
                     "disk or cdrom", p->val[D_DEVTYPE]);
        return -1;
    }
    d->cdrom = p->legacy_cdrom ||
               (p->val[D_DEVTYPE] && !strcmp(p->val[D_DEVTYPE], "cdrom"));
    if (!vdev || !*vdev) {
        xl_msg_error(p->msgs, loc, w, "no vdev given; write e.g. "
                     "'/images/guest.img,raw,xvda,rw' or "
                     "'vdev=xvda, target=/images/guest.img'");
        return -1;
    }
    if (!vdev_valid(vdev) || xl_vdev_to_devid(vdev) < 0) {
        xl_msg_error(p->msgs, loc, w, "vdev \"%s\" is not a virtual disk "
                     "name; expected xvd<letters>[<partition>] like xvda or "
                     "xvdb1 (or hd<x>/sd<x>)", vdev);
        return -1;
    }
    d->format = XL_DISK_FORMAT_RAW;
    if (p->val[D_FORMAT] && *p->val[D_FORMAT]) {
        unsigned int f;

        for (f = 0; f < XL_DISK_FORMAT__COUNT; f++)
            if (!strcmp(p->val[D_FORMAT], xl_disk_format_name(f)))
                break;
        if (f == XL_DISK_FORMAT__COUNT) {
            xl_msg_error(p->msgs, loc, w, "format \"%s\" is not known; "
                         "expected raw, qcow, qcow2, vhd, qed or empty",
                         p->val[D_FORMAT]);
            return -1;
        }
        d->format = f;
    }
    if (p->val[D_ACCESS] && *p->val[D_ACCESS]) {
        const char *a = p->val[D_ACCESS];

        if (!strcmp(a, "r") || !strcmp(a, "ro"))
            d->readonly = true;
        else if (strcmp(a, "w") && strcmp(a, "rw")) {
            xl_msg_error(p->msgs, loc, w, "access \"%s\" is not known; "
                         "expected ro, r, rw or w", a);
            return -1;
        }
    } else if (d->cdrom) {
        d->readonly = true;             /* Xen: cdroms default to ro */
    }
    if (p->val[D_TARGET] && !*p->val[D_TARGET]) {
        free(p->val[D_TARGET]);
        p->val[D_TARGET] = NULL;
    }
    if (!p->val[D_TARGET]) {
        if (!d->cdrom) {
            xl_msg_error(p->msgs, loc, w, "no target given; only a cdrom may "
                         "be empty; write e.g. '/images/guest.img,raw,%s,rw'",
                         vdev);
            return -1;
        }
        d->format = XL_DISK_FORMAT_EMPTY;
    } else if (d->format == XL_DISK_FORMAT_EMPTY) {
        xl_msg_error(p->msgs, loc, w, "format \"empty\" cannot have a target "
                     "(\"%s\")", p->val[D_TARGET]);
        return -1;
    }
    d->backendtype = p->legacy_backendtype >= 0 ? p->legacy_backendtype
                                                : XL_DISK_BACKEND_DEFAULT;
    if (p->val[D_BACKENDTYPE]) {
        unsigned int t;

        for (t = 1; t < XL_DISK_BACKEND__COUNT; t++)
            if (!strcmp(p->val[D_BACKENDTYPE], xl_disk_backendtype_name(t)))
                break;
        if (t == XL_DISK_BACKEND__COUNT) {
            xl_msg_error(p->msgs, loc, w, "backendtype \"%s\" is not known; "
                         "expected phy, qdisk, tap or standalone",
                         p->val[D_BACKENDTYPE]);
            return -1;
        }
        d->backendtype = t;
    }
    if (p->val[D_DISCARD]) {
        if (parse_bool(p->val[D_DISCARD], &b) < 0) {
            xl_msg_error(p->msgs, loc, w, "discard \"%s\" is not a boolean; "
                         "expected true or false", p->val[D_DISCARD]);
            return -1;
        }
        d->discard = b;
    }
    if (p->val[D_DIRECTIO]) {
        if (parse_bool(p->val[D_DIRECTIO], &b) < 0) {
            xl_msg_error(p->msgs, loc, w, "direct-io-safe \"%s\" is not a "
                         "boolean; expected true or false", p->val[D_DIRECTIO]);
            return -1;
        }
        d->direct_io_safe = b;
    }
    /* Move strings over to the result. */
    d->target = p->val[D_TARGET];
    d->vdev = p->val[D_VDEV];
    d->backend = p->val[D_BACKEND];
    d->script = p->val[D_SCRIPT];
    p->val[D_TARGET] = p->val[D_VDEV] = p->val[D_BACKEND] = NULL;
    p->val[D_SCRIPT] = NULL;
    return 0;
}

int cfg_disk_from_value(const struct cfg_value *v, const char *what,
                        struct xl_disk *d, struct xl_msgs *msgs)
{
    struct disk_parse p = { .v = v, .what = what, .msgs = msgs };
    int rc = 0;

    if (v->kind == CFG_STRING) {
        rc = disk_split(&p, v->text);
    } else if (v->kind == CFG_RECORD) {
        for (unsigned int i = 0; i < v->nr_items && !rc; i++) {
            int k = disk_key(v->pairs[i].key);

            if (k < 0) {
                xl_msg_error(msgs, &v->loc, what, "unknown option '%s'; "
                             "accepted: " DISK_ACCEPTED, v->pairs[i].key);
                rc = -1;
            } else {
                rc = disk_set(&p, k, v->pairs[i].value);
            }
        }
    } else {
        xl_msg_error(msgs, &v->loc, what, "expected a disk spec string like "
                     "'/images/guest.img,raw,xvda,rw', got %s",
                     v->kind == CFG_LIST ? "a list" : "a number");
        rc = -1;
    }
    if (!rc)
        rc = disk_finish(&p, d);
    for (int k = 0; k < D__COUNT; k++)
        free(p.val[k]);
    return rc;
}

/* ---- vifs ------------------------------------------------------------- */

/*
 * Every key of Xen's xl-network-configuration(5) is either honoured (the
 * table below) or refused with the reason (vif_refused[]); nothing is
 * silently dropped. Xenolite runs PV guests only, whose NIC is always the
 * netfront/netback pair: no emulated model, no device model, no COLO.
 */
#define VIF_ACCEPTED "mac, bridge, ip, vifname, backend, script, " \
    "rate, gatewaydev, mtu, type, backendtype"

static const struct {
    const char *key;            /* a key, or a prefix when it ends in '_' */
    const char *why;
} vif_refused[] = {
    { "model", "PV guests have no emulated NIC: every vif is a PV "
      "(netfront) device, which has no model; remove model=" },
    { "devid", "vifs are numbered by their place in the list (0, 1, ...) "
      "and network-attach takes the next free number; remove devid=" },
    { "netdev", "it is Xen's deprecated name of gatewaydev; write "
      "gatewaydev= instead" },
    { "accel", "Xen dropped vif acceleration and so does Xenolite; remove "
      "accel=" },
    { "forwarddev", "COLO fault tolerance is not supported" },
    { "colo_", "COLO fault tolerance is not supported" },
};

/* The reason a known Xen key is refused, NULL if it is not one of them. */
static const char *vif_refusal(const char *key)
{
    for (size_t i = 0; i < sizeof(vif_refused) / sizeof(vif_refused[0]); i++) {
        const char *k = vif_refused[i].key;
        size_t n = strlen(k);

        if (k[n - 1] == '_' ? !strncmp(key, k, n) : !strcmp(key, k))
            return vif_refused[i].why;
    }
    return NULL;
}

int xl_mac_parse(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
            return -1;
        mac[i] = (uint8_t)strtoul((char[]){ s[0], s[1], 0 }, NULL, 16);
        s += 2;
        if (i < 5 && *s++ != ':')
            return -1;
    }
    return *s ? -1 : 0;
}

/* "10.0.0.2" or several, space-separated (Xen's vif-bridge takes a list). */
static bool ip_list_ok(const char *s)
{
    char *copy = strdup(s), *save = NULL, *tok;
    struct in_addr a;
    bool ok = copy && *s;

    for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok && ok;
         tok = strtok_r(NULL, " ", &save))
        ok = inet_pton(AF_INET, tok, &a) == 1;
    free(copy);
    return ok;
}

/* A Linux network interface name: 1-15 bytes, no '/', ':' or white space. */
static bool ifname_ok(const char *s)
{
    size_t n = strlen(s);

    if (!n || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
        return false;
    for (; *s; s++)
        if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
            return false;
    return true;
}

/* "10Mb/s", "5MB/s@20ms", "100000B/s@1s": Xen's decimal multipliers. */
static int parse_rate(const char *s, uint64_t *bps, uint32_t *usec)
{
    unsigned long long n, mult = 1, iv = 50000;
    char *p;

    if (!isdigit((unsigned char)*s))
        return -1;
    n = strtoull(s, &p, 10);
    switch (*p) {
    case 'K': case 'k': mult = 1000ULL; p++; break;
    case 'M': mult = 1000000ULL; p++; break;
    case 'G': mult = 1000000000ULL; p++; break;
    case 'T': mult = 1000000000000ULL; p++; break;
    }
    if (*p == 'b')
        n = n * mult / 8;
    else if (*p == 'B')
        n = n * mult;
    else
        return -1;
    if (strncmp(++p, "/s", 2))
        return -1;
    p += 2;
    if (*p == '@') {
        unsigned long long t;

        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        t = strtoull(p, &p, 10);
        if (!strcmp(p, "s"))
            iv = t * 1000000ULL;
        else if (!strcmp(p, "ms"))
            iv = t * 1000ULL;
        else if (!strcmp(p, "us"))
            iv = t;
        else
            return -1;
        p += strlen(p);
    }
    if (*p || !n || !iv || iv > UINT32_MAX)
        return -1;
    *bps = n;
    *usec = (uint32_t)iv;
    return 0;
}

static int vif_set_value(const char *key, const char *val, const char *what,
                         const struct xl_loc *loc, struct xl_vif *vif,
                         unsigned int *seen, struct xl_msgs *msgs)
{
    static const char *const keys[] = {
        "mac", "bridge", "ip", "vifname", "backend", "script",
        "rate", "gatewaydev", "mtu", "type", "backendtype",
    };
    char **strs[] = { NULL, &vif->bridge, &vif->ip,
                      &vif->vifname, &vif->backend, &vif->script, &vif->rate,
                      &vif->gatewaydev, NULL, &vif->type, &vif->backendtype };
    const char *why;
    unsigned int k;

    for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        if (!strcmp(key, keys[k]))
            break;
    if (k == sizeof(keys) / sizeof(keys[0])) {
        if ((why = vif_refusal(key)))
            xl_msg_error(msgs, loc, what, "%s=%s is not supported: %s", key,
                         val, why);
        else
            xl_msg_error(msgs, loc, what, "unknown option '%s'; accepted: "
                         VIF_ACCEPTED, key);
        return -1;
    }
    if (*seen & (1u << k)) {
        xl_msg_error(msgs, loc, what, "%s given twice", key);
        return -1;
    }
    *seen |= 1u << k;
    if (!strcmp(key, "mac")) {
        if (xl_mac_parse(val, vif->mac) < 0) {
            xl_msg_error(msgs, loc, what, "mac \"%s\" is not a MAC address; "
                         "expected six hex pairs like 00:16:3e:12:34:56", val);
            return -1;
        }
        if (vif->mac[0] & 1) {
            xl_msg_error(msgs, loc, what, "mac \"%s\" is a multicast address; "
                         "the first byte must be even (e.g. 00:16:3e:...)",
                         val);
            return -1;
        }
        vif->has_mac = true;
        return 0;
    }
    if (!strcmp(key, "mtu")) {
        char *end;
        unsigned long m = strtoul(val, &end, 10);

        if (!isdigit((unsigned char)*val) || *end || m < 68 || m > 65535) {
            xl_msg_error(msgs, loc, what, "mtu \"%s\" is not valid; expected "
                         "an integer from 68 to 65535", val);
            return -1;
        }
        vif->mtu = (unsigned int)m;
        return 0;
    }
    if (!strcmp(key, "rate") &&
        parse_rate(val, &vif->rate_bytes_per_sec, &vif->rate_interval_usec)) {
        xl_msg_error(msgs, loc, what, "rate \"%s\" is not a rate; expected "
                     "<number>[K|M|G|T]<b|B>/s[@<number><s|ms|us>] like "
                     "\"10Mb/s\" or \"5MB/s@20ms\"", val);
        return -1;
    }
    if (!strcmp(key, "type") && !strcmp(val, "ioemu")) {
        xl_msg_error(msgs, loc, what, "type=ioemu is not supported: it adds "
                     "an emulated NIC for HVM guests and Xenolite runs PV "
                     "guests only; use type=vif (the default)");
        return -1;
    }
    if (!strcmp(key, "type") && strcmp(val, "vif")) {
        xl_msg_error(msgs, loc, what, "type \"%s\" is not a vif type; "
                     "expected vif", val);
        return -1;
    }
    if (!strcmp(key, "backend") && strcmp(val, "0") &&
        strcmp(val, "Domain-0")) {
        xl_msg_error(msgs, loc, what, "backend=%s is not supported: only "
                     "dom0 serves network interfaces (no driver domains); "
                     "expected 0 or Domain-0", val);
        return -1;
    }
    if (!strcmp(key, "ip") && !ip_list_ok(val)) {
        xl_msg_error(msgs, loc, what, "ip \"%s\" is not valid; expected "
                     "IPv4 addresses separated by spaces like 10.0.0.2", val);
        return -1;
    }
    if (!strcmp(key, "backendtype") && strcmp(val, "qnic") &&
        strcmp(val, "netback")) {
        xl_msg_error(msgs, loc, what, "backendtype \"%s\" is not a net back "
                     "end; expected qnic (the default) or netback", val);
        return -1;
    }
    if ((!strcmp(key, "vifname") || !strcmp(key, "bridge")) &&
        !ifname_ok(val)) {
        xl_msg_error(msgs, loc, what, "%s \"%s\" is not a network interface "
                     "name; expected 1 to 15 characters without '/', ':' or "
                     "spaces", key, val);
        return -1;
    }
    *strs[k] = strdup(val);
    return *strs[k] ? 0 : -1;
}

/* One key=value of a vif: the value trimmed, without commas (as for disks). */
static int vif_set(const char *key, const char *val, const char *what,
                   const struct xl_loc *loc, struct xl_vif *vif,
                   unsigned int *seen, struct xl_msgs *msgs)
{
    char *trimmed;
    int rc;

    if (strchr(val, ',')) {
        xl_msg_error(msgs, loc, what, "%s \"%s\" contains ','; a vif spec "
                     "cannot carry it", key, val);
        return -1;
    }
    trimmed = strdup_trimmed(val);
    if (!trimmed)
        return -1;
    rc = vif_set_value(key, trimmed, what, loc, vif, seen, msgs);
    free(trimmed);
    return rc;
}

/*
 * gatewaydev= is read only by a hotplug script (vif-route, vif-nat): xl's
 * own bridge hotplug neither filters nor routes, so without script= it
 * would be dropped and is refused instead. ip= is always honoured: xl
 * writes it to the backend's "ip" node, where PV kernels such as xlkernel
 * (and Xen's Mini-OS) take their address from; only a script filters by it.
 */
static int vif_finish(const struct xl_vif *vif, const char *what,
                      const struct xl_loc *loc, struct xl_msgs *msgs)
{
    if (!vif->gatewaydev || vif->script)
        return 0;
    xl_msg_error(msgs, loc, what, "gatewaydev=%s needs script=: only a "
                 "hotplug script (like Xen's vif-route or vif-nat) uses it "
                 "and xl's own bridge hotplug does no routing",
                 vif->gatewaydev);
    return -1;
}

int cfg_vif_from_value(const struct cfg_value *v, const char *what,
                       struct xl_vif *vif, struct xl_msgs *msgs)
{
    unsigned int seen = 0;
    int rc = 0;

    memset(vif, 0, sizeof(*vif));
    if (v->kind == CFG_RECORD) {
        for (unsigned int i = 0; i < v->nr_items && !rc; i++)
            rc = vif_set(v->pairs[i].key, v->pairs[i].value, what, &v->loc,
                         vif, &seen, msgs);
    } else if (v->kind == CFG_STRING) {
        char *copy = strdup(v->text), *save = NULL, *tok;

        if (!copy)
            return -1;
        for (tok = strtok_r(copy, ",", &save); tok && !rc;
             tok = strtok_r(NULL, ",", &save)) {
            char *eq, *end;

            while (isspace((unsigned char)*tok))
                tok++;
            for (end = tok + strlen(tok); end > tok &&
                 isspace((unsigned char)end[-1]); end--)
                end[-1] = '\0';
            if (!*tok)
                continue;
            eq = strchr(tok, '=');
            if (!eq) {
                xl_msg_error(msgs, &v->loc, what, "expected key=value, got "
                             "'%s'; accepted keys: " VIF_ACCEPTED, tok);
                rc = -1;
                break;
            }
            *eq = '\0';
            rc = vif_set(tok, eq + 1, what, &v->loc, vif, &seen, msgs);
        }
        free(copy);
    } else {
        xl_msg_error(msgs, &v->loc, what, "expected a vif spec string like "
                     "'mac=00:16:3e:12:34:56,bridge=xenbr0', got %s",
                     v->kind == CFG_LIST ? "a list" : "a number");
        rc = -1;
    }
    if (!rc)
        rc = vif_finish(vif, what, &v->loc, msgs);
    if (rc < 0) {
        xl_vif_free(vif);
        memset(vif, 0, sizeof(*vif));
    }
    return rc;
}
