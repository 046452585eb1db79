/* SPDX-License-Identifier: MIT */
/*
 * platform_op hypercall (hc 7): (struct xen_platform_op *). Host platform
 * services for the hardware domain: wall-clock setting, firmware data,
 * physical CPU information, power management. Only the sub-ops Xenolite
 * needs have structs here; the rest are listed by number.
 *
 * Common errors: -EACCES interface_version != XENPF_INTERFACE_VERSION,
 * -EPERM caller is not the hardware domain, -ENOSYS unknown cmd,
 * -EFAULT. The struct is copied back on success.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include <stdint.h>

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * XENPF_settime32 / XENPF_settime64: set the wall clock: at hypervisor
 * system time `system_time` (ns) the wall clock read secs.nsecs.
 * settime64: -EINVAL if mbz is not 0.
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
    uint32_t secs;          /* 0x0: IN */
    uint32_t nsecs;         /* 0x4: IN */
    uint64_t system_time;   /* 0x8: IN */
};                          /* 16 bytes */
typedef struct xenpf_settime32 xenpf_settime32_t;

#define XENPF_settime64 62
struct xenpf_settime64 {
    uint64_t secs;          /* 0x00: IN */
    uint32_t nsecs;         /* 0x08: IN */
    uint32_t mbz;           /* 0x0c: must be zero */
    uint64_t system_time;   /* 0x10: IN */
};                          /* 24 bytes */
typedef struct xenpf_settime64 xenpf_settime64_t;

/*
 * XENPF_firmware_info: boot firmware data collected by the hypervisor
 * (it owns real mode at boot). IN type and index (which disk / entry);
 * -ESRCH no such entry, -EINVAL unknown type.
 */
#define XENPF_firmware_info 50
#define XEN_FW_DISK_INFO          1  /* EDD disk info, u.disk_info */
#define XEN_FW_DISK_MBR_SIGNATURE 2  /* u.disk_mbr_signature */
#define XEN_FW_VBEDDC_INFO        3  /* monitor EDID, u.vbeddc_info */
#define XEN_FW_EFI_INFO           4  /* EFI data (not provided: -ESRCH) */
#define XEN_FW_KBD_SHIFT_FLAGS    5  /* BIOS keyboard shift state */
struct xenpf_firmware_info {
    uint32_t type;    /* 0x0: IN XEN_FW_* */
    uint32_t index;   /* 0x4: IN */
    union {
        struct {
            uint8_t device;                   /* BIOS drive number */
            uint8_t version;                  /* EDD version */
            uint16_t interface_support;
            uint16_t legacy_max_cylinder;
            uint8_t legacy_max_head;
            uint8_t legacy_sectors_per_track;
            XEN_GUEST_HANDLE(void) edd_params; /* IN buffer, first u16 = size */
        } disk_info;
        struct {
            uint8_t device;
            uint8_t _pad[3];
            uint32_t mbr_signature;
        } disk_mbr_signature;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            uint8_t _pad[6];
            XEN_GUEST_HANDLE(uint8) edid;     /* IN 128-byte buffer */
        } vbeddc_info;
        uint8_t kbd_shift_flags;
        uint8_t _size[32];                    /* space taken by the EFI variant */
    } u;              /* 0x8: OUT */
};                    /* 40 bytes */
typedef struct xenpf_firmware_info xenpf_firmware_info_t;

/*
 * XENPF_get_cpuinfo: IN xen_cpuid = physical CPU number; OUT the rest.
 * -EINVAL beyond max_present.
 */
#define XENPF_get_cpuinfo 55
#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2
struct xenpf_pcpuinfo {
    uint32_t xen_cpuid;    /* 0x00: IN */
    uint32_t max_present;  /* 0x04: OUT highest present CPU number */
    uint32_t flags;        /* 0x08: OUT XEN_PCPU_FLAGS_* */
    uint32_t apic_id;      /* 0x0c: OUT */
    uint32_t acpi_id;      /* 0x10: OUT */
};                         /* 20 bytes */
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;

/*
 * XENPF_get_cpu_version: IN xen_cpuid; OUT the CPU's vendor string and
 * family/model/stepping (all zero for a CPU that is not online).
 */
#define XENPF_get_cpu_version 48
struct xenpf_pcpu_version {
    uint32_t xen_cpuid;    /* 0x00: IN */
    uint32_t max_present;  /* 0x04: OUT highest present CPU number */
    char vendor_id[12];    /* 0x08: OUT CPUID leaf 0 EBX, EDX, ECX */
    uint32_t family;       /* 0x14: OUT */
    uint32_t model;        /* 0x18: OUT */
    uint32_t stepping;     /* 0x1c: OUT */
};                         /* 32 bytes */
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;

/* Sub-ops without a struct here (not provided yet: -ENOSYS). */
#define XENPF_add_memtype         31
#define XENPF_del_memtype         32
#define XENPF_read_memtype        33
#define XENPF_microcode_update    35
#define XENPF_platform_quirk      39
#define XENPF_efi_runtime_call    49
#define XENPF_enter_acpi_sleep    51
#define XENPF_change_freq         52
#define XENPF_getidletime         53
#define XENPF_set_processor_pminfo 54  /* XEN_PM_CX 0, PX 1, TX 2, PDC 3 */
#define XENPF_cpu_online          56
#define XENPF_cpu_offline         57
#define XENPF_cpu_hotadd          58
#define XENPF_mem_hotadd          59
#define XENPF_core_parking        60
#define XENPF_resource_op         61
#define XENPF_get_symbol          63

#define XEN_PM_CX  0
#define XEN_PM_PX  1
#define XEN_PM_TX  2
#define XEN_PM_PDC 3

/* The platform_op buffer: 136 bytes. */
struct xen_platform_op {
    uint32_t cmd;                /* 0x00: IN XENPF_* */
    uint32_t interface_version;  /* 0x04: IN XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime32_t settime32;
        xenpf_settime64_t settime64;
        xenpf_firmware_info_t firmware_info;
        xenpf_pcpuinfo_t pcpu_info;
        xenpf_pcpu_version_t pcpu_version;
        uint8_t pad[128];        /* fixes the union at 128 bytes */
    } u;                         /* 0x08 */
};                               /* 136 bytes */
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* XEN_PUBLIC_PLATFORM_H */
