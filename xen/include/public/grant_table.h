/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: a domain grants other domains access to its own frames by
 * filling entries of its grant table; the grantee maps or copies them with
 * grant_table_op (hc 20): (cmd, uop, count).
 *
 * uop is an array of `count` structs of the sub-op's type. The hypercall's
 * return value reports only argument problems (-EFAULT unreadable array,
 * -EINVAL bad count, -ENOSYS unknown cmd, -EPERM); the result of each
 * element goes in its `status` field as a GNTST_* value (0 or negative,
 * never positive).
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include <stdint.h>

#include "xen.h"

/* Index of an entry in a domain's grant table. */
typedef uint32_t grant_ref_t;

/*
 * Version 1 grant entry (8 bytes). Written by the granting domain, except
 * GTF_reading/GTF_writing which the hypervisor sets and clears while the
 * grant is mapped, and the transfer bits.
 *
 * To grant: write domid and frame, write barrier, then flags. To revoke:
 * atomically clear flags with a compare-exchange that fails while
 * GTF_reading/GTF_writing are set.
 */
struct grant_entry_v1 {
    uint16_t flags;    /* 0x0: GTF_* */
    domid_t domid;     /* 0x2: domain allowed to use the grant */
    uint32_t frame;    /* 0x4: frame being granted (accept_transfer:
                          filled by the hypervisor with the new frame) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries the toolstack fills in before the guest starts. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0   /* console ring page */
#define GNTTAB_RESERVED_XENSTORE   1   /* xenstore ring page */

/* flags, bits 0-1: entry type. */
#define GTF_invalid         (0U << 0)  /* no access granted */
#define GTF_permit_access   (1U << 0)  /* domid may map/copy the frame */
#define GTF_accept_transfer (2U << 0)  /* domid may transfer a frame here */
#define GTF_transitive      (3U << 0)  /* v2 only: re-grant of another grant */
#define GTF_type_mask       (3U << 0)

/* flags for permit_access / transitive entries. */
#define _GTF_readonly   2   /* grantee may only read */
#define GTF_readonly    (1U << _GTF_readonly)
#define _GTF_reading    3   /* hypervisor: mapped/being copied for read */
#define GTF_reading     (1U << _GTF_reading)
#define _GTF_writing    4   /* hypervisor: mapped/being copied for write */
#define GTF_writing     (1U << _GTF_writing)
#define _GTF_PWT        5   /* cache attributes for the grantee's mapping */
#define GTF_PWT         (1U << _GTF_PWT)
#define _GTF_PCD        6
#define GTF_PCD         (1U << _GTF_PCD)
#define _GTF_PAT        7
#define GTF_PAT         (1U << _GTF_PAT)
#define _GTF_sub_page   8   /* v2 only: only part of the frame is granted */
#define GTF_sub_page    (1U << _GTF_sub_page)

/* flags for accept_transfer entries. */
#define _GTF_transfer_committed 2   /* hypervisor: a transfer is under way */
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3   /* hypervisor: frame field is valid */
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/*
 * Version 2 grant entries (16 bytes), with a separate status array of
 * grant_status_t (the reading/writing bits live there instead).
 */
struct grant_entry_header {
    uint16_t flags;    /* GTF_* */
    domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;

    /* GTF_permit_access / GTF_accept_transfer, whole frame. */
    struct {
        grant_entry_header_t hdr;   /* 0x0 */
        uint32_t pad0;              /* 0x4 */
        uint64_t frame;             /* 0x8 */
    } full_page;

    /* GTF_permit_access | GTF_sub_page: [page_off, page_off + length). */
    struct {
        grant_entry_header_t hdr;   /* 0x0 */
        uint16_t page_off;          /* 0x4 */
        uint16_t length;            /* 0x6 */
        uint64_t frame;             /* 0x8 */
    } sub_page;

    /* GTF_transitive: access to grant gref of domain trans_domid. */
    struct {
        grant_entry_header_t hdr;   /* 0x0 */
        domid_t trans_domid;        /* 0x4 */
        uint16_t pad0;              /* 0x6 */
        grant_ref_t gref;           /* 0x8 */
    } transitive;

