/* SPDX-License-Identifier: MIT */
/*
 * physdev_op hypercall (hc 33): (cmd, arg). I/O privilege, physical
 * interrupts (PIRQs) and PCI device management for the hardware domain.
 * physdev_op_compat (hc 19) takes a struct physdev_op instead.
 *
 * Common errors: -EFAULT arg unreadable, -EPERM caller lacks the needed
 * privilege, -ENOSYS unknown cmd.
 */
#ifndef XEN_PUBLIC_PHYSDEV_H
#define XEN_PUBLIC_PHYSDEV_H

#include <stdint.h>

#include "xen.h"

/*
 * PHYSDEVOP_eoi: IN arg = struct physdev_eoi. Signal end-of-interrupt for a
 * PIRQ; unmasks its event channel if the hypervisor masked it.
 * -EINVAL pirq out of range.
 */
#define PHYSDEVOP_eoi 12
struct physdev_eoi {
    uint32_t irq;   /* IN: pirq */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1 / _v2: IN arg = struct physdev_pirq_eoi_gmfn.
 * Register a page holding one "needs EOI" bit per PIRQ, kept up to date by
 * the hypervisor (saves irq_status_query calls). v2 also stops the
 * hypervisor from unmasking the event channel on EOI.
 * Errors: -EINVAL bad frame, -EBUSY already registered.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
#define PHYSDEVOP_pirq_eoi_gmfn    PHYSDEVOP_pirq_eoi_gmfn_v2
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;   /* IN: guest frame of the bitmap page */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

/*
 * PHYSDEVOP_irq_status_query: IN/OUT arg = struct physdev_irq_status_query.
 * -EINVAL pirq out of range.
 */
#define PHYSDEVOP_irq_status_query 5
struct physdev_irq_status_query {
    uint32_t irq;     /* IN: pirq */
#define _XENIRQSTAT_needs_eoi 0   /* guest must call PHYSDEVOP_eoi */
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared    1   /* IRQ line is shared with another domain */
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared)
    uint32_t flags;   /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/*
 * PHYSDEVOP_set_iopl: IN arg = struct physdev_set_iopl. Set the vCPU's
 * virtual IOPL (0-3): guest kernel mode may use in/out/cli/sti when
 * iopl >= 1, guest user mode when iopl == 3 (subject to the domain's I/O
 * port permissions). -EINVAL iopl > 3.
 */
#define PHYSDEVOP_set_iopl 6
struct physdev_set_iopl {
    uint32_t iopl;    /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/*
 * PHYSDEVOP_set_iobitmap: IN arg = struct physdev_set_iobitmap. A TSS-style
 * I/O permission bitmap (clear bit = port allowed) for guest user mode.
 * nr_ports 0 / NULL bitmap removes it. -EINVAL nr_ports > 65536.
 */
#define PHYSDEVOP_set_iobitmap 7
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;  /* 0x0: IN guest VA of the bitmap */
    uint32_t nr_ports;               /* 0x8: IN ports covered */
    uint32_t _pad;
};                                   /* 16 bytes */
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

/*
 * PHYSDEVOP_apic_read / PHYSDEVOP_apic_write: IN/OUT arg =
 * struct physdev_apic. Access an IO-APIC register (hardware domain).
 * -EINVAL unknown IO-APIC.
 */
#define PHYSDEVOP_apic_read  8
#define PHYSDEVOP_apic_write 9
struct physdev_apic {
    uint64_t apic_physbase;   /* 0x0: IN IO-APIC physical base */
    uint32_t reg;             /* 0x8: IN register index */
    uint32_t value;           /* 0xc: OUT (read) / IN (write) */
};                            /* 16 bytes */
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

/*
 * PHYSDEVOP_alloc_irq_vector / PHYSDEVOP_free_irq_vector: legacy vector
 * allocation for a GSI. IN irq, OUT vector.
 */
#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector  11
struct physdev_irq {
    uint32_t irq;      /* IN */
    uint32_t vector;   /* OUT */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

/*
 * PHYSDEVOP_map_pirq: IN/OUT arg = struct physdev_map_pirq. Give domid a
 * PIRQ for a GSI or an MSI(-X) vector. pirq < 0 on input = hypervisor
 * picks. Errors: -EINVAL bad type/index, -ENOSPC no free pirq, -EEXIST,
 * -EPERM.
 */
#define PHYSDEVOP_map_pirq 13
#define MAP_PIRQ_TYPE_MSI       0x0   /* MSI(-X), bus/devfn/entry_nr */
#define MAP_PIRQ_TYPE_GSI       0x1   /* GSI in index */
#define MAP_PIRQ_TYPE_UNKNOWN   0x2
#define MAP_PIRQ_TYPE_MSI_SEG   0x3   /* MSI, segment in bus bits 16-31 */
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4   /* entry_nr consecutive MSI vectors */
struct physdev_map_pirq {
    domid_t domid;         /* 0x00: IN */
    uint16_t _pad0;
    int32_t type;          /* 0x04: IN MAP_PIRQ_TYPE_* */
    int32_t index;         /* 0x08: IN GSI, or -1 */
    int32_t pirq;          /* 0x0c: IN/OUT */
    int32_t bus;           /* 0x10: IN PCI bus (MSI) */
    int32_t devfn;         /* 0x14: IN PCI device/function (MSI) */
    int32_t entry_nr;      /* 0x18: IN MSI-X entry / IN/OUT vector count */
    uint32_t _pad1;
    uint64_t table_base;   /* 0x20: IN MSI-X table base address */
};                         /* 40 bytes */
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

/* PHYSDEVOP_unmap_pirq: IN arg = struct physdev_unmap_pirq. */
#define PHYSDEVOP_unmap_pirq 14
struct physdev_unmap_pirq {
    domid_t domid;   /* 0x0: IN */
    uint16_t _pad;
    int32_t pirq;    /* 0x4: IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

/*
 * PHYSDEVOP_manage_pci_add / _remove: IN arg = struct physdev_manage_pci.
 * PHYSDEVOP_manage_pci_add_ext: IN arg = struct physdev_manage_pci_ext.
 * Old ways to report PCI devices (segment 0); see pci_device_add.
 */
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_manage_pci_add_ext 20
struct physdev_manage_pci {
    uint8_t bus;     /* IN */
    uint8_t devfn;   /* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

struct physdev_manage_pci_ext {
    uint8_t bus;          /* 0x0: IN */
    uint8_t devfn;        /* 0x1: IN */
    uint16_t _pad;
    uint32_t is_extfn;    /* 0x4: IN multi-function extension */
    uint32_t is_virtfn;   /* 0x8: IN SR-IOV virtual function */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;             /* 0xc: IN parent PF if is_virtfn */
    uint16_t _pad2;
};                        /* 16 bytes */
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* PHYSDEVOP_restore_msi: IN arg = struct physdev_restore_msi (after S3). */
#define PHYSDEVOP_restore_msi 19
struct physdev_restore_msi {
    uint8_t bus;     /* IN */
    uint8_t devfn;   /* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

/*
 * PHYSDEVOP_setup_gsi: IN arg = struct physdev_setup_gsi. Trigger mode and
 * polarity of a GSI from ACPI. -EEXIST already configured.
 */
#define PHYSDEVOP_setup_gsi 21
struct physdev_setup_gsi {
    int32_t gsi;           /* 0x0: IN */
    uint8_t triggering;    /* 0x4: IN 0 edge, 1 level */
    uint8_t polarity;      /* 0x5: IN 0 active high, 1 active low */
    uint16_t _pad;
};                         /* 8 bytes */
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

/* PHYSDEVOP_get_free_pirq: IN type (MAP_PIRQ_TYPE_*), OUT a free pirq. */
#define PHYSDEVOP_get_free_pirq 23
struct physdev_get_free_pirq {
    int32_t type;    /* IN */
    uint32_t pirq;   /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

/*
 * PHYSDEVOP_pci_mmcfg_reserved: IN arg = struct physdev_pci_mmcfg_reserved.
 * The hardware domain confirms an MMCONFIG region is reserved in firmware.
 */
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define XEN_PCI_MMCFG_RESERVED 0x1
struct physdev_pci_mmcfg_reserved {
    uint64_t address;     /* 0x0: IN */
    uint16_t segment;     /* 0x8: IN */
    uint8_t start_bus;    /* 0xa: IN */
    uint8_t end_bus;      /* 0xb: IN */
    uint32_t flags;       /* 0xc: IN XEN_PCI_MMCFG_* */
};                        /* 16 bytes */
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

/*
 * PHYSDEVOP_pci_device_add: IN arg = struct physdev_pci_device_add. Report a
 * PCI device found by the hardware domain. optarr carries extra data
 * selected by flags (XEN_PCI_DEV_PXM: optarr[0] = proximity domain).
 */
#define PHYSDEVOP_pci_device_add 25
#define XEN_PCI_DEV_EXTFN  0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM    0x4
struct physdev_pci_device_add {
    uint16_t seg;       /* 0x0: IN */
    uint8_t bus;        /* 0x2: IN */
    uint8_t devfn;      /* 0x3: IN */
    uint32_t flags;     /* 0x4: IN XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;           /* 0x8: IN parent PF with XEN_PCI_DEV_VIRTFN */
    uint16_t _pad;
    uint32_t optarr[XEN_FLEX_ARRAY_DIM]; /* 0xc: IN */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/*
 * PHYSDEVOP_pci_device_remove, PHYSDEVOP_restore_msi_ext,
 * PHYSDEVOP_prepare_msix, PHYSDEVOP_release_msix: IN arg =
 * struct physdev_pci_device naming the device by segment/bus/devfn.
 */
#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext   27
#define PHYSDEVOP_prepare_msix      30
#define PHYSDEVOP_release_msix      31
struct physdev_pci_device {
    uint16_t seg;     /* IN */
    uint8_t bus;      /* IN */
    uint8_t devfn;    /* IN */
};                    /* 4 bytes */
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

/*
 * PHYSDEVOP_dbgp_op: IN arg = struct physdev_dbgp_op. Tell the hypervisor a
 * USB debug port controller is being reset.
 */
#define PHYSDEVOP_dbgp_op 29
#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE    2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN   0
#define PHYSDEVOP_DBGP_BUS_PCI       1
struct physdev_dbgp_op {
    uint8_t op;       /* 0x0: IN PHYSDEVOP_DBGP_RESET_* */
    uint8_t bus;      /* 0x1: IN PHYSDEVOP_DBGP_BUS_* */
    union {
        struct physdev_pci_device pci;
    } u;              /* 0x2 */
};                    /* 6 bytes */
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

/* Deprecated: unmask notification of PIRQs; now done by PHYSDEVOP_eoi. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4

/*
 * physdev_op_compat (hc 19): the command and its argument in one buffer
 * (24 bytes). Only the sub-ops in the union exist in this form.
 */
struct physdev_op {
    uint32_t cmd;     /* 0x0: PHYSDEVOP_* */
    uint32_t _pad;
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t set_iopl;
        physdev_set_iobitmap_t set_iobitmap;
        physdev_apic_t apic_op;
        physdev_irq_t irq_op;
    } u;              /* 0x8 */
};                    /* 24 bytes */
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

#endif /* XEN_PUBLIC_PHYSDEV_H */
