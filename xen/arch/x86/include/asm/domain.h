/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 parts of domains and vCPUs: the 64-bit PV guest state the hypervisor
 * keeps for each vCPU (virtual IDT, callbacks, virtual control/debug
 * registers, segment bases, page-table roots) and the pending bounce.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <xen/rangeset.h>
#include <xen/types.h>
#include <public/xen.h>
#include <asm/page_info.h>

/*
 * An exception or event to deliver to the guest on the way out of the
 * hypervisor (built into a bounce frame by pv_bounce_to_guest()).
 */
struct trap_bounce {
    bool pending;
    bool has_error_code;
    bool mask_events;           /* set evtchn_upcall_mask on entry */
    uint32_t error_code;
    unsigned long eip;          /* handler */
};

/* One guest callback (callback_op): address and CALLBACKF_* flags. */
struct pv_callback {
    unsigned long eip;
    unsigned int flags;
};

#define PV_GDT_GUEST_FRAMES 14          /* FIRST_RESERVED_GDT_PAGE */
#define PV_LDT_MAX_ENTS     8192
#define PV_LDT_PAGES        16          /* 8192 entries of 8 bytes */

struct pv_vcpu {
    /* Virtual IDT (set_trap_table); address 0 = no handler. */
    struct trap_info trap_ctxt[256];

    struct pv_callback event_callback;    /* CALLBACKTYPE_event */
    struct pv_callback failsafe_callback; /* CALLBACKTYPE_failsafe */
    struct pv_callback syscall_callback;  /* CALLBACKTYPE_syscall */
    struct pv_callback syscall32_callback;/* CALLBACKTYPE_syscall32 */
    struct pv_callback sysenter_callback; /* CALLBACKTYPE_sysenter */
    struct pv_callback nmi_callback;      /* CALLBACKTYPE_nmi */

    /* stack_switch: kernel stack for entries from guest user mode. */
    unsigned long kernel_ss, kernel_sp;

    /* Guest kernel (1) or guest user (0) mode; both run at CPL 3. */
    bool kernel_mode;

    /* Page-table roots: kernel L4 (CR3) and user L4 (0 = none). */
    mfn_t guest_table;
    mfn_t guest_table_user;
    /*
     * A page table whose last type reference this vCPU dropped in a
     * preemptible put (unpin, old base pointer) that was preempted: it is
     * PGT_partial, and we hold one general reference until
     * pv_finish_pending_put() completes it (docs/memory-model.md).
     */
    struct page_info *pending_put;

    /*
     * Virtual control registers: ctrlreg[0] holds the guest's TS (other
     * bits read from hardware), [2] the last #PF address delivered,
     * [4] the guest-chosen CR4 bits (TSD|DE|FSGSBASE|OSXSAVE subset).
     */
    unsigned long ctrlreg[8];
    /* Virtual debug registers DR0-DR7 (DR4/5 alias 6/7 without CR4.DE). */
    unsigned long debugreg[8];

    /* Segment state while descheduled / in the other mode. */
    unsigned long fs_base;
    unsigned long gs_base_kernel;   /* GS base in guest kernel mode */
    unsigned long gs_base_user;     /* GS base in guest user mode */
    uint16_t ds, es, fs, gs;

    /* set_gdt: guest frames 0..13 of the GDT, and how many entries. */
    unsigned long gdt_frames[PV_GDT_GUEST_FRAMES];
    unsigned int gdt_ents;
    /* MMUEXT_SET_LDT; the pages mapped so far (pv/ldt.c) and their frames. */
    unsigned long ldt_base;
    unsigned int ldt_ents;
    unsigned int ldt_mapped;        /* bit i: ldt_frames[i] is held */
    unsigned long ldt_frames[PV_LDT_PAGES];

    /* Virtual IOPL as EFLAGS bits (0, 1<<12, ...; PHYSDEVOP_set_iopl). */
    unsigned int iopl;
    /* PHYSDEVOP_set_iobitmap: guest VA of an I/O bitmap, number of ports. */
    unsigned long iobmp;
    unsigned int iobmp_limit;

    /* VGCF_* flags the vCPU was initialised with. */
    unsigned long vgc_flags;

    /* What to deliver on the next exit to the guest. */
    struct trap_bounce trap_bounce;

    /* NMI/MCE delivery in progress (cleared by iret). */
    bool nmi_masked;

    /* The guest's FPU/SSE state (fxsave image). */
    uint8_t fpu_ctxt[512] __attribute__((aligned(16)));
    bool fpu_initialised;
};

