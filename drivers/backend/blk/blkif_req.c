/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qdisk request layer: validation of blkif requests (facts: split-drivers.md
 * section 2) and ring index sanity. Every field the frontend controls is
 * checked here before the daemon touches a grant or the backing store.
 */
#include <string.h>

#include "backend.h"
#include "blkif_req.h"

#define SECTOR_SHIFT 9
#define SECTORS_PER_PAGE (BLKREQ_PAGE_SIZE >> SECTOR_SHIFT)

/* Is [sector, sector + nr) inside the device, with no wrap-around? */
static int in_device(const struct blkreq_geom *g, uint64_t sector, uint64_t nr)
{
    return sector <= g->sectors && nr <= g->sectors - sector;
}

/* Logical sectors of sector_size, in 512-byte units (1 or 8). */
static uint64_t lsect(const struct blkreq_geom *g)
{
    return g->sector_size > 512 ? g->sector_size >> SECTOR_SHIFT : 1;
}

int blkreq_set_segments(const struct blkreq_geom *g, struct blkreq *r,
                        const struct blkif_request_segment *segs, unsigned n)
{
    uint64_t cur = r->sector, total = 0, mask = lsect(g) - 1;

    r->nr_iov = 0;
    if (n != r->nr_segs || n > BLKREQ_MAX_SEGS)
        return BLKIF_RSP_ERROR;
    for (unsigned i = 0; i < n; i++) {
        /* One copy of each field: the page may still be shared. */
        uint8_t first = segs[i].first_sect, last = segs[i].last_sect;
        uint64_t nsec;

        if (first > last || last >= SECTORS_PER_PAGE)
            return BLKIF_RSP_ERROR;
        nsec = (uint64_t)last - first + 1;
        if ((cur | nsec) & mask)
            return BLKIF_RSP_ERROR;     /* misaligned for sector-size */
        r->iov[i] = (struct blkreq_iov){
            .gref = segs[i].gref,
            .offset = (uint16_t)(first << SECTOR_SHIFT),
            .len = (uint16_t)(nsec << SECTOR_SHIFT),
            .dev_off = (r->sector + total) << SECTOR_SHIFT,
        };
        total += nsec;
        cur += nsec;
    }
    /*
     * An empty flush/barrier touches no sector: Linux's blkfront leaves
     * whatever block-layer position it had in sector_number (Linux's
     * blkback checks ranges only with data too).
     */
    if (n == 0)
        r->sector = 0;
    else if (!in_device(g, r->sector, total))
        return BLKIF_RSP_ERROR;
    r->nr_iov = n;
    r->dev_off = r->sector << SECTOR_SHIFT;
    r->len = total << SECTOR_SHIFT;
    return BLKIF_RSP_OKAY;
}

static int parse_discard(const struct blkreq_geom *g,
                         const struct blkif_request_discard *d,
                         struct blkreq *out)
{
    uint64_t mask = lsect(g) - 1;

    if (!g->discard || (d->flag & BLKIF_DISCARD_SECURE))
        return BLKIF_RSP_EOPNOTSUPP;
    if (g->readonly)
        return BLKIF_RSP_ERROR;
    if ((d->sector_number | d->nr_sectors) & mask)
        return BLKIF_RSP_ERROR;
    if (!in_device(g, d->sector_number, d->nr_sectors))
        return BLKIF_RSP_ERROR;
    out->kind = BLKREQ_DISCARD;
    out->sector = d->sector_number;
    out->dev_off = d->sector_number << SECTOR_SHIFT;
    out->len = d->nr_sectors << SECTOR_SHIFT;
    return BLKIF_RSP_OKAY;
}

static int parse_indirect(const struct blkreq_geom *g,
                          const struct blkif_request_indirect *ind,
                          struct blkreq *out)
{
    unsigned max = g->max_indirect < BLKREQ_MAX_SEGS ? g->max_indirect
                                                     : BLKREQ_MAX_SEGS;
    unsigned n = ind->nr_segments;

