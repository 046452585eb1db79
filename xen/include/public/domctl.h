/* SPDX-License-Identifier: MIT */
/*
 * domctl hypercall (hc 36): (struct xen_domctl *). Domain management for
 * the toolstack: create/destroy, pause, memory and vCPU limits, vCPU state,
 * scheduling parameters, CPUID policy.
 *
 * This is a tools interface: it is always exposed here (Xenolite does not
 * hide it behind __XEN__/__XEN_TOOLS__), but guests other than the control
 * domain get -EPERM for every command.
 *
 * Every call: the caller fills cmd, interface_version and domain, plus the
 * union member of cmd. The hypervisor copies the whole 144-byte struct back
 * on success (OUT fields below). Errors common to every command:
 *   -EACCES  interface_version != XEN_DOMCTL_INTERFACE_VERSION
 *   -EPERM   caller is not privileged for the target domain
 *   -ESRCH   domain does not exist (except createdomain/getdomaininfo)
 *   -EFAULT  the struct or a buffer it names cannot be accessed
 *   -ENOSYS  unknown cmd, -EOPNOTSUPP not supported here
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include <stdint.h>

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"
#include "memory.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

typedef int64_t int64_aligned_t;

/*
 * XEN_DOMCTL_createdomain: create a domain, PAUSED, with no memory and no
 * vCPUs yet. IN/OUT xen_domctl.domain: 0 or >= DOMID_FIRST_RESERVED lets
 * the hypervisor choose the id; the id is returned there.
 * Errors: -EEXIST id in use, -EINVAL bad flags/limits, -ENOMEM, -ENOSPC no
 * free id.
 */
