/* SPDX-License-Identifier: MIT */
/*
 * sysctl hypercall (hc 35): (struct xen_sysctl *). Host-wide queries and
 * controls for the toolstack: console ring, physical topology, domain
 * lists, CPU pools and schedulers, CPUID policies.
 *
 * Always exposed (see domctl.h); only the control domain may call it.
 * Common errors: -EACCES interface_version mismatch, -EPERM unprivileged
 * caller, -EFAULT bad buffer, -ENOSYS unknown cmd. The whole 136-byte
 * struct is copied back on success.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include <stdint.h>

#include "xen.h"
#include "domctl.h"
#include "physdev.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_SYSCTL_readconsole: read the hypervisor's console ring.
 * Non-incremental: copies the newest `count` bytes (from the start of the
 * retained log). Incremental: starts at `index` (a free-running byte
 * counter) and returns the next index. clear: empty the ring afterwards.
 */
struct xen_sysctl_readconsole {
    uint8_t clear;                    /* 0x00: IN */
    uint8_t incremental;              /* 0x01: IN */
    uint8_t pad0, pad1;
    uint32_t index;                   /* 0x04: IN/OUT (incremental) */
    XEN_GUEST_HANDLE_64(char) buffer; /* 0x08: OUT */
    uint32_t count;                   /* 0x10: IN size / OUT bytes copied */
    uint32_t _pad;
};                                    /* 24 bytes */

/* XEN_SYSCTL_physinfo: host CPU and memory summary (112 bytes). */
#define _XEN_SYSCTL_PHYSCAP_hvm      0
#define XEN_SYSCTL_PHYSCAP_hvm       (1U << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv       1
#define XEN_SYSCTL_PHYSCAP_pv        (1U << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio  (1U << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap      3
#define XEN_SYSCTL_PHYSCAP_hap       (1U << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow   4
#define XEN_SYSCTL_PHYSCAP_shadow    (1U << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share \
    (1U << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace   (1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu      (1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1U << 9)
#define XEN_SYSCTL_PHYSCAP_MAX       XEN_SYSCTL_PHYSCAP_gnttab_v2
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;           /* 0x00: OUT */
    uint32_t cores_per_socket;           /* 0x04: OUT */
    uint32_t nr_cpus;                    /* 0x08: OUT online CPUs */
    uint32_t max_cpu_id;                 /* 0x0c: OUT */
    uint32_t nr_nodes;                   /* 0x10: OUT NUMA nodes */
    uint32_t max_node_id;                /* 0x14: OUT */
    uint32_t cpu_khz;                    /* 0x18: OUT */
    uint32_t capabilities;               /* 0x1c: OUT XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities;          /* 0x20: OUT (x86: 0) */
    uint32_t pad;
    uint64_aligned_t total_pages;        /* 0x28: OUT */
    uint64_aligned_t free_pages;         /* 0x30: OUT */
    uint64_aligned_t scrub_pages;        /* 0x38: OUT */
    uint64_aligned_t outstanding_pages;  /* 0x40: OUT claimed */
    uint64_aligned_t max_mfn;            /* 0x48: OUT highest MFN */
    uint32_t hw_cap[8];                  /* 0x50: OUT CPUID feature words */
};                                       /* 112 bytes */

/* XEN_SYSCTL_sched_id: OUT the default pool's XEN_SCHEDULER_*. */
struct xen_sysctl_sched_id {
    uint32_t sched_id;
};

/*
 * XEN_SYSCTL_getdomaininfolist: getdomaininfo for up to max_domains
 * domains with id >= first_domain, in id order.
 */
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;                                   /* 0x00: IN */
    uint16_t _pad0;
    uint32_t max_domains;                                   /* 0x04: IN */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* 0x08: OUT */
    uint32_t num_domains;                                   /* 0x10: OUT */
    uint32_t _pad1;
};                                                          /* 24 bytes */

/* XEN_SYSCTL_getcpuinfo: idle time of each physical CPU. */
struct xen_sysctl_cpuinfo {
    uint64_aligned_t idletime;   /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);
struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus;                              /* 0x00: IN */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* 0x08: OUT */
    uint32_t nr_cpus;                               /* 0x10: OUT */
    uint32_t _pad1;
};                                                  /* 24 bytes */

/*
 * XEN_SYSCTL_cputopoinfo: core/socket/node of each CPU. IN num_cpus =
 * buffer entries (NULL buffer: query), OUT = CPUs described. Offline CPUs
 * read XEN_INVALID_*.
 */
#define XEN_INVALID_CORE_ID   (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID   (~0U)
struct xen_sysctl_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus;                                  /* 0x0: IN/OUT */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;  /* 0x8: OUT */
};                                                      /* 16 bytes */

