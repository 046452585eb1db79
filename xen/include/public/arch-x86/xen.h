/* SPDX-License-Identifier: MIT */
/*
 * x86 part of the guest ABI: guest handles, frame-number types, the virtual
 * trap table, the full vCPU context and the arch parts of shared_info.
 * Only the 64-bit PV flavour exists in Xenolite.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_H
#define XEN_PUBLIC_ARCH_X86_XEN_H

#include <stdint.h>

#include "xen-x86_64.h"

/*
 * Guest handles.
 *
 * A handle names a buffer in guest memory by its guest *virtual* address,
 * resolved through the calling vCPU's current page tables (for a PV kernel
 * that includes its user space). It is a struct wrapping one pointer so the
 * compiler refuses to mix handles of different types, and so hypervisor
 * code cannot dereference it by accident (use copy_from_guest()).
 *
 * On x86_64 a handle is 8 bytes with 8-byte alignment; XEN_GUEST_HANDLE_64
 * is therefore the same type as XEN_GUEST_HANDLE (Xen only distinguishes
 * them for 32-bit guests).
 *
 *   DEFINE_XEN_GUEST_HANDLE(foo_t) defines XEN_GUEST_HANDLE(foo_t) and
 *   XEN_GUEST_HANDLE(const_foo_t).
 *   __DEFINE_XEN_GUEST_HANDLE(name, type) does the same under another name
 *   (e.g. uint8 for uint8_t).
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_ ## name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                 \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                   \
    ___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)

#define __XEN_GUEST_HANDLE(name)     __guest_handle_ ## name
#define XEN_GUEST_HANDLE(name)       __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_64(name)    XEN_GUEST_HANDLE(name)
/* Handles passed directly as hypercall arguments (not inside a struct). */
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)

/* Store a pointer into a handle (guest side, or tools). */
#define set_xen_guest_handle_raw(hnd, val) do { (hnd).p = (val); } while (0)
#define set_xen_guest_handle(hnd, val)     set_xen_guest_handle_raw(hnd, val)
/* Read the raw pointer back out of a handle. */
#define xen_guest_handle(hnd)              ((hnd).p)

/* 64-bit scalars in shared structures; naturally aligned on x86_64. */
typedef uint64_t uint64_aligned_t;

/*
 * Frame numbers and "natural width" values crossing the ABI. Both are
 * 64 bits. xen_pfn_t carries an MFN or a GFN/PFN depending on the field; each
 * field's comment says which.
 */
typedef uint64_t xen_pfn_t;
#define PRI_xen_pfn "lx"
#define PRIu_xen_pfn "lu"
typedef uint64_t xen_ulong_t;
#define PRI_xen_ulong "lx"

/* Number of vcpu_info slots embedded in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* x86 PV guests have an evtchn_upcall_mask and a PV entry point. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * GDT layout. A PV guest owns GDT pages 0..13 (entries 0..7167). Page 14
 * (entries 7168..7679) belongs to the hypervisor and is present in every
 * vCPU's GDT; it holds the FLAT_* selectors (see xen-x86_64.h).
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * set_trap_table hypercall (hc 0): one entry of the virtual IDT.
 *
 * IN: an array terminated by an entry whose address is 0; a NULL array
 * clears the whole table. Errors: -EFAULT (unreadable array), -EINVAL
 * (non-canonical address). Entries are per vCPU.
 */
struct trap_info {
    uint8_t  vector;   /* 0x0: exception/interrupt vector 0..255 */
    uint8_t  flags;    /* 0x1: bits 0-1 DPL for INT n, bit 2 mask events */
    uint16_t cs;       /* 0x2: code selector; ignored on 64-bit (FLAT_KERNEL_CS) */
    uint32_t _pad;     /* 0x4 */
    uint64_t address;  /* 0x8: handler virtual address; 0 ends the array */
};                     /* 16 bytes */
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

/*
 * flags: DPL 0 = INT n never reaches the handler (hardware exceptions only),
 * 1-2 = guest kernel only, 3 = guest user too. TI_IF: "interrupt gate", the
 * hypervisor sets evtchn_upcall_mask on entry.
 */
#define TI_GET_DPL(_ti)      ((_ti)->flags & 3)
#define TI_GET_IF(_ti)       ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags = (uint8_t)(((_ti)->flags & ~3) | ((_dpl) & 3)))
#define TI_SET_IF(_ti, _if)  ((_ti)->flags = (uint8_t)(((_ti)->flags & ~4) | ((_if) ? 4 : 0)))

/*
 * Full state of a vCPU: VCPUOP_initialise (hc 24), XEN_DOMCTL_setvcpucontext
 * and XEN_DOMCTL_getvcpucontext. 5168 bytes.
 *
 * On set, the hypervisor validates: every address canonical (-EINVAL),
 * selector RPLs forced to 3, ldt_base page aligned and ldt_ents <= 8192,
 * gdt_ents <= 16 * 512, gdt_frames owned by the domain and valid as
 * descriptor pages, ctrlreg[3] an L4 table of the domain, vm_assist a subset
 * of the allowed VMASST bits (vCPU 0 only). EFLAGS.IOPL becomes the virtual
 * IOPL; the real IF is always on.
 */