struct xen_domctl_createdomain {
    uint32_t ssidref;                 /* 0x00: IN security label (0) */
    xen_domain_handle_t handle;       /* 0x04: IN toolstack UUID */
#define _XEN_DOMCTL_CDF_hvm          0
#define XEN_DOMCTL_CDF_hvm           (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap          1
#define XEN_DOMCTL_CDF_hap           (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity  (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off      3
#define XEN_DOMCTL_CDF_oos_off       (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain    4
#define XEN_DOMCTL_CDF_xs_domain     (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu        5
#define XEN_DOMCTL_CDF_iommu         (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt  6
#define XEN_DOMCTL_CDF_nested_virt   (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu          (1U << 7)
#define XEN_DOMCTL_CDF_MAX           XEN_DOMCTL_CDF_vpmu
    uint32_t flags;                   /* 0x14: IN XEN_DOMCTL_CDF_*; PV = 0
                                         (xs_domain allowed) */
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept  (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX         XEN_DOMCTL_IOMMU_no_sharept
    uint32_t iommu_opts;              /* 0x18: IN XEN_DOMCTL_IOMMU_* */
    uint32_t max_vcpus;               /* 0x1c: IN, >= 1 */
    uint32_t max_evtchn_port;         /* 0x20: IN highest usable port */
    int32_t max_grant_frames;         /* 0x24: IN, < 0 = default */
    int32_t max_maptrack_frames;      /* 0x28: IN, < 0 = default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v)   ((v) & XEN_DOMCTL_GRANT_version_mask)
    uint32_t grant_opts;              /* 0x2c: IN bits 0-3 max grant version */
    uint32_t vmtrace_size;            /* 0x30: IN per-vCPU trace buffer; PV 0 */
    uint32_t cpupool_id;              /* 0x34: IN pool to create in */
    struct xen_arch_domainconfig arch; /* 0x38: IN */
};                                    /* 64 bytes */

/*
 * XEN_DOMCTL_getdomaininfo: information about the first existing domain
 * whose id is >= xen_domctl.domain (tools iterate this way); its id is
 * returned in both xen_domctl.domain and getdomaininfo.domain.
 * -ESRCH no such domain at or above the id.
 */
struct xen_domctl_getdomaininfo {
    domid_t domain;                   /* 0x00: OUT */
    uint16_t pad1;
#define _XEN_DOMINF_dying     0   /* being destroyed */
#define XEN_DOMINF_dying      (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest  (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown  2   /* shut down; code in bits 16-23 */
#define XEN_DOMINF_shutdown   (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused    3   /* paused by the toolstack */
#define XEN_DOMINF_paused     (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked   4   /* all vCPUs blocked */
#define XEN_DOMINF_blocked    (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running   5   /* some vCPU is running */
#define XEN_DOMINF_running    (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged  6
#define XEN_DOMINF_debugged   (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7   /* the xenstore domain */
#define XEN_DOMINF_xs_domain  (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap       8
#define XEN_DOMINF_hap        (1U << _XEN_DOMINF_hap)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16   /* SHUTDOWN_* reason */
    uint32_t flags;                   /* 0x04: OUT XEN_DOMINF_* */
    uint64_aligned_t tot_pages;       /* 0x08: OUT pages owned */
    uint64_aligned_t max_pages;       /* 0x10: OUT limit (max_mem) */
    uint64_aligned_t outstanding_pages; /* 0x18: OUT claimed, unallocated */
    uint64_aligned_t shr_pages;       /* 0x20: OUT shared pages */
    uint64_aligned_t paged_pages;     /* 0x28: OUT paged-out pages */
    uint64_aligned_t shared_info_frame; /* 0x30: OUT MFN of shared_info */
    uint64_aligned_t cpu_time;        /* 0x38: OUT ns used by all vCPUs */
    uint32_t nr_online_vcpus;         /* 0x40: OUT */
#define XEN_INVALID_MAX_VCPU_ID (~0U)
    uint32_t max_vcpu_id;             /* 0x44: OUT highest vCPU id, or invalid */
    uint32_t ssidref;                 /* 0x48: OUT */
    xen_domain_handle_t handle;       /* 0x4c: OUT */
    uint32_t cpupool;                 /* 0x5c: OUT */
    uint8_t gpaddr_bits;              /* 0x60: OUT guest physical address width */
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config; /* 0x68: OUT */
};                                    /* 112 bytes */
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/*
 * XEN_DOMCTL_getpageframeinfo3: IN array of `num` GFNs (MFNs for PV); each
 * is replaced by the XEN_DOMCTL_PFINFO_* type of the frame alone (Xen 4.17
 * does not keep the frame number; callers mask with LTAB_MASK): L1TAB..L4TAB for a page table in use (| LPINTAB if
 * pinned), XTAB for a frame the domain does not own (or a hypervisor page
 * shared with it), NOTAB otherwise. -E2BIG num > 1024, -EFAULT.
 */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT    28
#define XEN_DOMCTL_PFINFO_NOTAB         (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB         (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB         (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB         (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB         (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB       (0x1U << 31)  /* pinned */
#define XEN_DOMCTL_PFINFO_XTAB          (0xfU << 28)  /* invalid */
#define XEN_DOMCTL_PFINFO_XALLOC        (0xeU << 28)  /* allocate only */
#define XEN_DOMCTL_PFINFO_BROKEN        (0xdU << 28)  /* broken page */
#define XEN_DOMCTL_PFINFO_LTAB_MASK     (0xfU << 28)
struct xen_domctl_getpageframeinfo3 {
    uint64_aligned_t num;                   /* 0x0: IN */
    XEN_GUEST_HANDLE_64(xen_pfn_t) array;   /* 0x8: IN/OUT */
};                                          /* 16 bytes */

/*
 * XEN_DOMCTL_shadow_op: shadow paging / log-dirty control. PV domains use
 * only log-dirty (OFF, ENABLE_LOGDIRTY or ENABLE with mode LOG_DIRTY,
 * CLEAN, PEEK) for live migration. CLEAN/PEEK: OUT dirty_bitmap, one bit
 * per PFN for `pages` PFNs (IN; OUT clipped to what is tracked), stats;
 * CLEAN starts a new round, a NULL bitmap only does that. GET_ALLOCATION:
 * mb = 0 (no shadow pool); SET_ALLOCATION ignored. -EINVAL: enable when
 * on, CLEAN/PEEK when off, log-dirty on the caller's own or a dying
 * domain, another ENABLE mode, an unknown op; -ENOMEM; -EFAULT.
 * Xenolite reports every frame with a writable reference in the round as
 * dirty (docs/migration.md "Log-dirty").
 */
#define XEN_DOMCTL_SHADOW_OP_OFF              0
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST      1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY  2
#define XEN_DOMCTL_SHADOW_OP_CLEAN           11  /* read and reset bitmap */
#define XEN_DOMCTL_SHADOW_OP_PEEK            12  /* read bitmap */
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION  30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION  31
#define XEN_DOMCTL_SHADOW_OP_ENABLE          32  /* mode = ENABLE_* */
#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT   (1 << 1)
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY  (1 << 2)
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE  (1 << 3)
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL   (1 << 4)
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL    (1 << 0)
struct xen_domctl_shadow_op_stats {
    uint32_t fault_count;
    uint32_t dirty_count;
};
struct xen_domctl_shadow_op {
    uint32_t op;                             /* 0x00: IN SHADOW_OP_* */
    uint32_t mode;                           /* 0x04: IN ENABLE_* / LOGDIRTY_* */
    uint32_t mb;                             /* 0x08: IN/OUT allocation in MiB */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(uint8) dirty_bitmap; /* 0x10: OUT (CLEAN/PEEK) */
    uint64_aligned_t pages;                  /* 0x18: IN/OUT bitmap size in pages */
    struct xen_domctl_shadow_op_stats stats; /* 0x20: OUT */
};                                           /* 40 bytes */

/* XEN_DOMCTL_max_mem: IN page limit in KiB. -EINVAL below current use. */
struct xen_domctl_max_mem {
    uint64_aligned_t max_memkb;
};

/*
 * XEN_DOMCTL_setvcpucontext / XEN_DOMCTL_getvcpucontext: IN/OUT the full
 * context of vCPU `vcpu` (struct vcpu_guest_context; CR3s as
 * xen_pfn_to_cr3(mfn)). The hypervisor pauses the domain around either
 * (so a running or suspended domain may be the target). Set validates as
 * VCPUOP_initialise; on a vCPU that already has a context it may change
 * registers, callbacks, trap table, debug registers and VGCF_online but
 * not CR3s, GDT or LDT (-EOPNOTSUPP). Errors: -EINVAL vCPU past
 * max_vcpus, not created (set), the caller's own domain (set), or a bad
 * context; -ESRCH vCPU not created (get); -EBUSY get of a running vCPU of
 * the caller's own domain. A NULL ctxt on set (Xen: reset the vCPU) is
 * -EOPNOTSUPP; on get it only checks the vCPU.
 */
struct xen_domctl_vcpucontext {
    uint32_t vcpu;                                    /* 0x0: IN */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;   /* 0x8: IN/OUT */
};                                                    /* 16 bytes */

/* XEN_DOMCTL_getvcpuinfo: state of one vCPU. -ENOENT no such vCPU. */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;                /* 0x00: IN */
    uint8_t online;               /* 0x04: OUT up (not VCPUOP_down) */
    uint8_t blocked;              /* 0x05: OUT waiting for an event */
    uint8_t running;              /* 0x06: OUT on a CPU right now */
    uint8_t _pad0;
    uint64_aligned_t cpu_time;    /* 0x08: OUT ns consumed */
    uint32_t cpu;                 /* 0x10: OUT physical CPU it last ran on */
    uint32_t _pad1;
};                                /* 24 bytes */

