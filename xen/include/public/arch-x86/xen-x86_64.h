/* SPDX-License-Identifier: MIT */
/*
 * x86_64 PV specifics of the guest ABI: flat segment selectors, the
 * hypervisor's reserved virtual-address hole, the iret hypercall frame and
 * the general-purpose register block saved for a vCPU.
 *
 * Normally reached through <public/arch-x86/xen.h>; it can be included alone.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_64_H

#include <stdint.h>

/*
 * Flat selectors a 64-bit PV guest uses. They index the hypervisor-owned
 * GDT page (entries 7168 and up, see FIRST_RESERVED_GDT_ENTRY), so every
 * vCPU can load them whatever its own GDT holds. Guest kernel and guest user
 * both run at CPL 3, hence the kernel and user names are equal.
 *
 *   0xe023  entry 7172  32-bit code, DPL 3 (compat user code)
 *   0xe02b  entry 7173  flat data,   DPL 3 (stack for both 32 and 64 bit)
 *   0xe033  entry 7174  64-bit code, DPL 3
 *
 * 64-bit data segments are the null selector: DS/ES are ignored in long mode.
 */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The hypervisor owns L4 slots 256..271 of every guest address space:
 * [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END). A guest may not map anything
 * there. The first 256 GiB of the hole hold the read-only machine-to-phys
 * (M2P) table, one 8-byte PFN per machine frame, which guests may read.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000ULL
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000ULL
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000ULL
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000ULL

#define HYPERVISOR_VIRT_START ((unsigned long)__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   ((unsigned long)__HYPERVISOR_VIRT_END)
#define MACH2PHYS_VIRT_START  ((unsigned long)__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END    ((unsigned long)__MACH2PHYS_VIRT_END)
/* Number of 8-byte M2P slots the read-only window can hold. */
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

#ifndef __XEN__
/* Guest-side view of the M2P: machine_to_phys_mapping[mfn] == pfn. */
#define machine_to_phys_mapping ((unsigned long *)MACH2PHYS_VIRT_START)
#endif

/*
 * set_segment_base hypercall (hc 25), first argument `which`.
 *   SEGBASE_FS          base = new FS base.
 *   SEGBASE_GS_USER     base = GS base used while in guest user mode
 *                       (the "inactive" GS base while the kernel runs).
 *   SEGBASE_GS_KERNEL   base = GS base used while in guest kernel mode.
 *   SEGBASE_GS_USER_SEL low 16 bits of base = selector to load into the user
 *                       %gs; the segment's base becomes the user GS base. A
 *                       bad selector loads the null selector instead.
 * Errors: -EINVAL for a non-canonical base or an unknown `which`.
 */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

/*
 * iret hypercall (hc 23). The guest pushes this frame (rax at the lowest
 * address, i.e. at its RSP) and issues the hypercall; the hypervisor pops
 * it and resumes the described context. All fields IN.
 *
 *   rax, r11, rcx  restored into those registers (rcx/r11 are ignored when
 *                  VGCF_in_syscall is set: they become rip/rflags instead).
 *   flags          VGCF_in_syscall: the frame was built by a SYSCALL entry,
 *                  return with SYSRET semantics.
 *   rip, cs        target; (cs & 3) == 3 switches to guest user mode. The
 *                  RPL of cs and ss is forced to 3.
 *   rflags         IF becomes !evtchn_upcall_mask; IOPL and VM are stripped
 *                  (IOPL becomes the virtual IOPL only with VMASST
 *                  architectural_iopl).
 *   rsp, ss        target stack.
 *
 * The hypercall "returns" the frame's rax. Inside a multicall, iret ends the
 * batch. A frame that cannot be read, or a switch to user mode without a
 * user page table, crashes the domain.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1UL << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

struct iret_context {
    uint64_t rax;     /* 0x00 */
    uint64_t r11;     /* 0x08 */
    uint64_t rcx;     /* 0x10 */
    uint64_t flags;   /* 0x18: VGCF_in_syscall or 0 */
    uint64_t rip;     /* 0x20 */
    uint64_t cs;      /* 0x28 */
    uint64_t rflags;  /* 0x30 */
    uint64_t rsp;     /* 0x38 */
    uint64_t ss;      /* 0x40 */
};                    /* 72 bytes */

/*
 * General-purpose register state of a vCPU, as saved in a
 * vcpu_guest_context. 200 bytes. The order (r15 first) is the order of a
 * push sequence, lowest address first. Selector fields are 16 bits with
 * explicit padding up to 8 bytes.
 */
struct cpu_user_regs {
    uint64_t r15;                 /* 0x00 */
    uint64_t r14;                 /* 0x08 */
    uint64_t r13;                 /* 0x10 */
    uint64_t r12;                 /* 0x18 */
    uint64_t rbp;                 /* 0x20 */
    uint64_t rbx;                 /* 0x28 */
    uint64_t r11;                 /* 0x30 */
    uint64_t r10;                 /* 0x38 */
    uint64_t r9;                  /* 0x40 */
    uint64_t r8;                  /* 0x48 */
    uint64_t rax;                 /* 0x50 */
    uint64_t rcx;                 /* 0x58 */
    uint64_t rdx;                 /* 0x60 */
    uint64_t rsi;                 /* 0x68 */
    uint64_t rdi;                 /* 0x70 */
    uint32_t error_code;          /* 0x78: hypervisor use; ignored on set */
    uint32_t entry_vector;        /* 0x7c: hypervisor use; ignored on set */
    uint64_t rip;                 /* 0x80 */
    uint16_t cs;                  /* 0x88: RPL forced to 3 on set */
    uint16_t _pad0[1];            /* 0x8a */
    uint8_t  saved_upcall_mask;   /* 0x8c: evtchn_upcall_mask to restore */
    uint8_t  _pad1[3];            /* 0x8d */
    uint64_t rflags;              /* 0x90: IOPL becomes the virtual IOPL */
    uint64_t rsp;                 /* 0x98 */
    uint16_t ss;                  /* 0xa0: RPL forced to 3 on set */
    uint16_t _pad2[3];            /* 0xa2 */
    uint16_t es;                  /* 0xa8 */
    uint16_t _pad3[3];            /* 0xaa */
    uint16_t ds;                  /* 0xb0 */
    uint16_t _pad4[3];            /* 0xb2 */
    uint16_t fs;                  /* 0xb8: selector only; base is fs_base */
    uint16_t _pad5[3];            /* 0xba */
    uint16_t gs;                  /* 0xc0: selector only; see gs_base_* */
    uint16_t _pad6[3];            /* 0xc2 */
};                                /* 200 bytes */
typedef struct cpu_user_regs cpu_user_regs_t;

/* Conversions between a CR3 value held in ctrlreg[] and a frame number. */
#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* Per-vCPU architecture part of vcpu_info (16 bytes). */
struct arch_vcpu_info {
    uint64_t cr2;   /* OUT: faulting address of the last #PF delivered */
    uint64_t pad;   /* reserved */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/*
 * A callback address (event, failsafe, syscall, NMI). On 64-bit the code
 * segment is always FLAT_KERNEL_CS, so only the address is given.
 */
typedef uint64_t xen_callback_t;
#define XEN_CALLBACK(cs, ip) (ip)

#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_64_H */
