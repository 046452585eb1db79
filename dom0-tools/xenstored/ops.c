/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: the wire message table and its handlers. xsd_dispatch() checks
 * the type, the privilege flag and the argument count centrally; handlers
 * return 0 after replying or a negative errno, which becomes an XS_ERROR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

#define MAX_ARGS 64

struct req {
    struct conn *c;
    const struct xsd_sockmsg *hdr;
    char *payload;
    const char *args[MAX_ARGS];
    unsigned int nargs;
};

static int reply(struct req *r, const void *data, size_t len)
{
    struct xs_frag f = { data, (uint32_t)len };

    if (len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    conn_send(r->c, r->hdr->type, r->hdr->req_id, r->hdr->tx_id, &f, 1);
    return 0;
}

static int reply_ok(struct req *r)
{
    return reply(r, "OK", 3);
}

static int parse_domid(const char *s, uint16_t *domid)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || v >= XSD_NR_DOMIDS)
        return -EINVAL;
    *domid = (uint16_t)v;
    return 0;
}

/* Canonical, validated node path of argument i into buf. */
static int arg_path(struct req *r, unsigned int i, char *buf)
{
    if (i >= r->nargs || !xs_path_check(r->args[i], XS_PATH_NODE))
        return -EINVAL;
    return store_canonical(r->c, r->args[i], buf);
}

/* Looks a node up and checks that the caller holds the needed access. */
static int get_checked(struct view *v, struct conn *c, const char *path,
                       unsigned int need, const char **value, uint32_t *len,
                       struct perms *perms)
{
    struct perms p;
    int rc = view_get(v, path, value, len, &p);

    if (rc)
        return rc;
    if ((perms_for(c, &p) & need) != need)
        return -EACCES;
    if (perms)
        *perms = p;
    return 0;
}

/* Opens the request's view; the caller closes it. */
static struct view *open_view(struct req *r, int *rc)
{
    int err = 0;
    struct view *v = view_open(r->c, r->hdr->tx_id, &err);

    *rc = -err;
    return v;
}

static int do_read(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *val;
    uint32_t len;
    struct view *v;
    int rc = arg_path(r, 0, path);

    if (rc || !(v = open_view(r, &rc)))
        return rc;
    rc = get_checked(v, r->c, path, XS_PERM_READ, &val, &len, NULL);
    if (!rc)
        rc = reply(r, val, len);
    view_close(v);
    return rc;
}

struct dirbuf {
    char *buf;
    size_t len, cap;
};

static int dir_add(const char *name, void *arg)
{
    struct dirbuf *d = arg;
    size_t l = strlen(name) + 1;

    if (d->len + l > d->cap) {
        size_t cap = (d->cap + l) * 2;
        char *b = realloc(d->buf, cap);

        if (!b)
            return -ENOMEM;
        d->buf = b;
        d->cap = cap;
    }
    memcpy(d->buf + d->len, name, l);
    d->len += l;
    return 0;
}

static int list_children(struct req *r, struct view **vp, struct dirbuf *d)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    int rc = arg_path(r, 0, path);

    if (rc || !(*vp = open_view(r, &rc)))
        return rc;
    rc = get_checked(*vp, r->c, path, XS_PERM_READ, NULL, NULL, NULL);
    if (!rc)
        rc = view_children(*vp, path, dir_add, d);
    return rc;
}

static int do_directory(struct req *r)
{
    struct dirbuf d = { 0 };
    struct view *v = NULL;
    int rc = list_children(r, &v, &d);

    if (!rc)
        rc = reply(r, d.buf ? d.buf : "", d.len);
    if (v)
        view_close(v);
    free(d.buf);
    return rc;
}

/*
 * DIRECTORY_PART path offset: "<generation>\0" then whole child names from
 * byte offset on; an extra empty string marks the end of the list.
 */
