/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest LDTs (MMUEXT_SET_LDT, pv-abi-ladder 2.2.3 and 3.7), mapped lazily
 * as Xen does: SET_LDT only records the linear base and the entry count
 * and loads an LDT descriptor (0xe050 in the CPU's reserved GDT page) whose
 * base is this CPU's 16-page LDT window (percpu_ldt_va) with nothing mapped.
 * The first descriptor load through an LDT selector faults on the window;
 * the #PF handler then looks the guest page up in the guest's kernel page
 * tables, takes it as a seg_desc page (validated like a GDT page: code and
 * data descriptors only) and maps it. A page that cannot be taken (not
 * mapped, not the guest's, mapped writable, bad descriptors) is a #PF for
 * the guest at the LDT's linear address, as on Xen.
 *
 * The references are the vCPU's until SET_LDT changes the LDT, the kernel
 * page tables change (NEW_BASEPTR: the pages are looked up again), or the
 * vCPU is destroyed. Known limit: Xen also drops them when the guest
 * unmaps an LDT page; here that waits for one of the events above.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv/mm.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/traps.h>

#define LDT_ENTS_PER_PAGE (PAGE_SIZE / 8)
#define LDT_DESC_TYPE     0x2UL         /* system descriptor type: LDT */
#define DESC_PRESENT      (1UL << 47)

/* The 16-byte LDT descriptor for this CPU's window, ents entries long. */
static void write_ldt_desc(unsigned int cpu, unsigned int ents)
{
    uint64_t *gdt = percpu_reserved_gdt(cpu) + ((LDT_SELECTOR & 0xfff) >> 3);
    unsigned long base = percpu_ldt_va(cpu), limit = ents * 8UL - 1;

    gdt[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
             (LDT_DESC_TYPE << 40) | DESC_PRESENT |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[1] = base >> 32;
}

/* Map v's faulted-in LDT pages into this CPU's window and load the LDT. */
void pv_load_ldt(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id(), i;
    unsigned long va = percpu_ldt_va(cpu);
    struct pv_vcpu *pv = &v->arch.pv;

    for ( i = 0; i < PV_LDT_PAGES; i++ )
        if ( pv->ldt_mapped & (1U << i) )
            percpu_window_map(va + i * PAGE_SIZE, _mfn(pv->ldt_frames[i]),
                              true);
        else
            percpu_window_unmap(va + i * PAGE_SIZE);

    if ( !pv->ldt_ents )
    {
        asm volatile ( "lldt %w0" :: "r" (0) );
        return;
    }
    write_ldt_desc(cpu, pv->ldt_ents);
    asm volatile ( "lldt %w0" :: "r" (LDT_SELECTOR) );
}

/* Drop every page v has mapped (the LDT itself stays recorded). */
void pv_unmap_ldt(struct vcpu *v)
{
    struct pv_vcpu *pv = &v->arch.pv;
    unsigned int i;

    if ( !pv->ldt_mapped )
        return;
    for ( i = 0; i < PV_LDT_PAGES; i++ )
    {
        if ( !(pv->ldt_mapped & (1U << i)) )
            continue;
        if ( v == current )
            percpu_window_unmap(percpu_ldt_va(smp_processor_id()) +
                                i * PAGE_SIZE);
        pv->ldt_mapped &= ~(1U << i);
        put_page_and_type(mfn_to_page(_mfn(pv->ldt_frames[i])));
    }
}

/* vCPU destruction, and SET_LDT to another table. */
void pv_destroy_ldt(struct vcpu *v)
{
    pv_unmap_ldt(v);
    v->arch.pv.ldt_base = 0;
    v->arch.pv.ldt_ents = 0;
    if ( v == current )
        pv_load_ldt(v);
}

int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
    if ( !ents )
        base = 0;
    if ( (base & (PAGE_SIZE - 1)) || !pv_guest_va_ok(base) ||
         ents > PV_LDT_MAX_ENTS )
        return -EINVAL;
    if ( v->arch.pv.ldt_base == base && v->arch.pv.ldt_ents == ents )
        return 0;
    pv_unmap_ldt(v);
    v->arch.pv.ldt_base = base;
    v->arch.pv.ldt_ents = ents;
    if ( v == current )
        pv_load_ldt(v);
    return 0;
}

/* Take the frame behind LDT page i of v as a descriptor page; 0 or -errno. */
static int map_ldt_page(struct vcpu *v, unsigned int i)
{
    unsigned long linear = v->arch.pv.ldt_base + i * PAGE_SIZE;
    struct page_info *pg;
    unsigned int idx;
    intpte_t *t, e;
    mfn_t l1;
    int rc;

    if ( i * LDT_ENTS_PER_PAGE >= v->arch.pv.ldt_ents ||
         !pv_guest_va_ok(linear) )
        return -EINVAL;
    rc = pt_walk_to_l1(v->arch.pv.guest_table, linear, &l1, &idx);
    if ( rc )
        return rc;
    t = mm_ops->map_frame(l1);
    e = __atomic_load_n(&t[idx], __ATOMIC_ACQUIRE);
    mm_ops->unmap_frame(t);
    if ( !pte_present(e) || !mfn_valid(pte_mfn(e)) )
        return -EINVAL;
    pg = mfn_to_page(pte_mfn(e));
    rc = get_page_and_type(pg, v->domain, PGT_seg_desc_page);
    if ( rc )
        return rc;
    v->arch.pv.ldt_frames[i] = mfn_x(pte_mfn(e));
    v->arch.pv.ldt_mapped |= 1U << i;
    percpu_window_map(percpu_ldt_va(smp_processor_id()) + i * PAGE_SIZE,
                      pte_mfn(e), true);
    return 0;
}

/*
 * A #PF from guest mode: if it hit this CPU's LDT window, map the page
 * and retry, or give the guest the fault at the LDT's own address.
 */
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
    struct vcpu *v = current;
    unsigned long off = cr2 - percpu_ldt_va(smp_processor_id());
    unsigned int i = off >> PAGE_SHIFT;

    if ( off >= PV_LDT_PAGES * PAGE_SIZE )
        return false;
    /* Mapped already: not a missing page, so never a retry loop. */
    if ( !(v->arch.pv.ldt_mapped & (1U << i)) && !map_ldt_page(v, i) )
        return true;
    if ( !is_canonical_address(v->arch.pv.ldt_base + off) )
        pv_inject_hw_exception(13, (off & ~7UL) | 4);
    else
        pv_inject_page_fault(regs->error_code, v->arch.pv.ldt_base + off);
    return true;
}
