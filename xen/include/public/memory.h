/* SPDX-License-Identifier: MIT */
/*
 * memory_op hypercall (hc 12): (cmd, arg). Allocating and freeing a
 * domain's memory, querying memory maps and the M2P, and acquiring
 * resource frames for foreign mapping.
 *
 * cmd bits 0-5 select the sub-op; bits 6 and up are a continuation cursor
 * (start extent) that callers pass as 0.
 *
 * Common errors: -EFAULT arg unreadable, -ESRCH no such domain, -EPERM
 * foreign domain without privilege, -ENOSYS unknown sub-op.
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include <stdint.h>

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

/*
 * XENMEM_increase_reservation: allocate nr_extents extents of
 * 2^extent_order frames each for domid. PV: the new MFNs are written to
 * extent_start (if not NULL).
 * XENMEM_decrease_reservation: free the extents whose GFNs are listed.
 * XENMEM_populate_physmap: allocate frames for the GPFNs listed in
 * extent_start; PV: each entry is overwritten with the new MFN.
 * XENMEM_claim_pages: reserve nr_extents pages (order 0) for domid without
 * allocating them; privileged.
 *
 * All four take struct xen_memory_reservation and return the number of
 * extents processed (>= 0; fewer than asked means out of memory or a bad
 * entry), or a negative error for argument problems.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6
#define XENMEM_claim_pages          24

/* mem_flags: bits 0-7 = highest usable address bit (0 = no limit). */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffU)
/* bits 8-15: NUMA node + 1 (0 = any node). */
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
/* Populate-on-demand (HVM only). */
#define XENMEMF_populate_on_demand  (1U << 16)
/* Fail rather than fall back to another node. */
#define XENMEMF_exact_node_request  (1U << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
/* The node number is a virtual node of the domain. */
#define XENMEMF_vnode               (1U << 18)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;  /* 0x00: IN/OUT frame list */
    xen_ulong_t nr_extents;                    /* 0x08: IN */
    uint32_t extent_order;                     /* 0x10: IN log2 frames per extent */
    uint32_t mem_flags;                        /* 0x14: IN XENMEMF_* */
    domid_t domid;                             /* 0x18: IN DOMID_SELF or target */
    uint16_t _pad[3];
};                                             /* 32 bytes */
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * XENMEM_exchange: atomically give back the `in` extents and receive `out`
 * extents covering the same number of frames (out may ask for a different
 * order or address limit, e.g. machine-contiguous DMA buffers). Both
 * domids must be the caller's. Returns 0 or an error; on error
 * nr_exchanged says how many `in` extents were fully exchanged.
 * Errors: -EINVAL orders/sizes do not match, -ENOMEM, -EFAULT.
 */
#define XENMEM_exchange 11
struct xen_memory_exchange {
    struct xen_memory_reservation in;    /* 0x00: IN frames to give back */
    struct xen_memory_reservation out;   /* 0x20: IN/OUT new frames */
    xen_ulong_t nr_exchanged;            /* 0x40: OUT (caller sets 0) */
};                                       /* 72 bytes */
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* XENMEM_maximum_ram_page: arg NULL. Returns the highest machine frame. */
#define XENMEM_maximum_ram_page 2

/*
 * XENMEM_current_reservation / XENMEM_maximum_reservation /
 * XENMEM_maximum_gpfn: IN arg = pointer to a domid_t. Return the domain's
 * current pages, its page limit, or its highest GPFN.
 */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn        14

/*
 * XENMEM_machphys_mfn_list: the MFNs backing the M2P table, one per 2 MiB
 * of the table. Returns 0; nr_extents says how many were written.
 * XENMEM_machphys_compat_mfn_list: the same for the 32-bit compat M2P.
 */
#define XENMEM_machphys_mfn_list        5
#define XENMEM_machphys_compat_mfn_list 25
struct xen_machphys_mfn_list {
    uint32_t max_extents;                      /* 0x00: IN size of extent_start */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;  /* 0x08: OUT MFNs */
    uint32_t nr_extents;                       /* 0x10: OUT */
    uint32_t _pad1;
};                                             /* 24 bytes */
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/*
 * XENMEM_machphys_mapping: OUT arg = struct xen_machphys_mapping, where
 * the read-only M2P is mapped in every guest and how far it is valid.
 */
