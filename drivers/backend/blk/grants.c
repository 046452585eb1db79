/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk persistent grants (feature-persistent): when the frontend also
 * offers them it reuses a pool of granted pages, so each grant is mapped
 * once through gntdev and kept, per device, in an array sorted by grant
 * reference. Up to QD_MAX_PGRANTS per queue stay mapped (Linux's blkback
 * keeps 1056 per ring); when the table is full, a new grant takes the
 * place of the least recently used one that no request is using (unmapped
 * then), as blkback purges its LRU ones; only if every kept grant is in use
 * is the new one mapped for its request alone. All are unmapped when the
 * device disconnects or goes away.
 */
#include <stdlib.h>
#include <string.h>

#include "qdisk.h"

/* Index of @gref in d->pg, or where it would be inserted. */
static unsigned find(const struct qd_dev *d, uint32_t gref)
{
    unsigned lo = 0, hi = d->npg;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;

        if (d->pg[mid].gref < gref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Makes room in a full table: unmaps the least recently used grant no
 * request is using. 0, or -1 if every one is in use. pg_lock held.
 */
static int evict_lru(struct qd *q, struct qd_dev *d)
{
    unsigned victim = d->npg;

    for (unsigned i = 0; i < d->npg; i++)
        if (!d->pg[i].users &&
            (victim == d->npg || d->pg[i].last_used < d->pg[victim].last_used))
            victim = i;
    if (victim == d->npg)
        return -1;
    if (hcall_gntdev_unmap(q->gnt, d->pg[victim].addr, 1) < 0)
        qd_log("dom%u/%u: unmap grant %u: %m", d->domid, d->devid,
               d->pg[victim].gref);
    d->npg--;
    memmove(&d->pg[victim], &d->pg[victim + 1], (d->npg - victim) * sizeof(*d->pg));
    d->pg_evicted++;
    return 0;
}

/*
 * The local address of @gref's page, mapped writable. *tmp is set when it
 * is not kept (the table is full): the caller unmaps it after the request.
 * NULL if gntdev refuses the grant.
 */
void *qd_pgrant_get(struct qd *q, struct qd_dev *d, uint32_t gref, int *tmp)
{
    hcall_gref_t ref = gref;
    unsigned i;
    void *addr = NULL;

    *tmp = 0;
    pthread_mutex_lock(&q->pg_lock);
    i = find(d, gref);
    if (i < d->npg && d->pg[i].gref == gref) {
        addr = d->pg[i].addr;
        d->pg[i].users++;
        d->pg[i].last_used = ++d->pg_clock;
        goto out;
    }
    addr = hcall_gntdev_map(q->gnt, (uint16_t)d->domid, &ref, 1, 1);
    if (!addr)
        goto out;
    if (!d->pg) {
        d->pg_cap = QD_MAX_PGRANTS * (d->nqueues ? d->nqueues : 1);
        d->pg = calloc(d->pg_cap, sizeof(*d->pg));
    }
    if (!d->pg || (d->npg == d->pg_cap && evict_lru(q, d) < 0)) {
        *tmp = 1;
        goto out;
    }
    i = find(d, gref);
    memmove(&d->pg[i + 1], &d->pg[i], (d->npg - i) * sizeof(*d->pg));
    d->pg[i] = (struct qd_pgrant){ .gref = gref, .users = 1,
                                   .last_used = ++d->pg_clock, .addr = addr };
    d->npg++;
 out:
    pthread_mutex_unlock(&q->pg_lock);
    return addr;
}

/* A request is done with these kept grants (qd_pgrant_get gave them). */
void qd_pgrants_put(struct qd *q, struct qd_dev *d, const uint32_t *grefs,
                    unsigned n)
{
    pthread_mutex_lock(&q->pg_lock);
    for (unsigned k = 0; k < n; k++) {
        unsigned i = find(d, grefs[k]);

        if (i < d->npg && d->pg[i].gref == grefs[k] && d->pg[i].users)
            d->pg[i].users--;
    }
    pthread_mutex_unlock(&q->pg_lock);
}

/* Unmaps every kept grant of @d (nothing of it is in flight). */
void qd_pgrants_release(struct qd *q, struct qd_dev *d)
{
    unsigned n = d->npg;

    pthread_mutex_lock(&q->pg_lock);
    for (unsigned i = 0; i < d->npg; i++)
        if (hcall_gntdev_unmap(q->gnt, d->pg[i].addr, 1) < 0)
            qd_log("dom%u/%u: unmap grant %u: %m", d->domid, d->devid,
                   d->pg[i].gref);
    free(d->pg);
    d->pg = NULL;
    d->npg = 0;
    pthread_mutex_unlock(&q->pg_lock);
    if (n || d->pg_evicted)
        qd_log("dom%u/%u: %u persistent grants unmapped (%lu evicted before)",
               d->domid, d->devid, n, d->pg_evicted);
    d->pg_evicted = 0;
}
