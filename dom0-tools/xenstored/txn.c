/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: transactions and the "view" every request reads and writes
 * through. Outside a transaction a view goes straight to the store. Inside
 * one it keeps a private copy of each node it touched together with the
 * node's generation at first touch; commit fails with EAGAIN if any of those
 * nodes changed meanwhile, otherwise replays the writes onto the store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct tnode {
    char *path;
    int exists;
    int dirty;                  /* written or removed by the transaction */
    char *value;
    uint32_t len;
    struct perms perms;
    uint64_t base_gen;          /* 0: did not exist at first touch */
};

struct transaction {
    uint32_t id;
    struct ht nodes;            /* path -> tnode */
    struct tnode **order;       /* every tnode, in touch order */
    unsigned int nr, cap;
    struct change *changes;     /* fired on commit */
    int new_nodes;              /* created minus removed, for the quota */
};

struct view {
    struct conn *c;
    struct transaction *tx;
    struct change *changes;     /* no-tx view: fired at close */
};

static uint32_t next_tx_id = 1;

static void tnode_free(struct tnode *t)
{
    free(t->path);
    free(t->value);
    perms_free(&t->perms);
    free(t);
}

static void tx_free(struct transaction *tx)
{
    for (unsigned int i = 0; i < tx->nr; i++)
        tnode_free(tx->order[i]);
    free(tx->order);
    ht_destroy(&tx->nodes);
    while (tx->changes) {
        struct change *ch = tx->changes;

        tx->changes = ch->next;
        change_free(ch);
    }
    free(tx);
}

/* The transaction's copy of path, made on first touch. */
static struct tnode *tx_node(struct transaction *tx, const char *path)
{
    struct tnode *t = ht_find_str(&tx->nodes, path);
    struct node *n;

    if (t)
        return t;
    t = calloc(1, sizeof(*t));
    if (!t || !(t->path = strdup(path)))
        goto fail;
    n = store_lookup(path);
    if (n) {
        t->exists = 1;
        t->base_gen = n->gen;
        t->len = n->len;
        t->value = malloc(n->len + 1);
        if (!t->value || perms_dup(&t->perms, &n->perms))
            goto fail;
        memcpy(t->value, n->value, n->len + 1);
    }
    if (tx->nr == tx->cap) {
        unsigned int cap = tx->cap ? tx->cap * 2 : 16;
        struct tnode **o = realloc(tx->order, cap * sizeof(*o));

        if (!o)
            goto fail;
        tx->order = o;
        tx->cap = cap;
    }
    if (ht_insert(&tx->nodes, t->path, strlen(t->path), t))
        goto fail;
    tx->order[tx->nr++] = t;
    return t;
 fail:
    if (t)
        tnode_free(t);
    return NULL;
}

/*
 * tx_node() for a request: an unprivileged caller's transaction may touch
 * at most the transaction-nodes quota of nodes (-ENOSPC), as in Xen.
 */
static struct tnode *view_tnode(struct view *v, const char *path, int *rc)
{
    unsigned int max = xsd_store.quota.transaction_nodes;
    struct tnode *t = ht_find_str(&v->tx->nodes, path);

    if (t)
        return t;
    if (max && v->c && !v->c->privileged && v->tx->nr >= max) {
        *rc = -ENOSPC;
        return NULL;
    }
    t = tx_node(v->tx, path);
    if (!t)
        *rc = -ENOMEM;
    return t;
}

struct view *view_open(struct conn *c, uint32_t tx_id, int *err)
{
    struct view *v = calloc(1, sizeof(*v));

    if (!v) {
        *err = ENOMEM;
        return NULL;
    }
    v->c = c;
    if (tx_id) {
        v->tx = ht_find(&c->txs, &tx_id, sizeof(tx_id));
        if (!v->tx) {
            free(v);
            *err = ENOENT;
            return NULL;
        }
    }
    return v;
}

void view_close(struct view *v)
{
    while (v->changes) {
        struct change *ch = v->changes;

        v->changes = ch->next;
        watch_fire(ch);
        change_free(ch);
    }
    free(v);
}

static struct change *add_change(struct view *v, const char *path,
                                 const struct perms *perms)
{
    struct change *ch = calloc(1, sizeof(*ch)), **head;

    if (!ch || !(ch->path = strdup(path)) ||
        (perms && perms_dup(&ch->perms, perms))) {
        if (ch)
            change_free(ch);
        return NULL;
    }
    head = v->tx ? &v->tx->changes : &v->changes;
    ch->next = *head;
    *head = ch;
    return ch;
}