static int do_directory_part(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], *out = NULL;
    struct dirbuf d = { 0 };
    struct view *v = NULL;
    unsigned long off;
    size_t olen, take = 0;
    char *end;
    int rc;

    if (r->nargs != 2)
        return -EINVAL;
    off = strtoul(r->args[1], &end, 10);
    if (*end || !*r->args[1])
        return -EINVAL;
    rc = list_children(r, &v, &d);
    if (rc)
        goto out;
    if (off > d.len) {
        rc = -ERANGE;
        goto out;
    }
    out = malloc(XENSTORE_PAYLOAD_MAX + 1);
    if (!out) {
        rc = -ENOMEM;
        goto out;
    }
    arg_path(r, 0, path);
    olen = (size_t)snprintf(out, 32, "%llu",
                            (unsigned long long)view_gen(v, path)) + 1;
    /* Whole names only, leaving room for the terminating empty string. */
    while (off + take < d.len) {
        size_t l = strlen(d.buf + off + take) + 1;

        if (olen + take + l + 1 > XENSTORE_PAYLOAD_MAX)
            break;
        take += l;
    }
    if (take)                   /* d.buf is NULL when there are no children */
        memcpy(out + olen, d.buf + off, take);
    olen += take;
    if (off + take == d.len)
        out[olen++] = '\0';
    rc = reply(r, out, olen);
 out:
    if (rc == -ERANGE)
        rc = -EINVAL;
    if (v)
        view_close(v);
    free(out);
    free(d.buf);
    return rc;
}

/* "/a/b/c" -> "/a/b" in place; returns 0 at the root. */
static int up(char *path)
{
    char *slash = strrchr(path, '/');

    if (!strcmp(path, "/"))
        return 0;
    if (slash == path)
        slash[1] = '\0';
    else
        *slash = '\0';
    return 1;
}

/* Creates path (and missing parents) or updates its value. */
static int write_node(struct req *r, struct view *v, const char *path,
                      const char *value, uint32_t len, int mkdir)
{
    char anc[XENSTORE_ABS_PATH_MAX + 1];
    struct perms p, np;
    unsigned int depth = 0, i;
    int rc;

    if (!r->c->privileged && len > xsd_store.quota.entry_size)
        return -ENOSPC;
    rc = view_get(v, path, NULL, NULL, &p);
    if (!rc) {
        if (mkdir)
            return 0;
        if (!(perms_for(r->c, &p) & XS_PERM_WRITE))
            return -EACCES;
        return view_put(v, path, value, len, &p, 1);
    }
    if (rc != -ENOENT)
        return rc;
    /* Find the nearest existing ancestor; it decides access and perms. */
    strcpy(anc, path);
    do {
        if (!up(anc))
            return -ENOENT;
        depth++;
    } while ((rc = view_get(v, anc, NULL, NULL, &p)) == -ENOENT);
    if (rc)
        return rc;
    if (!(perms_for(r->c, &p) & XS_PERM_WRITE))
        return -EACCES;
    if (perms_dup(&np, &p))
        return -ENOMEM;
    /* New nodes inherit the parent's perms, owned by their creator. */
    if (!r->c->privileged)
        np.p[0].id = r->c->domid;
    for (i = depth; i > 0 && !rc; i--) {
        unsigned int k;

        strcpy(anc, path);
        for (k = 1; k < i; k++)
            up(anc);
        if (!r->c->privileged &&
            view_owned_nodes(v, r->c->domid) >=
                (int)xsd_store.quota.nodes_per_domain)
            rc = -ENOSPC;
        else if (i == 1)
            rc = view_put(v, anc, value, len, &np, 1);
        else
            rc = view_put(v, anc, "", 0, &np, 0);
    }
    perms_free(&np);
    return rc;
}

static int do_write(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *value;
    uint32_t plen, vlen;
    struct view *v;
    int rc;

    if (r->nargs < 1)
        return -EINVAL;
    plen = (uint32_t)strlen(r->payload) + 1;
    value = r->payload + plen;
    vlen = r->hdr->len - plen;
    rc = arg_path(r, 0, path);
    if (rc || !(v = open_view(r, &rc)))
        return rc;
    rc = write_node(r, v, path, value, vlen, 0);
    if (!rc)
        rc = reply_ok(r);
    view_close(v);
    return rc;
}

