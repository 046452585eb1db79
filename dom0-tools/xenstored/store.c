/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: the committed node tree. Nodes are found by full path in a hash
 * table and linked to parent and siblings, so lookup, create and delete cost
 * O(path length), independent of how many domains or nodes exist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct store xsd_store;

static struct node *node_alloc(const char *path)
{
    struct node *n = calloc(1, sizeof(*n));

    if (!n || !(n->path = strdup(path))) {
        free(n);
        return NULL;
    }
    return n;
}

static void node_free(struct node *n)
{
    free(n->path);
    free(n->value);
    perms_free(&n->perms);
    free(n);
}

int store_init(void)
{
    static struct xs_perm root_perm = { 0, XS_PERM_NONE };
    struct perms p = { &root_perm, 1 };
    int rc;

    memset(&xsd_store, 0, sizeof(xsd_store));
    xsd_store.quota = (struct quota){
        .nodes_per_domain = 1000, .entry_size = 2048,
        .watches = 128, .transactions = 10, .transaction_nodes = 1024,
        .outstanding = 20, .output_bytes = 256 * 1024,
    };
    xsd_store.next_gen = 1;
    xsd_store.nodes_owned = calloc(XSD_NR_DOMIDS, sizeof(uint32_t));
    if (!xsd_store.nodes_owned)
        return -ENOMEM;
    if ((rc = ht_init(&xsd_store.nodes)) || (rc = ht_init(&xsd_store.watches)))
        return rc;
    /* Special nodes: dom0's, nobody else may read (see store_special()). */
    for (unsigned int i = 0; i < 2; i++)
        if (perms_dup(&xsd_store.special[i], &p))
            return -ENOMEM;
    /* The tree every store starts with. */
    if ((rc = store_set("/", "", 0, &p)) ||
        (rc = store_set("/local", "", 0, &p)) ||
        (rc = store_set("/local/domain", "", 0, &p)) ||
        (rc = store_set("/tool", "", 0, &p)))
        return rc;
    return 0;
}

static void free_node_cb(void *val, void *arg)
{
    (void)arg;
    node_free(val);
}

void store_fini(void)
{
    ht_foreach(&xsd_store.nodes, free_node_cb, NULL);
    ht_destroy(&xsd_store.nodes);
    ht_destroy(&xsd_store.watches);
    free(xsd_store.nodes_owned);
    xsd_store.nodes_owned = NULL;
    for (unsigned int i = 0; i < 2; i++)
        perms_free(&xsd_store.special[i]);
}

/*
 * As in Xen since XSA-115, @introduceDomain and @releaseDomain events
 * tell of other domains, so they reach only connections that may read the
 * special node: privileged ones, and any the toolstack grants read access
 * with SET_PERMS (a driver domain, say).
 */
struct perms *store_special(const char *name)
{
    if (!strcmp(name, "@introduceDomain"))
        return &xsd_store.special[0];
    if (!strcmp(name, "@releaseDomain"))
        return &xsd_store.special[1];
    return NULL;
}

struct node *store_lookup(const char *path)
{
    return ht_find_str(&xsd_store.nodes, path);
}

void perms_free(struct perms *p)
{
    free(p->p);
    p->p = NULL;
    p->n = 0;
}

int perms_dup(struct perms *dst, const struct perms *src)
{
    dst->p = malloc(src->n * sizeof(*src->p));
    if (!dst->p)
        return -ENOMEM;
    memcpy(dst->p, src->p, src->n * sizeof(*src->p));
    dst->n = src->n;
    return 0;
}

int perms_parse(struct perms *out, const char *const *strs, unsigned int n)
{
    if (!n)
        return -EINVAL;
    out->p = calloc(n, sizeof(*out->p));
    if (!out->p)
        return -ENOMEM;
    out->n = n;
    for (unsigned int i = 0; i < n; i++) {
        const char *s = strs[i];
        char *end;
        unsigned long id;

        switch (s[0]) {
        case 'n': out->p[i].perm = XS_PERM_NONE; break;
        case 'r': out->p[i].perm = XS_PERM_READ; break;
        case 'w': out->p[i].perm = XS_PERM_WRITE; break;
        case 'b': out->p[i].perm = XS_PERM_BOTH; break;
        default: goto bad;
        }
        id = strtoul(s + 1, &end, 10);
        if (end == s + 1 || *end || id >= XSD_NR_DOMIDS)
            goto bad;
        out->p[i].id = (uint16_t)id;
    }
    return 0;
 bad:
    perms_free(out);
    return -EINVAL;
}

static unsigned int perms_for_dom(uint16_t domid, const struct perms *p)
{
    if (p->p[0].id == domid)
        return XS_PERM_BOTH;                /* owner */
    for (unsigned int i = 1; i < p->n; i++)
        if (p->p[i].id == domid)
            return p->p[i].perm;
    return p->p[0].perm;
}

unsigned int perms_for(const struct conn *c, const struct perms *p)
{
    unsigned int r;

    if (c->privileged)
        return XS_PERM_BOTH;
    r = perms_for_dom(c->domid, p);
    /* A domain given a target (device model) acts with its rights too. */
    if (c->target != XSD_NO_DOMID)
        r |= perms_for_dom(c->target, p);
    return r;
}

static void account(const struct perms *p, int delta)
{
    if (p->n && p->p[0].id < XSD_NR_DOMIDS)
        xsd_store.nodes_owned[p->p[0].id] += (uint32_t)delta;
}

/* The parent of "/a/b" is "/a"; of "/a" is "/". */
static void parent_path(const char *path, char *buf)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash == path ? 1 : (size_t)(slash - path);

    memcpy(buf, path, len);
    buf[len] = '\0';
}

