/* SPDX-License-Identifier: MIT */
/*
 * Core of the Xenolite guest ABI (layout-compatible with Xen 4.17, 64-bit
 * x86 PV): hypercall numbers, reserved domain ids, VIRQs, page-table update
 * requests, multicalls, shared_info/vcpu_info and start_info.
 *
 * See README in this directory for the conventions of every public header.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include <stdint.h>

#include "arch-x86/xen.h"

/*
 * Guest handles for the basic types. Names follow Xen: uint8 is a handle
 * to uint8_t, uchar to unsigned char, and so on.
 */
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(int);
DEFINE_XEN_GUEST_HANDLE(long);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/*
 * Hypercall numbers (rax). 64-bit PV calling convention: `syscall` from
 * guest kernel mode, arguments in rdi, rsi, rdx, r10, r8, result in rax
 * (a negative XEN_E* value on failure). Numbers without a handler return
 * -ENOSYS. The numbers (__HYPERVISOR_*), the argument count and types of
 * each come from the single list XEN_HYPERCALL_LIST in hypercall-defs.h.
 */
#include "hypercall-defs.h"

/*
 * Virtual interrupts, bound to an event channel with EVTCHNOP_bind_virq.
 * Per-vCPU VIRQs may be bound on any vCPU; global ones only on vCPU 0 (and
 * only one domain at a time receives them, normally the control domain).
 */
#define VIRQ_TIMER      0   /* per-vCPU: timer (set_timer_op, VCPUOP timers) */
#define VIRQ_DEBUG      1   /* per-vCPU: debug key request */
#define VIRQ_CONSOLE    2   /* global: input on the hypervisor console */
#define VIRQ_DOM_EXC    3   /* global: a domain shut down or died */
#define VIRQ_TBUF       4   /* global: trace buffers need attention */
#define VIRQ_DEBUGGER   6   /* global: a domain hit a debug trap */
#define VIRQ_XENOPROF   7   /* per-vCPU: profiling samples */
#define VIRQ_CON_RING   8   /* global: new text in the hypervisor log ring */
#define VIRQ_PCPU_STATE 9   /* global: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10  /* global: memory event ring */
#define VIRQ_ARGO       11  /* global: Argo message */
#define VIRQ_ENOMEM     12  /* global: hypervisor heap is low */
#define VIRQ_XENPMU     13  /* per-vCPU: PMU interrupt */

#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define VIRQ_MCA        VIRQ_ARCH_0  /* x86: machine-check event */

#define NR_VIRQS        24

/*
 * mmu_update hypercall (hc 1): (reqs, count, pdone, foreigndom).
 *
 * IN reqs: array of `count` struct mmu_update. The low 2 bits of `ptr`
 * select the command, the rest is an address:
 *
 * MMU_NORMAL_PT_UPDATE: ptr = machine address (8-byte aligned) of a PTE,
 *   val = new entry. Page-table frames are validated (old entry's
 *   references dropped, new entry's taken); frames with no type are
 *   written directly. L1 updates imply no TLB flush.
 *   Errors: -EINVAL bad entry or frame, -EBUSY would map a page-table
 *   frame writable, -EPERM/-EACCES foreign or I/O frame without permission.
 * MMU_MACHPHYS_UPDATE: ptr = (MFN << 12) | 1, val = PFN; sets M2P[MFN].
 *   Errors: -EINVAL frame not owned by the page owner, -EPERM foreign page
 *   table owner given.
 * MMU_PT_UPDATE_PRESERVE_AD: as NORMAL, but the Accessed/Dirty bits of the
 *   current entry are kept (atomically OR-ed in).
 * MMU_PT_UPDATE_NO_TRANSLATE: as NORMAL, but val always holds an MFN even
 *   for a translated page owner. Same as NORMAL for PV owners.
 * Unknown command: -ENOSYS.
 *
 * IN foreigndom: bits 0-15 = owner of the frames being mapped (DOMID_SELF,
 * DOMID_IO for MMIO, or another domain if privileged); bits 16-31 = owner
 * of the page tables plus one (0 = self).
 *
 * OUT pdone (may be NULL): incremented by the number of requests done.
 * Processing stops at the first failure, whose error is returned.
 */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3

