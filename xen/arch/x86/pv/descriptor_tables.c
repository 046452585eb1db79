/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest GDTs: set_gdt and update_descriptor with descriptor validation
 * (pv-abi-ladder 1.9), and loading a vCPU's GDT into this CPU's window:
 * guest frames as pages 0-13, the CPU's reserved page (Xen's selectors
 * 0xe008...) as page 14. Frames in a guest GDT have type seg_desc, so the
 * guest can never map them writable while they are in use.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <asm/pv/traps.h>

#define GDT_ENTRIES_PER_PAGE (PAGE_SIZE / 8)
#define DESC_PRESENT    (1UL << 47)
#define DESC_S          (1UL << 44)     /* code/data (not a system descriptor) */
#define DESC_DPL_SHIFT  45
#define DESC_DPL_MASK   (3UL << DESC_DPL_SHIFT)
#define DESC_ACCESSED   (1UL << 40)

static mfn_t zero_frame = { INVALID_MFN_RAW };

/*
 * One 8-byte descriptor as the guest may install it: not present -> as is;
 * code/data -> DPL forced to 3 (the guest kernel runs in ring 3) and the
 * accessed bit set; system descriptors (gates, TSS, LDT) -> refused.
 */
static bool check_descriptor(uint64_t *d)
{
    uint64_t v = *d;

    if ( !(v & DESC_PRESENT) )
        return true;
    if ( !(v & DESC_S) )
        return false;
    *d = v | DESC_DPL_MASK | DESC_ACCESSED;
    return true;
}

int pv_check_descriptor_page(const void *va)
{
    uint64_t *d = (uint64_t *)va;

    for ( unsigned int i = 0; i < GDT_ENTRIES_PER_PAGE; i++ )
        if ( !check_descriptor(&d[i]) )
            return -EINVAL;
    return 0;
}

/* Map v's GDT into this CPU's window and load it (v is being run here). */
void pv_load_gdt(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id(), i;
    unsigned long base = percpu_gdt_va(cpu);
    unsigned int nr = DIV_ROUND_UP(v->arch.pv.gdt_ents, GDT_ENTRIES_PER_PAGE);
    struct { uint16_t limit; uint64_t base; } __packed gdtr;

    if ( mfn_eq(zero_frame, INVALID_MFN) )
        zero_frame = alloc_xen_frame();
    for ( i = 0; i < PV_GDT_GUEST_FRAMES; i++ )
        percpu_window_map(base + i * PAGE_SIZE,
                          i < nr ? _mfn(v->arch.pv.gdt_frames[i]) : zero_frame,
                          i < nr);
    percpu_window_map(base + 14 * PAGE_SIZE,
                      virt_to_mfn(percpu_reserved_gdt(cpu)), true);
    percpu_window_map(base + 15 * PAGE_SIZE, zero_frame, false);

    gdtr.limit = 16 * PAGE_SIZE - 1;
    gdtr.base = base;
    asm volatile ( "lgdt %0" :: "m" (gdtr) );
}

static void put_gdt_frames(struct vcpu *v)
{
    unsigned int nr = DIV_ROUND_UP(v->arch.pv.gdt_ents, GDT_ENTRIES_PER_PAGE);

    for ( unsigned int i = 0; i < nr; i++ )
        put_page_and_type(mfn_to_page(_mfn(v->arch.pv.gdt_frames[i])));
    v->arch.pv.gdt_ents = 0;
}

void pv_destroy_gdt(struct vcpu *v)
{
    put_gdt_frames(v);
}

long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
    struct domain *d = v->domain;
    unsigned int nr = DIV_ROUND_UP(entries, GDT_ENTRIES_PER_PAGE), i;

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;

    for ( i = 0; i < nr; i++ )
    {
        mfn_t mfn = _mfn(frames[i]);

        if ( !mfn_valid(mfn) ||
             get_page_and_type(mfn_to_page(mfn), d, PGT_seg_desc_page) )
            goto fail;
    }

    put_gdt_frames(v);
    for ( i = 0; i < nr; i++ )
        v->arch.pv.gdt_frames[i] = frames[i];
    v->arch.pv.gdt_ents = entries;
    if ( v == current )
        pv_load_gdt(v);
    return 0;

 fail:
    while ( i-- )
        put_page_and_type(mfn_to_page(_mfn(frames[i])));
    return -EINVAL;
}

long do_set_gdt(unsigned long frame_list, unsigned int entries)
{
    unsigned long frames[PV_GDT_GUEST_FRAMES];
    unsigned int nr = DIV_ROUND_UP(entries, GDT_ENTRIES_PER_PAGE);

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    if ( copy_from_guest_va(frames, frame_list, nr * sizeof(frames[0])) )
        return -EFAULT;
    return pv_set_gdt(current, frames, entries);
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct domain *d = current->domain;
    mfn_t mfn = _mfn(maddr >> PAGE_SHIFT);
    struct page_info *pg;
    uint64_t *slot;
    long rc = -EINVAL;

    if ( (maddr & 7) || !mfn_valid(mfn) || !check_descriptor(&desc) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( !get_page(pg, d) )
        return -EINVAL;

    /* A descriptor page in use takes the write directly; else a data page. */
    if ( get_page_type_existing(pg, PGT_seg_desc_page) )
    {
        slot = (uint64_t *)mfn_to_virt(mfn) + ((maddr & ~PAGE_MASK) >> 3);
        __atomic_store_n(slot, desc, __ATOMIC_RELEASE);
        put_page_type(pg);
        rc = 0;
    }
    else if ( !get_page_type(pg, PGT_writable_page) )
    {
        slot = (uint64_t *)mfn_to_virt(mfn) + ((maddr & ~PAGE_MASK) >> 3);
        __atomic_store_n(slot, desc, __ATOMIC_RELEASE);
        put_page_type(pg);
        rc = 0;
    }
    put_page(pg);
    return rc;
}
