/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: mapping other domains' grants (/dev/xen/gntdev) and offering
 * this domain's pages as grants (/dev/xen/gntalloc).
 */
#ifndef HCALL_GNT_H
#define HCALL_GNT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hcall_gntdev;
struct hcall_gntalloc;
typedef uint32_t hcall_gref_t;

/* Opens /dev/xen/gntdev. NULL + errno on failure. */
struct hcall_gntdev *hcall_gntdev_open(void);
void hcall_gntdev_close(struct hcall_gntdev *h);
/* Limits how many grants this handle may map at once (kernels >= 4.x: no-op). */
int hcall_gntdev_set_max_grants(struct hcall_gntdev *h, uint32_t count);

/*
 * Maps @count grant references of domain @domid contiguously; @writable
 * selects PROT_READ|PROT_WRITE vs PROT_READ. NULL + errno on failure.
 */
void *hcall_gntdev_map(struct hcall_gntdev *h, uint16_t domid,
                       const hcall_gref_t *refs, uint32_t count, int writable);
int hcall_gntdev_unmap(struct hcall_gntdev *h, void *addr, uint32_t count);

/*
 * One segment of hcall_gntdev_copy(): each side is either a local pointer
 * (is_gref = 0) or a foreign {domid, ref, offset} (is_gref = 1). status gets
 * the GNTST_* result (0 = okay).
 */
struct hcall_gnt_copy_side {
    int is_gref;
    void *virt;
    uint16_t domid;
    hcall_gref_t ref;
    uint16_t offset;
};
struct hcall_gnt_copy_seg {
    struct hcall_gnt_copy_side src, dst;
    uint16_t len;
    int16_t status;
};
/* 0 if the ioctl ran (check each status), -1 + errno otherwise. */
int hcall_gntdev_copy(struct hcall_gntdev *h, struct hcall_gnt_copy_seg *segs,
                      uint32_t count);

/* Opens /dev/xen/gntalloc. NULL + errno on failure. */
struct hcall_gntalloc *hcall_gntalloc_open(void);
void hcall_gntalloc_close(struct hcall_gntalloc *h);
/*
 * Allocates @count zeroed pages, grants them to @domid (writable or not),
 * stores the refs in @refs and returns the local mapping. NULL + errno.
 */
void *hcall_gntalloc_share(struct hcall_gntalloc *h, uint16_t domid,
                           int writable, uint32_t count, hcall_gref_t *refs);
/* Unmaps and revokes; the kernel frees the grants once the peer unmaps. */
int hcall_gntalloc_unshare(struct hcall_gntalloc *h, void *addr,
                           uint32_t count);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_GNT_H */
