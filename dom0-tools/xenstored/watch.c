/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: watches. Watches are indexed by their path, so a change to
 * /a/b/c only looks up "/a/b/c", "/a/b", "/a" and "/" (plus, for a removal,
 * the removed descendants): the cost depends on the path depth and the
 * watchers actually interested, never on the number of connections.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

void change_free(struct change *ch)
{
    for (unsigned int i = 0; i < ch->nr_sub; i++)
        free(ch->sub[i]);
    free(ch->sub);
    free(ch->path);
    perms_free(&ch->perms);
    free(ch);
}

static void watch_free(struct watch *w)
{
    free(w->path);
    free(w->token);
    free(w);
}

/* Sends one WATCH_EVENT for changed path to w's connection. */
static void send_event(struct watch *w, const char *path)
{
    struct xs_frag f[2];
    const char *p = path;
    char prefix[32];
    size_t plen;

    if (w->relative) {
        /* Relative watches see paths relative to their home directory. */
        plen = (size_t)snprintf(prefix, sizeof(prefix), "/local/domain/%u/",
                                w->conn->domid);
        if (!strncmp(path, prefix, plen))
            p = path + plen;
    }
    f[0] = (struct xs_frag){ p, (uint32_t)strlen(p) + 1 };
    f[1] = (struct xs_frag){ w->token, (uint32_t)strlen(w->token) + 1 };
    conn_send_event(w->conn, f, 2);
}

static void fire_exact(const char *key, const char *path,
                       const struct perms *perms)
{
    for (struct watch *w = ht_find_str(&xsd_store.watches, key); w;
         w = w->next_in_path) {
        if (w->conn->dead)
            continue;
        /* Only watchers that may read the node learn that it changed. */
        if (perms && perms->p && !(perms_for(w->conn, perms) & XS_PERM_READ))
            continue;
        send_event(w, path);
    }
}

void watch_fire(const struct change *ch)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    size_t len = strlen(ch->path);

    if (len > XENSTORE_ABS_PATH_MAX)
        return;
    /* The node itself and each ancestor: watches cover their subtree. */
    memcpy(buf, ch->path, len + 1);
    for (;;) {
        fire_exact(buf, ch->path, &ch->perms);
        if (!strcmp(buf, "/"))
            break;
        char *slash = strrchr(buf, '/');

        if (slash == buf)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    /* A removal also reaches watches set on what lay below. */
    for (unsigned int i = 0; ch->recursive && i < ch->nr_sub; i++)
        fire_exact(ch->sub[i], ch->sub[i], &ch->perms);
}

void watch_fire_special(const char *name)
{
    fire_exact(name, name, store_special(name));
}

int watch_add(struct conn *c, const char *path, const char *token,
              int relative)
{
    struct watch *w, *head = ht_find_str(&xsd_store.watches, path);

    for (w = head; w; w = w->next_in_path)
        if (w->conn == c && !strcmp(w->token, token))
            return -EEXIST;
    if (!c->privileged && c->nr_watches >= xsd_store.quota.watches)
        return -E2BIG;
    w = calloc(1, sizeof(*w));
    if (!w || !(w->path = strdup(path)) || !(w->token = strdup(token))) {
        if (w)
            watch_free(w);
        return -ENOMEM;
    }
    w->conn = c;
    w->relative = relative;
    if (head) {
        w->next_in_path = head->next_in_path;
        head->next_in_path = w;
    } else if (ht_insert(&xsd_store.watches, w->path, strlen(w->path), w)) {
        watch_free(w);
        return -ENOMEM;
    }
    w->next_in_conn = c->watches;
    c->watches = w;
    c->nr_watches++;
    return 0;
}

/* Unlinks w from the path index (the head owns the hash key). */
static void unindex(struct watch *w)
{
    struct watch *head = ht_find_str(&xsd_store.watches, w->path);

    if (head == w) {
        ht_remove(&xsd_store.watches, w->path, strlen(w->path));
        if (w->next_in_path)
            ht_insert(&xsd_store.watches, w->next_in_path->path,
                      strlen(w->next_in_path->path), w->next_in_path);
        return;
    }
    for (struct watch *p = head; p; p = p->next_in_path)
        if (p->next_in_path == w) {
            p->next_in_path = w->next_in_path;
            return;
        }
}

int watch_remove(struct conn *c, const char *path, const char *token)
{
    for (struct watch **pp = &c->watches; *pp; pp = &(*pp)->next_in_conn) {
        struct watch *w = *pp;

        if (strcmp(w->path, path) || strcmp(w->token, token))
            continue;
        *pp = w->next_in_conn;
        unindex(w);
        watch_free(w);
        c->nr_watches--;
        return 0;
    }
    return -ENOENT;
}

void watch_remove_all(struct conn *c)
{
    while (c->watches) {
        struct watch *w = c->watches;

        c->watches = w->next_in_conn;
        unindex(w);
        watch_free(w);
    }
    c->nr_watches = 0;
}