    uint32_t __spacer[4];           /* fixes the size at 16 bytes */
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

/* Opaque handle for a grant mapping, returned by map, used by unmap. */
typedef uint32_t grant_handle_t;

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version      10
#define GNTTABOP_swap_grant_ref   11
#define GNTTABOP_cache_flush      12

/*
 * GNTTABOP_map_grant_ref: map grant `ref` of domain `dom`.
 * GNTMAP_host_map: create a CPU mapping at host_addr (a VA in the current
 * page tables, or with GNTMAP_contains_pte the 8-byte aligned MACHINE
 * address of the PTE to write). GNTMAP_device_map: return a bus address.
 * status: bad_domain, bad_gntref, permission_denied (wrong domid, read-only
 * grant mapped writable), bad_virt_addr, no_device_space (too many maps),
 * general_error.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;       /* 0x00: IN */
    uint32_t flags;           /* 0x08: IN GNTMAP_* */
    grant_ref_t ref;          /* 0x0c: IN */
    domid_t dom;              /* 0x10: IN granting domain */
    int16_t status;           /* 0x12: OUT GNTST_* */
    grant_handle_t handle;    /* 0x14: OUT for unmap */
    uint64_t dev_bus_addr;    /* 0x18: OUT with GNTMAP_device_map */
};                            /* 32 bytes */
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: undo a mapping. host_addr / dev_bus_addr must
 * match the mapping (0 = that part is not being unmapped).
 * status: bad_handle, general_error (address mismatch).
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;       /* 0x00: IN */
    uint64_t dev_bus_addr;    /* 0x08: IN */
    grant_handle_t handle;    /* 0x10: IN from map */
    int16_t status;           /* 0x14: OUT */
    uint16_t _pad;
};                            /* 24 bytes */
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: grow dom's table to at least nr_frames frames and
 * return their MFNs (v1: the shared entries). dom may be foreign only for a
 * privileged caller. status: bad_domain, general_error (nr_frames above
 * the domain's max_grant_frames), permission_denied.
 */
struct gnttab_setup_table {
    domid_t dom;                            /* 0x00: IN */
    uint16_t _pad0;
    uint32_t nr_frames;                     /* 0x04: IN */
    int16_t status;                         /* 0x08: OUT */
    uint16_t _pad1[3];
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* 0x10: OUT nr_frames MFNs */
};                                          /* 24 bytes */
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/* GNTTABOP_dump_table: print dom's table on the hypervisor console (debug). */
struct gnttab_dump_table {
    domid_t dom;        /* IN */
    int16_t status;     /* OUT */
};                      /* 4 bytes */
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer: give frame mfn to domid, which must have an
 * accept_transfer grant `ref`. Obsolete; may answer general_error.
 */
struct gnttab_transfer {
    xen_pfn_t mfn;      /* 0x00: IN frame to give away */
    domid_t domid;      /* 0x08: IN receiver */
    uint16_t _pad0;
    grant_ref_t ref;    /* 0x0c: IN receiver's accept_transfer entry */
    int16_t status;     /* 0x10: OUT */
    uint16_t _pad1[3];
};                      /* 24 bytes */
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: copy bytes between two frames, each named by a grant
 * reference (flag GNTCOPY_*_gref) or, for the caller's own memory, a GFN.
 * The range [offset, offset + len) must stay inside one page on both sides.
 * status: bad_gntref, bad_domain, permission_denied, bad_copy_arg,
 * bad_page, general_error.
 */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1U << _GNTCOPY_dest_gref)

struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;  /* with GNTCOPY_*_gref */
        xen_pfn_t gmfn;   /* without: frame of the caller (domid = DOMID_SELF) */
    } u;                  /* 0x0 */
    domid_t domid;        /* 0x8 */
    uint16_t offset;      /* 0xa: byte offset within the frame */
    uint32_t _pad;
};                        /* 16 bytes */

struct gnttab_copy {
    struct gnttab_copy_ptr source;  /* 0x00: IN */
    struct gnttab_copy_ptr dest;    /* 0x10: IN */
    uint16_t len;                   /* 0x20: IN bytes */
    uint16_t flags;                 /* 0x22: IN GNTCOPY_* */
    int16_t status;                 /* 0x24: OUT */
    uint16_t _pad;
};                                  /* 40 bytes */
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: current and maximum number of table frames of dom.
 * status: bad_domain, permission_denied.
 */
struct gnttab_query_size {
    domid_t dom;              /* 0x00: IN */
    uint16_t _pad0;
    uint32_t nr_frames;       /* 0x04: OUT */
    uint32_t max_nr_frames;   /* 0x08: OUT */
    int16_t status;           /* 0x0c: OUT */
    uint16_t _pad1;
};                            /* 16 bytes */
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace: remove the grant mapping at host_addr and put
 * the mapping currently at new_addr in its place; new_addr's PTE is cleared.
 * new_addr 0: just remove. host_map mappings only. status: as unmap.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;       /* 0x00: IN */
    uint64_t new_addr;        /* 0x08: IN */
    grant_handle_t handle;    /* 0x10: IN */
    int16_t status;           /* 0x14: OUT */
    uint16_t _pad;
};                            /* 24 bytes */
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