    /* Linux blkfront checks the response carries the inner operation. */
    out->rsp_op = ind->indirect_op;
    if (!max)
        return BLKIF_RSP_EOPNOTSUPP;
    if (ind->indirect_op != BLKIF_OP_READ && ind->indirect_op != BLKIF_OP_WRITE)
        return BLKIF_RSP_EOPNOTSUPP;
    out->kind = ind->indirect_op == BLKIF_OP_READ ? BLKREQ_READ : BLKREQ_WRITE;
    if (out->kind == BLKREQ_WRITE && g->readonly)
        return BLKIF_RSP_ERROR;
    if (n == 0 || n > max)
        return BLKIF_RSP_ERROR;
    out->sector = ind->sector_number;
    if (!in_device(g, out->sector, 0))
        return BLKIF_RSP_ERROR;
    out->nr_segs = n;
    out->nr_indirect_pages = (n + BLKREQ_SEGS_PER_PAGE - 1) / BLKREQ_SEGS_PER_PAGE;
    for (unsigned i = 0; i < out->nr_indirect_pages; i++)
        out->indirect_grefs[i] = ind->indirect_grefs[i];
    return BLKIF_RSP_OKAY;
}

static int parse_rw(const struct blkreq_geom *g, const struct blkif_request *raw,
                    struct blkreq *out)
{
    unsigned n = raw->nr_segments;

    switch (raw->operation) {
    case BLKIF_OP_READ:
        out->kind = BLKREQ_READ;
        break;
    case BLKIF_OP_WRITE:
        out->kind = BLKREQ_WRITE;
        break;
    default:                /* FLUSH_DISKCACHE, WRITE_BARRIER */
        out->kind = n ? BLKREQ_WRITE : BLKREQ_FLUSH;
        out->flush = out->barrier = 1;
        break;
    }
    if (n > BLKIF_MAX_SEGMENTS_PER_REQUEST)
        return BLKIF_RSP_ERROR;
    if (n == 0 && out->kind != BLKREQ_FLUSH)
        return BLKIF_RSP_ERROR;
    if (out->kind == BLKREQ_WRITE && g->readonly)
        return BLKIF_RSP_ERROR;
    out->sector = raw->sector_number;
    out->nr_segs = n;
    return blkreq_set_segments(g, out, raw->seg, n);
}

int blkreq_parse(const struct blkreq_geom *g, const struct blkif_request *raw,
                 struct blkreq *out)
{
    memset(out, 0, offsetof(struct blkreq, iov));
    out->id = raw->id;
    out->rsp_op = raw->operation;
    switch (raw->operation) {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
    case BLKIF_OP_WRITE_BARRIER:
    case BLKIF_OP_FLUSH_DISKCACHE:
        return parse_rw(g, raw, out);
    case BLKIF_OP_DISCARD: {
        struct blkif_request_discard d;

        memcpy(&d, raw, sizeof(d));     /* same slot, other layout */
        return parse_discard(g, &d, out);
    }
    case BLKIF_OP_INDIRECT: {
        struct blkif_request_indirect ind;

        memcpy(&ind, raw, sizeof(ind));
        return parse_indirect(g, &ind, out);
    }
    default:
        return BLKIF_RSP_EOPNOTSUPP;
    }
}

int blkreq_ring_avail(uint32_t req_prod, uint32_t req_cons,
                      uint32_t rsp_prod_pvt, uint32_t size, uint32_t *avail)
{
    return be_ring_avail(req_prod, req_cons, rsp_prod_pvt, size, avail);
}

uint32_t blkreq_ring_slots(unsigned order)
{
    if (order > BLKREQ_MAX_RING_ORDER)
        return 0;
    return __CONST_RING_SIZE(blkif, (size_t)BLKREQ_PAGE_SIZE << order);
}

long blkreq_queue_count(const char *s, unsigned max)
{
    unsigned long n = 0;

    if (!s)
        return 1;
    if (!*s || strlen(s) > 9)
        return -1;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9')
            return -1;
        n = n * 10 + (unsigned long)(*c - '0');
    }
    return n >= 1 && n <= max ? (long)n : -1;
}

long blkreq_sector_size(const char *node, unsigned store)
{
    long ss;

    if (!node)
        return store == 512 || store == 4096 ? (long)store : -1;
    if (!strcmp(node, "512"))
        ss = 512;
    else if (!strcmp(node, "4096"))
        ss = 4096;
    else
        return -1;
    return ss >= (long)store ? ss : -1;
}

uint64_t blkreq_sectors(uint64_t bytes, unsigned sector_size)
{
    return (bytes / sector_size) * (sector_size / 512);
}
