/* SPDX-License-Identifier: MIT */
/*
 * sched_op hypercall (hc 29): (cmd, arg). Yield, block, poll and shut
 * down. sched_op_compat (hc 6) takes the same commands with the shutdown
 * reason passed directly instead of through a struct.
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include <stdint.h>

#include "event_channel.h"

/* SCHEDOP_yield: arg NULL. Give up the CPU to another runnable vCPU. Returns 0. */
#define SCHEDOP_yield 0

/*
 * SCHEDOP_block: arg NULL. Atomically clears evtchn_upcall_mask and sleeps
 * until an event is deliverable; returns at once if one already is.
 */
#define SCHEDOP_block 1

/*
 * SCHEDOP_shutdown: IN arg = struct sched_shutdown. Stops the calling
 * domain for `reason`; does not return except for SHUTDOWN_suspend (which
 * returns 0 on resume, 1 on a cancelled suspend). A PV guest suspending
 * passes its start_info MFN as the third argument (rdx), which the
 * toolstack reads from the vCPU context. -EINVAL bad reason.
 */
#define SCHEDOP_shutdown 2
struct sched_shutdown {
    uint32_t reason;   /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/*
 * SCHEDOP_poll: IN arg = struct sched_poll (24 bytes). Blocks until one of
 * the listed ports is pending or the timeout passes. Returns 0 at once if a
 * port is already pending. Errors: -EINVAL nr_ports > 128 or a bad port,
 * -EFAULT unreadable list.
 */
#define SCHEDOP_poll 3
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;  /* 0x00: IN port array */
    uint32_t nr_ports;                      /* 0x08: IN entries in ports */
    uint32_t _pad;                          /* 0x0c */
    uint64_t timeout;                       /* 0x10: IN absolute system time
                                               in ns; 0 = none */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

/*
 * SCHEDOP_remote_shutdown: IN arg = struct sched_remote_shutdown. Shut
 * another domain down (privileged). -ESRCH no such domain, -EPERM.
 */
#define SCHEDOP_remote_shutdown 4
struct sched_remote_shutdown {
    domid_t domain_id;   /* 0x0: IN target */
    uint16_t _pad;
    uint32_t reason;     /* 0x4: IN SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/*
 * SCHEDOP_shutdown_code: IN arg = struct sched_shutdown. Records the reason
 * that will be reported for the domain's next shutdown (used before a
 * crash kernel or a suspend), without stopping it.
 */
#define SCHEDOP_shutdown_code 5

/*
 * SCHEDOP_watchdog: IN/OUT arg = struct sched_watchdog. id 0 creates a
 * watchdog and returns its id (> 0); id n with timeout > 0 re-arms it; with
 * timeout 0 destroys it. An expiring watchdog shuts the domain down with
 * SHUTDOWN_watchdog. -ENOSPC no free watchdog, -EINVAL bad id.
 */
#define SCHEDOP_watchdog 6
struct sched_watchdog {
    uint32_t id;        /* IN: 0 = new, else watchdog id */
    uint32_t timeout;   /* IN: seconds; 0 = destroy */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

/*
 * SCHEDOP_pin_override: IN arg = struct sched_pin_override. Temporarily pin
 * the calling vCPU to a physical CPU (hardware domain only, for firmware
 * calls); pcpu < 0 removes the override. -EPERM, -EINVAL.
 */
#define SCHEDOP_pin_override 7
struct sched_pin_override {
    int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

/* Shutdown reasons (also reported in getdomaininfo flags bits 16-23). */
#define SHUTDOWN_poweroff   0  /* domain exited normally */
#define SHUTDOWN_reboot     1  /* restart the domain */
#define SHUTDOWN_suspend    2  /* save state and stop (checkpoint) */
#define SHUTDOWN_crash      3  /* the guest crashed */
#define SHUTDOWN_watchdog   4  /* a SCHEDOP_watchdog expired */
#define SHUTDOWN_soft_reset 5  /* reset in place, keeping memory (kexec) */
#define SHUTDOWN_MAX        5

#endif /* XEN_PUBLIC_SCHED_H */