/*
 * XEN_SYSCTL_numainfo: memory per node and the node distance matrix
 * (num_nodes^2 entries). IN/OUT num_nodes as for cputopoinfo.
 */
#define XEN_INVALID_MEM_SZ    (~0U)
#define XEN_INVALID_NODE_DIST (~0U)
struct xen_sysctl_meminfo {
    uint64_t memsize;
    uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
struct xen_sysctl_numainfo {
    uint32_t num_nodes;                                 /* 0x00: IN/OUT */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo;  /* 0x08: OUT */
    XEN_GUEST_HANDLE_64(uint32) distance;               /* 0x10: OUT */
};                                                      /* 24 bytes */

/*
 * XEN_SYSCTL_cpupool_op: manage CPU pools. Xenolite has pool 0 only;
 * INFO and FREEINFO must work for xl, the rest may return -EOPNOTSUPP.
 *   CREATE     IN cpupool_id (PAR_ANY = choose), sched_id; OUT cpupool_id
 *   DESTROY    IN cpupool_id
 *   INFO       IN cpupool_id (first pool >= it); OUT cpupool_id, sched_id,
 *              n_dom, cpumap
 *   ADDCPU     IN cpupool_id, cpu (PAR_ANY = any free CPU); OUT cpu
 *   RMCPU      IN cpupool_id, cpu
 *   MOVEDOMAIN IN cpupool_id, domid
 *   FREEINFO   OUT cpumap of CPUs in no pool
 */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE     1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY    2
#define XEN_SYSCTL_CPUPOOL_OP_INFO       3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU     4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU      5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO   7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY       0xFFFFFFFFU
struct xen_sysctl_cpupool_op {
    uint32_t op;                  /* 0x00: IN XEN_SYSCTL_CPUPOOL_OP_* */
    uint32_t cpupool_id;          /* 0x04: IN/OUT */
    uint32_t sched_id;            /* 0x08: IN/OUT */
    uint32_t domid;               /* 0x0c: IN */
    uint32_t cpu;                 /* 0x10: IN/OUT */
    uint32_t n_dom;               /* 0x14: OUT */
    struct xenctl_bitmap cpumap;  /* 0x18: OUT */
};                                /* 40 bytes */

/*
 * XEN_SYSCTL_scheduler_op: pool-wide scheduler parameters (putinfo /
 * getinfo). -EINVAL out-of-range values or wrong sched_id.
 */
#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
struct xen_sysctl_credit_schedule {
#define XEN_SYSCTL_CSCHED_TSLICE_MAX     1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN     1
    uint32_t tslice_ms;            /* time slice */
    uint32_t ratelimit_us;         /* minimum run time before preemption */
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
    uint32_t vcpu_migr_delay_us;   /* cache-hot migration delay */
};
struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us;
};
struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;   /* 0x00: IN */
    uint32_t sched_id;     /* 0x04: IN XEN_SCHEDULER_* */
    uint32_t cmd;          /* 0x08: IN XEN_SYSCTL_SCHEDOP_* */
    uint32_t _pad;
    union {
        XEN_GUEST_HANDLE_64(void) sched_arinc653;  /* ARINC653 schedule
                                                      (not provided) */
        struct xen_sysctl_credit_schedule sched_credit;
        struct xen_sysctl_credit2_schedule sched_credit2;
    } u;                   /* 0x10: IN/OUT */
};                         /* 32 bytes */

/* XEN_SYSCTL_get_cpu_levelling_caps: OUT XEN_SYSCTL_CPU_LEVELCAP_*. */
#define XEN_SYSCTL_CPU_LEVELCAP_faulting    (1UL << 0)
#define XEN_SYSCTL_CPU_LEVELCAP_ecx         (1UL << 1)
#define XEN_SYSCTL_CPU_LEVELCAP_edx         (1UL << 2)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_ecx    (1UL << 3)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_edx    (1UL << 4)
#define XEN_SYSCTL_CPU_LEVELCAP_xsave_eax   (1UL << 5)
#define XEN_SYSCTL_CPU_LEVELCAP_thermal_ecx (1UL << 6)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_eax    (1UL << 7)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_ebx    (1UL << 8)
struct xen_sysctl_cpu_levelling_caps {
    uint32_t caps;
};

/*
 * XEN_SYSCTL_get_cpu_featureset: one of the host's feature bitmaps (32-bit
 * words in cpufeatureset order). IN nr_features = buffer words, OUT =
 * words available. -ENOBUFS too small (NULL buffer queries).
 */
