/* SPDX-License-Identifier: MIT */
/*
 * xen_version hypercall (hc 17): (cmd, arg). Version, build and feature
 * queries. Any domain may call it; Linux also uses XENVER_version as its
 * cheapest hypercall to get pending events delivered.
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include <stdint.h>

#include "xen.h"

/*
 * XENVER_version: arg unused (NULL). Returns (major << 16) | minor.
 */
#define XENVER_version      0

/* XENVER_extraversion: OUT arg = xen_extraversion_t, e.g. ".0-xenolite". */
#define XENVER_extraversion 1
#define XEN_EXTRAVERSION_LEN 16
typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];

/* XENVER_compile_info: OUT arg = struct xen_compile_info (144 bytes). */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];        /* 0x00: NUL-terminated */
    char compile_by[16];      /* 0x40 */
    char compile_domain[32];  /* 0x50 */
    char compile_date[32];    /* 0x70 */
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * XENVER_capabilities: OUT arg = xen_capabilities_info_t, a space-separated
 * list of guest types this hypervisor runs. Must contain "xen-3.0-x86_64"
 * or the toolstack refuses 64-bit PV kernels.
 */
#define XENVER_capabilities 3
#define XEN_CAPABILITIES_INFO_LEN 1024
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN];

/* XENVER_changeset: OUT arg = xen_changeset_info_t (source revision). */
#define XENVER_changeset 4
#define XEN_CHANGESET_INFO_LEN 64
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];

/*
 * XENVER_platform_parameters: OUT arg = struct xen_platform_parameters.
 * virt_start = HYPERVISOR_VIRT_START (lowest VA the hypervisor reserves).
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * XENVER_get_features: IN/OUT arg = struct xen_feature_info. The caller
 * sets submap_idx; the hypervisor returns that 32-bit slice of the XENFEAT_*
 * bitmap (features.h). submap_idx >= XENFEAT_NR_SUBMAPS: -EINVAL.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx;   /* IN: which 32-feature slice */
    uint32_t submap;       /* OUT: bit n = feature 32 * submap_idx + n */
};
typedef struct xen_feature_info xen_feature_info_t;

/* XENVER_pagesize: arg unused. Returns the page size (4096). */
#define XENVER_pagesize 7

/* XENVER_guest_handle: OUT arg = xen_domain_handle_t of the caller. */
#define XENVER_guest_handle 8

/*
 * XENVER_commandline: OUT arg = xen_commandline_t, the hypervisor's boot
 * command line. Privileged domains only; others get a "<denied>" string.
 */
#define XENVER_commandline 9
#define XEN_COMMANDLINE_INFO_LEN 1024
typedef char xen_commandline_t[XEN_COMMANDLINE_INFO_LEN];

/*
 * XENVER_build_id: IN/OUT arg = struct xen_build_id. IN len = size of buf;
 * returns the number of bytes written, -ENOBUFS if len is too small,
 * -ENODATA if no build id exists. Privileged domains only.
 */
#define XENVER_build_id 10
struct xen_build_id {
    uint32_t len;                         /* IN: bytes available in buf */
    unsigned char buf[XEN_FLEX_ARRAY_DIM]; /* OUT: the build id */
};
typedef struct xen_build_id xen_build_id_t;

/* What unprivileged callers see in place of a denied string. */
#define XEN_DENIED_STRING "<denied>"

#endif /* XEN_PUBLIC_VERSION_H */