/*
 * XEN_DOMCTL_setnodeaffinity / XEN_DOMCTL_getnodeaffinity: NUMA nodes the
 * domain prefers for memory. IN (set) / OUT (get) nodemap.
 */
struct xen_domctl_nodeaffinity {
    struct xenctl_bitmap nodemap;
};                                /* 16 bytes */

/*
 * XEN_DOMCTL_setvcpuaffinity / XEN_DOMCTL_getvcpuaffinity: physical CPUs
 * `vcpu` may run on. On set, the maps come back holding the effective
 * affinity (intersected with the pool's CPUs). -EINVAL empty result,
 * -ENOENT no such vCPU.
 */
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;                     /* 0x00: IN */
#define _XEN_VCPUAFFINITY_HARD  0
#define XEN_VCPUAFFINITY_HARD   (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT  1
#define XEN_VCPUAFFINITY_SOFT   (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2   /* also drop a SCHEDOP_pin_override */
#define XEN_VCPUAFFINITY_FORCE  (1U << _XEN_VCPUAFFINITY_FORCE)
    uint32_t flags;                    /* 0x04: IN which maps */
    struct xenctl_bitmap cpumap_hard;  /* 0x08: IN/OUT */
    struct xenctl_bitmap cpumap_soft;  /* 0x18: IN/OUT */
};                                     /* 40 bytes */

