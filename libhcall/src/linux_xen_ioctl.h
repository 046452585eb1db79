/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Linux Xen device ABI libhcall drives (privcmd, evtchn, gntdev,
 * gntalloc), written from the layout of Linux's include/uapi/xen/ headers. Only
 * the requests libhcall issues are here. Private to libhcall.
 */
#ifndef LIBHCALL_LINUX_XEN_IOCTL_H
#define LIBHCALL_LINUX_XEN_IOCTL_H

#include <stdint.h>
#include <sys/ioctl.h>

/* /dev/xen/privcmd */
struct lx_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct lx_privcmd_mmapbatch_v2 {
    uint32_t num;               /* frames to map */
    uint16_t dom;               /* owner of the frames */
    uint64_t addr;              /* start of the caller's mmap()ed range */
    const uint64_t *arr;        /* frame numbers (xen_pfn_t) */
    int *err;                   /* per-frame result, 0 or -errno */
};

#define LX_IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct lx_privcmd_hypercall))
#define LX_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct lx_privcmd_mmapbatch_v2))

/* /dev/xen/evtchn: read() yields pending ports (u32), write() unmasks. */
struct lx_evtchn_bind_virq { uint32_t virq; };
struct lx_evtchn_bind_interdomain { uint32_t remote_domain, remote_port; };
struct lx_evtchn_bind_unbound_port { uint32_t remote_domain; };
struct lx_evtchn_port { uint32_t port; };   /* unbind and notify */

#define LX_IOCTL_EVTCHN_BIND_VIRQ \
    _IOC(_IOC_NONE, 'E', 0, sizeof(struct lx_evtchn_bind_virq))
#define LX_IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct lx_evtchn_bind_interdomain))
#define LX_IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    _IOC(_IOC_NONE, 'E', 2, sizeof(struct lx_evtchn_bind_unbound_port))
#define LX_IOCTL_EVTCHN_UNBIND \
    _IOC(_IOC_NONE, 'E', 3, sizeof(struct lx_evtchn_port))
#define LX_IOCTL_EVTCHN_NOTIFY \
    _IOC(_IOC_NONE, 'E', 4, sizeof(struct lx_evtchn_port))
#define LX_IOCTL_EVTCHN_RESET _IOC(_IOC_NONE, 'E', 5, 0)

/* /dev/xen/gntdev */
struct lx_gntdev_grant_ref {
    uint32_t domid;
    uint32_t ref;
};

/* Variable length: count refs follow; the ioctl number uses one. */
struct lx_gntdev_map_grant_ref {
    uint32_t count;
    uint32_t pad;
    uint64_t index;             /* OUT: mmap() offset */
    struct lx_gntdev_grant_ref refs[1];
};

struct lx_gntdev_unmap_grant_ref {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};

struct lx_gntdev_get_offset_for_vaddr {
    uint64_t vaddr;             /* IN: start of a gntdev mapping */
    uint64_t offset;            /* OUT: its mmap() offset */
    uint32_t count;             /* OUT: pages in that mapping */
    uint32_t pad;
};

struct lx_gntdev_set_max_grants { uint32_t count; };

struct lx_unmap_notify {        /* same layout for gntdev and gntalloc */
    uint64_t index;
    uint32_t action;
    uint32_t event_channel_port;
};
#define LX_UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define LX_UNMAP_NOTIFY_SEND_EVENT 0x2

struct lx_gntdev_grant_copy_segment {
    union {
        void *virt;
        struct {
            uint32_t ref;
            uint16_t offset;
            uint16_t domid;
        } foreign;
    } source, dest;
    uint16_t len;
    uint16_t flags;             /* GNTCOPY_source_gref 1, GNTCOPY_dest_gref 2 */
    int16_t status;             /* GNTST_* */
};

struct lx_gntdev_grant_copy {
    uint32_t count;
    struct lx_gntdev_grant_copy_segment *segments;
};

#define LX_IOCTL_GNTDEV_MAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 0, sizeof(struct lx_gntdev_map_grant_ref))
#define LX_IOCTL_GNTDEV_UNMAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 1, sizeof(struct lx_gntdev_unmap_grant_ref))
#define LX_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
    _IOC(_IOC_NONE, 'G', 2, sizeof(struct lx_gntdev_get_offset_for_vaddr))
#define LX_IOCTL_GNTDEV_SET_MAX_GRANTS \
    _IOC(_IOC_NONE, 'G', 3, sizeof(struct lx_gntdev_set_max_grants))
#define LX_IOCTL_GNTDEV_SET_UNMAP_NOTIFY \
    _IOC(_IOC_NONE, 'G', 7, sizeof(struct lx_unmap_notify))
#define LX_IOCTL_GNTDEV_GRANT_COPY \
    _IOC(_IOC_NONE, 'G', 8, sizeof(struct lx_gntdev_grant_copy))

/* /dev/xen/gntalloc */
struct lx_gntalloc_alloc_gref {
    uint16_t domid;             /* domain allowed to map */
    uint16_t flags;             /* GNTALLOC_FLAG_WRITABLE 1 */
    uint32_t count;
    uint64_t index;             /* OUT: mmap() offset */
    uint32_t gref_ids[1];       /* OUT: count refs */
};

struct lx_gntalloc_dealloc_gref {
    uint64_t index;
    uint32_t count;
};

#define LX_IOCTL_GNTALLOC_ALLOC_GREF \
    _IOC(_IOC_NONE, 'G', 5, sizeof(struct lx_gntalloc_alloc_gref))
#define LX_IOCTL_GNTALLOC_DEALLOC_GREF \
    _IOC(_IOC_NONE, 'G', 6, sizeof(struct lx_gntalloc_dealloc_gref))
#define LX_IOCTL_GNTALLOC_SET_UNMAP_NOTIFY \
    _IOC(_IOC_NONE, 'G', 7, sizeof(struct lx_unmap_notify))

#endif /* LIBHCALL_LINUX_XEN_IOCTL_H */