struct vcpu_guest_context {
    /* 0x000: FXSAVE image; loaded only when VGCF_i387_valid is set. */
    struct { uint8_t x[512]; } fpu_ctxt;
#define VGCF_I387_VALID                (1UL << 0)
#define VGCF_IN_KERNEL                 (1UL << 2)
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1UL << _VGCF_i387_valid)
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1UL << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1UL << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1UL << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1UL << _VGCF_online)
    /*
     * 0x200: VGCF_*. in_kernel: start in guest kernel mode (else user mode,
     * which needs ctrlreg[1]). online: domctl set only, bring the vCPU up.
     * *_disables_events: mask events when entering that callback.
     */
    uint64_t flags;
    struct cpu_user_regs user_regs;   /* 0x208: GPRs, rip, rflags, selectors */
    struct trap_info trap_ctxt[256];  /* 0x2d0: virtual IDT, by vector */
    uint64_t ldt_base;                /* 0x12d0: LDT linear address */
    uint64_t ldt_ents;                /* 0x12d8: LDT entries (0..8192) */
    uint64_t gdt_frames[16];          /* 0x12e0: MFNs of the guest GDT pages */
    uint64_t gdt_ents;                /* 0x1360: GDT entries in use */
    uint64_t kernel_ss;               /* 0x1368: stack_switch selector */
    uint64_t kernel_sp;               /* 0x1370: stack_switch stack pointer */
    /*
     * 0x1378: control registers. [3] = kernel page table (xen_pfn_to_cr3 of
     * the L4 MFN), [1] = user page table, [0] only TS is honoured, [4] OUT
     * only. Others ignored.
     */
    uint64_t ctrlreg[8];
    uint64_t debugreg[8];             /* 0x13b8: DR0-DR7, checked as set_debugreg */
    uint64_t event_callback_eip;      /* 0x13f8: event upcall entry */
    uint64_t failsafe_callback_eip;   /* 0x1400: segment-reload failure entry */
    uint64_t syscall_callback_eip;    /* 0x1408: user-mode SYSCALL entry */
    uint64_t vm_assist;               /* 0x1410: VMASST bitmap (1 << VMASST_TYPE_*) */
    uint64_t fs_base;                 /* 0x1418 */
    uint64_t gs_base_kernel;          /* 0x1420: GS base in guest kernel mode */
    uint64_t gs_base_user;            /* 0x1428: GS base in guest user mode */
};                                    /* 5168 bytes */
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * Arch part of shared_info (48 bytes at 0xc10). Fields marked guest-written
 * are owned by the guest; the hypervisor only reads them (the toolstack uses
 * them for save/restore and dumps).
 */
struct arch_shared_info {
    uint64_t max_pfn;                      /* guest-written: P2M size in pages */
    xen_pfn_t pfn_to_mfn_frame_list_list;  /* guest-written: MFN of the P2M
                                              frame list list */
    /*
     * OUT: NMI reason bits for the hardware domain, see nmi.h
     * (_XEN_NMIREASON_*).
     */
    uint64_t nmi_reason;
    uint64_t p2m_cr3;                      /* guest-written: CR3 of the
                                              linear P2M mapping, 0 if none */
    uint64_t p2m_vaddr;                    /* guest-written: VA of the linear
                                              P2M list */
    uint64_t p2m_generation;               /* guest-written: bumped around
                                              P2M list changes */
};
typedef struct arch_shared_info arch_shared_info_t;

/*
 * Arch part of XEN_DOMCTL_createdomain (and getdomaininfo's arch_config).
 * 8 bytes.
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC      0
#define XEN_X86_EMU_LAPIC       (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET       1
#define XEN_X86_EMU_HPET        (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM         2
#define XEN_X86_EMU_PM          (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC        3
#define XEN_X86_EMU_RTC         (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC     4
#define XEN_X86_EMU_IOAPIC      (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC        5
#define XEN_X86_EMU_PIC         (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA        6
#define XEN_X86_EMU_VGA         (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU      7
#define XEN_X86_EMU_IOMMU       (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT        8
#define XEN_X86_EMU_PIT         (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ   9
#define XEN_X86_EMU_USE_PIRQ    (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI       10
#define XEN_X86_EMU_VPCI        (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL         0x7ffU
    /* IN: devices to emulate. PV: 0 or XEN_X86_EMU_PIT; else -EINVAL. */
    uint32_t emulation_flags;
#define _XEN_X86_MSR_RELAXED    0
#define XEN_X86_MSR_RELAXED     (1U << _XEN_X86_MSR_RELAXED)
#define XEN_X86_MISC_FLAGS_MAX  XEN_X86_MSR_RELAXED
    /* IN: MSR_RELAXED = unknown MSR reads return 0 instead of #GP. */
    uint32_t misc_flags;
};

/*
 * CPUID/MSR policy serialisation used by XEN_DOMCTL_{get,set}_cpu_policy and
 * XEN_SYSCTL_get_cpu_policy.
 */
struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffU
    uint32_t leaf;      /* EAX input */
    uint32_t subleaf;   /* ECX input, or XEN_CPUID_NO_SUBLEAF */
    uint32_t a, b, c, d;
};                      /* 24 bytes */
typedef struct xen_cpuid_leaf xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

struct xen_msr_entry {
    uint32_t idx;       /* MSR index */
    uint32_t flags;     /* must be 0 */
    uint64_t val;
};                      /* 16 bytes */
typedef struct xen_msr_entry xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

#endif /* XEN_PUBLIC_ARCH_X86_XEN_H */