struct mmu_update {
    uint64_t ptr;   /* IN: machine address | command */
    uint64_t val;   /* IN: new PTE value (or PFN for MACHPHYS_UPDATE) */
};                  /* 16 bytes */
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/*
 * mmuext_op hypercall (hc 26): (ops, count, pdone, foreigndom). Same
 * array/pdone/foreigndom conventions as mmu_update. Each op:
 *
 * MMUEXT_PIN_L{1,2,3,4}_TABLE  arg1.mfn: validate the frame as that level
 *      and pin it. -EINVAL not owned, fails validation, wrong current type
 *      or already pinned. May name a foreign domain's frame (privileged).
 * MMUEXT_UNPIN_TABLE  arg1.mfn: -EINVAL if not pinned.
 * MMUEXT_NEW_BASEPTR  arg1.mfn: new kernel-mode L4 of the calling vCPU.
 *      -EINVAL not a valid L4, -EPERM foreign domain.
 * MMUEXT_TLB_FLUSH_LOCAL       flush this vCPU's TLB.
 * MMUEXT_INVLPG_LOCAL          arg1.linear_addr: flush one page locally.
 * MMUEXT_TLB_FLUSH_MULTI       arg2.vcpumask: flush the listed vCPUs.
 * MMUEXT_INVLPG_MULTI          arg1.linear_addr + arg2.vcpumask.
 * MMUEXT_TLB_FLUSH_ALL         flush every vCPU of the domain.
 * MMUEXT_INVLPG_ALL            arg1.linear_addr on every vCPU.
 * MMUEXT_FLUSH_CACHE           write back + invalidate caches of the CPUs
 *      the domain may have dirtied. -EACCES without cache-flush permission.
 * MMUEXT_SET_LDT  arg1.linear_addr (page aligned, below the hole) +
 *      arg2.nr_ents (<= 8192). -EINVAL otherwise.
 * MMUEXT_NEW_USER_BASEPTR  arg1.mfn: user-mode L4 (0 = none).
 * MMUEXT_CLEAR_PAGE  arg1.mfn: zero an owned, writable frame.
 * MMUEXT_COPY_PAGE   arg1.mfn (dest) <- arg2.src_mfn.
 * MMUEXT_FLUSH_CACHE_GLOBAL    as FLUSH_CACHE on all CPUs.
 * MMUEXT_MARK_SUPER / MMUEXT_UNMARK_SUPER  -EOPNOTSUPP (no superpages).
 * Unknown command: -ENOSYS. Flushes are complete when the call returns.
 *
 * A vcpumask is a guest pointer to a bitmap of vCPU ids in 64-bit words.
 */
#define MMUEXT_PIN_L1_TABLE        0
#define MMUEXT_PIN_L2_TABLE        1
#define MMUEXT_PIN_L3_TABLE        2
#define MMUEXT_PIN_L4_TABLE        3
#define MMUEXT_UNPIN_TABLE         4
#define MMUEXT_NEW_BASEPTR         5
#define MMUEXT_TLB_FLUSH_LOCAL     6
#define MMUEXT_INVLPG_LOCAL        7
#define MMUEXT_TLB_FLUSH_MULTI     8
#define MMUEXT_INVLPG_MULTI        9
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13
#define MMUEXT_NEW_USER_BASEPTR   15
#define MMUEXT_CLEAR_PAGE         16
#define MMUEXT_COPY_PAGE          17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

struct mmuext_op {
    uint32_t cmd;                       /* 0x00: IN MMUEXT_* */
    uint32_t _pad;                      /* 0x04 */
    union {
        xen_pfn_t mfn;                  /* pin/unpin/baseptr/clear/copy dest */
        uint64_t linear_addr;           /* invlpg, set_ldt */
    } arg1;                             /* 0x08 */
    union {
        uint32_t nr_ents;               /* set_ldt */
        XEN_GUEST_HANDLE(const_void) vcpumask;  /* *_MULTI */
        xen_pfn_t src_mfn;              /* copy_page source */
    } arg2;                             /* 0x10 */
};                                      /* 24 bytes */
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/*
 * update_va_mapping (hc 14): (va, new_pte, flags), and
 * update_va_mapping_otherdomain (hc 22): (va, new_pte, flags, domid).
 * Replaces the L1 entry for `va` in the current page tables. Errors:
 * -EINVAL no L1 for va, va in the hypervisor hole or non-canonical, bad
 * entry. flags = flush type | scope; the flush happens only on success.
 * Scope: UVMF_LOCAL, UVMF_ALL, or any other value = 8-byte aligned guest
 * pointer to a vCPU bitmap (UVMF_MULTI).
 */