#define XEN_SYSCTL_cpu_featureset_raw     0
#define XEN_SYSCTL_cpu_featureset_host    1
#define XEN_SYSCTL_cpu_featureset_pv      2
#define XEN_SYSCTL_cpu_featureset_hvm     3
#define XEN_SYSCTL_cpu_featureset_pv_max  4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
struct xen_sysctl_cpu_featureset {
    uint32_t index;                        /* 0x0: IN which set */
    uint32_t nr_features;                  /* 0x4: IN/OUT */
    XEN_GUEST_HANDLE_64(uint32) features;  /* 0x8: OUT */
};                                         /* 16 bytes */

/*
 * XEN_SYSCTL_get_cpu_policy: a whole CPUID/MSR policy of the host. IN
 * buffer sizes, OUT counts; NULL buffers query; -ENOBUFS too small;
 * -EINVAL bad index.
 */
#define XEN_SYSCTL_cpu_policy_raw         0
#define XEN_SYSCTL_cpu_policy_host        1
#define XEN_SYSCTL_cpu_policy_pv_max      2
#define XEN_SYSCTL_cpu_policy_hvm_max     3
#define XEN_SYSCTL_cpu_policy_pv_default  4
#define XEN_SYSCTL_cpu_policy_hvm_default 5
struct xen_sysctl_cpu_policy {
    uint32_t index;                                /* 0x00: IN */
    uint32_t nr_leaves;                            /* 0x04: IN/OUT */
    uint32_t nr_msrs;                              /* 0x08: IN/OUT */
    uint32_t _rsvd;                                /* 0x0c: must be 0 */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;  /* 0x10: OUT */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;     /* 0x18: OUT */
};                                                 /* 32 bytes */
typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpu_policy_t);

/*
 * XEN_SYSCTL_livepatch_op: hot patching. Not provided by Xenolite: the
 * control domain gets -EOPNOTSUPP, everyone else -EPERM (XTF's
 * livepatch-priv-check relies on the -EPERM). Sub-op numbers for the
 * record: UPLOAD 0, GET 1, LIST 2, ACTION 3.
 */
#define XEN_SYSCTL_LIVEPATCH_UPLOAD 0
#define XEN_SYSCTL_LIVEPATCH_GET    1
#define XEN_SYSCTL_LIVEPATCH_LIST   2
#define XEN_SYSCTL_LIVEPATCH_ACTION 3

/*
 * Command numbers. Commands without a struct here (trace buffers, perf
 * counters, debug keys, heap, power management, page offlining, lock
 * profiling, coverage, PSR, PCI topology) are not provided: -ENOSYS.
 */
#define XEN_SYSCTL_readconsole             1
#define XEN_SYSCTL_tbuf_op                 2
#define XEN_SYSCTL_physinfo                3
#define XEN_SYSCTL_sched_id                4
#define XEN_SYSCTL_perfc_op                5
#define XEN_SYSCTL_getdomaininfolist       6
#define XEN_SYSCTL_debug_keys              7
#define XEN_SYSCTL_getcpuinfo              8
#define XEN_SYSCTL_availheap               9
#define XEN_SYSCTL_get_pmstat             10
#define XEN_SYSCTL_cpu_hotplug            11
#define XEN_SYSCTL_pm_op                  12
#define XEN_SYSCTL_page_offline_op        14
#define XEN_SYSCTL_lockprof_op            15
#define XEN_SYSCTL_cputopoinfo            16
#define XEN_SYSCTL_numainfo               17
#define XEN_SYSCTL_cpupool_op             18
#define XEN_SYSCTL_scheduler_op           19
#define XEN_SYSCTL_coverage_op            20
#define XEN_SYSCTL_psr_cmt_op             21
#define XEN_SYSCTL_pcitopoinfo            22
#define XEN_SYSCTL_psr_alloc              23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset     26
#define XEN_SYSCTL_livepatch_op           27
#define XEN_SYSCTL_get_cpu_policy         29

/* The sysctl buffer: 136 bytes. */
struct xen_sysctl {
    uint32_t cmd;                /* 0x00: IN XEN_SYSCTL_* */
    uint32_t interface_version;  /* 0x04: IN XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_getcpuinfo getcpuinfo;
        struct xen_sysctl_cputopoinfo cputopoinfo;
        struct xen_sysctl_numainfo numainfo;
        struct xen_sysctl_cpupool_op cpupool_op;
        struct xen_sysctl_scheduler_op scheduler_op;
        struct xen_sysctl_cpu_levelling_caps cpu_levelling_caps;
        struct xen_sysctl_cpu_featureset cpu_featureset;
        struct xen_sysctl_cpu_policy cpu_policy;
        uint8_t pad[128];        /* fixes the union at 128 bytes */
    } u;                         /* 0x08 */
};                               /* 136 bytes */
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* XEN_PUBLIC_SYSCTL_H */
