/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Argument decoding shared by the PV memory-management hypercalls
 * (pv/mm.c, pv/mmuext.c, common/memory.c): pure helpers, so the rules the
 * guest ABI fixes (pv-abi-ladder 2.2, 2.3) are unit-tested on the host.
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <xen/types.h>
#include <public/xen.h>

/*
 * mmu_update/mmuext_op continuation marker in `count`: the remaining
 * requests are (count & ~MMU_UPDATE_PREEMPTED) and *pdone already holds
 * what earlier rounds did.
 */
#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

/*
 * foreigndom: bits 0-15 name the owner of the frames being mapped
 * (DOMID_SELF, DOMID_IO or a domain id); bits 16-31 are the owner of the
 * page tables plus one (0: the caller).
 */
struct mmu_foreign {
    domid_t pg_dom;         /* page owner as named */
    bool pt_foreign;        /* page tables named explicitly ... */
    domid_t pt_dom;         /* ... and their owner */
};

static inline struct mmu_foreign mmu_split_foreigndom(unsigned int foreigndom)
{
    struct mmu_foreign f = {
        .pg_dom = foreigndom & 0xffff,
        .pt_foreign = (foreigndom >> 16) != 0,
        .pt_dom = (domid_t)((foreigndom >> 16) - 1),
    };

    return f;
}

/* mmu_update: the command is in the low 3 bits of ptr (4..7: -ENOSYS). */
static inline unsigned int mmu_req_cmd(uint64_t ptr)
{
    return ptr & 7;
}

/* Entry addressed by an MMU_NORMAL_PT_UPDATE-style ptr. */
static inline mfn_t mmu_req_table(uint64_t ptr)
{
    return _mfn((ptr & ~7UL) >> PAGE_SHIFT);
}

static inline unsigned int mmu_req_index(uint64_t ptr)
{
    return (ptr & (PAGE_SIZE - 1)) >> 3;
}

/*
 * update_va_mapping flags: the flush type in bits 0-1 (UVMF_NONE,
 * UVMF_TLB_FLUSH, UVMF_INVLPG; 3 flushes nothing), and in the other bits
 * UVMF_LOCAL (0), UVMF_ALL (4) or a guest pointer to a bitmap of vCPU ids.
 */
enum uvmf_scope { UVMF_SCOPE_LOCAL, UVMF_SCOPE_ALL, UVMF_SCOPE_MASK };

struct uvmf {
    unsigned int type;      /* UVMF_NONE / UVMF_TLB_FLUSH / UVMF_INVLPG / 3 */
    enum uvmf_scope scope;
    unsigned long mask_va;  /* UVMF_SCOPE_MASK: the bitmap's address */
};

static inline struct uvmf uvmf_decode(unsigned long flags)
{
    unsigned long rest = flags & ~UVMF_FLUSHTYPE_MASK;
    struct uvmf f = { .type = flags & UVMF_FLUSHTYPE_MASK };

    if ( rest == UVMF_LOCAL )
        f.scope = UVMF_SCOPE_LOCAL;
    else if ( rest == UVMF_ALL )
        f.scope = UVMF_SCOPE_ALL;
    else
    {
        f.scope = UVMF_SCOPE_MASK;
        f.mask_va = rest;
    }
    return f;
}

/*
 * Addresses a guest may name for INVLPG or an LDT base: canonical and
 * outside the hypervisor's L4 slots 256-271. invlpg on a non-canonical
 * address raises #GP in the hypervisor (XSA-279), so such requests are
 * skipped, never executed.
 */
static inline bool pv_guest_va_ok(unsigned long va)
{
    return va < 0x0000800000000000UL || va >= 0xffff880000000000UL;
}

#ifndef XEN_HOST_TEST
struct domain;
struct vcpu;

/*
 * The page owner named by a 16-bit foreign domain id (mmu_update,
 * mmuext_op, update_va_mapping_otherdomain): the caller for DOMID_SELF, the
 * DOMID_IO pseudo-domain (I/O memory), or another existing domain. NULL
 * (-ESRCH for the caller) for an unknown id, DOMID_XEN, or the caller's own
 * id spelt out (Xen refuses that too).
 */
struct domain *pv_get_pg_owner(domid_t domid);

/* May d operate on t's memory (t itself, or d is the control domain)? */
bool pv_may_target(const struct domain *d, const struct domain *t);

/*
 * Flush the TLBs of d's vCPUs named by the guest bitmap at mask_va (vCPU
 * ids, 64-bit words): the whole TLB, or only va if va_only. 0 or -EFAULT.
 */
int pv_flush_vcpumask(struct domain *d, unsigned long mask_va,
                      bool va_only, unsigned long va);
/* The same for every vCPU of d. */
void pv_flush_all_vcpus(struct domain *d, bool va_only, unsigned long va);
#endif

#endif /* ASM_PV_MM_H */
