/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Isolation and consistency checks for the xenstored fuzz harness. The
 * permission rules are restated here from the protocol (owner: full access;
 * else the first entry naming the domain, else the owner entry's default;
 * a domain given a target also acts with the target's rights) rather than
 * taken from store.c, so a bug there shows up as a difference.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"
#include "fuzz.h"
#include "fuzz_xs_check.h"

static const char *const secret_path[XS_NR_SECRETS] = {
    "/tool/private/H6cW3dJ5s",
    "/local/domain/1/private/Q7Zt1Kx9w",
    "/local/domain/2/private/M4pB8rY2n",
};
static const char *const secret_token[XS_NR_SECRETS] = {
    "H6cW3dJ5s", "Q7Zt1Kx9w", "M4pB8rY2n",
};
static const char *const secret_perms[XS_NR_SECRETS] = { "n0", "n1", "n2" };

static bool token_known[XS_NR_SECRETS];         /* the input contains it */
static bool exposed[3][XS_NR_SECRETS];          /* [domid][secret] */

const char *xs_secret_path(unsigned int s)
{
    return secret_path[s];
}

const char *xs_secret_value(unsigned int s)
{
    return secret_token[s];
}

const char *xs_secret_perms(unsigned int s)
{
    return secret_perms[s];
}

void xs_check_setup(const uint8_t *data, size_t size)
{
    for (unsigned int s = 0; s < XS_NR_SECRETS; s++)
        token_known[s] = memmem(data, size, secret_token[s],
                                strlen(secret_token[s])) != NULL;
}

/* ---- permissions, restated ---------------------------------------------- */

static unsigned int dom_perm(uint16_t d, const struct perms *p)
{
    if (p->p[0].id == d)
        return XS_PERM_BOTH;
    for (unsigned int i = 1; i < p->n; i++)
        if (p->p[i].id == d)
            return p->p[i].perm & XS_PERM_BOTH;
    return p->p[0].perm & XS_PERM_BOTH;
}

static unsigned int may(const struct conn *c, uint16_t domid,
                        const struct perms *p)
{
    unsigned int r = dom_perm(domid, p);

    if (c && c->target != XSD_NO_DOMID)
        r |= dom_perm(c->target, p);
    return r;
}

static bool readable(const struct conn *c, uint16_t domid, const char *path)
{
    struct node *n = store_lookup(path);

    return n && (may(c, domid, &n->perms) & XS_PERM_READ);
}

void xs_check_exposure(const struct conn *c1, const struct conn *c2)
{
    const struct conn *cs[3] = { NULL, c1, c2 };

    for (unsigned int d = 1; d < 3; d++)
        for (unsigned int s = 0; s < XS_NR_SECRETS; s++) {
            char parent[XENSTORE_ABS_PATH_MAX + 1];

            strcpy(parent, secret_path[s]);
            *strrchr(parent, '/') = '\0';
            exposed[d][s] = readable(cs[d], (uint16_t)d, secret_path[s]) ||
                            readable(cs[d], (uint16_t)d, parent);
        }
}

void xs_check_leaks(uint16_t domid, const struct conn *c, const char *payload,
                    size_t len)
{
    for (unsigned int s = 0; s < XS_NR_SECRETS && domid < 3; s++) {
        char parent[XENSTORE_ABS_PATH_MAX + 1];

        if (token_known[s] || exposed[domid][s] ||
            !memmem(payload, len, secret_token[s], strlen(secret_token[s])))
            continue;
        strcpy(parent, secret_path[s]);
        *strrchr(parent, '/') = '\0';
        if (readable(c, domid, secret_path[s]) || readable(c, domid, parent))
            continue;
        fprintf(stderr, "dom%u received secret %s in \"%.*s\"\n", domid,
                secret_path[s], (int)len, payload);
        fuzz_fail(__FILE__, __LINE__, "no DomU learns another's secret");
    }
}

/* ---- snapshots ----------------------------------------------------------- */

struct snap {
    char *path;
    char *value;
    uint32_t len;
    struct perms perms;
    char *children;             /* names, '/'-joined */
    bool writable;              /* by the DomU, itself or through an ancestor */
    bool protected;             /* neither it nor an ancestor is writable */
};

static struct snap *pre;
static size_t nr_pre, cap_pre;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct snap *)a)->path, ((const struct snap *)b)->path);
}

static struct snap *find_pre(const char *path)
{
    struct snap key = { .path = (char *)path };

    return bsearch(&key, pre, nr_pre, sizeof(*pre), by_path);
}

static char *children_of(const struct node *n)
{
    size_t len = 1;
    char *s, *p;

    for (const struct node *k = n->first_child; k; k = k->next)
        len += strlen(strrchr(k->path, '/') + 1) + 1;
    p = s = malloc(len);
    FUZZ_CHECK(s);
    for (const struct node *k = n->first_child; k; k = k->next)
        p += sprintf(p, "%s/", strrchr(k->path, '/') + 1);
    *p = '\0';
    return s;
}