#define XENMEM_machphys_mapping 12
struct xen_machphys_mapping {
    xen_ulong_t v_start;   /* 0x00: MACH2PHYS_VIRT_START */
    xen_ulong_t v_end;     /* 0x08: end of the populated part */
    xen_ulong_t max_mfn;   /* 0x10: highest MFN with an M2P entry */
};                         /* 24 bytes */
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/*
 * XENMEM_add_to_physmap: place a hypervisor-provided frame at gpfn of a
 * translated (HVM/PVH) domain. PV domains get -EINVAL/-ENOSYS; listed for
 * completeness.
 */
#define XENMEM_add_to_physmap 7
#define XENMAPSPACE_shared_info  0   /* the shared_info page */
#define XENMAPSPACE_grant_table  1   /* grant table frame idx */
#define XENMAPSPACE_gmfn         2   /* move an existing GMFN */
#define XENMAPSPACE_gmfn_range   3   /* size frames from idx */
#define XENMAPSPACE_gmfn_foreign 4   /* frame of another domain (batch only) */
#define XENMAPSPACE_dev_mmio     5   /* device MMIO (ARM) */
/* idx flag for XENMAPSPACE_grant_table: map a v2 status frame. */
#define XENMAPIDX_grant_table_status 0x80000000U
struct xen_add_to_physmap {
    domid_t domid;       /* 0x00: IN */
    uint16_t size;       /* 0x02: IN frames, gmfn_range only */
    uint32_t space;      /* 0x04: IN XENMAPSPACE_* */
    xen_ulong_t idx;     /* 0x08: IN index within the space */
    xen_pfn_t gpfn;      /* 0x10: IN where to put it */
};                       /* 24 bytes */
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/*
 * XENMEM_add_to_physmap_batch: `size` add_to_physmap operations with
 * per-entry results in errs. Translated domains only.
 */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
    domid_t domid;                          /* 0x00: IN */
    uint16_t space;                         /* 0x02: IN XENMAPSPACE_* */
    uint16_t size;                          /* 0x04: IN entries */
    union {
        domid_t foreign_domid;              /* gmfn_foreign */
        uint16_t res0;                      /* other spaces: must be 0 */
    } u;                                    /* 0x06 */
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;     /* 0x08: IN */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;      /* 0x10: IN */
    XEN_GUEST_HANDLE(int) errs;             /* 0x18: OUT per-entry 0/-errno */
};                                          /* 32 bytes */
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

/* XENMEM_remove_from_physmap: unmap gpfn of a translated domain. */
#define XENMEM_remove_from_physmap 15
struct xen_remove_from_physmap {
    domid_t domid;       /* 0x00: IN */
    uint16_t _pad[3];
    xen_pfn_t gpfn;      /* 0x08: IN */
};                       /* 16 bytes */
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * XENMEM_memory_map: IN/OUT arg = struct xen_memory_map. Copies the
 * caller's pseudo-physical E820 (set by the toolstack with
 * XENMEM_set_memory_map) into buffer. IN nr_entries = buffer capacity,
 * OUT = entries written. -ENOSYS if no map was set (the guest then
 * assumes one RAM region of nr_pages).
 * XENMEM_machine_memory_map: the same for the host E820 (privileged).
 */
#define XENMEM_memory_map         9
#define XENMEM_machine_memory_map 10
struct xen_memory_map {
    uint32_t nr_entries;                /* 0x0: IN capacity / OUT count */
    uint32_t _pad;
    XEN_GUEST_HANDLE(void) buffer;      /* 0x8: array of struct xen_e820_entry */
};                                      /* 16 bytes */
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/*
 * One E820 entry as the BIOS returns it: 20 bytes, packed (entries in the
 * buffer are 20 bytes apart, so addr is not 8-byte aligned in general).
 */
#if defined(__GNUC__)
struct xen_e820_entry {
    uint64_t addr;   /* 0x00: start */
    uint64_t size;   /* 0x08: bytes */
    uint32_t type;   /* 0x10: XEN_E820_* */
} __attribute__((__packed__));
typedef struct xen_e820_entry xen_e820_entry_t;
#endif
#define XEN_E820_RAM      1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI     3
#define XEN_E820_NVS      4
#define XEN_E820_UNUSABLE 5