/*
 * XEN_DOMCTL_max_vcpus: create the vCPU objects. `max` must equal the
 * createdomain max_vcpus (-EINVAL otherwise); calling again with the same
 * value is allowed.
 */
struct xen_domctl_max_vcpus {
    uint32_t max;   /* IN */
};

/* XEN_DOMCTL_scheduler_op: per-domain scheduler parameters. */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_domctl_sched_credit {
    uint16_t weight;   /* relative share, 1..65535 (default 256) */
    uint16_t cap;      /* max % of one CPU, 0 = uncapped */
};
struct xen_domctl_sched_credit2 {
    uint16_t weight;
    uint16_t cap;
};
struct xen_domctl_sched_rtds {
    uint32_t period;   /* us */
    uint32_t budget;   /* us */
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra  (1U << _XEN_DOMCTL_SCHEDRT_extra)
    uint32_t flags;
};

typedef struct xen_domctl_schedparam_vcpu {
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
    } u;                /* 0x0 */
    uint32_t vcpuid;    /* 0xc */
} xen_domctl_schedparam_vcpu_t;   /* 16 bytes */
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);

/*
 * putinfo / getinfo: domain-wide parameters. putvcpuinfo / getvcpuinfo:
 * per-vCPU (RTDS only; others -EINVAL). sched_id must be the scheduler the
 * domain's pool runs (-EINVAL).
 */
#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
    uint32_t sched_id;   /* 0x00: IN XEN_SCHEDULER_* */
    uint32_t cmd;        /* 0x04: IN XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
        struct {
            XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
            uint32_t nr_vcpus;   /* IN entries / OUT entries processed */
            uint32_t padding;
        } v;
    } u;                 /* 0x08: IN/OUT */
};                       /* 24 bytes */

/* XEN_DOMCTL_setdomainhandle: IN new UUID. */
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle;
};

/* XEN_DOMCTL_setdebugging: IN enable != 0 to trap debug events to tools. */
struct xen_domctl_setdebugging {
    uint8_t enable;
};

/* XEN_DOMCTL_irq_permission: grant/revoke access to a physical IRQ. */
struct xen_domctl_irq_permission {
    uint32_t pirq;          /* 0x0: IN */
    uint8_t allow_access;   /* 0x4: IN 1 grant, 0 revoke */
    uint8_t pad[3];
};

/* XEN_DOMCTL_iomem_permission: grant/revoke MMIO frames [first, first+nr). */
struct xen_domctl_iomem_permission {
    uint64_aligned_t first_mfn;   /* 0x00: IN */
    uint64_aligned_t nr_mfns;     /* 0x08: IN, > 0 */
    uint8_t allow_access;         /* 0x10: IN */
    uint8_t _pad[7];
};                                /* 24 bytes */

/* XEN_DOMCTL_ioport_permission: grant/revoke I/O ports. */
struct xen_domctl_ioport_permission {
    uint32_t first_port;    /* 0x0: IN */
    uint32_t nr_ports;      /* 0x4: IN */
    uint8_t allow_access;   /* 0x8: IN */
    uint8_t _pad[3];
};                          /* 12 bytes */

/*
 * XEN_DOMCTL_hypercall_init: write the hypercall stub page into guest
 * frame gmfn (for kernels with a HYPERCALL_PAGE note). -EINVAL bad frame.
 */
struct xen_domctl_hypercall_init {
    uint64_aligned_t gmfn;  /* IN */
};

/* XEN_DOMCTL_settimeoffset: IN seconds added to the domain's wallclock. */
struct xen_domctl_settimeoffset {
    int64_aligned_t time_offset_seconds;
};