/*
 * GNTTABOP_set_version: IN/OUT version 1 or 2; returns the version now in
 * force. Errors (hypercall return): -EINVAL other version, -EBUSY grants in
 * use other than the reserved ones, -ENOSYS version 2 not provided.
 * count must be 1.
 */
struct gnttab_set_version {
    uint32_t version;         /* IN: wanted; OUT: current */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/*
 * GNTTABOP_get_status_frames: GFNs of dom's v2 status frames. status:
 * general_error (not v2, or nr_frames not equal to the current number),
 * bad_domain.
 */
struct gnttab_get_status_frames {
    uint32_t nr_frames;                     /* 0x00: IN */
    domid_t dom;                            /* 0x04: IN */
    int16_t status;                         /* 0x06: OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list;  /* 0x08: OUT */
};                                          /* 16 bytes */
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/* GNTTABOP_get_version: the table version of dom (1 or 2). count must be 1. */
struct gnttab_get_version {
    domid_t dom;              /* 0x0: IN */
    uint16_t pad;
    uint32_t version;         /* 0x4: OUT */
};                            /* 8 bytes */
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/*
 * GNTTABOP_swap_grant_ref: atomically exchange two of the caller's own
 * grant entries (v2 tables). status: bad_gntref, general_error (in use).
 */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;        /* 0x0: IN */
    grant_ref_t ref_b;        /* 0x4: IN */
    int16_t status;           /* 0x8: OUT */
    uint16_t _pad;
};                            /* 12 bytes */
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean and/or invalidate data-cache lines of a range
 * in a granted (GNTTAB_CACHE_SOURCE_GREF) or own frame. Needed on non-
 * coherent architectures; on x86 accepted and a no-op. Errors are returned
 * by the hypercall (-EINVAL bad op or range, -EPERM).
 */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;  /* own memory: bus address */
        grant_ref_t ref;        /* with GNTTAB_CACHE_SOURCE_GREF */
    } a;                        /* 0x0 */
    uint16_t offset;            /* 0x8: within the page */
    uint16_t length;            /* 0xa: bytes */
#define GNTTAB_CACHE_CLEAN       (1U << 0)
#define GNTTAB_CACHE_INVAL       (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31)
    uint32_t op;                /* 0xc: GNTTAB_CACHE_* */
};                              /* 16 bytes */
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

/* GNTTABOP_map_grant_ref flags. */
#define _GNTMAP_device_map      0  /* give the device (DMA) access */
#define GNTMAP_device_map       (1U << _GNTMAP_device_map)
#define _GNTMAP_host_map        1  /* create a CPU mapping */
#define GNTMAP_host_map         (1U << _GNTMAP_host_map)
#define _GNTMAP_readonly        2  /* map read-only */
#define GNTMAP_readonly         (1U << _GNTMAP_readonly)
#define _GNTMAP_application_map 3  /* user-accessible mapping */
#define GNTMAP_application_map  (1U << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    4  /* host_addr is the machine address of a PTE */
#define GNTMAP_contains_pte     (1U << _GNTMAP_contains_pte)
/* Bits 16-31: copied into the software-available bits of the new PTE. */
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-element results (status fields). */
#define GNTST_okay             (0)
#define GNTST_general_error    (-1)   /* anything else */
#define GNTST_bad_domain       (-2)   /* no such domain */
#define GNTST_bad_gntref       (-3)   /* grant reference out of range or unused */
#define GNTST_bad_handle       (-4)   /* bad map handle */
#define GNTST_bad_virt_addr    (-5)   /* bad host_addr */
#define GNTST_bad_dev_addr     (-6)   /* bad dev_bus_addr */
#define GNTST_no_device_space  (-7)   /* out of map-tracking space */
#define GNTST_permission_denied (-8)  /* not granted to the caller / RO */
#define GNTST_bad_page         (-9)   /* frame cannot be used */
#define GNTST_bad_copy_arg     (-10)  /* copy crosses a page boundary */
#define GNTST_address_too_big  (-11)  /* transfer frame above address limit */
#define GNTST_eagain           (-12)  /* try again (paged-out frame) */
#define GNTST_no_space         (-13)  /* out of space */

/* Messages for -status, index 0 = GNTST_okay. */
#define GNTTABOP_error_msgs {                   \
    "okay",                                     \
    "undefined error",                          \
    "unrecognised domain id",                   \
    "invalid grant reference",                  \
    "invalid mapping handle",                   \
    "invalid virtual address",                  \
    "invalid device address",                   \
    "no spare translation slot in the I/O MMU", \
    "permission denied",                        \
    "bad page",                                 \
    "copy arguments cross page boundary",       \
    "page address size too large",              \
    "operation not done; try again",            \
    "out of space",                             \
}

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
