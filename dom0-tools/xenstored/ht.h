/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored: chained hash table keyed by byte strings (paths, ports). */
#ifndef XSD_HT_H
#define XSD_HT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ht_entry {
    struct ht_entry *next;
    uint32_t hash;
    const void *key;            /* owned by the caller; must outlive the entry */
    size_t klen;
    void *val;
};

struct ht {
    struct ht_entry **buckets;
    size_t nbuckets;
    size_t count;
};

int ht_init(struct ht *t);
void ht_destroy(struct ht *t);
void *ht_find(const struct ht *t, const void *key, size_t klen);
/* Fails with -ENOMEM or -EEXIST. */
int ht_insert(struct ht *t, const void *key, size_t klen, void *val);
void *ht_remove(struct ht *t, const void *key, size_t klen);
/* Calls fn for every entry; fn must not modify the table. */
void ht_foreach(const struct ht *t, void (*fn)(void *val, void *arg),
                void *arg);

static inline void *ht_find_str(const struct ht *t, const char *s)
{
    return ht_find(t, s, strlen(s));
}

#endif /* XSD_HT_H */