struct pv_domain {
    /* VMASST_* bits enabled with vm_assist. */
    unsigned long vm_assist;
    /* The domain's physical-address width, for MFN lists (always 64). */
    unsigned int physaddr_bitsize;
};

struct arch_vcpu {
    /* Guest registers while the vCPU is not on a pCPU. */
    struct cpu_user_regs user_regs;
    struct pv_vcpu pv;
};

struct arch_domain {
    struct pv_domain pv;
    /*
     * Hypervisor frames (PGC_xen_heap: shared_info, grant table frames)
     * owned and not yet freed; tot_pages counts the others. Both under
     * d->page_alloc_lock.
     */
    unsigned long xenheap_pages;
    /* Every frame it owns, both kinds (under d->page_alloc_lock). */
    struct page_list frames;
    /*
     * Teardown (pv/teardown.c), resumed across continuations: the phase
     * reached and how many frames of the list the current phase has still
     * to look at (rel_walking: that count is set). REL_done ("dead") is
     * set under d->page_alloc_lock.
     */
    unsigned int rel_phase;
    bool rel_walking;
    unsigned long rel_left;
    /*
     * Hardware access (arch/x86/ioport.c): the I/O ports, I/O memory frames
     * and GSIs the domain may use (domctl *_permission), the PCI address
     * it latched at port 0xcf8, and its physical IRQs (arch/x86/irq.c,
     * NULL until the first PHYSDEVOP_map_pirq).
     */
    struct rangeset ioport_caps, iomem_caps, irq_caps;
    uint32_t pci_cf8;
    struct pirq_table *pirqs;
    /*
     * Log-dirty mode (pv/logdirty.c): the round's bitmap, NULL when off;
     * set, read and freed under logdirty_lock.
     */
    struct logdirty *logdirty;
    spinlock_t logdirty_lock;
};

struct domain;

/*
 * Release what a dying domain holds (its L1 tables' entries, vCPU page
 * tables and descriptor tables, then every frame's allocation and pin) in
 * preemptible steps: -ERESTART to be called again, 0 when done ("dead").
 * Frames others still reference stay the domain's until their last
 * reference goes; *gone says whether none is left (the caller frees d),
 * else the frame allocator reports the last one (domain_reap_later).
 */
int pv_relinquish_resources(struct domain *d, bool *gone);
/* The arch hook common/domain.c calls: a PV domain's teardown. */
static inline int arch_domain_relinquish_resources(struct domain *d,
                                                   bool *gone)
{
    return pv_relinquish_resources(d, gone);
}
/*
 * With d->page_alloc_lock held: d's teardown is done and it owns no frame
 * any more, so its struct can go.
 */
bool arch_domain_frames_gone(const struct domain *d);
/*
 * The leak check when d is freed: it must own no frame any more; each
 * frame still on its list is reported. Prints "frame audit: d<id>: <K>
 * problem(s)"; costs what d still owns, not what the host has.
 */
void arch_domain_audit_dead(struct domain *d);

/*
 * x86 defaults of a new domain / vCPU (common domain_create, vcpu_create):
 * no page tables yet, guest kernel mode, debug registers at reset values.
 */
void arch_domain_init(struct domain *d);
void arch_vcpu_init(struct vcpu *v);

/* Has d enabled VMASST type t (VMASST_TYPE_*, public/xen.h)? */
#define arch_vm_assist(d, t) (!!((d)->arch.pv.vm_assist & (1UL << (t))))

/*
 * Check c (normalising it in place) and load it into v: common's
 * vcpu_set_context_from_guest (VCPUOP_initialise,
 * XEN_DOMCTL_setvcpucontext). An initialised v (paused) keeps its page
 * tables, GDT and LDT: c must name the same ones (-EOPNOTSUPP, as Xen).
 * pv/vcpu_context.c; 0, -EINVAL, -EOPNOTSUPP, or the page-type error of a
 * table it references.
 */
int arch_set_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c);

/*
 * XENVER_get_features: submap submap_idx of the XENFEAT_* bits d sees
 * (pv/misc-hypercalls.c: the PV MMU's features, vm_assist, dom0).
 */
uint32_t arch_xen_features(const struct domain *d, unsigned int submap_idx);

/* Guest-kernel/guest-user mode of a vCPU. */
#define guest_kernel_mode(v) ((v)->arch.pv.kernel_mode)

#endif /* ASM_DOMAIN_H */