#define UVMF_NONE           (0UL << 0)  /* no flush */
#define UVMF_TLB_FLUSH      (1UL << 0)  /* full TLB flush */
#define UVMF_INVLPG         (2UL << 0)  /* flush this va only */
#define UVMF_FLUSHTYPE_MASK (3UL << 0)
#define UVMF_MULTI          (0UL << 2)  /* pointer to vCPU bitmap | type */
#define UVMF_LOCAL          (0UL << 2)  /* this vCPU only */
#define UVMF_ALL            (1UL << 2)  /* every vCPU of the domain */

/*
 * console_io (hc 18): (cmd, count, buffer).
 *   CONSOLEIO_write: IN buffer of count bytes to the hypervisor console.
 *       Returns 0 (or bytes written); -EFAULT unreadable buffer; -EPERM
 *       for an unprivileged domain (as Xen's release builds: a domU
 *       writes to its console ring). Long writes are preemptible.
 *   CONSOLEIO_read:  OUT up to count bytes of pending console input;
 *       returns the number read. Privileged domains only (-EPERM).
 *   Unknown cmd: -ENOSYS.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/*
 * vm_assist (hc 21): (cmd, type). Turns an optional hypervisor behaviour
 * on or off for the whole domain. Errors: -EINVAL type not valid for a
 * 64-bit PV domain, -ENOSYS unknown cmd.
 */
#define VMASST_CMD_enable  0
#define VMASST_CMD_disable 1

#define VMASST_TYPE_4gb_segments        0  /* 32-bit only; accepted, no effect */
#define VMASST_TYPE_4gb_segments_notify 1  /* 32-bit only; accepted, no effect */
#define VMASST_TYPE_writable_pagetables 2  /* emulate writes to RO L1 pages */
#define VMASST_TYPE_pae_extended_cr3    3  /* L3 above 4 GiB (no effect on 64-bit) */
#define VMASST_TYPE_architectural_iopl  4  /* IOPL in rflags/iret is the virtual IOPL */
#define VMASST_TYPE_runstate_update_flag 5 /* XEN_RUNSTATE_UPDATE in runstate area */
#define VMASST_TYPE_m2p_strict          32 /* M2P not mapped in user page tables */

/* Bitmap of the VMASST types a 64-bit PV domain may enable. */
#define XEN_VMASST_VALID_PV64 \
    ((1UL << 0) | (1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 4) | \
     (1UL << 5) | (1UL << 32))

/*
 * Domain ids. Real domains are 0..DOMID_FIRST_RESERVED-1; the values from
 * DOMID_FIRST_RESERVED up name pseudo-domains.
 */
typedef uint16_t domid_t;

#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U  /* the calling domain */
#define DOMID_IO             0x7FF1U  /* owner of MMIO frames (mmu_update) */
#define DOMID_XEN            0x7FF2U  /* owner of hypervisor frames */
#define DOMID_COW            0x7FF3U  /* owner of shared copy-on-write frames */
#define DOMID_INVALID        0x7FF4U  /* no domain */
#define DOMID_IDLE           0x7FFFU  /* the idle domain */
#define DOMID_MASK           0x7FFFU

/*
 * multicall (hc 13): (entries, count). Runs each entry's hypercall in
 * order. `result` receives that call's return value; a failing entry does
 * not stop the batch. The multicall itself returns 0, -EFAULT if the list
 * cannot be read, -EINVAL if nested. iret ends the batch. Entries other
 * than `result` may be overwritten by the hypervisor.
 */
struct multicall_entry {
    xen_ulong_t op;        /* 0x00: IN hypercall number */
    xen_ulong_t result;    /* 0x08: OUT its return value */
    xen_ulong_t args[6];   /* 0x10: IN arguments */
};                         /* 64 bytes */
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Time as seen by one vCPU (32 bytes). Written by the hypervisor with a
 * version protocol: version is made odd, fields written, version made even
 * again. Readers retry while version is odd or changed under them.
 *
 *   now_ns = system_time + scale(tsc - tsc_timestamp), where
 *   scale(d) = ((shift >= 0 ? d << shift : d >> -shift) * tsc_to_system_mul) >> 32.
 */
