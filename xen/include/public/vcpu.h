/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op hypercall (hc 24): (cmd, vcpuid, arg). Bring vCPUs up and down,
 * per-vCPU timers, and registration of per-vCPU shared areas.
 *
 * Common errors: -ENOENT vcpuid does not exist (>= max_vcpus), -EFAULT arg
 * unreadable/unwritable, -ENOSYS unknown cmd.
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include <stdint.h>

#include "xen.h"

/*
 * VCPUOP_initialise: IN arg = struct vcpu_guest_context (arch-x86/xen.h).
 * Sets the initial state of a vCPU that was never initialised; does not
 * start it (see VCPUOP_up). Errors: -EEXIST already initialised, -EINVAL
 * context fails validation or the vCPU has no vcpu_info yet (ids >= 32
 * need VCPUOP_register_vcpu_info first), -ENOMEM.
 */
#define VCPUOP_initialise 0

/* VCPUOP_up: arg NULL. Start an initialised vCPU. -EINVAL not initialised. */
#define VCPUOP_up 1

/*
 * VCPUOP_down: arg NULL. Stop a vCPU (it keeps its state). Taking the last
 * online vCPU down powers the domain off.
 */
#define VCPUOP_down 2

/* VCPUOP_is_up: arg NULL. Returns 1 if the vCPU is up, 0 if down. */
#define VCPUOP_is_up 3

/*
 * VCPUOP_get_runstate_info: OUT arg = struct vcpu_runstate_info. Any vCPU
 * of the caller's domain.
 */
#define VCPUOP_get_runstate_info 4

#define RUNSTATE_running  0   /* on a physical CPU */
#define RUNSTATE_runnable 1   /* wants to run, waiting for a CPU */
#define RUNSTATE_blocked  2   /* waiting for an event (SCHEDOP_block/poll) */
#define RUNSTATE_offline  3   /* down, or paused by the toolstack */

struct vcpu_runstate_info {
    int32_t state;              /* 0x00: RUNSTATE_* */
    uint32_t _pad;              /* 0x04 */
    uint64_t state_entry_time;  /* 0x08: system time of the last change;
                                   bit 63 = XEN_RUNSTATE_UPDATE */
    uint64_t time[4];           /* 0x10: ns spent in each RUNSTATE_* */
};                              /* 48 bytes */
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/*
 * With VMASST_TYPE_runstate_update_flag, the hypervisor sets this bit in
 * state_entry_time while it rewrites the area and clears it afterwards;
 * readers retry while it is set.
 */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

/*
 * VCPUOP_register_runstate_memory_area: IN arg =
 * struct vcpu_register_runstate_memory_area. From now on the hypervisor
 * copies the vCPU's runstate to this guest VIRTUAL address on every
 * change, through the vCPU's page tables, whenever they map it. A NULL
 * address stops the updates.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        uint64_t p;
    } addr;               /* IN: guest virtual address */
};                        /* 8 bytes */
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

/*
 * VCPUOP_set_periodic_timer: IN arg = struct vcpu_set_periodic_timer.
 * Raise VIRQ_TIMER every period_ns. -EINVAL period below 1 ms. PV vCPUs
 * start with a 10 ms period.
 * VCPUOP_stop_periodic_timer: arg NULL.
 */
#define VCPUOP_set_periodic_timer  6
#define VCPUOP_stop_periodic_timer 7
struct vcpu_set_periodic_timer {
    uint64_t period_ns;   /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

/*
 * VCPUOP_set_singleshot_timer: IN arg = struct vcpu_set_singleshot_timer.
 * Raise VIRQ_TIMER once at timeout_abs_ns (system time); a deadline in the
 * past fires at once and returns 0. Calling vCPU only (-EINVAL otherwise).
 * VCPUOP_stop_singleshot_timer: arg NULL, calling vCPU only.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;  /* 0x0: IN absolute system time in ns */
    uint32_t flags;           /* 0x8: IN VCPU_SSHOTTMR_* */
    uint32_t _pad;            /* 0xc */
};                            /* 16 bytes */
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/*
 * Historical: ask for -ETIME when the deadline has passed. Accepted and
 * ignored, as in Xen 4.17.
 */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * VCPUOP_register_vcpu_info: IN arg = struct vcpu_register_vcpu_info. Move
 * the vCPU's vcpu_info from shared_info to `offset` inside guest frame
 * `mfn`. The old contents are copied, then evtchn_pending_sel is set to all
 * ones and evtchn_upcall_pending to 1 so the guest rescans every port.
 * Only for the calling vCPU or one that is down. Errors: -ENXIO offset not
 * 8-byte aligned or the struct would cross the page end, -EINVAL already
 * registered or bad frame.
 */
#define VCPUOP_register_vcpu_info 10
struct vcpu_register_vcpu_info {
    uint64_t mfn;       /* 0x0: IN guest frame holding the new vcpu_info */
    uint32_t offset;    /* 0x8: IN byte offset within it */
    uint32_t rsvd;      /* 0xc: must be 0 */
};                      /* 16 bytes */
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* VCPUOP_send_nmi: arg NULL. Deliver a virtual NMI to the vCPU. */
#define VCPUOP_send_nmi 11

/*
 * VCPUOP_get_physid: OUT arg = struct vcpu_get_physid. Identity of the
 * physical CPU with the same number as vcpuid (hardware domain only,
 * -EPERM otherwise; -EINVAL no such CPU).
 */
#define VCPUOP_get_physid 12
struct vcpu_get_physid {
    uint64_t phys_id;   /* OUT: bits 0-31 APIC id, bits 32-63 ACPI id */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * VCPUOP_register_vcpu_time_memory_area: IN arg =
 * struct vcpu_register_time_memory_area. The hypervisor also writes the
 * vCPU's vcpu_time_info to this guest virtual address (for a user-space
 * vDSO clock). Same update rules as the runstate area.
 */
#define VCPUOP_register_vcpu_time_memory_area 13
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        uint64_t p;
    } addr;             /* IN: guest virtual address */
};                      /* 8 bytes */
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* XEN_PUBLIC_VCPU_H */
