/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: grant mapping and copy (/dev/xen/gntdev), grant offering
 * (/dev/xen/gntalloc). Both devices hand out an mmap() offset per request.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <hcall/gnt.h>
#include "linux_xen_ioctl.h"

#define PAGE_SIZE 4096UL

struct hcall_gntdev {
    int fd;
};

/* gntalloc has no address->offset query, so remember each share. */
struct share {
    struct share *next;
    void *addr;
    uint64_t index;
    uint32_t count;
};

struct hcall_gntalloc {
    int fd;
    pthread_mutex_t lock;       /* protects shares */
    struct share *shares;
};

struct hcall_gntdev *hcall_gntdev_open(void)
{
    struct hcall_gntdev *h = malloc(sizeof(*h));

    if (!h)
        return NULL;
    h->fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    if (h->fd < 0) {
        free(h);
        return NULL;
    }
    return h;
}

void hcall_gntdev_close(struct hcall_gntdev *h)
{
    if (!h)
        return;
    close(h->fd);
    free(h);
}

int hcall_gntdev_set_max_grants(struct hcall_gntdev *h, uint32_t count)
{
    struct lx_gntdev_set_max_grants m = { count };

    return ioctl(h->fd, LX_IOCTL_GNTDEV_SET_MAX_GRANTS, &m) < 0 ? -1 : 0;
}