struct vcpu_time_info {
    uint32_t version;            /* 0x00 */
    uint32_t pad0;               /* 0x04 */
    uint64_t tsc_timestamp;      /* 0x08: TSC at the time of system_time */
    uint64_t system_time;        /* 0x10: ns since hypervisor boot */
    uint32_t tsc_to_system_mul;  /* 0x18: 32.32 fixed-point ns per tick */
    int8_t   tsc_shift;          /* 0x1c */
    uint8_t  flags;              /* 0x1d: XEN_PVCLOCK_* */
    uint8_t  pad1[2];            /* 0x1e */
};                               /* 32 bytes */
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);

/* TSCs are invariant and synchronised: no monotonicity fix-up needed. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
/* The vCPU was paused by the toolstack (for guest watchdogs). */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/*
 * Per-vCPU shared state (64 bytes). The first 32 live in shared_info;
 * VCPUOP_register_vcpu_info moves one anywhere in guest memory.
 *
 * Event delivery: the hypervisor sets evtchn_pending_sel bit (port / 64)
 * and evtchn_upcall_pending, then upcalls if evtchn_upcall_mask is 0. The
 * guest clears both fields; the hypervisor only ever sets them.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;  /* 0x00: hypervisor sets, guest clears */
    uint8_t evtchn_upcall_mask;     /* 0x01: guest's "interrupts disabled" */
    uint8_t pad0[6];                /* 0x02 */
    xen_ulong_t evtchn_pending_sel; /* 0x08: which evtchn_pending words to scan */
    struct arch_vcpu_info arch;     /* 0x10: cr2 of the last #PF */
    struct vcpu_time_info time;     /* 0x20 */
};                                  /* 64 bytes */
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared-info page: one per domain, mapped by the guest via the
 * machine address in start_info.shared_info. Uses 3136 bytes of its page.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];  /* 0x000 */

    /*
     * 0x800 / 0xa00: 2-level event channels, one bit per port (4096 ports).
     * The hypervisor sets pending bits and the guest clears them; mask bits
     * are the guest's, set = "do not upcall for this port".
     */
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

    /*
     * 0xc00: wall-clock time at system_time 0, with the same version
     * protocol as vcpu_time_info. Seconds = wc_sec | (wc_sec_hi << 32).
     */
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;

    struct arch_shared_info arch;                      /* 0xc10 */
};                                                     /* 3136 bytes */
typedef struct shared_info shared_info_t;
#define xen_wc_sec_hi wc_sec_hi

/*
 * start_info: handed to every PV guest at boot (rsi points at it). 1168
 * bytes. All fields OUT from the domain builder.
 *
 * Addresses below are guest virtual unless noted; frame numbers are MFNs.
 * Initial virtual layout from the start of the kernel image: kernel,
 * [initrd], P2M list (mfn_list) unless INIT_P2M put it elsewhere,
 * start_info, page tables (pt_base, nr_pt_frames), boot stack; the whole
 * region is mapped, with 512 KiB of slack at its end.
 */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
    char magic[32];            /* 0x000: "xen-3.0-x86_64" (+ "p" for PAE) */
    uint64_t nr_pages;         /* 0x020: pages given to the domain */
    uint64_t shared_info;      /* 0x028: MACHINE address of shared_info */
    uint32_t flags;            /* 0x030: SIF_* */
    uint32_t _pad0;            /* 0x034 */
    xen_pfn_t store_mfn;       /* 0x038: MFN of the xenstore ring, 0 if none */
    uint32_t store_evtchn;     /* 0x040: xenstore event channel, 0 if none */
    uint32_t _pad1;            /* 0x044 */
    union {
        struct {
            xen_pfn_t mfn;     /* 0x048: MFN of the console ring */
            uint32_t evtchn;   /* 0x050: console event channel */
            uint32_t _pad;     /* 0x054 */
        } domU;
        struct {
            uint32_t info_off;  /* 0x048: offset of dom0_vga_console_info
                                   from start of start_info, 0 if none */
            uint32_t info_size; /* 0x04c: its size */
        } dom0;
    } console;
    uint64_t pt_base;          /* 0x058: VA of the bootstrap L4 */
    uint64_t nr_pt_frames;     /* 0x060: frames of bootstrap page tables */
    uint64_t mfn_list;         /* 0x068: VA of the P2M list (pfn -> mfn) */
    uint64_t mod_start;        /* 0x070: VA of initrd, or its PFN if
                                  SIF_MOD_START_PFN; 0 if none */
    uint64_t mod_len;          /* 0x078: initrd length in bytes */
    char cmd_line[MAX_GUEST_CMDLINE]; /* 0x080: NUL-terminated */
    /* Only with the INIT_P2M ELF note (P2M mapped outside the region): */
    uint64_t first_p2m_pfn;    /* 0x480: first PFN of the P2M frames */
    uint64_t nr_p2m_frames;    /* 0x488: number of those frames */
};                             /* 1168 bytes */
typedef struct start_info start_info_t;