static int do_mkdir(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct view *v;
    int rc = arg_path(r, 0, path);

    if (rc || !(v = open_view(r, &rc)))
        return rc;
    rc = write_node(r, v, path, "", 0, 1);
    if (!rc)
        rc = reply_ok(r);
    view_close(v);
    return rc;
}

static int do_rm(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], parent[XENSTORE_ABS_PATH_MAX + 1];
    struct view *v;
    int rc = arg_path(r, 0, path);

    if (rc || !(v = open_view(r, &rc)))
        return rc;
    rc = get_checked(v, r->c, path, XS_PERM_WRITE, NULL, NULL, NULL);
    if (rc == -ENOENT) {
        /* Removing what is already gone is fine if the parent exists. */
        strcpy(parent, path);
        up(parent);
        if (!view_get(v, parent, NULL, NULL, NULL))
            rc = 0;
    } else if (!rc) {
        rc = view_rm(v, path);
    }
    if (!rc)
        rc = reply_ok(r);
    view_close(v);
    return rc;
}

static int reply_perms(struct req *r, const struct perms *p)
{
    static const char letters[] = "nrwb";
    size_t len = 0;
    char *out = malloc((size_t)p->n * 8 + 1);
    int rc;

    if (!out)
        return -ENOMEM;
    for (unsigned int i = 0; i < p->n; i++)
        len += (size_t)sprintf(out + len, "%c%u", letters[p->p[i].perm & 3],
                               p->p[i].id) + 1;
    rc = reply(r, out, len);
    free(out);
    return rc;
}

/* The perms of a special node named by argument 0, or NULL. */
static struct perms *special_arg(struct req *r)
{
    if (!r->nargs || r->args[0][0] != '@' ||
        !xs_path_check(r->args[0], XS_PATH_SPECIAL))
        return NULL;
    return store_special(r->args[0]);
}

static int do_get_perms(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct perms p, *sp = special_arg(r);
    struct view *v;
    int rc;

    if (sp)
        return (perms_for(r->c, sp) & XS_PERM_READ) ? reply_perms(r, sp)
                                                    : -EACCES;
    rc = arg_path(r, 0, path);
    if (rc || !(v = open_view(r, &rc)))
        return rc;
    rc = get_checked(v, r->c, path, XS_PERM_READ, NULL, NULL, &p);
    if (!rc)
        rc = reply_perms(r, &p);
    view_close(v);
    return rc;
}

/* SET_PERMS from cur to np: needs write access (checked by the caller). */
static int may_set_perms(const struct conn *c, const struct perms *cur,
                         const struct perms *np)
{
    if (c->privileged)
        return 0;
    /* Only the owner (or a privileged caller) changes perms... */
    if (cur->p[0].id != c->domid && cur->p[0].id != c->target)
        return -EPERM;
    /* ...and only a privileged caller gives a node away. */
    return np->p[0].id != cur->p[0].id ? -EPERM : 0;
}

/* Special nodes have no value and live outside transactions. */
static int set_special_perms(struct req *r, struct perms *sp,
                             struct perms *np)
{
    int rc = 0;

    if (!(perms_for(r->c, sp) & XS_PERM_WRITE))
        rc = -EACCES;
    if (!rc)
        rc = may_set_perms(r->c, sp, np);
    if (rc) {
        perms_free(np);
        return rc;
    }
    perms_free(sp);
    *sp = *np;
    return reply_ok(r);
}

