/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored: chained hash table; doubles when the load factor passes 1. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ht.h"

static uint32_t hash_bytes(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint32_t h = 2166136261u;           /* FNV-1a */

    while (len--)
        h = (h ^ *p++) * 16777619u;
    return h;
}

int ht_init(struct ht *t)
{
    t->nbuckets = 64;
    t->count = 0;
    t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
    return t->buckets ? 0 : -ENOMEM;
}

void ht_destroy(struct ht *t)
{
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct ht_entry *e = t->buckets[i];

        while (e) {
            struct ht_entry *next = e->next;

            free(e);
            e = next;
        }
    }
    free(t->buckets);
    t->buckets = NULL;
    t->count = 0;
}

static struct ht_entry **lookup(const struct ht *t, const void *key,
                                size_t klen, uint32_t h)
{
    struct ht_entry **pp = &t->buckets[h & (t->nbuckets - 1)];

    for (; *pp; pp = &(*pp)->next)
        if ((*pp)->hash == h && (*pp)->klen == klen &&
            !memcmp((*pp)->key, key, klen))
            break;
    return pp;
}

void *ht_find(const struct ht *t, const void *key, size_t klen)
{
    struct ht_entry *e = *lookup(t, key, klen, hash_bytes(key, klen));

    return e ? e->val : NULL;
}

static void grow(struct ht *t)
{
    size_t n = t->nbuckets * 2;
    struct ht_entry **b = calloc(n, sizeof(*b));

    if (!b)
        return;                 /* keep working with longer chains */
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct ht_entry *e = t->buckets[i];

        while (e) {
            struct ht_entry *next = e->next;

            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = n;
}

int ht_insert(struct ht *t, const void *key, size_t klen, void *val)
{
    uint32_t h = hash_bytes(key, klen);
    struct ht_entry **pp = lookup(t, key, klen, h), *e;

    if (*pp)
        return -EEXIST;
    e = malloc(sizeof(*e));
    if (!e)
        return -ENOMEM;
    *e = (struct ht_entry){ NULL, h, key, klen, val };
    *pp = e;
    if (++t->count > t->nbuckets)
        grow(t);
    return 0;
}

void *ht_remove(struct ht *t, const void *key, size_t klen)
{
    struct ht_entry **pp = lookup(t, key, klen, hash_bytes(key, klen)), *e;
    void *val;

    if (!*pp)
        return NULL;
    e = *pp;
    *pp = e->next;
    val = e->val;
    free(e);
    t->count--;
    return val;
}

void ht_foreach(const struct ht *t, void (*fn)(void *val, void *arg),
                void *arg)
{
    for (size_t i = 0; i < t->nbuckets; i++)
        for (struct ht_entry *e = t->buckets[i]; e; e = e->next)
            fn(e->val, arg);
}