/* Old name kept by Xen for the older field set. */
#define start_info_64 start_info

/* start_info.flags */
#define SIF_PRIVILEGED      (1 << 0)  /* may use privileged operations */
#define SIF_INITDOMAIN      (1 << 1)  /* the initial (control) domain */
#define SIF_MULTIBOOT_MOD   (1 << 2)  /* mod_start is a xen_multiboot_mod_list */
#define SIF_MOD_START_PFN   (1 << 3)  /* mod_start is a PFN, not a VA */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)  /* tools read the P2M via arch.p2m_vaddr */
#define SIF_PM_MASK         (0xFF << 8) /* power-management bits */

/* One module when SIF_MULTIBOOT_MOD is set (16 bytes each). */
struct xen_multiboot_mod_list {
    uint32_t mod_start;   /* physical address of the module */
    uint32_t mod_end;     /* one past its last byte */
    uint32_t cmdline;     /* physical address of its command line */
    uint32_t pad;
};

/*
 * Video console information for the initial domain, pointed at by
 * start_info.console.dom0 (40 bytes).
 */
struct dom0_vga_console_info {
    uint8_t video_type;           /* 0x00: XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70
    uint8_t _pad[3];
    union {
        struct {
            uint16_t font_height;  /* scan lines per character */
            uint16_t cursor_x;
            uint16_t cursor_y;
            uint16_t rows;
            uint16_t columns;
        } text_mode_3;
        struct {
            uint16_t width;          /* 0x04: pixels */
            uint16_t height;         /* 0x06 */
            uint16_t bytes_per_line; /* 0x08 */
            uint16_t bits_per_pixel; /* 0x0a */
            uint32_t lfb_base;       /* 0x0c: framebuffer address, low 32 bits */
            uint32_t lfb_size;       /* 0x10: in 64 KiB units */
            uint8_t  red_pos, red_size;     /* 0x14 */
            uint8_t  green_pos, green_size; /* 0x16 */
            uint8_t  blue_pos, blue_size;   /* 0x18 */
            uint8_t  rsvd_pos, rsvd_size;   /* 0x1a */
            uint32_t gbl_caps;       /* 0x1c: VESA capabilities */
            uint16_t mode_attrs;     /* 0x20: VESA mode attributes */
            uint16_t pad;            /* 0x22 */
            uint32_t ext_lfb_base;   /* 0x24: framebuffer address, high 32 bits */
        } vesa_lfb;
    } u;                          /* 0x04 */
};                                /* 40 bytes */
typedef struct dom0_vga_console_info dom0_vga_console_info_t;
#define xen_vga_console_info     dom0_vga_console_info
#define xen_vga_console_info_t   dom0_vga_console_info_t

/* Opaque 16-byte domain handle (a UUID chosen by the toolstack). */
typedef uint8_t xen_domain_handle_t[16];

/* Helpers for typed constants in shared code. */
#define xen_mk_ulong(x)  x##UL
#define xen_mk_ullong(x) x##ULL

/*
 * Variable-length array member: [] in C99 and later, [1] in C++ (which has
 * no flexible array members). Code must never rely on sizeof() of a struct
 * ending in one.
 */
#if defined(__cplusplus) || !defined(__STDC_VERSION__) || __STDC_VERSION__ < 199901L
#define XEN_FLEX_ARRAY_DIM 1
#else
#define XEN_FLEX_ARRAY_DIM /* empty */
#endif

/*
 * A bitmap passed to domctl/sysctl (CPU or node masks). nr_bits is IN for
 * inputs and IN/OUT for outputs (the caller gives its buffer size in bits;
 * excess bits are zero-filled on output, missing bits read as zero).
 */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;  /* 0x0 */
    uint32_t nr_bits;                   /* 0x8 */
    uint32_t _pad;                      /* 0xc */
};                                      /* 16 bytes */
typedef struct xenctl_bitmap xenctl_bitmap_t;

#endif /* XEN_PUBLIC_XEN_H */