static void snap_node(const struct conn *c, const struct node *n,
                      bool parent_writable)
{
    bool w = parent_writable || (may(c, c->domid, &n->perms) & XS_PERM_WRITE);
    struct snap *s;

    if (nr_pre == cap_pre) {
        cap_pre = cap_pre ? cap_pre * 2 : 256;
        pre = realloc(pre, cap_pre * sizeof(*pre));
        FUZZ_CHECK(pre);
    }
    s = &pre[nr_pre++];
    s->path = strdup(n->path);
    s->value = malloc(n->len + 1);
    FUZZ_CHECK(s->path && s->value && !perms_dup(&s->perms, &n->perms));
    memcpy(s->value, n->value, n->len);
    s->len = n->len;
    s->children = children_of(n);
    s->writable = w;
    s->protected = !w;
    for (const struct node *k = n->first_child; k; k = k->next)
        snap_node(c, k, w);
}

static void snap_free(void)
{
    for (size_t i = 0; i < nr_pre; i++) {
        free(pre[i].path);
        free(pre[i].value);
        free(pre[i].children);
        perms_free(&pre[i].perms);
    }
    nr_pre = 0;
}

void xs_check_before(const struct conn *c)
{
    snap_free();
    if (c) {
        snap_node(c, store_lookup("/"), false);
        qsort(pre, nr_pre, sizeof(*pre), by_path);
    }
}

static bool same_perms(const struct perms *a, const struct perms *b)
{
    return a->n == b->n && !memcmp(a->p, b->p, a->n * sizeof(*a->p));
}


static void violation(const char *what, const char *path, uint16_t domid)
{
    fprintf(stderr, "dom%u: %s: %s\n", domid, what, path);
    fuzz_fail(__FILE__, __LINE__, what);
}

/* Nodes a DomU created or changed are its own, or keep their owner. */
static void check_owners(const struct node *n, uint16_t domid)
{
    struct snap *s = find_pre(n->path);

    if (!s && n->perms.p[0].id != domid)
        violation("created a node owned by another domain", n->path, domid);
    if (s && n->perms.p[0].id != s->perms.p[0].id && n->perms.p[0].id != domid)
        violation("gave a node to another domain", n->path, domid);
    for (const struct node *k = n->first_child; k; k = k->next)
        check_owners(k, domid);
}

/*
 * Children of a node the DomU may not write: none added; one removed only
 * if the DomU could write that child (RM needs write access to the node
 * removed, not to its parent).
 */
static void check_children(const struct snap *s, const char *now,
                           uint16_t domid)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *p, *q;

    for (p = now; *p; p = q + 1) {
        q = strchr(p, '/');
        snprintf(path, sizeof(path), "%s/%.*s", strcmp(s->path, "/") ? s->path : "",
                 (int)(q - p), p);
        if (!find_pre(path))
            violation("added a child to a node it may not write", path, domid);
    }
    for (p = s->children; *p; p = q + 1) {
        const struct snap *k;

        q = strchr(p, '/');
        snprintf(path, sizeof(path), "%s/%.*s", strcmp(s->path, "/") ? s->path : "",
                 (int)(q - p), p);
        k = find_pre(path);
        if (!store_lookup(path) && !(k && k->writable))
            violation("removed a node it may not write", path, domid);
    }
}

void xs_check_after(const struct conn *c, uint16_t domid)
{
    for (size_t i = 0; i < nr_pre; i++) {
        struct snap *s = &pre[i];
        struct node *n;
        char *kids;

        if (!s->protected)
            continue;
        n = store_lookup(s->path);
        if (!n)
            violation("removed a node it may not write", s->path, domid);
        kids = children_of(n);
        if (n->len != s->len || memcmp(n->value, s->value, s->len))
            violation("changed the value of a node it may not write",
                      s->path, domid);
        if (!same_perms(&n->perms, &s->perms))
            violation("changed the perms of a node it may not write",
                      s->path, domid);
        check_children(s, kids, domid);
        free(kids);
    }
    if (c && nr_pre)
        check_owners(store_lookup("/"), domid);
}

/* ---- store consistency --------------------------------------------------- */

static uint32_t owned[XSD_NR_DOMIDS];

static size_t walk(const struct node *n)
{
    size_t count = 1;
    unsigned int kids = 0;

    FUZZ_CHECK(store_lookup(n->path) == n);
    FUZZ_CHECK(n->perms.n >= 1);
    owned[n->perms.p[0].id]++;
    for (const struct node *k = n->first_child; k; k = k->next) {
        size_t pl = strlen(n->path);

        FUZZ_CHECK(k->parent == n);
        FUZZ_CHECK(!strncmp(k->path, n->path, pl) &&
                   k->path[pl == 1 ? 0 : pl] == '/' &&
                   !strchr(k->path + pl + 1, '/'));
        FUZZ_CHECK(!k->next || k->next->prev == k);
        count += walk(k);
        kids++;
    }
    FUZZ_CHECK(kids == n->nr_children);
    return count;
}

void xs_check_store(void)
{
    const struct node *root = store_lookup("/");

    FUZZ_CHECK(root && !root->parent);
    memset(owned, 0, sizeof(owned));
    FUZZ_CHECK(walk(root) == xsd_store.nodes.count);
    /* One memcmp: a loop here would dominate the run time. */
    FUZZ_CHECK(!memcmp(owned, xsd_store.nodes_owned, sizeof(owned)));
    if (nr_pre)
        snap_free();
}