int store_set(const char *path, const char *value, uint32_t len,
              const struct perms *perms)
{
    struct node *n = store_lookup(path), *parent = NULL;
    char *v = malloc(len + 1);
    struct perms np;

    if (!v)
        return -ENOMEM;
    if (perms_dup(&np, perms)) {
        free(v);
        return -ENOMEM;
    }
    memcpy(v, value, len);
    v[len] = '\0';
    if (!n) {
        if (strcmp(path, "/")) {
            char pbuf[XENSTORE_ABS_PATH_MAX + 1];

            parent_path(path, pbuf);
            parent = store_lookup(pbuf);
            if (!parent)
                goto fail;
        }
        n = node_alloc(path);
        if (!n || ht_insert(&xsd_store.nodes, n->path, strlen(n->path), n)) {
            if (n)
                node_free(n);
            goto fail;
        }
        n->parent = parent;
        if (parent) {
            n->prev = parent->last_child;
            if (parent->last_child)
                parent->last_child->next = n;
            else
                parent->first_child = n;
            parent->last_child = n;
            parent->nr_children++;
            parent->gen = xsd_store.next_gen++;
        }
    } else {
        account(&n->perms, -1);
        free(n->value);
        perms_free(&n->perms);
    }
    n->value = v;
    n->len = len;
    n->perms = np;
    n->gen = xsd_store.next_gen++;
    account(&n->perms, 1);
    return 0;
 fail:
    free(v);
    perms_free(&np);
    return parent ? -ENOMEM : -ENOENT;
}

static void unlink_node(struct node *n)
{
    struct node *p = n->parent;

    if (!p)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        p->first_child = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        p->last_child = n->prev;
    p->nr_children--;
    p->gen = xsd_store.next_gen++;
}

/* Post-order delete; collects the removed descendants' paths. */
static void delete_subtree(struct node *n, struct change *ch, int top)
{
    while (n->first_child)
        delete_subtree(n->first_child, ch, 0);
    unlink_node(n);
    ht_remove(&xsd_store.nodes, n->path, strlen(n->path));
    account(&n->perms, -1);
    if (!top && ch) {
        char **sub = realloc(ch->sub, (ch->nr_sub + 1) * sizeof(*sub));

        if (sub) {
            ch->sub = sub;
            sub[ch->nr_sub++] = n->path;
            n->path = NULL;             /* now owned by the change */
        }
    }
    node_free(n);
}

int store_remove(const char *path, struct change *ch)
{
    struct node *n = store_lookup(path);

    if (!n)
        return -ENOENT;
    if (!n->parent)
        return -EINVAL;                 /* never the root */
    if (ch) {
        ch->recursive = 1;
        if (!ch->perms.p && perms_dup(&ch->perms, &n->perms))
            return -ENOMEM;
    }
    delete_subtree(n, ch, 1);
    return 0;
}

int store_canonical(const struct conn *c, const char *in, char *buf)
{
    int len;

    if (in[0] == '/' || in[0] == '@') {
        if (strlen(in) > XENSTORE_ABS_PATH_MAX)
            return -EINVAL;
        strcpy(buf, in);
        return 0;
    }
    len = snprintf(buf, XENSTORE_ABS_PATH_MAX + 1, "/local/domain/%u/%s",
                   c->domid, in);
    return len > XENSTORE_ABS_PATH_MAX ? -EINVAL : 0;
}

/* Drops domid's entries after the first; returns how many. */
static unsigned int perms_strip(struct perms *p, uint16_t domid)
{
    unsigned int i, n = 1;

    for (i = 1; i < p->n; i++)
        if (p->p[i].id != domid)
            p->p[n++] = p->p[i];
    i = p->n - n;
    p->n = n;
    return i;
}

struct forget {
    uint16_t domid;
    char **owned;
    unsigned int nr;
    int rc;
};

static void forget_node(void *val, void *arg)
{
    struct node *n = val;
    struct forget *f = arg;
    char **o, *path;

    if (n->perms.p[0].id != f->domid || !n->parent) {
        if (perms_strip(&n->perms, f->domid))
            n->gen = xsd_store.next_gen++;      /* conflicts with readers */
        return;
    }
    o = realloc(f->owned, (f->nr + 1) * sizeof(*o));
    path = strdup(n->path);
    if (!o || !path) {
        free(path);
        if (o)
            f->owned = o;
        f->rc = -ENOMEM;
        return;
    }
    f->owned = o;
    o[f->nr++] = path;
}

static int shorter_first(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

    return la < lb ? -1 : la > lb;
}

/*
 * XSA-322: a domain's id is reused, so nothing may still name a domain
 * that is gone, or the next domain with that id inherits it. Its entries
 * leave every permission list, the special nodes' included (an owner entry
 * there becomes dom0's, as they cannot be removed); the nodes it owns are
 * returned for removal (XSA-419, Xen 4.17: handing them to dom0 instead
 * would let them escape every quota). The one walk over the whole store,
 * once per domain's life.
 */
int store_forget_domain(uint16_t domid, char ***owned, unsigned int *nr)
{
    struct forget f = { .domid = domid };

    ht_foreach(&xsd_store.nodes, forget_node, &f);
    for (unsigned int i = 0; i < 2; i++) {
        perms_strip(&xsd_store.special[i], domid);
        if (xsd_store.special[i].p[0].id == domid)
            xsd_store.special[i].p[0].id = 0;
    }
    if (f.nr)
        qsort(f.owned, f.nr, sizeof(*f.owned), shorter_first);
    *owned = f.owned;
    *nr = f.nr;
    return f.rc;
}