void *hcall_gntdev_map(struct hcall_gntdev *h, uint16_t domid,
                       const hcall_gref_t *refs, uint32_t count, int writable)
{
    struct lx_gntdev_map_grant_ref *req;
    struct lx_gntdev_unmap_grant_ref unmap;
    void *addr = NULL;
    int saved;

    if (!count) {
        errno = EINVAL;
        return NULL;
    }
    req = calloc(1, sizeof(*req) + (count - 1) * sizeof(req->refs[0]));
    if (!req)
        return NULL;
    req->count = count;
    for (uint32_t i = 0; i < count; i++) {
        req->refs[i].domid = domid;
        req->refs[i].ref = refs[i];
    }
    if (ioctl(h->fd, LX_IOCTL_GNTDEV_MAP_GRANT_REF, req) < 0)
        goto out;
    addr = mmap(NULL, count * PAGE_SIZE,
                PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, h->fd,
                (off_t)req->index);
    if (addr == MAP_FAILED) {
        saved = errno;
        unmap = (struct lx_gntdev_unmap_grant_ref){ req->index, count, 0 };
        ioctl(h->fd, LX_IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
        errno = saved;
        addr = NULL;
    }
 out:
    saved = errno;
    free(req);
    errno = saved;
    return addr;
}

int hcall_gntdev_unmap(struct hcall_gntdev *h, void *addr, uint32_t count)
{
    struct lx_gntdev_get_offset_for_vaddr q = {
        .vaddr = (uint64_t)(uintptr_t)addr,
    };
    struct lx_gntdev_unmap_grant_ref unmap;

    /* The kernel remembers which mmap() offset backs this address. */
    if (ioctl(h->fd, LX_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &q) < 0)
        return -1;
    if (q.count != count) {
        errno = EINVAL;
        return -1;
    }
    if (munmap(addr, count * PAGE_SIZE))
        return -1;
    unmap = (struct lx_gntdev_unmap_grant_ref){ q.offset, count, 0 };
    return ioctl(h->fd, LX_IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0 ? -1 : 0;
}

static void fill_side(const struct hcall_gnt_copy_side *s, int is_src,
                      struct lx_gntdev_grant_copy_segment *seg)
{
    if (s->is_gref) {
        if (is_src) {
            seg->source.foreign.ref = s->ref;
            seg->source.foreign.offset = s->offset;
            seg->source.foreign.domid = s->domid;
            seg->flags |= 1;            /* GNTCOPY_source_gref */
        } else {
            seg->dest.foreign.ref = s->ref;
            seg->dest.foreign.offset = s->offset;
            seg->dest.foreign.domid = s->domid;
            seg->flags |= 2;            /* GNTCOPY_dest_gref */
        }
    } else if (is_src) {
        seg->source.virt = s->virt;
    } else {
        seg->dest.virt = s->virt;
    }
}

int hcall_gntdev_copy(struct hcall_gntdev *h, struct hcall_gnt_copy_seg *segs,
                      uint32_t count)
{
    struct lx_gntdev_grant_copy_segment *ks;
    struct lx_gntdev_grant_copy copy;
    int rc, saved;

    ks = calloc(count ? count : 1, sizeof(*ks));
    if (!ks)
        return -1;
    for (uint32_t i = 0; i < count; i++) {
        fill_side(&segs[i].src, 1, &ks[i]);
        fill_side(&segs[i].dst, 0, &ks[i]);
        ks[i].len = segs[i].len;
    }
    copy = (struct lx_gntdev_grant_copy){ count, ks };
    rc = ioctl(h->fd, LX_IOCTL_GNTDEV_GRANT_COPY, &copy) < 0 ? -1 : 0;
    saved = errno;
    for (uint32_t i = 0; i < count; i++)
        segs[i].status = ks[i].status;
    free(ks);
    errno = saved;
    return rc;
}

struct hcall_gntalloc *hcall_gntalloc_open(void)
{
    struct hcall_gntalloc *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    h->fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
    if (h->fd < 0) {
        free(h);
        return NULL;
    }
    pthread_mutex_init(&h->lock, NULL);
    return h;
}

void hcall_gntalloc_close(struct hcall_gntalloc *h)
{
    if (!h)
        return;
    while (h->shares)
        hcall_gntalloc_unshare(h, h->shares->addr, h->shares->count);
    close(h->fd);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

void *hcall_gntalloc_share(struct hcall_gntalloc *h, uint16_t domid,
                           int writable, uint32_t count, hcall_gref_t *refs)
{
    struct lx_gntalloc_alloc_gref *req;
    struct lx_gntalloc_dealloc_gref dealloc;
    struct share *s = NULL;
    void *addr = NULL;
    int saved;

    if (!count) {
        errno = EINVAL;
        return NULL;
    }
    req = calloc(1, sizeof(*req) + (count - 1) * sizeof(req->gref_ids[0]));
    if (!req || !(s = malloc(sizeof(*s))))
        goto out;
    req->domid = domid;
    req->flags = writable ? 1 : 0;      /* GNTALLOC_FLAG_WRITABLE */
    req->count = count;
    if (ioctl(h->fd, LX_IOCTL_GNTALLOC_ALLOC_GREF, req) < 0)
        goto out;
    addr = mmap(NULL, count * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
                h->fd, (off_t)req->index);
    if (addr == MAP_FAILED) {
        saved = errno;
        dealloc = (struct lx_gntalloc_dealloc_gref){ req->index, count };
        ioctl(h->fd, LX_IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc);
        errno = saved;
        addr = NULL;
        goto out;
    }
    for (uint32_t i = 0; i < count; i++)
        refs[i] = req->gref_ids[i];
    *s = (struct share){ .addr = addr, .index = req->index, .count = count };
    pthread_mutex_lock(&h->lock);
    s->next = h->shares;
    h->shares = s;
    pthread_mutex_unlock(&h->lock);
    s = NULL;
 out:
    saved = errno;
    free(s);
    free(req);
    errno = saved;
    return addr;
}

int hcall_gntalloc_unshare(struct hcall_gntalloc *h, void *addr,
                           uint32_t count)
{
    struct lx_gntalloc_dealloc_gref dealloc;
    struct share **pp, *s;
    int rc;

    pthread_mutex_lock(&h->lock);
    for (pp = &h->shares; *pp && (*pp)->addr != addr; pp = &(*pp)->next)
        ;
    s = *pp;
    if (s)
        *pp = s->next;
    pthread_mutex_unlock(&h->lock);
    if (!s || s->count != count) {
        if (s) {                /* put it back untouched */
            pthread_mutex_lock(&h->lock);
            s->next = h->shares;
            h->shares = s;
            pthread_mutex_unlock(&h->lock);
        }
        errno = EINVAL;
        return -1;
    }
    dealloc = (struct lx_gntalloc_dealloc_gref){ s->index, s->count };
    rc = ioctl(h->fd, LX_IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc) < 0 ? -1 : 0;
    munmap(addr, count * PAGE_SIZE);
    free(s);
    return rc;
}