int view_get(struct view *v, const char *path, const char **value,
             uint32_t *len, struct perms *perms)
{
    if (v->tx) {
        int rc = 0;
        struct tnode *t = view_tnode(v, path, &rc);

        if (!t)
            return rc;
        if (!t->exists)
            return -ENOENT;
        if (value)
            *value = t->value;
        if (len)
            *len = t->len;
        if (perms)
            *perms = t->perms;
    } else {
        struct node *n = store_lookup(path);

        if (!n)
            return -ENOENT;
        if (value)
            *value = n->value;
        if (len)
            *len = n->len;
        if (perms)
            *perms = n->perms;
    }
    return 0;
}

uint64_t view_gen(struct view *v, const char *path)
{
    if (v->tx) {
        int rc;
        struct tnode *t = view_tnode(v, path, &rc);

        return t ? t->base_gen : 0;
    }
    struct node *n = store_lookup(path);

    return n ? n->gen : 0;
}

int view_owned_nodes(struct view *v, uint16_t domid)
{
    int n = (int)xsd_store.nodes_owned[domid];

    return v->tx ? n + v->tx->new_nodes : n;
}

int view_put(struct view *v, const char *path, const char *value,
             uint32_t len, const struct perms *perms, int fire)
{
    struct change *ch = NULL;
    int rc;

    /* Record first: perms may point at the node's own, replaced below. */
    if (fire && !(ch = add_change(v, path, perms)))
        return -ENOMEM;
    if (!v->tx) {
        rc = store_set(path, value, len, perms);
    } else {
        struct tnode *t = view_tnode(v, path, &rc);
        char *nv = malloc(len + 1);
        struct perms np;

        if (!t || !nv || perms_dup(&np, perms)) {
            free(nv);
            if (t)
                rc = -ENOMEM;
            goto out;
        }
        memcpy(nv, value, len);
        nv[len] = '\0';
        free(t->value);
        perms_free(&t->perms);
        t->value = nv;
        t->len = len;
        t->perms = np;
        if (!t->exists)
            v->tx->new_nodes++;
        t->exists = 1;
        t->dirty = 1;
        rc = 0;
    }
 out:
    if (rc && ch) {
        /* add_change() pushed it at the head: take it back off. */
        struct change **head = v->tx ? &v->tx->changes : &v->changes;

        *head = ch->next;
        change_free(ch);
    }
    return rc;
}

struct rm_ctx {
    struct view *v;
    struct change *ch;
    const char *parent;
    int rc;
};

static int rm_tx_recurse(struct view *v, const char *path, struct change *ch);

static int rm_child(const char *name, void *arg)
{
    struct rm_ctx *r = arg;
    size_t plen = strlen(r->parent);
    char *child = malloc(plen + strlen(name) + 2);
    char **sub;

    if (!child)
        return r->rc = -ENOMEM;
    strcpy(child, r->parent);
    if (plen > 1)
        strcat(child, "/");
    strcat(child, name);
    r->rc = rm_tx_recurse(r->v, child, r->ch);
    sub = r->rc ? NULL : realloc(r->ch->sub, (r->ch->nr_sub + 1) * sizeof(*sub));
    if (sub) {
        r->ch->sub = sub;
        sub[r->ch->nr_sub++] = child;
    } else {
        free(child);
    }
    return r->rc;
}

static int rm_tx_recurse(struct view *v, const char *path, struct change *ch)
{
    struct rm_ctx r = { v, ch, path, 0 };
    struct tnode *t;

    /* Children first; the list is taken before anything is marked gone. */
    view_children(v, path, rm_child, &r);
    if (r.rc)
        return r.rc;
    t = view_tnode(v, path, &r.rc);
    if (!t)
        return r.rc;
    if (t->exists)
        v->tx->new_nodes--;
    t->exists = 0;
    t->dirty = 1;
    return 0;
}

int view_rm(struct view *v, const char *path)
{
    struct perms p;
    struct change *ch;
    int rc = view_get(v, path, NULL, NULL, &p);

    if (rc)
        return rc;
    if (!strcmp(path, "/"))
        return -EINVAL;
    ch = add_change(v, path, &p);
    if (!ch)
        return -ENOMEM;
    ch->recursive = 1;
    if (!v->tx)
        return store_remove(path, ch);
    return rm_tx_recurse(v, path, ch);
}

