/* SPDX-License-Identifier: MIT */
/*
 * ELF notes a PV kernel image carries to describe itself to the domain
 * builder. Notes live in PT_NOTE segments (or SHT_NOTE sections) with owner
 * name "Xen". Numeric notes are 1, 2, 4 or 8 bytes, little endian.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

/* Owner name of every note below. */
#define XEN_ELFNOTE_NAME "Xen"

/* str: legacy free-form information; ignored. */
#define XEN_ELFNOTE_INFO           0
/* num: virtual entry point; defaults to the ELF e_entry. */
#define XEN_ELFNOTE_ENTRY          1
/* num: VA of a page-aligned page the builder fills with hypercall stubs. */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2
/* num: VA corresponding to PFN 0; 0 when absent. */
#define XEN_ELFNOTE_VIRT_BASE      3
/* num: subtracted with VIRT_BASE: virt_offset = VIRT_BASE - PADDR_OFFSET. */
#define XEN_ELFNOTE_PADDR_OFFSET   4
/* str: must start with "xen-3.0" or the image is refused. */
#define XEN_ELFNOTE_XEN_VERSION    5
/* str: guest OS name, e.g. "linux". */
#define XEN_ELFNOTE_GUEST_OS       6
/* str: guest OS version; informational. */
#define XEN_ELFNOTE_GUEST_VERSION  7
/* str: loader type; "generic" (or GUEST_OS "linux") is accepted. */
#define XEN_ELFNOTE_LOADER         8
/* str: "yes" / "bimodal": kernel copes with page tables above 4 GiB. */
#define XEN_ELFNOTE_PAE_MODE       9
/*
 * str: '|'-separated XENFEAT names (see features.h) the kernel uses; a
 * leading '!' marks a feature as required. An unknown required feature,
 * or a required supervisor_mode_kernel, makes the builder refuse.
 */
#define XEN_ELFNOTE_FEATURES       10
/* str: "yes" = load the symbol table after the image. */
#define XEN_ELFNOTE_BSD_SYMTAB     11
/* num: lowest hypervisor VA for 32-bit guests; unused on 64-bit. */
#define XEN_ELFNOTE_HV_START_LOW   12
/* num[2]: (mask, value) marking valid L1 MFN entries; ignored. */
#define XEN_ELFNOTE_L1_MFN_VALID   13
/* num: non-zero = kernel supports suspend-cancel. */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14
/* num: VA at which the builder maps the P2M list, outside the image region. */
#define XEN_ELFNOTE_INIT_P2M       15
/* num: 1 = pass the initrd as a PFN (SIF_MOD_START_PFN), unmapped. */
#define XEN_ELFNOTE_MOD_START_PFN  16
/* u32 bitmap: XENFEAT bits the kernel supports (dom0 needs XENFEAT_dom0). */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
/* num: 32-bit physical entry for PVH; ignored for PV. */
#define XEN_ELFNOTE_PHYS32_ENTRY   18

#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in crash dumps (owner "Xen"), not read by the builder. */
#define XEN_ELFNOTE_CRASH_INFO               0x1000001
#define XEN_ELFNOTE_CRASH_REGS               0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE            0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER          0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION     0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION  0x2000003

#endif /* XEN_PUBLIC_ELFNOTE_H */