/*
 * XEN_DOMCTL_gettscinfo / XEN_DOMCTL_settscinfo: how RDTSC behaves in the
 * domain. OUT for get, IN for set (-EINVAL bad mode). Xenolite never
 * emulates RDTSC: get reports DEFAULT, the host's TSC kHz, incarnation
 * and elapsed_nsec 0 (save records it); set accepts the modes up to
 * NATIVE and changes nothing.
 */
#define XEN_DOMCTL_TSC_MODE_DEFAULT     0  /* native if safe, else emulated */
#define XEN_DOMCTL_TSC_MODE_ALWAYS_EMULATE 1
#define XEN_DOMCTL_TSC_MODE_NATIVE      2
#define XEN_DOMCTL_TSC_MODE_PVRDTSCP    3  /* removed; -EINVAL */
struct xen_domctl_tsc_info {
    uint32_t tsc_mode;              /* 0x00 */
    uint32_t gtsc_khz;              /* 0x04: guest TSC frequency */
    uint32_t incarnation;           /* 0x08: bumped on migration */
    uint32_t pad;
    uint64_aligned_t elapsed_nsec;  /* 0x10 */
};                                  /* 24 bytes */

/*
 * XEN_DOMCTL_set_address_size / XEN_DOMCTL_get_address_size: guest word
 * size in bits. PV: 64 (32 = compat guests, not supported: -EINVAL).
 */
struct xen_domctl_address_size {
    uint32_t size;   /* IN (set) / OUT (get) */
};

/* XEN_DOMCTL_sendtrigger: inject a virtual event into `vcpu`. */
#define XEN_DOMCTL_SENDTRIGGER_NMI   0
#define XEN_DOMCTL_SENDTRIGGER_RESET 1
#define XEN_DOMCTL_SENDTRIGGER_INIT  2
#define XEN_DOMCTL_SENDTRIGGER_POWER 3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP 4
struct xen_domctl_sendtrigger {
    uint32_t trigger;   /* IN XEN_DOMCTL_SENDTRIGGER_* */
    uint32_t vcpu;      /* IN */
};

/* XEN_DOMCTL_set_target: give the caller-designated domain (a device model
 * or stub domain) privilege over `target`. */
struct xen_domctl_set_target {
    domid_t target;   /* IN */
};

/* XEN_DOMCTL_subscribe: event channel (in the caller) to signal on
 * suspend of the domain. */
struct xen_domctl_subscribe {
    uint32_t port;    /* IN */
};

/*
 * XEN_DOMCTL_get_cpu_policy / XEN_DOMCTL_set_cpu_policy: the domain's CPUID
 * leaves and MSR values. get: IN buffer sizes, OUT counts (NULL buffers
 * query the needed sizes; -ENOBUFS too small). set: IN the new policy;
 * -EINVAL if it is not compatible with the host, with err_* naming the
 * first offending leaf/subleaf/MSR (~0 = none).
 */
#define XEN_CPUID_INPUT_UNUSED 0xFFFFFFFFU
struct xen_domctl_cpu_policy {
    uint32_t nr_leaves;                          /* 0x00: IN/OUT */
    uint32_t nr_msrs;                            /* 0x04: IN/OUT */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* 0x08 */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;   /* 0x10 */
    uint32_t err_leaf;                           /* 0x18: OUT */
    uint32_t err_subleaf;                        /* 0x1c: OUT */
    uint32_t err_msr;                            /* 0x20: OUT */
    uint32_t _pad;
};                                               /* 40 bytes */
typedef struct xen_domctl_cpu_policy xen_domctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_cpu_policy_t);

/*
 * XEN_DOMCTL_set_virq_handler: make the target domain the receiver of the
 * global VIRQ `virq` (e.g. VIRQ_DOM_EXC to a xenstore domain).
 */
struct xen_domctl_set_virq_handler {
    uint32_t virq;   /* IN */
};

/*
 * XEN_DOMCTL_setvcpuextstate / XEN_DOMCTL_getvcpuextstate: XSAVE state of
 * `vcpu`. size 0 on get queries the size.
 */
struct xen_domctl_vcpuextstate {
    uint32_t vcpu;                      /* 0x00: IN */
    uint32_t _pad;
    uint64_aligned_t xfeature_mask;     /* 0x08: IN/OUT */
    uint64_aligned_t size;              /* 0x10: IN/OUT bytes */
    XEN_GUEST_HANDLE_64(uint64) buffer; /* 0x18 */
};                                      /* 32 bytes */