/* Is "child" a direct child of "parent"? Returns the name or NULL. */
static const char *child_name(const char *parent, const char *child)
{
    size_t plen = strlen(parent);

    if (plen == 1) {                    /* the root */
        if (child[0] != '/' || !child[1] || strchr(child + 1, '/'))
            return NULL;
        return child + 1;
    }
    if (strncmp(parent, child, plen) || child[plen] != '/' ||
        strchr(child + plen + 1, '/'))
        return NULL;
    return child + plen + 1;
}

int view_children(struct view *v, const char *path,
                  int (*fn)(const char *name, void *arg), void *arg)
{
    struct node *n = store_lookup(path);
    int rc = 0;

    if (!v->tx) {
        if (!n)
            return -ENOENT;
        for (struct node *c = n->first_child; c && !rc; c = c->next)
            rc = fn(strrchr(c->path, '/') + 1, arg);
        return rc;
    }
    /* Listing a directory makes its child set part of the read set. */
    struct tnode *self = view_tnode(v, path, &rc);

    if (!self)
        return rc;
    if (!self->exists)
        return -ENOENT;
    for (struct node *c = n ? n->first_child : NULL; c && !rc; c = c->next) {
        struct tnode *t = ht_find_str(&v->tx->nodes, c->path);

        if (!t || t->exists)
            rc = fn(strrchr(c->path, '/') + 1, arg);
    }
    /* Children the transaction itself created. */
    for (unsigned int i = 0; i < v->tx->nr && !rc; i++) {
        struct tnode *t = v->tx->order[i];
        const char *name;

        if (t->exists && !t->base_gen && (name = child_name(path, t->path)) &&
            !store_lookup(t->path))
            rc = fn(name, arg);
    }
    return rc;
}

int tx_start(struct conn *c, uint32_t *id)
{
    struct transaction *tx;

    if (!c->privileged && c->nr_tx >= xsd_store.quota.transactions)
        return -ENOSPC;
    tx = calloc(1, sizeof(*tx));
    if (!tx || ht_init(&tx->nodes)) {
        free(tx);
        return -ENOMEM;
    }
    do {
        tx->id = next_tx_id++;
    } while (!tx->id || ht_find(&c->txs, &tx->id, sizeof(tx->id)));
    if (ht_insert(&c->txs, &tx->id, sizeof(tx->id), tx)) {
        tx_free(tx);
        return -ENOMEM;
    }
    c->nr_tx++;
    *id = tx->id;
    return 0;
}

static int by_length(const void *a, const void *b)
{
    size_t la = strlen((*(struct tnode *const *)a)->path);
    size_t lb = strlen((*(struct tnode *const *)b)->path);

    return la < lb ? -1 : la > lb;
}

static int tx_commit(struct transaction *tx)
{
    /* Validate: everything touched must be as the transaction found it. */
    for (unsigned int i = 0; i < tx->nr; i++) {
        struct node *n = store_lookup(tx->order[i]->path);

        if ((n ? n->gen : 0) != tx->order[i]->base_gen)
            return -EAGAIN;
    }
    /* Removals (a parent's removal may already have taken a child)... */
    for (unsigned int i = 0; i < tx->nr; i++) {
        struct tnode *t = tx->order[i];

        if (t->dirty && !t->exists && store_lookup(t->path))
            store_remove(t->path, NULL);
    }
    /* ...then writes, parents before children. */
    if (tx->nr)                 /* order is NULL in an empty transaction */
        qsort(tx->order, tx->nr, sizeof(*tx->order), by_length);
    for (unsigned int i = 0; i < tx->nr; i++) {
        struct tnode *t = tx->order[i];

        if (t->dirty && t->exists)
            store_set(t->path, t->value, t->len, &t->perms);
    }
    while (tx->changes) {
        struct change *ch = tx->changes;

        tx->changes = ch->next;
        watch_fire(ch);
        change_free(ch);
    }
    return 0;
}

int tx_end(struct conn *c, uint32_t id, int commit)
{
    struct transaction *tx = ht_remove(&c->txs, &id, sizeof(id));
    int rc = 0;

    if (!tx)
        return -ENOENT;
    c->nr_tx--;
    if (commit)
        rc = tx_commit(tx);
    tx_free(tx);
    return rc;
}

static void free_tx_cb(void *val, void *arg)
{
    (void)arg;
    tx_free(val);
}

void tx_destroy_all(struct conn *c)
{
    ht_foreach(&c->txs, free_tx_cb, NULL);
    ht_destroy(&c->txs);
    ht_init(&c->txs);
    c->nr_tx = 0;
}