/*
 * XENMEM_set_memory_map: IN arg = struct xen_foreign_memory_map. Set the
 * E820 that domid will see through XENMEM_memory_map. Privileged.
 * Errors: -EINVAL too many entries (limit 128), -EPERM.
 */
#define XENMEM_set_memory_map 13
struct xen_foreign_memory_map {
    domid_t domid;                /* 0x00: IN */
    uint16_t _pad[3];
    struct xen_memory_map map;    /* 0x08: IN */
};                                /* 24 bytes */
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/*
 * XENMEM_set_pod_target / XENMEM_get_pod_target: populate-on-demand
 * balloon target of an HVM domain. Not supported for PV (-EINVAL).
 */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
struct xen_pod_target {
    uint64_t target_pages;     /* 0x00: IN */
    uint64_t tot_pages;        /* 0x08: OUT */
    uint64_t pod_cache_pages;  /* 0x10: OUT */
    uint64_t pod_entries;      /* 0x18: OUT */
    domid_t domid;             /* 0x20: IN */
    uint16_t _pad[3];
};                             /* 40 bytes */
typedef struct xen_pod_target xen_pod_target_t;

/* Sub-ops for memory sharing, paging and access (not provided: -ENOSYS). */
#define XENMEM_get_sharing_freed_pages  18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_paging_op                20
#define XENMEM_access_op                21
#define XENMEM_sharing_op               22

/*
 * XENMEM_get_vnumainfo: the virtual NUMA layout of domid. IN counts are
 * buffer capacities; OUT the real counts. -ENOBUFS buffers too small
 * (counts updated), -EOPNOTSUPP no vNUMA configured.
 */
#define XENMEM_get_vnumainfo 26
struct xen_vmemrange {
    uint64_t start;      /* 0x00 */
    uint64_t end;        /* 0x08 */
    uint32_t flags;      /* 0x10 */
    uint32_t nid;        /* 0x14: virtual node */
};                       /* 24 bytes */
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
    domid_t domid;                /* 0x00: IN */
    uint16_t pad;
    uint32_t nr_vnodes;           /* 0x04: IN/OUT */
    uint32_t nr_vcpus;            /* 0x08: IN/OUT */
    uint32_t nr_vmemranges;       /* 0x0c: IN/OUT */
    union {
        XEN_GUEST_HANDLE(uint) h; /* nr_vnodes^2 distances */
        uint64_t pad;
    } vdistance;                  /* 0x10: OUT */
    union {
        XEN_GUEST_HANDLE(uint) h; /* node of each vCPU */
        uint64_t pad;
    } vcpu_to_vnode;              /* 0x18: OUT */
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;                  /* 0x20: OUT */
};                                /* 40 bytes */
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

/* XENMEM_reserved_device_memory_map: IOMMU reserved regions (not provided). */
#define XENMEM_reserved_device_memory_map 27

/*
 * XENMEM_acquire_resource: MFNs of a resource belonging to domid so a
 * privileged caller can map it (tools use it to reach a guest's grant
 * table without the guest's help).
 *
 * nr_frames 0 with a NULL frame_list asks for the resource's size, returned
 * in nr_frames. Otherwise frames [frame, frame + nr_frames) are written to
 * frame_list. Errors: -EOPNOTSUPP unknown or unsupported type (callers
 * fall back to older interfaces on this exact value), -EINVAL bad id,
 * range or non-zero pad, -E2BIG nr_frames too large, -EPERM, -ESRCH.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
    domid_t domid;          /* 0x00: IN owner of the resource */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table  1
#define XENMEM_resource_vmtrace_buf  2
    uint16_t type;          /* 0x02: IN XENMEM_resource_* */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
    uint32_t id;            /* 0x04: IN type-specific id (grant table:
                               shared or status frames) */
    uint32_t nr_frames;     /* 0x08: IN/OUT */
    uint32_t pad;           /* 0x0c: must be 0 on entry; never set */
    uint64_t frame;         /* 0x10: IN first frame of the resource */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;  /* 0x18: OUT MFNs */
};                          /* 32 bytes */
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

#endif /* XEN_PUBLIC_MEMORY_H */