/*
 * XEN_DOMCTL_get_vcpu_msrs / XEN_DOMCTL_set_vcpu_msrs: save/restore the
 * MSRs of `vcpu` that are not part of vcpu_guest_context.
 */
struct xen_domctl_vcpu_msr {
    uint32_t index;
    uint32_t reserved;             /* must be 0 */
    uint64_aligned_t value;
};
typedef struct xen_domctl_vcpu_msr xen_domctl_vcpu_msr_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t);
struct xen_domctl_vcpu_msrs {
    uint32_t vcpu;                                   /* 0x0: IN */
    uint32_t msr_count;                              /* 0x4: IN/OUT */
    XEN_GUEST_HANDLE_64(xen_domctl_vcpu_msr_t) msrs; /* 0x8 */
};                                                   /* 16 bytes */

/* XEN_DOMCTL_cacheflush: flush caches for a GFN range (ARM; no-op on x86). */
struct xen_domctl_cacheflush {
    xen_pfn_t start_pfn;   /* IN */
    xen_pfn_t nr_pfns;     /* IN */
};

/*
 * XEN_DOMCTL_get_paging_mempool_size / XEN_DOMCTL_set_paging_mempool_size:
 * bytes of memory set aside for the domain's paging structures (HAP/shadow;
 * PV: 0, set -EOPNOTSUPP).
 */
struct xen_domctl_paging_mempool {
    uint64_aligned_t size;   /* IN (set) / OUT (get) */
};

/*
 * Command numbers. Commands without a struct above either take no
 * argument (destroydomain, pausedomain, unpausedomain, resumedomain,
 * soft_reset) or are HVM/passthrough/debug interfaces Xenolite does not
 * provide (-ENOSYS); they are listed so the numbering is complete.
 *
 * XEN_DOMCTL_resumedomain ends a shutdown (normally SHUTDOWN_suspend): the
 * shutdown flag and code are cleared and the vCPUs continue from their
 * contexts (a cancelled suspend's toolstack writes rax = 1 first, as
 * xc_domain_resume's fast path). -EINVAL on the caller's own domain or a
 * dying one.
 *
 * XEN_DOMCTL_destroydomain may return -ERESTART internally and is retried
 * by the hypervisor; callers see 0 or an error (-EBUSY: not yet dead, call
 * again).
 */
