/* SPDX-License-Identifier: MIT */
/*
 * callback_op hypercall (hc 30): (cmd, arg). Register the guest entry
 * points the hypervisor bounces into. set_callbacks (hc 4) is the older
 * (event, failsafe, syscall) form.
 */
#ifndef XEN_PUBLIC_CALLBACK_H
#define XEN_PUBLIC_CALLBACK_H

#include <stdint.h>

#include "xen.h"

/* Callback types. */
#define CALLBACKTYPE_event               0  /* event upcall; always masks events */
#define CALLBACKTYPE_failsafe            1  /* segment reload failed on return */
#define CALLBACKTYPE_syscall             2  /* 64-bit SYSCALL from guest user */
#define CALLBACKTYPE_sysenter_deprecated 3  /* not supported */
#define CALLBACKTYPE_nmi                 4  /* NMI handler */
#define CALLBACKTYPE_sysenter            5  /* SYSENTER from guest user */
#define CALLBACKTYPE_syscall32           7  /* 32-bit SYSCALL from guest user */

/* flags: mask events (set evtchn_upcall_mask) on entry. */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

/*
 * CALLBACKOP_register: IN arg = struct callback_register.
 * Errors: -EINVAL non-canonical address, -ENOSYS unknown type.
 */
#define CALLBACKOP_register 0
struct callback_register {
    uint16_t type;            /* 0x0: IN CALLBACKTYPE_* */
    uint16_t flags;           /* 0x2: IN CALLBACKF_* */
    uint32_t _pad;            /* 0x4 */
    xen_callback_t address;   /* 0x8: IN entry point VA */
};                            /* 16 bytes */
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/*
 * CALLBACKOP_unregister: IN arg = struct callback_unregister. Only
 * CALLBACKTYPE_nmi can be unregistered; others give -EINVAL.
 */
#define CALLBACKOP_unregister 1
struct callback_unregister {
    uint16_t type;            /* IN CALLBACKTYPE_* */
    uint16_t _unused;
};                            /* 4 bytes */
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#endif /* XEN_PUBLIC_CALLBACK_H */
