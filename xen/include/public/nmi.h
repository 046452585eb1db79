/* SPDX-License-Identifier: MIT */
/*
 * nmi_op hypercall (hc 28): (cmd, arg), and the NMI reason bits the
 * hypervisor reports in shared_info.arch.nmi_reason.
 */
#ifndef XEN_PUBLIC_NMI_H
#define XEN_PUBLIC_NMI_H

#include <stdint.h>

#include "xen.h"

/* Bits of arch_shared_info.nmi_reason (hardware domain). */
#define _XEN_NMIREASON_io_error     0   /* I/O check error */
#define XEN_NMIREASON_io_error      (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr     1   /* PCI SERR# */
#define XEN_NMIREASON_pci_serr      (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_parity_error 1   /* old name of pci_serr */
#define XEN_NMIREASON_parity_error  (1UL << _XEN_NMIREASON_parity_error)
#define _XEN_NMIREASON_unknown      2   /* no known source */
#define XEN_NMIREASON_unknown       (1UL << _XEN_NMIREASON_unknown)

/*
 * XENNMI_register_callback: IN arg = struct xennmi_callback. Same as
 * CALLBACKOP_register with CALLBACKTYPE_nmi. -EINVAL non-canonical address
 * or pad not 0.
 * XENNMI_unregister_callback: arg NULL.
 */
#define XENNMI_register_callback   0
#define XENNMI_unregister_callback 1
struct xennmi_callback {
    uint64_t handler_address;   /* IN */
    uint64_t pad;               /* must be 0 */
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

#endif /* XEN_PUBLIC_NMI_H */
