/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk persistent grants (feature-persistent): when the frontend also
 * offers them it reuses a pool of granted pages, so each grant is mapped
 * once through gntdev and kept, per device, in an array sorted by grant
 * reference. Up to QD_MAX_PGRANTS per queue stay mapped (Linux's blkback
 * keeps 1056 per ring); a grant beyond that is mapped for its request only. All are
 * unmapped when the device disconnects or goes away.
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
        goto out;
    }
    addr = hcall_gntdev_map(q->gnt, (uint16_t)d->domid, &ref, 1, 1);
    if (!addr)
        goto out;
    if (!d->pg) {
        d->pg_cap = QD_MAX_PGRANTS * (d->nqueues ? d->nqueues : 1);
        d->pg = calloc(d->pg_cap, sizeof(*d->pg));
    }
    if (!d->pg || d->npg == d->pg_cap) {
        *tmp = 1;
        goto out;
    }
    memmove(&d->pg[i + 1], &d->pg[i], (d->npg - i) * sizeof(*d->pg));
    d->pg[i].gref = gref;
    d->pg[i].addr = addr;
    d->npg++;
 out:
    pthread_mutex_unlock(&q->pg_lock);
    return addr;
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
    if (n)
        qd_log("dom%u/%u: %u persistent grants unmapped", d->domid, d->devid, n);
}