static int do_set_perms(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct perms cur, np, *sp = special_arg(r);
    const char *val;
    uint32_t len;
    struct view *v;
    int rc = sp ? 0 : arg_path(r, 0, path);

    if (rc)
        return rc;
    if (r->nargs < 2 || r->nargs > MAX_ARGS)
        return -EINVAL;
    rc = perms_parse(&np, r->args + 1, r->nargs - 1);
    if (rc)
        return rc;
    if (sp)
        return set_special_perms(r, sp, &np);
    if (!(v = open_view(r, &rc))) {
        perms_free(&np);
        return rc;
    }
    rc = get_checked(v, r->c, path, XS_PERM_WRITE, &val, &len, &cur);
    if (!rc)
        rc = may_set_perms(r->c, &cur, &np);
    if (!rc) {
        char *copy = malloc(len + 1);

        if (!copy) {
            rc = -ENOMEM;
        } else {
            memcpy(copy, val, len);
            rc = view_put(v, path, copy, len, &np, 1);
            free(copy);
        }
    }
    if (!rc)
        rc = reply_ok(r);
    view_close(v);
    perms_free(&np);
    return rc;
}

static int do_watch(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_frag f[2];
    int rc;

    if (r->nargs != 2 ||
        !xs_path_check(r->args[0], XS_PATH_NODE | XS_PATH_SPECIAL))
        return -EINVAL;
    rc = store_canonical(r->c, r->args[0], path);
    if (!rc)
        rc = watch_add(r->c, path, r->args[1],
                       r->args[0][0] != '/' && r->args[0][0] != '@');
    if (rc)
        return rc;
    reply_ok(r);
    /* Every new watch fires once at once, so clients can sync state. */
    f[0] = (struct xs_frag){ r->args[0], (uint32_t)strlen(r->args[0]) + 1 };
    f[1] = (struct xs_frag){ r->args[1], (uint32_t)strlen(r->args[1]) + 1 };
    conn_send_event(r->c, f, 2);
    return 0;
}

static int do_unwatch(struct req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    int rc;

    if (r->nargs != 2 ||
        !xs_path_check(r->args[0], XS_PATH_NODE | XS_PATH_SPECIAL))
        return -EINVAL;
    rc = store_canonical(r->c, r->args[0], path);
    if (!rc)
        rc = watch_remove(r->c, path, r->args[1]);
    return rc ? rc : reply_ok(r);
}