#define XEN_DOMCTL_createdomain             1
#define XEN_DOMCTL_destroydomain            2
#define XEN_DOMCTL_pausedomain              3
#define XEN_DOMCTL_unpausedomain            4
#define XEN_DOMCTL_getdomaininfo            5
/* 6-8 were getmemlist, getpageframeinfo, getpageframeinfo2 (removed) */
#define XEN_DOMCTL_setvcpuaffinity          9
#define XEN_DOMCTL_shadow_op               10
#define XEN_DOMCTL_max_mem                 11
#define XEN_DOMCTL_setvcpucontext          12
#define XEN_DOMCTL_getvcpucontext          13
#define XEN_DOMCTL_getvcpuinfo             14
#define XEN_DOMCTL_max_vcpus               15
#define XEN_DOMCTL_scheduler_op            16
#define XEN_DOMCTL_setdomainhandle         17
#define XEN_DOMCTL_setdebugging            18
#define XEN_DOMCTL_irq_permission          19
#define XEN_DOMCTL_iomem_permission        20
#define XEN_DOMCTL_ioport_permission       21
#define XEN_DOMCTL_hypercall_init          22
#define XEN_DOMCTL_soft_reset_cont         23  /* hypervisor-internal */
#define XEN_DOMCTL_settimeoffset           24
#define XEN_DOMCTL_getvcpuaffinity         25
#define XEN_DOMCTL_real_mode_area          26  /* obsolete */
#define XEN_DOMCTL_resumedomain            27
#define XEN_DOMCTL_sendtrigger             28
#define XEN_DOMCTL_subscribe               29
#define XEN_DOMCTL_gethvmcontext           33
#define XEN_DOMCTL_sethvmcontext           34
#define XEN_DOMCTL_set_address_size        35
#define XEN_DOMCTL_get_address_size        36
#define XEN_DOMCTL_assign_device           37
#define XEN_DOMCTL_bind_pt_irq             38
#define XEN_DOMCTL_memory_mapping          39
#define XEN_DOMCTL_ioport_mapping          40
#define XEN_DOMCTL_set_ext_vcpucontext     42
#define XEN_DOMCTL_get_ext_vcpucontext     43
#define XEN_DOMCTL_set_opt_feature         44  /* obsolete */
#define XEN_DOMCTL_test_assign_device      45
#define XEN_DOMCTL_set_target              46
#define XEN_DOMCTL_deassign_device         47
#define XEN_DOMCTL_unbind_pt_irq           48
#define XEN_DOMCTL_get_device_group        50
#define XEN_DOMCTL_debug_op                54
#define XEN_DOMCTL_gethvmcontext_partial   55
#define XEN_DOMCTL_vm_event_op             56
#define XEN_DOMCTL_mem_sharing_op          57
#define XEN_DOMCTL_gettscinfo              59
#define XEN_DOMCTL_settscinfo              60
#define XEN_DOMCTL_getpageframeinfo3       61
#define XEN_DOMCTL_setvcpuextstate         62
#define XEN_DOMCTL_getvcpuextstate         63
#define XEN_DOMCTL_set_access_required     64
#define XEN_DOMCTL_audit_p2m               65
#define XEN_DOMCTL_set_virq_handler        66
#define XEN_DOMCTL_set_broken_page_p2m     67
#define XEN_DOMCTL_setnodeaffinity         68
#define XEN_DOMCTL_getnodeaffinity         69
/*
 * 70 was XEN_DOMCTL_set_max_evtchn: in 4.17 the limit is
 * createdomain.max_evtchn_port. 80 (set_gnttab_limits) likewise moved into
 * createdomain.
 */
#define XEN_DOMCTL_cacheflush              71
#define XEN_DOMCTL_get_vcpu_msrs           72
#define XEN_DOMCTL_set_vcpu_msrs           73
#define XEN_DOMCTL_setvnumainfo            74
#define XEN_DOMCTL_psr_cmt_op              75
#define XEN_DOMCTL_monitor_op              77
#define XEN_DOMCTL_psr_alloc               78
#define XEN_DOMCTL_soft_reset              79
#define XEN_DOMCTL_vuart_op                81
#define XEN_DOMCTL_get_cpu_policy          82
#define XEN_DOMCTL_set_cpu_policy          83
#define XEN_DOMCTL_vmtrace_op              84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio      1000
#define XEN_DOMCTL_gdbsx_pausevcpu       1001
#define XEN_DOMCTL_gdbsx_unpausevcpu     1002
#define XEN_DOMCTL_gdbsx_domstatus       1003

/* The domctl buffer: 144 bytes. */
struct xen_domctl {
    uint32_t cmd;                /* 0x00: IN XEN_DOMCTL_* */
    uint32_t interface_version;  /* 0x04: IN XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;              /* 0x08: IN target (IN/OUT for create and
                                    getdomaininfo) */
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
        struct xen_domctl_nodeaffinity nodeaffinity;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_shadow_op shadow_op;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_setdebugging setdebugging;
        struct xen_domctl_irq_permission irq_permission;
        struct xen_domctl_iomem_permission iomem_permission;
        struct xen_domctl_ioport_permission ioport_permission;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_tsc_info tsc_info;
        struct xen_domctl_address_size address_size;
        struct xen_domctl_sendtrigger sendtrigger;
        struct xen_domctl_set_target set_target;
        struct xen_domctl_subscribe subscribe;
        struct xen_domctl_cpu_policy cpu_policy;
        struct xen_domctl_vcpuextstate vcpuextstate;
        struct xen_domctl_vcpu_msrs vcpu_msrs;
        struct xen_domctl_set_virq_handler set_virq_handler;
        struct xen_domctl_cacheflush cacheflush;
        struct xen_domctl_paging_mempool paging_mempool;
        uint8_t pad[128];        /* fixes the union at 128 bytes */
    } u;                         /* 0x10 */
};                               /* 144 bytes */
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* XEN_PUBLIC_DOMCTL_H */