static int do_tx_start(struct req *r)
{
    char buf[16];
    uint32_t id;
    int rc;

    if (r->hdr->tx_id)
        return -EBUSY;                  /* no nesting */
    rc = tx_start(r->c, &id);
    if (rc)
        return rc;
    return reply(r, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static int do_tx_end(struct req *r)
{
    int rc;

    if (r->nargs != 1 || (strcmp(r->args[0], "T") && strcmp(r->args[0], "F")))
        return -EINVAL;
    rc = tx_end(r->c, r->hdr->tx_id, r->args[0][0] == 'T');
    return rc ? rc : reply_ok(r);
}

static int do_introduce(struct req *r)
{
    unsigned long long mfn;
    unsigned long port;
    uint16_t domid;
    char *end;
    int rc;

    if (r->nargs < 3 || parse_domid(r->args[0], &domid))
        return -EINVAL;
    mfn = strtoull(r->args[1], &end, 10);
    if (*end || !*r->args[1])
        return -EINVAL;
    port = strtoul(r->args[2], &end, 10);
    if (*end || !*r->args[2] || port > UINT32_MAX)
        return -EINVAL;
    rc = domain_introduce(domid, mfn, (uint32_t)port, 0);
    return rc ? rc : reply_ok(r);
}

static int one_domid(struct req *r, uint16_t *domid)
{
    return r->nargs < 1 ? -EINVAL : parse_domid(r->args[0], domid);
}

static int do_release(struct req *r)
{
    uint16_t domid;
    int rc = one_domid(r, &domid);

    /* Dom0's own (local xenstore) connection is not the toolstack's. */
    if (!rc && domid == 0)
        rc = -EINVAL;
    if (!rc)
        rc = domain_release(domid);
    return rc ? rc : reply_ok(r);
}

static int do_resume(struct req *r)
{
    uint16_t domid;
    int rc = one_domid(r, &domid);

    if (!rc)
        rc = domain_resume(domid);
    return rc ? rc : reply_ok(r);
}

static int do_get_domain_path(struct req *r)
{
    char buf[32];
    uint16_t domid;
    int rc = one_domid(r, &domid);

    if (rc)
        return rc;
    return reply(r, buf, (size_t)snprintf(buf, sizeof(buf),
                                          "/local/domain/%u", domid) + 1);
}

static int do_is_introduced(struct req *r)
{
    uint16_t domid;
    int rc = one_domid(r, &domid);

    if (rc)
        return rc;
    return reply(r, domain_is_introduced(domid) ? "T" : "F", 2);
}

static int do_set_target(struct req *r)
{
    uint16_t domid, target;
    int rc;

    if (r->nargs != 2 || parse_domid(r->args[0], &domid) ||
        parse_domid(r->args[1], &target))
        return -EINVAL;
    rc = domain_set_target(domid, target);
    return rc ? rc : reply_ok(r);
}

static int do_reset_watches(struct req *r)
{
    watch_remove_all(r->c);
    tx_destroy_all(r->c);
    return reply_ok(r);
}

/* CONTROL connections: what each connection holds, one line each. */
static int control_connections(struct req *r)
{
    char *out = malloc(XENSTORE_PAYLOAD_MAX), line[160];
    size_t len = 0;
    int rc;

    if (!out)
        return -ENOMEM;
    for (struct conn *c = xsd_conns; c; c = c->next_conn) {
        size_t n = (size_t)snprintf(line, sizeof(line),
                                    "dom%u%s queued %zu bytes %u messages "
                                    "dropped %lu watches %u transactions "
                                    "%u\n", c->domid,
                                    c->privileged ? " privileged" : "",
                                    c->out_bytes, c->out_msgs,
                                    c->events_dropped, c->nr_watches,
                                    c->nr_tx);

        if (len + n + 5 > XENSTORE_PAYLOAD_MAX) {
            memcpy(out + len, "...\n", 4);
            len += 4;
            break;
        }
        memcpy(out + len, line, n);
        len += n;
    }
    out[len++] = '\0';
    rc = reply(r, out, len);
    free(out);
    return rc;
}

/* CONTROL: "print <text>", "quota [name [value]]", "connections", "help". */
static int do_control(struct req *r)
{
    static const struct { const char *name; size_t off; } quotas[] = {
        { "nodes", offsetof(struct quota, nodes_per_domain) },
        { "entry-size", offsetof(struct quota, entry_size) },
        { "watches", offsetof(struct quota, watches) },
        { "transactions", offsetof(struct quota, transactions) },
        { "transaction-nodes", offsetof(struct quota, transaction_nodes) },
        { "outstanding", offsetof(struct quota, outstanding) },
        { "output-bytes", offsetof(struct quota, output_bytes) },
    };
    char out[512];
    size_t len = 0;

    if (r->nargs < 1)
        return -EINVAL;
    if (!strcmp(r->args[0], "connections"))
        return control_connections(r);
    if (!strcmp(r->args[0], "print")) {
        xsd_log("control: %s", r->nargs > 1 ? r->args[1] : "");
        return reply_ok(r);
    }
    if (!strcmp(r->args[0], "help")) {
        static const char help[] =
            "print <text>\nquota [<name> [<value>]]\nconnections\nhelp\n";
        return reply(r, help, sizeof(help));
    }
    if (strcmp(r->args[0], "quota"))
        return -EINVAL;
    for (size_t i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++) {
        unsigned int *q = (unsigned int *)((char *)&xsd_store.quota +
                                           quotas[i].off);

        if (r->nargs == 1) {
            len += (size_t)snprintf(out + len, sizeof(out) - len, "%s %u\n",
                                    quotas[i].name, *q);
            continue;
        }
        if (strcmp(r->args[1], quotas[i].name))
            continue;
        if (r->nargs > 2) {
            char *end;
            unsigned long v = strtoul(r->args[2], &end, 10);

            if (*end || !*r->args[2] || v > 0x7fffffff)
                return -EINVAL;
            *q = (unsigned int)v;
            return reply_ok(r);
        }
        len = (size_t)snprintf(out, sizeof(out), "%u", *q);
        break;
    }
    if (!len)
        return -EINVAL;
    return reply(r, out, len + 1);
}

#define PRIV  0x1   /* only privileged connections */
#define NOTX  0x2   /* the tx_id field is ignored */

/* One entry per wire type, indexed by XS_* number. */
static const struct wire_func {
    const char *name;
    int (*fn)(struct req *r);
    unsigned int flags;
} wire_funcs[] = {
    [XS_CONTROL]             = { "CONTROL", do_control, PRIV | NOTX },
    [XS_DIRECTORY]           = { "DIRECTORY", do_directory, 0 },
    [XS_READ]                = { "READ", do_read, 0 },
    [XS_GET_PERMS]           = { "GET_PERMS", do_get_perms, 0 },
    [XS_WATCH]               = { "WATCH", do_watch, NOTX },
    [XS_UNWATCH]             = { "UNWATCH", do_unwatch, NOTX },
    [XS_TRANSACTION_START]   = { "TRANSACTION_START", do_tx_start, 0 },
    [XS_TRANSACTION_END]     = { "TRANSACTION_END", do_tx_end, 0 },
    [XS_INTRODUCE]           = { "INTRODUCE", do_introduce, PRIV | NOTX },
    [XS_RELEASE]             = { "RELEASE", do_release, PRIV | NOTX },
    [XS_GET_DOMAIN_PATH]     = { "GET_DOMAIN_PATH", do_get_domain_path, NOTX },
    [XS_WRITE]               = { "WRITE", do_write, 0 },
    [XS_MKDIR]               = { "MKDIR", do_mkdir, 0 },
    [XS_RM]                  = { "RM", do_rm, 0 },
    [XS_SET_PERMS]           = { "SET_PERMS", do_set_perms, 0 },
    [XS_WATCH_EVENT]         = { "WATCH_EVENT", NULL, 0 },
    [XS_ERROR]               = { "ERROR", NULL, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED", do_is_introduced,
                                  PRIV | NOTX },
    [XS_RESUME]              = { "RESUME", do_resume, PRIV | NOTX },
    [XS_SET_TARGET]          = { "SET_TARGET", do_set_target, PRIV | NOTX },
    [XS_RESET_WATCHES]       = { "RESET_WATCHES", do_reset_watches, NOTX },
    [XS_DIRECTORY_PART]      = { "DIRECTORY_PART", do_directory_part, 0 },
};

int xsd_dispatch(struct conn *c, const struct xsd_sockmsg *hdr, char *payload)
{
    struct req r = { .c = c, .hdr = hdr, .payload = payload };
    const struct wire_func *wf = NULL;
    struct xsd_sockmsg h = *hdr;
    const char *err;
    int rc;

    if (hdr->type < sizeof(wire_funcs) / sizeof(wire_funcs[0]))
        wf = &wire_funcs[hdr->type];
    if (!wf || !wf->fn) {
        rc = -EINVAL;
        goto out;
    }
    if ((wf->flags & PRIV) && !c->privileged) {
        rc = -EACCES;
        goto out;
    }
    if (wf->flags & NOTX)
        h.tx_id = 0;
    r.hdr = &h;
    r.nargs = xs_msg_split(payload, hdr->len, r.args, MAX_ARGS);
    if (r.nargs > MAX_ARGS)
        r.nargs = MAX_ARGS;
    if (xsd_verbose)
        xsd_log("dom%u %s %s", c->domid, wf->name,
                r.nargs ? r.args[0] : "");
    rc = wf->fn(&r);
 out:
    if (rc < 0) {
        err = xs_errno_name(-rc);
        struct xs_frag f = { err, (uint32_t)strlen(err) + 1 };

        conn_send(c, XS_ERROR, hdr->req_id, hdr->tx_id, &f, 1);
    }
    return rc;
}
